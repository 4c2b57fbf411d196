// tlsconform merge: the reports of a run's shards joined into the reports of the whole run.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "tlsconform/reports/merge.h"
#include "tlsconform/reports/report_reader.h"
#include "tlsconform/reports/writers.h"
#include "tlsconform/runner/plan.h"

namespace tlsconform::cli {

int CommandMerge(const MergeOptions& options) {
  // 1. Read every shard's report.
  std::vector<reports::ShardReport> shards;
  for (const std::filesystem::path& input : options.inputs) {
    Result<reports::RunRecord> run = reports::ReadReportJson(input);
    if (!run.ok()) {
      return ReportFailure(run.status());
    }
    shards.push_back({input.string(), std::move(run).value()});
  }

  // 2. Check they are the shards of one plan, and join them.
  Result<reports::RunRecord> merged = reports::MergeShards(shards);
  if (!merged.ok()) {
    return ReportFailure(merged.status());
  }

  // 3. The joined case ids must be the plan the shards were cut from.
  std::vector<std::string> ids;
  for (const reports::CaseRecord& record : merged->cases) {
    ids.push_back(record.id);
  }
  Result<std::string> digest = runner::DigestCaseIds(ids);
  if (!digest.ok()) {
    return ReportFailure(digest.status());
  }
  const reports::ShardInfo& plan = *shards.front().run.info.shard;
  if (*digest != plan.plan_digest) {
    return ReportFailure(InvalidInput(
        "the shards' case ids do not give their plan_digest " + plan.plan_digest + " (of " +
        shards.front().name + "): a shard report was edited, or the plan changed between shards"));
  }

  // 4. The whole run's exit code and reports.
  merged->info.exit_code = RunExitCode(*merged);
  std::error_code error;
  std::filesystem::create_directories(options.out, error);
  if (error) {
    return ReportFailure(
        IoError(options.out.string() + ": cannot create output folder: " + error.message()));
  }
  if (Status written = reports::WriteReports(*merged, options.out); !written.ok()) {
    return ReportFailure(written);
  }

  std::cout << reports::RenderSummaryTable(*merged);
  std::cout << fmt::format("merged {} shards ({} cases) into {}\n", shards.size(),
                           merged->cases.size(), (options.out / "report.json").string());
  return merged->info.exit_code;
}

}  // namespace tlsconform::cli

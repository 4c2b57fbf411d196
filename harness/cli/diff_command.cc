// tlsconform diff: what changed between two runs, case by case; and tlsconform findings.
#include <iostream>

#include "commands.h"
#include "tlsconform/reports/diff.h"
#include "tlsconform/reports/report_reader.h"
#include "tlsconform/reports/writers.h"

namespace tlsconform::cli {

int CommandDiff(const DiffOptions& options) {
  Result<reports::RunRecord> old_run = reports::ReadReportJson(options.old_report);
  if (!old_run.ok()) {
    return ReportFailure(old_run.status());
  }
  Result<reports::RunRecord> new_run = reports::ReadReportJson(options.new_report);
  if (!new_run.ok()) {
    return ReportFailure(new_run.status());
  }

  const reports::ReportDiff diff = reports::DiffReports(*old_run, options.old_report.string(),
                                                        *new_run, options.new_report.string());
  const std::string text =
      options.format == "html" ? reports::RenderDiffHtml(diff) : reports::RenderDiffMarkdown(diff);
  if (options.output) {
    if (Status written = reports::WriteFileAtomically(*options.output, text); !written.ok()) {
      return ReportFailure(written);
    }
  } else {
    std::cout << text;
  }
  return diff.CasesDiffer() ? kExitFailures : kExitClean;
}

// tlsconform findings: the comparison of the libraries, from one complete run.
int CommandFindings(const FindingsOptions& options) {
  Result<reports::RunRecord> run = reports::ReadReportJson(options.report);
  if (!run.ok()) {
    return ReportFailure(run.status());
  }
  if (!run->info.complete || run->info.shard) {
    return ReportFailure(InvalidInput(options.report.string() +
                                      ": findings need a complete, unsharded run (merge the "
                                      "shards first)"));
  }
  const std::string text = reports::RenderFindingsMarkdown(*run);
  if (options.output) {
    if (Status written = reports::WriteFileAtomically(*options.output, text); !written.ok()) {
      return ReportFailure(written);
    }
  } else {
    std::cout << text;
  }
  return kExitClean;
}

}  // namespace tlsconform::cli

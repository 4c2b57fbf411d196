// report.json: the machine-readable record of a run. Its schema is documented in
// reports/SCHEMA.md and versioned by kReportSchemaVersion.
#include <nlohmann/json.hpp>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

nlohmann::json OptionalString(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json CaseJson(const CaseRecord& record) {
  nlohmann::json out = {
      {"id", record.id},
      {"position", record.position},
      {"role", record.role},
      {"backend", record.backend},
      {"peer", record.peer},
      {"server_config", record.server_config},
      {"version", record.version},
      {"fixture", record.fixture_id},
      {"family", record.family},
      {"description", record.description},
      {"requirement", record.requirement},
      {"expected",
       {{"verdict", record.expected}, {"reason", OptionalString(record.expected_reason)}}},
      {"observed", record.observed},
      {"reason", OptionalString(record.reason)},
      {"reason_differs", record.reason_differs},
      {"verdict", VerdictName(record.verdict)},
      {"detail", record.detail},
      {"server", record.server},
      {"client", record.client},
      {"wire", record.wire},
      {"duration_ms", record.duration_ms},
  };
  if (record.baseline_reason) {
    out["baseline"] = {{"reason", *record.baseline_reason},
                       {"link", OptionalString(record.baseline_link)}};
  } else {
    out["baseline"] = nullptr;
  }
  return out;
}

nlohmann::json StaleJson(const std::vector<StaleBaselineEntry>& entries) {
  nlohmann::json out = nlohmann::json::array();
  for (const StaleBaselineEntry& entry : entries) {
    out.push_back({{"backend", entry.backend},
                   {"case", entry.case_glob},
                   {"observed", entry.observed},
                   {"reason", entry.reason},
                   {"cases", entry.cases}});
  }
  return out;
}

nlohmann::json ShardJson(const std::optional<ShardInfo>& shard) {
  if (!shard) {
    return nullptr;
  }
  return {{"index", shard->index},
          {"total", shard->total},
          {"plan_size", shard->plan_size},
          {"plan_digest", shard->plan_digest}};
}

}  // namespace

std::string RenderReportJson(const RunRecord& run) {
  const RunInfo& info = run.info;
  nlohmann::json backends = nlohmann::json::array();
  for (const BackendInfo& backend : info.backends) {
    backends.push_back({{"name", backend.name},
                        {"library", backend.library},
                        {"capabilities", backend.capabilities}});
  }

  nlohmann::json totals = nlohmann::json::object();
  Tally all;
  for (const CaseRecord& record : run.cases) {
    all.Add(record);
  }
  for (Verdict verdict : kAllVerdicts) {
    totals[VerdictName(verdict)] = all.Count(verdict);
  }
  totals["reason_differs"] = all.reason_differs;
  totals["total"] = all.total;

  nlohmann::json cases = nlohmann::json::array();
  for (const CaseRecord& record : run.cases) {
    cases.push_back(CaseJson(record));
  }

  nlohmann::json report = {
      {"schema", "tlsconform-report"},
      {"schema_version", kReportSchemaVersion},
      {"tool_version", info.tool_version},
      {"complete", info.complete},
      {"status", info.status},
      {"exit_code", info.exit_code},
      {"started", info.started},
      {"finished", info.finished},
      {"profile", info.profile},
      {"policy", info.policy},
      {"suite", info.suite},
      {"server_configurations", info.server_configurations},
      {"seed", info.seed},
      {"filters", info.filters},
      {"strict_reasons", info.strict_reasons},
      {"gate", info.gate},
      {"tier", info.tier},
      {"stale_baseline", StaleJson(info.stale_baseline)},
      {"reference_backend", info.reference_backend},
      {"backends", backends},
      {"shard", ShardJson(info.shard)},
      {"totals", totals},
      {"cases", cases},
  };
  return report.dump(2) + "\n";
}

}  // namespace tlsconform::reports

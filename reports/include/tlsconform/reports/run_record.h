// The results of one run, as every report writer sees them.
//
// This is the data model between harness/ (which fills it) and reports/ (which writes it):
// one CaseRecord per case, plus RunInfo for what the run was. Writers know nothing about how
// the records were produced.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tlsconform::reports {

// Verdict of one case, as ARCHITECTURE.md defines them.
enum class Verdict { kPass, kFail, kKnown, kInfo, kSkip, kCrash, kTimeout, kError };

// VerdictName returns the report spelling: "PASS", "FAIL", ...
const char* VerdictName(Verdict verdict);

// All verdicts in report order.
inline constexpr Verdict kAllVerdicts[] = {Verdict::kPass,    Verdict::kFail, Verdict::kKnown,
                                           Verdict::kInfo,    Verdict::kSkip, Verdict::kCrash,
                                           Verdict::kTimeout, Verdict::kError};

struct CaseRecord {
  std::string id;            // as harness/runner's CaseId builds it (README, "Cases")
  std::size_t position = 0;  // index in the full plan (a shard runs every Nth case)
  std::string role;          // "server", "client" or "interop"
  std::string backend;       // the backend under test; interop: the client's
  std::string peer;          // the other side: the reference, or (interop) the server's backend
  std::string server_config = "defaults";  // the server side's server configuration
  std::string version;
  std::string fixture_id;
  std::string family;
  std::string description;
  std::string requirement;

  std::string expected;  // ACCEPT, REJECT or INFO (the fixture's expectation)
  std::optional<std::string> expected_reason;
  std::string observed;               // ACCEPT, REJECT, or NONE when no outcome was seen
  std::optional<std::string> reason;  // normalized reason of the side under test
  bool reason_differs = false;

  Verdict verdict = Verdict::kError;
  std::string detail;                          // one line for people: why this verdict
  std::optional<std::string> baseline_reason;  // KNOWN: the baseline entry's reason
  std::optional<std::string> baseline_link;

  nlohmann::json server = nullptr;  // the server shim's view: {"backend": ..., "result": ...}
  nlohmann::json client = nullptr;  // the client shim's view
  nlohmann::json wire = nlohmann::json::array();  // records seen by the relay
  double duration_ms = 0;
};

struct BackendInfo {
  std::string name;
  std::string library;  // the library's own version text
  nlohmann::json capabilities;
};

// A baseline entry that no longer holds: its glob matched cases of this run, and none of
// them deviated the way the entry says. A stale entry would hide a regression.
struct StaleBaselineEntry {
  std::string backend;
  std::string case_glob;
  std::string observed;
  std::string reason;
  std::vector<std::string> cases;  // the cases of this run it matched
};

// The shard a run was: one of `total` slices of a plan of `plan_size` cases (--shard I/N).
struct ShardInfo {
  int index = 1;  // 1-based
  int total = 1;
  std::size_t plan_size = 0;
  std::string plan_digest;  // SHA-256 hex of the full plan's case ids joined by "\n"
};

struct RunInfo {
  std::string tool_version;
  std::string started;   // RFC 3339 UTC
  std::string finished;  // RFC 3339 UTC
  std::string profile;
  std::string policy;
  std::string suite;
  std::vector<std::string> server_configurations;  // those the server role ran in
  std::string seed;
  std::vector<std::string> filters;
  bool strict_reasons = false;
  bool gate = false;  // --gate: stale baseline entries fail the run too
  std::string tier;   // "smoke" or "full"
  std::vector<StaleBaselineEntry> stale_baseline;
  std::vector<BackendInfo> backends;
  std::string reference_backend;
  std::optional<ShardInfo> shard;  // unset for a whole plan (unsharded or merged)
  bool complete = true;            // false for an interrupted or failed run
  std::string status;              // "complete", "interrupted", "failed"
  int exit_code = 0;
};

struct RunRecord {
  RunInfo info;
  std::vector<CaseRecord> cases;
};

}  // namespace tlsconform::reports

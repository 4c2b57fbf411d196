// The tlsconform commands, behind the CLI parsing in main.cc.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "progress.h"
#include "tlsconform/reports/run_record.h"
#include "tlsconform/runner/fixture_set.h"
#include "tlsconform/status.h"

namespace tlsconform::cli {

// Exit codes of every command (ARCHITECTURE.md).
enum ExitCode : int {
  kExitClean = 0,
  kExitFailures = 1,  // an unbaselined FAIL, CRASH or TIMEOUT
  kExitInput = 2,     // usage or input error
  kExitHarness = 3,   // a harness ERROR
  kExitInterrupted = 130,
};

// Set by the SIGINT/SIGTERM handler; every long-running step checks it.
extern std::atomic<bool> g_interrupted;

struct Paths {
  std::filesystem::path catalogue;
  std::filesystem::path suite;
  std::filesystem::path policies;
  std::filesystem::path profiles;
  std::filesystem::path baselines;
  std::filesystem::path shim_dir;
};

struct FixturesOptions {
  std::filesystem::path out;
  std::string seed;
};

struct RunOptions {
  std::vector<std::string> backends;  // empty: every built backend
  std::vector<std::string> filters;
  std::vector<std::string> server_configs;  // empty: the suite's
  bool no_interop = false;                  // leave out the interop role
  int jobs = 2;
  std::filesystem::path out;
  std::optional<std::filesystem::path> fixtures;  // an existing fixture set to use
  std::string seed;
  bool strict_reasons = false;
  bool gate = false;             // stale baseline entries fail the run too
  bool update_baseline = false;  // rewrite baselines/<backend>.toml from this run
  std::string tier = "full";     // "smoke" or "full"
  Verbosity verbosity = Verbosity::kNormal;
  bool list_only = false;            // print the planned case ids, run nothing
  std::optional<std::string> shard;  // --shard I/N; unset: GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS
};

struct MergeOptions {
  std::filesystem::path out;
  std::vector<std::filesystem::path> inputs;  // the shards' report.json files (or folders)
};

struct DiffOptions {
  std::filesystem::path old_report;
  std::filesystem::path new_report;
  std::string format = "md";                    // "md" or "html"
  std::optional<std::filesystem::path> output;  // unset: stdout
};

int CommandFixtures(const Paths& paths, const FixturesOptions& options);
int CommandRun(const Paths& paths, const RunOptions& options);
int CommandBackends(const Paths& paths);
int CommandProbe(const Paths& paths);           // probe_command.cc
int CommandMerge(const MergeOptions& options);  // merge_command.cc
int CommandDiff(const DiffOptions& options);    // diff_command.cc

struct FindingsOptions {
  std::filesystem::path report;
  std::optional<std::filesystem::path> output;  // unset: stdout
};
int CommandFindings(const FindingsOptions& options);  // diff_command.cc

// The steps the commands share (commands.cc).

// SelectBackends checks each requested name against the backends the project knows and the
// ones this build has; none requested selects every built backend.
Result<std::vector<std::string>> SelectBackends(const std::vector<std::string>& requested);

// GenerateAndLoad writes the catalogue's fixture set into `out` and loads it back.
Result<runner::FixtureSet> GenerateAndLoad(const std::filesystem::path& catalogue_dir,
                                           const std::filesystem::path& out,
                                           const std::string& seed, Verbosity verbosity);

// ReportFailure prints `status` as tlsconform's error line and returns its exit code: 2 for
// bad input (a file, entry or argument), 3 for a harness failure.
int ReportFailure(const Status& status);

// RunExitCode returns the exit code a finished run's records call for: 3 for a harness ERROR,
// 1 for an unbaselined FAIL, CRASH or TIMEOUT (or a stale entry under --gate), else 0.
int RunExitCode(const reports::RunRecord& run);

}  // namespace tlsconform::cli

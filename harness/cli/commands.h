// The tlsconform commands, behind the CLI parsing in main.cc.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "progress.h"

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
  int jobs = 2;
  std::filesystem::path out;
  std::optional<std::filesystem::path> fixtures;  // an existing fixture set to use
  std::string seed;
  bool strict_reasons = false;
  bool gate = false;             // stale baseline entries fail the run too
  bool update_baseline = false;  // rewrite baselines/<backend>.toml from this run
  std::string tier = "full";     // "smoke" or "full"
  Verbosity verbosity = Verbosity::kNormal;
  bool list_only = false;  // print the planned case ids, run nothing
};

int CommandFixtures(const Paths& paths, const FixturesOptions& options);
int CommandRun(const Paths& paths, const RunOptions& options);
int CommandBackends(const Paths& paths);

}  // namespace tlsconform::cli

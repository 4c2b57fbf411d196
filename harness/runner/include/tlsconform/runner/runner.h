// RunPlan: runs planned cases on worker threads, each with its own long-lived shims.
//
// A shim serves many cases; one that crashed, hung or broke the protocol is killed and a new
// one is started for the next case, so a hostile certificate costs one case, never the run.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tlsconform/reports/run_record.h"
#include "tlsconform/runner/baseline.h"
#include "tlsconform/runner/plan.h"
#include "tlsconform/runner/verdict.h"

namespace tlsconform::runner {

struct RunContext {
  const Suite* suite = nullptr;
  const SecurityPolicy* policy = nullptr;
  const Profile* profile = nullptr;  // its allow-lists go to `enforcing` servers
  const FixtureSet* fixtures = nullptr;
  std::map<std::string, Baseline> baselines;  // by backend name
  std::filesystem::path shim_dir;             // where tlsconform-shim-<name> live
};

struct RunOptions {
  int jobs = 1;
  JudgeOptions judge;
  // Called (from worker threads, serialized) after each case.
  std::function<void(const reports::CaseRecord&)> on_case;
};

// ShimPath returns the executable of a backend's shim.
std::filesystem::path ShimPath(const std::filesystem::path& shim_dir, const std::string& backend);

// DescribeBackend starts a backend's shim once and returns what its hello says.
Result<BackendDescription> DescribeBackend(const std::filesystem::path& shim_dir,
                                           const std::string& backend);

// RunPlan returns one record per planned case, in plan order. Cases not run because
// `interrupted` was set are left out.
std::vector<reports::CaseRecord> RunPlan(const std::vector<PlannedCase>& plan,
                                         const RunContext& context, const RunOptions& options,
                                         const std::atomic<bool>& interrupted);

}  // namespace tlsconform::runner

// The harness's cost per case: interop cases between every pair of built backends, run through
// the runner as `tlsconform run` does (long-lived shims, the runner's relay, the protocol), one
// case at a time. bench/run.sh sets it beside each backend's in-process floor
// (floor_bench.cc) and prints the ratio.
//
// TLSCONFORM_BENCH_FIXTURES names a generated fixture set; TLSCONFORM_BENCH_BACKENDS the
// backends, comma-separated. Each benchmark iteration runs kCasesPerIteration copies of one case
// in one plan, so the shims start once per iteration and their start-up is spread thin.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "tlsconform/runner/runner.h"

namespace tlsconform::bench {
namespace {

constexpr int kCasesPerIteration = 50;
const char* const kFixtures[] = {"key::rsa2048", "key::ec-p256"};
const char* const kVersions[] = {"tls1.2", "tls1.3"};

struct Setup {
  runner::Suite suite;
  runner::SecurityPolicy policy;
  runner::Profile profile;
  runner::FixtureSet fixtures;
  std::filesystem::path shim_dir;
};

std::filesystem::path SelfDir() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

void RunPair(benchmark::State& state, const Setup* setup, std::string client, std::string server,
             std::string version, const runner::Fixture* fixture) {
  std::vector<runner::PlannedCase> plan;
  for (int i = 0; i < kCasesPerIteration; ++i) {
    runner::PlannedCase planned{.role = "interop",
                                .backend = client,
                                .peer = server,
                                .version = version,
                                .fixture = fixture,
                                .position = static_cast<size_t>(i)};
    planned.id = runner::CaseId(planned, fixture->id);
    plan.push_back(std::move(planned));
  }
  runner::RunContext context;
  context.suite = &setup->suite;
  context.policy = &setup->policy;
  context.profile = &setup->profile;
  context.fixtures = &setup->fixtures;
  context.shim_dir = setup->shim_dir;
  runner::RunOptions options;
  options.jobs = 1;
  const std::atomic<bool> never(false);

  for (auto _ : state) {
    std::vector<reports::CaseRecord> records = runner::RunPlan(plan, context, options, never);
    for (const reports::CaseRecord& record : records) {
      if (record.observed != "ACCEPT") {
        state.SkipWithError((record.id + ": " + record.detail).c_str());
        return;
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * kCasesPerIteration);
}

int Main(int argc, char** argv) {
  const char* fixtures_dir = std::getenv("TLSCONFORM_BENCH_FIXTURES");
  const char* backends_text = std::getenv("TLSCONFORM_BENCH_BACKENDS");
  if (fixtures_dir == nullptr || backends_text == nullptr) {
    std::cerr << "harness_bench: set TLSCONFORM_BENCH_FIXTURES and TLSCONFORM_BENCH_BACKENDS "
                 "(bench/run.sh does)\n";
    return 2;
  }
  static Setup setup;
  const std::filesystem::path source = TLSCONFORM_SOURCE_DIR;
  Result<runner::Suite> suite = runner::LoadSuite(source / "suites" / "default.toml");
  Result<runner::Profile> profile = runner::LoadProfile(source / "suites" / "profiles", "aws-iot");
  Result<runner::FixtureSet> fixtures = runner::LoadFixtureSet(fixtures_dir);
  for (const Status& status : {suite.status(), profile.status(), fixtures.status()}) {
    if (!status.ok()) {
      std::cerr << "harness_bench: " << status.message() << "\n";
      return 2;
    }
  }
  Result<runner::SecurityPolicy> policy =
      runner::LoadPolicy(source / "suites" / "policies", suite->policy_name);
  if (!policy.ok()) {
    std::cerr << "harness_bench: " << policy.status().message() << "\n";
    return 2;
  }
  setup = {*suite, *policy, *profile, *fixtures, SelfDir()};

  std::vector<runner::BackendDescription> backends;
  std::stringstream stream(backends_text);
  for (std::string name; std::getline(stream, name, ',');) {
    Result<runner::BackendDescription> backend = runner::DescribeBackend(setup.shim_dir, name);
    if (!backend.ok()) {
      std::cerr << "harness_bench: " << backend.status().message() << "\n";
      return 2;
    }
    backends.push_back(*backend);
  }
  for (const char* id : kFixtures) {
    const runner::Fixture* fixture = nullptr;
    for (const runner::Fixture& candidate : setup.fixtures.fixtures) {
      fixture = candidate.id == id ? &candidate : fixture;
    }
    if (fixture == nullptr) {
      std::cerr << "harness_bench: no fixture " << id << " in " << fixtures_dir << "\n";
      return 2;
    }
    for (const char* version : kVersions) {
      for (const runner::BackendDescription& client : backends) {
        for (const runner::BackendDescription& server : backends) {
          if (!client.SupportsVersion(version) || !server.SupportsVersion(version)) {
            continue;
          }
          const std::string name =
              "harness/" + client.name + "/" + server.name + "/" + version + "/" + id;
          benchmark::RegisterBenchmark(name.c_str(), RunPair, &setup, client.name, server.name,
                                       std::string(version), fixture)
              ->Unit(benchmark::kMillisecond)
              ->MinTime(0.5)
              ->UseRealTime();
        }
      }
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace tlsconform::bench

int main(int argc, char** argv) { return tlsconform::bench::Main(argc, argv); }

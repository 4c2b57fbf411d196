#include "commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <set>
#include <sstream>

#include "progress.h"
#include "shard_option.h"
#include "tlsconform/certs/fixture_set.h"
#include "tlsconform/reports/writers.h"
#include "tlsconform/runner/runner.h"
#include "tlsconform/runner/tier.h"

namespace tlsconform::cli {

std::atomic<bool> g_interrupted{false};

namespace {

using reports::CaseRecord;
using reports::Verdict;

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

std::string JoinCommas(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// ExitFor maps a failed status to an exit code: bad input is the user's to fix (2); a
// crypto-library or internal failure is the harness's (3).
int ExitFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidInput:
    case StatusCode::kNotFound:
    case StatusCode::kIo:
      return kExitInput;
    case StatusCode::kCancelled:  // Ctrl-C or SIGTERM during a step that checks for it
      return kExitInterrupted;
    default:
      return kExitHarness;
  }
}

int Fail(const Status& status) {
  std::cerr << "tlsconform: error: " << status.message() << "\n";
  return ExitFor(status);
}

std::string NowRfc3339() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// EnsureWritableDir creates `dir` if needed and checks that files can be made in it.
Status EnsureWritableDir(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return IoError(dir.string() + ": cannot create output folder: " + error.message());
  }
  if (!std::filesystem::is_directory(dir)) {
    return IoError(dir.string() + ": output path exists and is not a folder");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return IoError(dir.string() + ": output folder is not writable");
  }
  return Status::Ok();
}

}  // namespace

// SelectBackends checks each requested name against the backends the project knows and the
// ones this build has.
Result<std::vector<std::string>> SelectBackends(const std::vector<std::string>& requested) {
  const std::vector<std::string> known = SplitCommas(TLSCONFORM_KNOWN_BACKENDS);
  const std::vector<std::string> built = SplitCommas(TLSCONFORM_BUILT_BACKENDS);
  if (requested.empty()) {
    if (built.empty()) {
      return InvalidInput("no backend was built (see the cmake configure output)");
    }
    return built;
  }
  std::vector<std::string> selected;
  for (const std::string& name : requested) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return NotFound("unknown backend \"" + name + "\" (known: " + JoinCommas(known) + ")");
    }
    if (std::find(built.begin(), built.end(), name) == built.end()) {
      return NotFound("backend \"" + name +
                      "\" was not built: its library was missing at configure time (built: " +
                      JoinCommas(built) + ")");
    }
    if (std::find(selected.begin(), selected.end(), name) == selected.end()) {
      selected.push_back(name);
    }
  }
  return selected;
}

namespace {

// FixtureSetFromCatalogue describes the fixtures of a catalogue without generating them,
// enough to plan cases (for `tlsconform list`).
Result<runner::FixtureSet> FixtureSetFromCatalogue(const std::filesystem::path& catalogue_dir) {
  Result<certs::Catalogue> catalogue = certs::LoadCatalogue(catalogue_dir);
  if (!catalogue.ok()) {
    return catalogue.status();
  }
  runner::FixtureSet set;
  for (const certs::FixtureEntry& entry : catalogue->fixtures) {
    runner::Fixture fixture;
    fixture.id = entry.id;
    fixture.family = entry.family;
    fixture.description = entry.description;
    fixture.requirement = entry.requirement;
    fixture.expect_verdict = entry.expect_verdict;
    if (!entry.expect_reason.empty()) {
      fixture.expect_reason = entry.expect_reason;
    }
    fixture.key_mismatch = entry.key_mismatch;
    if (!entry.crl.empty()) {
      fixture.crl = std::filesystem::path("crl.pem");
    }
    set.fixtures.push_back(std::move(fixture));
  }
  return set;
}

}  // namespace

Result<runner::FixtureSet> GenerateAndLoad(const std::filesystem::path& catalogue_dir,
                                           const std::filesystem::path& out,
                                           const std::string& seed, Verbosity verbosity) {
  Result<certs::Catalogue> catalogue = certs::LoadCatalogue(catalogue_dir);
  if (!catalogue.ok()) {
    return catalogue.status();
  }
  const auto started = std::chrono::steady_clock::now();
  TLSCONFORM_RETURN_IF_ERROR(certs::WriteFixtureSet(*catalogue, out, seed, &g_interrupted));
  if (verbosity == Verbosity::kQuiet) {
    return runner::LoadFixtureSet(out);
  }
  std::cerr << fmt::format(
      "tlsconform: generated {} fixtures into {} in {:.1f} s\n", catalogue->fixtures.size(),
      out.string(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return runner::LoadFixtureSet(out);
}

namespace {

// ExitCodeOf: 3 for a harness ERROR; 1 for an unbaselined FAIL, a CRASH or a TIMEOUT, or
// (in gate mode) a stale baseline entry; else 0.
int ExitCodeOf(const reports::RunRecord& run) {
  // A shard sees part of the plan only: whether an entry is stale is for `merge` to say.
  bool error = false,
       failure = run.info.gate && !run.info.shard && !run.info.stale_baseline.empty();
  for (const CaseRecord& record : run.cases) {
    error = error || record.verdict == Verdict::kError;
    failure = failure || record.verdict == Verdict::kFail || record.verdict == Verdict::kCrash ||
              record.verdict == Verdict::kTimeout;
  }
  return error ? kExitHarness : failure ? kExitFailures : kExitClean;
}

// UpdateBaselines rewrites baselines/<backend>.toml of every backend of the run from its
// records, then judges the records again against the new baselines.
Status UpdateBaselines(const std::filesystem::path& dir, runner::RunContext& context,
                       reports::RunRecord& run) {
  const std::string date = run.info.started.substr(0, 10);
  for (auto& [backend, baseline] : context.baselines) {
    runner::Baseline updated = runner::UpdateBaseline(baseline, run.cases, date);
    TLSCONFORM_RETURN_IF_ERROR(reports::WriteFileAtomically(dir / (backend + ".toml"),
                                                            runner::RenderBaselineToml(updated)));
    std::cerr << fmt::format("tlsconform: wrote {} ({} entries, was {})\n",
                             (dir / (backend + ".toml")).string(), updated.entries.size(),
                             baseline.entries.size());
    baseline = std::move(updated);
  }
  for (CaseRecord& record : run.cases) {
    runner::ApplyBaseline(
        record, runner::BaselinesFor(context.baselines, record.role, record.backend, record.peer));
  }
  return Status::Ok();
}

}  // namespace

int ReportFailure(const Status& status) { return Fail(status); }

int RunExitCode(const reports::RunRecord& run) { return ExitCodeOf(run); }

int CommandFixtures(const Paths& paths, const FixturesOptions& options) {
  Result<certs::Catalogue> catalogue = certs::LoadCatalogue(paths.catalogue);
  if (!catalogue.ok()) {
    return Fail(catalogue.status());
  }
  if (Status status = certs::WriteFixtureSet(*catalogue, options.out, options.seed, &g_interrupted);
      !status.ok()) {
    return Fail(status);
  }
  std::cout << fmt::format("wrote {} fixtures to {} (manifest.json)\n", catalogue->fixtures.size(),
                           options.out.string());
  return kExitClean;
}

int CommandBackends(const Paths& paths) {
  int exit_code = kExitClean;
  for (const std::string& name : SplitCommas(TLSCONFORM_BUILT_BACKENDS)) {
    Result<runner::BackendDescription> description = runner::DescribeBackend(paths.shim_dir, name);
    if (!description.ok()) {
      std::cerr << "tlsconform: error: " << description.status().message() << "\n";
      exit_code = kExitHarness;
      continue;
    }
    std::cout << fmt::format("{:<12} {}  {}\n", name, description->library,
                             description->capabilities.dump());
  }
  for (const std::string& name : SplitCommas(TLSCONFORM_KNOWN_BACKENDS)) {
    const std::vector<std::string> built = SplitCommas(TLSCONFORM_BUILT_BACKENDS);
    if (std::find(built.begin(), built.end(), name) == built.end()) {
      std::cout << fmt::format("{:<12} not built (library missing at configure time)\n", name);
    }
  }
  return exit_code;
}

int CommandRun(const Paths& paths, const RunOptions& options) {
  reports::RunRecord run;
  run.info.started = NowRfc3339();
  run.info.tool_version = TLSCONFORM_VERSION;
  run.info.filters = options.filters;
  run.info.strict_reasons = options.strict_reasons;
  run.info.seed = options.seed;

  // 1. What to run: backends, suite, security policy, baselines.
  Result<std::vector<std::string>> backend_names = SelectBackends(options.backends);
  if (!backend_names.ok()) {
    return Fail(backend_names.status());
  }
  Result<runner::Suite> suite = runner::LoadSuite(paths.suite);
  if (!suite.ok()) {
    return Fail(suite.status());
  }
  if (Result<std::vector<std::string>> reference = SelectBackends({suite->reference_backend});
      !reference.ok()) {
    return Fail(reference.status().Prefix("reference peer of " + paths.suite.string()));
  }
  if (options.no_interop) {
    std::erase(suite->roles, "interop");
  }
  Result<runner::SecurityPolicy> policy = runner::LoadPolicy(paths.policies, suite->policy_name);
  if (!policy.ok()) {
    return Fail(policy.status());
  }
  Result<runner::Profile> profile = runner::LoadProfile(paths.profiles, suite->profile);
  if (!profile.ok()) {
    return Fail(profile.status());
  }
  const std::vector<std::string> server_configs =
      options.server_configs.empty() ? suite->server_configs : options.server_configs;
  run.info.server_configurations = server_configs;
  runner::RunContext context;
  for (const std::string& name : *backend_names) {
    Result<runner::Baseline> baseline = runner::LoadBaseline(paths.baselines, name);
    if (!baseline.ok()) {
      return Fail(baseline.status());
    }
    context.baselines[name] = *baseline;
  }
  run.info.profile = suite->profile;
  run.info.policy = policy->name;
  run.info.suite = suite->name;
  run.info.reference_backend = suite->reference_backend;

  // 2. The fixture set: the one named, or a fresh one beside the reports.
  Result<runner::FixtureSet> fixtures = InvalidInput("no fixtures");
  if (options.list_only && !options.fixtures) {
    fixtures = FixtureSetFromCatalogue(paths.catalogue);
  } else {
    if (Status writable = EnsureWritableDir(options.out); !writable.ok()) {
      return Fail(writable);
    }
    if (Status targets = reports::CheckReportTargets(options.out); !targets.ok()) {
      return Fail(targets);
    }
    fixtures = options.fixtures ? runner::LoadFixtureSet(*options.fixtures)
                                : GenerateAndLoad(paths.catalogue, options.out / "fixtures",
                                                  options.seed, options.verbosity);
  }
  if (!fixtures.ok()) {
    return Fail(fixtures.status());
  }
  if (!fixtures->seed.empty()) {
    run.info.seed = fixtures->seed;
  }
  fixtures = runner::SelectTier(*fixtures, options.tier);
  if (!fixtures.ok()) {
    return Fail(fixtures.status());
  }
  run.info.tier = options.tier;
  run.info.gate = options.gate;

  // 3. The shims say what they are and what they can do.
  std::vector<runner::BackendDescription> descriptions;
  for (const std::string& name : *backend_names) {
    Result<runner::BackendDescription> description = runner::DescribeBackend(paths.shim_dir, name);
    if (!description.ok()) {
      return Fail(description.status());
    }
    descriptions.push_back(*description);
    run.info.backends.push_back(
        {description->name, description->library, description->capabilities});
  }
  Result<runner::BackendDescription> reference =
      runner::DescribeBackend(paths.shim_dir, suite->reference_backend);
  if (!reference.ok()) {
    return Fail(reference.status());
  }

  // 4. The plan.
  std::vector<runner::PlannedCase> plan =
      runner::PlanCases(*suite, *policy, *fixtures, descriptions, *reference,
                        {.filters = options.filters, .server_configs = server_configs});
  if (plan.empty()) {
    return Fail(InvalidInput("no case matches --filter " + JoinCommas(options.filters)));
  }
  Result<ShardedPlan> sharded = ShardPlan(options.shard, std::move(plan));
  if (!sharded.ok()) {
    return Fail(sharded.status());
  }
  plan = std::move(sharded->cases);
  run.info.shard = sharded->shard;
  if (run.info.shard && options.update_baseline) {
    return Fail(InvalidInput("--update-baseline needs the whole plan, not one shard of it"));
  }
  if (options.list_only) {
    for (const runner::PlannedCase& planned : plan) {
      std::cout << planned.id << (planned.missing_capability ? "  (SKIP)" : "") << "\n";
    }
    return kExitClean;
  }

  // 5. Run.
  if (options.verbosity != Verbosity::kQuiet) {
    std::cerr << fmt::format("tlsconform: {} cases, {} backend(s), {} job(s), policy {}, tier {}\n",
                             plan.size(), backend_names->size(), options.jobs, policy->name,
                             options.tier);
  }
  context.suite = &*suite;
  context.policy = &*policy;
  context.profile = &*profile;
  context.fixtures = &*fixtures;
  context.shim_dir = paths.shim_dir;
  Progress progress(plan.size(), options.verbosity);
  runner::RunOptions run_options;
  run_options.jobs = options.jobs;
  run_options.judge.strict_reasons = options.strict_reasons;
  run_options.on_case = [&progress](const CaseRecord& record) { progress.Update(record); };
  run.cases = runner::RunPlan(plan, context, run_options, g_interrupted);
  progress.Finish();
  run.info.finished = NowRfc3339();

  // 6. Reports. An interrupted run writes only report.partial.json.
  const bool interrupted = g_interrupted.load();
  run.info.complete = !interrupted && run.cases.size() == plan.size();
  run.info.status = run.info.complete ? "complete" : "interrupted";
  if (!interrupted && options.update_baseline) {
    if (Status updated = UpdateBaselines(paths.baselines, context, run); !updated.ok()) {
      return Fail(updated);
    }
  }
  for (const auto& [backend, baseline] : context.baselines) {
    for (reports::StaleBaselineEntry& stale : runner::FindStaleEntries(baseline, run.cases)) {
      run.info.stale_baseline.push_back(std::move(stale));
    }
  }
  run.info.exit_code = interrupted ? kExitInterrupted : ExitCodeOf(run);
  if (Status written = reports::WriteReports(run, options.out); !written.ok()) {
    return Fail(written);
  }
  if (!run.info.complete) {
    std::cerr << fmt::format(
        "tlsconform: interrupted after {} of {} cases; partial results in {}\n", run.cases.size(),
        plan.size(), (options.out / "report.partial.json").string());
    return kExitInterrupted;
  }

  if (options.verbosity != Verbosity::kQuiet) {
    std::cout << reports::RenderSummaryTable(run);
  }
  for (const reports::StaleBaselineEntry& stale : run.info.stale_baseline) {
    std::cout << fmt::format("{:<8} {} baseline entry `{}` (recorded {}): no case deviates\n",
                             "STALE", stale.backend, stale.case_glob, stale.observed);
  }
  int listed = 0;
  for (const CaseRecord& record : run.cases) {
    if (record.verdict == Verdict::kFail || record.verdict == Verdict::kCrash ||
        record.verdict == Verdict::kTimeout || record.verdict == Verdict::kError) {
      if (listed++ < 25) {
        std::cout << fmt::format("{:<8} {}  {}\n", reports::VerdictName(record.verdict), record.id,
                                 record.detail);
      }
    }
  }
  if (listed > 25) {
    std::cout << fmt::format("... and {} more (see summary.md)\n", listed - 25);
  }
  std::cout << fmt::format("reports: {}, {}, {}, {}\n", (options.out / "report.json").string(),
                           (options.out / "junit.xml").string(),
                           (options.out / "summary.md").string(),
                           (options.out / "report.html").string());
  return run.info.exit_code;
}

}  // namespace tlsconform::cli

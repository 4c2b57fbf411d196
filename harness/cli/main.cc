// tlsconform: TLS client-authentication conformance runs against the AWS IoT profile.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "commands.h"
#include "tlsconform/certs/fixture_set.h"

namespace {

using tlsconform::cli::kExitInput;

void OnSignal(int) { tlsconform::cli::g_interrupted.store(true); }

// DefaultShimDir is the folder of this executable: the build puts every shim beside it.
std::filesystem::path DefaultShimDir(const char* argv0) {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    self = std::filesystem::absolute(argv0);
  }
  return self.parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = tlsconform::cli;
  const std::filesystem::path source = TLSCONFORM_SOURCE_DIR;
  cli::Paths paths{source / "fixtures" / "aws-iot",
                   source / "suites" / "default.toml",
                   source / "suites" / "policies",
                   source / "suites" / "profiles",
                   source / "baselines",
                   DefaultShimDir(argv[0])};

  CLI::App app{"tlsconform: TLS client-authentication conformance suite (AWS IoT profile)"};
  app.set_version_flag("--version", TLSCONFORM_VERSION);
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  app.add_option("--catalogue", paths.catalogue, "fixture catalogue folder (TOML)");
  app.add_option("--suite", paths.suite, "suite file");
  app.add_option("--baselines", paths.baselines, "folder of baselines/<backend>.toml");

  cli::FixturesOptions fixtures_options{"fixtures-out", tlsconform::certs::kDefaultSeed};
  CLI::App* fixtures = app.add_subcommand("fixtures", "generate the fixture set");
  fixtures->add_option("--out", fixtures_options.out, "folder to write the fixture set to");
  fixtures->add_option("--seed", fixtures_options.seed, "seed of the deterministic generation");

  cli::RunOptions run_options;
  run_options.out = "out";
  run_options.seed = tlsconform::certs::kDefaultSeed;
  run_options.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto add_selection = [&run_options](CLI::App* command) {
    command->add_option("--backend", run_options.backends,
                        "backend(s) to test; default: every built backend");
    command->add_option("--filter", run_options.filters,
                        "glob(s) over case ids: server/<backend>/<server-config>/<tls-version>/"
                        "<fixture-id>, client/<backend>/<tls-version>/<fixture-id>, "
                        "interop/<client-backend>/<server-backend>/<tls-version>/<fixture-id>");
    command
        ->add_option("--server-config", run_options.server_configs,
                     "server configuration(s) of the server role: defaults (the library out of "
                     "the box), enforcing (the profile's allow-lists as far as its API allows); "
                     "default: the suite's (both)")
        ->check(CLI::IsMember({"defaults", "enforcing"}));
    command->add_flag("--no-interop", run_options.no_interop,
                      "leave out the interoperability matrix (the interop role)");
    command->add_option("--fixtures", run_options.fixtures,
                        "use this generated fixture set instead of generating one");
    command->add_option("--seed", run_options.seed, "seed of the fixture generation");
    command
        ->add_option("--tier", run_options.tier,
                     "smoke: every family both ways on every backend, in seconds; full")
        ->check(CLI::IsMember({"smoke", "full"}));
    command->add_option("--shard", run_options.shard,
                        "run only shard I of N (1-based, as in 2/4): the cases at positions p of "
                        "the plan with p % N == I-1; default: GTEST_SHARD_INDEX (0-based) and "
                        "GTEST_TOTAL_SHARDS when set");
  };
  CLI::App* run = app.add_subcommand("run", "run the suite and write the reports");
  add_selection(run);
  run->add_option("--jobs,-j", run_options.jobs, "cases run in parallel")->check(CLI::Range(1, 64));
  // The last --out wins: scripts/run.sh passes a default that a user's own --out overrides.
  run->add_option("--out", run_options.out,
                  "folder for report.json, junit.xml, summary.md (and fixtures/)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  run->add_flag("--strict-reasons", run_options.strict_reasons,
                "a rejection for another reason than expected is a FAIL");
  run->add_flag("--gate", run_options.gate,
                "CI gate: a stale baseline entry (one that no longer deviates) fails the run too");
  run->add_flag("--update-baseline", run_options.update_baseline,
                "rewrite baselines/<backend>.toml from this run, keeping existing reasons");
  CLI::Option* quiet = run->add_flag_callback(
      "--quiet,-q", [&run_options] { run_options.verbosity = cli::Verbosity::kQuiet; },
      "no progress and no table: failures and report paths only");
  run->add_flag_callback(
         "--verbose,-v", [&run_options] { run_options.verbosity = cli::Verbosity::kVerbose; },
         "one line per case")
      ->excludes(quiet);
  CLI::App* list = app.add_subcommand("list", "print the case ids a run would execute");
  add_selection(list);
  CLI::App* backends = app.add_subcommand("backends", "list the built backends");
  bool probe = false;
  backends->add_flag("--probe", probe,
                     "confirm each backend's claimed capabilities with real handshakes against "
                     "the reference peer");

  cli::MergeOptions merge_options;
  CLI::App* merge =
      app.add_subcommand("merge", "join the reports of a run's shards into the whole run's");
  merge->add_option("--out", merge_options.out, "folder for the merged reports")->required();
  merge->add_option("reports", merge_options.inputs, "each shard's report.json (or its folder)")
      ->required();

  cli::DiffOptions diff_options;
  CLI::App* diff = app.add_subcommand("diff", "compare two report.json files case by case");
  diff->add_option("old", diff_options.old_report, "the earlier report.json (or its folder)")
      ->required();
  diff->add_option("new", diff_options.new_report, "the later report.json (or its folder)")
      ->required();
  diff->add_option("--format", diff_options.format, "md (default) or html")
      ->check(CLI::IsMember({"md", "html"}));
  diff->add_option("--output", diff_options.output, "write to FILE instead of stdout");

  cli::FindingsOptions findings_options;
  CLI::App* findings = app.add_subcommand(
      "findings", "write the comparison of the libraries from a complete run's report.json");
  findings->add_option("report", findings_options.report, "report.json (or its folder)")
      ->required();
  findings->add_option("--output", findings_options.output, "write to FILE instead of stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : kExitInput;
  }

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);

  if (*fixtures) {
    return cli::CommandFixtures(paths, fixtures_options);
  }
  if (*backends) {
    return probe ? cli::CommandProbe(paths) : cli::CommandBackends(paths);
  }
  if (*merge) {
    return cli::CommandMerge(merge_options);
  }
  if (*diff) {
    return cli::CommandDiff(diff_options);
  }
  if (*findings) {
    return cli::CommandFindings(findings_options);
  }
  if (*list) {
    run_options.list_only = true;
    run_options.out = std::filesystem::temp_directory_path() / "tlsconform-list";
  }
  return cli::CommandRun(paths, run_options);
}

// The three report writers on a small hand-made run.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <pugixml.hpp>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

CaseRecord Case(const std::string& id, Verdict verdict) {
  CaseRecord record;
  record.id = id;
  record.role = "server";
  record.backend = "openssl";
  record.version = "tls1.3";
  record.fixture_id = "validity::expired";
  record.family = "validity";
  record.requirement = "AWS-VAL-2";
  record.expected = "REJECT";
  record.expected_reason = "expired";
  record.observed = "ACCEPT";
  record.verdict = verdict;
  record.detail = "unexpected accept <&> \"quoted\"";
  return record;
}

RunRecord SampleRun() {
  RunRecord run;
  run.info.suite = "default";
  run.info.policy = "IoTSecurityPolicy_TLS13_1_2_2022_10";
  run.info.status = "complete";
  run.cases = {Case("server/openssl/tls1.3/a::one", Verdict::kPass),
               Case("server/openssl/tls1.3/a::two", Verdict::kFail),
               Case("server/openssl/tls1.3/a::three", Verdict::kKnown),
               Case("server/openssl/tls1.3/a::four", Verdict::kCrash)};
  run.cases[2].baseline_reason = "accepts it at security level 1";
  run.cases[1].server = {{"backend", "openssl"},
                         {"state", "answered"},
                         {"result", {{"error", "certificate has expired"}}}};
  return run;
}

TEST(ReportJson, CarriesSchemaVersionTotalsAndEveryCase) {
  nlohmann::json report = nlohmann::json::parse(RenderReportJson(SampleRun()));

  EXPECT_EQ(report["schema_version"], kReportSchemaVersion);
  EXPECT_EQ(report["totals"]["FAIL"], 1);
  EXPECT_EQ(report["totals"]["total"], 4);
  ASSERT_EQ(report["cases"].size(), 4u);
  EXPECT_EQ(report["cases"][2]["verdict"], "KNOWN");
  EXPECT_EQ(report["cases"][2]["baseline"]["reason"], "accepts it at security level 1");
  EXPECT_EQ(report["cases"][0]["expected"]["reason"], "expired");
}

TEST(JunitXml, IsWellFormedWithFailuresAndSkips) {
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(RenderJunitXml(SampleRun()).c_str()));

  pugi::xml_node suite = document.child("testsuites").child("testsuite");
  EXPECT_STREQ(suite.attribute("name").value(), "openssl");
  EXPECT_EQ(suite.attribute("tests").as_int(), 4);
  EXPECT_EQ(suite.attribute("failures").as_int(), 2);  // FAIL and CRASH
  EXPECT_EQ(suite.attribute("skipped").as_int(), 1);   // KNOWN
  EXPECT_EQ(std::distance(suite.children("testcase").begin(), suite.children("testcase").end()), 4);
}

TEST(SummaryMarkdown, ListsFailuresAndKnownDeviationsWithTheirReasons) {
  std::string summary = RenderSummaryMarkdown(SampleRun());

  EXPECT_NE(summary.find("| server/openssl/defaults | 1 | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 4 |"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("## Failures (2)"), std::string::npos);
  EXPECT_NE(summary.find("## Known deviations (1)"), std::string::npos);
  EXPECT_NE(summary.find("baseline: accepts it at security level 1"), std::string::npos);
}

TEST(SummaryMarkdown, SaysHowEachBackendEnforcesTheProfilesRules) {
  RunRecord run = SampleRun();
  run.info.backends = {{"gnutls",
                        "GnuTLS 3.7.9",
                        {{"enforcement",
                          {{"min_rsa_bits", "library"},
                           {"curves", "shim"},
                           {"public_keys", "shim"},
                           {"signature_hashes", "none"}}}}}};

  const std::string summary = RenderSummaryMarkdown(run);

  EXPECT_NE(summary.find("- backend `gnutls`: GnuTLS 3.7.9; `enforcing` rules applied by "
                         "library: min_rsa_bits; shim: curves, public_keys; none: "
                         "signature_hashes"),
            std::string::npos)
      << summary;
}

TEST(WriteReports, IncompleteRunWritesOnlyThePartialReport) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("reports-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  RunRecord run = SampleRun();
  run.info.complete = false;

  ASSERT_TRUE(WriteReports(run, dir).ok());

  EXPECT_TRUE(std::filesystem::exists(dir / "report.partial.json"));
  EXPECT_FALSE(std::filesystem::exists(dir / "report.json"));
  EXPECT_FALSE(std::filesystem::exists(dir / "junit.xml"));
  std::filesystem::remove_all(dir);
}

TEST(WriteReports, AFolderInTheWayIsNamedAndNothingOfTheSetLands) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("reports-way-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "report.html");  // in the way of report.html
  {
    std::ofstream earlier(dir / "summary.md");
    earlier << "an earlier run's summary\n";
  }

  const Status written = WriteReports(SampleRun(), dir);

  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.message().find("report.html: exists and is not a regular file"),
            std::string::npos)
      << written.message();
  EXPECT_FALSE(std::filesystem::exists(dir / "junit.xml"));
  EXPECT_FALSE(std::filesystem::exists(dir / "report.json"));
  std::ifstream summary(dir / "summary.md");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(summary), {}), "an earlier run's summary\n");
  size_t leftovers = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    leftovers += entry.path().string().find(".tmp.") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(leftovers, 0u);
  std::filesystem::remove_all(dir);
}

TEST(SummaryMarkdown, InteropTableCountsPairsAndListsTheOnesThatDiffer) {
  RunRecord run = SampleRun();
  auto pair = [](const std::string& client, const std::string& server,
                 const std::string& observed) {
    CaseRecord record = Case("interop/" + client + "/" + server + "/tls1.3/validity::expired",
                             observed == "REJECT" ? Verdict::kPass : Verdict::kFail);
    record.role = "interop";
    record.backend = client;
    record.peer = server;
    record.observed = observed;
    record.reason = observed == "REJECT" ? std::optional<std::string>("expired") : std::nullopt;
    return record;
  };
  run.cases = {pair("openssl", "openssl", "REJECT"), pair("openssl", "gnutls", "ACCEPT"),
               pair("gnutls", "openssl", "REJECT"), pair("gnutls", "gnutls", "REJECT")};
  run.cases[1].server = {{"backend", "gnutls"},
                         {"state", "answered"},
                         {"result", {{"alerts", {{"sent", nlohmann::json::array()}}}}}};
  run.cases[1].client = {{"backend", "openssl"},
                         {"state", "answered"},
                         {"result", {{"signature_scheme", "ecdsa_secp256r1_sha256"}}}};

  const std::string summary = RenderSummaryMarkdown(run);

  EXPECT_NE(summary.find("| client \\ server | openssl | gnutls |"), std::string::npos) << summary;
  EXPECT_NE(summary.find("| openssl | 1/1 | 0/1 |"), std::string::npos) << summary;
  EXPECT_NE(summary.find("| gnutls | 1/1 | 1/1 |"), std::string::npos) << summary;
  EXPECT_NE(summary.find("Pairs whose outcome differs from the expectation (1)"),
            std::string::npos);
  EXPECT_NE(summary.find("| `interop/openssl/gnutls/tls1.3/validity::expired` | REJECT (expired) "
                         "| ACCEPT | FAIL | — | scheme ecdsa_secp256r1_sha256 |"),
            std::string::npos)
      << summary;
}

TEST(FindingsMarkdown, TablesPerFamilyAndOneSentencePerDivergence) {
  RunRecord run;
  run.info.suite = "default";
  run.info.server_configurations = {"defaults"};
  run.info.backends = {{"openssl", "OpenSSL 3.0", nullptr}, {"boringssl", "BoringSSL", nullptr}};
  auto server = [](const std::string& backend, const std::string& version,
                   const std::string& observed, Verdict verdict) {
    CaseRecord record =
        Case("server/" + backend + "/defaults/" + version + "/key::rsa1024", verdict);
    record.backend = backend;
    record.version = version;
    record.fixture_id = "key::rsa1024";
    record.family = "key";
    record.requirement = "AWS-KEY-1";
    record.expected_reason = "weak_key";
    record.observed = observed;
    if (observed == "REJECT") {
      record.reason = "weak_key";
    }
    return record;
  };
  run.cases = {server("openssl", "tls1.2", "REJECT", Verdict::kPass),
               server("openssl", "tls1.3", "REJECT", Verdict::kPass),
               server("boringssl", "tls1.2", "ACCEPT", Verdict::kKnown),
               server("boringssl", "tls1.3", "ACCEPT", Verdict::kKnown)};

  const std::string findings = RenderFindingsMarkdown(run);

  EXPECT_NE(findings.find("- `boringssl`: BoringSSL"), std::string::npos) << findings;
  EXPECT_NE(findings.find("| fixture | requirement | expected | openssl | boringssl |"),
            std::string::npos)
      << findings;
  EXPECT_NE(findings.find("| `key::rsa1024` | AWS-KEY-1 | REJECT (weak_key) | R · R | A! · A! |"),
            std::string::npos)
      << findings;
  // Both versions split the same way: one sentence says it for both.
  EXPECT_NE(findings.find("## Where the libraries disagree (1)"), std::string::npos) << findings;
  EXPECT_NE(findings.find("- `key::rsa1024` (AWS-KEY-1, expected REJECT (weak_key)), as the "
                          "server (defaults), TLS 1.2 and 1.3: boringssl accepts it and openssl "
                          "rejects it (weak_key)."),
            std::string::npos)
      << findings;
}

}  // namespace
}  // namespace tlsconform::reports

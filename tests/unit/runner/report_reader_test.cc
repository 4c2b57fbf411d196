// ReadReportJson: the inverse of RenderReportJson, and its errors on broken reports.
#include "tlsconform/reports/report_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "sample_run.h"
#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

using samples::SampleCase;
using samples::SampleRun;

RunRecord FullRun() {
  RunRecord run = SampleRun({SampleCase("key::rsa1024", Verdict::kKnown),
                             SampleCase("key::rsa2048", Verdict::kPass),
                             SampleCase("key::rsa512", Verdict::kFail)});
  run.cases[1].reason_differs = true;
  run.info.gate = true;
  run.info.stale_baseline = {{"openssl", "server/*/x", "ACCEPT", "old", {"server/a/tls1.3/x"}}};
  run.info.shard = ShardInfo{2, 3, 8, std::string(64, 'a')};
  return run;
}

TEST(ReadReportJson, RoundTripGivesTheSameReport) {
  const std::string text = RenderReportJson(FullRun());

  Result<RunRecord> read = ParseReportJson(text, "report.json");

  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(RenderReportJson(*read), text);
  EXPECT_EQ(read->cases[2].verdict, Verdict::kFail);
  EXPECT_EQ(read->cases[0].baseline_link, "https://example.org/bug");
  ASSERT_TRUE(read->info.shard.has_value());
  EXPECT_EQ(read->info.shard->index, 2);
}

TEST(ReadReportJson, ReadsAFolderAsItsReportJson) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("reader-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(WriteFileAtomically(dir / "report.json", RenderReportJson(FullRun())).ok());

  Result<RunRecord> read = ReadReportJson(dir);

  EXPECT_TRUE(read.ok()) << read.status().message();
  std::filesystem::remove_all(dir);
}

TEST(ReadReportJson, MissingFileIsNotFoundNamingIt) {
  Result<RunRecord> read = ReadReportJson("/nonexistent/tlsconform/report.json");

  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find("/nonexistent/tlsconform/report.json"), std::string::npos);
}

TEST(ReadReportJson, FieldsAddedWithinVersionOneMayBeAbsent) {
  nlohmann::json report = nlohmann::json::parse(RenderReportJson(
      SampleRun({SampleCase("key::a", Verdict::kPass), SampleCase("key::b", Verdict::kPass)})));
  for (const char* field : {"gate", "tier", "stale_baseline", "shard"}) {
    report.erase(field);
  }
  for (nlohmann::json& record : report["cases"]) {
    record.erase("position");
  }

  Result<RunRecord> read = ParseReportJson(report.dump(), "old.json");

  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->cases[1].position, 1u);
  EXPECT_EQ(read->info.tier, "full");
  EXPECT_FALSE(read->info.shard.has_value());
}

// A broken report: how it is broken, and what the error must name.
struct BrokenRow {
  const char* name;
  void (*edit)(nlohmann::json&);
  const char* expected;
};

class BrokenReportTest : public ::testing::TestWithParam<BrokenRow> {};

TEST_P(BrokenReportTest, IsInvalidInputNamingFileAndField) {
  nlohmann::json report = nlohmann::json::parse(RenderReportJson(FullRun()));
  GetParam().edit(report);

  Result<RunRecord> read = ParseReportJson(report.dump(), "shard-2/report.json");

  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(read.status().message().rfind("shard-2/report.json: ", 0), 0u)
      << read.status().message();
  EXPECT_NE(read.status().message().find(GetParam().expected), std::string::npos)
      << read.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Table, BrokenReportTest,
    ::testing::Values(
        BrokenRow{"OtherSchema", [](nlohmann::json& r) { r["schema"] = "junit"; }, "schema"},
        BrokenRow{"NewerVersion", [](nlohmann::json& r) { r["schema_version"] = 3; },
                  "schema_version: 3 is not supported"},
        BrokenRow{"MissingPolicy", [](nlohmann::json& r) { r.erase("policy"); }, "policy: missing"},
        BrokenRow{"UnknownVerdict", [](nlohmann::json& r) { r["cases"][1]["verdict"] = "MAYBE"; },
                  "cases[1] (server/openssl/tls1.3/key::rsa2048).verdict: \"MAYBE\""},
        BrokenRow{"MistypedPosition",
                  [](nlohmann::json& r) { r["cases"][0]["position"] = "first"; },
                  "cases[0] (server/openssl/tls1.3/key::rsa1024).position: expected an integer"},
        BrokenRow{"RepeatedId",
                  [](nlohmann::json& r) { r["cases"][2]["id"] = r["cases"][0]["id"]; },
                  ".id: repeats cases[0]"},
        BrokenRow{"TotalsDisagree", [](nlohmann::json& r) { r["totals"]["FAIL"] = 0; },
                  "totals.FAIL: 0, but 1 cases are FAIL"},
        BrokenRow{"ShardIndexAboveTotal", [](nlohmann::json& r) { r["shard"]["index"] = 4; },
                  "shard.index"},
        BrokenRow{"ShardDigestNotHex", [](nlohmann::json& r) { r["shard"]["plan_digest"] = "xyz"; },
                  "shard.plan_digest"},
        BrokenRow{"ExpectedNotObject", [](nlohmann::json& r) { r["cases"][0]["expected"] = 1; },
                  ".expected: expected an object"},
        BrokenRow{"CasesNotList", [](nlohmann::json& r) { r["cases"] = nullptr; },
                  "cases: expected a list, found null"}),
    [](const ::testing::TestParamInfo<BrokenRow>& info) { return info.param.name; });

TEST(ReadReportJson, TextThatIsNotJsonSaysWhere) {
  Result<RunRecord> read = ParseReportJson("{\"schema\": ", "cut/report.json");

  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("cut/report.json: not JSON: parse error"),
            std::string::npos)
      << read.status().message();
}

}  // namespace
}  // namespace tlsconform::reports

// report.html: the page carries the run as the report.json object, safe inside its <script>.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

constexpr std::string_view kDataOpen = R"(<script type="application/json" id="report-data">)";

RunRecord SampleRun() {
  RunRecord run;
  run.info.profile = "aws-iot";
  run.info.suite = "default";
  run.info.status = "complete";
  CaseRecord record;
  record.id = "server/openssl/tls1.3/validity::expired";
  record.role = "server";
  record.backend = "openssl";
  record.version = "tls1.3";
  record.fixture_id = "validity::expired";
  record.family = "validity";
  record.requirement = "AWS-VAL-2";
  record.expected = "REJECT";
  record.expected_reason = "expired";
  record.observed = "ACCEPT";
  record.verdict = Verdict::kFail;
  record.detail = "unexpected accept </script><script>alert(1)</script> <!-- & \"quoted\"";
  run.cases = {record};
  return run;
}

// DataOf returns the text of the #report-data element: up to the first "</script>" after it,
// as an HTML parser would read it.
std::string DataOf(const std::string& html) {
  const std::size_t open = html.find(kDataOpen);
  if (open == std::string::npos) {
    return "";
  }
  const std::size_t start = open + kDataOpen.size();
  return html.substr(start, html.find("</script>", start) - start);
}

TEST(ReportHtml, EmbedsTheReportJsonObject) {
  const RunRecord run = SampleRun();

  const std::string html = RenderReportHtml(run);

  const nlohmann::json embedded = nlohmann::json::parse(DataOf(html), nullptr, false);
  ASSERT_FALSE(embedded.is_discarded()) << DataOf(html);
  EXPECT_EQ(embedded, nlohmann::json::parse(RenderReportJson(run)));
  EXPECT_EQ(html.find("@REPORT_"), std::string::npos) << "a template marker was left";
}

TEST(ReportHtml, EscapesScriptEndInsideADetailString) {
  const std::string html = RenderReportHtml(SampleRun());

  EXPECT_EQ(html.find("</script><script>alert(1)"), std::string::npos);
  EXPECT_EQ(html.find("<!-- &"), std::string::npos);
  EXPECT_NE(html.find(R"(\u003c/script>\u003cscript>alert(1))"), std::string::npos);
  // The detail survives the round trip unchanged.
  const nlohmann::json embedded = nlohmann::json::parse(DataOf(html));
  EXPECT_EQ(embedded["cases"][0]["detail"], SampleRun().cases[0].detail);
}

TEST(ReportHtml, IsOneFileThatLoadsNothing) {
  const std::string html = RenderReportHtml(SampleRun());

  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("stylesheet"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(ReportHtml, CompleteRunWritesItBesideTheOtherReports) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("report-html-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);

  ASSERT_TRUE(WriteReports(SampleRun(), dir).ok());

  std::ifstream in(dir / "report.html", std::ios::binary);
  std::stringstream written;
  written << in.rdbuf();
  EXPECT_EQ(written.str(), RenderReportHtml(SampleRun()));
  EXPECT_TRUE(std::filesystem::exists(dir / "report.json"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tlsconform::reports

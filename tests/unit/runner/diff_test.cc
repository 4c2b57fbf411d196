// DiffReports and its two renderings.
#include "tlsconform/reports/diff.h"

#include <gtest/gtest.h>

#include "sample_run.h"

namespace tlsconform::reports {
namespace {

using samples::SampleCase;
using samples::SampleRun;

RunRecord OldRun() {
  return SampleRun({SampleCase("key::rsa1024", Verdict::kKnown),
                    SampleCase("key::rsa2048", Verdict::kPass),
                    SampleCase("key::gone", Verdict::kPass)});
}

TEST(DiffReports, SameRunHasNoDifference) {
  const ReportDiff diff = DiffReports(OldRun(), "a.json", OldRun(), "b.json");

  EXPECT_FALSE(diff.CasesDiffer());
  EXPECT_TRUE(diff.changed.empty());
  EXPECT_TRUE(diff.libraries.empty());
  EXPECT_TRUE(diff.settings.empty());
  EXPECT_NE(RenderDiffMarkdown(diff).find("No case changed."), std::string::npos);
}

TEST(DiffReports, TimingsWireAndDetailAreNotDifferences) {
  RunRecord changed = OldRun();
  changed.cases[0].duration_ms = 99;
  changed.cases[0].wire = nlohmann::json::array();
  changed.cases[0].detail = "other words";
  changed.info.started = "2027-01-01T00:00:00Z";

  EXPECT_FALSE(DiffReports(OldRun(), "a", changed, "b").CasesDiffer());
}

TEST(DiffReports, ListsChangedAddedAndRemovedCasesAndLibraries) {
  RunRecord after = OldRun();
  after.cases[0].verdict = Verdict::kFail;  // baseline gone: KNOWN -> FAIL
  after.cases[0].baseline_reason.reset();
  after.cases[1].reason = "other";  // same verdict and outcome, another reason
  after.cases.erase(after.cases.begin() + 2);
  after.cases.push_back(SampleCase("key::new", Verdict::kPass));
  after.info.backends[0].library = "OpenSSL 3.0.16";
  after.info.backends.push_back({"boringssl", "BoringSSL", nlohmann::json::object()});
  after.info.policy = "IoTSecurityPolicy_TLS13_1_3_2022_10";

  const ReportDiff diff = DiffReports(OldRun(), "old.json", after, "new.json");

  ASSERT_EQ(diff.changed.size(), 2u);
  EXPECT_EQ(diff.changed[0].id, "server/openssl/tls1.3/key::rsa1024");
  EXPECT_EQ(diff.changed[0].before.verdict, Verdict::kKnown);
  EXPECT_EQ(diff.changed[0].after.verdict, Verdict::kFail);
  EXPECT_EQ(diff.changed[1].after.reason, "other");
  ASSERT_EQ(diff.added.size(), 1u);
  EXPECT_EQ(diff.added[0].id, "server/openssl/tls1.3/key::new");
  ASSERT_EQ(diff.removed.size(), 1u);
  EXPECT_EQ(diff.removed[0].id, "server/openssl/tls1.3/key::gone");
  ASSERT_EQ(diff.libraries.size(), 2u);
  EXPECT_EQ(diff.libraries[0].before, "OpenSSL 3.0.15");
  EXPECT_EQ(diff.libraries[0].after, "OpenSSL 3.0.16");
  EXPECT_FALSE(diff.libraries[1].before.has_value());
  ASSERT_EQ(diff.settings.size(), 1u);
  EXPECT_EQ(diff.settings[0].name, "policy");
  EXPECT_TRUE(diff.CasesDiffer());
}

TEST(DiffReports, ANewLibraryVersionAloneIsNoCaseDifference) {
  RunRecord after = OldRun();
  after.info.backends[0].library = "OpenSSL 3.0.16";

  const ReportDiff diff = DiffReports(OldRun(), "a", after, "b");

  EXPECT_FALSE(diff.CasesDiffer());
  EXPECT_EQ(diff.libraries.size(), 1u);
}

TEST(RenderDiffMarkdown, ShowsOldToNewInOneRowPerCase) {
  RunRecord after = OldRun();
  after.cases[0].verdict = Verdict::kFail;

  const std::string markdown = RenderDiffMarkdown(DiffReports(OldRun(), "old.json", after, "new"));

  EXPECT_NE(markdown.find("1 changed, 0 added, 0 removed."), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("## Changed cases (1)"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| `server/openssl/tls1.3/key::rsa1024` | AWS-KEY-1 | KNOWN → FAIL | "
                          "ACCEPT | — |"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("- old: `old.json`"), std::string::npos);
}

TEST(RenderDiffHtml, IsSelfContainedAndEscapesText) {
  RunRecord after = OldRun();
  after.cases[1].reason = "<script>alert(1)</script>";

  const std::string html = RenderDiffHtml(DiffReports(OldRun(), "a&b.json", after, "new"));

  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("a&amp;b.json"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing fetched from anywhere
}

}  // namespace
}  // namespace tlsconform::reports

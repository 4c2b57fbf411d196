// Report writers: report.json, junit.xml, summary.md and report.html from a RunRecord.
//
// Each writer renders to a string; WriteReports writes them all into a folder, each through
// a temporary file renamed into place, so no half-written report is ever left looking whole.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <string>

#include "tlsconform/reports/run_record.h"
#include "tlsconform/status.h"

namespace tlsconform::reports {

// The version of the report.json schema (reports/SCHEMA.md). Bump it on any incompatible
// change.
inline constexpr int kReportSchemaVersion = 2;

// Counts of each verdict for one group of cases, plus how many PASSes had a differing reason.
struct Tally {
  std::array<int, std::size(kAllVerdicts)> by_verdict{};
  int reason_differs = 0;
  int total = 0;

  void Add(const CaseRecord& record);
  int Count(Verdict verdict) const { return by_verdict[static_cast<int>(verdict)]; }
};

// GroupOf names the row a case counts in: "server/<backend>/<server-config>",
// "client/<backend>", or "interop/<client-backend>->*" (that backend as client against every
// server).
std::string GroupOf(const CaseRecord& record);

// TallyByGroup counts cases by GroupOf, in the map's key order.
std::map<std::string, Tally> TallyByGroup(const std::vector<CaseRecord>& cases);

std::string RenderReportJson(const RunRecord& run);
std::string RenderJunitXml(const RunRecord& run);
std::string RenderSummaryMarkdown(const RunRecord& run);

// RenderReportHtml returns report.html: one self-contained page (no network, opens from disk)
// with the run's matrix, disagreements and per-case detail. The run's data is embedded as the
// report.json object (RenderReportJson), with every '<' escaped so it cannot end its <script>.
std::string RenderReportHtml(const RunRecord& run);

// RenderSummaryTable returns the plain-text table printed at the end of a run.
std::string RenderSummaryTable(const RunRecord& run);

// RenderFindingsMarkdown is the published comparison of the libraries (reports/FINDINGS.md):
// a table per fixture family, every divergence between libraries in one sentence, and the
// interop pairs that do not reach the expected outcome.
std::string RenderFindingsMarkdown(const RunRecord& run);

// CheckReportTargets fails, naming the path, when one of a run's report names in `dir` is
// taken by something other than a regular file (a folder, a socket), which would make the
// reports fail to land after the whole run. Call it before running.
Status CheckReportTargets(const std::filesystem::path& dir);

// WriteFileAtomically writes `content` to a temporary file beside `path` and renames it
// over `path`.
Status WriteFileAtomically(const std::filesystem::path& path, const std::string& content);

// WriteReports writes junit.xml, summary.md, report.html and, last, report.json into `dir`:
// all four under temporary names first, then the earlier report.json is removed and the four
// are renamed into place. A failure before the renames leaves `dir` as it was; a report.json
// present is always the same run's as the others. A run whose info.complete is false is written as
// report.partial.json only: the complete-looking reports of an earlier run in `dir` are left as
// they were.
Status WriteReports(const RunRecord& run, const std::filesystem::path& dir);

}  // namespace tlsconform::reports

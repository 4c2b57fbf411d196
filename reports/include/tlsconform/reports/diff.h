// DiffReports: what changed between two runs (two commits, two library versions, two
// machines), case by case, for `tlsconform diff`.
//
// Cases are matched by id. A case "changed" when its verdict, observed outcome or normalized
// reason differs; timings, wire records and the libraries' error texts are not compared.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tlsconform/reports/run_record.h"

namespace tlsconform::reports {

// One side's outcome of a case.
struct CaseOutcome {
  Verdict verdict = Verdict::kError;
  std::string observed;  // ACCEPT, REJECT, NONE
  std::optional<std::string> reason;

  bool operator==(const CaseOutcome&) const = default;
};

// A case present in both runs whose outcome differs.
struct CaseChange {
  std::string id;
  std::string requirement;  // from the new run
  CaseOutcome before;
  CaseOutcome after;
};

// A case present in one run only.
struct CaseOnlyIn {
  std::string id;
  std::string requirement;
  CaseOutcome outcome;
};

// A backend whose library text differs, or that only one run has (the other side unset).
struct LibraryChange {
  std::string backend;
  std::optional<std::string> before;
  std::optional<std::string> after;
};

// A setting of the runs that differs (policy, suite, tool version, ...): context for reading
// the case changes, never a change itself.
struct SettingChange {
  std::string name;
  std::string before;
  std::string after;
};

// What a run was, for the header of a rendered diff.
struct RunSummary {
  std::string label;  // how the user named it (the file)
  std::string tool_version;
  std::string started;
  std::string status;
  size_t cases = 0;
};

struct ReportDiff {
  RunSummary old_run;
  RunSummary new_run;
  std::vector<CaseChange> changed;  // in the new run's order
  std::vector<CaseOnlyIn> added;    // only in the new run, in its order
  std::vector<CaseOnlyIn> removed;  // only in the old run, in its order
  std::vector<LibraryChange> libraries;
  std::vector<SettingChange> settings;

  // CasesDiffer says whether any case changed, appeared or disappeared: the exit status of
  // `tlsconform diff`. A new library version alone is not a difference in conformance.
  bool CasesDiffer() const { return !changed.empty() || !added.empty() || !removed.empty(); }
};

// DiffReports compares two runs; the labels name them in the rendered output. Pure.
ReportDiff DiffReports(const RunRecord& old_run, const std::string& old_label,
                       const RunRecord& new_run, const std::string& new_label);

// RenderDiffMarkdown returns the diff as Markdown (tables of changed, added and removed cases,
// library versions and differing settings).
std::string RenderDiffMarkdown(const ReportDiff& diff);

// RenderDiffHtml returns the same content as one self-contained HTML page: inline style, no
// script, nothing fetched from the network.
std::string RenderDiffHtml(const ReportDiff& diff);

}  // namespace tlsconform::reports

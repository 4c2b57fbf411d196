// summary.md and the table printed at the end of a run: counts per role and backend, then
// every case a person has to look at (failures, known deviations, differing reasons, skips).
#include <fmt/format.h>

#include <sstream>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

// The verdict columns of both tables, in this order.
constexpr Verdict kColumns[] = {Verdict::kPass,    Verdict::kFail, Verdict::kKnown,
                                Verdict::kInfo,    Verdict::kSkip, Verdict::kCrash,
                                Verdict::kTimeout, Verdict::kError};

std::string Outcome(const std::string& verdict, const std::optional<std::string>& reason) {
  return reason ? verdict + " (" + *reason + ")" : verdict;
}

void ListCases(std::ostringstream& out, const RunRecord& run, const std::string& title,
               const std::string& explanation, bool (*wanted)(const CaseRecord&)) {
  std::vector<const CaseRecord*> rows;
  for (const CaseRecord& record : run.cases) {
    if (wanted(record)) {
      rows.push_back(&record);
    }
  }
  if (rows.empty()) {
    return;
  }
  out << "\n## " << title << " (" << rows.size() << ")\n\n" << explanation << "\n\n";
  out << "| case | requirement | expected | observed | verdict | detail |\n";
  out << "|---|---|---|---|---|---|\n";
  for (const CaseRecord* record : rows) {
    std::string detail = record->detail;
    if (record->baseline_reason) {
      detail = "baseline: " + *record->baseline_reason;
      if (record->baseline_link) {
        detail += " ([link](" + *record->baseline_link + "))";
      }
    }
    for (char& c : detail) {
      if (c == '|' || c == '\n') {
        c = ' ';
      }
    }
    out << "| `" << record->id << "` | " << record->requirement << " | "
        << Outcome(record->expected, record->expected_reason) << " | "
        << Outcome(record->observed, record->reason) << " | " << VerdictName(record->verdict)
        << " | " << detail << " |\n";
  }
}

}  // namespace

std::string RenderSummaryMarkdown(const RunRecord& run) {
  const RunInfo& info = run.info;
  std::ostringstream out;
  out << "# tlsconform summary\n\n";
  out << "- profile: `" << info.profile << "`, security policy: `" << info.policy
      << "`, server configuration: `" << info.server_configuration << "`\n";
  out << "- suite: `" << info.suite << "`, reference peer: `" << info.reference_backend
      << "` (security level 0)\n";
  for (const BackendInfo& backend : info.backends) {
    out << "- backend `" << backend.name << "`: " << backend.library << "\n";
  }
  out << "- started " << info.started << ", finished " << info.finished << ", status "
      << info.status << ", exit code " << info.exit_code << "\n\n";

  out << "| role/backend |";
  for (Verdict verdict : kColumns) {
    out << " " << VerdictName(verdict) << " |";
  }
  out << " reason differs | total |\n|---|";
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    out << "---:|";
  }
  out << "---:|---:|\n";
  for (const auto& [group, tally] : TallyByGroup(run.cases)) {
    out << "| " << group << " |";
    for (Verdict verdict : kColumns) {
      out << " " << tally.Count(verdict) << " |";
    }
    out << " " << tally.reason_differs << " | " << tally.total << " |\n";
  }

  ListCases(out, run, "Failures",
            "Unbaselined deviations from the `aws-iot` expectations, and cases that crashed, "
            "timed out or could not be run.",
            [](const CaseRecord& r) {
              return r.verdict == Verdict::kFail || r.verdict == Verdict::kCrash ||
                     r.verdict == Verdict::kTimeout || r.verdict == Verdict::kError;
            });
  if (!info.stale_baseline.empty()) {
    out << "\n## Stale baseline entries (" << info.stale_baseline.size() << ")\n\n"
        << "Entries that matched cases of this run none of which deviated as recorded: the "
        << "library changed, or the entry is wrong. "
        << (info.gate ? "They fail this run (`--gate`)." : "`--gate` makes them fail a run.")
        << " `--update-baseline` removes them.\n\n"
        << "| backend | case glob | recorded | cases matched |\n|---|---|---|---|\n";
    for (const StaleBaselineEntry& entry : info.stale_baseline) {
      out << "| " << entry.backend << " | `" << entry.case_glob << "` | " << entry.observed
          << " | " << entry.cases.size() << " |\n";
    }
  }
  ListCases(out, run, "Known deviations",
            "Real differences in a library's behaviour, listed in `baselines/<backend>.toml` "
            "with their reason.",
            [](const CaseRecord& r) { return r.verdict == Verdict::kKnown; });
  ListCases(out, run, "Rejected for another reason",
            "The verdict is right (the case was rejected) but the library named another "
            "reason than the catalogue expects. `--strict-reasons` makes these FAIL.",
            [](const CaseRecord& r) { return r.reason_differs; });
  ListCases(out, run, "Informational", "Reported, never gating.",
            [](const CaseRecord& r) { return r.verdict == Verdict::kInfo; });
  ListCases(out, run, "Skipped", "The backend lacks a capability the case needs.",
            [](const CaseRecord& r) { return r.verdict == Verdict::kSkip; });
  return out.str();
}

std::string RenderSummaryTable(const RunRecord& run) {
  std::ostringstream out;
  out << fmt::format("{:<24}", "role/backend");
  for (Verdict verdict : kColumns) {
    out << fmt::format(" {:>7}", VerdictName(verdict));
  }
  out << fmt::format(" {:>8} {:>6}\n", "r-differ", "total");
  Tally all;
  for (const auto& [group, tally] : TallyByGroup(run.cases)) {
    out << fmt::format("{:<24}", group);
    for (Verdict verdict : kColumns) {
      out << fmt::format(" {:>7}", tally.Count(verdict));
    }
    out << fmt::format(" {:>8} {:>6}\n", tally.reason_differs, tally.total);
  }
  return out.str();
}

}  // namespace tlsconform::reports

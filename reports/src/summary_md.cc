// summary.md and the table printed at the end of a run: counts per role and backend, then
// every case a person has to look at (failures, known deviations, differing reasons, skips).
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

// The verdict columns of both tables, in this order.
constexpr Verdict kColumns[] = {Verdict::kPass,    Verdict::kFail, Verdict::kKnown,
                                Verdict::kInfo,    Verdict::kSkip, Verdict::kCrash,
                                Verdict::kTimeout, Verdict::kError};

// EnforcementText says how the backend's `enforcing` server applies each rule of the profile
// (its hello's `enforcement`): "; enforcing: library min_rsa_bits; shim curves, ...".
std::string EnforcementText(const BackendInfo& backend) {
  const nlohmann::json& enforcement =
      backend.capabilities.is_object() ? backend.capabilities.value("enforcement", nlohmann::json())
                                       : nlohmann::json();
  if (!enforcement.is_object() || enforcement.empty()) {
    return "";
  }
  std::string text;
  for (const char* how : {"library", "shim", "none"}) {
    std::string rules;
    for (const auto& [rule, value] : enforcement.items()) {
      if (value == how) {
        rules += (rules.empty() ? "" : ", ") + rule;
      }
    }
    if (!rules.empty()) {
      text += (text.empty() ? "" : "; ") + std::string(how) + ": " + rules;
    }
  }
  return "; `enforcing` rules applied by " + text;
}

std::string JoinBackticked(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    out += (out.empty() ? "" : "`, `") + value;
  }
  return out;
}

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

// SideText is one side's view of a case in one cell: its reason, alerts sent and error text.
std::string SideText(const nlohmann::json& side) {
  if (!side.is_object() || !side.contains("result") || !side["result"].is_object()) {
    return side.is_object() ? side.value("state", std::string("no answer")) : "no answer";
  }
  const nlohmann::json& result = side["result"];
  std::string text;
  if (result.contains("reason") && result["reason"].is_string()) {
    text += result["reason"].get<std::string>();
  }
  if (result.contains("alerts") && result["alerts"].is_object()) {
    for (const char* direction : {"sent", "received"}) {
      const nlohmann::json& alerts = result["alerts"].value(direction, nlohmann::json::array());
      for (const nlohmann::json& alert : alerts) {
        if (alert.is_string()) {
          text +=
              (text.empty() ? "" : "; ") + std::string(direction) + " " + alert.get<std::string>();
        }
      }
    }
  }
  if (result.contains("error") && result["error"].is_string()) {
    text += (text.empty() ? "" : "; ") + result["error"].get<std::string>();
  }
  if (result.contains("signature_scheme") && result["signature_scheme"].is_string()) {
    text += (text.empty() ? "" : "; ") + std::string("scheme ") +
            result["signature_scheme"].get<std::string>();
  }
  for (char& c : text) {
    if (c == '|' || c == '\n') {
      c = ' ';
    }
  }
  return text.empty() ? "—" : text;
}

// Interop writes the interoperability matrix: per fixture family, client backends down and
// server backends across, each cell "matching/run" (cases whose outcome is the one the profile
// expects, of those with an outcome); then every pair whose outcome differs, both sides' view.
void Interop(std::ostringstream& out, const RunRecord& run) {
  std::vector<std::string> families, clients, servers;
  auto add_once = [](std::vector<std::string>& values, const std::string& value) {
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      values.push_back(value);
    }
  };
  for (const CaseRecord& record : run.cases) {
    if (record.role == "interop") {
      add_once(families, record.family);
      add_once(clients, record.backend);
      add_once(servers, record.peer);
    }
  }
  if (families.empty()) {
    return;
  }
  out << "\n## Interoperability\n\nEvery backend as client (rows) against every backend as "
      << "server (columns, in `defaults`), per fixture family: cases whose outcome is the one "
      << "the profile expects / cases with an outcome.\n";
  for (const std::string& family : families) {
    out << "\n### " << family << "\n\n| client \\ server |";
    for (const std::string& server : servers) {
      out << " " << server << " |";
    }
    out << "\n|---|";
    for (size_t i = 0; i < servers.size(); ++i) {
      out << "---:|";
    }
    out << "\n";
    for (const std::string& client : clients) {
      out << "| " << client << " |";
      for (const std::string& server : servers) {
        int matching = 0, judged = 0;
        for (const CaseRecord& record : run.cases) {
          if (record.role == "interop" && record.family == family && record.backend == client &&
              record.peer == server && record.observed != "NONE") {
            ++judged;
            matching += record.expected == "INFO" || record.observed == record.expected ? 1 : 0;
          }
        }
        out << " " << (judged == 0 ? "—" : fmt::format("{}/{}", matching, judged)) << " |";
      }
      out << "\n";
    }
  }
  std::vector<const CaseRecord*> differing;
  for (const CaseRecord& record : run.cases) {
    if (record.role == "interop" && record.expected != "INFO" && record.observed != "NONE" &&
        record.observed != record.expected) {
      differing.push_back(&record);
    }
  }
  if (differing.empty()) {
    return;
  }
  out << "\n### Pairs whose outcome differs from the expectation (" << differing.size()
      << ")\n\n| case | expected | observed | verdict | server's view | client's view |\n"
      << "|---|---|---|---|---|---|\n";
  for (const CaseRecord* record : differing) {
    out << "| `" << record->id << "` | " << Outcome(record->expected, record->expected_reason)
        << " | " << Outcome(record->observed, record->reason) << " | "
        << VerdictName(record->verdict) << " | " << SideText(record->server) << " | "
        << SideText(record->client) << " |\n";
  }
}

}  // namespace

std::string RenderSummaryMarkdown(const RunRecord& run) {
  const RunInfo& info = run.info;
  std::ostringstream out;
  out << "# tlsconform summary\n\n";
  out << "- profile: `" << info.profile << "`, security policy: `" << info.policy
      << "`, server configurations: `" << JoinBackticked(info.server_configurations) << "`\n";
  out << "- suite: `" << info.suite << "`, reference peer: `" << info.reference_backend
      << "` (security level 0)\n";
  for (const BackendInfo& backend : info.backends) {
    out << "- backend `" << backend.name << "`: " << backend.library << EnforcementText(backend)
        << "\n";
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
      out << "| " << entry.backend << " | `" << entry.case_glob << "` | " << entry.observed << " | "
          << entry.cases.size() << " |\n";
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
  Interop(out, run);
  ListCases(out, run, "Informational", "Reported, never gating.",
            [](const CaseRecord& r) { return r.verdict == Verdict::kInfo; });
  ListCases(out, run, "Skipped", "The backend lacks a capability the case needs.",
            [](const CaseRecord& r) { return r.verdict == Verdict::kSkip; });
  return out.str();
}

std::string RenderSummaryTable(const RunRecord& run) {
  std::ostringstream out;
  out << fmt::format("{:<28}", "role/backend");
  for (Verdict verdict : kColumns) {
    out << fmt::format(" {:>7}", VerdictName(verdict));
  }
  out << fmt::format(" {:>8} {:>6}\n", "r-differ", "total");
  Tally all;
  for (const auto& [group, tally] : TallyByGroup(run.cases)) {
    out << fmt::format("{:<28}", group);
    for (Verdict verdict : kColumns) {
      out << fmt::format(" {:>7}", tally.Count(verdict));
    }
    out << fmt::format(" {:>8} {:>6}\n", tally.reason_differs, tally.total);
  }
  return out.str();
}

}  // namespace tlsconform::reports

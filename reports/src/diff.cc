// tlsconform diff: the comparison, and its Markdown and HTML renderings. Both renderings are
// built from the same list of tables, so they always say the same thing.
#include "tlsconform/reports/diff.h"

#include <map>
#include <sstream>

namespace tlsconform::reports {
namespace {

constexpr const char* kNone = "—";  // a null reason, or a backend a run did not have

CaseOutcome OutcomeOf(const CaseRecord& record) {
  return {record.verdict, record.observed, record.reason};
}

std::string JoinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out.empty() ? kNone : out;
}

std::vector<SettingChange> SettingChanges(const RunInfo& before, const RunInfo& after) {
  const std::pair<const char*, std::pair<std::string, std::string>> settings[] = {
      {"tool_version", {before.tool_version, after.tool_version}},
      {"profile", {before.profile, after.profile}},
      {"policy", {before.policy, after.policy}},
      {"suite", {before.suite, after.suite}},
      {"server_configurations",
       {JoinComma(before.server_configurations), JoinComma(after.server_configurations)}},
      {"seed", {before.seed, after.seed}},
      {"tier", {before.tier, after.tier}},
      {"filters", {JoinComma(before.filters), JoinComma(after.filters)}},
      {"strict_reasons",
       {before.strict_reasons ? "true" : "false", after.strict_reasons ? "true" : "false"}},
      {"reference_backend", {before.reference_backend, after.reference_backend}},
      {"status", {before.status, after.status}},
  };
  std::vector<SettingChange> changes;
  for (const auto& [name, values] : settings) {
    if (values.first != values.second) {
      changes.push_back({name, values.first, values.second});
    }
  }
  return changes;
}

std::vector<LibraryChange> LibraryChanges(const RunInfo& before, const RunInfo& after) {
  std::vector<LibraryChange> changes;
  std::map<std::string, const BackendInfo*> old_backends;
  for (const BackendInfo& backend : before.backends) {
    old_backends[backend.name] = &backend;
  }
  for (const BackendInfo& backend : after.backends) {
    auto found = old_backends.find(backend.name);
    if (found == old_backends.end()) {
      changes.push_back({backend.name, std::nullopt, backend.library});
      continue;
    }
    if (found->second->library != backend.library) {
      changes.push_back({backend.name, found->second->library, backend.library});
    }
    old_backends.erase(found);
  }
  for (const BackendInfo& backend : before.backends) {
    if (old_backends.count(backend.name) != 0) {
      changes.push_back({backend.name, backend.library, std::nullopt});
    }
  }
  return changes;
}

RunSummary Summarize(const RunRecord& run, const std::string& label) {
  return {label, run.info.tool_version, run.info.started, run.info.status, run.cases.size()};
}

// A rendered table, neutral between Markdown and HTML.
struct Cell {
  std::string text;
  bool code = false;  // a case id: monospace
};
struct Table {
  std::string title;
  std::string note;
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

std::string ReasonText(const std::optional<std::string>& reason) { return reason.value_or(kNone); }

// Transition shows one value when it did not change, "before → after" when it did.
std::string Transition(const std::string& before, const std::string& after) {
  return before == after ? before : before + " → " + after;
}

std::vector<Cell> OnlyInRow(const CaseOnlyIn& only) {
  return {{only.id, true},
          {only.requirement},
          {VerdictName(only.outcome.verdict)},
          {only.outcome.observed},
          {ReasonText(only.outcome.reason)}};
}

std::vector<Table> Tables(const ReportDiff& diff) {
  std::vector<Table> tables;
  const std::vector<std::string> case_header = {"case", "requirement", "verdict", "observed",
                                                "reason"};
  if (!diff.changed.empty()) {
    Table table{"Changed cases (" + std::to_string(diff.changed.size()) + ")",
                "Verdict, observed outcome or reason differ; shown as old → new.",
                case_header,
                {}};
    for (const CaseChange& change : diff.changed) {
      table.rows.push_back(
          {{change.id, true},
           {change.requirement},
           {Transition(VerdictName(change.before.verdict), VerdictName(change.after.verdict))},
           {Transition(change.before.observed, change.after.observed)},
           {Transition(ReasonText(change.before.reason), ReasonText(change.after.reason))}});
    }
    tables.push_back(std::move(table));
  }
  if (!diff.added.empty()) {
    Table table{"Added cases (" + std::to_string(diff.added.size()) + ")",
                "In the new run only.",
                case_header,
                {}};
    for (const CaseOnlyIn& only : diff.added) {
      table.rows.push_back(OnlyInRow(only));
    }
    tables.push_back(std::move(table));
  }
  if (!diff.removed.empty()) {
    Table table{"Removed cases (" + std::to_string(diff.removed.size()) + ")",
                "In the old run only.",
                case_header,
                {}};
    for (const CaseOnlyIn& only : diff.removed) {
      table.rows.push_back(OnlyInRow(only));
    }
    tables.push_back(std::move(table));
  }
  if (!diff.libraries.empty()) {
    Table table{"Libraries",
                "Backends whose library version differs, or that one run lacks.",
                {"backend", "old", "new"},
                {}};
    for (const LibraryChange& change : diff.libraries) {
      table.rows.push_back(
          {{change.backend}, {change.before.value_or(kNone)}, {change.after.value_or(kNone)}});
    }
    tables.push_back(std::move(table));
  }
  if (!diff.settings.empty()) {
    Table table{"Settings",
                "Run settings that differ: read the case changes with them in mind.",
                {"setting", "old", "new"},
                {}};
    for (const SettingChange& change : diff.settings) {
      table.rows.push_back({{change.name}, {change.before}, {change.after}});
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

std::string Headline(const ReportDiff& diff) {
  if (!diff.CasesDiffer()) {
    return "No case changed.";
  }
  return std::to_string(diff.changed.size()) + " changed, " + std::to_string(diff.added.size()) +
         " added, " + std::to_string(diff.removed.size()) + " removed.";
}

std::string SummaryLine(const RunSummary& run) {
  return "tlsconform " + run.tool_version + ", started " + run.started + ", " + run.status + ", " +
         std::to_string(run.cases) + " cases";
}

std::string MarkdownCell(const Cell& cell) {
  std::string text;
  for (char c : cell.text) {
    if (c == '\n' || c == '\r') {
      text += ' ';
    } else if (c == '|') {
      text += "\\|";
    } else {
      text += c;
    }
  }
  return cell.code ? "`" + text + "`" : text;
}

std::string EscapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

ReportDiff DiffReports(const RunRecord& old_run, const std::string& old_label,
                       const RunRecord& new_run, const std::string& new_label) {
  ReportDiff diff;
  diff.old_run = Summarize(old_run, old_label);
  diff.new_run = Summarize(new_run, new_label);

  std::map<std::string, const CaseRecord*> old_cases;
  for (const CaseRecord& record : old_run.cases) {
    old_cases[record.id] = &record;
  }
  std::map<std::string, bool> in_new;
  for (const CaseRecord& record : new_run.cases) {
    in_new[record.id] = true;
    auto found = old_cases.find(record.id);
    if (found == old_cases.end()) {
      diff.added.push_back({record.id, record.requirement, OutcomeOf(record)});
    } else if (OutcomeOf(*found->second) != OutcomeOf(record)) {
      diff.changed.push_back(
          {record.id, record.requirement, OutcomeOf(*found->second), OutcomeOf(record)});
    }
  }
  for (const CaseRecord& record : old_run.cases) {
    if (in_new.count(record.id) == 0) {
      diff.removed.push_back({record.id, record.requirement, OutcomeOf(record)});
    }
  }

  diff.libraries = LibraryChanges(old_run.info, new_run.info);
  diff.settings = SettingChanges(old_run.info, new_run.info);
  return diff;
}

std::string RenderDiffMarkdown(const ReportDiff& diff) {
  std::ostringstream out;
  out << "# tlsconform diff\n\n"
      << "- old: `" << diff.old_run.label << "` (" << SummaryLine(diff.old_run) << ")\n"
      << "- new: `" << diff.new_run.label << "` (" << SummaryLine(diff.new_run) << ")\n\n"
      << Headline(diff) << "\n";
  for (const Table& table : Tables(diff)) {
    out << "\n## " << table.title << "\n\n" << table.note << "\n\n|";
    for (const std::string& name : table.header) {
      out << " " << name << " |";
    }
    out << "\n|";
    for (size_t i = 0; i < table.header.size(); ++i) {
      out << "---|";
    }
    out << "\n";
    for (const std::vector<Cell>& row : table.rows) {
      out << "|";
      for (const Cell& cell : row) {
        out << " " << MarkdownCell(cell) << " |";
      }
      out << "\n";
    }
  }
  return out.str();
}

std::string RenderDiffHtml(const ReportDiff& diff) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>tlsconform diff</title>\n<style>\n"
      << "body { font-family: sans-serif; margin: 2em; color: #222; }\n"
      << "table { border-collapse: collapse; margin-bottom: 1.5em; }\n"
      << "th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; }\n"
      << "th { background: #eee; }\n"
      << "code { font-family: monospace; }\n"
      << "</style>\n</head>\n<body>\n<h1>tlsconform diff</h1>\n<ul>\n"
      << "<li>old: <code>" << EscapeHtml(diff.old_run.label) << "</code> ("
      << EscapeHtml(SummaryLine(diff.old_run)) << ")</li>\n"
      << "<li>new: <code>" << EscapeHtml(diff.new_run.label) << "</code> ("
      << EscapeHtml(SummaryLine(diff.new_run)) << ")</li>\n</ul>\n"
      << "<p>" << EscapeHtml(Headline(diff)) << "</p>\n";
  for (const Table& table : Tables(diff)) {
    out << "<h2>" << EscapeHtml(table.title) << "</h2>\n<p>" << EscapeHtml(table.note)
        << "</p>\n<table>\n<tr>";
    for (const std::string& name : table.header) {
      out << "<th>" << EscapeHtml(name) << "</th>";
    }
    out << "</tr>\n";
    for (const std::vector<Cell>& row : table.rows) {
      out << "<tr>";
      for (const Cell& cell : row) {
        const std::string text = EscapeHtml(cell.text);
        out << "<td>" << (cell.code ? "<code>" + text + "</code>" : text) << "</td>";
      }
      out << "</tr>\n";
    }
    out << "</table>\n";
  }
  out << "</body>\n</html>\n";
  return out.str();
}

}  // namespace tlsconform::reports

#include "tlsconform/runner/baseline.h"

#include <fnmatch.h>

#include <set>
#include <sstream>

#include "toml_file.h"

namespace tlsconform::runner {

const BaselineEntry* Baseline::Match(const std::string& case_id,
                                     const std::string& observed) const {
  for (const BaselineEntry& entry : entries) {
    if (entry.observed == observed && ::fnmatch(entry.case_glob.c_str(), case_id.c_str(), 0) == 0) {
      return &entry;
    }
  }
  return nullptr;
}

namespace {

// NamesBackend: the backend part of `case_glob` (<role>/<backend>/..., or for the interop
// role interop/<client>/<server>/...) may be `backend`: it is `backend` or a glob.
bool NamesBackend(const std::string& case_glob, const std::string& backend) {
  std::vector<std::string> parts;
  std::stringstream stream(case_glob);
  for (std::string part; std::getline(stream, part, '/');) {
    parts.push_back(part);
  }
  auto may_be = [&](size_t index) {
    return index < parts.size() &&
           (parts[index] == backend || parts[index].find_first_of("*?[") != std::string::npos);
  };
  if (!parts.empty() && parts[0] == "interop") {
    return may_be(1) || may_be(2);
  }
  return may_be(1) || (!parts.empty() && parts[0].find_first_of("*?[") != std::string::npos);
}

}  // namespace

Result<Baseline> LoadBaseline(const std::filesystem::path& dir, const std::string& backend) {
  Baseline baseline;
  baseline.backend = backend;
  baseline.path = dir / (backend + ".toml");
  if (!std::filesystem::is_directory(dir)) {
    return NotFound(dir.string() + ": no such baselines folder");
  }
  if (!std::filesystem::exists(baseline.path)) {
    return baseline;  // a backend with no known deviation needs no file
  }
  const std::string where = baseline.path.string();
  Result<toml::table> parsed = ParseTomlFile(baseline.path);
  if (!parsed.ok()) {
    return parsed.status();
  }
  const toml::table& root = *parsed;
  if (root["backend"].value<std::string>() != backend) {
    return InvalidInput(where + ": \"backend\" must be \"" + backend + "\"");
  }
  const toml::node_view<const toml::node> deviations = root["deviation"];
  if (!deviations) {
    return baseline;
  }
  const toml::array* array = deviations.as_array();
  if (array == nullptr) {
    return InvalidInput(where + ": \"deviation\" must be an array of tables ([[deviation]])");
  }
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* table = (*array)[i].as_table();
    const std::string entry_where = where + ": deviation #" + std::to_string(i + 1);
    if (table == nullptr) {
      return InvalidInput(entry_where + ": not a table");
    }
    for (const auto& [key, value] : *table) {
      if (key != "case" && key != "observed" && key != "reason" && key != "link") {
        return InvalidInput(entry_where + ": unknown field \"" + std::string(key.str()) + "\"");
      }
    }
    BaselineEntry entry;
    std::optional<std::string> case_glob = (*table)["case"].value<std::string>();
    std::optional<std::string> observed = (*table)["observed"].value<std::string>();
    std::optional<std::string> reason = (*table)["reason"].value<std::string>();
    if (!case_glob || case_glob->empty()) {
      return InvalidInput(entry_where + ": \"case\" (a glob over case ids) is required");
    }
    if (!observed || (*observed != "ACCEPT" && *observed != "REJECT")) {
      return InvalidInput(entry_where + " (" + *case_glob +
                          "): \"observed\" must be ACCEPT or REJECT");
    }
    if (!reason || reason->empty()) {
      return InvalidInput(entry_where + " (" + *case_glob +
                          "): \"reason\" is required: say what the library does and why");
    }
    if (reason->find_first_not_of(" \t\n") == std::string::npos) {
      return InvalidInput(entry_where + " (" + *case_glob + "): \"reason\" is blank");
    }
    // An entry in this file must be able to match cases of this backend only: its id's
    // backend part (an interop case has two, client and server) names it or is a glob.
    if (!NamesBackend(*case_glob, backend)) {
      return InvalidInput(entry_where + " (" + *case_glob + "): names another backend than \"" +
                          backend + "\"");
    }
    for (const BaselineEntry& earlier : baseline.entries) {
      if (earlier.case_glob == *case_glob && earlier.observed == *observed) {
        return InvalidInput(entry_where + " (" + *case_glob + "): duplicates an earlier entry");
      }
    }
    entry.case_glob = *case_glob;
    entry.observed = *observed;
    entry.reason = *reason;
    entry.link = (*table)["link"].value<std::string>();
    baseline.entries.push_back(std::move(entry));
  }
  return baseline;
}

std::vector<const Baseline*> BaselinesFor(const std::map<std::string, Baseline>& baselines,
                                          const std::string& role, const std::string& backend,
                                          const std::string& peer) {
  std::vector<const Baseline*> out;
  if (auto own = baselines.find(backend); own != baselines.end()) {
    out.push_back(&own->second);
  }
  if (role == "interop" && peer != backend) {
    if (auto server = baselines.find(peer); server != baselines.end()) {
      out.push_back(&server->second);
    }
  }
  return out;
}

namespace {

// Concerns: `record` is a case `baseline` may list (BaselinesFor).
bool Concerns(const Baseline& baseline, const reports::CaseRecord& record) {
  return record.backend == baseline.backend ||
         (record.role == "interop" && record.peer == baseline.backend);
}

bool Matches(const BaselineEntry& entry, const std::string& case_id) {
  return ::fnmatch(entry.case_glob.c_str(), case_id.c_str(), 0) == 0;
}

// UsedEntries returns the indexes of the entries that made a case of this backend KNOWN.
std::set<size_t> UsedEntries(const Baseline& baseline,
                             const std::vector<reports::CaseRecord>& records) {
  std::set<size_t> used;
  for (const reports::CaseRecord& record : records) {
    if (!Concerns(baseline, record) || record.verdict != reports::Verdict::kKnown) {
      continue;
    }
    if (const BaselineEntry* entry = baseline.Match(record.id, record.observed)) {
      used.insert(static_cast<size_t>(entry - baseline.entries.data()));
    }
  }
  return used;
}

// JudgedCases returns the ids of this backend's cases with an outcome that `entry` matches.
std::vector<std::string> JudgedCases(const Baseline& baseline, const BaselineEntry& entry,
                                     const std::vector<reports::CaseRecord>& records) {
  std::vector<std::string> cases;
  for (const reports::CaseRecord& record : records) {
    if (Concerns(baseline, record) && record.observed != "NONE" && Matches(entry, record.id)) {
      cases.push_back(record.id);
    }
  }
  return cases;
}

std::string NewEntryReason(const reports::CaseRecord& record, const std::string& date) {
  std::ostringstream reason;
  reason << "Observed " << record.observed;
  if (record.reason) {
    reason << " (" << *record.reason << ")";
  }
  reason << " where the aws-iot profile expects " << record.expected;
  if (record.expected_reason) {
    reason << " (" << *record.expected_reason << ")";
  }
  reason << "; recorded by --update-baseline on " << date << ".";
  // The library's own words are the best start for explaining the deviation.
  const nlohmann::json& side = record.role == "client" ? record.client : record.server;
  if (side.is_object() && side.contains("result") && side["result"].is_object()) {
    const nlohmann::json& error = side["result"].value("error", nlohmann::json(nullptr));
    if (error.is_string()) {
      reason << " Library error: " << error.get<std::string>();
    }
  }
  return reason.str();
}

}  // namespace

std::vector<reports::StaleBaselineEntry> FindStaleEntries(
    const Baseline& baseline, const std::vector<reports::CaseRecord>& records) {
  std::vector<reports::StaleBaselineEntry> stale;
  const std::set<size_t> used = UsedEntries(baseline, records);
  for (size_t i = 0; i < baseline.entries.size(); ++i) {
    const BaselineEntry& entry = baseline.entries[i];
    std::vector<std::string> cases = JudgedCases(baseline, entry, records);
    if (used.count(i) == 0 && !cases.empty()) {
      stale.push_back(
          {baseline.backend, entry.case_glob, entry.observed, entry.reason, std::move(cases)});
    }
  }
  return stale;
}

Baseline UpdateBaseline(const Baseline& baseline, const std::vector<reports::CaseRecord>& records,
                        const std::string& date) {
  Baseline updated = baseline;
  updated.entries.clear();
  const std::set<size_t> used = UsedEntries(baseline, records);
  for (size_t i = 0; i < baseline.entries.size(); ++i) {
    const BaselineEntry& entry = baseline.entries[i];
    if (used.count(i) > 0 || JudgedCases(baseline, entry, records).empty()) {
      updated.entries.push_back(entry);
    }
  }
  for (const reports::CaseRecord& record : records) {
    if (record.backend == baseline.backend && record.verdict == reports::Verdict::kFail &&
        updated.Match(record.id, record.observed) == nullptr) {
      updated.entries.push_back(
          {record.id, record.observed, NewEntryReason(record, date), std::nullopt});
    }
  }
  return updated;
}

std::string RenderBaselineToml(const Baseline& baseline) {
  toml::array deviations;
  for (const BaselineEntry& entry : baseline.entries) {
    toml::table table{
        {"case", entry.case_glob}, {"observed", entry.observed}, {"reason", entry.reason}};
    if (entry.link) {
      table.insert("link", *entry.link);
    }
    deviations.push_back(std::move(table));
  }
  toml::table root{{"backend", baseline.backend}};
  if (!deviations.empty()) {
    root.insert("deviation", std::move(deviations));
  }
  std::ostringstream out;
  out << "# Known deviations of " << baseline.backend
      << " from the aws-iot expectations (baselines/README.md).\n"
      << "# Written by `tlsconform run --update-baseline`; every reason is kept when rewritten.\n\n"
      << root << "\n";
  return out.str();
}

}  // namespace tlsconform::runner

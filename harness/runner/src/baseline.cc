#include "tlsconform/runner/baseline.h"

#include <fnmatch.h>

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

Result<Baseline> LoadBaseline(const std::filesystem::path& dir, const std::string& backend) {
  Baseline baseline;
  baseline.backend = backend;
  baseline.path = dir / (backend + ".toml");
  if (!std::filesystem::exists(baseline.path)) {
    return baseline;
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
    entry.case_glob = *case_glob;
    entry.observed = *observed;
    entry.reason = *reason;
    entry.link = (*table)["link"].value<std::string>();
    baseline.entries.push_back(std::move(entry));
  }
  return baseline;
}

}  // namespace tlsconform::runner

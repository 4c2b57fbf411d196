// Baseline: a backend's known deviations from the profile (baselines/<backend>.toml).
//
// A FAIL whose case id matches an entry becomes KNOWN. Each entry says what the library does
// and why, with a link where one is public, so a reader of the report need not guess.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tlsconform/status.h"

namespace tlsconform::runner {

struct BaselineEntry {
  std::string case_glob;  // fnmatch pattern over case ids
  std::string observed;   // ACCEPT or REJECT: what the library does instead
  std::string reason;
  std::optional<std::string> link;
};

struct Baseline {
  std::string backend;
  std::filesystem::path path;
  std::vector<BaselineEntry> entries;

  // Match returns the first entry whose glob matches `case_id` and whose observed outcome is
  // `observed`, or nullptr.
  const BaselineEntry* Match(const std::string& case_id, const std::string& observed) const;
};

// LoadBaseline reads DIR/<backend>.toml; a missing file is an empty baseline.
Result<Baseline> LoadBaseline(const std::filesystem::path& dir, const std::string& backend);

}  // namespace tlsconform::runner

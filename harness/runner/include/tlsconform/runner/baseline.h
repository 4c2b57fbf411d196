// Baseline: a backend's known deviations from the profile (baselines/<backend>.toml).
//
// A FAIL whose case id matches an entry becomes KNOWN. Each entry says what the library does
// and why, with a link where one is public, so a reader of the report need not guess.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tlsconform/reports/run_record.h"
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

// BaselinesFor returns the baselines of `baselines` (by backend name) that may list a case:
// its backend's and, in the interop role, its server backend's (`peer`) too.
std::vector<const Baseline*> BaselinesFor(const std::map<std::string, Baseline>& baselines,
                                          const std::string& role, const std::string& backend,
                                          const std::string& peer);

// LoadBaseline reads DIR/<backend>.toml; a missing file is an empty baseline.
Result<Baseline> LoadBaseline(const std::filesystem::path& dir, const std::string& backend);

// FindStaleEntries returns the entries of `baseline` that matched cases of this run with an
// outcome, none of which deviated as the entry records. An entry whose glob matched no such
// case (filtered out, skipped, crashed) cannot be judged and is not stale.
std::vector<reports::StaleBaselineEntry> FindStaleEntries(
    const Baseline& baseline, const std::vector<reports::CaseRecord>& records);

// UpdateBaseline returns `baseline` rewritten from a run: entries still in use and entries
// the run could not judge are kept with their reasons; stale entries are dropped; each FAIL
// of this backend that no entry covers gets a new entry for its exact case id, whose reason
// records what was observed on `date` and the library's own error text.
Baseline UpdateBaseline(const Baseline& baseline, const std::vector<reports::CaseRecord>& records,
                        const std::string& date);

// RenderBaselineToml renders a baseline in the format LoadBaseline reads.
std::string RenderBaselineToml(const Baseline& baseline);

}  // namespace tlsconform::runner

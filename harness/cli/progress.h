// Progress: what a long run tells a person while it goes, on stderr.
#pragma once

#include <chrono>
#include <cstddef>

#include "tlsconform/reports/run_record.h"

namespace tlsconform::cli {

enum class Verbosity { kQuiet, kNormal, kVerbose };

// On a terminal, one line rewritten in place: cases done, total, failures and time left.
// Elsewhere (CI logs) a plain line every tenth of the run. --verbose adds one line per case;
// --quiet says nothing until the end.
class Progress {
 public:
  Progress(size_t total, Verbosity verbosity);

  void Update(const reports::CaseRecord& record);
  void Finish();

 private:
  std::string Line() const;

  size_t total_;
  Verbosity verbosity_;
  bool terminal_;
  size_t done_ = 0;
  size_t failures_ = 0;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace tlsconform::cli

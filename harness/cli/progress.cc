#include "progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

namespace tlsconform::cli {

using reports::Verdict;

Progress::Progress(size_t total, Verbosity verbosity)
    : total_(total),
      verbosity_(verbosity),
      terminal_(::isatty(STDERR_FILENO) != 0),
      started_(std::chrono::steady_clock::now()) {}

std::string Progress::Line() const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  // The cases still to run are assumed to take as long as those done so far.
  const double left = done_ == 0 ? 0 : elapsed / done_ * (total_ - done_);
  return fmt::format("[{}/{}] {} failure{}, {:.0f} s left", done_, total_, failures_,
                     failures_ == 1 ? "" : "s", left);
}

void Progress::Update(const reports::CaseRecord& record) {
  ++done_;
  if (record.verdict == Verdict::kFail || record.verdict == Verdict::kCrash ||
      record.verdict == Verdict::kTimeout || record.verdict == Verdict::kError) {
    ++failures_;
  }
  if (verbosity_ == Verbosity::kQuiet) {
    return;
  }
  if (verbosity_ == Verbosity::kVerbose) {
    if (terminal_) {
      std::cerr << "\r\033[K";
    }
    std::cerr << fmt::format("{:<7} {}  {}\n", reports::VerdictName(record.verdict), record.id,
                             record.detail);
  }
  if (terminal_) {
    std::cerr << "\r\033[K" << Line() << "  " << record.id << std::flush;
  } else if (verbosity_ == Verbosity::kNormal && total_ >= 10 && done_ % (total_ / 10) == 0) {
    std::cerr << "tlsconform: " << Line() << "\n";
  }
}

void Progress::Finish() {
  if (terminal_ && verbosity_ != Verbosity::kQuiet) {
    std::cerr << "\r\033[K" << std::flush;
  }
}

}  // namespace tlsconform::cli

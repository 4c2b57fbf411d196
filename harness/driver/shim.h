// RunShim is the whole life of a shim process (PROTOCOL.md): the hello line, then one
// answer per stdin line until `quit` or end of input.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "driver/backend.h"
#include "driver/fault.h"

namespace tlsconform::shim {

// Exit codes of a shim process.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;

// RunShim speaks the protocol for `backend` over `in` and `out` and returns the exit code.
// `args` are the command-line arguments after the program name. Only protocol lines go to
// `out`, each flushed at once; everything for people goes to stderr.
int RunShim(Backend& backend, const std::vector<std::string>& args, const FaultPlan& faults,
            std::istream& in, std::ostream& out);

// AnswerCase runs one case and returns its answer line: a `result` line, or an `error` line
// when the harness side failed (a named file is missing, the relay cannot be reached).
std::string AnswerCase(Backend& backend, const FaultPlan& faults, const CaseRequest& request);

}  // namespace tlsconform::shim

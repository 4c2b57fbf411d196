// Parsing and writing the lines of the shim protocol (harness/PROTOCOL.md).
//
// These functions never throw: a line that cannot be understood becomes a ParseFailure,
// which the driver answers with an `error` line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "driver/backend.h"

namespace tlsconform::shim {

// kProtocolVersion is the `protocol` field of the hello line.
inline constexpr int kProtocolVersion = 2;

struct QuitMessage {};

// ParseFailure is a stdin line the shim could not use. `id` is set when the line was a JSON
// object with a string `id`, so the runner can tell which case it concerns.
struct ParseFailure {
  std::optional<std::string> id;
  std::string message;
};

using Message = std::variant<QuitMessage, CaseRequest, ParseFailure>;

// ParseMessage reads one stdin line: `quit`, a `case`, or a failure saying what is wrong.
Message ParseMessage(std::string_view line);

// HelloLine, ResultLine and ErrorLine return one stdout line, without its newline.
std::string HelloLine(const std::string& backend, const std::string& library,
                      const Capabilities& capabilities);
std::string ResultLine(const std::string& id, const CaseResult& result);
std::string ErrorLine(const std::optional<std::string>& id, const std::string& message);

}  // namespace tlsconform::shim

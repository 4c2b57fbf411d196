// ParseTomlFile: the runner's one way to read a TOML file, with errors that name the file
// and line. Debian's toml++ is built with exceptions, so a parse error arrives as one.
#pragma once

#include <toml++/toml.h>

#include <filesystem>

#include "tlsconform/status.h"

namespace tlsconform::runner {

inline Result<toml::table> ParseTomlFile(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) {
    return NotFound(path.string() + ": no such file");
  }
  try {
    return toml::parse_file(path.string());
  } catch (const toml::parse_error& error) {
    return InvalidInput(path.string() + ":" + std::to_string(error.source().begin.line) + ": " +
                        std::string(error.description()));
  }
}

}  // namespace tlsconform::runner

// EntryReader: reads the fields of one catalogue entry (a TOML table) with errors that name
// the file and the entry, and rejects fields nobody asked for.
//
// Errors are sticky: the first one is kept and later reads return empty values, so a parser
// reads every field in a row and checks once, with Finish().
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tlsconform/certs/recipe.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

class EntryReader {
 public:
  // `context` prefixes every message: "fixtures/aws-iot/sig.toml: cert.device-x".
  EntryReader(const toml::table& table, std::string context);

  // Each reader marks `key` as known. A missing optional field gives nullopt; a field of the
  // wrong type records an error.
  std::string RequiredString(std::string_view key);
  std::optional<std::string> OptionalString(std::string_view key);
  std::optional<int64_t> OptionalInteger(std::string_view key);
  std::optional<bool> OptionalBool(std::string_view key);
  std::optional<std::vector<std::string>> OptionalStringList(std::string_view key);
  std::vector<std::string> RequiredStringList(std::string_view key);
  // A time is a string "YYYY-MM-DDTHH:MM:SSZ" or a TOML offset date-time in UTC.
  std::optional<UtcTime> OptionalTime(std::string_view key);
  const toml::table* OptionalTable(std::string_view key);

  // Finish returns the first error recorded, else an error for the first field that no
  // reader asked for, else Ok.
  Status Finish() const;

  // Error returns an invalid-input Status "<context>: <message>".
  Status Error(std::string_view message) const;

  const std::string& context() const { return context_; }

 private:
  const toml::node* Find(std::string_view key);
  // OptionalValue reads a scalar of TOML type T; `kind` names the type in messages.
  template <typename T>
  std::optional<T> OptionalValue(std::string_view key, std::string_view kind);
  void Record(std::string_view message);

  const toml::table& table_;
  std::string context_;
  std::set<std::string, std::less<>> known_;
  Status first_error_;
};

// Quote returns `text` in double quotes, for messages.
std::string Quote(std::string_view text);

}  // namespace tlsconform::certs::internal

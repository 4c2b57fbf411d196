#include "entry_reader.h"

#include <string>
#include <utility>

namespace tlsconform::certs::internal {

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

EntryReader::EntryReader(const toml::table& table, std::string context)
    : table_(table), context_(std::move(context)) {}

const toml::node* EntryReader::Find(std::string_view key) {
  known_.emplace(key);
  return table_.get(key);
}

void EntryReader::Record(std::string_view message) {
  if (first_error_.ok()) {
    first_error_ = Error(message);
  }
}

Status EntryReader::Error(std::string_view message) const {
  return InvalidInput(context_ + ": " + std::string(message));
}

std::string EntryReader::RequiredString(std::string_view key) {
  std::optional<std::string> value = OptionalString(key);
  if (!value) {
    Record("missing field " + Quote(key));
    return "";
  }
  return *value;
}

template <typename T>
std::optional<T> EntryReader::OptionalValue(std::string_view key, std::string_view kind) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (const toml::value<T>* value = node->as<T>()) {
    return value->get();
  }
  Record(Quote(key) + " must be " + std::string(kind));
  return std::nullopt;
}

std::optional<std::string> EntryReader::OptionalString(std::string_view key) {
  return OptionalValue<std::string>(key, "a string");
}

std::optional<int64_t> EntryReader::OptionalInteger(std::string_view key) {
  return OptionalValue<int64_t>(key, "an integer");
}

std::optional<bool> EntryReader::OptionalBool(std::string_view key) {
  return OptionalValue<bool>(key, "true or false");
}

std::optional<std::vector<std::string>> EntryReader::OptionalStringList(std::string_view key) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    Record(Quote(key) + " must be a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> values;
  for (const toml::node& element : *array) {
    if (!element.is_string()) {
      Record(Quote(key) + " must be a list of strings");
      return std::nullopt;
    }
    values.push_back(element.as_string()->get());
  }
  return values;
}

std::vector<std::string> EntryReader::RequiredStringList(std::string_view key) {
  std::optional<std::vector<std::string>> values = OptionalStringList(key);
  if (!values) {
    Record("missing field " + Quote(key));
    return {};
  }
  return *values;
}

std::optional<UtcTime> EntryReader::OptionalTime(std::string_view key) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const std::string kFormat = " must be a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"";
  if (node->is_string()) {
    std::optional<UtcTime> time = ParseUtcTime(node->as_string()->get());
    if (!time) {
      Record(Quote(key) + kFormat + ", not " + Quote(node->as_string()->get()));
    }
    return time;
  }

  // An unquoted TOML date-time is accepted when it says the same thing: offset Z (or
  // +00:00) and whole seconds.
  if (node->is_date_time()) {
    const toml::date_time& value = node->as_date_time()->get();
    if (value.offset && value.offset->minutes == 0 && value.time.nanosecond == 0) {
      UtcTime time{value.date.year, value.date.month,  value.date.day,
                   value.time.hour, value.time.minute, value.time.second};
      if (ParseUtcTime(time.ToString())) {
        return time;
      }
    }
  }
  Record(Quote(key) + kFormat);
  return std::nullopt;
}

const toml::table* EntryReader::OptionalTable(std::string_view key) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    return nullptr;
  }
  if (!node->is_table()) {
    Record(Quote(key) + " must be a table");
    return nullptr;
  }
  return node->as_table();
}

Status EntryReader::Finish() const {
  if (!first_error_.ok()) {
    return first_error_;
  }
  for (const auto& [key, node] : table_) {
    if (!known_.contains(key.str())) {
      return Error("unknown field " + Quote(key.str()));
    }
  }
  return Status::Ok();
}

}  // namespace tlsconform::certs::internal

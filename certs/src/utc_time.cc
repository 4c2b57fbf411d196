// UtcTime: the one time format of recipes, "YYYY-MM-DDTHH:MM:SSZ".
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "tlsconform/certs/recipe.h"

namespace tlsconform::certs {
namespace {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// ReadDigits parses text[pos, pos + count) as a decimal number; nullopt unless all digits.
std::optional<int> ReadDigits(std::string_view text, size_t pos, size_t count) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::string UtcTime::ToGeneralizedTime() const {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d%02d%02d%02d%02d%02dZ", year, month, day, hour, minute,
                second);
  return buffer;
}

std::string UtcTime::ToString() const {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour,
                minute, second);
  return buffer;
}

std::optional<UtcTime> ParseUtcTime(std::string_view text) {
  // "YYYY-MM-DDTHH:MM:SSZ": 20 characters with separators at fixed places.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  std::optional<int> year = ReadDigits(text, 0, 4);
  std::optional<int> month = ReadDigits(text, 5, 2);
  std::optional<int> day = ReadDigits(text, 8, 2);
  std::optional<int> hour = ReadDigits(text, 11, 2);
  std::optional<int> minute = ReadDigits(text, 14, 2);
  std::optional<int> second = ReadDigits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) {
    return std::nullopt;
  }

  // RFC 5280 4.1.2.5: seconds are always present and never fractional; no leap seconds.
  if (*year < 1 || *month < 1 || *month > 12 || *day < 1 || *day > DaysInMonth(*year, *month) ||
      *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  return UtcTime{*year, *month, *day, *hour, *minute, *second};
}

}  // namespace tlsconform::certs

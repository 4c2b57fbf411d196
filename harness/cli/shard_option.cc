#include "shard_option.h"

#include <charconv>
#include <cstdlib>
#include <fstream>

namespace tlsconform::cli {
namespace {

constexpr const char* kIndexVariable = "GTEST_SHARD_INDEX";
constexpr const char* kTotalVariable = "GTEST_TOTAL_SHARDS";
constexpr const char* kStatusFileVariable = "GTEST_SHARD_STATUS_FILE";

// Environment returns a variable's value; unset and empty are the same (nothing asked).
std::optional<std::string> Environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

// ParseCount reads a whole decimal number of at least `minimum`.
std::optional<int> ParseCount(const std::string& text, int minimum) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < minimum) {
    return std::nullopt;
  }
  return value;
}

// ShardFromEnvironment reads GoogleTest's variables: both or neither must be set.
Result<std::optional<runner::ShardSpec>> ShardFromEnvironment() {
  const std::optional<std::string> index = Environment(kIndexVariable);
  const std::optional<std::string> total = Environment(kTotalVariable);
  if (!index && !total) {
    return std::optional<runner::ShardSpec>();
  }
  if (!index || !total) {
    return InvalidInput(std::string(index ? kIndexVariable : kTotalVariable) + " is set but " +
                        (index ? kTotalVariable : kIndexVariable) +
                        " is not: a shard needs both (or use --shard I/N)");
  }

  const std::optional<int> count = ParseCount(*total, 1);
  if (!count) {
    return InvalidInput(std::string(kTotalVariable) + "=\"" + *total +
                        "\": expected a whole number of shards, at least 1");
  }
  const std::optional<int> zero_based = ParseCount(*index, 0);
  if (!zero_based || *zero_based >= *count) {
    return InvalidInput(std::string(kIndexVariable) + "=\"" + *index +
                        "\": expected a 0-based shard index below " + kTotalVariable + "=" +
                        *total);
  }

  if (const std::optional<std::string> status_file = Environment(kStatusFileVariable)) {
    std::ofstream touch(*status_file, std::ios::app);
    if (!touch) {
      return IoError(std::string(kStatusFileVariable) + "=\"" + *status_file +
                     "\": cannot create the file");
    }
  }
  return std::optional<runner::ShardSpec>(runner::ShardSpec{*zero_based + 1, *count});
}

}  // namespace

Result<ShardedPlan> ShardPlan(const std::optional<std::string>& flag,
                              std::vector<runner::PlannedCase> plan) {
  std::optional<runner::ShardSpec> spec;
  if (flag) {
    Result<runner::ShardSpec> parsed = runner::ParseShardSpec(*flag);
    if (!parsed.ok()) {
      return parsed.status().Prefix("--shard");
    }
    spec = *parsed;
  } else {
    Result<std::optional<runner::ShardSpec>> from_environment = ShardFromEnvironment();
    if (!from_environment.ok()) {
      return from_environment.status();
    }
    spec = *from_environment;
  }
  if (!spec) {
    return ShardedPlan{std::move(plan), std::nullopt};
  }

  Result<std::string> digest = runner::PlanDigest(plan);
  if (!digest.ok()) {
    return digest.status();
  }
  reports::ShardInfo shard{spec->index, spec->total, plan.size(), *digest};
  return ShardedPlan{runner::SelectShard(plan, *spec), shard};
}

}  // namespace tlsconform::cli

#include "tlsconform/runner/plan.h"

#include <fnmatch.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace tlsconform::runner {
namespace {

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool MatchesAny(const std::vector<std::string>& filters, const std::string& id) {
  if (filters.empty()) {
    return true;
  }
  return std::any_of(filters.begin(), filters.end(), [&](const std::string& glob) {
    return ::fnmatch(glob.c_str(), id.c_str(), 0) == 0;
  });
}

}  // namespace

bool BackendDescription::SupportsVersion(const std::string& version) const {
  const nlohmann::json& versions = capabilities.value("versions", nlohmann::json::array());
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

bool BackendDescription::Capable(const std::string& capability) const {
  return capabilities.value(capability, false);
}

std::string CaseId(const std::string& role, const std::string& backend, const std::string& version,
                   const std::string& fixture_id) {
  return role + "/" + backend + "/" + version + "/" + fixture_id;
}

std::vector<PlannedCase> PlanCases(const Suite& suite, const SecurityPolicy& policy,
                                   const FixtureSet& fixtures,
                                   const std::vector<BackendDescription>& backends,
                                   const BackendDescription& reference,
                                   const std::vector<std::string>& filters) {
  std::vector<PlannedCase> plan;
  for (const BackendDescription& backend : backends) {
    for (const std::string& role : suite.roles) {
      for (const std::string& version : suite.versions) {
        if (!Contains(policy.versions, version)) {
          continue;  // the security policy does not allow it: no such case exists
        }
        for (const Fixture& fixture : fixtures.fixtures) {
          // The client role presents what a device would: only fixtures the profile accepts.
          if (role == "client" && !fixture.valid()) {
            continue;
          }
          PlannedCase planned{CaseId(role, backend.name, version, fixture.id),
                              role,
                              backend.name,
                              version,
                              &fixture,
                              std::nullopt};
          if (!MatchesAny(filters, planned.id)) {
            continue;
          }
          planned.position = plan.size();
          if (!backend.SupportsVersion(version)) {
            planned.missing_capability = backend.name + ": " + version;
          } else if (!reference.SupportsVersion(version)) {
            planned.missing_capability = reference.name + " (reference): " + version;
          } else if (fixture.crl && !backend.Capable("crl") && role == "server") {
            planned.missing_capability = backend.name + ": crl";
          } else if (fixture.key_mismatch) {
            // The presenting side must be able to sign with a key its certificate does not
            // match; in the server role that is the reference client.
            const BackendDescription& presenter = role == "server" ? reference : backend;
            if (!presenter.Capable("key_mismatch_hook")) {
              planned.missing_capability = presenter.name + ": key_mismatch_hook";
            }
          }
          plan.push_back(std::move(planned));
        }
      }
    }
  }
  return plan;
}

Result<ShardSpec> ParseShardSpec(const std::string& text) {
  const std::string usage =
      "\"" + text + "\" is not a shard: expected I/N with 1 <= I <= N, as in 2/4";
  const size_t slash = text.find('/');
  if (slash == std::string::npos) {
    return InvalidInput(usage);
  }

  ShardSpec shard;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [index_end, index_error] = std::from_chars(begin, begin + slash, shard.index);
  auto [total_end, total_error] = std::from_chars(begin + slash + 1, end, shard.total);
  if (index_error != std::errc() || index_end != begin + slash || total_error != std::errc() ||
      total_end != end || shard.total < 1 || shard.index < 1 || shard.index > shard.total) {
    return InvalidInput(usage);
  }
  return shard;
}

std::vector<PlannedCase> SelectShard(const std::vector<PlannedCase>& plan, const ShardSpec& shard) {
  std::vector<PlannedCase> selected;
  const size_t total = static_cast<size_t>(shard.total);
  const size_t wanted = static_cast<size_t>(shard.index - 1);
  for (size_t position = 0; position < plan.size(); ++position) {
    if (position % total == wanted) {
      selected.push_back(plan[position]);
    }
  }
  return selected;
}

Result<std::string> PlanDigest(const std::vector<PlannedCase>& plan) {
  std::vector<std::string> ids;
  for (const PlannedCase& planned : plan) {
    ids.push_back(planned.id);
  }
  return DigestCaseIds(ids);
}

Result<std::string> DigestCaseIds(const std::vector<std::string>& case_ids) {
  std::string ids;
  for (size_t i = 0; i < case_ids.size(); ++i) {
    ids += (i == 0 ? "" : "\n") + case_ids[i];
  }

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(ids.data(), ids.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return CryptoError("SHA-256 of the plan's case ids failed");
  }

  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

}  // namespace tlsconform::runner

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

bool BackendDescription::Lists(const std::string& capability, const std::string& value) const {
  if (!capabilities.contains(capability) || !capabilities[capability].is_array() ||
      capabilities[capability].empty()) {
    return true;
  }
  const nlohmann::json& values = capabilities[capability];
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string CaseId(const PlannedCase& planned, const std::string& fixture_id) {
  const std::string tail = planned.version + "/" + fixture_id;
  if (planned.role == "server") {
    return "server/" + planned.backend + "/" + planned.server_config + "/" + tail;
  }
  if (planned.role == "client") {
    return "client/" + planned.backend + "/" + tail;
  }
  return planned.role + "/" + planned.ClientBackend() + "/" + planned.ServerBackend() + "/" + tail;
}

namespace {

// MissingCapability names what one side of `planned` lacks to run it, if anything. `server`
// and `client` describe the backends of the two shims.
std::optional<std::string> MissingCapability(const PlannedCase& planned,
                                             const BackendDescription& server,
                                             const BackendDescription& client) {
  const Fixture& fixture = *planned.fixture;
  for (const BackendDescription* side : {&server, &client}) {
    if (!side->SupportsVersion(planned.version)) {
      return side->name + ": " + planned.version;
    }
  }
  if (planned.server_config != "defaults" &&
      !server.Lists("server_configs", planned.server_config)) {
    return server.name + ": server configuration " + planned.server_config;
  }
  if (fixture.crl && !server.Capable("crl")) {
    return server.name + ": crl";
  }
  // The presenting side must be able to sign with a key its certificate does not match.
  if (fixture.key_mismatch && !client.Capable("key_mismatch_hook")) {
    return client.name + ": key_mismatch_hook";
  }
  // A chain the profile accepts must load on the client and verify on the server; a key type
  // or curve one of them lacks is a SKIP naming it. A chain the profile refuses runs anyway:
  // refusing it for want of support is the expected outcome.
  if (fixture.valid()) {
    for (const BackendDescription* side : {&server, &client}) {
      for (const std::string& key_type : fixture.key_types) {
        if (!side->Lists("key_types", key_type)) {
          return side->name + ": key type " + key_type;
        }
      }
      for (const std::string& curve : fixture.curves) {
        if (!side->Lists("curves", curve)) {
          return side->name + ": curve " + curve;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<PlannedCase> PlanCases(const Suite& suite, const SecurityPolicy& policy,
                                   const FixtureSet& fixtures,
                                   const std::vector<BackendDescription>& backends,
                                   const BackendDescription& reference,
                                   const PlanOptions& options) {
  std::vector<PlannedCase> plan;
  auto add = [&](PlannedCase planned, const Fixture& fixture, const BackendDescription& server,
                 const BackendDescription& client) {
    planned.fixture = &fixture;
    planned.id = CaseId(planned, fixture.id);
    if (!MatchesAny(options.filters, planned.id)) {
      return;
    }
    planned.position = plan.size();
    planned.missing_capability = MissingCapability(planned, server, client);
    plan.push_back(std::move(planned));
  };

  auto versions = [&]() {
    std::vector<std::string> out;
    for (const std::string& version : suite.versions) {
      if (Contains(policy.versions, version)) {
        out.push_back(version);  // a version the security policy refuses has no case
      }
    }
    return out;
  }();

  // Per backend: the server role in each server configuration, then the client role, which
  // presents what a device would: only fixtures the profile accepts.
  for (const BackendDescription& backend : backends) {
    for (const std::string& role : suite.roles) {
      for (const std::string& version : versions) {
        if (role == "server") {
          for (const std::string& config : options.server_configs) {
            for (const Fixture& fixture : fixtures.fixtures) {
              add({.role = role,
                   .backend = backend.name,
                   .peer = reference.name,
                   .server_config = config,
                   .version = version},
                  fixture, backend, reference);
            }
          }
        } else if (role == "client") {
          for (const Fixture& fixture : fixtures.fixtures) {
            if (fixture.valid()) {
              add({.role = role,
                   .backend = backend.name,
                   .peer = reference.name,
                   .version = version},
                  fixture, reference, backend);
            }
          }
        }
      }
    }
  }

  // The interoperability matrix: every backend presents every fixture to every backend, the
  // servers in `defaults`: how the libraries get along out of the box.
  if (Contains(suite.roles, "interop")) {
    for (const BackendDescription& client : backends) {
      for (const BackendDescription& server : backends) {
        for (const std::string& version : versions) {
          for (const Fixture& fixture : fixtures.fixtures) {
            add({.role = "interop",
                 .backend = client.name,
                 .peer = server.name,
                 .version = version},
                fixture, server, client);
          }
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

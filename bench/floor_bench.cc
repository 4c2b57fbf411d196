// The floor of a case's cost: the same handshake and ping/pong as a harness case, done by one
// backend's own code (the shim's Backend, both roles) in one process over a socketpair, with no
// shim process, protocol line or relay. One binary per backend (tlsconform_bench_floor_<name>),
// since the libraries export clashing symbols. bench/run.sh compares it with harness_bench.
//
// TLSCONFORM_BENCH_FIXTURES names a generated fixture set. This binary reads its manifest and
// the default security policy itself: the runner library links the system's libcrypto, which
// must not meet another backend's (BoringSSL exports the same names).
#include <benchmark/benchmark.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "driver/backend.h"
#include "pair_runner.h"

namespace tlsconform::bench {
namespace {

const char* const kFixtures[] = {"key::rsa2048", "key::ec-p256"};
const char* const kVersions[] = {"tls1.2", "tls1.3"};

// The files of one side, absolute.
struct Files {
  std::string chain, key, trust;
};

struct Setup {
  std::string cipher_list;   // the policy's TLS 1.2 suites, OpenSSL names joined by ':'
  std::string ciphersuites;  // its TLS 1.3 suites
  std::string server_name;
  Files server;
  std::map<std::string, Files> fixtures;  // by fixture id
};

std::string Joined(const toml::array* array) {
  std::string out;
  if (array != nullptr) {
    for (const toml::node& node : *array) {
      out += (out.empty() ? "" : ":") + node.value_or(std::string());
    }
  }
  return out;
}

// Load reads the default suite's security policy and the fixture set's manifest; false with a
// message on stderr when either is missing or malformed.
bool Load(const std::filesystem::path& source, const std::filesystem::path& dir, Setup& setup) {
  try {
    const toml::table suite = toml::parse_file((source / "suites" / "default.toml").string());
    const std::string policy_name = suite["suite"]["policy"].value_or(std::string());
    const toml::table policy =
        toml::parse_file((source / "suites" / "policies" / (policy_name + ".toml")).string());
    setup.cipher_list = Joined(policy["tls12_ciphers"].as_array());
    setup.ciphersuites = Joined(policy["tls13_ciphersuites"].as_array());

    std::ifstream in(dir / "manifest.json");
    const nlohmann::json manifest = nlohmann::json::parse(in);
    auto files = [&](const nlohmann::json& object) {
      auto path = [&](const char* key) {
        return (dir / object.at(key).get<std::string>()).string();
      };
      return Files{path("chain"), path("key"), path("trust")};
    };
    setup.server = files(manifest.at("server"));
    setup.server_name = manifest.at("server").at("name").get<std::string>();
    for (const nlohmann::json& fixture : manifest.at("fixtures")) {
      setup.fixtures[fixture.at("id").get<std::string>()] = files(fixture.at("files"));
    }
  } catch (const std::exception& error) {
    std::cerr << "floor_bench: " << dir.string() << ": " << error.what() << "\n";
    return false;
  }
  return true;
}

// Requests as the runner builds them for an interop case (harness/runner/src/runner.cc): the
// server enforces the policy's suites; both keep their library's security level.
std::pair<shim::CaseRequest, shim::CaseRequest> Requests(const Setup& setup, const Files& fixture,
                                                         const std::string& version) {
  shim::CaseRequest server;
  server.id = "floor/server";
  server.role = shim::Role::kServer;
  server.tls.version = version;
  server.tls.cipher_list = setup.cipher_list;
  server.tls.ciphersuites = setup.ciphersuites;
  server.credentials = shim::Credentials{setup.server.chain, setup.server.key};
  server.trust = fixture.trust;
  server.server_name = setup.server_name;

  shim::CaseRequest client;
  client.id = "floor/client";
  client.role = shim::Role::kClient;
  client.tls.version = version;
  client.credentials = shim::Credentials{fixture.chain, fixture.key};
  client.trust = setup.server.trust;
  client.server_name = setup.server_name;
  return {server, client};
}

void Handshake(benchmark::State& state, const Setup* setup, const Files* fixture,
               std::string version) {
  std::unique_ptr<shim::Backend> backend = shim::MakeBackend();
  auto [server, client] = Requests(*setup, *fixture, version);
  for (auto _ : state) {
    shim::testing::PairResult pair = shim::testing::RunPair(*backend, server, client);
    if (!pair.client.app_data) {
      state.SkipWithError(("handshake failed: " + pair.client.error.value_or("?") + " / " +
                           pair.server.error.value_or("?"))
                              .c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

int Main(int argc, char** argv) {
  const char* fixtures_dir = std::getenv("TLSCONFORM_BENCH_FIXTURES");
  if (fixtures_dir == nullptr) {
    std::cerr << "floor_bench: set TLSCONFORM_BENCH_FIXTURES (bench/run.sh does)\n";
    return 2;
  }
  static Setup setup;
  if (!Load(TLSCONFORM_SOURCE_DIR, fixtures_dir, setup)) {
    return 2;
  }

  const std::unique_ptr<shim::Backend> backend = shim::MakeBackend();
  const shim::Capabilities capabilities = backend->GetCapabilities();
  for (const char* id : kFixtures) {
    auto found = setup.fixtures.find(id);
    const Files* fixture = found == setup.fixtures.end() ? nullptr : &found->second;
    if (fixture == nullptr) {
      std::cerr << "floor_bench: no fixture " << id << " in " << fixtures_dir << "\n";
      return 2;
    }
    for (const char* version : kVersions) {
      if (std::find(capabilities.versions.begin(), capabilities.versions.end(), version) ==
          capabilities.versions.end()) {
        continue;
      }
      const std::string name = "floor/" + backend->Name() + "/" + version + "/" + id;
      benchmark::RegisterBenchmark(name.c_str(), Handshake, &setup, fixture, std::string(version))
          ->Unit(benchmark::kMillisecond)
          ->MinTime(0.5)
          ->UseRealTime();
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace tlsconform::bench

int main(int argc, char** argv) { return tlsconform::bench::Main(argc, argv); }

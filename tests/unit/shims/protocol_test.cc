// The shim protocol (harness/PROTOCOL.md): the driver's parsing and writing in-process, then
// every built shim binary spoken to over its pipes, including whole cases through a relay
// like the runner's.
#include "driver/protocol.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "driver/connection.h"
#include "driver/fault.h"
#include "shim_process.h"
#include "test_pki.h"

namespace tlsconform::shim::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

constexpr milliseconds kAnswerTimeout{8000};

json CaseJson(const std::string& id, const std::string& role, int port,
              const std::string& version) {
  return {{"type", "case"},
          {"id", id},
          {"role", role},
          {"connect", {{"host", "127.0.0.1"}, {"port", port}}},
          {"tls",
           {{"version", version},
            {"cipher_list", nullptr},
            {"ciphersuites", nullptr},
            {"security_level", nullptr}}},
          {"credentials", nullptr},
          {"trust", nullptr},
          {"crl", nullptr},
          {"server_name", "localhost"},
          {"key_mismatch_hook", false},
          {"app_timeout_ms", 2000}};
}

// ---- Parsing and writing, in-process ----

TEST(ParseMessage, ReadsEveryCaseField) {
  json line = CaseJson("server/openssl/tls1.3/sig::rsa-sha256", "server", 40123, "tls1.3");
  line["tls"]["cipher_list"] = "ECDHE-ECDSA-AES128-GCM-SHA256";
  line["tls"]["ciphersuites"] = "TLS_AES_128_GCM_SHA256";
  line["tls"]["security_level"] = 0;
  line["credentials"] = {{"chain", "/abs/chain.pem"}, {"key", "/abs/key.pem"}};
  line["trust"] = "/abs/trust.pem";
  line["crl"] = "/abs/crl.pem";
  line["key_mismatch_hook"] = true;
  line["app_timeout_ms"] = 1500;

  Message message = ParseMessage(line.dump());

  ASSERT_TRUE(std::holds_alternative<CaseRequest>(message))
      << std::get<ParseFailure>(message).message;
  const auto& request = std::get<CaseRequest>(message);
  EXPECT_EQ(request.id, "server/openssl/tls1.3/sig::rsa-sha256");
  EXPECT_EQ(request.role, Role::kServer);
  EXPECT_EQ(request.host, "127.0.0.1");
  EXPECT_EQ(request.port, 40123);
  EXPECT_EQ(request.tls.version, "tls1.3");
  EXPECT_EQ(request.tls.cipher_list, "ECDHE-ECDSA-AES128-GCM-SHA256");
  EXPECT_EQ(request.tls.ciphersuites, "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(request.tls.security_level, 0);
  ASSERT_TRUE(request.credentials.has_value());
  EXPECT_EQ(request.credentials->chain, "/abs/chain.pem");
  EXPECT_EQ(request.credentials->key, "/abs/key.pem");
  EXPECT_EQ(request.trust, "/abs/trust.pem");
  EXPECT_EQ(request.crl, "/abs/crl.pem");
  EXPECT_EQ(request.server_name, "localhost");
  EXPECT_TRUE(request.key_mismatch_hook);
  EXPECT_EQ(request.app_timeout_ms, 1500);
}

TEST(ParseMessage, ReadsServerConfigurationAndVersion2Fields) {
  json line = CaseJson("server/mbedtls/tls1.2/key::rsa-1024", "server", 1, "tls1.2");
  line["tls"]["signature_schemes"] = {"ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256"};
  line["tls"]["groups"] = {"x25519"};
  line["server_config"] = "enforcing";
  line["enforce"] = {{"signature_hashes", {"sha256", "sha384"}},
                     {"public_keys", {"rsa", "ec"}},
                     {"min_rsa_bits", 2048},
                     {"curves", {"P-256"}}};
  line["verify_time"] = 1893456000;
  line["alpn"] = {"x-amzn-mqtt-ca"};

  Message message = ParseMessage(line.dump());

  ASSERT_TRUE(std::holds_alternative<CaseRequest>(message))
      << std::get<ParseFailure>(message).message;
  const auto& request = std::get<CaseRequest>(message);
  EXPECT_EQ(request.tls.signature_schemes,
            (std::vector<std::string>{"ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256"}));
  EXPECT_EQ(request.tls.groups, std::vector<std::string>{"x25519"});
  EXPECT_EQ(request.server_config, ServerConfig::kEnforcing);
  ASSERT_TRUE(request.enforce.has_value());
  EXPECT_EQ(request.enforce->signature_hashes, (std::vector<std::string>{"sha256", "sha384"}));
  EXPECT_EQ(request.enforce->public_keys, (std::vector<std::string>{"rsa", "ec"}));
  EXPECT_EQ(request.enforce->min_rsa_bits, 2048);
  EXPECT_EQ(request.enforce->curves, std::vector<std::string>{"P-256"});
  EXPECT_EQ(request.verify_time, 1893456000);
  EXPECT_EQ(request.alpn, std::vector<std::string>{"x-amzn-mqtt-ca"});
}

TEST(ParseMessage, NullsKeepLibraryDefaults) {
  Message message = ParseMessage(CaseJson("c", "client", 1, "tls1.2").dump());

  ASSERT_TRUE(std::holds_alternative<CaseRequest>(message));
  const auto& request = std::get<CaseRequest>(message);
  EXPECT_EQ(request.role, Role::kClient);
  EXPECT_EQ(request.tls.cipher_list, std::nullopt);
  EXPECT_EQ(request.tls.security_level, std::nullopt);
  EXPECT_EQ(request.credentials, std::nullopt);
  EXPECT_EQ(request.trust, std::nullopt);
  EXPECT_EQ(request.server_config, ServerConfig::kDefaults);
  EXPECT_EQ(request.enforce, std::nullopt);
  EXPECT_EQ(request.verify_time, std::nullopt);
  EXPECT_TRUE(request.alpn.empty());
  EXPECT_TRUE(request.tls.signature_schemes.empty());
}

TEST(ParseMessage, ReadsQuit) {
  EXPECT_TRUE(std::holds_alternative<QuitMessage>(ParseMessage(R"({"type": "quit"})")));
}

struct BadLine {
  const char* name;
  std::string line;
  std::optional<std::string> id;
  const char* message_part;
};

std::vector<BadLine> BadLines() {
  auto with = [](const char* pointer, json value) {
    json line = CaseJson("case-1", "server", 1, "tls1.3");
    line[json::json_pointer(pointer)] = std::move(value);
    return line.dump();
  };
  auto without = [](const char* key) {
    json line = CaseJson("case-1", "server", 1, "tls1.3");
    line.erase(key);
    return line.dump();
  };
  return {
      {"NotJson", "{\"type\": ", std::nullopt, "not a JSON value"},
      {"NotAnObject", "[1, 2]", std::nullopt, "not a JSON object"},
      {"NoType", R"({"id": "x"})", "x", "type"},
      {"UnknownType", R"({"type": "hello", "id": "x"})", "x", "unknown message type"},
      {"CaseWithoutId", R"({"type": "case"})", std::nullopt, "id"},
      {"BadRole", with("/role", "peer"), "case-1", "role"},
      {"NoConnect", without("connect"), "case-1", "connect"},
      {"PortOutOfRange", with("/connect/port", 70000), "case-1", "connect.port"},
      {"PortAsString", with("/connect/port", "443"), "case-1", "connect.port"},
      {"VersionNotString", with("/tls/version", 13), "case-1", "tls.version"},
      {"SecurityLevelAsString", with("/tls/security_level", "2"), "case-1", "tls.security_level"},
      {"ChainMissing", with("/credentials", json{{"key", "/k"}}), "case-1", "credentials.chain"},
      {"HookNotBool", with("/key_mismatch_hook", "yes"), "case-1", "key_mismatch_hook"},
      {"NegativeTimeout", with("/app_timeout_ms", -5), "case-1", "app_timeout_ms"},
      {"UnknownServerConfig", with("/server_config", "strict"), "case-1", "server_config"},
      {"EnforcingWithoutRules", with("/server_config", "enforcing"), "case-1", "enforce"},
      {"RulesUnderDefaults", with("/enforce", json{{"min_rsa_bits", 2048}}), "case-1", "enforce"},
      {"SchemesNotStrings", with("/tls/signature_schemes", json{1, 2}), "case-1",
       "tls.signature_schemes"},
      {"AlpnNotList", with("/alpn", "h2"), "case-1", "alpn"},
      {"VerifyTimeAsString", with("/verify_time", "2030"), "case-1", "verify_time"},
  };
}

TEST(ParseMessage, ReportsWhatIsWrongWithABadLine) {
  for (const BadLine& bad : BadLines()) {
    SCOPED_TRACE(bad.name);

    Message message = ParseMessage(bad.line);

    ASSERT_TRUE(std::holds_alternative<ParseFailure>(message));
    const auto& failure = std::get<ParseFailure>(message);
    EXPECT_EQ(failure.id, bad.id);
    EXPECT_THAT(failure.message, HasSubstr(bad.message_part));
  }
}

TEST(ResultLine, WritesEveryProtocolField) {
  CaseResult result;
  result.handshake = true;
  result.version = "tls1.3";
  result.signature_scheme = "rsa_pss_rsae_sha256";
  result.peer_certificate = PeerCertificate{"CN=device", true, {"CN=device", "CN=ca"}};
  result.shim_enforced = "min_rsa_bits";
  result.alerts_received = {"fatal:certificate_expired"};
  result.reason = Reason::kExpired;
  result.error = std::string("bad \xff byte");  // not UTF-8: must not throw

  const json line = json::parse(ResultLine("case-1", result));

  EXPECT_EQ(line["type"], "result");
  EXPECT_EQ(line["id"], "case-1");
  EXPECT_EQ(line["handshake"], true);
  EXPECT_EQ(line["app_data"], false);
  EXPECT_EQ(line["version"], "tls1.3");
  EXPECT_TRUE(line["cipher"].is_null());
  EXPECT_EQ(line["signature_scheme"], "rsa_pss_rsae_sha256");
  EXPECT_EQ(line["peer_certificate"], (json{{"subject", "CN=device"},
                                            {"verified", true},
                                            {"chain", json::array({"CN=device", "CN=ca"})}}));
  EXPECT_EQ(line["alerts"], (json{{"sent", json::array()},
                                  {"received", json::array({"fatal:certificate_expired"})}}));
  EXPECT_EQ(line["reason"], "expired");
  EXPECT_THAT(line["error"].get<std::string>(), HasSubstr("bad"));
  EXPECT_TRUE(line["unsupported"].is_null());
  EXPECT_TRUE(line["alpn"].is_null());
  EXPECT_EQ(line["shim_enforced"], "min_rsa_bits");
  EXPECT_EQ(line.size(), 14u);  // nothing beyond PROTOCOL.md
}

TEST(ResultLine, SpellsEveryReasonAsTheProtocolDoes) {
  const std::pair<Reason, const char*> kNames[] = {
      {Reason::kUntrustedIssuer, "untrusted_issuer"},
      {Reason::kExpired, "expired"},
      {Reason::kNotYetValid, "not_yet_valid"},
      {Reason::kBadSignature, "bad_signature"},
      {Reason::kUnsupportedAlgorithm, "unsupported_algorithm"},
      {Reason::kWeakKey, "weak_key"},
      {Reason::kKeyUsage, "key_usage"},
      {Reason::kRevoked, "revoked"},
      {Reason::kKeyMismatch, "key_mismatch"},
      {Reason::kNoCertificate, "no_certificate"},
      {Reason::kProtocol, "protocol"},
      {Reason::kOther, "other"},
  };
  for (const auto& [reason, name] : kNames) {
    EXPECT_EQ(ReasonName(reason), name);
  }
}

TEST(FaultPlan, MatchesCaseIdsWithGlobs) {
  Result<FaultPlan> crash = FaultPlan::Parse("crash:server/*/tls1.3/*");
  ASSERT_TRUE(crash.ok()) << crash.status().message();
  EXPECT_EQ(crash->For("server/openssl/tls1.3/sig::rsa"), Fault::kCrash);
  EXPECT_EQ(crash->For("client/openssl/tls1.3/sig::rsa"), Fault::kNone);

  Result<FaultPlan> hang = FaultPlan::Parse("hang:*expired*");
  ASSERT_TRUE(hang.ok());
  EXPECT_EQ(hang->For("server/x/validity::expired-yesterday"), Fault::kHang);

  Result<FaultPlan> none = FaultPlan::Parse(nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->For("anything"), Fault::kNone);
}

TEST(FaultPlan, RejectsUnknownFaults) {
  EXPECT_FALSE(FaultPlan::Parse("explode:*").ok());
  EXPECT_FALSE(FaultPlan::Parse("crash").ok());
  EXPECT_FALSE(FaultPlan::Parse("crash:").ok());
}

// ---- Built shim binaries ----

struct ShimBinary {
  std::string backend;
  std::string path;
};

// PrintTo names a parameter in test output (and in the CTest list) instead of dumping bytes.
void PrintTo(const ShimBinary& shim, std::ostream* out) { *out << shim.backend; }

std::vector<ShimBinary> BuiltShims() {
  std::vector<ShimBinary> shims;
  std::istringstream list(TLSCONFORM_TEST_SHIMS);  // "name=path;name=path"
  for (std::string entry; std::getline(list, entry, ';');) {
    const auto equals = entry.find('=');
    if (equals != std::string::npos) {
      shims.push_back({entry.substr(0, equals), entry.substr(equals + 1)});
    }
  }
  return shims;
}

// Listener is the runner's side of a case: a listening socket on 127.0.0.1.
class Listener {
 public:
  Listener() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        listen(fd_.get(), 8) == 0 &&
        getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }

  int port() const { return port_; }

  ScopedFd Accept(milliseconds timeout) {
    pollfd waiting{fd_.get(), POLLIN, 0};
    if (poll(&waiting, 1, static_cast<int>(timeout.count())) <= 0) {
      return ScopedFd();
    }
    return ScopedFd(accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
  }

 private:
  ScopedFd fd_;
  int port_ = 0;
};

// Relay copies bytes both ways between the two connections of a case, passing on each
// half-close, as the runner does.
void Relay(ScopedFd a, ScopedFd b) {
  std::array<bool, 2> open = {true, true};
  std::array<int, 2> fds = {a.get(), b.get()};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((open[0] || open[1]) && std::chrono::steady_clock::now() < deadline) {
    std::array<pollfd, 2> waiting = {pollfd{open[0] ? fds[0] : -1, POLLIN, 0},
                                     pollfd{open[1] ? fds[1] : -1, POLLIN, 0}};
    if (poll(waiting.data(), waiting.size(), 100) < 0) {
      return;
    }
    for (int from = 0; from < 2; ++from) {
      if (waiting[from].revents == 0) {
        continue;
      }
      char chunk[16384];
      const ssize_t n = read(fds[from], chunk, sizeof(chunk));
      if (n <= 0) {
        open[from] = false;
        shutdown(fds[1 - from], SHUT_WR);
        continue;
      }
      if (write(fds[1 - from], chunk, static_cast<size_t>(n)) != n) {
        return;  // the other side is gone: closing both ends is all a relay can do
      }
    }
  }
}

class ShimProtocolTest : public ::testing::TestWithParam<ShimBinary> {
 protected:
  ShimProcess Start(const std::vector<std::string>& environment = {}) {
    return ShimProcess(GetParam().path, {}, environment);
  }

  // ExpectHello reads the hello line a started shim writes first.
  void ExpectHello(ShimProcess& shim) {
    std::optional<std::string> line = shim.ReadLine(kAnswerTimeout);
    ASSERT_TRUE(line.has_value());
    const json hello = json::parse(*line);
    EXPECT_EQ(hello["type"], "hello");
    EXPECT_EQ(hello["backend"], GetParam().backend);
  }

  static void ExpectExitedWith(ShimProcess& shim, int code) {
    std::optional<int> status = shim.Wait(kAnswerTimeout);
    ASSERT_TRUE(status.has_value()) << "the shim did not exit";
    ASSERT_TRUE(WIFEXITED(*status));
    EXPECT_EQ(WEXITSTATUS(*status), code);
  }
};

TEST_P(ShimProtocolTest, HelloOptionPrintsParsableHelloAndExitsZero) {
  ShimProcess shim(GetParam().path, {"--hello"});

  std::optional<std::string> line = shim.ReadLine(kAnswerTimeout);

  ASSERT_TRUE(line.has_value());
  const json hello = json::parse(*line);
  EXPECT_EQ(hello["type"], "hello");
  EXPECT_EQ(hello["protocol"], 2);
  EXPECT_EQ(hello["backend"], GetParam().backend);
  EXPECT_FALSE(hello["library"].get<std::string>().empty());
  const json& capabilities = hello["capabilities"];
  // Mbed TLS 2.28 has no TLS 1.3 (harness/backends/mbedtls/README.md).
  const json versions =
      GetParam().backend == "mbedtls" ? json::array({"tls1.2"}) : json::array({"tls1.2", "tls1.3"});
  EXPECT_EQ(capabilities["versions"], versions);
  EXPECT_TRUE(capabilities["tls13_ciphersuites"].is_boolean());
  EXPECT_TRUE(capabilities["key_mismatch_hook"].is_boolean());
  EXPECT_TRUE(capabilities["crl"].is_boolean());
  EXPECT_EQ(shim.ReadLine(milliseconds(2000)), std::nullopt) << "more than one line";
  ExpectExitedWith(shim, 0);
}

TEST_P(ShimProtocolTest, UnknownOptionIsUsageError) {
  ShimProcess shim(GetParam().path, {"--bogus"});

  EXPECT_EQ(shim.ReadLine(milliseconds(2000)), std::nullopt) << "stdout must stay clean";
  ExpectExitedWith(shim, 2);
}

TEST_P(ShimProtocolTest, MalformedLinesGetErrorLinesAndTheShimCarriesOn) {
  ShimProcess shim = Start();
  ExpectHello(shim);

  for (const char* bad : {"not json at all", "{\"type\": \"case\", \"id\": \"c1\"}", "[]",
                          "{\"type\": \"case\", \"id\": \"c2\", \"role\": 7}"}) {
    SCOPED_TRACE(bad);
    ASSERT_TRUE(shim.WriteLine(bad));
    std::optional<std::string> line = shim.ReadLine(kAnswerTimeout);
    ASSERT_TRUE(line.has_value()) << "no answer";
    const json answer = json::parse(*line);
    EXPECT_EQ(answer["type"], "error");
    EXPECT_FALSE(answer["message"].get<std::string>().empty());
  }

  ASSERT_TRUE(shim.WriteLine(R"({"type": "quit"})"));
  ExpectExitedWith(shim, 0);
}

TEST_P(ShimProtocolTest, QuitExitsZero) {
  ShimProcess shim = Start();
  ExpectHello(shim);

  ASSERT_TRUE(shim.WriteLine(R"({"type": "quit"})"));

  ExpectExitedWith(shim, 0);
}

TEST_P(ShimProtocolTest, EndOfInputExitsZero) {
  ShimProcess shim = Start();
  ExpectHello(shim);

  shim.CloseStdin();

  ExpectExitedWith(shim, 0);
}

TEST_P(ShimProtocolTest, UnknownVersionIsUnsupported) {
  Listener listener;
  ShimProcess shim = Start();
  ExpectHello(shim);

  ASSERT_TRUE(shim.WriteLine(CaseJson("v", "server", listener.port(), "tls1.1").dump()));

  std::optional<std::string> line = shim.ReadLine(kAnswerTimeout);
  ASSERT_TRUE(line.has_value());
  const json answer = json::parse(*line);
  EXPECT_EQ(answer["type"], "result");
  EXPECT_EQ(answer["id"], "v");
  EXPECT_EQ(answer["unsupported"], "version tls1.1");
  EXPECT_TRUE(answer["reason"].is_null());
  // The shim connected anyway, so the runner's pairing is never left waiting.
  EXPECT_GE(listener.Accept(milliseconds(1000)).get(), 0);
}

TEST_P(ShimProtocolTest, MissingFileIsAnErrorNotAResult) {
  Listener listener;
  ShimProcess shim = Start();
  ExpectHello(shim);
  json request = CaseJson("m", "server", listener.port(), "tls1.3");
  request["trust"] = "/nonexistent/trust.pem";

  ASSERT_TRUE(shim.WriteLine(request.dump()));

  std::optional<std::string> line = shim.ReadLine(kAnswerTimeout);
  ASSERT_TRUE(line.has_value());
  const json answer = json::parse(*line);
  EXPECT_EQ(answer["type"], "error");
  EXPECT_EQ(answer["id"], "m");
  EXPECT_THAT(answer["message"].get<std::string>(), HasSubstr("/nonexistent/trust.pem"));
}

TEST_P(ShimProtocolTest, CrashFaultAbortsOnMatchingCase) {
  Listener listener;
  ShimProcess shim = Start({"TLSCONFORM_SHIM_FAULT=crash:doomed/*"});
  ExpectHello(shim);

  ASSERT_TRUE(shim.WriteLine(CaseJson("doomed/1", "server", listener.port(), "tls1.3").dump()));

  std::optional<int> status = shim.Wait(kAnswerTimeout);
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFSIGNALED(*status));
  EXPECT_EQ(WTERMSIG(*status), SIGABRT);
}

TEST_P(ShimProtocolTest, HangFaultStopsAnsweringOnMatchingCase) {
  Listener listener;
  ShimProcess shim = Start({"TLSCONFORM_SHIM_FAULT=hang:stuck"});
  ExpectHello(shim);

  ASSERT_TRUE(shim.WriteLine(CaseJson("stuck", "server", listener.port(), "tls1.3").dump()));

  EXPECT_EQ(shim.ReadLine(milliseconds(1000)), std::nullopt);
  EXPECT_EQ(shim.Wait(milliseconds(10)), std::nullopt) << "a hanging shim must not exit";
}

std::string ShimName(const ::testing::TestParamInfo<ShimBinary>& info) {
  return info.param.backend;
}

INSTANTIATE_TEST_SUITE_P(Shims, ShimProtocolTest, ::testing::ValuesIn(BuiltShims()), ShimName);

// ---- Whole cases through a relay: every built backend against every other ----

struct Pairing {
  ShimBinary server;
  ShimBinary client;
  std::string version;
};

void PrintTo(const Pairing& pairing, std::ostream* out) {
  *out << pairing.server.backend << " server, " << pairing.client.backend << " client, "
       << pairing.version;
}

std::vector<Pairing> Pairings() {
  std::vector<Pairing> pairings;
  for (const ShimBinary& server : BuiltShims()) {
    for (const ShimBinary& client : BuiltShims()) {
      for (const char* version : {"tls1.2", "tls1.3"}) {
        pairings.push_back({server, client, version});
      }
    }
  }
  return pairings;
}

class RelayedCaseTest : public ::testing::TestWithParam<Pairing> {
 protected:
  void SetUp() override {
    std::string error;
    pki_ = GetTestPki(&error);
    if (pki_ == nullptr) {
      GTEST_SKIP() << "no test PKI: " << error;
    }
    for (const ShimBinary* shim : {&GetParam().server, &GetParam().client}) {
      if (!HasVersion(*shim, GetParam().version)) {
        GTEST_SKIP() << shim->backend << " does not announce " << GetParam().version;
      }
    }
  }

  // HasVersion asks the shim's hello whether it runs `version`.
  static bool HasVersion(const ShimBinary& shim, const std::string& version) {
    ShimProcess hello(shim.path, {"--hello"});
    std::optional<std::string> line = hello.ReadLine(kAnswerTimeout);
    if (!line) {
      return true;  // no answer: let the case run and fail visibly
    }
    const json versions = json::parse(*line)["capabilities"]["versions"];
    return std::find(versions.begin(), versions.end(), version) != versions.end();
  }

  // Run plays the runner: the server shim connects first, the client second, the relay joins
  // them, and each shim answers with one result line.
  std::pair<json, json> Run(const KeyPair& client_credentials) {
    const Pairing& pairing = GetParam();
    Listener listener;
    ShimProcess server(pairing.server.path, {});
    ShimProcess client(pairing.client.path, {});
    server.ReadLine(kAnswerTimeout);  // hello
    client.ReadLine(kAnswerTimeout);

    json server_case = CaseJson("relay/server", "server", listener.port(), pairing.version);
    server_case["credentials"] = {{"chain", pki_->server.chain}, {"key", pki_->server.key}};
    server_case["trust"] = pki_->ca;
    // A SHA-256 suite and SHA-256 signature schemes fix the client's CertificateVerify scheme
    // across libraries: a Mbed TLS client signs with the suite's PRF hash, and a client facing
    // a Mbed TLS server picks from the hashes of its CertificateRequest.
    server_case["tls"]["cipher_list"] = "ECDHE-ECDSA-AES128-GCM-SHA256";
    server_case["tls"]["signature_schemes"] = {"rsa_pkcs1_sha256", "ecdsa_secp256r1_sha256"};
    json client_case = CaseJson("relay/client", "client", listener.port(), pairing.version);
    client_case["credentials"] = {{"chain", client_credentials.chain},
                                  {"key", client_credentials.key}};
    client_case["trust"] = pki_->ca;

    server.WriteLine(server_case.dump());
    ScopedFd server_connection = listener.Accept(kAnswerTimeout);
    client.WriteLine(client_case.dump());
    ScopedFd client_connection = listener.Accept(kAnswerTimeout);
    std::thread relay(Relay, std::move(server_connection), std::move(client_connection));

    std::optional<std::string> server_line = server.ReadLine(kAnswerTimeout);
    std::optional<std::string> client_line = client.ReadLine(kAnswerTimeout);
    relay.join();
    server.WriteLine(R"({"type": "quit"})");
    client.WriteLine(R"({"type": "quit"})");
    return {server_line ? json::parse(*server_line) : json(),
            client_line ? json::parse(*client_line) : json()};
  }

  const TestPki* pki_ = nullptr;
};

TEST_P(RelayedCaseTest, ValidClientCertificateIsAccepted) {
  const auto [server, client] = Run(pki_->ec_client);
  const Pairing& pairing = GetParam();
  const bool tls12 = pairing.version == "tls1.2";
  const std::string scheme = "ecdsa_secp256r1_sha256";

  for (const json* end : {&server, &client}) {
    SCOPED_TRACE(end->dump());
    ASSERT_EQ((*end)["type"], "result");
    EXPECT_EQ((*end)["handshake"], true);
    EXPECT_EQ((*end)["app_data"], true);
    EXPECT_EQ((*end)["version"], pairing.version);
    // wolfSSL sees the scheme only as a TLS 1.2 server (harness/backends/wolfssl/README.md).
    const bool is_server = end == &server;
    const std::string& backend = is_server ? pairing.server.backend : pairing.client.backend;
    if (backend == "wolfssl" && !(is_server && tls12)) {
      EXPECT_TRUE((*end)["signature_scheme"].is_null());
    } else {
      EXPECT_EQ((*end)["signature_scheme"], scheme);
    }
    EXPECT_TRUE((*end)["reason"].is_null());
  }
  EXPECT_EQ(server["id"], "relay/server");
  EXPECT_EQ(server["peer_certificate"]["subject"], "CN=ec device");
  EXPECT_EQ(client["peer_certificate"]["subject"], "CN=localhost");
}

TEST_P(RelayedCaseTest, ExpiredClientCertificateIsRejectedOnBothEnds) {
  const auto [server, client] = Run(pki_->expired);

  SCOPED_TRACE(server.dump() + "\n" + client.dump());
  ASSERT_EQ(server["type"], "result");
  ASSERT_EQ(client["type"], "result");
  EXPECT_EQ(server["handshake"], false);
  EXPECT_EQ(server["reason"], "expired");
  EXPECT_EQ(client["app_data"], false);
  // The alert is the server library's choice: OpenSSL and BoringSSL name the cause; GnuTLS
  // sends bad_certificate for every verification failure (gnutls_error_to_alert), from which
  // the client learns no reason.
  if (GetParam().server.backend == "gnutls") {
    EXPECT_EQ(server["alerts"]["sent"], json::array({"fatal:bad_certificate"}));
    EXPECT_EQ(client["reason"], "other");
    EXPECT_EQ(client["alerts"]["received"], json::array({"fatal:bad_certificate"}));
  } else {
    EXPECT_EQ(client["reason"], "expired");
    EXPECT_EQ(client["alerts"]["received"], json::array({"fatal:certificate_expired"}));
  }
}

std::string PairingName(const ::testing::TestParamInfo<Pairing>& info) {
  return info.param.server.backend + "_server_" + info.param.client.backend + "_client_" +
         (info.param.version == "tls1.2" ? "TLS1_2" : "TLS1_3");
}

INSTANTIATE_TEST_SUITE_P(Backends, RelayedCaseTest, ::testing::ValuesIn(Pairings()), PairingName);

}  // namespace
}  // namespace tlsconform::shim::testing

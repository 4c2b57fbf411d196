// Real handshakes between two instances of one backend, per TLS version, without the runner.
// The same file is compiled into the OpenSSL and the BoringSSL test binaries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "driver/backend.h"
#include "pair_runner.h"
#include "test_pki.h"

namespace tlsconform::shim::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class HandshakeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string error;
    pki_ = GetTestPki(&error);
    if (pki_ == nullptr) {
      GTEST_SKIP() << "no test PKI: " << error;
    }
    backend_ = MakeBackend();
  }

  const std::string& version() const { return GetParam(); }
  bool tls13() const { return version() == "tls1.3"; }

  CaseRequest Server() const {
    CaseRequest request;
    request.id = "server/" + version();
    request.role = Role::kServer;
    request.tls.version = version();
    request.credentials = Credentials{pki_->server.chain, pki_->server.key};
    request.trust = pki_->ca;
    request.app_timeout_ms = 2000;
    return request;
  }

  CaseRequest Client(const KeyPair& presented) const {
    CaseRequest request;
    request.id = "client/" + version();
    request.role = Role::kClient;
    request.tls.version = version();
    request.credentials = Credentials{presented.chain, presented.key};
    request.trust = pki_->ca;
    request.server_name = "localhost";
    request.app_timeout_ms = 2000;
    return request;
  }

  PairResult Run(const CaseRequest& server, const CaseRequest& client) {
    PairResult pair = RunPair(*backend_, server, client);
    EXPECT_EQ(pair.server_leftover_error, 0u) << "server left its error queue non-empty";
    EXPECT_EQ(pair.client_leftover_error, 0u) << "client left its error queue non-empty";
    return pair;
  }

  // ExpectAccepted checks both ends of a case the server must accept.
  void ExpectAccepted(const PairResult& pair, const std::string& subject,
                      const std::string& scheme) {
    for (const CaseResult* end : {&pair.server, &pair.client}) {
      SCOPED_TRACE(end == &pair.server ? "server" : "client");
      EXPECT_TRUE(end->handshake) << end->error.value_or("");
      EXPECT_TRUE(end->app_data) << end->error.value_or("");
      EXPECT_EQ(end->version, version());
      ASSERT_TRUE(end->cipher.has_value());
      EXPECT_THAT(*end->cipher, StartsWith("TLS_"));
      EXPECT_EQ(end->signature_scheme, scheme);
      EXPECT_TRUE(end->alerts_sent.empty());
      EXPECT_TRUE(end->alerts_received.empty());
      EXPECT_EQ(end->reason, std::nullopt);
      EXPECT_EQ(end->error, std::nullopt);
      EXPECT_EQ(end->unsupported, std::nullopt);
    }
    ASSERT_TRUE(pair.server.peer_certificate.has_value());
    EXPECT_EQ(pair.server.peer_certificate->subject, "CN=" + subject);
    EXPECT_TRUE(pair.server.peer_certificate->verified);
    ASSERT_TRUE(pair.client.peer_certificate.has_value());
    EXPECT_EQ(pair.client.peer_certificate->subject, "CN=localhost");
    EXPECT_TRUE(pair.client.peer_certificate->verified);
  }

  // ExpectServerRejected checks a case the server must reject with `reason`, sending
  // `alert`: the server fails its handshake, the client never gets its answer and learns why
  // from the alert (in TLS 1.3 after its own handshake completed).
  void ExpectServerRejected(const PairResult& pair, Reason reason, const std::string& alert) {
    EXPECT_FALSE(pair.server.handshake);
    EXPECT_FALSE(pair.server.app_data);
    EXPECT_EQ(pair.server.reason, reason) << pair.server.error.value_or("");
    EXPECT_THAT(pair.server.alerts_sent, Contains("fatal:" + alert));
    EXPECT_TRUE(pair.server.error.has_value());

    EXPECT_EQ(pair.client.handshake, tls13()) << pair.client.error.value_or("");
    EXPECT_FALSE(pair.client.app_data);
    EXPECT_THAT(pair.client.alerts_received, Contains("fatal:" + alert));
    EXPECT_EQ(pair.client.reason, reason) << pair.client.error.value_or("");
  }

  const TestPki* pki_ = nullptr;
  std::unique_ptr<Backend> backend_;
};

TEST_P(HandshakeTest, AcceptsValidEcClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
}

TEST_P(HandshakeTest, AcceptsValidRsaClientCertificateWithPss) {
  PairResult pair = Run(Server(), Client(pki_->rsa_client));

  ExpectAccepted(pair, "rsa device", "rsa_pss_rsae_sha256");
}

TEST_P(HandshakeTest, RejectsExpiredClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->expired));

  ExpectServerRejected(pair, Reason::kExpired, "certificate_expired");
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_EQ(pair.server.peer_certificate->subject, "CN=expired device");
  EXPECT_FALSE(pair.server.peer_certificate->verified);
  EXPECT_THAT(*pair.server.error, HasSubstr("expired"));
}

TEST_P(HandshakeTest, RejectsRevokedClientCertificateWhenGivenCrl) {
  CaseRequest server = Server();
  server.crl = pki_->crl;

  PairResult pair = Run(server, Client(pki_->revoked));

  ExpectServerRejected(pair, Reason::kRevoked, "certificate_revoked");
}

TEST_P(HandshakeTest, AcceptsUnrevokedClientCertificateWhenGivenCrl) {
  CaseRequest server = Server();
  server.crl = pki_->crl;

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
}

TEST_P(HandshakeTest, RejectsMissingClientCertificate) {
  CaseRequest client = Client(pki_->ec_client);
  client.credentials.reset();

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kNoCertificate) << pair.server.error.value_or("");
  EXPECT_EQ(pair.server.peer_certificate, std::nullopt);
  EXPECT_EQ(pair.server.signature_scheme, std::nullopt);
  EXPECT_FALSE(pair.client.app_data);
  EXPECT_FALSE(pair.client.alerts_received.empty());
}

TEST_P(HandshakeTest, ReportsKeyMismatchFromEcHook) {
  if (!backend_->GetCapabilities().key_mismatch_hook) {
    GTEST_SKIP() << backend_->Name() << " has no key-mismatch hook";
  }
  CaseRequest client = Client({pki_->ec_client.chain, pki_->other_ec_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  ExpectServerRejected(pair, Reason::kKeyMismatch, "decrypt_error");
  // The chain itself verified; only the signature over the handshake failed.
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_TRUE(pair.server.peer_certificate->verified);
  EXPECT_EQ(pair.server.signature_scheme, "ecdsa_secp256r1_sha256");
  EXPECT_EQ(pair.client.signature_scheme, "ecdsa_secp256r1_sha256");
}

TEST_P(HandshakeTest, ReportsKeyMismatchFromRsaHook) {
  if (!backend_->GetCapabilities().key_mismatch_hook) {
    GTEST_SKIP() << backend_->Name() << " has no key-mismatch hook";
  }
  CaseRequest client = Client({pki_->rsa_client.chain, pki_->other_rsa_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  ExpectServerRejected(pair, Reason::kKeyMismatch, "decrypt_error");
  EXPECT_EQ(pair.server.signature_scheme, "rsa_pss_rsae_sha256");
}

TEST_P(HandshakeTest, KeyMismatchHookOfAnotherKeyTypeIsUnsupported) {
  CaseRequest client = Client({pki_->ec_client.chain, pki_->other_rsa_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  ASSERT_TRUE(pair.client.unsupported.has_value());
  EXPECT_THAT(*pair.client.unsupported, StartsWith("key_mismatch_hook"));
  EXPECT_EQ(pair.client.reason, std::nullopt);
  EXPECT_FALSE(pair.server.handshake);
}

TEST_P(HandshakeTest, ClientRejectsServerFromUntrustedCa) {
  CaseRequest client = Client(pki_->ec_client);
  client.trust = pki_->other_ca;

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kUntrustedIssuer) << pair.client.error.value_or("");
  EXPECT_THAT(pair.client.alerts_sent, Contains("fatal:unknown_ca"));
  ASSERT_TRUE(pair.client.peer_certificate.has_value());
  EXPECT_FALSE(pair.client.peer_certificate->verified);
  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kUntrustedIssuer) << pair.server.error.value_or("");
}

TEST_P(HandshakeTest, ClientChecksServerName) {
  CaseRequest client = Client(pki_->ec_client);
  client.server_name = "not-localhost.example";

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kOther);
  ASSERT_TRUE(pair.client.peer_certificate.has_value());
  EXPECT_FALSE(pair.client.peer_certificate->verified);
  EXPECT_FALSE(pair.server.app_data);
}

TEST_P(HandshakeTest, UsesGivenCipherSuites) {
  CaseRequest server = Server();
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  server.tls.ciphersuites = "TLS_CHACHA20_POLY1305_SHA256";

  PairResult pair = Run(server, Client(pki_->ec_client));

  ASSERT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  if (!tls13()) {
    EXPECT_EQ(pair.server.cipher, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  } else if (backend_->GetCapabilities().tls13_ciphersuites) {
    EXPECT_EQ(pair.server.cipher, "TLS_CHACHA20_POLY1305_SHA256");
  }
  EXPECT_EQ(pair.client.cipher, pair.server.cipher);
}

TEST_P(HandshakeTest, RejectsVersionMismatchAsProtocol) {
  CaseRequest client = Client(pki_->ec_client);
  client.tls.version = tls13() ? "tls1.2" : "tls1.3";

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kProtocol) << pair.server.error.value_or("");
  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kProtocol) << pair.client.error.value_or("");
}

TEST_P(HandshakeTest, SecurityLevelZeroIsAppliedOrUnsupported) {
  CaseRequest server = Server();
  server.tls.security_level = 0;

  PairResult pair = Run(server, Client(pki_->ec_client));

  if (backend_->Name() == "boringssl") {
    // BoringSSL has no security levels (README.md).
    EXPECT_EQ(pair.server.unsupported, "security_level");
    EXPECT_EQ(pair.server.reason, std::nullopt);
  } else {
    EXPECT_TRUE(pair.server.app_data) << pair.server.error.value_or("");
    EXPECT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  }
}

std::string VersionTestName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param == "tls1.2" ? "TLS1_2" : "TLS1_3";
}

INSTANTIATE_TEST_SUITE_P(Versions, HandshakeTest, ::testing::Values("tls1.2", "tls1.3"),
                         VersionTestName);

}  // namespace
}  // namespace tlsconform::shim::testing

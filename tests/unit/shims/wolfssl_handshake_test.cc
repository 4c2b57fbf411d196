// Real handshakes between two instances of the wolfSSL backend, per TLS version, without the
// runner. The OpenSSL-API shims share handshake_test.cc; wolfSSL reports some things
// differently (alerts, the CertificateVerify scheme it can see, its own reasons), so its
// expectations are written here, each one what wolfSSL 5.5 was seen to do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "driver/backend.h"
#include "pair_runner.h"
#include "pair_test.h"
#include "test_pki.h"

namespace tlsconform::shim::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// 2010-07-01T00:00:00Z, inside the expired certificate's validity (2010..2011).
constexpr long long kInsideExpiredValidity = 1277942400;

class WolfSslHandshakeTest : public PairTest {
 protected:
  // ServerScheme is what the server can report of the client's CertificateVerify: wolfSSL's
  // message callback sees the message in TLS 1.2 only (in TLS 1.3 it is encrypted and wolfSSL
  // 5.5 has no getter for the peer's scheme).
  std::optional<std::string> ServerScheme(const std::string& tls12_scheme) const {
    return tls13() ? std::nullopt : std::optional<std::string>(tls12_scheme);
  }

  void ExpectAccepted(const PairResult& pair, const std::string& subject) {
    for (const CaseResult* end : {&pair.server, &pair.client}) {
      SCOPED_TRACE(end == &pair.server ? "server" : "client");
      EXPECT_TRUE(end->handshake) << end->error.value_or("");
      EXPECT_TRUE(end->app_data) << end->error.value_or("");
      EXPECT_EQ(end->version, version());
      ASSERT_TRUE(end->cipher.has_value());
      EXPECT_THAT(*end->cipher, StartsWith("TLS_"));
      EXPECT_THAT(end->alerts_sent, IsEmpty());
      EXPECT_THAT(end->alerts_received, IsEmpty());
      EXPECT_EQ(end->reason, std::nullopt);
      EXPECT_EQ(end->error, std::nullopt);
      EXPECT_EQ(end->unsupported, std::nullopt);
    }
    // The client's own scheme is not visible to it (README.md).
    EXPECT_EQ(pair.client.signature_scheme, std::nullopt);
    ASSERT_TRUE(pair.server.peer_certificate.has_value());
    EXPECT_EQ(pair.server.peer_certificate->subject, "CN=" + subject);
    EXPECT_TRUE(pair.server.peer_certificate->verified);
    EXPECT_THAT(pair.server.peer_certificate->chain, ElementsAre("CN=" + subject));
    ASSERT_TRUE(pair.client.peer_certificate.has_value());
    EXPECT_EQ(pair.client.peer_certificate->subject, "CN=localhost");
    EXPECT_TRUE(pair.client.peer_certificate->verified);
  }

  void ExpectServerRejected(const PairResult& pair, Reason reason, const std::string& alert) {
    EXPECT_FALSE(pair.server.handshake);
    EXPECT_FALSE(pair.server.app_data);
    EXPECT_EQ(pair.server.reason, reason) << pair.server.error.value_or("");
    EXPECT_THAT(pair.server.alerts_sent, ElementsAre("fatal:" + alert));
    EXPECT_TRUE(pair.server.error.has_value());

    EXPECT_EQ(pair.client.handshake, tls13()) << pair.client.error.value_or("");
    EXPECT_FALSE(pair.client.app_data);
    EXPECT_THAT(pair.client.alerts_received, ElementsAre("fatal:" + alert));
  }
};

TEST_P(WolfSslHandshakeTest, AcceptsValidEcClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device");
  EXPECT_EQ(pair.server.signature_scheme, ServerScheme("ecdsa_secp256r1_sha256"));
}

TEST_P(WolfSslHandshakeTest, AcceptsValidRsaClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->rsa_client));

  ExpectAccepted(pair, "rsa device");
  // Between two wolfSSL ends, TLS 1.2 signs with PKCS#1 v1.5 (wolfSSL's preference order).
  EXPECT_EQ(pair.server.signature_scheme, ServerScheme("rsa_pkcs1_sha256"));
}

TEST_P(WolfSslHandshakeTest, RejectsExpiredClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->expired));

  ExpectServerRejected(pair, Reason::kExpired, "certificate_expired");
  EXPECT_EQ(pair.client.reason, Reason::kExpired);
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_EQ(pair.server.peer_certificate->subject, "CN=expired device");
  EXPECT_FALSE(pair.server.peer_certificate->verified);
  EXPECT_THAT(*pair.server.error, HasSubstr("date"));
}

TEST_P(WolfSslHandshakeTest, VerifyTimeIsAppliedOrUnsupported) {
  CaseRequest server = Server();
  server.verify_time = kInsideExpiredValidity;

  PairResult pair = Run(server, Client(pki_->expired));

  if (!backend_->GetCapabilities().verify_time) {
    // The driver answers for a missing capability; called directly, the backend rejects the
    // certificate as of now, which shows why the capability is false.
    EXPECT_FALSE(pair.server.handshake);
    EXPECT_EQ(pair.server.reason, Reason::kExpired);
  } else {
    EXPECT_TRUE(pair.server.app_data) << pair.server.error.value_or("");
  }
}

TEST_P(WolfSslHandshakeTest, RejectsRevokedClientCertificateWhenGivenCrl) {
  CaseRequest server = Server();
  server.crl = pki_->crl;

  PairResult pair = Run(server, Client(pki_->revoked));

  ExpectServerRejected(pair, Reason::kRevoked, "certificate_revoked");
  EXPECT_EQ(pair.client.reason, Reason::kRevoked);
}

TEST_P(WolfSslHandshakeTest, AcceptsUnrevokedClientCertificateWhenGivenCrl) {
  CaseRequest server = Server();
  server.crl = pki_->crl;

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device");
}

TEST_P(WolfSslHandshakeTest, RejectsMissingClientCertificate) {
  CaseRequest client = Client(pki_->ec_client);
  client.credentials.reset();

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kNoCertificate) << pair.server.error.value_or("");
  EXPECT_EQ(pair.server.peer_certificate, std::nullopt);
  EXPECT_EQ(pair.server.signature_scheme, std::nullopt);
  EXPECT_FALSE(pair.client.app_data);
  if (tls13()) {
    EXPECT_THAT(pair.server.alerts_sent, ElementsAre("fatal:certificate_required"));
    EXPECT_EQ(pair.client.reason, Reason::kNoCertificate);
  } else {
    // wolfSSL 5.5's TLS 1.2 server fails the handshake without an alert.
    EXPECT_THAT(pair.server.alerts_sent, IsEmpty());
  }
}

TEST_P(WolfSslHandshakeTest, ReportsKeyMismatchFromEcHook) {
  CaseRequest client = Client({pki_->ec_client.chain, pki_->other_ec_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  ExpectServerRejected(pair, Reason::kKeyMismatch, "decrypt_error");
  EXPECT_EQ(pair.client.reason, Reason::kKeyMismatch);
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_TRUE(pair.server.peer_certificate->verified);
  EXPECT_EQ(pair.server.signature_scheme, ServerScheme("ecdsa_secp256r1_sha256"));
}

TEST_P(WolfSslHandshakeTest, ReportsKeyMismatchFromRsaHook) {
  CaseRequest client = Client({pki_->rsa_client.chain, pki_->other_rsa_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  ExpectServerRejected(pair, Reason::kKeyMismatch, "decrypt_error");
  EXPECT_EQ(pair.server.signature_scheme, ServerScheme("rsa_pkcs1_sha256"));
}

TEST_P(WolfSslHandshakeTest, KeyMismatchHookOfAnotherKeyTypeIsUnsupported) {
  CaseRequest client = Client({pki_->ec_client.chain, pki_->other_rsa_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  ASSERT_TRUE(pair.client.unsupported.has_value());
  EXPECT_THAT(*pair.client.unsupported, StartsWith("key_mismatch_hook"));
  EXPECT_EQ(pair.client.reason, std::nullopt);
  EXPECT_FALSE(pair.server.handshake);
}

TEST_P(WolfSslHandshakeTest, ClientRejectsServerFromUntrustedCa) {
  CaseRequest client = Client(pki_->ec_client);
  client.trust = pki_->other_ca;

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kUntrustedIssuer) << pair.client.error.value_or("");
  EXPECT_THAT(pair.client.alerts_sent, ElementsAre("fatal:unknown_ca"));
  ASSERT_TRUE(pair.client.peer_certificate.has_value());
  EXPECT_FALSE(pair.client.peer_certificate->verified);
  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kUntrustedIssuer) << pair.server.error.value_or("");
}

TEST_P(WolfSslHandshakeTest, ClientChecksServerName) {
  CaseRequest client = Client(pki_->ec_client);
  client.server_name = "not-localhost.example";

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kOther);
  EXPECT_THAT(*pair.client.error, HasSubstr("subject name mismatch"));
  ASSERT_TRUE(pair.client.peer_certificate.has_value());
  EXPECT_FALSE(pair.client.peer_certificate->verified);
  EXPECT_FALSE(pair.server.app_data);
}

TEST_P(WolfSslHandshakeTest, UsesGivenCipherSuites) {
  CaseRequest server = Server();
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  server.tls.ciphersuites = "TLS_CHACHA20_POLY1305_SHA256";

  PairResult pair = Run(server, Client(pki_->ec_client));

  ASSERT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  EXPECT_EQ(pair.server.cipher,
            tls13() ? "TLS_CHACHA20_POLY1305_SHA256" : "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(pair.client.cipher, pair.server.cipher);
}

TEST_P(WolfSslHandshakeTest, RefusesSuiteListWithoutKnownSuite) {
  CaseRequest server = Server();
  server.tls.cipher_list = "NOT-A-SUITE";
  server.tls.ciphersuites = "TLS_NOT_A_SUITE";

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_THAT(*pair.server.error, HasSubstr("wolfSSL_CTX_set_cipher_list"));
}

TEST_P(WolfSslHandshakeTest, NegotiatesAlpn) {
  CaseRequest server = Server();
  server.alpn = {"x-amzn-mqtt-ca", "mqtt"};
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"mqtt"};

  PairResult pair = Run(server, client);

  ASSERT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  EXPECT_EQ(pair.server.alpn, "mqtt");
  EXPECT_EQ(pair.client.alpn, "mqtt");
}

TEST_P(WolfSslHandshakeTest, RefusesAlpnMismatch) {
  CaseRequest server = Server();
  server.alpn = {"x-amzn-mqtt-ca"};
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"h2"};

  PairResult pair = Run(server, client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_FALSE(pair.client.app_data);
  EXPECT_EQ(pair.server.alpn, std::nullopt);
}

TEST_P(WolfSslHandshakeTest, OffersOnlyGivenGroup) {
  CaseRequest server = Server();
  server.tls.groups = {"secp384r1"};
  CaseRequest client = Client(pki_->ec_client);
  client.tls.groups = {"x25519"};

  PairResult pair = Run(server, client);

  if (tls13()) {
    EXPECT_FALSE(pair.server.handshake);
    EXPECT_FALSE(pair.client.app_data);
  } else {
    // A wolfSSL 5.5 TLS 1.2 server takes any group it supports from the client's list; its own
    // list (wolfSSL_CTX_UseSupportedCurve) restricts only what it offers as a client.
    EXPECT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  }

  client.tls.groups = {"secp384r1"};
  PairResult agreed = Run(server, client);
  EXPECT_TRUE(agreed.client.app_data) << agreed.client.error.value_or("");
}

TEST_P(WolfSslHandshakeTest, TakesGivenSignatureSchemes) {
  CaseRequest server = Server();
  server.tls.signature_schemes = {"rsa_pss_rsae_sha384", "ecdsa_secp256r1_sha256"};

  PairResult pair = Run(server, Client(pki_->rsa_client));

  ASSERT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  // In TLS 1.2 a wolfSSL 5.5 client still signs with rsa_pkcs1_sha256, although the server's
  // list leaves it out, and the wolfSSL server accepts it (README.md). In TLS 1.3 the scheme
  // is not visible to the shim.
  EXPECT_EQ(pair.server.signature_scheme, ServerScheme("rsa_pkcs1_sha256"));
}

TEST_P(WolfSslHandshakeTest, UnknownSignatureSchemeIsUnsupported) {
  CaseRequest server = Server();
  server.tls.signature_schemes = {"sm2sig_sm3"};

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_EQ(pair.server.unsupported, "signature scheme sm2sig_sm3");
  EXPECT_EQ(pair.server.reason, std::nullopt);
}

TEST_P(WolfSslHandshakeTest, EnforcingServerAppliesMinimumRsaSizeInTheLibrary) {
  CaseRequest server = Server();
  server.server_config = ServerConfig::kEnforcing;
  server.enforce = EnforcementRules{
      {"sha256", "sha384", "sha512"}, {"rsa", "rsa-pss", "ec"}, 4096, {"P-256", "P-384", "P-521"}};

  PairResult pair = Run(server, Client(pki_->rsa_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kWeakKey) << pair.server.error.value_or("");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
}

TEST_P(WolfSslHandshakeTest, EnforcingServerRefusesCurveInTheShim) {
  CaseRequest server = Server();
  server.server_config = ServerConfig::kEnforcing;
  server.enforce =
      EnforcementRules{{"sha256", "sha384", "sha512"}, {"rsa", "rsa-pss", "ec"}, 2048, {"P-384"}};

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.shim_enforced, "curves");
  EXPECT_EQ(pair.server.reason, Reason::kUnsupportedAlgorithm);
  EXPECT_THAT(*pair.server.error, HasSubstr("P-256"));

  server.enforce->curves = {"P-256"};
  PairResult allowed = Run(server, Client(pki_->ec_client));
  EXPECT_TRUE(allowed.server.app_data) << allowed.server.error.value_or("");
  EXPECT_EQ(allowed.server.shim_enforced, std::nullopt);
}

TEST_P(WolfSslHandshakeTest, EnforcingServerRefusesPublicKeyTypeInTheShim) {
  CaseRequest server = Server();
  server.server_config = ServerConfig::kEnforcing;
  server.enforce = EnforcementRules{
      {"sha256", "sha384", "sha512"}, {"rsa", "rsa-pss"}, 2048, {"P-256", "P-384", "P-521"}};

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.shim_enforced, "public_keys");
  EXPECT_EQ(pair.server.reason, Reason::kUnsupportedAlgorithm);
}

TEST_P(WolfSslHandshakeTest, RejectsVersionMismatch) {
  CaseRequest client = Client(pki_->ec_client);
  client.tls.version = tls13() ? "tls1.2" : "tls1.3";

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kProtocol) << pair.server.error.value_or("");
  EXPECT_FALSE(pair.client.handshake);
  EXPECT_NE(pair.client.reason, std::nullopt);
}

TEST_P(WolfSslHandshakeTest, SecurityLevelIsUnsupported) {
  CaseRequest server = Server();
  server.tls.security_level = 0;

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_EQ(pair.server.unsupported, "security_level");
  EXPECT_EQ(pair.server.reason, std::nullopt);
}

std::string VersionTestName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param == "tls1.2" ? "TLS1_2" : "TLS1_3";
}

INSTANTIATE_TEST_SUITE_P(Versions, WolfSslHandshakeTest, ::testing::Values("tls1.2", "tls1.3"),
                         VersionTestName);

}  // namespace
}  // namespace tlsconform::shim::testing

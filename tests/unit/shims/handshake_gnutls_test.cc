// Real handshakes between two instances of the GnuTLS backend, per TLS version, without the
// runner. The scenarios of handshake_test.cc (shared by the OpenSSL-API backends) with
// GnuTLS's own answers, plus the case fields only this backend's tests cover yet: verify
// time, the enforcing configuration, ALPN, signature schemes and groups.
//
// Where GnuTLS answers differently from OpenSSL, the expectation says so: GnuTLS leaves the
// alert to the application, and gnutls_alert_send_appropriate sends bad_certificate for every
// certificate verification failure; its TLS 1.2 client signs with rsa_pkcs1_sha256 before
// RSA-PSS (the order of its default priority).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "driver/backend.h"
#include "pair_runner.h"
#include "pair_test.h"
#include "test_pki.h"

namespace tlsconform::shim::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// 2019-06-01 and 2100-01-01, 00:00 UTC: before the clients' validity (2020..2099,
// test_pki.h) and after it.
constexpr long long kIn2019 = 1559347200;
constexpr long long kIn2100 = 4102444800;

class GnutlsHandshakeTest : public PairTest {
 protected:
  CaseRequest Enforcing(EnforcementRules rules) const {
    CaseRequest request = Server();
    request.server_config = ServerConfig::kEnforcing;
    request.enforce = std::move(rules);
    return request;
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
      EXPECT_EQ(end->shim_enforced, std::nullopt);
    }
    ASSERT_TRUE(pair.server.peer_certificate.has_value());
    EXPECT_EQ(pair.server.peer_certificate->subject, "CN=" + subject);
    EXPECT_EQ(pair.server.peer_certificate->chain, std::vector<std::string>{"CN=" + subject});
    EXPECT_TRUE(pair.server.peer_certificate->verified);
    ASSERT_TRUE(pair.client.peer_certificate.has_value());
    EXPECT_EQ(pair.client.peer_certificate->subject, "CN=localhost");
    EXPECT_TRUE(pair.client.peer_certificate->verified);
  }

  // ExpectServerRejected checks a case the server must reject with `reason`: the server
  // fails its handshake and sends `alert`, the client never gets its answer and receives the
  // alert (in TLS 1.3 after its own handshake completed).
  void ExpectServerRejected(const PairResult& pair, Reason reason, const std::string& alert) {
    EXPECT_FALSE(pair.server.handshake);
    EXPECT_FALSE(pair.server.app_data);
    EXPECT_EQ(pair.server.reason, reason) << pair.server.error.value_or("");
    EXPECT_THAT(pair.server.alerts_sent, ElementsAre("fatal:" + alert));
    EXPECT_TRUE(pair.server.error.has_value());

    EXPECT_EQ(pair.client.handshake, tls13()) << pair.client.error.value_or("");
    EXPECT_FALSE(pair.client.app_data);
    EXPECT_THAT(pair.client.alerts_received, Contains("fatal:" + alert));
  }

  static EnforcementRules ProfileRules() {
    return {{"sha256", "sha384", "sha512"},
            {"rsa", "rsa-pss", "ec"},
            2048,
            {"P-256", "P-384", "P-521"}};
  }
};

TEST_P(GnutlsHandshakeTest, AcceptsValidEcClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
}

TEST_P(GnutlsHandshakeTest, AcceptsValidRsaClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->rsa_client));

  // TLS 1.3 allows only RSA-PSS for CertificateVerify (RFC 8446 4.4.3).
  ExpectAccepted(pair, "rsa device", tls13() ? "rsa_pss_rsae_sha256" : "rsa_pkcs1_sha256");
}

TEST_P(GnutlsHandshakeTest, ClientOffersOnlyTheGivenSignatureSchemes) {
  CaseRequest client = Client(pki_->rsa_client);
  // The server's certificate is EC P-256: the client must accept its signature too.
  client.tls.signature_schemes = {"ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha384"};

  PairResult pair = Run(Server(), client);

  ASSERT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  EXPECT_EQ(pair.server.signature_scheme, "rsa_pss_rsae_sha384");
  EXPECT_EQ(pair.client.signature_scheme, "rsa_pss_rsae_sha384");
}

TEST_P(GnutlsHandshakeTest, HonoursGroups) {
  CaseRequest client = Client(pki_->ec_client);
  client.tls.groups = {"secp384r1"};
  CaseRequest server = Server();
  server.tls.groups = {"secp384r1", "x25519"};

  EXPECT_TRUE(Run(server, client).client.app_data);

  server.tls.groups = {"x25519"};
  PairResult refused = Run(server, client);
  EXPECT_FALSE(refused.server.handshake);
  EXPECT_EQ(refused.server.reason, Reason::kProtocol) << refused.server.error.value_or("");
  EXPECT_FALSE(refused.client.app_data);
}

TEST_P(GnutlsHandshakeTest, RejectsExpiredClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->expired));

  ExpectServerRejected(pair, Reason::kExpired, "bad_certificate");
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_EQ(pair.server.peer_certificate->subject, "CN=expired device");
  EXPECT_FALSE(pair.server.peer_certificate->verified);
  EXPECT_THAT(*pair.server.error, HasSubstr("expired"));
  // bad_certificate does not say why.
  EXPECT_EQ(pair.client.reason, Reason::kOther);
}

TEST_P(GnutlsHandshakeTest, RejectsRevokedClientCertificateWhenGivenCrl) {
  CaseRequest server = Server();
  server.crl = pki_->crl;

  PairResult pair = Run(server, Client(pki_->revoked));

  ExpectServerRejected(pair, Reason::kRevoked, "bad_certificate");
  EXPECT_THAT(*pair.server.error, HasSubstr("revoked"));
}

TEST_P(GnutlsHandshakeTest, AcceptsRevokedClientCertificateWithoutCrl) {
  PairResult pair = Run(Server(), Client(pki_->revoked));

  ExpectAccepted(pair, "revoked device", "ecdsa_secp256r1_sha256");
}

TEST_P(GnutlsHandshakeTest, AcceptsUnrevokedClientCertificateWhenGivenCrl) {
  CaseRequest server = Server();
  server.crl = pki_->crl;

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
}

TEST_P(GnutlsHandshakeTest, RejectsMissingClientCertificate) {
  CaseRequest client = Client(pki_->ec_client);
  client.credentials.reset();

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kNoCertificate) << pair.server.error.value_or("");
  EXPECT_EQ(pair.server.peer_certificate, std::nullopt);
  EXPECT_EQ(pair.server.signature_scheme, std::nullopt);
  EXPECT_FALSE(pair.server.alerts_sent.empty());
  EXPECT_FALSE(pair.client.app_data);
  EXPECT_EQ(pair.client.alerts_received, pair.server.alerts_sent);
}

TEST_P(GnutlsHandshakeTest, ReportsKeyMismatchFromEcHook) {
  CaseRequest client = Client({pki_->ec_client.chain, pki_->other_ec_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  ExpectServerRejected(pair, Reason::kKeyMismatch, "decrypt_error");
  EXPECT_EQ(pair.server.signature_scheme, "ecdsa_secp256r1_sha256");
  EXPECT_EQ(pair.client.signature_scheme, "ecdsa_secp256r1_sha256");
  // TLS 1.2: the chain verified when the Certificate message arrived; only CertificateVerify
  // failed. TLS 1.3: GnuTLS checks CertificateVerify first, so the chain was never verified.
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_EQ(pair.server.peer_certificate->verified, !tls13());
}

TEST_P(GnutlsHandshakeTest, ReportsKeyMismatchFromRsaHook) {
  CaseRequest client = Client({pki_->rsa_client.chain, pki_->other_rsa_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  ExpectServerRejected(pair, Reason::kKeyMismatch, "decrypt_error");
  EXPECT_EQ(pair.server.signature_scheme, tls13() ? "rsa_pss_rsae_sha256" : "rsa_pkcs1_sha256");
}

TEST_P(GnutlsHandshakeTest, KeyMismatchHookOfAnotherKeyTypeIsUnsupported) {
  CaseRequest client = Client({pki_->ec_client.chain, pki_->other_rsa_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  ASSERT_TRUE(pair.client.unsupported.has_value());
  EXPECT_THAT(*pair.client.unsupported, StartsWith("key_mismatch_hook"));
  EXPECT_EQ(pair.client.reason, std::nullopt);
  EXPECT_FALSE(pair.server.handshake);
}

TEST_P(GnutlsHandshakeTest, ClientRejectsServerFromUntrustedCa) {
  CaseRequest client = Client(pki_->ec_client);
  client.trust = pki_->other_ca;

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kUntrustedIssuer) << pair.client.error.value_or("");
  EXPECT_THAT(pair.client.alerts_sent, ElementsAre("fatal:bad_certificate"));
  ASSERT_TRUE(pair.client.peer_certificate.has_value());
  EXPECT_EQ(pair.client.peer_certificate->subject, "CN=localhost");
  EXPECT_FALSE(pair.client.peer_certificate->verified);
  EXPECT_FALSE(pair.server.handshake);
  if (tls13()) {
    EXPECT_THAT(pair.server.alerts_received, ElementsAre("fatal:bad_certificate"))
        << pair.server.error.value_or("");
  } else {
    // Observed with GnuTLS 3.7.9: a TLS 1.2 server waiting for the client's Certificate
    // reports the client's alert as GNUTLS_E_NO_CERTIFICATE_FOUND, not as an alert received.
    EXPECT_EQ(pair.server.reason, Reason::kNoCertificate) << pair.server.error.value_or("");
  }
}

TEST_P(GnutlsHandshakeTest, ClientChecksServerName) {
  CaseRequest client = Client(pki_->ec_client);
  client.server_name = "not-localhost.example";

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kOther);
  EXPECT_THAT(pair.client.error.value_or(""), HasSubstr("name in the certificate does not match"));
  ASSERT_TRUE(pair.client.peer_certificate.has_value());
  EXPECT_FALSE(pair.client.peer_certificate->verified);
  EXPECT_FALSE(pair.server.app_data);
}

TEST_P(GnutlsHandshakeTest, UsesGivenCipherSuites) {
  CaseRequest server = Server();
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  server.tls.ciphersuites = "TLS_CHACHA20_POLY1305_SHA256";

  PairResult pair = Run(server, Client(pki_->ec_client));

  ASSERT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  EXPECT_EQ(pair.server.cipher,
            tls13() ? "TLS_CHACHA20_POLY1305_SHA256" : "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(pair.client.cipher, pair.server.cipher);
}

TEST_P(GnutlsHandshakeTest, SuiteListThatIsNoProductIsUnsupported) {
  if (tls13()) {
    GTEST_SKIP() << "TLS 1.3 suites are one cipher each";
  }
  CaseRequest server = Server();
  // AES-128-CBC and AES-256-CBC with SHA-1 and SHA-384 would also enable
  // ECDHE-ECDSA-AES256-SHA, which the list does not name.
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384";

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_THAT(pair.server.unsupported.value_or(""), HasSubstr("cipher suite list"));
  EXPECT_EQ(pair.server.reason, std::nullopt);
  EXPECT_FALSE(pair.client.app_data);
}

TEST_P(GnutlsHandshakeTest, UnknownSuiteNameIsAnError) {
  CaseRequest server = Server();
  server.tls.cipher_list = "NO-SUCH-SUITE";
  server.tls.ciphersuites = "TLS_NO_SUCH_SUITE";

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.unsupported, std::nullopt);
  EXPECT_THAT(pair.server.error.value_or(""), HasSubstr("no GnuTLS tokens for cipher suite"));
}

TEST_P(GnutlsHandshakeTest, RejectsVersionMismatchAsProtocol) {
  CaseRequest client = Client(pki_->ec_client);
  client.tls.version = tls13() ? "tls1.2" : "tls1.3";

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kProtocol) << pair.server.error.value_or("");
  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kProtocol) << pair.client.error.value_or("");
}

TEST_P(GnutlsHandshakeTest, SecurityLevelIsUnsupported) {
  CaseRequest server = Server();
  server.tls.security_level = 0;

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_EQ(pair.server.unsupported, "security_level");
  EXPECT_EQ(pair.server.reason, std::nullopt);
}

TEST_P(GnutlsHandshakeTest, VerifyTimeBeforeValidityIsNotYetValid) {
  CaseRequest server = Server();
  server.verify_time = kIn2019;

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectServerRejected(pair, Reason::kNotYetValid, "bad_certificate");
  // The client verified the server's certificate at the real time.
  EXPECT_TRUE(pair.client.peer_certificate.has_value() && pair.client.peer_certificate->verified);
}

TEST_P(GnutlsHandshakeTest, VerifyTimeAfterValidityIsExpired) {
  CaseRequest server = Server();
  server.verify_time = kIn2100;

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectServerRejected(pair, Reason::kExpired, "bad_certificate");
}

TEST_P(GnutlsHandshakeTest, EnforcingAcceptsCertificatesWithinTheRules) {
  for (const KeyPair* presented : {&pki_->ec_client, &pki_->rsa_client}) {
    SCOPED_TRACE(presented->chain);
    PairResult pair = Run(Enforcing(ProfileRules()), Client(*presented));

    EXPECT_TRUE(pair.server.app_data) << pair.server.error.value_or("");
    EXPECT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
    EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
  }
}

TEST_P(GnutlsHandshakeTest, EnforcingRsaMinimumOfAProfileIsTheLibrarys) {
  EnforcementRules rules = ProfileRules();
  rules.min_rsa_bits = 3072;  // GNUTLS_PROFILE_HIGH's RSA size

  PairResult pair = Run(Enforcing(rules), Client(pki_->rsa_client));

  ExpectServerRejected(pair, Reason::kUnsupportedAlgorithm, "bad_certificate");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
}

TEST_P(GnutlsHandshakeTest, EnforcingRsaMinimumOfNoProfileIsTheShims) {
  EnforcementRules rules = ProfileRules();
  rules.min_rsa_bits = 2049;

  PairResult pair = Run(Enforcing(rules), Client(pki_->rsa_client));

  ExpectServerRejected(pair, Reason::kWeakKey, "bad_certificate");
  EXPECT_EQ(pair.server.shim_enforced, "min_rsa_bits");
  EXPECT_THAT(pair.server.error.value_or(""), HasSubstr("2048 bits"));
}

TEST_P(GnutlsHandshakeTest, EnforcingCurvesIsTheShims) {
  EnforcementRules rules = ProfileRules();
  rules.curves = {"P-384"};

  PairResult pair = Run(Enforcing(rules), Client(pki_->ec_client));

  ExpectServerRejected(pair, Reason::kUnsupportedAlgorithm, "bad_certificate");
  EXPECT_EQ(pair.server.shim_enforced, "curves");
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_FALSE(pair.server.peer_certificate->verified);
}

TEST_P(GnutlsHandshakeTest, EnforcingPublicKeysIsTheShims) {
  EnforcementRules rules = ProfileRules();
  rules.public_keys = {"ec"};

  PairResult pair = Run(Enforcing(rules), Client(pki_->rsa_client));

  ExpectServerRejected(pair, Reason::kUnsupportedAlgorithm, "bad_certificate");
  EXPECT_EQ(pair.server.shim_enforced, "public_keys");
}

TEST_P(GnutlsHandshakeTest, EnforcingSignatureHashesIsTheShims) {
  EnforcementRules rules = ProfileRules();
  rules.signature_hashes = {"sha512"};

  PairResult pair = Run(Enforcing(rules), Client(pki_->ec_client));

  ExpectServerRejected(pair, Reason::kUnsupportedAlgorithm, "bad_certificate");
  EXPECT_EQ(pair.server.shim_enforced, "signature_hashes");
}

TEST_P(GnutlsHandshakeTest, NegotiatesAlpn) {
  CaseRequest server = Server();
  server.alpn = {"x-amzn-mqtt-ca", "mqtt"};
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"mqtt", "x-amzn-mqtt-ca"};

  PairResult pair = Run(server, client);

  ASSERT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  // The server's order decides.
  EXPECT_EQ(pair.server.alpn, "x-amzn-mqtt-ca");
  EXPECT_EQ(pair.client.alpn, "x-amzn-mqtt-ca");
}

TEST_P(GnutlsHandshakeTest, RefusesAlpnWithoutACommonProtocol) {
  CaseRequest server = Server();
  server.alpn = {"mqtt"};
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"http/1.1"};

  PairResult pair = Run(server, client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kProtocol) << pair.server.error.value_or("");
  EXPECT_THAT(pair.server.alerts_sent, ElementsAre("fatal:no_application_protocol"));
  EXPECT_FALSE(pair.client.handshake);
  EXPECT_THAT(pair.client.alerts_received, ElementsAre("fatal:no_application_protocol"));
}

std::string VersionTestName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param == "tls1.2" ? "TLS1_2" : "TLS1_3";
}

INSTANTIATE_TEST_SUITE_P(Versions, GnutlsHandshakeTest, ::testing::Values("tls1.2", "tls1.3"),
                         VersionTestName);

}  // namespace
}  // namespace tlsconform::shim::testing

// Real handshakes between two instances of the Mbed TLS backend, without the runner. Mbed TLS
// 2.28 runs TLS 1.2 only, so these are the TLS 1.2 cases of handshake_test.cc plus what is
// particular to this backend: its signature schemes, the enforcing configuration through the
// certificate profile, ALPN and groups.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "driver/backend.h"
#include "pair_runner.h"
#include "test_pki.h"

namespace tlsconform::shim::testing {

// Mbed TLS reports errors as return values; it keeps no per-thread error state.
unsigned long LeftoverLibraryError() { return 0; }

namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kVersion[] = "tls1.2";

class MbedtlsHandshakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    pki_ = GetTestPki(&error);
    if (pki_ == nullptr) {
      GTEST_SKIP() << "no test PKI: " << error;
    }
    backend_ = MakeBackend();
  }

  CaseRequest Server() const {
    CaseRequest request;
    request.id = "server/mbedtls";
    request.role = Role::kServer;
    request.tls.version = kVersion;
    request.credentials = Credentials{pki_->server.chain, pki_->server.key};
    request.trust = pki_->ca;
    request.app_timeout_ms = 2000;
    return request;
  }

  CaseRequest Client(const KeyPair& presented) const {
    CaseRequest request;
    request.id = "client/mbedtls";
    request.role = Role::kClient;
    request.tls.version = kVersion;
    request.credentials = Credentials{presented.chain, presented.key};
    request.trust = pki_->ca;
    request.server_name = "localhost";
    request.app_timeout_ms = 2000;
    return request;
  }

  // Enforcing is a server with the profile's allow-lists of the default suite.
  CaseRequest EnforcingServer() const {
    CaseRequest request = Server();
    request.server_config = ServerConfig::kEnforcing;
    request.enforce = EnforcementRules{{"sha256", "sha384", "sha512"},
                                       {"rsa", "rsa-pss", "ec"},
                                       2048,
                                       {"P-256", "P-384", "P-521"}};
    return request;
  }

  PairResult Run(const CaseRequest& server, const CaseRequest& client) {
    return RunPair(*backend_, server, client);
  }

  // ExpectAccepted checks both ends of a case the server must accept.
  void ExpectAccepted(const PairResult& pair, const std::string& subject,
                      const std::string& scheme) {
    for (const CaseResult* end : {&pair.server, &pair.client}) {
      SCOPED_TRACE(end == &pair.server ? "server" : "client");
      EXPECT_TRUE(end->handshake) << end->error.value_or("");
      EXPECT_TRUE(end->app_data) << end->error.value_or("");
      EXPECT_EQ(end->version, kVersion);
      ASSERT_TRUE(end->cipher.has_value());
      EXPECT_THAT(*end->cipher, StartsWith("TLS_ECDHE_ECDSA_WITH_"));
      EXPECT_EQ(end->signature_scheme, scheme);
      EXPECT_TRUE(end->alerts_sent.empty());
      EXPECT_TRUE(end->alerts_received.empty());
      EXPECT_EQ(end->reason, std::nullopt);
      EXPECT_EQ(end->error, std::nullopt);
      EXPECT_EQ(end->unsupported, std::nullopt);
      EXPECT_EQ(end->shim_enforced, std::nullopt);
    }
    EXPECT_EQ(pair.client.cipher, pair.server.cipher);
    ASSERT_TRUE(pair.server.peer_certificate.has_value());
    EXPECT_EQ(pair.server.peer_certificate->subject, "CN=" + subject);
    EXPECT_THAT(pair.server.peer_certificate->chain, ElementsAre("CN=" + subject));
    EXPECT_TRUE(pair.server.peer_certificate->verified);
    ASSERT_TRUE(pair.client.peer_certificate.has_value());
    EXPECT_EQ(pair.client.peer_certificate->subject, "CN=localhost");
    EXPECT_TRUE(pair.client.peer_certificate->verified);
  }

  // ExpectServerRejected checks a case the server must reject with `reason`, sending
  // `alert`: the server fails its handshake, the client learns why from the alert.
  void ExpectServerRejected(const PairResult& pair, Reason reason, const std::string& alert) {
    EXPECT_FALSE(pair.server.handshake);
    EXPECT_FALSE(pair.server.app_data);
    EXPECT_EQ(pair.server.reason, reason) << pair.server.error.value_or("");
    EXPECT_THAT(pair.server.alerts_sent, Contains("fatal:" + alert));
    EXPECT_TRUE(pair.server.error.has_value());

    EXPECT_FALSE(pair.client.handshake) << pair.client.error.value_or("");
    EXPECT_FALSE(pair.client.app_data);
    EXPECT_THAT(pair.client.alerts_received, Contains("fatal:" + alert));
  }

  const TestPki* pki_ = nullptr;
  std::unique_ptr<Backend> backend_;
};

// A 2.28 client signs CertificateVerify with the hash of the suite's PRF: SHA-256 here. In
// TLS 1.2 the scheme 0x0403 is "ECDSA with SHA-256", whatever the curve.
TEST_F(MbedtlsHandshakeTest, AcceptsValidEcClientCertificate) {
  CaseRequest server = Server();
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
  EXPECT_EQ(pair.server.cipher, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
}

TEST_F(MbedtlsHandshakeTest, SignsWithTheHashOfASha384Suite) {
  CaseRequest server = Server();
  server.tls.cipher_list = "ECDHE-ECDSA-AES256-GCM-SHA384";

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp384r1_sha384");
}

// Mbed TLS 2.28 has no RSA-PSS in TLS 1.2: an RSA client signs with PKCS#1 v1.5.
TEST_F(MbedtlsHandshakeTest, AcceptsValidRsaClientCertificateWithPkcs1) {
  CaseRequest server = Server();
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";

  PairResult pair = Run(server, Client(pki_->rsa_client));

  ExpectAccepted(pair, "rsa device", "rsa_pkcs1_sha256");
}

TEST_F(MbedtlsHandshakeTest, RejectsExpiredClientCertificate) {
  PairResult pair = Run(Server(), Client(pki_->expired));

  ExpectServerRejected(pair, Reason::kExpired, "certificate_expired");
  EXPECT_EQ(pair.client.reason, Reason::kExpired) << pair.client.error.value_or("");
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_EQ(pair.server.peer_certificate->subject, "CN=expired device");
  EXPECT_FALSE(pair.server.peer_certificate->verified);
  EXPECT_THAT(*pair.server.error, HasSubstr("expired"));
}

TEST_F(MbedtlsHandshakeTest, RejectsRevokedClientCertificateWhenGivenCrl) {
  CaseRequest server = Server();
  server.crl = pki_->crl;

  PairResult pair = Run(server, Client(pki_->revoked));

  ExpectServerRejected(pair, Reason::kRevoked, "certificate_revoked");
  EXPECT_EQ(pair.client.reason, Reason::kRevoked) << pair.client.error.value_or("");
}

TEST_F(MbedtlsHandshakeTest, AcceptsRevokedClientCertificateWithoutCrl) {
  PairResult pair = Run(Server(), Client(pki_->revoked));

  EXPECT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
}

TEST_F(MbedtlsHandshakeTest, AcceptsUnrevokedClientCertificateWhenGivenCrl) {
  CaseRequest server = Server();
  server.crl = pki_->crl;
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
}

TEST_F(MbedtlsHandshakeTest, RejectsMissingClientCertificate) {
  CaseRequest client = Client(pki_->ec_client);
  client.credentials.reset();

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kNoCertificate) << pair.server.error.value_or("");
  EXPECT_EQ(pair.server.peer_certificate, std::nullopt);
  EXPECT_EQ(pair.server.signature_scheme, std::nullopt);
  EXPECT_FALSE(pair.client.app_data);
}

// A 2.28 server whose check of the client's CertificateVerify fails ends the handshake without
// an alert (ssl_parse_certificate_verify returns mbedtls_pk_verify's error as it is), so the
// client sees the connection close and cannot tell why.
void ExpectKeyMismatchRejected(const PairResult& pair) {
  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kKeyMismatch) << pair.server.error.value_or("");
  EXPECT_TRUE(pair.server.alerts_sent.empty());
  EXPECT_FALSE(pair.client.handshake);
  EXPECT_FALSE(pair.client.app_data);
  EXPECT_TRUE(pair.client.alerts_received.empty());
  // The chain itself verified; only the signature over the handshake failed.
  ASSERT_TRUE(pair.server.peer_certificate.has_value());
  EXPECT_TRUE(pair.server.peer_certificate->verified);
  EXPECT_TRUE(pair.server.signature_scheme.has_value());
  EXPECT_EQ(pair.server.signature_scheme, pair.client.signature_scheme);
}

TEST_F(MbedtlsHandshakeTest, ReportsKeyMismatchFromHook) {
  CaseRequest client = Client({pki_->ec_client.chain, pki_->other_ec_key});
  client.key_mismatch_hook = true;

  ExpectKeyMismatchRejected(Run(Server(), client));
}

TEST_F(MbedtlsHandshakeTest, ReportsKeyMismatchFromRsaHook) {
  CaseRequest client = Client({pki_->rsa_client.chain, pki_->other_rsa_key});
  client.key_mismatch_hook = true;

  ExpectKeyMismatchRejected(Run(Server(), client));
}

TEST_F(MbedtlsHandshakeTest, KeyMismatchHookOfAnotherKeyTypeIsUnsupported) {
  CaseRequest client = Client({pki_->ec_client.chain, pki_->other_rsa_key});
  client.key_mismatch_hook = true;

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  ASSERT_TRUE(pair.client.unsupported.has_value());
  EXPECT_THAT(*pair.client.unsupported, StartsWith("key_mismatch_hook"));
  EXPECT_EQ(pair.client.reason, std::nullopt);
  EXPECT_FALSE(pair.server.handshake);
}

TEST_F(MbedtlsHandshakeTest, ClientRejectsServerFromUntrustedCa) {
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

TEST_F(MbedtlsHandshakeTest, ClientChecksServerName) {
  CaseRequest client = Client(pki_->ec_client);
  client.server_name = "not-localhost.example";

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kOther);
  ASSERT_TRUE(pair.client.peer_certificate.has_value());
  EXPECT_FALSE(pair.client.peer_certificate->verified);
  EXPECT_FALSE(pair.server.app_data);
}

TEST_F(MbedtlsHandshakeTest, NoSharedSuiteIsProtocol) {
  CaseRequest server = Server();
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  CaseRequest client = Client(pki_->ec_client);
  client.tls.cipher_list = "ECDHE-ECDSA-AES256-GCM-SHA384";

  PairResult pair = Run(server, client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kProtocol) << pair.server.error.value_or("");
  EXPECT_FALSE(pair.client.handshake);
}

TEST_F(MbedtlsHandshakeTest, UnknownCipherNameIsAnError) {
  CaseRequest server = Server();
  server.tls.cipher_list = "NOT-A-SUITE";

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_THAT(pair.server.error.value_or(""), HasSubstr("NOT-A-SUITE"));
}

TEST_F(MbedtlsHandshakeTest, UnsupportedSettingsAreUnsupported) {
  CaseRequest server = Server();
  server.tls.security_level = 0;
  EXPECT_EQ(Run(server, Client(pki_->ec_client)).server.unsupported, "security_level");

  CaseRequest tls13 = Client(pki_->ec_client);
  tls13.tls.version = "tls1.3";
  EXPECT_EQ(Run(Server(), tls13).client.unsupported, "version tls1.3");

  CaseRequest pss = Server();
  pss.tls.signature_schemes = {"rsa_pss_rsae_sha256"};
  EXPECT_THAT(Run(pss, Client(pki_->ec_client)).server.unsupported.value_or(""),
              StartsWith("signature_schemes"));

  CaseRequest half = Server();
  half.tls.signature_schemes = {"ecdsa_secp256r1_sha256"};
  EXPECT_THAT(Run(half, Client(pki_->ec_client)).server.unsupported.value_or(""),
              StartsWith("signature_schemes"));

  CaseRequest ffdhe = Server();
  ffdhe.tls.groups = {"ffdhe2048"};
  EXPECT_EQ(Run(ffdhe, Client(pki_->ec_client)).server.unsupported, "groups: ffdhe2048");
}

TEST_F(MbedtlsHandshakeTest, HonoursSignatureSchemesAndGroups) {
  CaseRequest server = Server();
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  server.tls.signature_schemes = {"rsa_pkcs1_sha256", "ecdsa_secp256r1_sha256"};
  server.tls.groups = {"secp384r1", "secp256r1"};
  CaseRequest client = Client(pki_->ec_client);
  client.tls.groups = {"secp384r1", "secp256r1"};

  PairResult pair = Run(server, client);

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
}

TEST_F(MbedtlsHandshakeTest, NegotiatesAlpn) {
  CaseRequest server = Server();
  server.alpn = {"x-tlsconform", "mqtt"};
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"mqtt", "x-tlsconform"};

  PairResult pair = Run(server, client);

  ASSERT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  // The server's order decides.
  EXPECT_EQ(pair.server.alpn, "x-tlsconform");
  EXPECT_EQ(pair.client.alpn, "x-tlsconform");
}

TEST_F(MbedtlsHandshakeTest, RefusesUnmatchedAlpn) {
  CaseRequest server = Server();
  server.alpn = {"mqtt"};
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"h2"};

  PairResult pair = Run(server, client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_THAT(pair.server.alerts_sent, Contains("fatal:no_application_protocol"));
  EXPECT_FALSE(pair.client.app_data);
}

TEST_F(MbedtlsHandshakeTest, EnforcingAcceptsWhatTheProfileAllows) {
  CaseRequest server = EnforcingServer();
  server.tls.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";

  ExpectAccepted(Run(server, Client(pki_->ec_client)), "ec device", "ecdsa_secp256r1_sha256");
  ExpectAccepted(Run(server, Client(pki_->rsa_client)), "rsa device", "rsa_pkcs1_sha256");
}

TEST_F(MbedtlsHandshakeTest, EnforcingAppliesMinimumRsaBitsFromTheCase) {
  CaseRequest server = EnforcingServer();
  server.enforce->min_rsa_bits = 3072;  // the test PKI's RSA client has 2048 bits

  PairResult pair = Run(server, Client(pki_->rsa_client));

  // Mbed TLS answers a key its profile refuses with unsupported_certificate.
  ExpectServerRejected(pair, Reason::kWeakKey, "unsupported_certificate");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);  // the library's profile refused it
}

TEST_F(MbedtlsHandshakeTest, EnforcingAppliesSignatureHashesFromTheCase) {
  CaseRequest server = EnforcingServer();
  server.enforce->signature_hashes = {"sha384"};  // the test CA signs with SHA-256

  PairResult pair = Run(server, Client(pki_->ec_client));

  // ... and a hash it refuses with certificate_unknown.
  ExpectServerRejected(pair, Reason::kUnsupportedAlgorithm, "certificate_unknown");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
}

TEST_F(MbedtlsHandshakeTest, EnforcingAppliesCurvesFromTheCase) {
  CaseRequest server = EnforcingServer();
  server.enforce->curves = {"P-384"};  // every EC key of the test PKI is P-256

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectServerRejected(pair, Reason::kWeakKey, "unsupported_certificate");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
}

TEST_F(MbedtlsHandshakeTest, EnforcingAppliesPublicKeysToSignatures) {
  CaseRequest server = EnforcingServer();
  server.enforce->public_keys = {"rsa"};  // the test CA signs with ECDSA

  PairResult pair = Run(server, Client(pki_->rsa_client));

  ExpectServerRejected(pair, Reason::kUnsupportedAlgorithm, "unsupported_certificate");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
}

// The profile's allowed_pks also applies to the leaf's own key (the library checks the end
// entity's key type; an issuer's key type shows in the algorithm of its signature).
TEST_F(MbedtlsHandshakeTest, EnforcingAppliesPublicKeysToTheLeafKey) {
  CaseRequest server = EnforcingServer();
  server.enforce->public_keys = {"ec"};  // an RSA key, certified with an ECDSA signature

  PairResult pair = Run(server, Client(pki_->rsa_client));

  ExpectServerRejected(pair, Reason::kUnsupportedAlgorithm, "unsupported_certificate");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
}

TEST_F(MbedtlsHandshakeTest, DefaultsRefuseWhatTheLibraryProfileRefuses) {
  // The `defaults` server keeps Mbed TLS's default profile, which the enforcing rules of a
  // case do not reach: the same client as above is accepted.
  PairResult pair = Run(Server(), Client(pki_->rsa_client));

  EXPECT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
}

}  // namespace
}  // namespace tlsconform::shim::testing

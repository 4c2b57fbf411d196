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
#include "pair_test.h"
#include "test_pki.h"

namespace tlsconform::shim::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::Pair;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

// Unix times outside the test PKI's validity (2020..2099 for the devices, from the day the PKI
// was made for a century for the CA).
constexpr long long kYear2000 = 946684800;   // 2000-01-01: nothing is valid yet
constexpr long long kYear2100 = 4107542400;  // 2100-03-01: the devices have expired

class HandshakeTest : public PairTest {
 protected:
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

  // Enforcing returns an `enforcing` server whose rules allow the whole test PKI; each test
  // narrows one rule.
  CaseRequest Enforcing() const {
    CaseRequest request = Server();
    request.server_config = ServerConfig::kEnforcing;
    request.enforce = EnforcementRules{{"sha256", "sha384", "sha512"},
                                       {"rsa", "rsa-pss", "ec"},
                                       2048,
                                       {"P-256", "P-384", "P-521"}};
    return request;
  }

  // ExpectShimRefused checks that an enforcing server refused the client by `rule`, in its
  // own verification callback.
  void ExpectShimRefused(const PairResult& pair, const std::string& rule, Reason reason) {
    EXPECT_FALSE(pair.server.handshake);
    EXPECT_FALSE(pair.server.app_data);
    EXPECT_FALSE(pair.client.app_data);
    EXPECT_EQ(pair.server.reason, reason) << pair.server.error.value_or("");
    EXPECT_EQ(pair.server.shim_enforced, rule) << pair.server.error.value_or("");
    ASSERT_TRUE(pair.server.error.has_value());
    EXPECT_THAT(*pair.server.error, HasSubstr("enforce." + rule));
    EXPECT_FALSE(pair.server.alerts_sent.empty());
    ASSERT_TRUE(pair.server.peer_certificate.has_value());
    EXPECT_FALSE(pair.server.peer_certificate->verified);
    EXPECT_EQ(pair.client.shim_enforced, std::nullopt);
  }

  Enforcement HowEnforced(const std::string& rule) const {
    for (const auto& [name, how] : backend_->GetCapabilities().enforcement) {
      if (name == rule) {
        return how;
      }
    }
    ADD_FAILURE() << "no enforcement entry for " << rule;
    return Enforcement::kNone;
  }
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

TEST_P(HandshakeTest, AnnouncesProtocol2Capabilities) {
  const Capabilities capabilities = backend_->GetCapabilities();

  EXPECT_TRUE(capabilities.sni);
  EXPECT_TRUE(capabilities.alpn);
  EXPECT_TRUE(capabilities.verify_time);
  EXPECT_THAT(capabilities.sign_schemes,
              IsSupersetOf({"ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256", "ed25519"}));
  EXPECT_THAT(capabilities.verify_schemes,
              IsSupersetOf({"ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"}));
  EXPECT_THAT(capabilities.sign_schemes, Not(Contains(StartsWith("0x"))));
  EXPECT_THAT(capabilities.key_types, IsSupersetOf({"rsa", "ec", "ed25519"}));
  EXPECT_THAT(capabilities.curves, IsSupersetOf({"P-256", "P-384", "P-521"}));
  EXPECT_EQ(capabilities.server_configs, (std::vector<std::string>{"defaults", "enforcing"}));
  EXPECT_THAT(
      capabilities.enforcement,
      UnorderedElementsAre(
          Pair("signature_hashes", Enforcement::kShim), Pair("public_keys", Enforcement::kShim),
          Pair("min_rsa_bits",
               backend_->Name() == "openssl" ? Enforcement::kLibrary : Enforcement::kShim),
          Pair("curves", Enforcement::kShim)));
  if (backend_->Name() == "openssl") {
    EXPECT_THAT(capabilities.key_types, IsSupersetOf({"rsa-pss", "ed448"}));
    EXPECT_THAT(capabilities.sign_schemes,
                IsSupersetOf({"ed448", "rsa_pss_pss_sha256", "ecdsa_sha1"}));
  }
}

TEST_P(HandshakeTest, ServerAcceptsClientSniOfItsName) {
  CaseRequest server = Server();
  server.server_name = "localhost";

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
}

TEST_P(HandshakeTest, ServerRefusesClientSniOfAnotherName) {
  CaseRequest server = Server();
  server.server_name = "localhost";
  CaseRequest client = Client(pki_->ec_client);
  client.server_name = "device-endpoint.example";

  PairResult pair = Run(server, client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_THAT(pair.server.alerts_sent, Contains("fatal:unrecognized_name"));
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_THAT(*pair.server.error, HasSubstr("\"device-endpoint.example\""));
  EXPECT_FALSE(pair.client.handshake);
  EXPECT_THAT(pair.client.alerts_received, Contains("fatal:unrecognized_name"));
}

TEST_P(HandshakeTest, ServerServesClientWithoutSni) {
  CaseRequest server = Server();
  server.server_name = "localhost";
  CaseRequest client = Client(pki_->ec_client);
  client.server_name.reset();

  PairResult pair = Run(server, client);

  EXPECT_TRUE(pair.server.app_data) << pair.server.error.value_or("");
  EXPECT_TRUE(pair.client.app_data) << pair.client.error.value_or("");
}

TEST_P(HandshakeTest, NegotiatesAlpnInServerOrder) {
  CaseRequest server = Server();
  server.alpn = {"x-amzn-mqtt-ca", "mqtt"};
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"mqtt", "x-amzn-mqtt-ca"};

  PairResult pair = Run(server, client);

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
  EXPECT_EQ(pair.server.alpn, "x-amzn-mqtt-ca");
  EXPECT_EQ(pair.client.alpn, "x-amzn-mqtt-ca");
}

TEST_P(HandshakeTest, RefusesAlpnMismatch) {
  CaseRequest server = Server();
  server.alpn = {"x-amzn-mqtt-ca"};
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"h2", "http/1.1"};

  PairResult pair = Run(server, client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_THAT(pair.server.alerts_sent, Contains("fatal:no_application_protocol"));
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_THAT(*pair.server.error, HasSubstr("h2, http/1.1"));
  EXPECT_EQ(pair.server.alpn, std::nullopt);
  EXPECT_FALSE(pair.client.handshake);
  EXPECT_THAT(pair.client.alerts_received, Contains("fatal:no_application_protocol"));
}

TEST_P(HandshakeTest, RefusesClientOfferingNoAlpnWhenServerListsSome) {
  CaseRequest server = Server();
  server.alpn = {"x-amzn-mqtt-ca"};

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_THAT(pair.server.alerts_sent, Contains("fatal:no_application_protocol"));
  EXPECT_FALSE(pair.client.app_data);
}

TEST_P(HandshakeTest, NoAlpnWhenServerAcceptsNone) {
  CaseRequest client = Client(pki_->ec_client);
  client.alpn = {"x-amzn-mqtt-ca"};

  PairResult pair = Run(Server(), client);

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
  EXPECT_EQ(pair.server.alpn, std::nullopt);
  EXPECT_EQ(pair.client.alpn, std::nullopt);
}

TEST_P(HandshakeTest, VerifyTimeAfterValidityMakesClientExpired) {
  CaseRequest server = Server();
  server.verify_time = kYear2100;

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectServerRejected(pair, Reason::kExpired, "certificate_expired");
}

TEST_P(HandshakeTest, VerifyTimeBeforeValidityMakesClientNotYetValid) {
  CaseRequest server = Server();
  server.verify_time = kYear2000;

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kNotYetValid) << pair.server.error.value_or("");
  EXPECT_FALSE(pair.client.app_data);
}

TEST_P(HandshakeTest, VerifyTimeInTheDevicesValidityMovesTheVerdict) {
  // The expired device was valid in 2010; the CA, made today, was not: the verdict moves
  // from "expired" to "not yet valid", which only the verify time can do.
  CaseRequest server = Server();
  server.verify_time = 1262304000 + 180 * 86400;  // 2010-06-30

  PairResult pair = Run(server, Client(pki_->expired));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kNotYetValid) << pair.server.error.value_or("");
}

TEST_P(HandshakeTest, ClientHonoursVerifyTime) {
  CaseRequest client = Client(pki_->ec_client);
  client.verify_time = kYear2100;

  PairResult pair = Run(Server(), client);

  EXPECT_FALSE(pair.client.handshake);
  EXPECT_EQ(pair.client.reason, Reason::kExpired) << pair.client.error.value_or("");
  EXPECT_THAT(pair.client.alerts_sent, Contains("fatal:certificate_expired"));
}

TEST_P(HandshakeTest, ServerSignatureSchemesRestrictClientCertificateVerify) {
  CaseRequest server = Server();
  server.tls.signature_schemes = {"rsa_pss_rsae_sha384"};

  PairResult pair = Run(server, Client(pki_->rsa_client));

  ExpectAccepted(pair, "rsa device", "rsa_pss_rsae_sha384");
}

TEST_P(HandshakeTest, ClientSignatureSchemesRestrictItsCertificateVerify) {
  CaseRequest client = Client(pki_->rsa_client);
  client.tls.signature_schemes = {"ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha512"};

  PairResult pair = Run(Server(), client);

  ExpectAccepted(pair, "rsa device", "rsa_pss_rsae_sha512");
}

TEST_P(HandshakeTest, ServerSignatureSchemesTheClientKeyCannotUseFail) {
  CaseRequest server = Server();
  server.tls.signature_schemes = {"rsa_pss_rsae_sha256"};

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_FALSE(pair.client.app_data);
  EXPECT_NE(pair.server.signature_scheme, "ecdsa_secp256r1_sha256");
}

TEST_P(HandshakeTest, UnknownSignatureSchemeIsUnsupported) {
  CaseRequest server = Server();
  server.tls.signature_schemes = {"no_such_scheme"};

  PairResult pair = Run(server, Client(pki_->ec_client));

  EXPECT_EQ(pair.server.unsupported, "signature_schemes: no_such_scheme");
  EXPECT_EQ(pair.server.reason, std::nullopt);
}

TEST_P(HandshakeTest, UsesGivenGroups) {
  // P-256 stays on both lists: in TLS 1.2 an ECDSA certificate's curve must be one the
  // groups allow (RFC 8422 section 5.1; OpenSSL checks the client's against the server's own
  // list, "wrong curve"), and both certificates are P-256.
  CaseRequest server = Server();
  server.tls.groups = {"secp384r1", "secp256r1"};
  CaseRequest client = Client(pki_->ec_client);
  client.tls.groups = {"x25519", "secp384r1", "secp256r1"};

  PairResult pair = Run(server, client);

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
}

TEST_P(HandshakeTest, RefusesWithoutCommonGroup) {
  CaseRequest server = Server();
  server.tls.groups = {"secp384r1"};
  CaseRequest client = Client(pki_->ec_client);
  client.tls.groups = {"x25519"};

  PairResult pair = Run(server, client);

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_EQ(pair.server.reason, Reason::kProtocol) << pair.server.error.value_or("");
  EXPECT_FALSE(pair.client.handshake);
}

TEST_P(HandshakeTest, EnforcingAcceptsAllowedChains) {
  PairResult ec = Run(Enforcing(), Client(pki_->ec_client));
  ExpectAccepted(ec, "ec device", "ecdsa_secp256r1_sha256");
  EXPECT_EQ(ec.server.shim_enforced, std::nullopt);

  PairResult rsa = Run(Enforcing(), Client(pki_->rsa_client));
  ExpectAccepted(rsa, "rsa device", "rsa_pss_rsae_sha256");
  EXPECT_EQ(rsa.server.shim_enforced, std::nullopt);
}

TEST_P(HandshakeTest, EnforcingRefusesByShimSignatureHashes) {
  // The device certificates are signed with SHA-256.
  CaseRequest server = Enforcing();
  server.enforce->signature_hashes = {"sha384", "sha512"};

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectShimRefused(pair, "signature_hashes", Reason::kUnsupportedAlgorithm);
  EXPECT_THAT(*pair.server.error, HasSubstr("sha256"));
}

TEST_P(HandshakeTest, EnforcingRefusesByShimPublicKeys) {
  // The CA and the device hold EC keys.
  CaseRequest server = Enforcing();
  server.enforce->public_keys = {"rsa", "rsa-pss"};

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectShimRefused(pair, "public_keys", Reason::kUnsupportedAlgorithm);
}

TEST_P(HandshakeTest, EnforcingRefusesByShimCurves) {
  CaseRequest server = Enforcing();
  server.enforce->curves = {"P-384", "P-521"};

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectShimRefused(pair, "curves", Reason::kUnsupportedAlgorithm);
  EXPECT_THAT(*pair.server.error, HasSubstr("P-256"));
}

TEST_P(HandshakeTest, EnforcingRefusesByShimMinRsaBitsBetweenLevels) {
  // No OpenSSL security level requires 2049 bits: level 2 (2048) lets the 2048-bit device
  // key through, and the shim refuses it in both backends.
  CaseRequest server = Enforcing();
  server.enforce->min_rsa_bits = 2049;

  PairResult pair = Run(server, Client(pki_->rsa_client));

  ExpectShimRefused(pair, "min_rsa_bits", Reason::kWeakKey);
  EXPECT_THAT(*pair.server.error, HasSubstr("2048 bits"));
}

TEST_P(HandshakeTest, EnforcingMinRsaBitsAtALevelIsTheLibrarysInOpenSsl) {
  CaseRequest server = Enforcing();
  server.enforce->min_rsa_bits = 3072;

  PairResult pair = Run(server, Client(pki_->rsa_client));

  EXPECT_FALSE(pair.server.handshake);
  EXPECT_FALSE(pair.client.app_data);
  EXPECT_EQ(pair.server.reason, Reason::kWeakKey) << pair.server.error.value_or("");
  if (HowEnforced("min_rsa_bits") == Enforcement::kLibrary) {
    // OpenSSL at security level 3 refuses the 2048-bit key before the shim sees it.
    EXPECT_EQ(pair.server.shim_enforced, std::nullopt) << pair.server.error.value_or("");
  } else {
    EXPECT_EQ(pair.server.shim_enforced, "min_rsa_bits");
  }
}

TEST_P(HandshakeTest, DefaultsIgnoreEnforcementRulesNotSent) {
  // The same narrow rules as above do nothing without `enforcing`: the driver never sends
  // rules to a `defaults` server, and a backend must not read them there.
  CaseRequest server = Server();
  server.enforce = EnforcementRules{{"sha512"}, {"rsa"}, 4096, {"P-521"}};

  PairResult pair = Run(server, Client(pki_->ec_client));

  ExpectAccepted(pair, "ec device", "ecdsa_secp256r1_sha256");
  EXPECT_EQ(pair.server.shim_enforced, std::nullopt);
}

std::string VersionTestName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param == "tls1.2" ? "TLS1_2" : "TLS1_3";
}

INSTANTIATE_TEST_SUITE_P(Versions, HandshakeTest, ::testing::Values("tls1.2", "tls1.3"),
                         VersionTestName);

}  // namespace
}  // namespace tlsconform::shim::testing

// The IANA registry names tlsconform reports.
#include "tlsconform/tls_names.h"

#include <gtest/gtest.h>

namespace tlsconform {
namespace {

TEST(Names, SignatureSchemesUseRegistryNames) {
  EXPECT_EQ(SignatureSchemeName(0x0403), "ecdsa_secp256r1_sha256");
  EXPECT_EQ(SignatureSchemeName(0x0804), "rsa_pss_rsae_sha256");
  EXPECT_EQ(SignatureSchemeName(0x0809), "rsa_pss_pss_sha256");
  EXPECT_EQ(SignatureSchemeName(0x0401), "rsa_pkcs1_sha256");
  EXPECT_EQ(SignatureSchemeName(0x0807), "ed25519");
  EXPECT_EQ(SignatureSchemeName(0x0301), "0x0301");
}

TEST(Names, AlertsUseRegistryNames) {
  EXPECT_EQ(AlertName(42), "bad_certificate");
  EXPECT_EQ(AlertName(45), "certificate_expired");
  EXPECT_EQ(AlertName(116), "certificate_required");
  EXPECT_EQ(AlertName(200), "alert_200");
}

TEST(Names, VersionsUseProtocolSpelling) {
  EXPECT_EQ(VersionName(0x0303), "tls1.2");
  EXPECT_EQ(VersionName(0x0304), "tls1.3");
  EXPECT_EQ(VersionName(0x7f1c), "0x7f1c");
}

TEST(Names, CipherSuitesByEitherSpelling) {
  EXPECT_EQ(CipherSuiteCode("TLS_AES_128_GCM_SHA256"), 0x1301);
  EXPECT_EQ(CipherSuiteCode("TLS_CHACHA20_POLY1305_SHA256"), 0x1303);
  EXPECT_EQ(CipherSuiteCode("ECDHE-ECDSA-AES128-GCM-SHA256"), 0xC02B);
  EXPECT_EQ(CipherSuiteCode("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), 0xC02B);
  EXPECT_EQ(CipherSuiteCode("ECDHE-RSA-AES256-SHA"), 0xC014);
  EXPECT_EQ(CipherSuiteCode("AES128-SHA"), 0x002F);
  EXPECT_EQ(CipherSuiteCode("NOT-A-SUITE"), std::nullopt);
  // The OpenSSL spelling of a TLS 1.3 suite is its IANA name; there is no other.
  EXPECT_EQ(CipherSuiteCode("TLS13-AES128-GCM-SHA256"), std::nullopt);
}

TEST(Names, CipherSuitesTranslateFromOpenSslToIana) {
  EXPECT_EQ(IanaCipherSuiteName("ECDHE-ECDSA-AES128-GCM-SHA256"),
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(IanaCipherSuiteName("ECDHE-RSA-AES256-SHA384"),
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
  EXPECT_EQ(IanaCipherSuiteName("AES128-SHA"), "TLS_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(IanaCipherSuiteName("ECDHE-RSA-CHACHA20-POLY1305"),
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  EXPECT_EQ(IanaCipherSuiteName("NOT-A-SUITE"), "");
}

}  // namespace
}  // namespace tlsconform

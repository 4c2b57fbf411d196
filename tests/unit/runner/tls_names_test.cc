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

}  // namespace
}  // namespace tlsconform

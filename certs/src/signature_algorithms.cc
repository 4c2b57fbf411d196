// The signature algorithm table of RECIPES.md, in one place.
#include <array>
#include <optional>
#include <string_view>

#include "tlsconform/certs/recipe.h"

namespace tlsconform::certs {
namespace {

using enum SignatureAlgorithm;

constexpr std::array<SignatureAlgorithmInfo, 11> kAlgorithms = {{
    // PKCS#1 v1.5 on the allow-list (AWS-SIG-1).
    {kSha256WithRsa, "sha256WithRSAEncryption", KeyType::kRsa, "SHA256", false},
    {kSha384WithRsa, "sha384WithRSAEncryption", KeyType::kRsa, "SHA384", false},
    {kSha512WithRsa, "sha512WithRSAEncryption", KeyType::kRsa, "SHA512", false},
    // Outside the allow-list (AWS-SIG-5); OpenSSL 3.0's default provider still signs them.
    {kSha1WithRsa, "sha1WithRSAEncryption", KeyType::kRsa, "SHA1", false},
    {kMd5WithRsa, "md5WithRSAEncryption", KeyType::kRsa, "MD5", false},
    // RSASSA-PSS (AWS-SIG-4): MGF1 with the same hash, salt length = hash length, the
    // parameters RFC 4055 section 3.1 recommends.
    {kRsaPssSha256, "rsassa-pss-sha256", KeyType::kRsa, "SHA256", true},
    {kRsaPssSha384, "rsassa-pss-sha384", KeyType::kRsa, "SHA384", true},
    {kRsaPssSha512, "rsassa-pss-sha512", KeyType::kRsa, "SHA512", true},
    // ECDSA (AWS-SIG-2).
    {kEcdsaWithSha256, "ecdsa-with-SHA256", KeyType::kEc, "SHA256", false},
    {kEcdsaWithSha384, "ecdsa-with-SHA384", KeyType::kEc, "SHA384", false},
    {kEcdsaWithSha512, "ecdsa-with-SHA512", KeyType::kEc, "SHA512", false},
}};

// The table is indexed by the enum: row i describes SignatureAlgorithm(i).
constexpr bool RowsFollowEnumOrder() {
  for (size_t i = 0; i < kAlgorithms.size(); ++i) {
    if (static_cast<size_t>(kAlgorithms[i].algorithm) != i) {
      return false;
    }
  }
  return true;
}
static_assert(RowsFollowEnumOrder());

}  // namespace

const SignatureAlgorithmInfo& DescribeSignatureAlgorithm(SignatureAlgorithm algorithm) {
  return kAlgorithms[static_cast<size_t>(algorithm)];
}

std::optional<SignatureAlgorithm> SignatureAlgorithmFromName(std::string_view name) {
  for (const SignatureAlgorithmInfo& info : kAlgorithms) {
    if (info.name == name) {
      return info.algorithm;
    }
  }
  return std::nullopt;
}

SignatureAlgorithm DefaultSignatureAlgorithm(KeyType issuer_key_type) {
  return issuer_key_type == KeyType::kRsa ? kSha256WithRsa : kEcdsaWithSha256;
}

}  // namespace tlsconform::certs

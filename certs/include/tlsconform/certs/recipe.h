// The recipe model: keys, certificates and CRLs as certs/RECIPES.md describes them, after
// parsing and with every default resolved.
//
// A RecipeSet is plain data. It is produced by LoadCatalogue (fixture_set.h), which reports
// malformed tables with the file and entry concerned, and consumed by BuildObjects
// (builder.h). Names are global across a catalogue: a key, a certificate and a CRL never
// share one, because all three are written beside each other as objects/<name>.pem.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tlsconform::certs {

enum class KeyType { kRsa, kEc };

// KeyRecipe is one [key.NAME] table.
struct KeyRecipe {
  std::string name;
  std::string source;  // the catalogue file that defines it
  KeyType type = KeyType::kEc;
  int bits = 0;               // RSA modulus size
  uint64_t exponent = 65537;  // RSA public exponent
  std::string curve;          // EC: "P-256", "P-384" or "P-521"
};

// UtcTime is a time of a recipe, to the second, always UTC (RECIPES.md, "All times").
struct UtcTime {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;

  // ToGeneralizedTime returns "YYYYMMDDHHMMSSZ", the form ASN1_TIME_set_string_X509 reads.
  std::string ToGeneralizedTime() const;
  // ToString returns "YYYY-MM-DDTHH:MM:SSZ", the form recipes are written in.
  std::string ToString() const;

  auto operator<=>(const UtcTime&) const = default;
};

// ParseUtcTime reads "YYYY-MM-DDTHH:MM:SSZ" and checks every field's range; nullopt when
// `text` is anything else.
std::optional<UtcTime> ParseUtcTime(std::string_view text);

// The signature algorithms of the RECIPES.md table.
enum class SignatureAlgorithm {
  kSha256WithRsa,
  kSha384WithRsa,
  kSha512WithRsa,
  kSha1WithRsa,
  kMd5WithRsa,
  kRsaPssSha256,
  kRsaPssSha384,
  kRsaPssSha512,
  kEcdsaWithSha256,
  kEcdsaWithSha384,
  kEcdsaWithSha512,
};

struct SignatureAlgorithmInfo {
  SignatureAlgorithm algorithm;
  std::string_view name;    // as written in recipes: "rsassa-pss-sha384"
  KeyType key_type;         // the issuer key it needs
  std::string_view digest;  // OpenSSL digest name: "SHA384"
  bool pss;                 // RSASSA-PSS, MGF1 with `digest`, salt length = digest length
};

// DescribeSignatureAlgorithm returns the table row of `algorithm`.
const SignatureAlgorithmInfo& DescribeSignatureAlgorithm(SignatureAlgorithm algorithm);

// SignatureAlgorithmFromName looks up a recipe's `signature` value; nullopt when unknown.
std::optional<SignatureAlgorithm> SignatureAlgorithmFromName(std::string_view name);

// DefaultSignatureAlgorithm is sha256WithRSAEncryption for an RSA issuer key and
// ecdsa-with-SHA256 for EC.
SignatureAlgorithm DefaultSignatureAlgorithm(KeyType issuer_key_type);

// Deliberate errors applied to a certificate after it is signed.
enum class Defect {
  kSignatureFlipped,  // "signature-flipped": one byte of the signature value altered
};

// NameAttribute is one attribute of a distinguished name, e.g. {"CN", "tlsconform Root"}.
struct NameAttribute {
  std::string type;
  std::string value;
};

// CertRecipe is one [cert.NAME] table with its defaults resolved.
struct CertRecipe {
  std::string name;
  std::string source;
  std::string key;
  std::string issuer;  // a certificate name; equal to `name` when self-signed
  bool self_signed = false;
  // Attributes in the order the DN string lists them (RFC 4514: most specific first); the
  // encoded Name holds them in reverse.
  std::vector<NameAttribute> subject;
  std::vector<uint8_t> serial;  // big-endian, positive, no leading zero byte
  UtcTime not_before;
  UtcTime not_after;
  SignatureAlgorithm signature = SignatureAlgorithm::kSha256WithRsa;
  bool ca = false;
  bool basic_constraints = true;
  std::optional<int64_t> path_len;
  std::vector<std::string> key_usage;           // empty: extension omitted
  std::vector<std::string> extended_key_usage;  // empty: extension omitted
  std::vector<std::string> subject_alt_names;   // "DNS:name" or "IP:addr"
  std::vector<Defect> defects;
};

// CrlRecipe is one [crl.NAME] table with its defaults resolved.
struct CrlRecipe {
  std::string name;
  std::string source;
  std::string issuer;
  std::vector<std::string> revoked;  // certificate names
  UtcTime this_update;
  UtcTime next_update;
  SignatureAlgorithm signature = SignatureAlgorithm::kSha256WithRsa;
};

// RecipeSet is every object of a catalogue, checked: each name it mentions is defined,
// issuer references have no cycle, and each signature algorithm suits its issuer's key.
struct RecipeSet {
  std::map<std::string, KeyRecipe> keys;
  std::map<std::string, CertRecipe> certs;
  std::map<std::string, CrlRecipe> crls;
  // Every certificate name, each after its issuer, ties broken by name.
  std::vector<std::string> cert_order;
};

}  // namespace tlsconform::certs

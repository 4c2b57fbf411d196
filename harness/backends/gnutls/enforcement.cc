#include "enforcement.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

#include "priority.h"

namespace tlsconform::shim::gnutls {
namespace {

// The profiles whose level is a plain security strength (not Suite B), weakest first, with
// the security parameter GnuTLS documents for each.
constexpr std::pair<const char*, gnutls_sec_param_t> kProfiles[] = {
    {"%PROFILE_VERY_WEAK", GNUTLS_SEC_PARAM_VERY_WEAK},
    {"%PROFILE_LOW", GNUTLS_SEC_PARAM_LOW},
    {"%PROFILE_LEGACY", GNUTLS_SEC_PARAM_LEGACY},
    {"%PROFILE_MEDIUM", GNUTLS_SEC_PARAM_MEDIUM},
    {"%PROFILE_HIGH", GNUTLS_SEC_PARAM_HIGH},
    {"%PROFILE_ULTRA", GNUTLS_SEC_PARAM_ULTRA},
    {"%PROFILE_FUTURE", GNUTLS_SEC_PARAM_FUTURE},
};

struct CrtDeleter {
  void operator()(gnutls_x509_crt_t crt) const { gnutls_x509_crt_deinit(crt); }
};
using Crt = std::unique_ptr<std::remove_pointer_t<gnutls_x509_crt_t>, CrtDeleter>;

bool Allowed(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string Lower(const char* text) {
  std::string lower = text != nullptr ? text : "unknown";
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower;
}

std::optional<RuleViolation> CheckOne(const EnforcementRules& rules, bool check_rsa_bits,
                                      gnutls_x509_crt_t crt, unsigned depth) {
  const std::string where = " (certificate " + std::to_string(depth) + " of the chain)";

  // The certificate's signature: its hash and its algorithm.
  const int sign = gnutls_x509_crt_get_signature_algorithm(crt);
  const auto sign_id = static_cast<gnutls_sign_algorithm_t>(sign < 0 ? GNUTLS_SIGN_UNKNOWN : sign);
  const std::string hash = Lower(gnutls_digest_get_name(
      static_cast<gnutls_digest_algorithm_t>(gnutls_sign_get_hash_algorithm(sign_id))));
  if (!rules.signature_hashes.empty() && !Allowed(rules.signature_hashes, hash)) {
    return RuleViolation{"signature_hashes", "signature hash " + hash + where};
  }
  const auto signer = KeyTypeName(gnutls_sign_get_pk_algorithm(sign_id));
  if (!rules.public_keys.empty() && (!signer || !Allowed(rules.public_keys, *signer))) {
    return RuleViolation{"public_keys",
                         "signature algorithm " +
                             std::string(signer.value_or(Lower(gnutls_sign_get_name(sign_id)))) +
                             where};
  }

  // The certified key: its type, RSA size, curve.
  unsigned bits = 0;
  const int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
  const auto key = KeyTypeName(static_cast<gnutls_pk_algorithm_t>(pk < 0 ? GNUTLS_PK_UNKNOWN : pk));
  if (!rules.public_keys.empty() && (!key || !Allowed(rules.public_keys, *key))) {
    return RuleViolation{"public_keys", "public key " + key.value_or("of an unknown type") + where};
  }
  const bool rsa = pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS;
  if (check_rsa_bits && rsa && rules.min_rsa_bits > 0 &&
      bits < static_cast<unsigned>(rules.min_rsa_bits)) {
    return RuleViolation{"min_rsa_bits", "RSA key of " + std::to_string(bits) + " bits" + where};
  }
  if (pk == GNUTLS_PK_ECDSA && !rules.curves.empty()) {
    gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
    if (gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, nullptr, nullptr) < 0) {
      return RuleViolation{"curves", "an EC key whose curve GnuTLS cannot read" + where};
    }
    const auto name = CurveName(curve);
    if (!name || !Allowed(rules.curves, *name)) {
      return RuleViolation{
          "curves", "curve " + name.value_or(Lower(gnutls_ecc_curve_get_name(curve))) + where};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ProfileForRsaBits(int bits) {
  for (const auto& [profile, param] : kProfiles) {
    if (bits > 0 &&
        gnutls_sec_param_to_pk_bits(GNUTLS_PK_RSA, param) == static_cast<unsigned>(bits)) {
      return std::string(profile);
    }
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckRules(const EnforcementRules& rules, bool check_rsa_bits,
                                        const gnutls_datum_t* chain, unsigned count) {
  for (unsigned i = 0; i < count; ++i) {
    gnutls_x509_crt_t raw = nullptr;
    if (gnutls_x509_crt_init(&raw) < 0) {
      return RuleViolation{"public_keys", "gnutls_x509_crt_init failed"};
    }
    Crt crt(raw);
    // The library has already parsed and verified this chain; a certificate it cannot import
    // here would be a library fault, and refusing it is the safe answer.
    if (gnutls_x509_crt_import(crt.get(), &chain[i], GNUTLS_X509_FMT_DER) < 0) {
      return RuleViolation{"public_keys", "certificate " + std::to_string(i) + " does not parse"};
    }
    if (auto violation = CheckOne(rules, check_rsa_bits, crt.get(), i)) {
      return violation;
    }
  }
  return std::nullopt;
}

}  // namespace tlsconform::shim::gnutls

// BuildObjects: keys, then certificates issuer first, then CRLs.
#include "tlsconform/certs/builder.h"

#include <string>
#include <vector>

#include "build_steps.h"
#include "recipe_values.h"
#include "seeded_random.h"

namespace tlsconform::certs {
namespace {

using internal::SeededRandomScope;

// BuildCertificate makes certificate `recipe`; its key and its issuer are already built.
Result<UniquePtr<X509>> BuildCertificate(const CertRecipe& recipe, const RecipeSet& recipes,
                                         const BuiltObjects& built, SeededRandomScope& random) {
  EVP_PKEY* subject_key = built.keys.at(recipe.key).get();
  X509* issuer = recipe.self_signed ? nullptr : built.certs.at(recipe.issuer).get();
  EVP_PKEY* issuer_key = built.keys.at(recipes.certs.at(recipe.issuer).key).get();

  Result<UniquePtr<X509>> cert = internal::NewCertificate(recipe, subject_key, issuer);
  if (!cert.ok()) {
    return cert.status();
  }
  // Only the signature draws random bytes (ECDSA nonce, PSS salt, RSA blinding).
  TLSCONFORM_RETURN_IF_ERROR(random.Reset("cert:" + recipe.name));
  TLSCONFORM_RETURN_IF_ERROR(internal::SignCertificate(cert->get(), issuer_key, recipe.signature));

  for (Defect defect : recipe.defects) {
    cert = internal::ApplyDefect(cert->get(), defect);
    if (!cert.ok()) {
      return cert.status();
    }
  }
  return cert;
}

Result<UniquePtr<X509_CRL>> BuildCrl(const CrlRecipe& recipe, const RecipeSet& recipes,
                                     const BuiltObjects& built, SeededRandomScope& random) {
  X509* issuer = built.certs.at(recipe.issuer).get();
  EVP_PKEY* issuer_key = built.keys.at(recipes.certs.at(recipe.issuer).key).get();
  std::vector<const X509*> revoked;
  for (const std::string& name : recipe.revoked) {
    revoked.push_back(built.certs.at(name).get());
  }

  Result<UniquePtr<X509_CRL>> crl = internal::NewCrl(recipe, issuer, revoked);
  if (!crl.ok()) {
    return crl.status();
  }
  TLSCONFORM_RETURN_IF_ERROR(random.Reset("crl:" + recipe.name));
  TLSCONFORM_RETURN_IF_ERROR(internal::SignCrl(crl->get(), issuer_key, recipe.signature));
  return crl;
}

// CheckNotCancelled is called before each object, the unit of work (up to a second or two
// for a large RSA key).
Status CheckNotCancelled(const std::atomic<bool>* cancel) {
  if (cancel != nullptr && cancel->load()) {
    return Cancelled("generation cancelled");
  }
  return Status::Ok();
}

}  // namespace

Result<BuiltObjects> BuildObjects(const RecipeSet& recipes, const std::string& seed,
                                  const std::atomic<bool>* cancel) {
  SeededRandomScope random(seed);
  TLSCONFORM_RETURN_IF_ERROR(random.Install());
  BuiltObjects built;

  for (const auto& [name, recipe] : recipes.keys) {
    TLSCONFORM_RETURN_IF_ERROR(CheckNotCancelled(cancel));
    TLSCONFORM_RETURN_IF_ERROR(random.Reset("key:" + name));
    Result<UniquePtr<EVP_PKEY>> key = internal::GenerateKey(recipe);
    if (!key.ok()) {
      return key.status().Prefix(internal::Context(recipe.source, "key", name));
    }
    built.keys.emplace(name, std::move(key).value());
  }

  for (const std::string& name : recipes.cert_order) {
    TLSCONFORM_RETURN_IF_ERROR(CheckNotCancelled(cancel));
    const CertRecipe& recipe = recipes.certs.at(name);
    Result<UniquePtr<X509>> cert = BuildCertificate(recipe, recipes, built, random);
    if (!cert.ok()) {
      return cert.status().Prefix(internal::Context(recipe.source, "cert", name));
    }
    built.certs.emplace(name, std::move(cert).value());
  }

  for (const auto& [name, recipe] : recipes.crls) {
    TLSCONFORM_RETURN_IF_ERROR(CheckNotCancelled(cancel));
    Result<UniquePtr<X509_CRL>> crl = BuildCrl(recipe, recipes, built, random);
    if (!crl.ok()) {
      return crl.status().Prefix(internal::Context(recipe.source, "crl", name));
    }
    built.crls.emplace(name, std::move(crl).value());
  }
  return built;
}

}  // namespace tlsconform::certs

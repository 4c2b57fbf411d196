// BuildObjects: turns a RecipeSet into keys, certificates and CRLs in memory.
#pragma once

#include <atomic>
#include <map>
#include <string>

#include "tlsconform/certs/openssl_ptr.h"
#include "tlsconform/certs/recipe.h"
#include "tlsconform/status.h"

namespace tlsconform::certs {

// BuiltObjects owns every object of a RecipeSet, by name.
struct BuiltObjects {
  std::map<std::string, UniquePtr<EVP_PKEY>> keys;
  std::map<std::string, UniquePtr<X509>> certs;
  std::map<std::string, UniquePtr<X509_CRL>> crls;
};

// BuildObjects generates every key, certificate and CRL of `recipes`. Every random draw
// comes from a stream keyed by `seed` and the object's own name (RECIPES.md,
// "Determinism"), so the same recipes and seed give byte-identical objects, and an object
// does not change when others are added or removed.
//
// While it runs, all of this process's OpenSSL random draws come from that stream: never
// call it while another thread uses OpenSSL for anything that needs real randomness (TLS,
// real keys). A failure names the recipe's file and entry. `cancel`, when not null, is read
// before each object: once it is set, the result is a kCancelled Status.
Result<BuiltObjects> BuildObjects(const RecipeSet& recipes, const std::string& seed,
                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace tlsconform::certs

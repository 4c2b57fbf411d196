// RecipeParser: builds a RecipeSet from the [key.*], [cert.*] and [crl.*] tables of a
// catalogue's files (certs/RECIPES.md).
//
// Tables are added file by file; Finish() then checks what needs the whole catalogue:
// references, issuer cycles, signature algorithms against issuer keys, and defaults.
#pragma once

#include <toml++/toml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tlsconform/certs/recipe.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

class RecipeParser {
 public:
  // IsRecipeKind says whether a top-level table name ("key", "cert", "crl") is a recipe kind.
  static bool IsRecipeKind(std::string_view kind);

  // AddTables reads the top-level value `kind` of `file`: a table of [kind.NAME] tables.
  Status AddTables(std::string_view kind, const toml::node& node, const std::string& file);

  // Finish checks the whole set and resolves defaults. Call once, after every file.
  Result<RecipeSet> Finish();

 private:
  // A certificate as written: the fields whose defaults need the issuer are still open.
  struct PendingCert {
    CertRecipe recipe;
    std::optional<SignatureAlgorithm> signature;
    std::optional<std::vector<std::string>> key_usage;
    std::optional<std::vector<std::string>> extended_key_usage;
    std::optional<int64_t> serial;
  };
  struct PendingCrl {
    CrlRecipe recipe;
    std::optional<SignatureAlgorithm> signature;
  };

  // Claim registers `name` as defined by `file`; an error naming both files if it already is.
  Status Claim(const std::string& kind, const std::string& name, const std::string& file);
  Status AddKey(const std::string& name, const toml::table& table, const std::string& file);
  Status AddCert(const std::string& name, const toml::table& table, const std::string& file);
  Status AddCrl(const std::string& name, const toml::table& table, const std::string& file);

  Status ResolveCert(PendingCert& pending) const;
  Status ResolveCrl(PendingCrl& pending) const;
  Result<std::vector<std::string>> OrderCertificates() const;
  KeyType IssuerKeyType(const std::string& issuer_cert) const;

  std::map<std::string, std::string> owners_;  // name -> "file (kind.name)"
  std::map<std::string, KeyRecipe> keys_;
  std::map<std::string, PendingCert> certs_;
  std::map<std::string, PendingCrl> crls_;
};

}  // namespace tlsconform::certs::internal

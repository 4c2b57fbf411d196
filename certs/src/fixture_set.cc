// WriteFixtureSet: check the destination, generate, lay out, check the claims, write.
#include "tlsconform/certs/fixture_set.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "claims_check.h"
#include "fixture_layout.h"
#include "tlsconform/certs/builder.h"
#include "tree_writer.h"

namespace tlsconform::certs {
namespace {

// OwnedFixtureFiles returns what a fixture set in `dir` consists of: manifest.json and every
// file its `files` lists. nullopt unless `dir` holds a manifest.json of a fixture set.
std::optional<std::set<std::string>> OwnedFixtureFiles(const std::filesystem::path& dir) {
  std::ifstream in(dir / "manifest.json");
  if (!in.is_open()) {
    return std::nullopt;
  }
  nlohmann::json manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object()) {
    return std::nullopt;
  }
  auto format = manifest.find("format");
  if (format == manifest.end() || *format != "tlsconform-fixtures") {
    return std::nullopt;
  }
  std::set<std::string> owned = {"manifest.json"};
  auto files = manifest.find("files");
  if (files != manifest.end() && files->is_object()) {
    for (const auto& [path, digest] : files->items()) {
      owned.insert(path);
    }
  }
  return owned;
}

}  // namespace

Status WriteFixtureSet(const Catalogue& catalogue, const std::filesystem::path& out_dir,
                       const std::string& seed, const std::atomic<bool>* cancel) {
  // Refuse a wrong destination before spending seconds on RSA key generation.
  TLSCONFORM_RETURN_IF_ERROR(internal::CheckOutDir(out_dir, OwnedFixtureFiles));

  Status status = [&]() -> Status {
    Result<BuiltObjects> built = BuildObjects(catalogue.recipes, seed, cancel);
    if (!built.ok()) {
      return built.status();
    }
    Result<internal::FileTree> tree = internal::LayOutFixtureSet(catalogue, *built, seed);
    if (!tree.ok()) {
      return tree.status();
    }
    // A false claim is the catalogue's error, not the libraries': refuse to write the set.
    TLSCONFORM_RETURN_IF_ERROR(internal::CheckClaims(catalogue, *tree));
    return internal::WriteTreeReplacing(*tree, out_dir, OwnedFixtureFiles, cancel);
  }();
  if (status.code() == StatusCode::kCancelled) {
    return Cancelled(out_dir.string() +
                     ": fixture generation cancelled; the folder is left as it was");
  }
  return status;
}

}  // namespace tlsconform::certs

// WriteFixtureSet: generate, lay out, write.
#include "tlsconform/certs/fixture_set.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "fixture_layout.h"
#include "tlsconform/certs/builder.h"
#include "tree_writer.h"

namespace tlsconform::certs {
namespace {

// IsFixtureSet says whether `dir` holds a manifest.json of a fixture set, the one kind of
// folder WriteFixtureSet may replace.
bool IsFixtureSet(const std::filesystem::path& dir) {
  std::ifstream in(dir / "manifest.json");
  if (!in.is_open()) {
    return false;
  }
  nlohmann::json manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object()) {
    return false;
  }
  auto format = manifest.find("format");
  return format != manifest.end() && *format == "tlsconform-fixtures";
}

}  // namespace

Status WriteFixtureSet(const Catalogue& catalogue, const std::filesystem::path& out_dir,
                       const std::string& seed) {
  // Refuse a wrong destination before spending seconds on RSA key generation.
  TLSCONFORM_RETURN_IF_ERROR(internal::CheckOutDir(out_dir, IsFixtureSet));

  Result<BuiltObjects> built = BuildObjects(catalogue.recipes, seed);
  if (!built.ok()) {
    return built.status();
  }
  Result<internal::FileTree> tree = internal::LayOutFixtureSet(catalogue, *built, seed);
  if (!tree.ok()) {
    return tree.status();
  }
  return internal::WriteTreeReplacing(*tree, out_dir, IsFixtureSet);
}

}  // namespace tlsconform::certs

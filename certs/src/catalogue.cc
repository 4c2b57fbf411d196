// LoadCatalogue: the fixture catalogue of fixtures/README.md, read and checked.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "claims.h"
#include "entry_reader.h"
#include "recipe_parser.h"
#include "recipe_values.h"
#include "tlsconform/certs/fixture_set.h"

namespace tlsconform::certs {
namespace {

using internal::EntryReader;
using internal::Quote;

// The normalized rejection reasons every backend maps its errors to (ARCHITECTURE.md,
// "Verdicts and reasons").
constexpr std::string_view kReasons[] = {
    "untrusted_issuer",      "expired",        "not_yet_valid", "bad_signature",
    "unsupported_algorithm", "weak_key",       "key_usage",     "revoked",
    "key_mismatch",          "no_certificate", "protocol",      "other",
};

// SplitFixtureId splits "family::name"; nullopt unless both parts are well formed. The
// parts become folder names (fixtures/<family>/<name>), hence no leading '.'.
std::optional<std::pair<std::string, std::string>> SplitFixtureId(std::string_view id) {
  size_t separator = id.find("::");
  if (separator == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view family = id.substr(0, separator);
  std::string_view name = id.substr(separator + 2);
  if (!internal::IsSafeName(family) || !internal::IsSafeName(name)) {
    return std::nullopt;
  }
  return std::make_pair(std::string(family), std::string(name));
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  if (!in.is_open() || !(contents << in.rdbuf()) || in.bad()) {
    return IoError(path.string() + ": cannot be read");
  }
  return contents.str();
}

// CatalogueParser collects the files of a catalogue, then checks what spans files.
class CatalogueParser {
 public:
  Status AddFile(const toml::table& document, const std::string& file);
  Result<Catalogue> Finish(const std::string& dir);

 private:
  Status AddFixture(const toml::table& table, const std::string& file, size_t index);
  Status AddServer(const toml::table& table, const std::string& file);
  Status CheckFixtureReferences(FixtureEntry& fixture, const RecipeSet& recipes) const;

  internal::RecipeParser recipes_;
  std::vector<FixtureEntry> fixtures_;
  std::map<std::string, std::string> fixture_files_;  // id -> file
  std::optional<ServerEntry> server_;
};

Status CatalogueParser::AddFile(const toml::table& document, const std::string& file) {
  for (const auto& [key, node] : document) {
    std::string_view kind = key.str();
    if (internal::RecipeParser::IsRecipeKind(kind)) {
      TLSCONFORM_RETURN_IF_ERROR(recipes_.AddTables(kind, node, file));
    } else if (kind == "fixture") {
      const toml::array* entries = node.as_array();
      if (entries == nullptr || !entries->is_array_of_tables()) {
        return InvalidInput(file + ": fixtures are written as [[fixture]] tables");
      }
      for (size_t i = 0; i < entries->size(); ++i) {
        TLSCONFORM_RETURN_IF_ERROR(AddFixture(*(*entries)[i].as_table(), file, i));
      }
    } else if (kind == "server") {
      if (!node.is_table()) {
        return InvalidInput(file + ": \"server\" must be a [server] table");
      }
      TLSCONFORM_RETURN_IF_ERROR(AddServer(*node.as_table(), file));
    } else {
      return InvalidInput(file + ": unknown table " + Quote(kind) +
                          " (key, cert, crl, fixture or server)");
    }
  }
  return Status::Ok();
}

Status CatalogueParser::AddFixture(const toml::table& table, const std::string& file,
                                   size_t index) {
  // Name the entry by its id when it has a usable one, else by its place in the file.
  const toml::node* id_node = table.get("id");
  std::string label = id_node != nullptr && id_node->is_string() ? id_node->as_string()->get()
                                                                 : "#" + std::to_string(index + 1);
  EntryReader reader(table, file + ": fixture " + label);

  FixtureEntry fixture;
  fixture.source = file;
  fixture.id = reader.RequiredString("id");
  fixture.description = reader.RequiredString("description");
  fixture.requirement = reader.RequiredString("requirement");
  fixture.present = reader.RequiredStringList("present");
  fixture.key = reader.OptionalString("key").value_or("");
  fixture.trust = reader.RequiredStringList("trust");
  fixture.crl = reader.OptionalStringList("crl").value_or(std::vector<std::string>{});
  const toml::table* expect = reader.OptionalTable("expect");
  const toml::table* claims = reader.OptionalTable("claims");
  TLSCONFORM_RETURN_IF_ERROR(reader.Finish());

  std::optional<std::pair<std::string, std::string>> parts = SplitFixtureId(fixture.id);
  if (!parts) {
    return reader.Error("id must be \"family::name\" of letters, digits, '-', '_' and '.'");
  }
  std::tie(fixture.family, fixture.name) = *parts;
  auto [previous, inserted] = fixture_files_.emplace(fixture.id, file);
  if (!inserted) {
    return reader.Error("id " + Quote(fixture.id) + " is already used in " + previous->second);
  }
  if (fixture.description.empty() || fixture.requirement.empty()) {
    return reader.Error("\"description\" and \"requirement\" must not be empty");
  }
  if (fixture.present.empty()) {
    return reader.Error("\"present\" needs at least the leaf certificate");
  }
  if (fixture.trust.empty()) {
    return reader.Error("\"trust\" needs at least one certificate");
  }

  if (expect == nullptr) {
    return reader.Error("missing field \"expect\"");
  }
  EntryReader expect_reader(*expect, reader.context() + ": expect");
  fixture.expect_verdict = expect_reader.RequiredString("verdict");
  fixture.expect_reason = expect_reader.OptionalString("reason").value_or("");
  TLSCONFORM_RETURN_IF_ERROR(expect_reader.Finish());
  if (fixture.expect_verdict != "ACCEPT" && fixture.expect_verdict != "REJECT" &&
      fixture.expect_verdict != "INFO") {
    return expect_reader.Error("verdict " + Quote(fixture.expect_verdict) +
                               " is not ACCEPT, REJECT or INFO");
  }
  if (fixture.expect_verdict == "REJECT") {
    if (fixture.expect_reason.empty()) {
      return expect_reader.Error("a REJECT needs a \"reason\"");
    }
    if (std::find(std::begin(kReasons), std::end(kReasons), fixture.expect_reason) ==
        std::end(kReasons)) {
      return expect_reader.Error("unknown reason " + Quote(fixture.expect_reason));
    }
  } else if (!fixture.expect_reason.empty()) {
    return expect_reader.Error("only a REJECT has a \"reason\"");
  }

  if (claims != nullptr) {
    Result<Claims> read = internal::ReadClaims(*claims, reader.context());
    if (!read.ok()) {
      return read.status();
    }
    fixture.claims = std::move(read).value();
  }
  fixtures_.push_back(std::move(fixture));
  return Status::Ok();
}

Status CatalogueParser::AddServer(const toml::table& table, const std::string& file) {
  if (server_) {
    return InvalidInput(file + ": server: a second [server] table; the first is in " +
                        server_->source);
  }
  EntryReader reader(table, file + ": server");
  ServerEntry server;
  server.source = file;
  server.present = reader.RequiredStringList("present");
  server.key = reader.OptionalString("key").value_or("");
  server.trust = reader.RequiredStringList("trust");
  server.name = reader.RequiredString("name");
  TLSCONFORM_RETURN_IF_ERROR(reader.Finish());
  if (server.present.empty() || server.trust.empty() || server.name.empty()) {
    return reader.Error("\"present\", \"trust\" and \"name\" must not be empty");
  }
  server_ = std::move(server);
  return Status::Ok();
}

// CheckNames returns an error for the first of `names` that `defined` lacks.
template <typename Map>
Status CheckNames(const std::vector<std::string>& names, const Map& defined,
                  const std::string& context, std::string_view field, std::string_view kind) {
  for (const std::string& name : names) {
    if (!defined.contains(name)) {
      return InvalidInput(context + ": " + std::string(field) + " names " + Quote(name) +
                          ", which is not a defined " + std::string(kind));
    }
  }
  return Status::Ok();
}

Status CatalogueParser::CheckFixtureReferences(FixtureEntry& fixture,
                                               const RecipeSet& recipes) const {
  std::string context = fixture.source + ": fixture " + fixture.id;
  TLSCONFORM_RETURN_IF_ERROR(
      CheckNames(fixture.present, recipes.certs, context, "present", "certificate"));
  TLSCONFORM_RETURN_IF_ERROR(
      CheckNames(fixture.trust, recipes.certs, context, "trust", "certificate"));
  TLSCONFORM_RETURN_IF_ERROR(CheckNames(fixture.crl, recipes.crls, context, "crl", "CRL"));

  // fixtures/README.md: the key defaults to the leaf's; any other key is a key mismatch.
  const std::string& leaf_key = recipes.certs.at(fixture.present.front()).key;
  if (fixture.key.empty()) {
    fixture.key = leaf_key;
  }
  TLSCONFORM_RETURN_IF_ERROR(CheckNames({fixture.key}, recipes.keys, context, "key", "key"));
  fixture.key_mismatch = fixture.key != leaf_key;
  return Status::Ok();
}

Result<Catalogue> CatalogueParser::Finish(const std::string& dir) {
  Result<RecipeSet> recipes = recipes_.Finish();
  if (!recipes.ok()) {
    return recipes.status();
  }
  if (!server_) {
    return InvalidInput(dir + ": no [server] table in any file");
  }

  Catalogue catalogue;
  catalogue.recipes = std::move(recipes).value();
  catalogue.fixtures = std::move(fixtures_);
  catalogue.server = std::move(*server_);
  for (FixtureEntry& fixture : catalogue.fixtures) {
    TLSCONFORM_RETURN_IF_ERROR(CheckFixtureReferences(fixture, catalogue.recipes));
  }

  ServerEntry& server = catalogue.server;
  std::string context = server.source + ": server";
  TLSCONFORM_RETURN_IF_ERROR(
      CheckNames(server.present, catalogue.recipes.certs, context, "present", "certificate"));
  TLSCONFORM_RETURN_IF_ERROR(
      CheckNames(server.trust, catalogue.recipes.certs, context, "trust", "certificate"));
  if (server.key.empty()) {
    server.key = catalogue.recipes.certs.at(server.present.front()).key;
  }
  TLSCONFORM_RETURN_IF_ERROR(
      CheckNames({server.key}, catalogue.recipes.keys, context, "key", "key"));
  return catalogue;
}

}  // namespace

Result<Catalogue> LoadCatalogue(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::file_status status = std::filesystem::status(dir, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    return NotFound("catalogue folder " + dir.string() + " does not exist");
  }
  if (error) {
    return IoError("catalogue folder " + dir.string() + ": " + error.message());
  }
  if (!std::filesystem::is_directory(status)) {
    return InvalidInput("catalogue path " + dir.string() +
                        " is not a folder; give the folder that holds the *.toml files");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".toml" && entry.is_regular_file(error)) {
      files.push_back(entry.path());
    }
  }
  if (error) {
    return IoError("catalogue folder " + dir.string() + ": " + error.message());
  }
  if (files.empty()) {
    return InvalidInput("catalogue folder " + dir.string() + " holds no *.toml file");
  }
  std::sort(files.begin(), files.end());

  CatalogueParser parser;
  for (const std::filesystem::path& path : files) {
    std::string file = path.string();
    Result<std::string> contents = ReadFile(path);
    if (!contents.ok()) {
      return contents.status();
    }
    // toml++ reports syntax errors by exception; they stop here, at the public boundary.
    try {
      toml::table document = toml::parse(*contents, file);
      TLSCONFORM_RETURN_IF_ERROR(parser.AddFile(document, file));
    } catch (const toml::parse_error& e) {
      return InvalidInput(file + ":" + std::to_string(e.source().begin.line) + ":" +
                          std::to_string(e.source().begin.column) + ": " +
                          std::string(e.description()));
    }
  }
  return parser.Finish(dir.string());
}

}  // namespace tlsconform::certs

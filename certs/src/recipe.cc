// Parsing of the recipe tables of certs/RECIPES.md.
#include <openssl/evp.h>

#include <algorithm>
#include <functional>
#include <string>
#include <utility>

#include "entry_reader.h"
#include "recipe_parser.h"
#include "recipe_values.h"
#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {
namespace {

constexpr char kSelf[] = "self";
const UtcTime kDefaultNotBefore{2020, 1, 1, 0, 0, 0};
const UtcTime kDefaultNotAfter{2099, 12, 31, 23, 59, 59};

// DeriveSerial makes the default serial number of certificate `name`: the first 16 bytes of
// SHA-256("serial:" || name), made positive and of fixed length. RFC 5280 4.1.2.2 asks for a
// positive integer of at most 20 octets, unique per issuer: distinct names give distinct
// serials with overwhelming probability, and the serial never depends on the seed.
Result<std::vector<uint8_t>> DeriveSerial(const std::string& name) {
  std::string input = "serial:" + name;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr),
                   "EVP_Digest(SHA-256)"));

  std::vector<uint8_t> serial(digest, digest + 16);
  serial[0] = (serial[0] & 0x3f) | 0x40;  // high bit clear (positive), first byte non-zero
  return serial;
}

std::vector<uint8_t> SerialFromInteger(int64_t value) {
  std::vector<uint8_t> bytes;
  for (uint64_t v = static_cast<uint64_t>(value); v != 0; v >>= 8) {
    bytes.insert(bytes.begin(), static_cast<uint8_t>(v & 0xff));
  }
  if (bytes.front() & 0x80) {
    bytes.insert(bytes.begin(), 0);  // keep the DER INTEGER positive
  }
  return bytes;
}

std::string KeyTypeName(KeyType type) { return type == KeyType::kRsa ? "RSA" : "EC"; }

// CheckSignatureFits refuses an algorithm for another key type than the issuer's.
Status CheckSignatureFits(const std::string& context, SignatureAlgorithm algorithm,
                          const std::string& issuer, KeyType issuer_key) {
  const SignatureAlgorithmInfo& info = DescribeSignatureAlgorithm(algorithm);
  if (info.key_type == issuer_key) {
    return Status::Ok();
  }
  return InvalidInput(context + ": signature " + Quote(info.name) + " needs an " +
                      KeyTypeName(info.key_type) + " issuer key, and cert." + issuer + " has an " +
                      KeyTypeName(issuer_key) + " key");
}

}  // namespace

bool RecipeParser::IsRecipeKind(std::string_view kind) {
  return kind == "key" || kind == "cert" || kind == "crl";
}

Status RecipeParser::AddTables(std::string_view kind, const toml::node& node,
                               const std::string& file) {
  const toml::table* tables = node.as_table();
  if (tables == nullptr) {
    return InvalidInput(file + ": " + Quote(kind) + " must hold [" + std::string(kind) +
                        ".NAME] tables");
  }
  for (const auto& [key, value] : *tables) {
    std::string name(key.str());
    std::string context = Context(file, kind, name);
    if (!value.is_table()) {
      return InvalidInput(context + ": must be a table");
    }
    if (!IsSafeName(name) || name == kSelf) {
      return InvalidInput(context + ": a name uses letters, digits, '-', '_' and '.', " +
                          "does not start with '.' and is not \"self\"");
    }
    TLSCONFORM_RETURN_IF_ERROR(Claim(std::string(kind), name, file));

    const toml::table& table = *value.as_table();
    if (kind == "key") {
      TLSCONFORM_RETURN_IF_ERROR(AddKey(name, table, file));
    } else if (kind == "cert") {
      TLSCONFORM_RETURN_IF_ERROR(AddCert(name, table, file));
    } else {
      TLSCONFORM_RETURN_IF_ERROR(AddCrl(name, table, file));
    }
  }
  return Status::Ok();
}

Status RecipeParser::Claim(const std::string& kind, const std::string& name,
                           const std::string& file) {
  std::string owner = file + " (" + kind + "." + name + ")";
  auto [it, inserted] = owners_.emplace(name, owner);
  if (!inserted) {
    return InvalidInput(Context(file, kind, name) + ": name " + Quote(name) +
                        " is already defined in " + it->second);
  }
  return Status::Ok();
}

Status RecipeParser::AddKey(const std::string& name, const toml::table& table,
                            const std::string& file) {
  EntryReader reader(table, Context(file, "key", name));
  std::string type = reader.RequiredString("type");
  std::optional<int64_t> bits = reader.OptionalInteger("bits");
  std::optional<int64_t> exponent = reader.OptionalInteger("exponent");
  std::optional<std::string> curve = reader.OptionalString("curve");
  TLSCONFORM_RETURN_IF_ERROR(reader.Finish());

  KeyRecipe recipe;
  recipe.name = name;
  recipe.source = file;
  if (type == "rsa") {
    if (!bits || *bits < 512 || *bits > 16384) {
      return reader.Error("an RSA key needs \"bits\" between 512 and 16384");
    }
    if (curve) {
      return reader.Error("\"curve\" is for EC keys");
    }
    // RSA needs an odd public exponent above 1 (RFC 8017 3.1).
    if (exponent && (*exponent < 3 || *exponent % 2 == 0)) {
      return reader.Error("\"exponent\" must be odd and at least 3");
    }
    recipe.type = KeyType::kRsa;
    recipe.bits = static_cast<int>(*bits);
    recipe.exponent = exponent ? static_cast<uint64_t>(*exponent) : 65537;
  } else if (type == "ec") {
    if (!curve || (*curve != "P-256" && *curve != "P-384" && *curve != "P-521")) {
      return reader.Error("an EC key needs \"curve\": \"P-256\", \"P-384\" or \"P-521\"");
    }
    if (bits || exponent) {
      return reader.Error("\"bits\" and \"exponent\" are for RSA keys");
    }
    recipe.type = KeyType::kEc;
    recipe.curve = *curve;
  } else {
    return reader.Error("unknown key type " + Quote(type) + " (\"rsa\" or \"ec\")");
  }
  keys_.emplace(name, std::move(recipe));
  return Status::Ok();
}

Status RecipeParser::AddCert(const std::string& name, const toml::table& table,
                             const std::string& file) {
  EntryReader reader(table, Context(file, "cert", name));
  std::string key = reader.RequiredString("key");
  std::string issuer = reader.RequiredString("issuer");
  std::string subject = reader.RequiredString("subject");
  std::optional<int64_t> serial = reader.OptionalInteger("serial");
  std::optional<UtcTime> not_before = reader.OptionalTime("not_before");
  std::optional<UtcTime> not_after = reader.OptionalTime("not_after");
  std::optional<std::string> signature = reader.OptionalString("signature");
  std::optional<bool> ca = reader.OptionalBool("ca");
  std::optional<bool> basic_constraints = reader.OptionalBool("basic_constraints");
  std::optional<int64_t> path_len = reader.OptionalInteger("path_len");
  auto key_usage = reader.OptionalStringList("key_usage");
  auto extended_key_usage = reader.OptionalStringList("extended_key_usage");
  auto subject_alt_names = reader.OptionalStringList("subject_alt_names");
  auto defects = reader.OptionalStringList("defects");
  TLSCONFORM_RETURN_IF_ERROR(reader.Finish());

  PendingCert pending;
  CertRecipe& recipe = pending.recipe;
  recipe.name = name;
  recipe.source = file;
  recipe.key = key;
  recipe.self_signed = issuer == kSelf;
  recipe.issuer = recipe.self_signed ? name : issuer;
  recipe.not_before = not_before.value_or(kDefaultNotBefore);
  recipe.not_after = not_after.value_or(kDefaultNotAfter);
  // RECIPES.md: a validity period never ends before it starts; a deliberately wrong
  // certificate is made with `defects`, not with impossible dates.
  if (recipe.not_after < recipe.not_before) {
    return reader.Error("not_after " + recipe.not_after.ToString() + " is before not_before " +
                        recipe.not_before.ToString());
  }
  recipe.ca = ca.value_or(false);
  recipe.basic_constraints = basic_constraints.value_or(true);
  recipe.path_len = path_len;
  recipe.subject_alt_names = subject_alt_names.value_or(std::vector<std::string>{});

  Result<std::vector<NameAttribute>> parsed_subject = ParseDistinguishedName(subject);
  if (!parsed_subject.ok()) {
    return parsed_subject.status().Prefix(reader.context());
  }
  recipe.subject = std::move(parsed_subject).value();

  // RFC 5280 4.1.2.2: the serial number is a positive integer.
  if (serial && *serial <= 0) {
    return reader.Error("\"serial\" must be a positive integer");
  }
  pending.serial = serial;

  if (signature) {
    pending.signature = SignatureAlgorithmFromName(*signature);
    if (!pending.signature) {
      return reader.Error("unknown signature algorithm " + Quote(*signature));
    }
  }

  // RFC 5280 4.2.1.9: pathLenConstraint only means something on a CA's basicConstraints.
  if (path_len && (!recipe.ca || !recipe.basic_constraints || *path_len < 0)) {
    return reader.Error("\"path_len\" needs ca = true, basicConstraints and a value >= 0");
  }

  for (const std::string& usage : key_usage.value_or(std::vector<std::string>{})) {
    if (!KeyUsageBit(usage)) {
      return reader.Error("unknown key usage " + Quote(usage));
    }
  }
  pending.key_usage = key_usage;
  for (const std::string& usage : extended_key_usage.value_or(std::vector<std::string>{})) {
    if (!ExtendedKeyUsageNid(usage)) {
      return reader.Error("unknown extended key usage " + Quote(usage));
    }
  }
  pending.extended_key_usage = extended_key_usage;

  for (const std::string& entry : recipe.subject_alt_names) {
    TLSCONFORM_RETURN_IF_ERROR(CheckSubjectAltName(entry).Prefix(reader.context()));
  }
  for (const std::string& defect : defects.value_or(std::vector<std::string>{})) {
    std::optional<Defect> parsed = DefectFromName(defect);
    if (!parsed) {
      return reader.Error("unknown defect " + Quote(defect));
    }
    recipe.defects.push_back(*parsed);
  }

  certs_.emplace(name, std::move(pending));
  return Status::Ok();
}

Status RecipeParser::AddCrl(const std::string& name, const toml::table& table,
                            const std::string& file) {
  EntryReader reader(table, Context(file, "crl", name));
  std::string issuer = reader.RequiredString("issuer");
  auto revoked = reader.OptionalStringList("revoked");
  std::optional<UtcTime> this_update = reader.OptionalTime("this_update");
  std::optional<UtcTime> next_update = reader.OptionalTime("next_update");
  std::optional<std::string> signature = reader.OptionalString("signature");
  TLSCONFORM_RETURN_IF_ERROR(reader.Finish());

  PendingCrl pending;
  CrlRecipe& recipe = pending.recipe;
  recipe.name = name;
  recipe.source = file;
  recipe.issuer = issuer;
  recipe.revoked = revoked.value_or(std::vector<std::string>{});
  recipe.this_update = this_update.value_or(kDefaultNotBefore);
  recipe.next_update = next_update.value_or(kDefaultNotAfter);
  if (recipe.next_update < recipe.this_update) {
    return reader.Error("next_update " + recipe.next_update.ToString() + " is before this_update " +
                        recipe.this_update.ToString());
  }
  if (signature) {
    pending.signature = SignatureAlgorithmFromName(*signature);
    if (!pending.signature) {
      return reader.Error("unknown signature algorithm " + Quote(*signature));
    }
  }
  crls_.emplace(name, std::move(pending));
  return Status::Ok();
}

KeyType RecipeParser::IssuerKeyType(const std::string& issuer_cert) const {
  return keys_.at(certs_.at(issuer_cert).recipe.key).type;
}

Result<RecipeSet> RecipeParser::Finish() {
  // References first, so the cycle search and the defaults only meet defined names.
  for (const auto& [name, pending] : certs_) {
    const CertRecipe& recipe = pending.recipe;
    std::string context = Context(recipe.source, "cert", name);
    if (!keys_.contains(recipe.key)) {
      return InvalidInput(context + ": key " + Quote(recipe.key) + " is not a defined key");
    }
    if (!certs_.contains(recipe.issuer)) {
      return InvalidInput(context + ": issuer " + Quote(recipe.issuer) +
                          " is not a defined certificate (or \"self\")");
    }
  }
  for (const auto& [name, pending] : crls_) {
    std::string context = Context(pending.recipe.source, "crl", name);
    if (!certs_.contains(pending.recipe.issuer)) {
      return InvalidInput(context + ": issuer " + Quote(pending.recipe.issuer) +
                          " is not a defined certificate");
    }
    for (const std::string& revoked : pending.recipe.revoked) {
      if (!certs_.contains(revoked)) {
        return InvalidInput(context + ": revoked " + Quote(revoked) +
                            " is not a defined certificate");
      }
    }
  }

  Result<std::vector<std::string>> order = OrderCertificates();
  if (!order.ok()) {
    return order.status();
  }

  RecipeSet set;
  set.keys = keys_;
  set.cert_order = std::move(order).value();
  for (auto& [name, pending] : certs_) {
    TLSCONFORM_RETURN_IF_ERROR(ResolveCert(pending));
    set.certs.emplace(name, pending.recipe);
  }
  for (auto& [name, pending] : crls_) {
    TLSCONFORM_RETURN_IF_ERROR(ResolveCrl(pending));
    set.crls.emplace(name, pending.recipe);
  }
  return set;
}

Result<std::vector<std::string>> RecipeParser::OrderCertificates() const {
  // Depth-first over issuer references. A certificate is "in progress" while its issuer
  // chain is walked; meeting one in progress again is a cycle.
  enum class Mark { kNone, kInProgress, kDone };
  std::map<std::string, Mark> marks;
  std::vector<std::string> order;

  for (const auto& [start, unused] : certs_) {
    std::vector<std::string> chain;
    std::string current = start;
    while (marks[current] == Mark::kNone) {
      marks[current] = Mark::kInProgress;
      chain.push_back(current);
      const CertRecipe& recipe = certs_.at(current).recipe;
      if (recipe.self_signed) {
        break;
      }
      current = recipe.issuer;
    }
    if (marks[current] == Mark::kInProgress && !certs_.at(current).recipe.self_signed) {
      std::string path;
      auto cycle_start = std::find(chain.begin(), chain.end(), current);
      for (auto it = cycle_start; it != chain.end(); ++it) {
        path += *it + " -> ";
      }
      const CertRecipe& recipe = certs_.at(current).recipe;
      return InvalidInput(Context(recipe.source, "cert", current) +
                          ": issuer references form a cycle: " + path + current);
    }
    // Issuers were pushed after their subjects: emit the chain root first.
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      marks[*it] = Mark::kDone;
      order.push_back(*it);
    }
  }
  return order;
}

Status RecipeParser::ResolveCert(PendingCert& pending) const {
  CertRecipe& recipe = pending.recipe;
  std::string context = Context(recipe.source, "cert", recipe.name);
  KeyType subject_key = keys_.at(recipe.key).type;
  KeyType issuer_key = IssuerKeyType(recipe.issuer);

  recipe.signature = pending.signature.value_or(DefaultSignatureAlgorithm(issuer_key));
  TLSCONFORM_RETURN_IF_ERROR(
      CheckSignatureFits(context, recipe.signature, recipe.issuer, issuer_key));

  // RECIPES.md defaults: a CA signs certificates and CRLs; a leaf signs (TLS
  // CertificateVerify) and, with RSA, may also encipher (RFC 5280 4.2.1.3).
  if (pending.key_usage) {
    recipe.key_usage = *pending.key_usage;
  } else if (recipe.ca) {
    recipe.key_usage = {"keyCertSign", "cRLSign"};
  } else if (subject_key == KeyType::kRsa) {
    recipe.key_usage = {"digitalSignature", "keyEncipherment"};
  } else {
    recipe.key_usage = {"digitalSignature"};
  }
  if (pending.extended_key_usage) {
    recipe.extended_key_usage = *pending.extended_key_usage;
  } else if (!recipe.ca) {
    recipe.extended_key_usage = {"clientAuth"};
  }

  if (pending.serial) {
    recipe.serial = SerialFromInteger(*pending.serial);
  } else {
    Result<std::vector<uint8_t>> serial = DeriveSerial(recipe.name);
    if (!serial.ok()) {
      return serial.status().Prefix(context);
    }
    recipe.serial = std::move(serial).value();
  }
  return Status::Ok();
}

Status RecipeParser::ResolveCrl(PendingCrl& pending) const {
  CrlRecipe& recipe = pending.recipe;
  KeyType issuer_key = IssuerKeyType(recipe.issuer);
  recipe.signature = pending.signature.value_or(DefaultSignatureAlgorithm(issuer_key));
  return CheckSignatureFits(Context(recipe.source, "crl", recipe.name), recipe.signature,
                            recipe.issuer, issuer_key);
}

}  // namespace tlsconform::certs::internal

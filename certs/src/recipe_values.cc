#include "recipe_values.h"

#include <arpa/inet.h>
#include <openssl/objects.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "entry_reader.h"

namespace tlsconform::certs::internal {
namespace {

// The keyUsage bits in the order of RFC 5280 4.2.1.3's KeyUsage BIT STRING.
constexpr std::array<std::string_view, 7> kKeyUsageNames = {
    "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
    "keyAgreement",     "keyCertSign",    "cRLSign",
};

struct ExtendedKeyUsage {
  std::string_view name;
  int nid;
};

constexpr std::array<ExtendedKeyUsage, 5> kExtendedKeyUsages = {{
    {"serverAuth", NID_server_auth},
    {"clientAuth", NID_client_auth},
    {"codeSigning", NID_code_sign},
    {"emailProtection", NID_email_protect},
    {"anyExtendedKeyUsage", NID_anyExtendedKeyUsage},
}};

// SplitUnescaped splits `text` at every `separator` not preceded by a backslash; the
// backslashes stay in the pieces.
std::vector<std::string> SplitUnescaped(std::string_view text, char separator) {
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      pieces.back() += text.substr(i, 2);
      ++i;
    } else if (text[i] == separator) {
      pieces.emplace_back();
    } else {
      pieces.back() += text[i];
    }
  }
  return pieces;
}

std::string Unescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      ++i;
    }
    out += text[i];
  }
  return out;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::string Context(const std::string& file, std::string_view kind, const std::string& name) {
  return file + ": " + std::string(kind) + "." + name;
}

bool IsSafeName(std::string_view name) {
  if (name.empty() || name.front() == '.') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

Result<std::vector<NameAttribute>> ParseDistinguishedName(std::string_view text) {
  std::vector<NameAttribute> attributes;
  for (const std::string& piece : SplitUnescaped(text, ',')) {
    size_t equals = piece.find('=');
    if (equals == std::string::npos) {
      return InvalidInput("distinguished name " + Quote(text) + ": " + Quote(piece) +
                          " is not TYPE=value");
    }
    if (SplitUnescaped(piece, '+').size() > 1) {
      return InvalidInput("distinguished name " + Quote(text) +
                          ": multi-valued RDNs are not supported");
    }

    std::string type(TrimSpaces(std::string_view(piece).substr(0, equals)));
    std::string value = Unescape(std::string_view(piece).substr(equals + 1));
    if (OBJ_txt2nid(type.c_str()) == NID_undef) {
      return InvalidInput("distinguished name " + Quote(text) + ": unknown attribute type " +
                          Quote(type));
    }
    if (value.empty()) {
      return InvalidInput("distinguished name " + Quote(text) + ": " + type + " is empty");
    }
    attributes.push_back({std::move(type), std::move(value)});
  }
  return attributes;
}

Status CheckSubjectAltName(std::string_view entry) {
  if (entry.starts_with("DNS:") && entry.size() > 4) {
    return Status::Ok();
  }
  if (entry.starts_with("IP:")) {
    std::string address(entry.substr(3));
    unsigned char buffer[16];
    if (inet_pton(AF_INET, address.c_str(), buffer) == 1 ||
        inet_pton(AF_INET6, address.c_str(), buffer) == 1) {
      return Status::Ok();
    }
  }
  return InvalidInput("subject_alt_names entry " + Quote(entry) +
                      " is not \"DNS:<name>\" or \"IP:<address>\"");
}

std::optional<int> KeyUsageBit(std::string_view name) {
  for (size_t bit = 0; bit < kKeyUsageNames.size(); ++bit) {
    if (kKeyUsageNames[bit] == name) {
      return static_cast<int>(bit);
    }
  }
  return std::nullopt;
}

std::optional<int> ExtendedKeyUsageNid(std::string_view name) {
  for (const ExtendedKeyUsage& usage : kExtendedKeyUsages) {
    if (usage.name == name) {
      return usage.nid;
    }
  }
  return std::nullopt;
}

std::optional<Defect> DefectFromName(std::string_view name) {
  if (name == "signature-flipped") {
    return Defect::kSignatureFlipped;
  }
  return std::nullopt;
}

}  // namespace tlsconform::certs::internal

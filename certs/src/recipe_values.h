// The small value languages inside recipes: distinguished names, subjectAltName entries,
// keyUsage and extendedKeyUsage names. The parser checks them; the builder encodes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tlsconform/certs/recipe.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

// Context returns "<file>: <kind>.<name>", the prefix of every message about a recipe.
std::string Context(const std::string& file, std::string_view kind, const std::string& name);

// IsSafeName says whether `name` may become a file or folder name: letters, digits, '-',
// '_' and '.', not empty and not starting with '.' (so never "." or "..").
bool IsSafeName(std::string_view name);

// ParseDistinguishedName reads "CN=...,O=..." (RFC 4514: attributes separated by commas,
// most specific first, a backslash escapes the next character). Every attribute type must
// be one OpenSSL knows; multi-valued RDNs ("+") are not supported.
Result<std::vector<NameAttribute>> ParseDistinguishedName(std::string_view text);

// CheckSubjectAltName accepts "DNS:<name>" and "IP:<IPv4 or IPv6 address>".
Status CheckSubjectAltName(std::string_view entry);

// KeyUsageBit returns the bit of a keyUsage name (RFC 5280 4.2.1.3): digitalSignature is 0,
// cRLSign 6; nullopt for any other name.
std::optional<int> KeyUsageBit(std::string_view name);

// ExtendedKeyUsageNid returns the OpenSSL NID of an extendedKeyUsage name of RECIPES.md
// (RFC 5280 4.2.1.12); nullopt for any other name.
std::optional<int> ExtendedKeyUsageNid(std::string_view name);

// DefectFromName returns the defect a recipe's `defects` entry names; nullopt when unknown.
std::optional<Defect> DefectFromName(std::string_view name);

}  // namespace tlsconform::certs::internal

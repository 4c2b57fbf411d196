#include "driver/protocol.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace tlsconform::shim {
namespace {

using nlohmann::json;
// Output keeps the field order of PROTOCOL.md, so a person reading a transcript finds `type`
// and `id` first.
using OrderedJson = nlohmann::ordered_json;

// Dump writes `value` on one line. Library error texts and certificate subjects can hold
// bytes that are not UTF-8 (a hostile fixture's subject, say); they are replaced rather than
// turned into an exception.
std::string Dump(const OrderedJson& value) {
  return value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

template <typename T>
OrderedJson OptionalToJson(const std::optional<T>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

// FieldReader pulls typed fields out of one JSON object and remembers the first problem, so
// ParseCase reads as a list of fields instead of a ladder of checks.
class FieldReader {
 public:
  FieldReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

  std::string String(const char* name) {
    const json* field = Find(name, /*required=*/true);
    if (field == nullptr) {
      return "";
    }
    if (!field->is_string()) {
      Fail(name, "must be a string");
      return "";
    }
    return field->get<std::string>();
  }

  std::optional<std::string> OptionalString(const char* name) {
    const json* field = Find(name, /*required=*/false);
    if (field == nullptr || field->is_null()) {
      return std::nullopt;
    }
    if (!field->is_string()) {
      Fail(name, "must be a string or null");
      return std::nullopt;
    }
    return field->get<std::string>();
  }

  std::optional<int> OptionalInt(const char* name, int min, int max) {
    const json* field = Find(name, /*required=*/false);
    if (field == nullptr || field->is_null()) {
      return std::nullopt;
    }
    if (!field->is_number_integer() || field->get<long long>() < min ||
        field->get<long long>() > max) {
      Fail(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return field->get<int>();
  }

  std::optional<long long> OptionalInt64(const char* name) {
    const json* field = Find(name, /*required=*/false);
    if (field == nullptr || field->is_null()) {
      return std::nullopt;
    }
    if (!field->is_number_integer()) {
      Fail(name, "must be an integer or null");
      return std::nullopt;
    }
    return field->get<long long>();
  }

  // StringList reads an array of strings; absent or null is an empty list.
  std::vector<std::string> StringList(const char* name) {
    const json* field = Find(name, /*required=*/false);
    if (field == nullptr || field->is_null()) {
      return {};
    }
    if (!field->is_array() ||
        !std::all_of(field->begin(), field->end(), [](const json& v) { return v.is_string(); })) {
      Fail(name, "must be a list of strings");
      return {};
    }
    return field->get<std::vector<std::string>>();
  }

  bool Bool(const char* name, bool fallback) {
    const json* field = Find(name, /*required=*/false);
    if (field == nullptr || field->is_null()) {
      return fallback;
    }
    if (!field->is_boolean()) {
      Fail(name, "must be true or false");
      return fallback;
    }
    return field->get<bool>();
  }

  // Object returns the nested object `name`, or nullptr when it is absent or null (which is
  // an error when `required`).
  const json* Object(const char* name, bool required) {
    const json* field = Find(name, required);
    if (field == nullptr || field->is_null()) {
      if (field != nullptr && required) {
        Fail(name, "must be an object");
      }
      return nullptr;
    }
    if (!field->is_object()) {
      Fail(name, "must be an object");
      return nullptr;
    }
    return field;
  }

  void Fail(const char* name, const std::string& what) {
    if (!error_) {
      error_ = path_ + name + " " + what;
    }
  }

  const std::optional<std::string>& error() const { return error_; }
  void Adopt(const FieldReader& nested) {
    if (!error_ && nested.error_) {
      error_ = nested.error_;
    }
  }

 private:
  const json* Find(const char* name, bool required) {
    auto it = object_.find(name);
    if (it == object_.end()) {
      if (required) {
        Fail(name, "is missing");
      }
      return nullptr;
    }
    return &*it;
  }

  const json& object_;
  std::string path_;
  std::optional<std::string> error_;
};

Message ParseCase(const json& line, const std::string& id) {
  CaseRequest request;
  request.id = id;
  FieldReader fields(line, "");

  std::string role = fields.String("role");
  if (role == "server") {
    request.role = Role::kServer;
  } else if (role == "client") {
    request.role = Role::kClient;
  } else if (!fields.error()) {
    fields.Fail("role", "must be \"server\" or \"client\"");
  }

  if (const json* connect = fields.Object("connect", /*required=*/true)) {
    FieldReader connect_fields(*connect, "connect.");
    request.host = connect_fields.String("host");
    request.port = connect_fields.OptionalInt("port", 1, 65535).value_or(0);
    if (request.port == 0) {
      connect_fields.Fail("port", "is required");
    }
    fields.Adopt(connect_fields);
  }

  if (const json* tls = fields.Object("tls", /*required=*/true)) {
    FieldReader tls_fields(*tls, "tls.");
    request.tls.version = tls_fields.String("version");
    request.tls.cipher_list = tls_fields.OptionalString("cipher_list");
    request.tls.ciphersuites = tls_fields.OptionalString("ciphersuites");
    request.tls.security_level = tls_fields.OptionalInt("security_level", 0, 5);
    request.tls.signature_schemes = tls_fields.StringList("signature_schemes");
    request.tls.groups = tls_fields.StringList("groups");
    fields.Adopt(tls_fields);
  }

  if (const json* credentials = fields.Object("credentials", /*required=*/false)) {
    FieldReader credential_fields(*credentials, "credentials.");
    request.credentials =
        Credentials{credential_fields.String("chain"), credential_fields.String("key")};
    fields.Adopt(credential_fields);
  }

  request.trust = fields.OptionalString("trust");
  request.crl = fields.OptionalString("crl");
  request.server_name = fields.OptionalString("server_name");
  request.key_mismatch_hook = fields.Bool("key_mismatch_hook", false);
  // An hour is far beyond the runner's own 10 s limit; the bound only keeps the arithmetic on
  // deadlines safe.
  request.app_timeout_ms =
      fields.OptionalInt("app_timeout_ms", 1, 3'600'000).value_or(request.app_timeout_ms);

  request.verify_time = fields.OptionalInt64("verify_time");
  request.alpn = fields.StringList("alpn");

  const std::string server_config = fields.OptionalString("server_config").value_or("defaults");
  if (server_config == "enforcing") {
    request.server_config = ServerConfig::kEnforcing;
  } else if (server_config != "defaults") {
    fields.Fail("server_config", "must be \"defaults\" or \"enforcing\"");
  }
  if (const json* enforce = fields.Object("enforce", /*required=*/false)) {
    FieldReader rule_fields(*enforce, "enforce.");
    EnforcementRules rules;
    rules.signature_hashes = rule_fields.StringList("signature_hashes");
    rules.public_keys = rule_fields.StringList("public_keys");
    rules.min_rsa_bits = rule_fields.OptionalInt("min_rsa_bits", 0, 65536).value_or(0);
    rules.curves = rule_fields.StringList("curves");
    fields.Adopt(rule_fields);
    request.enforce = std::move(rules);
  }
  if (request.server_config == ServerConfig::kEnforcing && !request.enforce) {
    fields.Fail("enforce", "is required when server_config is \"enforcing\"");
  } else if (request.server_config == ServerConfig::kDefaults && request.enforce) {
    fields.Fail("enforce", "is only allowed when server_config is \"enforcing\"");
  }

  if (fields.error()) {
    return ParseFailure{id, "case: " + *fields.error()};
  }
  return request;
}

}  // namespace

std::string_view EnforcementName(Enforcement enforcement) {
  switch (enforcement) {
    case Enforcement::kLibrary:
      return "library";
    case Enforcement::kShim:
      return "shim";
    case Enforcement::kNone:
      return "none";
  }
  return "none";
}

std::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kUntrustedIssuer:
      return "untrusted_issuer";
    case Reason::kExpired:
      return "expired";
    case Reason::kNotYetValid:
      return "not_yet_valid";
    case Reason::kBadSignature:
      return "bad_signature";
    case Reason::kUnsupportedAlgorithm:
      return "unsupported_algorithm";
    case Reason::kWeakKey:
      return "weak_key";
    case Reason::kKeyUsage:
      return "key_usage";
    case Reason::kRevoked:
      return "revoked";
    case Reason::kKeyMismatch:
      return "key_mismatch";
    case Reason::kNoCertificate:
      return "no_certificate";
    case Reason::kProtocol:
      return "protocol";
    case Reason::kOther:
      return "other";
  }
  return "other";
}

Message ParseMessage(std::string_view line) {
  json value = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return ParseFailure{std::nullopt, "not a JSON value"};
  }
  if (!value.is_object()) {
    return ParseFailure{std::nullopt, "not a JSON object"};
  }

  std::optional<std::string> id;
  auto id_field = value.find("id");
  if (id_field != value.end() && id_field->is_string()) {
    id = id_field->get<std::string>();
  }

  auto type_field = value.find("type");
  if (type_field == value.end() || !type_field->is_string()) {
    return ParseFailure{id, "type is missing or not a string"};
  }
  const std::string type = type_field->get<std::string>();
  if (type == "quit") {
    return QuitMessage{};
  }
  if (type != "case") {
    return ParseFailure{id, "unknown message type \"" + type + "\""};
  }
  if (!id) {
    return ParseFailure{std::nullopt, "case: id is missing or not a string"};
  }
  return ParseCase(value, *id);
}

std::string HelloLine(const std::string& backend, const std::string& library,
                      const Capabilities& capabilities) {
  OrderedJson enforcement = OrderedJson::object();
  for (const auto& [rule, how] : capabilities.enforcement) {
    enforcement[rule] = std::string(EnforcementName(how));
  }
  OrderedJson hello = {
      {"type", "hello"},
      {"protocol", kProtocolVersion},
      {"backend", backend},
      {"library", library},
      {"capabilities",
       {{"versions", capabilities.versions},
        {"tls13_ciphersuites", capabilities.tls13_ciphersuites},
        {"key_mismatch_hook", capabilities.key_mismatch_hook},
        {"crl", capabilities.crl},
        {"alpn", capabilities.alpn},
        {"sni", capabilities.sni},
        {"verify_time", capabilities.verify_time},
        {"sign_schemes", capabilities.sign_schemes},
        {"verify_schemes", capabilities.verify_schemes},
        {"key_types", capabilities.key_types},
        {"curves", capabilities.curves},
        {"server_configs", capabilities.server_configs},
        {"enforcement", enforcement}}},
  };
  return Dump(hello);
}

std::string ResultLine(const std::string& id, const CaseResult& result) {
  OrderedJson peer_certificate = nullptr;
  if (result.peer_certificate) {
    peer_certificate = {{"subject", result.peer_certificate->subject},
                        {"verified", result.peer_certificate->verified},
                        {"chain", result.peer_certificate->chain}};
  }
  OrderedJson reason = nullptr;
  if (result.reason) {
    reason = std::string(ReasonName(*result.reason));
  }

  OrderedJson line = {
      {"type", "result"},
      {"id", id},
      {"handshake", result.handshake},
      {"app_data", result.app_data},
      {"version", OptionalToJson(result.version)},
      {"cipher", OptionalToJson(result.cipher)},
      {"signature_scheme", OptionalToJson(result.signature_scheme)},
      {"peer_certificate", peer_certificate},
      {"alerts", {{"sent", result.alerts_sent}, {"received", result.alerts_received}}},
      {"reason", reason},
      {"error", OptionalToJson(result.error)},
      {"unsupported", OptionalToJson(result.unsupported)},
      {"alpn", OptionalToJson(result.alpn)},
      {"shim_enforced", OptionalToJson(result.shim_enforced)},
  };
  return Dump(line);
}

std::string ErrorLine(const std::optional<std::string>& id, const std::string& message) {
  OrderedJson line = {{"type", "error"}, {"id", OptionalToJson(id)}, {"message", message}};
  return Dump(line);
}

}  // namespace tlsconform::shim

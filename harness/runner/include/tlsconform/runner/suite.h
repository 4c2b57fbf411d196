// Suite and SecurityPolicy: which handshakes run (suites/*.toml, suites/policies/*.toml).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tlsconform/status.h"

namespace tlsconform::runner {

// SecurityPolicy is one of the service's TLS policies: versions and cipher suites (AWS-TLS,
// AWS-CS). The server shims enforce it in every server configuration.
struct SecurityPolicy {
  std::string name;
  std::vector<std::string> versions;            // "tls1.2", "tls1.3"
  std::vector<std::string> tls12_ciphers;       // OpenSSL names
  std::vector<std::string> tls13_ciphersuites;  // IANA names

  std::string CipherList() const;    // tls12_ciphers joined with ':'
  std::string Ciphersuites() const;  // tls13_ciphersuites joined with ':'
};

// Profile is what the catalogue's expectations stand for (`aws-iot`): here, the allow-lists an
// `enforcing` server applies (PROTOCOL.md `enforce`, AWS-SIG-1..5, AWS-KEY-1..3).
struct Profile {
  std::string name;
  std::vector<std::string> signature_hashes;  // "sha256", ...
  std::vector<std::string> public_keys;       // "rsa", "rsa-pss", "ec"
  int min_rsa_bits = 0;
  std::vector<std::string> curves;  // "P-256", ...
};

struct Suite {
  std::string name;
  std::string profile;
  std::string policy_name;
  std::vector<std::string> roles;           // "server", "client", "interop"
  std::vector<std::string> versions;        // "tls1.2", "tls1.3"
  std::vector<std::string> server_configs;  // "defaults", "enforcing"
  std::string reference_backend;
  int reference_security_level = 0;
  int app_timeout_ms = 2000;
  int case_timeout_ms = 10000;
};

// LoadSuite reads a suite file. Errors name the file and the field.
Result<Suite> LoadSuite(const std::filesystem::path& path);

// LoadProfile reads DIR/NAME.toml and checks that the file's name field is NAME.
Result<Profile> LoadProfile(const std::filesystem::path& dir, const std::string& name);

// LoadPolicy reads DIR/NAME.toml and checks that the file's name field is NAME.
Result<SecurityPolicy> LoadPolicy(const std::filesystem::path& dir, const std::string& name);

}  // namespace tlsconform::runner

// TestPki: a small PKI made with the `openssl` command line in a temporary folder, shared by
// every test of one test binary. It uses no TLS library, so the same file serves the OpenSSL
// test, the BoringSSL test and the protocol test.
#pragma once

#include <string>

namespace tlsconform::shim::testing {

struct KeyPair {
  std::string chain;  // leaf, then intermediates (here: the leaf alone)
  std::string key;
};

struct TestPki {
  std::string dir;
  std::string ca;             // the trust anchor of every certificate below
  std::string other_ca;       // an unrelated CA: trusting only it rejects everything
  std::string crl;            // issued by `ca`, lists `revoked`
  KeyPair server;             // EC P-256, CN=localhost, SAN DNS:localhost
  KeyPair ec_client;          // EC P-256, CN=ec device, valid 2020..2099
  KeyPair rsa_client;         // RSA 2048, CN=rsa device
  KeyPair expired;            // EC P-256, CN=expired device, valid 2010..2011
  KeyPair revoked;            // EC P-256, CN=revoked device, listed in `crl`
  std::string other_ec_key;   // an EC P-256 key no certificate belongs to
  std::string other_rsa_key;  // an RSA 2048 key no certificate belongs to
};

// kTestPkiVariable names a folder made by MakeTestPki. CTest sets it (the PKI is a test
// fixture, made once per run); without it each test binary makes its own.
inline constexpr char kTestPkiVariable[] = "TLSCONFORM_TEST_PKI_DIR";

// MakeTestPki writes the PKI into the empty or missing folder `dir`. False when the openssl
// command line tool is missing or failed; `error` says which command.
bool MakeTestPki(const std::string& dir, std::string* error);

// GetTestPki returns the PKI of $TLSCONFORM_TEST_PKI_DIR, or makes one in a temporary folder
// (removed at exit) on first use. Nullptr when that failed; the reason is in `error`.
const TestPki* GetTestPki(std::string* error);

}  // namespace tlsconform::shim::testing

// SeededRandomScope: points OpenSSL's random source at a deterministic stream for the
// duration of fixture generation (RECIPES.md, "Determinism").
#pragma once

#include <string>
#include <string_view>

#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

// While a SeededRandomScope is installed, every OpenSSL random draw in this process (key
// generation, ECDSA nonces, PSS salts, blinding) reads a SHA-256 counter-mode stream keyed
// by the seed and the label last given to Reset(). The destructor gives OpenSSL back its
// default source. One scope at a time; not for use beside threads doing real
// cryptography.
class SeededRandomScope {
 public:
  explicit SeededRandomScope(std::string seed);
  ~SeededRandomScope();
  SeededRandomScope(const SeededRandomScope&) = delete;
  SeededRandomScope& operator=(const SeededRandomScope&) = delete;

  // Install makes OpenSSL draw from the stream. Fails if another scope is installed.
  Status Install();

  // Reset restarts the stream at block 0 of the key SHA-256(seed || 0x00 || label), so what
  // follows depends only on the seed and `label` ("key:NAME", "cert:NAME", "crl:NAME").
  Status Reset(std::string_view label);

 private:
  std::string seed_;
  bool installed_ = false;
};

}  // namespace tlsconform::certs::internal

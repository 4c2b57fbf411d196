// The deterministic random source of fixture generation.
//
// OpenSSL 3.0 has no supported way to give a provider's key generation or signing a caller's
// random bytes per call. The legacy RAND_METHOD hook still works in 3.0: RAND_bytes_ex and
// RAND_priv_bytes_ex (which the default provider's RSA prime search, EC scalar generation,
// ECDSA nonce, PSS salt and blinding all reach through BN_rand and friends) call a
// non-default method's `bytes` for every library context. The hook is deprecated, so this
// one file opts back into the deprecated declarations; nothing else in tlsconform uses them.
#define OPENSSL_SUPPRESS_DEPRECATED 1  // RAND_METHOD, RAND_set_rand_method: see above.

#include "seeded_random.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <string>

#include "tlsconform/certs/openssl_error.h"
#include "tlsconform/certs/openssl_ptr.h"

namespace tlsconform::certs::internal {
namespace {

// The stream state. RAND_METHOD callbacks take no user pointer, so it is global; the
// "one scope at a time" rule of SeededRandomScope keeps it single-owner.
struct Stream {
  std::array<unsigned char, 32> key{};
  uint64_t counter = 0;
  std::array<unsigned char, 32> block{};
  size_t used = 32;  // bytes of `block` already handed out
  EVP_MD* sha256 = nullptr;
  bool active = false;
};
Stream g_stream;

// Block i of the stream is SHA-256(key || i as 8 big-endian bytes).
int NextBlock() {
  unsigned char input[40];
  std::memcpy(input, g_stream.key.data(), 32);
  for (int i = 0; i < 8; ++i) {
    input[32 + i] = static_cast<unsigned char>(g_stream.counter >> (56 - 8 * i));
  }
  ++g_stream.counter;
  g_stream.used = 0;
  return EVP_Digest(input, sizeof(input), g_stream.block.data(), nullptr, g_stream.sha256, nullptr);
}

int StreamBytes(unsigned char* out, int count) {
  for (int i = 0; i < count; ++i) {
    if (g_stream.used == g_stream.block.size() && NextBlock() != 1) {
      return 0;
    }
    out[i] = g_stream.block[g_stream.used++];
  }
  return 1;
}

// Seeding input is ignored: the stream depends on the seed and label alone, by design.
int IgnoreSeed(const void*, int) { return 1; }
int IgnoreAdd(const void*, int, double) { return 1; }
int AlwaysReady() { return 1; }

const RAND_METHOD kStreamMethod = {
    IgnoreSeed, StreamBytes, nullptr, IgnoreAdd, StreamBytes, AlwaysReady,
};

}  // namespace

SeededRandomScope::SeededRandomScope(std::string seed) : seed_(std::move(seed)) {}

Status SeededRandomScope::Install() {
  if (g_stream.active) {
    return InternalError("a seeded random source is already installed");
  }
  // Fetched once here so that drawing bytes never has to look an algorithm up.
  UniquePtr<EVP_MD> sha256(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  if (sha256 == nullptr) {
    return OpenSslFailure("EVP_MD_fetch(SHA256)");
  }
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(RAND_set_rand_method(&kStreamMethod), "RAND_set_rand_method"));

  g_stream = Stream{};
  g_stream.sha256 = sha256.release();
  g_stream.active = true;
  installed_ = true;
  return Reset("");
}

Status SeededRandomScope::Reset(std::string_view label) {
  if (!installed_) {
    return InternalError("SeededRandomScope::Reset before Install");
  }
  // The 0x00 keeps seed and label apart: ("a", "bc") and ("ab", "c") give different keys.
  std::string input = seed_;
  input.push_back('\0');
  input.append(label);
  TLSCONFORM_RETURN_IF_ERROR(
      CheckOpenSsl(EVP_Digest(input.data(), input.size(), g_stream.key.data(), nullptr,
                              g_stream.sha256, nullptr),
                   "EVP_Digest(SHA-256)"));
  g_stream.counter = 0;
  g_stream.used = g_stream.block.size();
  return Status::Ok();
}

SeededRandomScope::~SeededRandomScope() {
  if (!installed_) {
    return;
  }
  // NULL, not the method seen before Install: OpenSSL then picks its default again on the
  // next draw (an ENGINE's method included, whose reference installing ours released).
  // RAND_set_rand_method only fails when its lock cannot be taken; a destructor can do
  // nothing better than carry on, so the result is deliberately not checked.
  (void)RAND_set_rand_method(nullptr);
  EVP_MD_free(g_stream.sha256);
  g_stream = Stream{};
}

}  // namespace tlsconform::certs::internal

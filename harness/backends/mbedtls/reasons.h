// Mbed TLS's one error-to-reason table and the lookups over it.
//
// Mbed TLS reports a failed handshake as a negative return code (MBEDTLS_ERR_*, a high-level
// module's code plus, possibly, a low-level one added to it) and a failed certificate check as
// a set of verification flags (MBEDTLS_X509_BADCERT_*, MBEDTLS_X509_BADCRL_*). Both map to the
// normalized reasons of PROTOCOL.md in reasons.cc.
#pragma once

#include <cstdint>
#include <span>

#include "driver/backend.h"

namespace tlsconform::shim::mbedtls {

enum class ReasonSource {
  kVerifyFlag,  // one MBEDTLS_X509_BADCERT_* / BADCRL_* bit
  kError,       // one MBEDTLS_ERR_* code (negative)
};

struct ReasonRow {
  ReasonSource source;
  int64_t code;
  Reason reason;
};

constexpr ReasonRow VerifyFlag(uint32_t flag, Reason reason) {
  return {ReasonSource::kVerifyFlag, flag, reason};
}
constexpr ReasonRow Error(int code, Reason reason) { return {ReasonSource::kError, code, reason}; }

// ReasonTable is the table of reasons.cc, in priority order.
std::span<const ReasonRow> ReasonTable();

// ReasonForVerifyFlags returns the reason of the first row of the table whose flag is set in
// `flags` (several are often set at once: the table's order decides), or Reason::kOther.
Reason ReasonForVerifyFlags(uint32_t flags);

// ReasonForError looks up a negative MBEDTLS_ERR_* return code: the whole code first, then
// its high-level part, then its low-level part (Mbed TLS adds a low-level module's code to
// the high-level one that passes it on). Reason::kOther when no row matches.
Reason ReasonForError(int code);

}  // namespace tlsconform::shim::mbedtls

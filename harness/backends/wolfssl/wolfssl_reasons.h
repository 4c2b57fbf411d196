// wolfSSL's one error-to-reason table (reasons.cc) and the lookups over it.
//
// wolfSSL reports a failure in two vocabularies: its own error codes (negative numbers from
// wolfssl/error-ssl.h and wolfssl/wolfcrypt/error-crypt.h, as wolfSSL_get_error returns them
// and as the verify callback sees them) and, in its OpenSSL-compatible build, X509_V_ERR_*
// verification flags (wolfSSL_get_verify_result). Both are listed in the one table.
#pragma once

#include <span>

#include "driver/alert_reasons.h"
#include "driver/backend.h"

namespace tlsconform::shim::wolfssl {

enum class ReasonSource {
  kLibraryError,  // a wolfSSL or wolfCrypt error code (< 0)
  kVerifyFlag,    // an X509_V_ERR_* verification result (> 0)
};

struct ReasonRow {
  ReasonSource source;
  int code;
  Reason reason;
};

// ReasonTable is the table of reasons.cc.
std::span<const ReasonRow> ReasonTable();

// The lookups return Reason::kOther for a code the table does not list.
Reason ReasonForLibraryError(int code);
Reason ReasonForVerifyFlag(int code);
// Alerts are the protocol's, mapped once for every backend (driver/alert_reasons.h).
using ::tlsconform::shim::ReasonForAlert;

}  // namespace tlsconform::shim::wolfssl

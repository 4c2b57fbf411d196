// The shape of a backend's error-to-reason table and the lookups over it.
//
// Each backend writes its one table in harness/backends/<name>/reasons.cc (BackendReasonTable)
// with the constants of its own headers: the two libraries number some X509 verify errors
// and SSL reasons differently, so a shared table would be wrong for one of them.
#pragma once

#include <span>

#include "driver/alert_reasons.h"
#include "driver/backend.h"

namespace tlsconform::shim::ossl {

enum class ReasonSource {
  kVerifyError,   // X509_V_ERR_* from certificate verification
  kLibraryError,  // (ERR_LIB_*, reason) from the library's error queue
};

struct ReasonRow {
  ReasonSource source;
  int library;  // ERR_LIB_*; 0 for the other sources
  int code;
  Reason reason;
};

constexpr ReasonRow VerifyError(int code, Reason reason) {
  return {ReasonSource::kVerifyError, 0, code, reason};
}
constexpr ReasonRow LibraryError(int library, int code, Reason reason) {
  return {ReasonSource::kLibraryError, library, code, reason};
}

// BackendReasonTable is defined by each backend's reasons.cc.
std::span<const ReasonRow> BackendReasonTable();

// The lookups return Reason::kOther for a code the table does not list.
Reason ReasonForVerifyError(int code);
// An SSL-library reason of SSL_AD_REASON_OFFSET + N is "alert N received" in both libraries;
// it is looked up as that alert, so the table lists alerts once.
Reason ReasonForLibraryError(int library, int code);
// Alerts are the protocol's, mapped once for every backend (driver/alert_reasons.h).
using ::tlsconform::shim::ReasonForAlert;

}  // namespace tlsconform::shim::ossl

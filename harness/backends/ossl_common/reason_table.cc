#include "ossl_common/reason_table.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace tlsconform::shim::ossl {
namespace {

Reason Find(ReasonSource source, int library, int code) {
  for (const ReasonRow& row : BackendReasonTable()) {
    if (row.source == source && row.library == library && row.code == code) {
      return row.reason;
    }
  }
  return Reason::kOther;
}

}  // namespace

Reason ReasonForVerifyError(int code) { return Find(ReasonSource::kVerifyError, 0, code); }

Reason ReasonForLibraryError(int library, int code) {
  constexpr int kAlertCodes = 256;
  if (library == ERR_LIB_SSL && code >= SSL_AD_REASON_OFFSET &&
      code < SSL_AD_REASON_OFFSET + kAlertCodes) {
    return ReasonForAlert(code - SSL_AD_REASON_OFFSET);
  }
  return Find(ReasonSource::kLibraryError, library, code);
}

}  // namespace tlsconform::shim::ossl

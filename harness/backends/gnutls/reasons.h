// GnuTLS's one error-to-reason table: the library's error codes (GNUTLS_E_*) and the
// certificate verification status flags (GNUTLS_CERT_*), each mapped to the normalized reason
// of PROTOCOL.md. The rows are in reasons.cc; a code or flag not listed there is `other`.
#pragma once

#include <string_view>

#include "driver/backend.h"

namespace tlsconform::shim::gnutls {

// ReasonForError returns the reason for a negative GnuTLS error code. The two codes that only
// say "look elsewhere" (GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR: the status flags decide;
// GNUTLS_E_FATAL_ALERT_RECEIVED: the alert decides) are `other` here.
Reason ReasonForError(int error);

// ReasonForStatus returns the reason for a gnutls_certificate_status_t bit set, or `other`
// when no listed flag is set. Several flags can be set at once (GNUTLS_CERT_INVALID comes
// with most of them); the table's order decides which one names the failure.
Reason ReasonForStatus(unsigned status);

// ReasonForRule returns the reason for a refusal by an enforcement rule the shim checked
// itself ("min_rsa_bits", "signature_hashes", "public_keys", "curves"); `other` for another.
Reason ReasonForRule(std::string_view rule);

}  // namespace tlsconform::shim::gnutls

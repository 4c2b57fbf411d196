// ReasonForAlert: the normalized reason an alert received from the peer stands for.
//
// Alerts are the protocol's own vocabulary (RFC 8446 section 6.2), the same whichever
// library sent or received them, so every backend shares this one mapping; a backend's own
// table maps only its library's error codes.
#pragma once

#include "driver/backend.h"

namespace tlsconform::shim {

// ReasonForAlert returns the reason for alert `description`, or Reason::kOther for an alert
// that says nothing about why (bad_certificate, internal_error, ...).
Reason ReasonForAlert(int description);

}  // namespace tlsconform::shim

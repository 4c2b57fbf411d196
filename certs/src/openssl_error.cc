#include "tlsconform/certs/openssl_error.h"

#include <openssl/err.h>

#include <string>

namespace tlsconform::certs {

std::string DrainOpenSslErrors() {
  std::string text;
  const char* data = nullptr;
  int flags = 0;
  unsigned long code = 0;
  while ((code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    if (!text.empty()) {
      text += "; ";
    }
    text += buffer;
    if ((flags & ERR_TXT_STRING) != 0 && data != nullptr && *data != '\0') {
      text += " (";
      text += data;
      text += ")";
    }
  }
  return text;
}

Status OpenSslFailure(std::string_view what) {
  std::string errors = DrainOpenSslErrors();
  std::string message = std::string(what) + " failed";
  if (!errors.empty()) {
    message += ": " + errors;
  }
  return CryptoError(std::move(message));
}

Status CheckOpenSsl(int rc, std::string_view what) {
  if (rc == 1) {
    return Status::Ok();
  }
  return OpenSslFailure(what);
}

}  // namespace tlsconform::certs

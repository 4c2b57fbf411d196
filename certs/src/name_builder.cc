// Distinguished names.
#include <openssl/x509.h>

#include "build_steps.h"
#include "tlsconform/certs/openssl_error.h"

namespace tlsconform::certs::internal {

Result<UniquePtr<X509_NAME>> BuildName(const std::vector<NameAttribute>& attributes) {
  UniquePtr<X509_NAME> name(X509_NAME_new());
  if (name == nullptr) {
    return OpenSslFailure("X509_NAME_new");
  }
  // RFC 4514 2.1 writes the RDNSequence last RDN first: "CN=x,O=y" is encoded O=y, CN=x.
  for (auto it = attributes.rbegin(); it != attributes.rend(); ++it) {
    const auto* value = reinterpret_cast<const unsigned char*>(it->value.data());
    TLSCONFORM_RETURN_IF_ERROR(
        CheckOpenSsl(X509_NAME_add_entry_by_txt(name.get(), it->type.c_str(), MBSTRING_UTF8, value,
                                                static_cast<int>(it->value.size()), -1, 0),
                     "X509_NAME_add_entry_by_txt(" + it->type + ")"));
  }
  return name;
}

}  // namespace tlsconform::certs::internal

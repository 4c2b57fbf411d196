// OsslBackend: the Backend of a library with the OpenSSL API. A backend file only names its
// library and capabilities and defines its key-mismatch hook.
#pragma once

#include <string>
#include <utility>

#include "driver/backend.h"
#include "ossl_common/session.h"

namespace tlsconform::shim::ossl {

// AddProtocol2Capabilities asks the library what it can do for the fields protocol 2 added
// (capabilities.cc): ALPN, SNI, verify time, signature schemes, key types, curves, and the
// `enforcing` configuration. The backend adds its `enforcement` map.
void AddProtocol2Capabilities(Capabilities& capabilities);

class OsslBackend : public Backend {
 public:
  OsslBackend(std::string name, std::string library, Capabilities capabilities)
      : name_(std::move(name)),
        library_(std::move(library)),
        capabilities_(std::move(capabilities)) {}

  std::string Name() const override { return name_; }
  std::string LibraryVersion() const override { return library_; }
  Capabilities GetCapabilities() const override { return capabilities_; }

  CaseResult RunServer(int fd, const CaseRequest& request) override {
    return RunSession(fd, request);
  }
  CaseResult RunClient(int fd, const CaseRequest& request) override {
    return RunSession(fd, request);
  }

 private:
  std::string name_;
  std::string library_;
  Capabilities capabilities_;
};

}  // namespace tlsconform::shim::ossl

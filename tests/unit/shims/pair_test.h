// PairTest: the ground the backends' handshake tests share. A test is parametrized by the TLS
// version; it gets the test PKI (test_pki.h), the linked backend, and the server and client
// requests of a plain case, and runs them through RunPair, checking that neither role left a
// library error behind.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "driver/backend.h"
#include "pair_runner.h"
#include "test_pki.h"

namespace tlsconform::shim::testing {

class PairTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string error;
    pki_ = GetTestPki(&error);
    if (pki_ == nullptr) {
      GTEST_SKIP() << "no test PKI: " << error;
    }
    backend_ = MakeBackend();
  }

  const std::string& version() const { return GetParam(); }
  bool tls13() const { return version() == "tls1.3"; }

  // Server requires a client certificate issued under the test CA.
  CaseRequest Server() const {
    CaseRequest request;
    request.id = "server/" + version();
    request.role = Role::kServer;
    request.tls.version = version();
    request.credentials = Credentials{pki_->server.chain, pki_->server.key};
    request.trust = pki_->ca;
    request.app_timeout_ms = 2000;
    return request;
  }

  // Client presents `presented` and checks the server's certificate for "localhost".
  CaseRequest Client(const KeyPair& presented) const {
    CaseRequest request;
    request.id = "client/" + version();
    request.role = Role::kClient;
    request.tls.version = version();
    request.credentials = Credentials{presented.chain, presented.key};
    request.trust = pki_->ca;
    request.server_name = "localhost";
    request.app_timeout_ms = 2000;
    return request;
  }

  PairResult Run(const CaseRequest& server, const CaseRequest& client) {
    PairResult pair = RunPair(*backend_, server, client);
    EXPECT_EQ(pair.server_leftover_error, 0u) << "server left its error queue non-empty";
    EXPECT_EQ(pair.client_leftover_error, 0u) << "client left its error queue non-empty";
    return pair;
  }

  const TestPki* pki_ = nullptr;
  std::unique_ptr<Backend> backend_;
};

}  // namespace tlsconform::shim::testing

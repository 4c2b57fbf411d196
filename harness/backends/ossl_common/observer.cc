// What the library tells the shim while a session runs: alerts, the CertificateVerify
// message, certificate verification, and the error queue.
#include <openssl/err.h>
#include <openssl/x509.h>

#include <array>

#include "ossl_common/reason_table.h"
#include "ossl_common/session.h"
#include "tlsconform/tls_names.h"

namespace tlsconform::shim::ossl {
namespace {

// RFC 8446 section 4: a handshake message starts with its 1-byte type and 3-byte length.
constexpr int kHandshakeHeaderLength = 4;
constexpr uint8_t kCertificateVerify = 15;
constexpr int kContentTypeHandshake = 22;
constexpr int kCloseNotify = 0;
constexpr int kAlertLevelFatal = 2;

}  // namespace

SessionState& StateOf(const SSL* ssl) { return *static_cast<SessionState*>(SSL_get_app_data(ssl)); }

void InfoCallback(const SSL* ssl, int where, int value) {
  if ((where & SSL_CB_ALERT) == 0) {
    return;
  }
  // close_notify ends every successful case; it is closure, not an alert worth reporting.
  const int description = value & 0xff;
  if (description == kCloseNotify) {
    return;
  }

  SessionState& state = StateOf(ssl);
  const int level = (value >> 8) & 0xff;
  const std::string text =
      std::string(level == kAlertLevelFatal ? "fatal:" : "warning:") + AlertName(description);
  if ((where & SSL_CB_READ) != 0) {
    state.alerts_received.push_back(text);
    state.alert_descriptions_received.push_back(description);
  } else {
    state.alerts_sent.push_back(text);
  }
}

// MessageCallback reads the signature scheme off the client's CertificateVerify as it crosses
// the wire (RFC 8446 section 4.4.3, RFC 5246 section 7.4.8: the message body starts with the
// 2-byte scheme). This works the same in both libraries, in both versions and in both roles,
// and still reports the scheme when the signature then fails to verify.
void MessageCallback(int write_p, int version, int content_type, const void* buf, size_t len,
                     SSL* ssl, void* arg) {
  if (content_type != kContentTypeHandshake || len < kHandshakeHeaderLength + 2) {
    return;
  }
  const auto* bytes = static_cast<const uint8_t*>(buf);
  if (bytes[0] != kCertificateVerify) {
    return;
  }
  // The server's own CertificateVerify (TLS 1.3) travels the other way: the client writes
  // the one we want, the server reads it.
  SessionState& state = StateOf(ssl);
  const bool from_client = state.role == Role::kClient ? write_p != 0 : write_p == 0;
  if (!from_client) {
    return;
  }
  state.signature_scheme = static_cast<uint16_t>((bytes[kHandshakeHeaderLength] << 8) |
                                                 bytes[kHandshakeHeaderLength + 1]);
}

int VerifyCallback(int preverify_ok, X509_STORE_CTX* store_ctx) {
  auto* ssl = static_cast<SSL*>(
      X509_STORE_CTX_get_ex_data(store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
  if (ssl == nullptr) {
    return preverify_ok;
  }
  SessionState& state = StateOf(ssl);

  if (!state.leaf_subject) {
    if (X509* leaf = X509_STORE_CTX_get0_cert(store_ctx)) {
      state.leaf_subject = NameToString(X509_get_subject_name(leaf));
    }
  }
  const int depth = X509_STORE_CTX_get_error_depth(store_ctx);
  if (preverify_ok == 0 && !state.verify_failure) {
    const int code = X509_STORE_CTX_get_error(store_ctx);
    state.verify_failure = VerifyFailure{code, depth, X509_verify_cert_error_string(code)};
  }
  if (preverify_ok != 0 && depth == 0) {
    state.leaf_passed = true;
  }
  // The library's own decision stands: the shim observes, it never overrides.
  return preverify_ok;
}

void DrainErrors(SessionState& state) {
  std::array<char, 256> text{};
  for (auto code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    state.library_errors.push_back(code);
    ERR_error_string_n(code, text.data(), text.size());
    state.error_texts.emplace_back(text.data());
  }
}

Reason ResolveReason(const SessionState& state) {
  if (state.verify_failure) {
    return ReasonForVerifyError(state.verify_failure->code);
  }
  for (const unsigned long code : state.library_errors) {
    const Reason reason = ReasonForLibraryError(ERR_GET_LIB(code), ERR_GET_REASON(code));
    if (reason != Reason::kOther) {
      return reason;
    }
  }
  for (const int description : state.alert_descriptions_received) {
    const Reason reason = ReasonForAlert(description);
    if (reason != Reason::kOther) {
      return reason;
    }
  }
  return Reason::kOther;
}

std::string NameToString(const X509_NAME* name) {
  UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || name == nullptr ||
      X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) {
    ERR_clear_error();
    return "";
  }
  char* data = nullptr;  // BoringSSL's BIO_get_mem_data takes char**
  const long length = BIO_get_mem_data(bio.get(), &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}

}  // namespace tlsconform::shim::ossl

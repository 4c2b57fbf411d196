// What the library tells the shim while a session runs: alerts, the CertificateVerify
// message, certificate verification, and the error queue.
#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "ossl_common/enforce.h"
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
  // An enforcing server applies the case's rules to each certificate the library accepted;
  // what the library refused stays the library's refusal.
  const CaseRequest& request = state.request;
  if (preverify_ok != 0 && state.role == Role::kServer &&
      request.server_config == ServerConfig::kEnforcing && request.enforce) {
    X509* cert = X509_STORE_CTX_get_current_cert(store_ctx);
    if (cert != nullptr) {
      if (std::optional<VerifyFailure> refusal = CheckEnforcement(cert, depth, *request.enforce)) {
        X509_STORE_CTX_set_error(store_ctx, refusal->code);
        if (!state.verify_failure) {
          state.verify_failure = std::move(refusal);
        }
        return 0;
      }
    }
  }
  if (preverify_ok == 0 && !state.verify_failure) {
    const int code = X509_STORE_CTX_get_error(store_ctx);
    state.verify_failure =
        VerifyFailure{code, depth, X509_verify_cert_error_string(code), std::nullopt, std::nullopt};
  }
  if (preverify_ok != 0 && depth == 0) {
    state.leaf_passed = true;
  }
  // Otherwise the library's own decision stands: the shim never turns a refusal into an
  // acceptance.
  return preverify_ok;
}

namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) == std::tolower(y);
  });
}

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    text += text.empty() ? item : ", " + item;
  }
  return text;
}

// The ClientHello observers only note whether the client offered ALPN at all: the ALPN
// select callback is not called when it did not, and ServerNameCallback, which runs later in
// both libraries, decides.
#ifdef OPENSSL_IS_BORINGSSL
ssl_select_cert_result_t ClientHelloObserver(const SSL_CLIENT_HELLO* hello) {
  const uint8_t* data = nullptr;
  size_t length = 0;
  StateOf(hello->ssl).client_offered_alpn =
      SSL_early_callback_ctx_extension_get(
          hello, TLSEXT_TYPE_application_layer_protocol_negotiation, &data, &length) == 1;
  return ssl_select_cert_success;
}
#else
int ClientHelloObserver(SSL* ssl, int* /*alert*/, void* /*arg*/) {
  const unsigned char* data = nullptr;
  size_t length = 0;
  StateOf(ssl).client_offered_alpn =
      SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_application_layer_protocol_negotiation, &data,
                                &length) == 1;
  return SSL_CLIENT_HELLO_SUCCESS;
}
#endif

}  // namespace

void InstallServerCallbacks(SSL_CTX* ctx, const CaseRequest& request) {
#ifdef OPENSSL_IS_BORINGSSL
  SSL_CTX_set_select_certificate_cb(ctx, ClientHelloObserver);
#else
  SSL_CTX_set_client_hello_cb(ctx, ClientHelloObserver, nullptr);
#endif
  SSL_CTX_set_tlsext_servername_callback(ctx, ServerNameCallback);
  if (!request.alpn.empty()) {
    SSL_CTX_set_alpn_select_cb(ctx, AlpnSelectCallback, nullptr);
  }
}

int ServerNameCallback(SSL* ssl, int* alert, void* /*arg*/) {
  SessionState& state = StateOf(ssl);
  const CaseRequest& request = state.request;
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (name != nullptr) {
    state.server_name_received = name;
  }
  // A client that sends no SNI is served (AWS-SNI-1); one that names another host is not
  // (AWS-SNI-2).
  if (name != nullptr && request.server_name && !EqualsIgnoringCase(name, *request.server_name)) {
    state.error_texts.push_back("the client's SNI names \"" + std::string(name) + "\", not \"" +
                                *request.server_name + "\"");
    *alert = SSL_AD_UNRECOGNIZED_NAME;
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  if (!request.alpn.empty() && !state.client_offered_alpn) {
    state.error_texts.push_back("the client offered no ALPN protocol; the server accepts " +
                                Join(request.alpn));
    *alert = SSL_AD_NO_APPLICATION_PROTOCOL;
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  return SSL_TLSEXT_ERR_OK;
}

int AlpnSelectCallback(SSL* ssl, const unsigned char** out, unsigned char* out_length,
                       const unsigned char* in, unsigned int in_length, void* /*arg*/) {
  SessionState& state = StateOf(ssl);
  std::vector<std::string> offered;
  for (unsigned int at = 0; at < in_length;) {
    const unsigned int length = in[at];
    if (length == 0 || at + 1 + length > in_length) {
      break;  // the library has checked the encoding; this only keeps the loop in bounds
    }
    offered.emplace_back(reinterpret_cast<const char*>(in + at + 1), length);
    at += 1 + length;
  }
  // The server's order decides, as PROTOCOL.md asks: the first of its list the client offered.
  for (const std::string& accepted : state.request.alpn) {
    unsigned int at = 0;
    for (const std::string& protocol : offered) {
      if (protocol == accepted) {
        *out = in + at + 1;
        *out_length = static_cast<unsigned char>(protocol.size());
        return SSL_TLSEXT_ERR_OK;
      }
      at += 1 + static_cast<unsigned int>(protocol.size());
    }
  }
  state.error_texts.push_back("no ALPN protocol in common: the client offered " + Join(offered) +
                              "; the server accepts " + Join(state.request.alpn));
  return SSL_TLSEXT_ERR_ALERT_FATAL;
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
  if (state.verify_failure && state.verify_failure->shim_reason) {
    return *state.verify_failure->shim_reason;
  }
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

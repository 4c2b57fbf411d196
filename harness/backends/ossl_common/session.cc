#include "ossl_common/session.h"

#include <openssl/err.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>

#include "driver/connection.h"
#include "ossl_common/context.h"
#include "tlsconform/tls_names.h"

namespace tlsconform::shim::ossl {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kPing = "ping";
constexpr std::string_view kPong = "pong";

// IoOutcome is how one SSL_accept/connect/read/write call ended.
struct IoOutcome {
  bool ok = false;
  bool timed_out = false;
  int ssl_error = SSL_ERROR_NONE;
  int system_error = 0;
};

// CallUntil repeats `call` until it succeeds, fails, or `deadline` passes. The socket is
// blocking with SO_RCVTIMEO/SO_SNDTIMEO set to the time left, so a call that waits too long
// comes back as "want read/write" and the deadline decides.
template <typename Call>
IoOutcome CallUntil(SSL* ssl, int fd, Clock::time_point deadline, Call call) {
  for (;;) {
    const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      return IoOutcome{.timed_out = true};
    }
    // A failed setsockopt leaves the previous bound (the driver's handshake timeout) in place,
    // which still ends the call; the deadline check above ends the loop.
    (void)SetIoTimeout(fd, left);

    errno = 0;
    const int ret = call();
    const int system_error = errno;
    if (ret > 0) {
      return IoOutcome{.ok = true};
    }
    const int ssl_error = SSL_get_error(ssl, ret);
    if (ssl_error == SSL_ERROR_WANT_READ || ssl_error == SSL_ERROR_WANT_WRITE) {
      continue;
    }
    return IoOutcome{.ssl_error = ssl_error, .system_error = system_error};
  }
}

// Describe says in words how `outcome` failed; the library's own words follow from the queue.
std::string Describe(const IoOutcome& outcome, milliseconds budget) {
  if (outcome.timed_out) {
    return "timed out after " + std::to_string(budget.count()) + " ms";
  }
  switch (outcome.ssl_error) {
    case SSL_ERROR_SSL:
      return "TLS failure";
    case SSL_ERROR_ZERO_RETURN:
      return "the peer closed the connection (close_notify)";
    case SSL_ERROR_SYSCALL:
      return outcome.system_error != 0 ? std::strerror(outcome.system_error)
                                       : "the peer closed the connection";
    default:
      return "SSL error " + std::to_string(outcome.ssl_error);
  }
}

// Session runs one role over one SSL object and keeps the result up to date.
class Session {
 public:
  Session(int fd, const CaseRequest& request) : fd_(fd), request_(request), state_(request) {}

  CaseResult Run() {
    ERR_clear_error();
    if (!Configure()) {
      return Finish();
    }

    const milliseconds handshake_budget = kHandshakeTimeout;
    const bool server = request_.role == Role::kServer;
    const IoOutcome handshake =
        Call(server ? "SSL_accept" : "SSL_connect", handshake_budget,
             [this, server] { return server ? SSL_accept(ssl_.get()) : SSL_connect(ssl_.get()); });
    if (handshake.ok) {
      RecordNegotiated();
      result_.app_data = server ? AnswerPing() : SendPing();
      Close();
    }
    return Finish();
  }

 private:
  bool Configure() {
    ContextOutcome context = NewContext(request_, state_);
    if (context.ctx == nullptr) {
      result_.unsupported = context.unsupported;
      return false;
    }
    ctx_ = std::move(context.ctx);

    ssl_.reset(SSL_new(ctx_.get()));
    if (ssl_ == nullptr) {
      return Fail("SSL_new");
    }
    SSL_set_app_data(ssl_.get(), &state_);
    if (SSL_set_fd(ssl_.get(), fd_) != 1) {
      return Fail("SSL_set_fd");
    }

    // The client sends the name as SNI and checks it against the server's certificate.
    if (request_.role == Role::kClient && request_.server_name) {
      const std::string& name = *request_.server_name;
      if (SSL_set_tlsext_host_name(ssl_.get(), name.c_str()) != 1) {
        return Fail("SSL_set_tlsext_host_name " + name);
      }
      if (X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl_.get()), name.c_str(), name.size()) != 1) {
        return Fail("X509_VERIFY_PARAM_set1_host " + name);
      }
    }
    return true;
  }

  bool Fail(const std::string& what) {
    state_.error_texts.push_back(what);
    DrainErrors(state_);
    return false;
  }

  template <typename F>
  IoOutcome Call(const char* name, milliseconds budget, F call) {
    const IoOutcome outcome = CallUntil(ssl_.get(), fd_, Clock::now() + budget, call);
    if (!outcome.ok) {
      // The error queue belongs to this call: read it before anything else touches it.
      Fail(std::string(name) + ": " + Describe(outcome, budget));
    }
    return outcome;
  }

  void RecordNegotiated() {
    result_.handshake = true;
    result_.version = VersionName(SSL_version(ssl_.get()));
    if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl_.get())) {
      const char* name = SSL_CIPHER_standard_name(cipher);
      result_.cipher = name != nullptr ? name : SSL_CIPHER_get_name(cipher);
    }
    const unsigned char* alpn = nullptr;
    unsigned int alpn_length = 0;
    SSL_get0_alpn_selected(ssl_.get(), &alpn, &alpn_length);
    if (alpn != nullptr && alpn_length > 0) {
      result_.alpn = std::string(reinterpret_cast<const char*>(alpn), alpn_length);
    }
  }

  // AnswerPing is the server's part after the handshake: the ping in, the pong out.
  bool AnswerPing() {
    const milliseconds budget(request_.app_timeout_ms);
    std::array<char, 256> buffer{};
    const IoOutcome ping = Call("SSL_read", budget, [&] {
      return SSL_read(ssl_.get(), buffer.data(), static_cast<int>(buffer.size()));
    });
    if (!ping.ok) {
      return false;
    }
    return Call("SSL_write", budget,
                [&] { return SSL_write(ssl_.get(), kPong.data(), static_cast<int>(kPong.size())); })
        .ok;
  }

  // SendPing is the client's part: the ping out, then the answer in. In TLS 1.3 a server's
  // rejection of the client certificate arrives only now, as an alert after the client's
  // Finished, so the read runs even when the write failed: it is what surfaces the alert.
  bool SendPing() {
    const milliseconds budget(request_.app_timeout_ms);
    Call("SSL_write", budget,
         [&] { return SSL_write(ssl_.get(), kPing.data(), static_cast<int>(kPing.size())); });
    std::array<char, 256> buffer{};
    return Call(
               "SSL_read", budget,
               [&] { return SSL_read(ssl_.get(), buffer.data(), static_cast<int>(buffer.size())); })
        .ok;
  }

  // Close sends close_notify once, without waiting for the peer's: the case is decided, and
  // the driver closes the socket.
  void Close() {
    if (SSL_shutdown(ssl_.get()) < 0) {
      // A peer that already left makes this fail; that does not change the verdict.
      ERR_clear_error();
    }
  }

  CaseResult Finish() {
    result_.alerts_sent = state_.alerts_sent;
    result_.alerts_received = state_.alerts_received;
    if (state_.signature_scheme) {
      result_.signature_scheme = SignatureSchemeName(*state_.signature_scheme);
    }
    RecordPeerCertificate();

    const bool failed = !result_.handshake || !result_.app_data;
    if (failed && !result_.unsupported) {
      result_.reason = ResolveReason(state_);
      result_.error = ErrorText();
      if (state_.verify_failure) {
        result_.shim_enforced = state_.verify_failure->shim_rule;
      }
    }
    // Nothing may be left for the next case on this thread.
    ERR_clear_error();
    return result_;
  }

  void RecordPeerCertificate() {
    std::optional<std::string> subject = state_.leaf_subject;
    if (ssl_ != nullptr && result_.handshake) {
#ifdef OPENSSL_IS_BORINGSSL
      UniquePtr<X509> peer(SSL_get_peer_certificate(ssl_.get()));
#else
      UniquePtr<X509> peer(SSL_get1_peer_certificate(ssl_.get()));
#endif
      if (peer != nullptr) {
        subject = NameToString(X509_get_subject_name(peer.get()));
      }
    }
    if (!subject) {
      return;
    }
    bool verified = state_.leaf_passed && !state_.verify_failure;
    if (result_.handshake) {
      verified = verified && SSL_get_verify_result(ssl_.get()) == X509_V_OK;
    }
    result_.peer_certificate = PeerCertificate{*subject, verified, {}};
  }

  std::string ErrorText() const {
    std::vector<std::string> parts;
    if (!state_.error_texts.empty()) {
      parts.push_back(state_.error_texts.front());
    }
    if (const auto& verify = state_.verify_failure) {
      parts.push_back("certificate verification failed at depth " + std::to_string(verify->depth) +
                      ": " + verify->text + " (" + std::to_string(verify->code) + ")");
    }
    for (size_t i = 1; i < state_.error_texts.size(); ++i) {
      parts.push_back(state_.error_texts[i]);
    }
    std::string text;
    for (const std::string& part : parts) {
      text += text.empty() ? part : "; " + part;
    }
    return text.empty() ? "failed without a library error" : text;
  }

  int fd_;
  const CaseRequest& request_;
  SessionState state_;
  // Declared after state_: the SSL object points at it and must go first.
  UniquePtr<SSL_CTX> ctx_;
  UniquePtr<SSL> ssl_;
  CaseResult result_;
};

}  // namespace

CaseResult RunSession(int fd, const CaseRequest& request) { return Session(fd, request).Run(); }

}  // namespace tlsconform::shim::ossl

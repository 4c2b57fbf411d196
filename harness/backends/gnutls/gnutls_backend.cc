// The GnuTLS backend: one gnutls_session_t per case, over the socket the driver connected.
//
// GnuTLS leaves alerts to the application: a failed handshake sends nothing by itself, and
// gnutls_alert_send_appropriate turns the error into the library's own choice of alert. The
// shim calls it, as a GnuTLS server or client is documented to, and records what it sent.
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "driver/alert_reasons.h"
#include "driver/backend.h"
#include "driver/connection.h"
#include "enforcement.h"
#include "priority.h"
#include "reasons.h"
#include "tlsconform/tls_names.h"

namespace tlsconform::shim {
namespace gnutls {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kPing = "ping";
constexpr std::string_view kPong = "pong";

// A call that ran out of time: negative like a failure, and no GnuTLS code.
constexpr int kTimedOut = -100000;

// The verification time of the case running on this thread. GnuTLS reads the time through
// one process-wide function (gnutls_global_set_time_function), and its certificate
// verification uses it for validity and CRL dates; the shim installs CaseTime once, and each
// case sets its own time for its own thread only.
thread_local std::optional<time_t> case_time;

time_t CaseTime(time_t* out) {
  const time_t now = case_time ? *case_time : time(nullptr);
  if (out != nullptr) {
    *out = now;
  }
  return now;
}

// ScopedCaseTime sets this thread's verification time for one case.
class ScopedCaseTime {
 public:
  explicit ScopedCaseTime(std::optional<long long> time) {
    if (time) {
      case_time = static_cast<time_t>(*time);
    }
  }
  ~ScopedCaseTime() { case_time.reset(); }
  ScopedCaseTime(const ScopedCaseTime&) = delete;
  ScopedCaseTime& operator=(const ScopedCaseTime&) = delete;
};

struct CredentialsDeleter {
  void operator()(gnutls_certificate_credentials_t cred) const {
    gnutls_certificate_free_credentials(cred);
  }
};
struct SessionDeleter {
  void operator()(gnutls_session_t session) const { gnutls_deinit(session); }
};
struct PriorityDeleter {
  void operator()(gnutls_priority_t priority) const { gnutls_priority_deinit(priority); }
};
struct CrtDeleter {
  void operator()(gnutls_x509_crt_t crt) const { gnutls_x509_crt_deinit(crt); }
};
struct PrivkeyDeleter {
  void operator()(gnutls_x509_privkey_t key) const { gnutls_x509_privkey_deinit(key); }
};
template <typename T, typename D>
using Handle = std::unique_ptr<std::remove_pointer_t<T>, D>;

// Datum owns memory GnuTLS allocated for a gnutls_datum_t.
struct Datum {
  gnutls_datum_t value{nullptr, 0};
  ~Datum() { gnutls_free(value.data); }
  std::string str() const {
    return value.data == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(value.data), value.size);
  }
};

std::string ErrorName(int error) {
  const char* name = gnutls_strerror_name(error);
  return std::string(gnutls_strerror(error)) + " (" + (name != nullptr ? name : "?") + ")";
}

// SubjectOf returns the RFC 4514 (RFC 2253) spelling of a DER certificate's subject.
std::string SubjectOf(const gnutls_datum_t& der) {
  gnutls_x509_crt_t raw = nullptr;
  if (gnutls_x509_crt_init(&raw) < 0) {
    return "";
  }
  Handle<gnutls_x509_crt_t, CrtDeleter> crt(raw);
  Datum dn;
  if (gnutls_x509_crt_import(crt.get(), &der, GNUTLS_X509_FMT_DER) < 0 ||
      gnutls_x509_crt_get_dn3(crt.get(), &dn.value, 0) < 0) {
    return "";
  }
  return dn.str();
}

// KeyTypesOf reads the leaf of `chain` and the key `key` and returns their algorithms.
std::optional<std::pair<int, int>> KeyTypesOf(const Credentials& credentials, std::string& error) {
  Datum chain_pem, key_pem;
  if (gnutls_load_file(credentials.chain.c_str(), &chain_pem.value) < 0 ||
      gnutls_load_file(credentials.key.c_str(), &key_pem.value) < 0) {
    error = "cannot read " + credentials.chain + " or " + credentials.key;
    return std::nullopt;
  }
  gnutls_x509_crt_t raw_crt = nullptr;
  gnutls_x509_privkey_t raw_key = nullptr;
  if (gnutls_x509_crt_init(&raw_crt) < 0 || gnutls_x509_privkey_init(&raw_key) < 0) {
    gnutls_x509_crt_deinit(raw_crt);
    error = "gnutls_x509_crt_init/privkey_init failed";
    return std::nullopt;
  }
  Handle<gnutls_x509_crt_t, CrtDeleter> crt(raw_crt);
  Handle<gnutls_x509_privkey_t, PrivkeyDeleter> key(raw_key);
  // The first certificate of a PEM file is the leaf.
  if (int ret = gnutls_x509_crt_import(crt.get(), &chain_pem.value, GNUTLS_X509_FMT_PEM); ret < 0) {
    error = "gnutls_x509_crt_import " + credentials.chain + ": " + ErrorName(ret);
    return std::nullopt;
  }
  if (int ret =
          gnutls_x509_privkey_import2(key.get(), &key_pem.value, GNUTLS_X509_FMT_PEM, nullptr, 0);
      ret < 0) {
    error = "gnutls_x509_privkey_import2 " + credentials.key + ": " + ErrorName(ret);
    return std::nullopt;
  }
  return std::make_pair(gnutls_x509_crt_get_pk_algorithm(crt.get(), nullptr),
                        gnutls_x509_privkey_get_pk_algorithm(key.get()));
}

// Session runs one role of one case over one gnutls_session_t.
class Session {
 public:
  Session(int fd, const CaseRequest& request)
      : fd_(fd), request_(request), server_(request.role == Role::kServer) {}

  CaseResult Run() {
    ScopedCaseTime time(request_.verify_time);
    if (!Configure()) {
      return Finish();
    }

    const int handshake = Call("gnutls_handshake", kHandshakeTimeout, [this] {
      int ret = gnutls_handshake(session_.get());
      // A warning alert or another non-fatal event: the handshake goes on.
      while (ret < 0 && gnutls_error_is_fatal(ret) == 0 && ret != GNUTLS_E_AGAIN &&
             ret != GNUTLS_E_INTERRUPTED) {
        NoteAlertReceived(ret);
        ret = gnutls_handshake(session_.get());
      }
      return ret;
    });
    if (handshake == 0) {
      RecordNegotiated();
      result_.app_data = server_ ? AnswerPing() : SendPing();
      // close_notify once, without waiting for the peer's: the case is decided.
      (void)gnutls_bye(session_.get(), GNUTLS_SHUT_WR);
    }
    return Finish();
  }

 private:
  // Configure builds the credentials and the session; false when the case cannot run, with
  // the reason in result_ (unsupported) or in error_texts_.
  bool Configure() {
    if (server_ && request_.key_mismatch_hook) {
      // Only the client role presents the fixture's credentials.
      result_.unsupported = "key_mismatch_hook in the server role";
      return false;
    }
    PriorityOutcome priority = BuildPriority(request_.tls);
    if (priority.unsupported) {
      result_.unsupported = priority.unsupported;
      return false;
    }
    if (priority.error) {
      return Fail(*priority.error);
    }

    // 1. Credentials: own chain and key, trust, CRLs, verification profile.
    gnutls_certificate_credentials_t raw_cred = nullptr;
    if (int ret = gnutls_certificate_allocate_credentials(&raw_cred); ret < 0) {
      return Fail("gnutls_certificate_allocate_credentials", ret);
    }
    cred_.reset(raw_cred);
    if (!LoadCredentials() || !LoadTrust()) {
      return false;
    }
    if (server_ && request_.enforce) {
      // The profile goes in the priority string. Set as credentials verify flags
      // (GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_MEDIUM)), GnuTLS 3.7.9 refused a P-256,
      // ECDSA-SHA256 chain as "insecure algorithm" in the handshake, a chain that
      // `certtool --verify-profile=medium` accepts; the priority keyword behaves as documented.
      const auto profile = ProfileForRsaBits(request_.enforce->min_rsa_bits);
      if (profile) {
        priority.priority += ":" + *profile;
      }
      shim_checks_rsa_bits_ = !profile.has_value();
    }

    // 2. The session: priority, credentials, who verifies what.
    gnutls_session_t raw_session = nullptr;
    if (int ret = gnutls_init(&raw_session, server_ ? GNUTLS_SERVER : GNUTLS_CLIENT); ret < 0) {
      return Fail("gnutls_init", ret);
    }
    session_.reset(raw_session);
    gnutls_session_set_ptr(session_.get(), this);

    gnutls_priority_t raw_priority = nullptr;
    const char* error_at = nullptr;
    if (int ret = gnutls_priority_init(&raw_priority, priority.priority.c_str(), &error_at);
        ret < 0) {
      return Fail("gnutls_priority_init \"" + priority.priority + "\" at \"" +
                      (error_at != nullptr ? error_at : "") + "\"",
                  ret);
    }
    priority_.reset(raw_priority);
    if (const auto extra = ExtraSuites(priority_.get(), request_.tls); !extra.empty()) {
      // GnuTLS enables suites by key exchange x cipher x MAC; this list is not such a product.
      result_.unsupported = "cipher suite list: GnuTLS would also enable " + extra.front();
      return false;
    }
    if (int ret = gnutls_priority_set(session_.get(), priority_.get()); ret < 0) {
      return Fail("gnutls_priority_set", ret);
    }
    if (int ret = gnutls_credentials_set(session_.get(), GNUTLS_CRD_CERTIFICATE, cred_.get());
        ret < 0) {
      return Fail("gnutls_credentials_set", ret);
    }
    if (!ConfigureRole() || !ConfigureAlpn()) {
      return false;
    }
    gnutls_transport_set_int(session_.get(), fd_);
    return true;
  }

  bool LoadCredentials() {
    if (!request_.credentials) {
      return true;
    }
    const Credentials& credentials = *request_.credentials;
    if (request_.key_mismatch_hook) {
      // GnuTLS refuses a key that does not match its certificate unless told not to check
      // (GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH); it then signs CertificateVerify with the
      // given key. A key of another type than the certificate's cannot even be used to sign
      // for it: that is not the fixture's question.
      std::string error;
      const auto types = KeyTypesOf(credentials, error);
      if (!types) {
        return Fail("key_mismatch_hook: " + error);
      }
      if (types->first != types->second) {
        result_.unsupported =
            std::string("key_mismatch_hook: a ") +
            gnutls_pk_get_name(static_cast<gnutls_pk_algorithm_t>(types->second)) + " key for a " +
            gnutls_pk_get_name(static_cast<gnutls_pk_algorithm_t>(types->first)) + " certificate";
        return false;
      }
      gnutls_certificate_set_flags(cred_.get(), GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH);
    }
    // The chain file, leaf first: GnuTLS sends every certificate in it.
    if (int ret = gnutls_certificate_set_x509_key_file2(cred_.get(), credentials.chain.c_str(),
                                                        credentials.key.c_str(),
                                                        GNUTLS_X509_FMT_PEM, nullptr, 0);
        ret < 0) {
      return Fail("gnutls_certificate_set_x509_key_file2 " + credentials.chain, ret);
    }
    return true;
  }

  bool LoadTrust() {
    if (request_.trust) {
      const int loaded = gnutls_certificate_set_x509_trust_file(
          cred_.get(), request_.trust->c_str(), GNUTLS_X509_FMT_PEM);
      if (loaded <= 0) {
        return Fail("gnutls_certificate_set_x509_trust_file " + *request_.trust, loaded);
      }
    }
    if (request_.crl) {
      // GnuTLS checks every certificate of the chain against the CRLs it holds, and only
      // those: with no CRL loaded nothing is checked. PEM first, then DER.
      int loaded = gnutls_certificate_set_x509_crl_file(cred_.get(), request_.crl->c_str(),
                                                        GNUTLS_X509_FMT_PEM);
      if (loaded <= 0) {
        loaded = gnutls_certificate_set_x509_crl_file(cred_.get(), request_.crl->c_str(),
                                                      GNUTLS_X509_FMT_DER);
      }
      if (loaded <= 0) {
        return Fail("gnutls_certificate_set_x509_crl_file " + *request_.crl, loaded);
      }
    }
    return true;
  }

  bool ConfigureRole() {
    if (server_) {
      gnutls_certificate_server_set_request(session_.get(), GNUTLS_CERT_REQUIRE);
    } else if (request_.server_name) {
      if (int ret =
              gnutls_server_name_set(session_.get(), GNUTLS_NAME_DNS, request_.server_name->c_str(),
                                     request_.server_name->size());
          ret < 0) {
        return Fail("gnutls_server_name_set " + *request_.server_name, ret);
      }
    }
    gnutls_session_set_verify_function(session_.get(), VerifyPeer);
    return true;
  }

  bool ConfigureAlpn() {
    if (request_.alpn.empty()) {
      return true;
    }
    std::vector<gnutls_datum_t> protocols;
    for (const std::string& protocol : request_.alpn) {
      protocols.push_back({reinterpret_cast<unsigned char*>(const_cast<char*>(protocol.data())),
                           static_cast<unsigned>(protocol.size())});
    }
    // A server takes the first of its own list the client offered, and refuses the handshake
    // when there is none (no_application_protocol).
    const unsigned flags = server_ ? GNUTLS_ALPN_SERVER_PRECEDENCE | GNUTLS_ALPN_MANDATORY : 0;
    if (int ret = gnutls_alpn_set_protocols(session_.get(), protocols.data(),
                                            static_cast<unsigned>(protocols.size()), flags);
        ret < 0) {
      return Fail("gnutls_alpn_set_protocols", ret);
    }
    return true;
  }

  // VerifyPeer is the verification the library's gnutls_session_set_verify_cert sets up
  // (gnutls_certificate_verify_peers3: chain, validity, CRLs, key usage, and for a client the
  // host name, RFC 6125), done here so the shim knows that it ran and what it found. An
  // enforcing server then applies the rules the library has no setting for. A non-zero
  // return fails the handshake.
  static int VerifyPeer(gnutls_session_t session) {
    auto* self = static_cast<Session*>(gnutls_session_get_ptr(session));
    const char* host = !self->server_ && self->request_.server_name
                           ? self->request_.server_name->c_str()
                           : nullptr;
    unsigned status = 0;
    if (int ret = gnutls_certificate_verify_peers3(session, host, &status); ret < 0) {
      self->error_texts_.push_back("gnutls_certificate_verify_peers3: " + ErrorName(ret));
      self->errors_.push_back(ret);
      return ret;
    }
    self->verify_ran_ = true;
    self->verify_status_ = status;
    if (status != 0) {
      // What gnutls_session_set_verify_cert's own callback answers.
      return GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR;
    }
    if (!self->server_ || !self->request_.enforce) {
      return 0;
    }
    unsigned count = 0;
    const gnutls_datum_t* chain = gnutls_certificate_get_peers(session, &count);
    if (auto violation =
            CheckRules(*self->request_.enforce, self->shim_checks_rsa_bits_, chain, count)) {
      self->violation_ = std::move(violation);
      return GNUTLS_E_CERTIFICATE_ERROR;
    }
    return 0;
  }

  bool Fail(const std::string& what, int error = 0) {
    if (error < 0) {
      errors_.push_back(error);
      error_texts_.push_back(what + ": " + ErrorName(error));
    } else {
      error_texts_.push_back(what);
    }
    return false;
  }

  void NoteAlertReceived(int error) {
    if (error == GNUTLS_E_FATAL_ALERT_RECEIVED || error == GNUTLS_E_WARNING_ALERT_RECEIVED) {
      const gnutls_alert_description_t alert = gnutls_alert_get(session_.get());
      const char* level = error == GNUTLS_E_FATAL_ALERT_RECEIVED ? "fatal:" : "warning:";
      result_.alerts_received.push_back(level + AlertName(alert));
      if (error == GNUTLS_E_FATAL_ALERT_RECEIVED && !alert_received_) {
        alert_received_ = alert;
      }
    }
  }

  // SendAlertFor sends the alert GnuTLS chooses for `error` (gnutls_error_to_alert), once.
  void SendAlertFor(int error) {
    if (alert_sent_ || error == GNUTLS_E_FATAL_ALERT_RECEIVED ||
        error == GNUTLS_E_PREMATURE_TERMINATION || error == GNUTLS_E_PUSH_ERROR ||
        error == GNUTLS_E_PULL_ERROR || gnutls_error_is_fatal(error) == 0) {
      return;
    }
    int level = 0;
    const int alert = gnutls_error_to_alert(error, &level);
    if (alert < 0) {
      return;
    }
    alert_sent_ = true;
    if (gnutls_alert_send_appropriate(session_.get(), error) == 0) {
      result_.alerts_sent.push_back((level == GNUTLS_AL_FATAL ? "fatal:" : "warning:") +
                                    AlertName(alert));
    }
  }

  // Call repeats `call` until it returns >= 0, fails, or `budget` passes. The socket is
  // blocking with SO_RCVTIMEO/SO_SNDTIMEO set to the time left, so a call that waits too long
  // comes back as GNUTLS_E_AGAIN and the deadline decides. Returns the call's result or
  // kTimedOut; a failure is recorded, and answered with an alert where one is due.
  template <typename F>
  int Call(const char* name, milliseconds budget, F call) {
    const Clock::time_point deadline = Clock::now() + budget;
    for (;;) {
      const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        Fail(std::string(name) + ": timed out after " + std::to_string(budget.count()) + " ms");
        return kTimedOut;
      }
      // A failed setsockopt leaves the driver's bound in place, which still ends the call.
      (void)SetIoTimeout(fd_, left);
      const int ret = call();
      if (ret >= 0) {
        return ret;
      }
      if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED) {
        continue;
      }
      NoteAlertReceived(ret);
      Fail(name, ret);
      SendAlertFor(ret);
      return ret;
    }
  }

  void RecordNegotiated() {
    result_.handshake = true;
    result_.version = VersionName(gnutls_protocol_get_version(session_.get()));
    if (const char* suite = gnutls_ciphersuite_get(session_.get())) {
      result_.cipher = suite;
    }
    gnutls_datum_t protocol{nullptr, 0};
    if (gnutls_alpn_get_selected_protocol(session_.get(), &protocol) == 0) {
      result_.alpn = std::string(reinterpret_cast<const char*>(protocol.data), protocol.size);
    }
  }

  // AnswerPing is the server's part after the handshake: the ping in, the pong out.
  bool AnswerPing() {
    const milliseconds budget(request_.app_timeout_ms);
    std::array<char, 256> buffer{};
    const int ping = Call("gnutls_record_recv", budget, [&] {
      const ssize_t n = gnutls_record_recv(session_.get(), buffer.data(), buffer.size());
      // 0 is the peer's close_notify: no ping will come.
      return n == 0 ? GNUTLS_E_PREMATURE_TERMINATION : static_cast<int>(n);
    });
    if (ping <= 0) {
      return false;
    }
    const int pong = Call("gnutls_record_send", budget, [&] {
      return static_cast<int>(gnutls_record_send(session_.get(), kPong.data(), kPong.size()));
    });
    return pong > 0;
  }

  // SendPing is the client's part: the ping out, then the answer in. In TLS 1.3 a server's
  // rejection of the client certificate arrives only now, as an alert after the client's
  // Finished, so the read runs even when the write failed: it is what surfaces the alert.
  bool SendPing() {
    const milliseconds budget(request_.app_timeout_ms);
    Call("gnutls_record_send", budget, [&] {
      return static_cast<int>(gnutls_record_send(session_.get(), kPing.data(), kPing.size()));
    });
    std::array<char, 256> buffer{};
    const int pong = Call("gnutls_record_recv", budget, [&] {
      const ssize_t n = gnutls_record_recv(session_.get(), buffer.data(), buffer.size());
      return n == 0 ? GNUTLS_E_PREMATURE_TERMINATION : static_cast<int>(n);
    });
    return pong > 0;
  }

  CaseResult Finish() {
    if (session_ != nullptr) {
      RecordPeer();
    }
    const bool failed = !result_.handshake || !result_.app_data;
    if (failed && !result_.unsupported) {
      result_.reason = ResolveReason();
      result_.error = ErrorText();
    }
    if (violation_) {
      result_.shim_enforced = violation_->rule;
    }
    return result_;
  }

  void RecordPeer() {
    // The client's CertificateVerify scheme: the server sees the peer's, the client its own.
    const int sign = gnutls_sign_algorithm_get_client(session_.get());
    if (sign > 0) {
      result_.signature_scheme = SignatureSchemeName(static_cast<gnutls_sign_algorithm_t>(sign));
    }

    unsigned count = 0;
    const gnutls_datum_t* chain = gnutls_certificate_get_peers(session_.get(), &count);
    if (chain == nullptr || count == 0) {
      return;
    }
    PeerCertificate peer;
    for (unsigned i = 0; i < count; ++i) {
      peer.chain.push_back(SubjectOf(chain[i]));
    }
    peer.subject = peer.chain.front();
    peer.verified = verify_ran_ && verify_status_ == 0 && !violation_;
    result_.peer_certificate = std::move(peer);
  }

  Reason ResolveReason() const {
    if (verify_status_ != 0) {
      return ReasonForStatus(verify_status_);
    }
    if (violation_) {
      return ReasonForRule(violation_->rule);
    }
    if (alert_received_) {
      return ReasonForAlert(*alert_received_);
    }
    for (int error : errors_) {
      if (Reason reason = ReasonForError(error); reason != Reason::kOther) {
        return reason;
      }
    }
    return Reason::kOther;
  }

  std::string ErrorText() const {
    std::vector<std::string> parts = error_texts_;
    if (verify_status_ != 0) {
      Datum text;
      if (gnutls_certificate_verification_status_print(verify_status_, GNUTLS_CRT_X509, &text.value,
                                                       0) == 0) {
        parts.insert(parts.begin() + (parts.empty() ? 0 : 1), text.str());
      }
    }
    if (violation_) {
      parts.push_back("refused by the shim's " + violation_->rule + " rule: " + violation_->detail);
    }
    std::string joined;
    for (const std::string& part : parts) {
      joined += joined.empty() ? part : "; " + part;
    }
    return joined.empty() ? "failed without a library error" : joined;
  }

  int fd_;
  const CaseRequest& request_;
  const bool server_;
  CaseResult result_;
  std::vector<int> errors_;  // GnuTLS error codes, in the order they happened
  std::vector<std::string> error_texts_;
  std::optional<gnutls_alert_description_t> alert_received_;
  bool alert_sent_ = false;
  bool verify_ran_ = false;
  unsigned verify_status_ = 0;
  bool shim_checks_rsa_bits_ = false;
  std::optional<RuleViolation> violation_;
  // The session refers to the credentials and the priority: it is declared last, to go first.
  Handle<gnutls_certificate_credentials_t, CredentialsDeleter> cred_;
  Handle<gnutls_priority_t, PriorityDeleter> priority_;
  Handle<gnutls_session_t, SessionDeleter> session_;
};

class GnutlsBackend : public Backend {
 public:
  explicit GnutlsBackend(Capabilities capabilities) : capabilities_(std::move(capabilities)) {}

  std::string Name() const override { return "gnutls"; }
  std::string LibraryVersion() const override {
    return std::string("GnuTLS ") + gnutls_check_version(nullptr);
  }
  Capabilities GetCapabilities() const override { return capabilities_; }

  CaseResult RunServer(int fd, const CaseRequest& request) override {
    return Session(fd, request).Run();
  }
  CaseResult RunClient(int fd, const CaseRequest& request) override {
    return Session(fd, request).Run();
  }

 private:
  Capabilities capabilities_;
};

// ProbeCapabilities asks the library what this build has: the signature algorithms of its
// default priority, the public-key algorithms and ECDSA curves it lists.
Capabilities ProbeCapabilities() {
  Capabilities capabilities;
  capabilities.versions = {"tls1.2", "tls1.3"};
  capabilities.tls13_ciphersuites = true;
  capabilities.key_mismatch_hook = true;
  capabilities.crl = true;
  capabilities.alpn = true;
  capabilities.sni = true;
  capabilities.verify_time = true;
  capabilities.sign_schemes = SchemesOf("NORMAL");
  capabilities.verify_schemes = capabilities.sign_schemes;
  for (const gnutls_pk_algorithm_t* pk = gnutls_pk_list(); *pk != GNUTLS_PK_UNKNOWN; ++pk) {
    const auto name = KeyTypeName(*pk);
    const auto& listed = capabilities.key_types;
    if (name && *name != "dsa" && std::find(listed.begin(), listed.end(), *name) == listed.end()) {
      capabilities.key_types.push_back(*name);
    }
  }
  for (const gnutls_ecc_curve_t* curve = gnutls_ecc_curve_list();
       *curve != GNUTLS_ECC_CURVE_INVALID; ++curve) {
    if (auto name = CurveName(*curve)) {
      capabilities.curves.push_back(*name);
    }
  }
  capabilities.server_configs = {"defaults", "enforcing"};
  capabilities.enforcement = {{"signature_hashes", Enforcement::kShim},
                              {"public_keys", Enforcement::kShim},
                              {"min_rsa_bits", Enforcement::kLibrary},
                              {"curves", Enforcement::kShim}};
  return capabilities;
}

}  // namespace
}  // namespace gnutls

std::unique_ptr<Backend> MakeBackend() {
  gnutls_global_set_time_function(gnutls::CaseTime);
  return std::make_unique<gnutls::GnutlsBackend>(gnutls::ProbeCapabilities());
}

}  // namespace tlsconform::shim

// The TLS session code shared by the OpenSSL and BoringSSL shims.
//
// The two libraries share most of their API, so one copy of the session code is compiled into
// each shim against that shim's own headers; `#ifdef OPENSSL_IS_BORINGSSL` marks the places
// where they differ. What differs more than a line lives in the backend's own folder: its
// reason table (reasons.cc) and its key-mismatch hook (PresentMismatchedKey).
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "driver/backend.h"
#include "ossl_common/unique_ptr.h"

namespace tlsconform::shim::ossl {

// VerifyFailure is the first certificate verification error the verify callback saw.
struct VerifyFailure {
  int code = 0;   // X509_V_ERR_*
  int depth = 0;  // 0 is the peer's leaf, 1 its issuer, ...
  std::string text;
  // Set when the shim refused the certificate by an enforcing rule (enforce.h) rather than
  // the library: the rule's name and its reason, which no X509_V_ERR_* code carries.
  std::optional<std::string> shim_rule;
  std::optional<Reason> shim_reason;
};

// SessionState collects what the library reports during one case, through its callbacks and
// its error queue. It is attached to the SSL object as app data so the C callbacks find it;
// it outlives the SSL object.
struct SessionState {
  explicit SessionState(const CaseRequest& request) : role(request.role), request(request) {}

  Role role;
  const CaseRequest& request;  // the callbacks read the case's SNI, ALPN and enforce rules
  std::vector<std::string> alerts_sent;      // "fatal:bad_certificate"
  std::vector<std::string> alerts_received;  // same
  std::vector<int> alert_descriptions_received;
  std::optional<VerifyFailure> verify_failure;
  std::optional<std::string> leaf_subject;    // the peer's leaf, as the verify callback saw it
  bool leaf_passed = false;                   // the callback accepted the leaf (depth 0)
  std::optional<uint16_t> signature_scheme;   // the client's CertificateVerify, from the wire
  std::vector<unsigned long> library_errors;  // packed error-queue codes, oldest first
  std::vector<std::string> error_texts;       // for `error`: what failed, then the library's words
  bool client_offered_alpn = false;           // server: the ClientHello carried ALPN
  std::optional<std::string> server_name_received;  // server: the client's SNI host_name

  // The key the BoringSSL key-mismatch hook signs with; unused by OpenSSL.
  UniquePtr<EVP_PKEY> signing_key;
};

// StateOf returns the SessionState attached to `ssl`.
SessionState& StateOf(const SSL* ssl);

// HookOutcome is the answer of a backend's key-mismatch hook.
struct HookOutcome {
  enum class Kind { kOk, kFailed, kUnsupported };
  Kind kind = Kind::kOk;
  std::string detail;  // kFailed: what failed (the error queue says why); kUnsupported: what
};

// PresentMismatchedKey is defined by each backend: it configures `ctx` to present the chain of
// `credentials` and to sign with its key, although the key does not belong to the leaf
// (PROTOCOL.md, key_mismatch_hook). It may keep objects in `state`.
HookOutcome PresentMismatchedKey(SSL_CTX* ctx, const Credentials& credentials, SessionState& state);

// RunSession runs `request` in its role over the connected socket `fd`: the handshake, then
// ping and pong, then close_notify. Every failure is reported in the result.
CaseResult RunSession(int fd, const CaseRequest& request);

// The library callbacks RunSession installs (observer.cc).
void InfoCallback(const SSL* ssl, int where, int value);
void MessageCallback(int write_p, int version, int content_type, const void* buf, size_t len,
                     SSL* ssl, void* arg);
int VerifyCallback(int preverify_ok, X509_STORE_CTX* store_ctx);
// InstallServerCallbacks installs, on a server's context, the ClientHello observer and the
// two callbacks below.
void InstallServerCallbacks(SSL_CTX* ctx, const CaseRequest& request);
// Server only: ServerNameCallback runs once the ClientHello's extensions are parsed; it
// refuses a client whose SNI names another host (unrecognized_name) and, when the case lists
// ALPN protocols, one that offered none (no_application_protocol). AlpnSelectCallback picks
// the first protocol of the case's list that the client offered.
int ServerNameCallback(SSL* ssl, int* alert, void* arg);
int AlpnSelectCallback(SSL* ssl, const unsigned char** out, unsigned char* out_length,
                       const unsigned char* in, unsigned int in_length, void* arg);

// DrainErrors moves the thread's error queue into `state`: codes for the reason lookup, texts
// for people. The queue is empty afterwards.
void DrainErrors(SessionState& state);

// ResolveReason picks the normalized reason of a failed case (ARCHITECTURE.md): the first
// verify error, else the first library error the table knows, else the first alert received
// the table knows, else kOther.
Reason ResolveReason(const SessionState& state);

// NameToString prints a certificate name in RFC 2253 order and escaping ("CN=a,O=b").
std::string NameToString(const X509_NAME* name);

}  // namespace tlsconform::shim::ossl

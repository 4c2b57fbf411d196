// The interface between the shim driver and one TLS backend.
//
// The driver (this folder) owns the shim protocol of harness/PROTOCOL.md: it reads a `case`
// line, connects the socket, and writes the `result` line. A backend only runs one role of a
// case over an already connected socket and reports what happened in a CaseResult. Each shim
// executable links exactly one backend, whose sources define MakeBackend().
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tlsconform::shim {

// The role the backend under test plays in one case.
enum class Role { kServer, kClient };

// Reason is the normalized reason set of PROTOCOL.md. Every backend maps its library's own
// error codes to it in one table (harness/backends/<name>/reasons.cc).
enum class Reason {
  kUntrustedIssuer,
  kExpired,
  kNotYetValid,
  kBadSignature,
  kUnsupportedAlgorithm,
  kWeakKey,
  kKeyUsage,
  kRevoked,
  kKeyMismatch,
  kNoCertificate,
  kProtocol,
  kOther,
};

// ReasonName returns the protocol spelling of `reason` (`untrusted_issuer`, ...).
std::string_view ReasonName(Reason reason);

// Credentials are PEM files: `chain` holds the leaf first, then its intermediates.
struct Credentials {
  std::string chain;
  std::string key;
};

// TlsParameters are the `tls` object of a case. An empty optional is JSON null: the library's
// default stays in place.
struct TlsParameters {
  std::string version;  // "tls1.2", "tls1.3"; the driver checks it against Capabilities
  std::optional<std::string> cipher_list;   // TLS 1.2 suites, OpenSSL spelling
  std::optional<std::string> ciphersuites;  // TLS 1.3 suites
  std::optional<int> security_level;        // OpenSSL-style security level
};

// CaseRequest is one parsed `case` line. The driver has checked that every file it names
// exists before a backend sees it.
struct CaseRequest {
  std::string id;
  Role role = Role::kServer;
  std::string host;
  int port = 0;
  TlsParameters tls;
  std::optional<Credentials> credentials;  // absent: the client presents no certificate
  std::optional<std::string> trust;        // absent: an empty trust store
  std::optional<std::string> crl;
  std::optional<std::string> server_name;  // client: SNI and the host name to check
  bool key_mismatch_hook = false;
  int app_timeout_ms = 2000;
};

// PeerCertificate is the leaf the peer presented, as this side saw it.
struct PeerCertificate {
  std::string subject;    // RFC 2253 spelling, "CN=device,O=Example"
  bool verified = false;  // the chain and (client role) host name checks passed
};

// CaseResult holds every field of a `result` line except `type` and `id`, which the driver
// adds. An empty optional is written as JSON null.
struct CaseResult {
  bool handshake = false;
  bool app_data = false;
  std::optional<std::string> version;           // "tls1.2", "tls1.3"
  std::optional<std::string> cipher;            // IANA name, "TLS_AES_128_GCM_SHA256"
  std::optional<std::string> signature_scheme;  // the client's CertificateVerify, IANA name
  std::optional<PeerCertificate> peer_certificate;
  std::vector<std::string> alerts_sent;      // "fatal:bad_certificate", ...
  std::vector<std::string> alerts_received;  // same spelling
  std::optional<Reason> reason;              // set only when this side failed
  std::optional<std::string> error;          // the library's own words, for people
  std::optional<std::string> unsupported;    // what this backend cannot do for the case
};

// Capabilities are announced in the `hello` line. The driver answers `unsupported` itself for
// a case that needs a version, the key-mismatch hook or a CRL the backend lacks.
struct Capabilities {
  std::vector<std::string> versions;
  bool tls13_ciphersuites = false;  // false: `tls.ciphersuites` is ignored
  bool key_mismatch_hook = false;
  bool crl = false;
};

// Backend is one TLS library behind the shim protocol. RunServer and RunClient own nothing
// but the TLS objects they create; the driver owns `fd`, has set its timeouts, and closes it
// after the call returns. They never throw and never exit: a failed case is a CaseResult.
class Backend {
 public:
  virtual ~Backend() = default;

  virtual std::string Name() const = 0;            // "openssl"; the shim is tlsconform-shim-NAME
  virtual std::string LibraryVersion() const = 0;  // the library's own version text
  virtual Capabilities GetCapabilities() const = 0;

  virtual CaseResult RunServer(int fd, const CaseRequest& request) = 0;
  virtual CaseResult RunClient(int fd, const CaseRequest& request) = 0;
};

// MakeBackend is defined once per shim, by its backend's sources.
std::unique_ptr<Backend> MakeBackend();

}  // namespace tlsconform::shim

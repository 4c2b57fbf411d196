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
#include <utility>
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

// ServerConfig is how the server of a case is set up (the "server configuration" of
// docs/ARCHITECTURE.md): `defaults` is the trust store and "client certificate required"
// and nothing else; `enforcing` adds the profile's allow-lists (EnforcementRules) as far as
// the library's API allows.
enum class ServerConfig { kDefaults, kEnforcing };

// EnforcementRules are the allow-lists of the `aws-iot` profile that an `enforcing` server
// applies to every certificate of the client's chain (AWS-SIG-1..5, AWS-KEY-1..3). They come
// from the suite's data on each case line; a shim never hard-codes them.
struct EnforcementRules {
  // Hashes a certificate signature may use: "sha256", "sha384", "sha512".
  std::vector<std::string> signature_hashes;
  // Public-key algorithms that may sign a certificate or be certified: "rsa" (PKCS#1 v1.5),
  // "rsa-pss" (RSASSA-PSS signatures and id-RSASSA-PSS keys), "ec" (ECDSA).
  std::vector<std::string> public_keys;
  int min_rsa_bits = 0;             // 0: no minimum
  std::vector<std::string> curves;  // "P-256", "P-384", "P-521"
};

// Credentials are PEM files: `chain` holds the leaf first, then its intermediates.
struct Credentials {
  std::string chain;
  std::string key;
};

// TlsParameters are the `tls` object of a case. An empty optional is JSON null: the library's
// default stays in place.
struct TlsParameters {
  // "tls1.0", "tls1.1", "tls1.2", "tls1.3"; the driver checks it against Capabilities.
  std::string version;
  std::optional<std::string> cipher_list;   // TLS 1.2 suites, OpenSSL spelling
  std::optional<std::string> ciphersuites;  // TLS 1.3 suites
  std::optional<int> security_level;        // OpenSSL-style security level
  // Signature schemes (IANA names, "ecdsa_secp256r1_sha256"): a client offers these in
  // signature_algorithms, a server lists them in its CertificateRequest. Empty: defaults.
  std::vector<std::string> signature_schemes;
  std::vector<std::string> groups;  // key-exchange groups, IANA names ("x25519"); empty: defaults
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
  // Server role only: the server configuration, and the rules an enforcing server applies.
  ServerConfig server_config = ServerConfig::kDefaults;
  std::optional<EnforcementRules> enforce;  // set exactly when server_config is kEnforcing
  // Verify certificates as of this time (seconds since the Unix epoch) instead of now.
  std::optional<long long> verify_time;
  // ALPN protocols: a client offers them in order; a server accepts the first of its list the
  // client offered, and refuses the handshake (no_application_protocol) when none matches.
  std::vector<std::string> alpn;
};

// PeerCertificate is the leaf the peer presented, as this side saw it.
struct PeerCertificate {
  std::string subject;    // RFC 2253 spelling, "CN=device,O=Example"
  bool verified = false;  // the chain and (client role) host name checks passed
  // The subjects of every certificate the peer sent, leaf first, as received.
  std::vector<std::string> chain;
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
  std::optional<std::string> alpn;           // the negotiated ALPN protocol
  // Set when an enforcing server refused the peer by a rule the shim checked itself (in a
  // verification callback) rather than the library: the rule's name, "min_rsa_bits".
  std::optional<std::string> shim_enforced;
};

// Enforcement says, for an `enforcing` server, how a backend applies one rule of
// EnforcementRules: by the library's own configuration, by the shim in a verification
// callback, or not at all (the library's API leaves no way).
enum class Enforcement { kLibrary, kShim, kNone };

// EnforcementName returns "library", "shim" or "none".
std::string_view EnforcementName(Enforcement enforcement);

// Capabilities are announced in the `hello` line. The driver answers `unsupported` itself for
// a case that needs a version, the key-mismatch hook or a CRL the backend lacks.
struct Capabilities {
  std::vector<std::string> versions;
  bool tls13_ciphersuites = false;  // false: `tls.ciphersuites` is ignored
  bool key_mismatch_hook = false;
  bool crl = false;
  bool alpn = false;
  bool sni = false;          // a client sends server_name; a server reads it
  bool verify_time = false;  // CaseRequest::verify_time is honoured
  // Signature schemes (IANA names) the backend can sign CertificateVerify with, and can
  // verify in a peer's CertificateVerify.
  std::vector<std::string> sign_schemes;
  std::vector<std::string> verify_schemes;
  // Public-key types it can load and verify in certificates: "rsa", "rsa-pss", "ec",
  // "ed25519", "ed448", "dsa"; and the named curves ("P-256", "secp256k1", ...).
  std::vector<std::string> key_types;
  std::vector<std::string> curves;
  // The server configurations it can run; "defaults" always, "enforcing" where it can apply
  // at least one rule.
  std::vector<std::string> server_configs = {"defaults"};
  // How each EnforcementRules field ("signature_hashes", "public_keys", "min_rsa_bits",
  // "curves") is applied under `enforcing`.
  std::vector<std::pair<std::string, Enforcement>> enforcement;
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

// The Mbed TLS 2.28 backend: both roles of a case with Mbed TLS's own API (mbedtls_ssl_*,
// mbedtls_x509_*, mbedtls_pk_*), TLS 1.2 only (the 2.28 line has no usable TLS 1.3).
//
// Mbed TLS has no message or alert callback. The shim owns the socket I/O callbacks
// (mbedtls_ssl_set_bio), so it reads the alerts and the client's CertificateVerify off the
// records as they cross them; in TLS 1.2 both travel in the clear until the sender's
// ChangeCipherSpec, which is where every handshake failure of the suite happens.
#include <errno.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/md.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/version.h>
#include <mbedtls/x509.h>
#include <mbedtls/x509_crl.h>
#include <mbedtls/x509_crt.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "driver/alert_reasons.h"
#include "driver/backend.h"
#include "driver/connection.h"
#include "mbedtls/reasons.h"
#include "tlsconform/tls_names.h"

namespace tlsconform::shim {
namespace mbedtls {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kPing = "ping";
constexpr std::string_view kPong = "pong";

// RFC 5246 section 6.2.1 and 7.4: record and handshake headers, content types, alerts.
constexpr size_t kRecordHeaderLength = 5;
constexpr size_t kHandshakeHeaderLength = 4;
constexpr uint8_t kContentChangeCipherSpec = 20;
constexpr uint8_t kContentAlert = 21;
constexpr uint8_t kContentHandshake = 22;
constexpr uint8_t kCertificateVerify = 15;
constexpr int kCloseNotify = 0;
constexpr int kAlertLevelFatal = 2;

// Owned<T> holds one Mbed TLS context, initialised and freed by the library's own functions.
template <typename T, void (*Init)(T*), void (*Free)(T*)>
class Owned {
 public:
  Owned() { Init(&value_); }
  ~Owned() { Free(&value_); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  T* get() { return &value_; }

 private:
  T value_;
};

using Entropy = Owned<mbedtls_entropy_context, mbedtls_entropy_init, mbedtls_entropy_free>;
using Drbg = Owned<mbedtls_ctr_drbg_context, mbedtls_ctr_drbg_init, mbedtls_ctr_drbg_free>;
using Config = Owned<mbedtls_ssl_config, mbedtls_ssl_config_init, mbedtls_ssl_config_free>;
using Ssl = Owned<mbedtls_ssl_context, mbedtls_ssl_init, mbedtls_ssl_free>;
using Certificates = Owned<mbedtls_x509_crt, mbedtls_x509_crt_init, mbedtls_x509_crt_free>;
using Crls = Owned<mbedtls_x509_crl, mbedtls_x509_crl_init, mbedtls_x509_crl_free>;
using PrivateKey = Owned<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free>;

std::string ErrorString(int code) {
  std::array<char, 256> text{};
  mbedtls_strerror(code, text.data(), text.size());
  std::array<char, 16> hex{};
  std::snprintf(hex.data(), hex.size(), "-0x%04x", static_cast<unsigned>(-code));
  return std::string(text.data()) + " (" + hex.data() + ")";
}

// ---- Names ----

// AppendEscaped writes one attribute value the way OpenSSL's XN_FLAG_RFC2253 does, so both
// shims spell a subject alike: RFC 2253 section 2.4 escapes, bytes outside printable ASCII as
// \XX.
void AppendEscaped(std::string& out, const unsigned char* value, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    const unsigned char c = value[i];
    const bool edge_space = c == ' ' && (i == 0 || i + 1 == length);
    if (std::strchr(",+\"\\<>;", c) != nullptr && c != '\0') {
      out += '\\';
      out += static_cast<char>(c);
    } else if ((c == '#' && i == 0) || edge_space) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      std::array<char, 4> hex{};
      std::snprintf(hex.data(), hex.size(), "%02X", c);
      out += '\\';
      out += hex.data();
    } else {
      out += static_cast<char>(c);
    }
  }
}

// AttributeText is "CN=value", or for an attribute Mbed TLS has no short name for, OpenSSL's
// RFC 2253 spelling: the dotted OID and the DER of the value in hex.
std::string AttributeText(const mbedtls_x509_name& attribute) {
  std::string text;
  const char* short_name = nullptr;
  if (mbedtls_oid_get_attr_short_name(&attribute.oid, &short_name) == 0 && short_name != nullptr) {
    text = std::string(short_name) + "=";
    AppendEscaped(text, attribute.val.p, attribute.val.len);
    return text;
  }
  std::array<char, 128> oid{};
  if (mbedtls_oid_get_numeric_string(oid.data(), oid.size(), &attribute.oid) < 0) {
    return "?=?";
  }
  text = std::string(oid.data()) + "=#";
  std::vector<unsigned char> der = {static_cast<unsigned char>(attribute.val.tag)};
  const size_t length = attribute.val.len;
  if (length < 0x80) {
    der.push_back(static_cast<unsigned char>(length));
  } else {
    std::vector<unsigned char> bytes;
    for (size_t rest = length; rest != 0; rest >>= 8) {
      bytes.insert(bytes.begin(), static_cast<unsigned char>(rest & 0xff));
    }
    der.push_back(static_cast<unsigned char>(0x80 | bytes.size()));
    der.insert(der.end(), bytes.begin(), bytes.end());
  }
  der.insert(der.end(), attribute.val.p, attribute.val.p + length);
  for (const unsigned char byte : der) {
    std::array<char, 4> hex{};
    std::snprintf(hex.data(), hex.size(), "%02X", byte);
    text += hex.data();
  }
  return text;
}

// NameToString prints a distinguished name in RFC 2253 order: the last RDN of the encoding
// first. mbedtls_x509_dn_gets prints encoding order, so it cannot be used.
std::string NameToString(const mbedtls_x509_name* name) {
  std::vector<std::string> rdns;
  bool continues_rdn = false;
  for (const mbedtls_x509_name* attribute = name; attribute != nullptr;
       attribute = attribute->next) {
    if (attribute->oid.p == nullptr) {
      continue;
    }
    if (continues_rdn && !rdns.empty()) {
      rdns.back() += "+" + AttributeText(*attribute);
    } else {
      rdns.push_back(AttributeText(*attribute));
    }
    continues_rdn = attribute->next_merged != 0;
  }
  std::string text;
  for (auto rdn = rdns.rbegin(); rdn != rdns.rend(); ++rdn) {
    text += text.empty() ? *rdn : "," + *rdn;
  }
  return text;
}

std::vector<std::string> ChainSubjects(const mbedtls_x509_crt* leaf) {
  std::vector<std::string> subjects;
  for (const mbedtls_x509_crt* cert = leaf; cert != nullptr && cert->raw.p != nullptr;
       cert = cert->next) {
    subjects.push_back(NameToString(&cert->subject));
  }
  return subjects;
}

// ---- What the wire and the verify callback tell ----

// RecordWatcher follows the records of one direction and reports the alerts and handshake
// messages that are still in the clear (before that direction's ChangeCipherSpec).
class RecordWatcher {
 public:
  using AlertSink = std::function<void(int level, int description)>;
  using MessageSink = std::function<void(uint8_t type, const uint8_t* body, size_t length)>;

  RecordWatcher(AlertSink on_alert, MessageSink on_message)
      : on_alert_(std::move(on_alert)), on_message_(std::move(on_message)) {}

  void Feed(const unsigned char* data, size_t length) {
    pending_.insert(pending_.end(), data, data + length);
    while (pending_.size() >= kRecordHeaderLength) {
      const size_t body_length = (size_t{pending_[3]} << 8) | pending_[4];
      if (pending_.size() < kRecordHeaderLength + body_length) {
        return;
      }
      Record(pending_[0], pending_.data() + kRecordHeaderLength, body_length);
      pending_.erase(pending_.begin(),
                     pending_.begin() + static_cast<long>(kRecordHeaderLength + body_length));
    }
  }

 private:
  void Record(uint8_t type, const uint8_t* body, size_t length) {
    if (type == kContentChangeCipherSpec) {
      encrypted_ = true;
      return;
    }
    if (encrypted_) {
      return;
    }
    if (type == kContentAlert) {
      for (size_t i = 0; i + 1 < length; i += 2) {
        on_alert_(body[i], body[i + 1]);
      }
    } else if (type == kContentHandshake) {
      handshake_.insert(handshake_.end(), body, body + length);
      while (handshake_.size() >= kHandshakeHeaderLength) {
        const size_t message_length =
            (size_t{handshake_[1]} << 16) | (size_t{handshake_[2]} << 8) | handshake_[3];
        if (handshake_.size() < kHandshakeHeaderLength + message_length) {
          return;
        }
        on_message_(handshake_[0], handshake_.data() + kHandshakeHeaderLength, message_length);
        handshake_.erase(
            handshake_.begin(),
            handshake_.begin() + static_cast<long>(kHandshakeHeaderLength + message_length));
      }
    }
  }

  AlertSink on_alert_;
  MessageSink on_message_;
  std::vector<uint8_t> pending_;    // an incomplete record
  std::vector<uint8_t> handshake_;  // an incomplete handshake message
  bool encrypted_ = false;
};

// VerifyFailure is one certificate the library (or the shim's enforcement) found fault with.
struct VerifyFailure {
  int depth = 0;
  uint32_t flags = 0;
};

// SessionState is what the I/O and verify callbacks report during one case.
struct SessionState {
  SessionState(int fd, const CaseRequest& request)
      : fd(fd),
        request(request),
        outgoing([this](int level, int description) { Alert(alerts_sent, level, description); },
                 [this](uint8_t type, const uint8_t* body, size_t length) {
                   if (this->request.role == Role::kClient) {
                     Message(type, body, length);
                   }
                 }),
        incoming(
            [this](int level, int description) {
              Alert(alerts_received, level, description);
              if (description != kCloseNotify) {
                alert_descriptions_received.push_back(description);
              }
            },
            [this](uint8_t type, const uint8_t* body, size_t length) {
              if (this->request.role == Role::kServer) {
                Message(type, body, length);
              }
            }) {}

  static void Alert(std::vector<std::string>& list, int level, int description) {
    // close_notify ends every successful case; it is closure, not an alert worth reporting.
    if (description == kCloseNotify) {
      return;
    }
    list.push_back(std::string(level == kAlertLevelFatal ? "fatal:" : "warning:") +
                   AlertName(description));
  }

  // Message takes the scheme off the client's CertificateVerify (RFC 5246 section 7.4.8: the
  // body starts with the 2-byte SignatureAndHashAlgorithm), seen by the server as it arrives
  // and by the client as it leaves, so it is known even when the signature then fails.
  void Message(uint8_t type, const uint8_t* body, size_t length) {
    if (type == kCertificateVerify && length >= 2) {
      signature_scheme = static_cast<uint16_t>((body[0] << 8) | body[1]);
    }
  }

  int fd;
  const CaseRequest& request;
  RecordWatcher outgoing;
  RecordWatcher incoming;
  int system_error = 0;  // errno of the last failed send or recv

  std::vector<std::string> alerts_sent;
  std::vector<std::string> alerts_received;
  std::vector<int> alert_descriptions_received;
  std::optional<uint16_t> signature_scheme;

  // The verify callback's view of the peer's chain.
  std::optional<std::string> leaf_subject;
  std::vector<std::string> chain;
  uint32_t verify_flags = 0;  // every certificate's flags, ORed
  std::vector<VerifyFailure> verify_failures;

  int error_code = 0;                    // the first failing library call's return code
  std::vector<std::string> error_texts;  // what failed, for `error`
  std::vector<std::string> notes;        // what did not fail but explains a failure
};

int Send(void* context, const unsigned char* data, size_t length) {
  auto& state = *static_cast<SessionState*>(context);
  const ssize_t sent = send(state.fd, data, length, MSG_NOSIGNAL);
  if (sent < 0) {
    state.system_error = errno;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
      return MBEDTLS_ERR_SSL_WANT_WRITE;
    }
    return errno == EPIPE || errno == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET
                                                 : MBEDTLS_ERR_NET_SEND_FAILED;
  }
  state.outgoing.Feed(data, static_cast<size_t>(sent));
  return static_cast<int>(sent);
}

int Receive(void* context, unsigned char* data, size_t length) {
  auto& state = *static_cast<SessionState*>(context);
  const ssize_t received = recv(state.fd, data, length, 0);
  if (received < 0) {
    state.system_error = errno;
    // SO_RCVTIMEO ran out (connection.h): "would block", and the session's deadline decides.
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
      return MBEDTLS_ERR_SSL_WANT_READ;
    }
    return errno == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_RECV_FAILED;
  }
  state.incoming.Feed(data, static_cast<size_t>(received));
  return static_cast<int>(received);  // 0: the peer closed, which Mbed TLS reports as EOF
}

// Verify sees each certificate of the verified chain, the top first, with the library's
// flags. The library's decision stands: the shim observes, it never changes the flags.
int Verify(void* context, mbedtls_x509_crt* cert, int depth, uint32_t* flags) {
  auto& state = *static_cast<SessionState*>(context);
  if (depth == 0) {
    // The leaf heads the list of certificates the peer sent, in the order it sent them.
    state.leaf_subject = NameToString(&cert->subject);
    state.chain = ChainSubjects(cert);
  }
  state.verify_flags |= *flags;
  if (*flags != 0) {
    state.verify_failures.push_back({depth, *flags});
  }
  return 0;
}

// ---- Translating the case's settings ----

int MinorVersion(const std::string& version) {
  if (version == "tls1.2") {
    return MBEDTLS_SSL_MINOR_VERSION_3;
  }
  return -1;
}

std::string VersionName(const char* mbedtls_name) {
  const std::string_view name = mbedtls_name != nullptr ? mbedtls_name : "";
  if (name == "TLSv1.2") {
    return "tls1.2";
  }
  if (name == "TLSv1.1") {
    return "tls1.1";
  }
  if (name == "TLSv1.0") {
    return "tls1.0";
  }
  return std::string(name);
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(separator, start), text.size());
    if (end > start) {
      parts.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return parts;
}

// Ciphersuites translates OpenSSL names through IANA names to Mbed TLS's ids (Mbed TLS
// spells a suite as its IANA name with '-' for '_'). Suites the library lacks are left out,
// as OpenSSL's own cipher-list setter does; a name the table does not know is an error.
std::optional<std::vector<int>> Ciphersuites(const std::string& cipher_list, std::string& error) {
  std::vector<int> ids;
  for (const std::string& name : Split(cipher_list, ':')) {
    std::string iana = IanaCipherSuiteName(name);
    if (iana.empty()) {
      error = "cipher_list: no IANA name known for " + name;
      return std::nullopt;
    }
    std::replace(iana.begin(), iana.end(), '_', '-');
    if (const int id = mbedtls_ssl_get_ciphersuite_id(iana.c_str()); id != 0) {
      ids.push_back(id);
    }
  }
  if (ids.empty()) {
    error = "cipher_list: Mbed TLS has none of \"" + cipher_list + "\"";
    return std::nullopt;
  }
  ids.push_back(0);
  return ids;
}

mbedtls_md_type_t HashByName(std::string_view name) {
  constexpr std::pair<std::string_view, mbedtls_md_type_t> kHashes[] = {
      {"md5", MBEDTLS_MD_MD5},       {"sha1", MBEDTLS_MD_SHA1},     {"sha224", MBEDTLS_MD_SHA224},
      {"sha256", MBEDTLS_MD_SHA256}, {"sha384", MBEDTLS_MD_SHA384}, {"sha512", MBEDTLS_MD_SHA512},
  };
  for (const auto& [hash, type] : kHashes) {
    if (hash == name) {
      return type;
    }
  }
  return MBEDTLS_MD_NONE;
}

// SignatureHashes: Mbed TLS 2.28's TLS 1.2 signature_algorithms is a list of hashes, each
// offered with both RSA (PKCS#1 v1.5) and ECDSA (mbedtls_ssl_conf_sig_hashes). A list of
// schemes it can express is one that names, for each hash, both of them; anything else (an
// RSA-PSS scheme, one of a pair) it cannot send exactly, and the case is unsupported.
std::optional<std::vector<int>> SignatureHashes(const std::vector<std::string>& schemes,
                                                std::string& unsupported) {
  std::vector<int> hashes;
  for (const std::string& scheme : schemes) {
    std::string hash;
    std::string partner;
    if (scheme.rfind("rsa_pkcs1_", 0) == 0) {
      hash = scheme.substr(std::strlen("rsa_pkcs1_"));
    } else if (scheme.rfind("ecdsa_", 0) == 0) {
      hash = scheme.substr(scheme.rfind('_') + 1);
    }
    const mbedtls_md_type_t type = HashByName(hash);
    if (type == MBEDTLS_MD_NONE) {
      unsupported = "signature_schemes: " + scheme +
                    " (Mbed TLS 2.28 offers RSA PKCS#1 v1.5 and "
                    "ECDSA schemes only)";
      return std::nullopt;
    }
    if (std::find(hashes.begin(), hashes.end(), type) == hashes.end()) {
      hashes.push_back(type);
    }
  }
  // Every hash must come with both algorithms, or the library would offer more than asked.
  for (const int hash : hashes) {
    const mbedtls_md_info_t* info = mbedtls_md_info_from_type(static_cast<mbedtls_md_type_t>(hash));
    const std::string name = info != nullptr ? mbedtls_md_get_name(info) : "?";
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool rsa =
        std::find(schemes.begin(), schemes.end(), "rsa_pkcs1_" + lower) != schemes.end();
    const bool ecdsa = std::any_of(schemes.begin(), schemes.end(), [&](const std::string& s) {
      return s.rfind("ecdsa_", 0) == 0 && s.substr(s.rfind('_') + 1) == lower;
    });
    if (!rsa || !ecdsa) {
      unsupported = "signature_schemes: " + lower +
                    " with one algorithm only (Mbed TLS 2.28 offers each hash with RSA and ECDSA)";
      return std::nullopt;
    }
  }
  hashes.push_back(MBEDTLS_MD_NONE);
  return hashes;
}

// Groups translates IANA group names; Mbed TLS uses the same names for its curves.
std::optional<std::vector<mbedtls_ecp_group_id>> Groups(const std::vector<std::string>& names,
                                                        std::string& unsupported) {
  std::vector<mbedtls_ecp_group_id> groups;
  for (const std::string& name : names) {
    const mbedtls_ecp_curve_info* info = mbedtls_ecp_curve_info_from_name(name.c_str());
    if (info == nullptr) {
      unsupported = "groups: " + name;
      return std::nullopt;
    }
    groups.push_back(info->grp_id);
  }
  groups.push_back(MBEDTLS_ECP_DP_NONE);
  return groups;
}

// CurveByName maps the profile's curve names to Mbed TLS's groups.
mbedtls_ecp_group_id CurveByName(std::string_view name) {
  constexpr std::pair<std::string_view, const char*> kAliases[] = {
      {"P-192", "secp192r1"}, {"P-224", "secp224r1"}, {"P-256", "secp256r1"},
      {"P-384", "secp384r1"}, {"P-521", "secp521r1"},
  };
  std::string mbedtls_name(name);
  for (const auto& [alias, curve] : kAliases) {
    if (alias == name) {
      mbedtls_name = curve;
    }
  }
  const mbedtls_ecp_curve_info* info = mbedtls_ecp_curve_info_from_name(mbedtls_name.c_str());
  return info != nullptr ? info->grp_id : MBEDTLS_ECP_DP_NONE;
}

// Profile turns the case's enforcement rules into Mbed TLS's certificate profile, which the
// library applies to every certificate of the chain it verifies: allowed_mds and allowed_pks
// to each certificate's signature and to the leaf's key type (an issuer's key type shows in
// the algorithm of the signature it made), allowed_curves and rsa_min_bitlen to every key. A name
// Mbed TLS has no identifier for allows nothing it could verify, so it adds nothing.
mbedtls_x509_crt_profile Profile(const EnforcementRules& rules) {
  mbedtls_x509_crt_profile profile{};
  for (const std::string& hash : rules.signature_hashes) {
    if (const mbedtls_md_type_t type = HashByName(hash); type != MBEDTLS_MD_NONE) {
      profile.allowed_mds |= MBEDTLS_X509_ID_FLAG(type);
    }
  }
  for (const std::string& key : rules.public_keys) {
    if (key == "rsa") {
      profile.allowed_pks |= MBEDTLS_X509_ID_FLAG(MBEDTLS_PK_RSA);
    } else if (key == "rsa-pss") {
      profile.allowed_pks |= MBEDTLS_X509_ID_FLAG(MBEDTLS_PK_RSASSA_PSS);
    } else if (key == "ec") {
      profile.allowed_pks |=
          MBEDTLS_X509_ID_FLAG(MBEDTLS_PK_ECDSA) | MBEDTLS_X509_ID_FLAG(MBEDTLS_PK_ECKEY);
    }
  }
  for (const std::string& curve : rules.curves) {
    if (const mbedtls_ecp_group_id id = CurveByName(curve); id != MBEDTLS_ECP_DP_NONE) {
      profile.allowed_curves |= MBEDTLS_X509_ID_FLAG(id);
    }
  }
  profile.rsa_min_bitlen = static_cast<uint32_t>(std::max(rules.min_rsa_bits, 0));
  return profile;
}

// ---- One session ----

class Session {
 public:
  Session(int fd, const CaseRequest& request) : request_(request), state_(fd, request) {}

  CaseResult Run() {
    if (Configure()) {
      const bool handshake = Call("mbedtls_ssl_handshake", kHandshakeTimeout,
                                  [this] { return mbedtls_ssl_handshake(ssl_.get()); }) == 0;
      if (handshake) {
        RecordNegotiated();
        result_.app_data = request_.role == Role::kServer ? AnswerPing() : SendPing();
        // close_notify once, without waiting for the peer's; a peer that already left makes
        // it fail, which does not change the verdict.
        (void)mbedtls_ssl_close_notify(ssl_.get());
      }
    }
    return Finish();
  }

 private:
  // Failed records that configuration step `what` failed with `code` (0: not a library call).
  bool Failed(const std::string& what, int code = 0) {
    if (state_.error_code == 0 && code != 0) {
      state_.error_code = code;
    }
    state_.error_texts.push_back(code != 0 ? what + ": " + ErrorString(code) : what);
    return false;
  }

  bool Unsupported(std::string what) {
    result_.unsupported = std::move(what);
    return false;
  }

  bool Configure() {
    const bool server = request_.role == Role::kServer;
    if (request_.tls.security_level) {
      return Unsupported("security_level");  // Mbed TLS has no security levels
    }
    if (server && request_.key_mismatch_hook) {
      return Unsupported("key_mismatch_hook in the server role");
    }
    const int minor = MinorVersion(request_.tls.version);
    if (minor < 0) {
      return Unsupported("version " + request_.tls.version);
    }

    // 1. Randomness: CTR_DRBG seeded from the platform's entropy, one per session so that the
    //    two roles of a unit test's pair share no state across threads.
    constexpr std::string_view kPersonalization = "tlsconform-shim-mbedtls";
    if (const int ret =
            mbedtls_ctr_drbg_seed(drbg_.get(), mbedtls_entropy_func, entropy_.get(),
                                  reinterpret_cast<const unsigned char*>(kPersonalization.data()),
                                  kPersonalization.size());
        ret != 0) {
      return Failed("mbedtls_ctr_drbg_seed", ret);
    }

    mbedtls_ssl_config* conf = config_.get();
    if (const int ret = mbedtls_ssl_config_defaults(
            conf, server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
            MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
        ret != 0) {
      return Failed("mbedtls_ssl_config_defaults", ret);
    }
    mbedtls_ssl_conf_rng(conf, mbedtls_ctr_drbg_random, drbg_.get());

    // 2. The one version of the case, on both ends.
    mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, minor);
    mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, minor);

    // 3. The security policy's suites, signature schemes and groups. The library keeps
    //    pointers to these lists, which live in the session.
    if (request_.tls.cipher_list) {
      std::string error;
      std::optional<std::vector<int>> ids = Ciphersuites(*request_.tls.cipher_list, error);
      if (!ids) {
        return Failed(error);
      }
      ciphersuites_ = std::move(*ids);
      mbedtls_ssl_conf_ciphersuites(conf, ciphersuites_.data());
    }
    if (!request_.tls.signature_schemes.empty()) {
      std::string unsupported;
      std::optional<std::vector<int>> hashes =
          SignatureHashes(request_.tls.signature_schemes, unsupported);
      if (!hashes) {
        return Unsupported(unsupported);
      }
      signature_hashes_ = std::move(*hashes);
      mbedtls_ssl_conf_sig_hashes(conf, signature_hashes_.data());
    }
    if (!request_.tls.groups.empty()) {
      std::string unsupported;
      std::optional<std::vector<mbedtls_ecp_group_id>> groups =
          Groups(request_.tls.groups, unsupported);
      if (!groups) {
        return Unsupported(unsupported);
      }
      groups_ = std::move(*groups);
      mbedtls_ssl_conf_curves(conf, groups_.data());
    }
    if (!request_.alpn.empty()) {
      for (const std::string& protocol : request_.alpn) {
        alpn_.push_back(protocol.c_str());
      }
      alpn_.push_back(nullptr);
      if (const int ret = mbedtls_ssl_conf_alpn_protocols(conf, alpn_.data()); ret != 0) {
        return Failed("mbedtls_ssl_conf_alpn_protocols", ret);
      }
    }

    // 4. Credentials, 5. trust, 6. the enforcing profile.
    if (!LoadCredentials() || !LoadTrust()) {
      return false;
    }
    if (server && request_.enforce) {
      profile_ = Profile(*request_.enforce);
      mbedtls_ssl_conf_cert_profile(conf, &profile_);
    }
    // Both roles require and verify the peer's certificate.
    mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_verify(conf, Verify, &state_);

    if (const int ret = mbedtls_ssl_setup(ssl_.get(), conf); ret != 0) {
      return Failed("mbedtls_ssl_setup", ret);
    }
    // The client sends the name as SNI, and the library checks it against the server's
    // certificate: mbedtls_ssl_set_hostname sets both.
    if (!server && request_.server_name) {
      if (const int ret = mbedtls_ssl_set_hostname(ssl_.get(), request_.server_name->c_str());
          ret != 0) {
        return Failed("mbedtls_ssl_set_hostname " + *request_.server_name, ret);
      }
    }
    mbedtls_ssl_set_bio(ssl_.get(), &state_, Send, Receive, nullptr);
    return true;
  }

  // ParseCertificates loads every certificate of a PEM file. Mbed TLS skips a certificate it
  // cannot parse and says how many it skipped: for credentials that is a failure (the peer
  // would get an incomplete chain), for trust a note (those anchors are simply absent).
  bool ParseCertificates(mbedtls_x509_crt* certs, const std::string& what, const std::string& path,
                         bool skipped_is_failure) {
    const int ret = mbedtls_x509_crt_parse_file(certs, path.c_str());
    if (ret < 0) {
      return Failed(what + ": mbedtls_x509_crt_parse_file " + path, ret);
    }
    if (ret > 0) {
      const std::string text =
          what + ": Mbed TLS could not parse " + std::to_string(ret) + " certificate(s) of " + path;
      if (skipped_is_failure) {
        return Failed(text);
      }
      state_.notes.push_back(text);
    }
    return true;
  }

  bool LoadCredentials() {
    if (!request_.credentials) {
      return true;
    }
    const Credentials& credentials = *request_.credentials;
    // The chain file, not the leaf alone, so that the intermediates are sent.
    if (!ParseCertificates(own_chain_.get(), "credentials.chain", credentials.chain, true)) {
      return false;
    }
    if (const int ret = mbedtls_pk_parse_keyfile(own_key_.get(), credentials.key.c_str(), nullptr);
        ret != 0) {
      return Failed("mbedtls_pk_parse_keyfile " + credentials.key, ret);
    }
    // The key-mismatch hook needs nothing special: mbedtls_ssl_conf_own_cert does not check
    // that the key belongs to the certificate, so the wrong key of the fixture signs
    // CertificateVerify as given. Only a key of another type is refused: Mbed TLS picks the
    // CertificateVerify algorithm from the key, so the peer would see an algorithm that
    // contradicts the certificate rather than a signature that fails.
    const mbedtls_pk_type_t certified = mbedtls_pk_get_type(&own_chain_.get()->pk);
    const mbedtls_pk_type_t key = mbedtls_pk_get_type(own_key_.get());
    if (request_.key_mismatch_hook && certified != key) {
      return Unsupported(std::string("key_mismatch_hook: a ") +
                         mbedtls_pk_get_name(own_key_.get()) + " key for a " +
                         mbedtls_pk_get_name(&own_chain_.get()->pk) + " certificate");
    }
    if (const int ret = mbedtls_ssl_conf_own_cert(config_.get(), own_chain_.get(), own_key_.get());
        ret != 0) {
      return Failed("mbedtls_ssl_conf_own_cert", ret);
    }
    return true;
  }

  bool LoadTrust() {
    if (request_.trust && !ParseCertificates(trust_.get(), "trust", *request_.trust, false)) {
      return false;
    }
    // CRL checking is on exactly when CRLs are given: Mbed TLS checks each certificate against
    // the CRLs of its issuer that it holds, and has no "CRL required" mode.
    mbedtls_x509_crl* crl = nullptr;
    if (request_.crl) {
      if (const int ret = mbedtls_x509_crl_parse_file(crls_.get(), request_.crl->c_str());
          ret != 0) {
        return Failed("crl: mbedtls_x509_crl_parse_file " + *request_.crl, ret);
      }
      crl = crls_.get();
    }
    mbedtls_ssl_conf_ca_chain(config_.get(), trust_.get(), crl);
    return true;
  }

  // Call repeats `call` until it returns anything but "want read/write", or the budget is
  // spent. The socket is blocking with SO_RCVTIMEO/SO_SNDTIMEO set to the time left, so a
  // call that waits too long comes back as "want read" and the deadline decides. Returns the
  // call's result, or MBEDTLS_ERR_SSL_TIMEOUT.
  template <typename F>
  int Call(const char* name, milliseconds budget, F call) {
    const Clock::time_point deadline = Clock::now() + budget;
    for (;;) {
      const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        Failed(std::string(name) + ": timed out after " + std::to_string(budget.count()) + " ms");
        if (state_.error_code == 0) {
          state_.error_code = MBEDTLS_ERR_SSL_TIMEOUT;
        }
        return MBEDTLS_ERR_SSL_TIMEOUT;
      }
      // A failed setsockopt leaves the previous bound in place, which still ends the call.
      (void)SetIoTimeout(state_.fd, left);
      state_.system_error = 0;
      const int ret = call();
      if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
        continue;
      }
      if (ret < 0) {
        std::string what = name;
        if ((ret == MBEDTLS_ERR_NET_SEND_FAILED || ret == MBEDTLS_ERR_NET_RECV_FAILED ||
             ret == MBEDTLS_ERR_NET_CONN_RESET) &&
            state_.system_error != 0) {
          what += std::string(" (") + std::strerror(state_.system_error) + ")";
        }
        Failed(what, ret);
      }
      return ret;
    }
  }

  void RecordNegotiated() {
    result_.handshake = true;
    result_.version = VersionName(mbedtls_ssl_get_version(ssl_.get()));
    if (const char* suite = mbedtls_ssl_get_ciphersuite(ssl_.get())) {
      std::string name = suite;  // "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256"
      std::replace(name.begin(), name.end(), '-', '_');
      result_.cipher = name;
    }
    if (const char* protocol = mbedtls_ssl_get_alpn_protocol(ssl_.get())) {
      result_.alpn = protocol;
    }
  }

  bool AnswerPing() {
    const milliseconds budget(request_.app_timeout_ms);
    std::array<unsigned char, 256> buffer{};
    if (Call("mbedtls_ssl_read", budget,
             [&] { return mbedtls_ssl_read(ssl_.get(), buffer.data(), buffer.size()); }) <= 0) {
      return false;
    }
    return Write(kPong, budget);
  }

  // SendPing: the ping out, then the answer in. The read runs even when the write failed: a
  // rejection that arrives as an alert after the handshake is what the read surfaces.
  bool SendPing() {
    const milliseconds budget(request_.app_timeout_ms);
    Write(kPing, budget);
    std::array<unsigned char, 256> buffer{};
    return Call("mbedtls_ssl_read", budget,
                [&] { return mbedtls_ssl_read(ssl_.get(), buffer.data(), buffer.size()); }) > 0;
  }

  bool Write(std::string_view text, milliseconds budget) {
    return Call("mbedtls_ssl_write", budget, [&] {
             return mbedtls_ssl_write(
                 ssl_.get(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
           }) > 0;
  }

  CaseResult Finish() {
    AddLateVerifyFlags();
    result_.alerts_sent = state_.alerts_sent;
    result_.alerts_received = state_.alerts_received;
    if (state_.signature_scheme) {
      result_.signature_scheme = SignatureSchemeName(*state_.signature_scheme);
    }
    RecordPeerCertificate();

    const bool failed = !result_.handshake || !result_.app_data;
    if (failed && !result_.unsupported) {
      result_.reason = ResolveReason();
      result_.error = ErrorText();
    }
    return result_;
  }

  // AddLateVerifyFlags takes the flags the library sets on the leaf after the verify callback
  // ran: the key usage checks for the peer's role (mbedtls_ssl_check_cert_usage) and the
  // curve of an EC leaf against the configured groups. mbedtls_ssl_get_verify_result reports
  // them during a failed handshake too (the session being negotiated), and all ones when no
  // session was set up.
  void AddLateVerifyFlags() {
    const uint32_t flags = mbedtls_ssl_get_verify_result(ssl_.get());
    if (flags == UINT32_MAX || !state_.leaf_subject) {
      return;
    }
    if (const uint32_t late = flags & ~state_.verify_flags; late != 0) {
      state_.verify_flags |= late;
      state_.verify_failures.push_back({0, late});
    }
  }

  void RecordPeerCertificate() {
    std::optional<std::string> subject = state_.leaf_subject;
    std::vector<std::string> chain = state_.chain;
    if (result_.handshake) {
      if (const mbedtls_x509_crt* peer = mbedtls_ssl_get_peer_cert(ssl_.get())) {
        subject = NameToString(&peer->subject);
        chain = ChainSubjects(peer);
      }
    }
    if (!subject) {
      return;
    }
    bool verified = state_.verify_flags == 0;
    if (result_.handshake) {
      verified = verified && mbedtls_ssl_get_verify_result(ssl_.get()) == 0;
    }
    result_.peer_certificate = PeerCertificate{*subject, verified, chain};
  }

  // ResolveReason: the verification flags first, then the failing call's return code, then
  // the first alert received that says why, else `other`.
  Reason ResolveReason() const {
    if (const Reason reason = ReasonForVerifyFlags(state_.verify_flags); reason != Reason::kOther) {
      return reason;
    }
    if (const Reason reason = ReasonForError(state_.error_code); reason != Reason::kOther) {
      return reason;
    }
    for (const int description : state_.alert_descriptions_received) {
      if (const Reason reason = ReasonForAlert(description); reason != Reason::kOther) {
        return reason;
      }
    }
    return Reason::kOther;
  }

  std::string ErrorText() const {
    std::vector<std::string> parts;
    if (!state_.error_texts.empty()) {
      parts.push_back(state_.error_texts.front());
    }
    for (const VerifyFailure& failure : state_.verify_failures) {
      std::array<char, 512> info{};
      const int length = mbedtls_x509_crt_verify_info(info.data(), info.size(), "", failure.flags);
      std::string text = length > 0 ? std::string(info.data(), static_cast<size_t>(length)) : "";
      std::replace(text.begin(), text.end(), '\n', ';');
      while (!text.empty() && (text.back() == ';' || text.back() == ' ')) {
        text.pop_back();
      }
      parts.push_back("certificate verification failed at depth " + std::to_string(failure.depth) +
                      ": " + text);
    }
    for (size_t i = 1; i < state_.error_texts.size(); ++i) {
      parts.push_back(state_.error_texts[i]);
    }
    parts.insert(parts.end(), state_.notes.begin(), state_.notes.end());
    std::string text;
    for (const std::string& part : parts) {
      text += text.empty() ? part : "; " + part;
    }
    return text.empty() ? "failed without a library error" : text;
  }

  const CaseRequest& request_;
  SessionState state_;
  // The library keeps pointers into everything below; the SSL context goes first.
  Entropy entropy_;
  Drbg drbg_;
  Certificates own_chain_;
  PrivateKey own_key_;
  Certificates trust_;
  Crls crls_;
  mbedtls_x509_crt_profile profile_{};
  std::vector<int> ciphersuites_;
  std::vector<int> signature_hashes_;
  std::vector<mbedtls_ecp_group_id> groups_;
  std::vector<const char*> alpn_;
  Config config_;
  Ssl ssl_;
  CaseResult result_;
};

class MbedtlsBackend : public Backend {
 public:
  std::string Name() const override { return "mbedtls"; }

  std::string LibraryVersion() const override {
    std::array<char, 32> version{};  // the function writes at most 18 bytes
    mbedtls_version_get_string_full(version.data());
    return version.data();
  }

  Capabilities GetCapabilities() const override {
    Capabilities capabilities;
    // TLS 1.0 and 1.1 are compiled into Debian's build as well; the shim pins TLS 1.2 only
    // (README.md).
    capabilities.versions = {"tls1.2"};
    capabilities.tls13_ciphersuites = false;
    capabilities.key_mismatch_hook = true;
    capabilities.crl = true;
    capabilities.alpn = true;
    capabilities.sni = true;
    capabilities.verify_time = false;  // 2.28 verifies against the clock only (README.md)
    // A 2.28 client signs CertificateVerify with the suite's PRF hash (SHA-256, or SHA-384
    // for SHA-384 suites); a server accepts the hashes of its signature_algorithms list
    // (SHA-512, SHA-384, SHA-256 and SHA-224 by default). RSA is PKCS#1 v1.5 only: 2.28 has
    // no RSA-PSS in TLS 1.2. In TLS 1.2 an ECDSA scheme does not bind a curve.
    capabilities.sign_schemes = {"rsa_pkcs1_sha256", "rsa_pkcs1_sha384", "ecdsa_secp256r1_sha256",
                                 "ecdsa_secp384r1_sha384"};
    capabilities.verify_schemes = {"rsa_pkcs1_sha256",       "rsa_pkcs1_sha384",
                                   "rsa_pkcs1_sha512",       "ecdsa_secp256r1_sha256",
                                   "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512"};
    // RSASSA-PSS certificate signatures verify (MBEDTLS_X509_RSASSA_PSS_SUPPORT), but 2.28
    // cannot parse an id-RSASSA-PSS public key, so "rsa-pss" is not a key type it loads.
    capabilities.key_types = {"rsa", "ec"};
    capabilities.curves = {"P-192",           "P-224",           "P-256",          "P-384",
                           "P-521",           "secp192k1",       "secp224k1",      "secp256k1",
                           "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1"};
    capabilities.server_configs = {"defaults", "enforcing"};
    capabilities.enforcement = {{"signature_hashes", Enforcement::kLibrary},
                                {"public_keys", Enforcement::kLibrary},
                                {"min_rsa_bits", Enforcement::kLibrary},
                                {"curves", Enforcement::kLibrary}};
    return capabilities;
  }

  CaseResult RunServer(int fd, const CaseRequest& request) override {
    return Session(fd, request).Run();
  }
  CaseResult RunClient(int fd, const CaseRequest& request) override {
    return Session(fd, request).Run();
  }
};

}  // namespace
}  // namespace mbedtls

std::unique_ptr<Backend> MakeBackend() { return std::make_unique<mbedtls::MbedtlsBackend>(); }

}  // namespace tlsconform::shim

// The wolfSSL backend: both roles of a case with wolfSSL's native API (wolfSSL_CTX_*,
// wolfSSL_*, wolfCrypt's wc_*), linked with libwolfssl only. What the library cannot do is
// listed in README.md beside this file.
// clang-format off
#include <wolfssl/options.h>  // first: how Debian built the library; the headers depend on it
// clang-format on
#include <wolfssl/error-ssl.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "driver/backend.h"
#include "driver/connection.h"
#include "tlsconform/tls_names.h"
#include "wolfssl_reasons.h"

namespace tlsconform::shim {
namespace wolfssl {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kPing = "ping";
constexpr std::string_view kPong = "pong";
constexpr int kCloseNotify = 0;
constexpr int kAlertLevelFatal = 2;
// RFC 8446 section 4: a handshake message starts with its 1-byte type and 3-byte length.
constexpr int kHandshakeHeaderLength = 4;
constexpr uint8_t kCertificateVerify = 15;
constexpr int kContentTypeHandshake = 22;

struct CtxDeleter {
  void operator()(WOLFSSL_CTX* ctx) const { wolfSSL_CTX_free(ctx); }
};
struct SslDeleter {
  void operator()(WOLFSSL* ssl) const { wolfSSL_free(ssl); }
};
struct X509Deleter {
  void operator()(WOLFSSL_X509* x509) const { wolfSSL_X509_free(x509); }
};
using CtxPtr = std::unique_ptr<WOLFSSL_CTX, CtxDeleter>;
using SslPtr = std::unique_ptr<WOLFSSL, SslDeleter>;
using X509Ptr = std::unique_ptr<WOLFSSL_X509, X509Deleter>;

// VerifyFailure is the first certificate verification error the verify callback saw.
struct VerifyFailure {
  int code = 0;   // a wolfSSL error code (< 0) or an X509_V_ERR_* flag (> 0)
  int depth = 0;  // 0 is the peer's leaf
  std::string text;
};

// SessionState is what the library reports during one case. It is attached to the WOLFSSL
// object as app data so the C callbacks find it, and outlives that object.
struct SessionState {
  explicit SessionState(const CaseRequest& request) : request(request) {}

  const CaseRequest& request;
  std::optional<VerifyFailure> verify_failure;
  std::optional<std::string> leaf_subject;   // the peer's leaf, as the verify callback saw it
  bool leaf_passed = false;                  // the callback accepted the leaf (depth 0)
  std::optional<uint16_t> signature_scheme;  // the client's CertificateVerify, from the wire
  std::optional<std::string> shim_enforced;  // the enforcing rule the shim refused by
  std::vector<int> library_errors;           // wolfSSL error codes, oldest first
  std::vector<std::string> error_texts;      // what failed, then the library's words
};

SessionState& StateOf(const WOLFSSL* ssl) {
  return *static_cast<SessionState*>(wolfSSL_get_app_data(ssl));
}

// ErrorString: the library's words for a wolfSSL error code (< 0) or an X509_V_ERR_* flag.
std::string ErrorString(int code) {
  if (code > 0) {
    const char* text = wolfSSL_X509_verify_cert_error_string(code);
    return text != nullptr ? text : "verify error " + std::to_string(code);
  }
  std::array<char, WOLFSSL_MAX_ERROR_SZ> text{};
  wolfSSL_ERR_error_string_n(static_cast<unsigned long>(code), text.data(), text.size());
  return text.data();
}

// DrainErrors empties the thread's error queue into `state`. wolfSSL fills it in its
// OpenSSL-compatible build; the code wolfSSL_get_error returns is recorded separately.
void DrainErrors(SessionState& state) {
  for (unsigned long code = wolfSSL_ERR_get_error(); code != 0; code = wolfSSL_ERR_get_error()) {
    std::array<char, WOLFSSL_MAX_ERROR_SZ> text{};
    wolfSSL_ERR_error_string_n(code, text.data(), text.size());
    state.error_texts.emplace_back(text.data());
  }
}

// --- Names -----------------------------------------------------------------------------

// EscapeRfc2253 escapes one attribute value as RFC 2253 section 2.4 says, and bytes outside
// printable ASCII as \XX, the way OpenSSL's XN_FLAG_RFC2253 prints them (the OpenSSL shim's
// spelling is the project's).
std::string EscapeRfc2253(std::string_view value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    const bool special = std::strchr(",+\"\\<>;", c) != nullptr && c != '\0';
    const bool edge = (i == 0 && (c == '#' || c == ' ')) || (i + 1 == value.size() && c == ' ');
    if (c < 0x20 || c >= 0x7f) {
      std::array<char, 4> hex{};
      std::snprintf(hex.data(), hex.size(), "\\%02X", c);
      out += hex.data();
    } else {
      if (special || edge) {
        out += '\\';
      }
      out += static_cast<char>(c);
    }
  }
  return out;
}

// NameToString prints a certificate name in RFC 2253 order (the last RDN first) and escaping,
// "CN=a,O=b". Built entry by entry: wolfSSL's own printer does not reverse the order.
std::string NameToString(WOLFSSL_X509_NAME* name) {
  if (name == nullptr) {
    return "";
  }
  std::string out;
  for (int i = wolfSSL_X509_NAME_entry_count(name) - 1; i >= 0; --i) {
    WOLFSSL_X509_NAME_ENTRY* entry = wolfSSL_X509_NAME_get_entry(name, i);
    WOLFSSL_ASN1_STRING* data =
        entry == nullptr ? nullptr : wolfSSL_X509_NAME_ENTRY_get_data(entry);
    if (data == nullptr) {
      continue;
    }
    const char* short_name =
        wolfSSL_OBJ_nid2sn(wolfSSL_OBJ_obj2nid(wolfSSL_X509_NAME_ENTRY_get_object(entry)));
    const auto* bytes = wolfSSL_ASN1_STRING_data(data);
    const int length = wolfSSL_ASN1_STRING_length(data);
    std::string value = bytes != nullptr && length > 0
                            ? std::string(reinterpret_cast<const char*>(bytes), length)
                            : std::string();
    if (!out.empty()) {
      out += ',';
    }
    out += short_name != nullptr ? short_name : "UNDEF";
    out += '=';
    out += EscapeRfc2253(value);
  }
  return out;
}

// --- Certificate facts for the enforcing configuration ----------------------------------

// DerElement is one TLV of a DER encoding.
struct DerElement {
  uint8_t tag = 0;
  const uint8_t* body = nullptr;
  size_t length = 0;
  size_t total = 0;  // header and body
};

std::optional<DerElement> ReadDer(const uint8_t* data, size_t size) {
  if (size < 2) {
    return std::nullopt;
  }
  DerElement element;
  element.tag = data[0];
  size_t header = 2;
  size_t length = data[1];
  if ((length & 0x80) != 0) {
    const size_t octets = length & 0x7f;
    if (octets == 0 || octets > 4 || size < 2 + octets) {
      return std::nullopt;
    }
    length = 0;
    for (size_t i = 0; i < octets; ++i) {
      length = (length << 8) | data[2 + i];
    }
    header += octets;
  }
  if (size - header < length) {
    return std::nullopt;
  }
  element.body = data + header;
  element.length = length;
  element.total = header + length;
  return element;
}

// PssHash returns the hash ("sha256", ...) of an RSASSA-PSS certificate signature, from the
// signatureAlgorithm parameters (RFC 4055 section 3.1: [0] hashAlgorithm, SHA-1 when absent).
// wolfSSL's X509 API reports the algorithm (CTC_RSASSAPSS) but not its hash.
std::optional<std::string> PssHash(WOLFSSL_X509* cert) {
  int der_size = 0;
  const unsigned char* der = wolfSSL_X509_get_der(cert, &der_size);
  if (der == nullptr || der_size <= 0) {
    return std::nullopt;
  }
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  auto certificate = ReadDer(der, static_cast<size_t>(der_size));
  if (!certificate) {
    return std::nullopt;
  }
  auto tbs = ReadDer(certificate->body, certificate->length);
  if (!tbs) {
    return std::nullopt;
  }
  auto algorithm = ReadDer(certificate->body + tbs->total, certificate->length - tbs->total);
  if (!algorithm) {
    return std::nullopt;
  }
  auto oid = ReadDer(algorithm->body, algorithm->length);
  if (!oid || oid->total == algorithm->length) {
    return "sha1";  // no parameters: every default, SHA-1
  }
  auto params = ReadDer(algorithm->body + oid->total, algorithm->length - oid->total);
  if (!params || params->length == 0) {
    return "sha1";
  }
  auto first = ReadDer(params->body, params->length);
  if (!first || first->tag != 0xa0) {
    return "sha1";
  }
  auto hash_algorithm = ReadDer(first->body, first->length);
  auto hash_oid =
      hash_algorithm ? ReadDer(hash_algorithm->body, hash_algorithm->length) : std::nullopt;
  if (!hash_oid) {
    return std::nullopt;
  }
  // id-sha256/384/512 are 2.16.840.1.101.3.4.2.1/2/3; id-sha1 is 1.3.14.3.2.26.
  constexpr uint8_t kNistHash[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02};
  constexpr uint8_t kSha1[] = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
  const std::basic_string_view<uint8_t> value(hash_oid->body, hash_oid->length);
  if (value.size() == sizeof(kNistHash) + 1 &&
      value.substr(0, sizeof(kNistHash)) ==
          std::basic_string_view<uint8_t>(kNistHash, sizeof(kNistHash))) {
    switch (value.back()) {
      case 1:
        return "sha256";
      case 2:
        return "sha384";
      case 3:
        return "sha512";
      case 4:
        return "sha224";
      default:
        return std::nullopt;
    }
  }
  if (value == std::basic_string_view<uint8_t>(kSha1, sizeof(kSha1))) {
    return "sha1";
  }
  return std::nullopt;
}

// SignatureOf says which public-key algorithm and hash signed `cert`, in the spelling of
// EnforcementRules ("rsa"/"rsa-pss"/"ec", "sha256"); empty strings for what it cannot tell.
std::pair<std::string, std::string> SignatureOf(WOLFSSL_X509* cert) {
  switch (wolfSSL_X509_get_signature_type(cert)) {
    case CTC_MD5wRSA:
      return {"rsa", "md5"};
    case CTC_SHAwRSA:
      return {"rsa", "sha1"};
    case CTC_SHA224wRSA:
      return {"rsa", "sha224"};
    case CTC_SHA256wRSA:
      return {"rsa", "sha256"};
    case CTC_SHA384wRSA:
      return {"rsa", "sha384"};
    case CTC_SHA512wRSA:
      return {"rsa", "sha512"};
    case CTC_SHAwECDSA:
      return {"ec", "sha1"};
    case CTC_SHA224wECDSA:
      return {"ec", "sha224"};
    case CTC_SHA256wECDSA:
      return {"ec", "sha256"};
    case CTC_SHA384wECDSA:
      return {"ec", "sha384"};
    case CTC_SHA512wECDSA:
      return {"ec", "sha512"};
    case CTC_RSASSAPSS:
      return {"rsa-pss", PssHash(cert).value_or("")};
    case CTC_ED25519:
      return {"ed25519", ""};
    case CTC_ED448:
      return {"ed448", ""};
    default:
      return {"", ""};
  }
}

// PublicKeyOf names the certified key's algorithm ("rsa", "rsa-pss", "ec", ...) and, for EC,
// its curve ("P-256"), read with wolfCrypt from the SubjectPublicKeyInfo.
std::pair<std::string, std::string> PublicKeyOf(WOLFSSL_X509* cert) {
  const int type = wolfSSL_X509_get_pubkey_type(cert);
  if (type == RSAk) {
    return {"rsa", ""};
  }
  if (type == RSAPSSk) {
    return {"rsa-pss", ""};
  }
  if (type == ED25519k) {
    return {"ed25519", ""};
  }
  if (type == ED448k) {
    return {"ed448", ""};
  }
  if (type != ECDSAk) {
    return {"", ""};
  }
  int size = 0;
  if (wolfSSL_X509_get_pubkey_buffer(cert, nullptr, &size) != WOLFSSL_SUCCESS || size <= 0) {
    return {"ec", ""};
  }
  std::vector<unsigned char> spki(static_cast<size_t>(size));
  if (wolfSSL_X509_get_pubkey_buffer(cert, spki.data(), &size) != WOLFSSL_SUCCESS) {
    return {"ec", ""};
  }
  ecc_key key;
  if (wc_ecc_init(&key) != 0) {
    return {"ec", ""};
  }
  word32 index = 0;
  std::string curve;
  if (wc_EccPublicKeyDecode(spki.data(), &index, &key, static_cast<word32>(size)) == 0 &&
      key.dp != nullptr) {
    switch (key.dp->id) {
      case ECC_SECP256R1:
        curve = "P-256";
        break;
      case ECC_SECP384R1:
        curve = "P-384";
        break;
      case ECC_SECP521R1:
        curve = "P-521";
        break;
      default: {
        const char* name = wc_ecc_get_name(key.dp->id);
        curve = name != nullptr ? name : "unknown curve";
      }
    }
  }
  wc_ecc_free(&key);
  return {"ec", curve};
}

bool Allowed(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// ShimRuleBroken checks the rules the library has no setting for (README.md) against one
// certificate of the peer's chain: the rule's name and why, or nothing.
std::optional<std::pair<std::string, std::string>> ShimRuleBroken(const EnforcementRules& rules,
                                                                  WOLFSSL_X509* cert) {
  const auto [sign_algorithm, hash] = SignatureOf(cert);
  const auto [key_algorithm, curve] = PublicKeyOf(cert);
  if (!Allowed(rules.public_keys, sign_algorithm)) {
    return std::pair{"public_keys", "signed with " + sign_algorithm};
  }
  if (!Allowed(rules.public_keys, key_algorithm)) {
    return std::pair{"public_keys", "certifies a " + key_algorithm + " key"};
  }
  if (!Allowed(rules.signature_hashes, hash)) {
    return std::pair{"signature_hashes", "signed with hash " + (hash.empty() ? "?" : hash)};
  }
  if (key_algorithm == "ec" && !Allowed(rules.curves, curve)) {
    return std::pair{"curves", "a key on curve " + curve};
  }
  return std::nullopt;
}

// KeyFileType returns the algorithm (wolfCrypt's key OID sum: RSAk, ECDSAk, ...) of the PEM
// private key in `path`, as wolfCrypt's PEM decoder reports it.
std::optional<int> KeyFileType(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return std::nullopt;
  }
  std::string pem;
  std::array<char, 4096> chunk{};
  for (size_t n; (n = std::fread(chunk.data(), 1, chunk.size(), file)) > 0;) {
    pem.append(chunk.data(), n);
  }
  std::fclose(file);
  DerBuffer* der = nullptr;
  int format = 0;
  const int ret =
      wc_PemToDer(reinterpret_cast<const unsigned char*>(pem.data()), static_cast<long>(pem.size()),
                  PRIVATEKEY_TYPE, &der, nullptr, nullptr, &format);
  wc_FreeDer(&der);
  if (ret != 0) {
    return std::nullopt;
  }
  return format;
}

// LoadCrlFile loads the CRL file at `path`, PEM or DER, into the context's certificate manager.
// WOLFSSL_SUCCESS, or wolfSSL's error code.
int LoadCrlFile(WOLFSSL_CTX* ctx, const std::string& path) {
  const int pem = wolfSSL_CTX_LoadCRLFile(ctx, path.c_str(), WOLFSSL_FILETYPE_PEM);
  if (pem == WOLFSSL_SUCCESS || pem == ASN_CRL_NO_SIGNER_E) {
    return pem;
  }
  const int der = wolfSSL_CTX_LoadCRLFile(ctx, path.c_str(), WOLFSSL_FILETYPE_ASN1);
  return der == WOLFSSL_SUCCESS ? der : pem;
}

// DeferredCrl is a CRL to load during this thread's handshake (Session::LoadTrust).
struct DeferredCrl {
  WOLFSSL_CTX* ctx = nullptr;
  std::string path;
  bool tried = false;
};
thread_local DeferredCrl deferred_crl;

// LoadDeferredCrl is wolfSSL's CRL I/O callback: it found no CRL for a certificate of the
// chain, and asks for one (the URL is the certificate's distribution point, unused: the case
// names its CRL). 0 makes wolfSSL look again; a negative value leaves the CRL missing.
int LoadDeferredCrl(WOLFSSL_CRL* /*crl*/, const char* /*url*/, int /*url_size*/) {
  if (deferred_crl.ctx == nullptr || deferred_crl.tried) {
    return -1;
  }
  deferred_crl.tried = true;
  return LoadCrlFile(deferred_crl.ctx, deferred_crl.path) == WOLFSSL_SUCCESS ? 0 : -1;
}

// --- Callbacks -------------------------------------------------------------------------

// VerifyCallback sees every certificate of the peer's chain (the build has
// WOLFSSL_ALWAYS_VERIFY_CB and WOLFSSL_VERIFY_CB_ALL_CERTS), root side first, the leaf last.
// It records what the library decided, and refuses by itself only for verify_time and the
// enforcing rules the library cannot apply.
int VerifyCallback(int preverify_ok, WOLFSSL_X509_STORE_CTX* store) {
  auto* ssl = static_cast<WOLFSSL*>(
      wolfSSL_X509_STORE_CTX_get_ex_data(store, wolfSSL_get_ex_data_X509_STORE_CTX_idx()));
  if (ssl == nullptr || wolfSSL_get_app_data(ssl) == nullptr) {
    return preverify_ok;
  }
  SessionState& state = StateOf(ssl);
  const int depth = wolfSSL_X509_STORE_CTX_get_error_depth(store);
  WOLFSSL_X509* cert = wolfSSL_X509_STORE_CTX_get_current_cert(store);
  int der_size = 0;
  if (preverify_ok != 0 &&
      (cert == nullptr || wolfSSL_X509_get_der(cert, &der_size) == nullptr || der_size <= 0)) {
    // A TLS 1.2 server also calls back for an empty Certificate message, with an empty
    // certificate: nothing was presented, so there is nothing to record.
    return preverify_ok;
  }
  if (depth == 0 && cert != nullptr) {
    state.leaf_subject = NameToString(wolfSSL_X509_get_subject_name(cert));
  }

  int ok = preverify_ok;
  int code = wolfSSL_X509_STORE_CTX_get_error(store);
  std::string text = ok == 0 ? ErrorString(code) : "";

  const CaseRequest& request = state.request;
  if (ok != 0 && cert != nullptr && request.enforce) {
    if (auto broken = ShimRuleBroken(*request.enforce, cert)) {
      ok = 0;
      code = X509_V_ERR_APPLICATION_VERIFICATION;
      text = "enforcing rule " + broken->first + " (shim): the certificate is " + broken->second;
      state.shim_enforced = broken->first;
    }
  }
  if (ok == 0 && !state.verify_failure) {
    state.verify_failure = VerifyFailure{code, depth, text};
  }
  if (ok != 0 && depth == 0) {
    state.leaf_passed = true;
  }
  return ok;
}

// MessageCallback reads the signature scheme off the client's CertificateVerify (RFC 8446
// section 4.4.3, RFC 5246 section 7.4.8: the body starts with the 2-byte scheme).
void MessageCallback(int write_p, int /*version*/, int content_type, const void* buf, size_t len,
                     WOLFSSL* ssl, void* /*arg*/) {
  if (content_type != kContentTypeHandshake || len < kHandshakeHeaderLength + 2 ||
      wolfSSL_get_app_data(ssl) == nullptr) {
    return;
  }
  const auto* bytes = static_cast<const uint8_t*>(buf);
  if (bytes[0] != kCertificateVerify) {
    return;
  }
  SessionState& state = StateOf(ssl);
  const bool from_client = state.request.role == Role::kClient ? write_p != 0 : write_p == 0;
  if (from_client) {
    state.signature_scheme = static_cast<uint16_t>((bytes[kHandshakeHeaderLength] << 8) |
                                                   bytes[kHandshakeHeaderLength + 1]);
  }
}

// --- Configuration ---------------------------------------------------------------------

WOLFSSL_METHOD* MethodFor(Role role, const std::string& version) {
  const bool server = role == Role::kServer;
  if (version == "tls1.2") {
    return server ? wolfTLSv1_2_server_method() : wolfTLSv1_2_client_method();
  }
  if (version == "tls1.3") {
    return server ? wolfTLSv1_3_server_method() : wolfTLSv1_3_client_method();
  }
  return nullptr;
}

// WolfSuiteList translates a colon-separated list of suite names (IANA or OpenSSL spelling)
// into wolfSSL's own names, through the code points. A name the project's table or the
// library does not know is left out, as OpenSSL's list setter leaves out names it lacks.
std::string WolfSuiteList(const std::string& names) {
  std::string out;
  size_t start = 0;
  while (start <= names.size()) {
    size_t end = names.find(':', start);
    if (end == std::string::npos) {
      end = names.size();
    }
    const std::string name = names.substr(start, end - start);
    start = end + 1;
    const std::optional<uint16_t> code = CipherSuiteCode(name);
    if (!code) {
      continue;
    }
    const char* wolf_name = wolfSSL_get_cipher_name_from_suite(
        static_cast<unsigned char>(*code >> 8), static_cast<unsigned char>(*code & 0xff));
    if (wolf_name == nullptr || std::strcmp(wolf_name, "None") == 0) {
      continue;
    }
    out += out.empty() ? wolf_name : std::string(":") + wolf_name;
  }
  return out;
}

// The signature schemes wolfSSL's list setter can name ("ALG+HASH", wolfSSL_set1_sigalgs_list).
constexpr std::pair<const char*, const char*> kSigAlgs[] = {
    {"ecdsa_secp256r1_sha256", "ECDSA+SHA256"},
    {"ecdsa_secp384r1_sha384", "ECDSA+SHA384"},
    {"ecdsa_secp521r1_sha512", "ECDSA+SHA512"},
    {"rsa_pss_rsae_sha256", "RSA-PSS+SHA256"},
    {"rsa_pss_rsae_sha384", "RSA-PSS+SHA384"},
    {"rsa_pss_rsae_sha512", "RSA-PSS+SHA512"},
    {"rsa_pkcs1_sha256", "RSA+SHA256"},
    {"rsa_pkcs1_sha384", "RSA+SHA384"},
    {"rsa_pkcs1_sha512", "RSA+SHA512"},
    {"ed25519", "ED25519"},
    {"ed448", "ED448"},
};

// The key-exchange groups, by their IANA names; wolfSSL's ids are the registry's code points.
constexpr std::pair<const char*, int> kGroups[] = {
    {"secp256r1", WOLFSSL_ECC_SECP256R1}, {"secp384r1", WOLFSSL_ECC_SECP384R1},
    {"secp521r1", WOLFSSL_ECC_SECP521R1}, {"x25519", WOLFSSL_ECC_X25519},
    {"x448", WOLFSSL_ECC_X448},           {"ffdhe2048", WOLFSSL_FFDHE_2048},
    {"ffdhe3072", WOLFSSL_FFDHE_3072},
};

template <typename Value, size_t N>
std::optional<Value> Find(const std::pair<const char*, Value> (&table)[N], const std::string& key) {
  for (const auto& [name, value] : table) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

// --- The session -----------------------------------------------------------------------

struct IoOutcome {
  bool ok = false;
  bool timed_out = false;
  int error = 0;  // wolfSSL_get_error
  int system_error = 0;
};

class Session {
 public:
  Session(int fd, const CaseRequest& request) : fd_(fd), request_(request), state_(request) {}

  ~Session() { deferred_crl = DeferredCrl{}; }

  CaseResult Run() {
    wolfSSL_ERR_clear_error();
    if (Configure()) {
      const bool server = request_.role == Role::kServer;
      const IoOutcome handshake =
          Call(server ? "wolfSSL_accept" : "wolfSSL_connect", kHandshakeTimeout,
               [&] { return server ? wolfSSL_accept(ssl_.get()) : wolfSSL_connect(ssl_.get()); });
      if (handshake.ok) {
        RecordNegotiated();
        result_.app_data = server ? AnswerPing() : SendPing();
        Close();
      }
    }
    return Finish();
  }

 private:
  bool Fail(const std::string& what) {
    state_.error_texts.push_back(what);
    DrainErrors(state_);
    return false;
  }

  bool Unsupported(const std::string& what) {
    result_.unsupported = what;
    return false;
  }

  bool Configure() {
    const bool server = request_.role == Role::kServer;
    if (server && request_.key_mismatch_hook) {
      return Unsupported("key_mismatch_hook in the server role");
    }
    if (request_.tls.security_level) {
      // wolfSSL has no security levels; its limits are build options and the minimum key
      // size setters the enforcing configuration uses.
      return Unsupported("security_level");
    }
    WOLFSSL_METHOD* method = MethodFor(request_.role, request_.tls.version);
    if (method == nullptr) {
      return Unsupported("version " + request_.tls.version);
    }
    ctx_.reset(wolfSSL_CTX_new(method));
    if (ctx_ == nullptr) {
      return Fail("wolfSSL_CTX_new");
    }
    return ConfigureSuites() && ConfigureEnforcement() && LoadCredentials() && LoadTrust() &&
           NewSsl();
  }

  // 1. The security policy's suites: the list of the pinned version, in wolfSSL's names.
  bool ConfigureSuites() {
    const std::optional<std::string>& names =
        request_.tls.version == "tls1.3" ? request_.tls.ciphersuites : request_.tls.cipher_list;
    if (names) {
      const std::string list = WolfSuiteList(*names);
      if (list.empty() ||
          wolfSSL_CTX_set_cipher_list(ctx_.get(), list.c_str()) != WOLFSSL_SUCCESS) {
        return Fail("wolfSSL_CTX_set_cipher_list \"" + *names + "\" (wolfSSL: \"" + list + "\")");
      }
    }
    if (!request_.tls.groups.empty()) {
      std::vector<int> groups;
      for (const std::string& group : request_.tls.groups) {
        const std::optional<int> id = Find(kGroups, group);
        if (!id) {
          return Unsupported("group " + group);
        }
        groups.push_back(*id);
      }
      // wolfSSL_CTX_set_groups is TLS 1.3's (key shares); TLS 1.2 lists supported_groups.
      if (request_.tls.version == "tls1.3") {
        if (wolfSSL_CTX_set_groups(ctx_.get(), groups.data(), static_cast<int>(groups.size())) !=
            WOLFSSL_SUCCESS) {
          return Fail("wolfSSL_CTX_set_groups");
        }
      } else {
        for (const int id : groups) {
          if (wolfSSL_CTX_UseSupportedCurve(ctx_.get(), static_cast<word16>(id)) !=
              WOLFSSL_SUCCESS) {
            return Fail("wolfSSL_CTX_UseSupportedCurve " + std::to_string(id));
          }
        }
      }
    }
    return true;
  }

  // 2. Enforcing server: the library's minimum RSA key size, before the trust store is
  //    loaded (wolfSSL applies it to every certificate it parses: trust anchors, the peer's
  //    intermediates and leaf). The other rules are the verify callback's.
  bool ConfigureEnforcement() {
    if (request_.role != Role::kServer || !request_.enforce ||
        request_.enforce->min_rsa_bits <= 0) {
      return true;
    }
    const int bits = request_.enforce->min_rsa_bits;
    if (bits > SHRT_MAX ||
        wolfSSL_CTX_SetMinRsaKey_Sz(ctx_.get(), static_cast<short>(bits)) != WOLFSSL_SUCCESS) {
      return Fail("wolfSSL_CTX_SetMinRsaKey_Sz " + std::to_string(bits));
    }
    return true;
  }

  // 3. Credentials: the chain file (leaf, then intermediates) and the key. wolfSSL does not
  //    check that the key belongs to the leaf when it loads them, so the key-mismatch hook
  //    only has to make sure the two are of the same type (README.md).
  bool LoadCredentials() {
    if (!request_.credentials) {
      return true;
    }
    const Credentials& credentials = *request_.credentials;
    if (wolfSSL_CTX_use_certificate_chain_file(ctx_.get(), credentials.chain.c_str()) !=
        WOLFSSL_SUCCESS) {
      return Fail("wolfSSL_CTX_use_certificate_chain_file " + credentials.chain);
    }
    if (wolfSSL_CTX_use_PrivateKey_file(ctx_.get(), credentials.key.c_str(),
                                        WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS) {
      return Fail("wolfSSL_CTX_use_PrivateKey_file " + credentials.key);
    }
    if (request_.key_mismatch_hook) {
      return CheckMismatchedKeyType(credentials);
    }
    return true;
  }

  // CheckMismatchedKeyType: a key of another type than the leaf's would make wolfSSL pick a
  // signature scheme the certificate cannot stand for; that is not the fixture's question.
  bool CheckMismatchedKeyType(const Credentials& credentials) {
    X509Ptr leaf(
        wolfSSL_X509_load_certificate_file(credentials.chain.c_str(), WOLFSSL_FILETYPE_PEM));
    const std::optional<int> key_type = KeyFileType(credentials.key);
    if (leaf == nullptr || !key_type) {
      return Fail("key_mismatch_hook: read " + credentials.chain + " and " + credentials.key);
    }
    const int leaf_type = wolfSSL_X509_get_pubkey_type(leaf.get());
    if (leaf_type != *key_type || (leaf_type != RSAk && leaf_type != ECDSAk)) {
      return Unsupported("key_mismatch_hook: a key of type " + std::to_string(*key_type) +
                         " for a certificate key of type " + std::to_string(leaf_type) +
                         " (wolfCrypt key OIDs)");
    }
    return true;
  }

  // 4. Trust, CRL, the peer's certificate required (server) and verified (both).
  bool LoadTrust() {
    if (request_.trust && wolfSSL_CTX_load_verify_locations(ctx_.get(), request_.trust->c_str(),
                                                            nullptr) != WOLFSSL_SUCCESS) {
      return Fail("wolfSSL_CTX_load_verify_locations " + *request_.trust);
    }
    if (request_.crl) {
      // The leaf only (no WOLFSSL_CRL_CHECKALL): the fixture set issues CRLs for device
      // certificates.
      if (wolfSSL_CTX_EnableCRL(ctx_.get(), WOLFSSL_CRL_CHECK) != WOLFSSL_SUCCESS) {
        return Fail("wolfSSL_CTX_EnableCRL");
      }
      // wolfSSL checks a CRL's signature when it loads it, against the CAs it holds then. A
      // CRL issued by an intermediate that only the client sends cannot be loaded now
      // (ASN_CRL_NO_SIGNER_E); wolfSSL's CRL I/O callback loads it during the handshake,
      // when wolfSSL finds no CRL for the certificate and holds the chain's intermediates.
      const int loaded = LoadCrlFile(ctx_.get(), *request_.crl);
      if (loaded == ASN_CRL_NO_SIGNER_E) {
        deferred_crl = DeferredCrl{ctx_.get(), *request_.crl, false};
        if (wolfSSL_CTX_SetCRL_IOCb(ctx_.get(), LoadDeferredCrl) != WOLFSSL_SUCCESS) {
          return Fail("wolfSSL_CTX_SetCRL_IOCb");
        }
        wolfSSL_ERR_clear_error();  // the failed first load is not this case's failure
      } else if (loaded != WOLFSSL_SUCCESS) {
        return Fail("wolfSSL_CTX_LoadCRLFile " + *request_.crl + ": " + ErrorString(loaded));
      }
    }
    const int mode = request_.role == Role::kServer
                         ? WOLFSSL_VERIFY_PEER | WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT
                         : WOLFSSL_VERIFY_PEER;
    wolfSSL_CTX_set_verify(ctx_.get(), mode, VerifyCallback);
    return true;
  }

  // 5. The session: socket, observers, SNI and name check, ALPN.
  bool NewSsl() {
    ssl_.reset(wolfSSL_new(ctx_.get()));
    if (ssl_ == nullptr) {
      return Fail("wolfSSL_new");
    }
    if (wolfSSL_set_app_data(ssl_.get(), &state_) != WOLFSSL_SUCCESS) {
      return Fail("wolfSSL_set_app_data");
    }
    if (wolfSSL_set_fd(ssl_.get(), fd_) != WOLFSSL_SUCCESS) {
      return Fail("wolfSSL_set_fd");
    }
    if (wolfSSL_set_msg_callback(ssl_.get(), MessageCallback) != WOLFSSL_SUCCESS) {
      return Fail("wolfSSL_set_msg_callback");
    }
    // The signature schemes on the session, after the credentials: wolfSSL rebuilds a
    // context's suites, and with them its list, when a key is loaded.
    if (!request_.tls.signature_schemes.empty()) {
      std::string list;
      for (const std::string& scheme : request_.tls.signature_schemes) {
        const std::optional<const char*> name = Find(kSigAlgs, scheme);
        if (!name) {
          return Unsupported("signature scheme " + scheme);
        }
        list += list.empty() ? *name : std::string(":") + *name;
      }
      if (wolfSSL_set1_sigalgs_list(ssl_.get(), list.c_str()) != WOLFSSL_SUCCESS) {
        return Fail("wolfSSL_set1_sigalgs_list \"" + list + "\"");
      }
    }
    if (request_.role == Role::kClient && request_.server_name) {
      const std::string& name = *request_.server_name;
      if (wolfSSL_UseSNI(ssl_.get(), WOLFSSL_SNI_HOST_NAME, name.data(),
                         static_cast<unsigned short>(name.size())) != WOLFSSL_SUCCESS) {
        return Fail("wolfSSL_UseSNI " + name);
      }
      if (wolfSSL_check_domain_name(ssl_.get(), name.c_str()) != WOLFSSL_SUCCESS) {
        return Fail("wolfSSL_check_domain_name " + name);
      }
    }
    if (!request_.alpn.empty()) {
      // wolfSSL takes the protocols as one comma-separated string; FAILED_ON_MISMATCH makes
      // a server refuse a client that offers none of them (no_application_protocol).
      std::string list;
      for (const std::string& protocol : request_.alpn) {
        list += list.empty() ? protocol : "," + protocol;
      }
      if (wolfSSL_UseALPN(ssl_.get(), list.data(), static_cast<unsigned int>(list.size()),
                          WOLFSSL_ALPN_FAILED_ON_MISMATCH) != WOLFSSL_SUCCESS) {
        return Fail("wolfSSL_UseALPN " + list);
      }
    }
    return true;
  }

  // Call repeats `call` until it succeeds, fails, or `budget` has passed. The socket is
  // blocking with SO_RCVTIMEO/SO_SNDTIMEO set to the time left, so a call that waits too long
  // comes back as "want read/write" and the deadline decides.
  template <typename F>
  IoOutcome Call(const char* name, milliseconds budget, F call) {
    const auto deadline = Clock::now() + budget;
    IoOutcome outcome;
    for (;;) {
      const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        outcome.timed_out = true;
        break;
      }
      (void)SetIoTimeout(fd_, left);
      errno = 0;
      const int ret = call();
      outcome.system_error = errno;
      if (ret > 0) {
        outcome.ok = true;
        return outcome;
      }
      outcome.error = wolfSSL_get_error(ssl_.get(), ret);
      if (outcome.error != WOLFSSL_ERROR_WANT_READ && outcome.error != WOLFSSL_ERROR_WANT_WRITE) {
        break;
      }
    }
    std::string what = std::string(name) + ": ";
    if (outcome.timed_out) {
      what += "timed out after " + std::to_string(budget.count()) + " ms";
    } else if (outcome.error == WOLFSSL_ERROR_ZERO_RETURN) {
      what += "the peer closed the connection (close_notify)";
    } else {
      what += ErrorString(outcome.error) + " (" + std::to_string(outcome.error) + ")";
      if (outcome.error < 0) {
        state_.library_errors.push_back(outcome.error);
      }
    }
    Fail(what);
    return outcome;
  }

  void RecordNegotiated() {
    result_.handshake = true;
    result_.version = VersionName(wolfSSL_version(ssl_.get()));
    const int suite = wolfSSL_get_current_cipher_suite(ssl_.get());
    const char* name = wolfSSL_get_cipher_name_iana_from_suite(
        static_cast<unsigned char>((suite >> 8) & 0xff), static_cast<unsigned char>(suite & 0xff));
    if (name != nullptr) {
      result_.cipher = name;
    }
    char* protocol = nullptr;
    unsigned short length = 0;
    if (wolfSSL_ALPN_GetProtocol(ssl_.get(), &protocol, &length) == WOLFSSL_SUCCESS &&
        protocol != nullptr) {
      result_.alpn = std::string(protocol, length);
    }
  }

  bool AnswerPing() {
    const milliseconds budget(request_.app_timeout_ms);
    std::array<char, 256> buffer{};
    if (!Call("wolfSSL_read", budget, [&] {
           return wolfSSL_read(ssl_.get(), buffer.data(), static_cast<int>(buffer.size()));
         }).ok) {
      return false;
    }
    return Call("wolfSSL_write", budget,
                [&] {
                  return wolfSSL_write(ssl_.get(), kPong.data(), static_cast<int>(kPong.size()));
                })
        .ok;
  }

  // SendPing: in TLS 1.3 a server's rejection of the client certificate arrives only after
  // the client's Finished, as an alert, so the read runs even when the write failed.
  bool SendPing() {
    const milliseconds budget(request_.app_timeout_ms);
    Call("wolfSSL_write", budget,
         [&] { return wolfSSL_write(ssl_.get(), kPing.data(), static_cast<int>(kPing.size())); });
    std::array<char, 256> buffer{};
    return Call("wolfSSL_read", budget,
                [&] {
                  return wolfSSL_read(ssl_.get(), buffer.data(), static_cast<int>(buffer.size()));
                })
        .ok;
  }

  // Close sends close_notify once, without waiting for the peer's.
  void Close() {
    (void)wolfSSL_shutdown(ssl_.get());
    wolfSSL_ERR_clear_error();
  }

  // RecordAlerts: wolfSSL keeps the last alert sent and the last received
  // (wolfSSL_get_alert_history); earlier ones in the same session are not reported.
  void RecordAlerts() {
    if (ssl_ == nullptr) {
      return;
    }
    WOLFSSL_ALERT_HISTORY history{};
    if (wolfSSL_get_alert_history(ssl_.get(), &history) != WOLFSSL_SUCCESS) {
      return;
    }
    const auto text = [](const WOLFSSL_ALERT& alert) {
      return std::string(alert.level == kAlertLevelFatal ? "fatal:" : "warning:") +
             AlertName(alert.code);
    };
    // -1 is "none in that direction".
    const auto reported = [](const WOLFSSL_ALERT& alert) {
      return alert.level > 0 && alert.code > kCloseNotify;
    };
    if (reported(history.last_tx)) {
      result_.alerts_sent.push_back(text(history.last_tx));
    }
    if (reported(history.last_rx)) {
      result_.alerts_received.push_back(text(history.last_rx));
      received_alert_ = history.last_rx.code;
    }
  }

  void RecordPeerCertificate() {
    std::optional<std::string> subject = state_.leaf_subject;
    std::vector<std::string> chain;
    if (ssl_ != nullptr) {
      if (WOLFSSL_X509_CHAIN* peer_chain = wolfSSL_get_peer_chain(ssl_.get())) {
        for (int i = 0; i < wolfSSL_get_chain_count(peer_chain); ++i) {
          X509Ptr cert(wolfSSL_get_chain_X509(peer_chain, i));
          if (cert != nullptr) {
            chain.push_back(NameToString(wolfSSL_X509_get_subject_name(cert.get())));
          }
        }
      }
      if (result_.handshake) {
        // Owned by the session: not freed here.
        if (WOLFSSL_X509* peer = wolfSSL_get_peer_certificate(ssl_.get())) {
          subject = NameToString(wolfSSL_X509_get_subject_name(peer));
        }
      }
    }
    if (!subject) {
      return;
    }
    bool verified = state_.leaf_passed && !state_.verify_failure;
    if (result_.handshake) {
      verified = verified && wolfSSL_get_verify_result(ssl_.get()) == X509_V_OK;
    }
    result_.peer_certificate = PeerCertificate{*subject, verified, chain};
  }

  Reason ResolveReason() const {
    if (state_.verify_failure && state_.shim_enforced) {
      // Each shim-checked rule is an allow-list of algorithms (README.md): a certificate
      // outside it uses an algorithm the server does not support.
      return Reason::kUnsupportedAlgorithm;
    }
    // The verify callback's code first; where it says nothing, the handshake's own.
    if (const auto& failure = state_.verify_failure) {
      const Reason reason = failure->code < 0 ? ReasonForLibraryError(failure->code)
                                              : ReasonForVerifyFlag(failure->code);
      if (reason != Reason::kOther) {
        return reason;
      }
    }
    for (const int code : state_.library_errors) {
      const Reason reason = ReasonForLibraryError(code);
      if (reason != Reason::kOther) {
        return reason;
      }
    }
    if (received_alert_) {
      return ReasonForAlert(*received_alert_);
    }
    return Reason::kOther;
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

  CaseResult Finish() {
    RecordAlerts();
    if (state_.signature_scheme) {
      result_.signature_scheme = SignatureSchemeName(*state_.signature_scheme);
    }
    RecordPeerCertificate();
    const bool failed = !result_.handshake || !result_.app_data;
    if (failed && !result_.unsupported) {
      result_.reason = ResolveReason();
      result_.error = ErrorText();
      if (state_.verify_failure && state_.shim_enforced) {
        result_.shim_enforced = state_.shim_enforced;
      }
    }
    // Nothing may be left for the next case on this thread.
    wolfSSL_ERR_clear_error();
    return result_;
  }

  int fd_;
  const CaseRequest& request_;
  SessionState state_;
  // Declared after state_: the WOLFSSL object points at it and must go first.
  CtxPtr ctx_;
  SslPtr ssl_;
  CaseResult result_;
  std::optional<int> received_alert_;
};

class WolfsslBackend : public Backend {
 public:
  WolfsslBackend() { wolfSSL_Init(); }
  ~WolfsslBackend() override { wolfSSL_Cleanup(); }

  std::string Name() const override { return "wolfssl"; }
  std::string LibraryVersion() const override {
    return std::string("wolfSSL ") + wolfSSL_lib_version();
  }
  Capabilities GetCapabilities() const override {
    Capabilities capabilities;
    capabilities.versions = {"tls1.2", "tls1.3"};
    capabilities.tls13_ciphersuites = true;
    capabilities.key_mismatch_hook = true;
    capabilities.crl = true;   // HAVE_CRL
    capabilities.alpn = true;  // HAVE_ALPN
    capabilities.sni = true;   // HAVE_SNI
    // wolfSSL 5.5 verifies the peer's certificates as of the system clock: the
    // verification parameters' check_time (WOLFSSL_USE_CHECK_TIME) is not consulted in the
    // handshake (tried: an expired certificate stays expired), and it has no other setting.
    capabilities.verify_time = false;
    // Only what the fixtures and the unit tests exercise; the build also has Ed25519 and
    // Ed448 (HAVE_ED25519, HAVE_ED448), which nothing here has tried yet.
    const std::vector<std::string> schemes = {
        "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512",
        "rsa_pss_rsae_sha256",    "rsa_pss_rsae_sha384",    "rsa_pss_rsae_sha512",
        "rsa_pkcs1_sha256",       "rsa_pkcs1_sha384",       "rsa_pkcs1_sha512"};
    capabilities.sign_schemes = schemes;
    capabilities.verify_schemes = schemes;
    capabilities.key_types = {"rsa", "rsa-pss", "ec"};
    capabilities.curves = {"P-256", "P-384", "P-521"};
    capabilities.server_configs = {"defaults", "enforcing"};
    capabilities.enforcement = {{"signature_hashes", Enforcement::kShim},
                                {"public_keys", Enforcement::kShim},
                                {"min_rsa_bits", Enforcement::kLibrary},
                                {"curves", Enforcement::kShim}};
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
}  // namespace wolfssl

std::unique_ptr<Backend> MakeBackend() { return std::make_unique<wolfssl::WolfsslBackend>(); }

}  // namespace tlsconform::shim

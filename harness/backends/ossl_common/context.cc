#include "ossl_common/context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <utility>

namespace tlsconform::shim::ossl {
namespace {

// Step records that configuration step `what` failed; the error queue says why.
bool Failed(SessionState& state, const std::string& what) {
  state.error_texts.push_back(what);
  DrainErrors(state);
  return false;
}

int ProtocolVersion(const std::string& name) {
  if (name == "tls1.2") {
    return TLS1_2_VERSION;
  }
  if (name == "tls1.3") {
    return TLS1_3_VERSION;
  }
  return 0;
}

// LoadCrls adds every CRL in `path` (PEM, possibly several, or one DER) to the context's
// store and switches CRL checking on for the leaf (X509_V_FLAG_CRL_CHECK without _ALL: the
// fixture set issues CRLs for device certificates only).
bool LoadCrls(SSL_CTX* ctx, const std::string& path, SessionState& state) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  int loaded = 0;

  UniquePtr<BIO> pem(BIO_new_file(path.c_str(), "r"));
  if (pem == nullptr) {
    return Failed(state, "crl: cannot open " + path);
  }
  while (UniquePtr<X509_CRL> crl{PEM_read_bio_X509_CRL(pem.get(), nullptr, nullptr, nullptr)}) {
    if (X509_STORE_add_crl(store, crl.get()) != 1) {
      return Failed(state, "crl: X509_STORE_add_crl " + path);
    }
    ++loaded;
  }
  // The PEM reader ends every file with a "no start line" error; it is not a failure.
  ERR_clear_error();

  if (loaded == 0) {
    UniquePtr<BIO> der(BIO_new_file(path.c_str(), "rb"));
    UniquePtr<X509_CRL> crl(der == nullptr ? nullptr : d2i_X509_CRL_bio(der.get(), nullptr));
    if (crl == nullptr || X509_STORE_add_crl(store, crl.get()) != 1) {
      return Failed(state, "crl: no CRL in " + path);
    }
  }
  if (X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK) != 1) {
    return Failed(state, "crl: X509_STORE_set_flags");
  }
  return true;
}

bool LoadCredentials(SSL_CTX* ctx, const CaseRequest& request, SessionState& state,
                     std::optional<std::string>& unsupported) {
  if (!request.credentials) {
    return true;
  }
  const Credentials& credentials = *request.credentials;

  if (request.key_mismatch_hook) {
    const HookOutcome hook = PresentMismatchedKey(ctx, credentials, state);
    if (hook.kind == HookOutcome::Kind::kUnsupported) {
      unsupported = "key_mismatch_hook: " + hook.detail;
      return false;
    }
    if (hook.kind == HookOutcome::Kind::kFailed) {
      return Failed(state, "key_mismatch_hook: " + hook.detail);
    }
    return true;
  }

  // The chain file, not the leaf alone, so that the intermediates are sent.
  if (SSL_CTX_use_certificate_chain_file(ctx, credentials.chain.c_str()) != 1) {
    return Failed(state, "SSL_CTX_use_certificate_chain_file " + credentials.chain);
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, credentials.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Failed(state, "SSL_CTX_use_PrivateKey_file " + credentials.key);
  }
  return true;
}

}  // namespace

ContextOutcome NewContext(const CaseRequest& request, SessionState& state) {
  ContextOutcome outcome;
  const bool server = request.role == Role::kServer;

  // BoringSSL has no security levels; its limits are fixed in the library.
#ifdef OPENSSL_IS_BORINGSSL
  if (request.tls.security_level) {
    outcome.unsupported = "security_level";
    return outcome;
  }
#endif
  if (server && request.key_mismatch_hook) {
    // A server presenting a mismatched key tests the client, which the reference peer does
    // not do; only the client role has the hook.
    outcome.unsupported = "key_mismatch_hook in the server role";
    return outcome;
  }

  UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  if (ctx == nullptr) {
    Failed(state, "SSL_CTX_new");
    return outcome;
  }

  // 1. The one version of the case, on both ends.
  const int version = ProtocolVersion(request.tls.version);
  if (version == 0 || SSL_CTX_set_min_proto_version(ctx.get(), version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), version) != 1) {
    Failed(state, "pin version " + request.tls.version);
    return outcome;
  }

  // 2. The security policy's suites. BoringSSL: the non-strict setter drops names it lacks
  //    instead of refusing the list; its TLS 1.3 suites are fixed (hello: tls13_ciphersuites
  //    false), so `ciphersuites` is ignored there.
  if (request.tls.cipher_list &&
      SSL_CTX_set_cipher_list(ctx.get(), request.tls.cipher_list->c_str()) != 1) {
    Failed(state, "SSL_CTX_set_cipher_list \"" + *request.tls.cipher_list + "\"");
    return outcome;
  }
#ifndef OPENSSL_IS_BORINGSSL
  if (request.tls.ciphersuites &&
      SSL_CTX_set_ciphersuites(ctx.get(), request.tls.ciphersuites->c_str()) != 1) {
    Failed(state, "SSL_CTX_set_ciphersuites \"" + *request.tls.ciphersuites + "\"");
    return outcome;
  }

  // 3. The security level, before the credentials: OpenSSL checks a certificate against the
  //    level when it is loaded.
  if (request.tls.security_level) {
    SSL_CTX_set_security_level(ctx.get(), *request.tls.security_level);
  }
#endif

  // 4. Credentials.
  if (!LoadCredentials(ctx.get(), request, state, outcome.unsupported)) {
    return outcome;
  }

  // 5. Trust: the server verifies the client's chain, the client the server's; the server
  //    requires a certificate.
  if (request.trust &&
      SSL_CTX_load_verify_locations(ctx.get(), request.trust->c_str(), nullptr) != 1) {
    Failed(state, "SSL_CTX_load_verify_locations " + *request.trust);
    return outcome;
  }
  if (request.crl && !LoadCrls(ctx.get(), *request.crl, state)) {
    return outcome;
  }
  const int mode = server ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_PEER;
  SSL_CTX_set_verify(ctx.get(), mode, VerifyCallback);

  // 6. Observers.
  SSL_CTX_set_info_callback(ctx.get(), InfoCallback);
  SSL_CTX_set_msg_callback(ctx.get(), MessageCallback);

  outcome.ctx = std::move(ctx);
  return outcome;
}

}  // namespace tlsconform::shim::ossl

#include "test_pki.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

namespace tlsconform::shim::testing {
namespace {

namespace fs = std::filesystem;

// Fixed validity dates: the fixtures must not rot with the calendar.
constexpr char kValidFrom[] = "20200101000000Z";
constexpr char kValidUntil[] = "20991231235959Z";
constexpr char kExpiredFrom[] = "20100101000000Z";
constexpr char kExpiredUntil[] = "20110101000000Z";

constexpr char kConfig[] = R"([ ca ]
default_ca = test_ca

[ test_ca ]
database = $ENV::PKI_DIR/index.txt
new_certs_dir = $ENV::PKI_DIR/issued
serial = $ENV::PKI_DIR/serial
crlnumber = $ENV::PKI_DIR/crlnumber
certificate = $ENV::PKI_DIR/ca.pem
private_key = $ENV::PKI_DIR/ca.key
default_md = sha256
default_crl_days = 36500
policy = any_name
unique_subject = no
email_in_dn = no

[ any_name ]
commonName = supplied

[ req ]
distinguished_name = req_name

[ req_name ]

[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[ client_cert ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid

[ server_cert ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost
authorityKeyIdentifier = keyid
)";

class PkiBuilder {
 public:
  explicit PkiBuilder(std::string dir) : dir_(std::move(dir)), log_(dir_ + "/openssl.log") {}

  bool Run(const std::string& arguments) {
    const std::string command =
        std::string(TLSCONFORM_OPENSSL_CLI) + " " + arguments + " >>" + log_ + " 2>&1 </dev/null";
    if (std::system(command.c_str()) != 0) {
      error_ = "failed: openssl " + arguments + " (log: " + log_ + ")";
      return false;
    }
    return true;
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  bool EcKey(const std::string& name) {
    return Run("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + Path(name));
  }
  bool RsaKey(const std::string& name) {
    return Run("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + Path(name));
  }

  bool SelfSignedCa(const std::string& name, const std::string& subject) {
    return EcKey(name + ".key") &&
           Run("req -x509 -config " + Path("ca.cnf") + " -extensions v3_ca -key " +
               Path(name + ".key") + " -subj '/CN=" + subject + "' -days 36500 -out " +
               Path(name + ".pem"));
  }

  // Issue signs a leaf for `key` with the test CA, valid from `from` to `until`.
  bool Issue(const std::string& name, const std::string& key, const std::string& subject,
             const std::string& extensions, const char* from, const char* until) {
    return Run("req -new -config " + Path("ca.cnf") + " -key " + Path(key) +
               " -subj '/CN=" + subject + "' -out " + Path(name + ".csr")) &&
           Run("ca -batch -notext -config " + Path("ca.cnf") + " -extensions " + extensions +
               " -startdate " + from + " -enddate " + until + " -in " + Path(name + ".csr") +
               " -out " + Path(name + ".pem"));
  }

  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  std::string log_;
  std::string error_;
};

// PathsIn names the files MakeTestPki writes into `dir`.
std::unique_ptr<TestPki> PathsIn(const std::string& dir) {
  auto pki = std::make_unique<TestPki>();
  auto path = [&dir](const char* name) { return dir + "/" + name; };
  pki->dir = dir;
  pki->ca = path("ca.pem");
  pki->other_ca = path("other_ca.pem");
  pki->crl = path("crl.pem");
  pki->server = {path("server.pem"), path("server.key")};
  pki->ec_client = {path("ec_client.pem"), path("ec_client.key")};
  pki->rsa_client = {path("rsa_client.pem"), path("rsa_client.key")};
  pki->expired = {path("expired.pem"), path("expired.key")};
  pki->revoked = {path("revoked.pem"), path("revoked.key")};
  pki->other_ec_key = path("other_ec.key");
  pki->other_rsa_key = path("other_rsa.key");
  return pki;
}

struct PkiHolder {
  std::unique_ptr<TestPki> pki;
  bool temporary = false;
  std::string error;

  ~PkiHolder() {
    if (pki && temporary && std::getenv("TLSCONFORM_KEEP_TEST_PKI") == nullptr) {
      std::error_code ignored;
      fs::remove_all(pki->dir, ignored);
    }
  }
};

std::unique_ptr<TestPki> Load(PkiHolder& holder) {
  if (const char* dir = std::getenv(kTestPkiVariable)) {
    std::unique_ptr<TestPki> pki = PathsIn(dir);
    // crl.pem is written last: its presence means the fixture finished.
    if (!fs::exists(pki->crl)) {
      holder.error = std::string(kTestPkiVariable) + "=" + dir + " holds no complete PKI";
      return nullptr;
    }
    return pki;
  }

  std::string pattern = (fs::temp_directory_path() / "tlsconform-shim-test-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    holder.error = "mkdtemp failed";
    return nullptr;
  }
  const std::string dir = buffer.data();
  if (!MakeTestPki(dir, &holder.error)) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return nullptr;
  }
  holder.temporary = true;
  return PathsIn(dir);
}

}  // namespace

bool MakeTestPki(const std::string& dir, std::string* error) {
  std::error_code failed;
  fs::create_directories(fs::path(dir) / "issued", failed);
  if (failed) {
    *error = "cannot create " + dir + ": " + failed.message();
    return false;
  }
  PkiBuilder b(dir);
  std::ofstream(b.Path("index.txt")).flush();
  std::ofstream(b.Path("serial")) << "1000\n";
  std::ofstream(b.Path("crlnumber")) << "1000\n";
  std::ofstream(b.Path("ca.cnf")) << kConfig;
  // The config finds its folder through the environment.
  setenv("PKI_DIR", dir.c_str(), 1);

  const bool made =
      b.SelfSignedCa("ca", "tlsconform test CA") &&
      b.SelfSignedCa("other_ca", "tlsconform unrelated CA") && b.EcKey("server.key") &&
      b.Issue("server", "server.key", "localhost", "server_cert", kValidFrom, kValidUntil) &&
      b.EcKey("ec_client.key") &&
      b.Issue("ec_client", "ec_client.key", "ec device", "client_cert", kValidFrom, kValidUntil) &&
      b.RsaKey("rsa_client.key") &&
      b.Issue("rsa_client", "rsa_client.key", "rsa device", "client_cert", kValidFrom,
              kValidUntil) &&
      b.EcKey("expired.key") &&
      b.Issue("expired", "expired.key", "expired device", "client_cert", kExpiredFrom,
              kExpiredUntil) &&
      b.EcKey("revoked.key") &&
      b.Issue("revoked", "revoked.key", "revoked device", "client_cert", kValidFrom, kValidUntil) &&
      b.EcKey("other_ec.key") && b.RsaKey("other_rsa.key") &&
      b.Run("ca -config " + b.Path("ca.cnf") + " -revoke " + b.Path("revoked.pem")) &&
      b.Run("ca -config " + b.Path("ca.cnf") + " -gencrl -out " + b.Path("crl.pem"));
  if (!made) {
    *error = b.error();
  }
  return made;
}

const TestPki* GetTestPki(std::string* error) {
  static PkiHolder holder;
  static const bool loaded = [] {
    holder.pki = Load(holder);
    return true;
  }();
  (void)loaded;
  if (!holder.pki) {
    *error = holder.error;
  }
  return holder.pki.get();
}

}  // namespace tlsconform::shim::testing

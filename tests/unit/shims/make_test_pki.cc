// tlsconform_shim_make_test_pki DIR: makes the shim tests' PKI once per CTest run (the
// shim_test_pki fixture), so that a hundred test processes do not each run openssl twenty
// times.
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

#include "test_pki.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: tlsconform_shim_make_test_pki DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  // A PKI from an earlier run would make `openssl ca` refuse duplicate serials; start over.
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);

  std::string error;
  if (!tlsconform::shim::testing::MakeTestPki(dir, &error)) {
    std::cerr << "tlsconform_shim_make_test_pki: " << error << "\n";
    return 1;
  }
  return 0;
}

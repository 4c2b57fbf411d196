// The main() of every shim executable: the driver speaks the protocol, the linked backend
// (MakeBackend) runs the cases.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "driver/backend.h"
#include "driver/fault.h"
#include "driver/shim.h"

int main(int argc, char** argv) {
  using namespace tlsconform::shim;

  // A peer that closes early must cost one failed write (EPIPE), not the whole process; TLS
  // libraries write through plain write(2), which raises SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);

  tlsconform::Result<FaultPlan> faults = FaultPlan::Parse(std::getenv(kFaultVariable));
  if (!faults.ok()) {
    std::cerr << "tlsconform-shim: " << faults.status().message() << "\n";
    return kExitUsage;
  }

  std::unique_ptr<Backend> backend = MakeBackend();
  const std::vector<std::string> args(argv + 1, argv + argc);
  return RunShim(*backend, args, *faults, std::cin, std::cout);
}

#include "driver/fault.h"

#include <fnmatch.h>
#include <unistd.h>

#include <cstdlib>

namespace tlsconform::shim {

Result<FaultPlan> FaultPlan::Parse(const char* value) {
  if (value == nullptr || *value == '\0') {
    return FaultPlan();
  }

  const std::string text(value);
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  if (colon == std::string::npos || colon + 1 == text.size()) {
    return InvalidInput(std::string(kFaultVariable) + "=" + text +
                        ": expected crash:GLOB or hang:GLOB");
  }
  const std::string glob = text.substr(colon + 1);
  if (kind == "crash") {
    return FaultPlan(Fault::kCrash, glob);
  }
  if (kind == "hang") {
    return FaultPlan(Fault::kHang, glob);
  }
  return InvalidInput(std::string(kFaultVariable) + "=" + text + ": unknown fault \"" + kind +
                      "\"");
}

Fault FaultPlan::For(const std::string& id) const {
  if (fault_ == Fault::kNone || fnmatch(glob_.c_str(), id.c_str(), 0) != 0) {
    return Fault::kNone;
  }
  return fault_;
}

void Inject(Fault fault) {
  switch (fault) {
    case Fault::kNone:
      return;
    case Fault::kCrash:
      std::abort();
    case Fault::kHang:
      // pause() returns only when a handled signal arrives; the runner ends a hanging shim
      // with SIGKILL, so this loop is the end of the process.
      for (;;) {
        pause();
      }
  }
}

}  // namespace tlsconform::shim

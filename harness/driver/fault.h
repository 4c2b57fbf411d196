// Fault injection for the end-to-end tests (PROTOCOL.md, "Fault injection").
//
// TLSCONFORM_SHIM_FAULT=crash:GLOB makes the shim abort on every case whose id matches GLOB;
// hang:GLOB makes it stop answering. The tests use it to show that a crashing or hanging
// library costs one case, never the run.
#pragma once

#include <string>
#include <string_view>

#include "tlsconform/status.h"

namespace tlsconform::shim {

inline constexpr char kFaultVariable[] = "TLSCONFORM_SHIM_FAULT";

enum class Fault { kNone, kCrash, kHang };

class FaultPlan {
 public:
  FaultPlan() = default;

  // Parse reads the variable's value; null or empty means no fault. A value that is neither
  // crash:GLOB nor hang:GLOB is an InvalidInput status.
  static Result<FaultPlan> Parse(const char* value);

  // For returns the fault to inject for case `id`, matched with fnmatch(3): `*` also matches
  // the `/` inside case ids.
  Fault For(const std::string& id) const;

 private:
  FaultPlan(Fault fault, std::string glob) : fault_(fault), glob_(std::move(glob)) {}

  Fault fault_ = Fault::kNone;
  std::string glob_;
};

// Inject carries out `fault`: abort() for kCrash, sleeping forever for kHang. It returns only
// for kNone.
void Inject(Fault fault);

}  // namespace tlsconform::shim

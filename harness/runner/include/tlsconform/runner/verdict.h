// Judge: turns what a case's two shims did into a verdict (ARCHITECTURE.md, "Verdicts and
// reasons"). Pure: everything it needs is passed in, so it is tested without any shim.
#pragma once

#include <vector>

#include "tlsconform/reports/run_record.h"
#include "tlsconform/runner/baseline.h"
#include "tlsconform/runner/case_executor.h"
#include "tlsconform/runner/plan.h"

namespace tlsconform::runner {

struct JudgeOptions {
  bool strict_reasons = false;
};

// Judge returns the record of `planned` given its execution. `baselines` are those that may
// list the case (its backend's; in the interop role the server backend's too), none or more.
reports::CaseRecord Judge(const PlannedCase& planned, const Execution& execution,
                          const std::vector<const Baseline*>& baselines,
                          const JudgeOptions& options);

// ApplyBaseline turns a FAIL that one of `baselines` lists (same case, same observed outcome)
// into KNOWN with the first such entry's reason. Other verdicts are left alone.
void ApplyBaseline(reports::CaseRecord& record, const std::vector<const Baseline*>& baselines);

// SkipRecord returns the record of a case that was not run for a missing capability.
reports::CaseRecord SkipRecord(const PlannedCase& planned);

}  // namespace tlsconform::runner

// Judge: turns what a case's two shims did into a verdict (ARCHITECTURE.md, "Verdicts and
// reasons"). Pure: everything it needs is passed in, so it is tested without any shim.
#pragma once

#include "tlsconform/reports/run_record.h"
#include "tlsconform/runner/baseline.h"
#include "tlsconform/runner/case_executor.h"
#include "tlsconform/runner/plan.h"

namespace tlsconform::runner {

struct JudgeOptions {
  bool strict_reasons = false;
};

// Judge returns the record of `planned` given its execution. `baseline` may be null.
reports::CaseRecord Judge(const PlannedCase& planned, const Execution& execution,
                          const Baseline* baseline, const JudgeOptions& options);

// ApplyBaseline turns a FAIL that `baseline` lists (same case, same observed outcome) into
// KNOWN with the entry's reason. Other verdicts, and a null baseline, are left alone.
void ApplyBaseline(reports::CaseRecord& record, const Baseline* baseline);

// SkipRecord returns the record of a case that was not run for a missing capability.
reports::CaseRecord SkipRecord(const PlannedCase& planned);

}  // namespace tlsconform::runner

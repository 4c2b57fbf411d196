#include "tlsconform/reports/run_record.h"

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kKnown:
      return "KNOWN";
    case Verdict::kInfo:
      return "INFO";
    case Verdict::kSkip:
      return "SKIP";
    case Verdict::kCrash:
      return "CRASH";
    case Verdict::kTimeout:
      return "TIMEOUT";
    case Verdict::kError:
      return "ERROR";
  }
  return "ERROR";
}

void Tally::Add(const CaseRecord& record) {
  ++by_verdict[static_cast<int>(record.verdict)];
  if (record.reason_differs) {
    ++reason_differs;
  }
  ++total;
}

std::map<std::string, Tally> TallyByGroup(const std::vector<CaseRecord>& cases) {
  std::map<std::string, Tally> groups;
  for (const CaseRecord& record : cases) {
    groups[record.role + "/" + record.backend].Add(record);
  }
  return groups;
}

}  // namespace tlsconform::reports

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

std::string GroupOf(const CaseRecord& record) {
  if (record.role == "server") {
    return "server/" + record.backend + "/" + record.server_config;
  }
  if (record.role == "interop") {
    return "interop/" + record.backend + "->*";
  }
  return record.role + "/" + record.backend;
}

std::map<std::string, Tally> TallyByGroup(const std::vector<CaseRecord>& cases) {
  std::map<std::string, Tally> groups;
  for (const CaseRecord& record : cases) {
    groups[GroupOf(record)].Add(record);
  }
  return groups;
}

}  // namespace tlsconform::reports

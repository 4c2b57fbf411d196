// junit.xml: one <testsuite> per role and backend, one <testcase> per case, so a CI system
// shows each case by its id. FAIL, CRASH and TIMEOUT are failures; ERROR is an error; SKIP
// and KNOWN (a baselined deviation, which must not fail the job) are skipped with the reason.
#include <pugixml.hpp>
#include <sstream>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {
namespace {

std::string Seconds(double milliseconds) {
  std::ostringstream out;
  out.precision(3);
  out << std::fixed << milliseconds / 1000.0;
  return out.str();
}

std::string CaseText(const CaseRecord& record) {
  std::ostringstream out;
  out << "fixture: " << record.fixture_id << " (" << record.requirement << ")\n"
      << "expected: " << record.expected;
  if (record.expected_reason) {
    out << " (" << *record.expected_reason << ")";
  }
  out << "\nobserved: " << record.observed;
  if (record.reason) {
    out << " (" << *record.reason << ")";
  }
  out << "\n" << record.detail << "\n";
  return out.str();
}

void AddCase(pugi::xml_node suite, const CaseRecord& record) {
  pugi::xml_node testcase = suite.append_child("testcase");
  testcase.append_attribute("classname") =
      (record.role + "." + record.backend + "." + record.version).c_str();
  testcase.append_attribute("name") = record.fixture_id.c_str();
  testcase.append_attribute("time") = Seconds(record.duration_ms).c_str();

  std::string message = std::string(VerdictName(record.verdict)) + ": " + record.detail;
  switch (record.verdict) {
    case Verdict::kFail:
    case Verdict::kCrash:
    case Verdict::kTimeout: {
      pugi::xml_node failure = testcase.append_child("failure");
      failure.append_attribute("type") = VerdictName(record.verdict);
      failure.append_attribute("message") = message.c_str();
      failure.text() = CaseText(record).c_str();
      break;
    }
    case Verdict::kError: {
      pugi::xml_node error = testcase.append_child("error");
      error.append_attribute("type") = "ERROR";
      error.append_attribute("message") = message.c_str();
      error.text() = CaseText(record).c_str();
      break;
    }
    case Verdict::kSkip:
    case Verdict::kKnown: {
      pugi::xml_node skipped = testcase.append_child("skipped");
      skipped.append_attribute("message") = message.c_str();
      break;
    }
    case Verdict::kPass:
    case Verdict::kInfo:
      testcase.append_child("system-out").text() = CaseText(record).c_str();
      break;
  }
}

}  // namespace

std::string RenderJunitXml(const RunRecord& run) {
  pugi::xml_document document;
  pugi::xml_node declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";

  pugi::xml_node suites = document.append_child("testsuites");
  suites.append_attribute("name") = ("tlsconform " + run.info.suite).c_str();

  std::map<std::string, pugi::xml_node> by_group;
  std::map<std::string, Tally> tallies = TallyByGroup(run.cases);
  for (const auto& [group, tally] : tallies) {
    pugi::xml_node suite = suites.append_child("testsuite");
    suite.append_attribute("name") = group.c_str();
    suite.append_attribute("tests") = tally.total;
    suite.append_attribute("failures") =
        tally.Count(Verdict::kFail) + tally.Count(Verdict::kCrash) + tally.Count(Verdict::kTimeout);
    suite.append_attribute("errors") = tally.Count(Verdict::kError);
    suite.append_attribute("skipped") = tally.Count(Verdict::kSkip) + tally.Count(Verdict::kKnown);
    by_group[group] = suite;
  }
  for (const CaseRecord& record : run.cases) {
    AddCase(by_group[record.role + "/" + record.backend], record);
  }

  std::ostringstream out;
  document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace tlsconform::reports

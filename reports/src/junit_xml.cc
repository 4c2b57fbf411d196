// junit.xml: one <testsuite> per backend, and each case a <testcase> of class
// "<backend>.<family>" named by its case id, so CI dashboards group cases by backend and
// family. FAIL, CRASH and TIMEOUT are failures; ERROR is an error; SKIP and KNOWN (a
// baselined deviation, which must not fail the job) are skipped with the reason. A failure's
// message carries the expectation, the outcome and both sides' own error text.
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

// SideError is one side's own account of a case: its library's error text, or how it ended.
std::string SideError(const char* name, const nlohmann::json& side) {
  if (!side.is_object()) {
    return "";
  }
  std::string text;
  const nlohmann::json& result = side.value("result", nlohmann::json(nullptr));
  if (result.is_object() && result.value("error", nlohmann::json(nullptr)).is_string()) {
    text = result["error"].get<std::string>();
  } else if (side.contains("detail") && side["detail"].is_string()) {
    text = side["detail"].get<std::string>();
  }
  if (text.empty()) {
    return "";
  }
  return std::string("; ") + name + " (" + side.value("backend", std::string("?")) + "): " + text;
}

std::string Message(const CaseRecord& record) {
  std::ostringstream out;
  out << VerdictName(record.verdict) << ": " << record.detail << "; expected " << record.expected;
  if (record.expected_reason) {
    out << " (" << *record.expected_reason << ")";
  }
  out << ", observed " << record.observed;
  if (record.reason) {
    out << " (" << *record.reason << ")";
  }
  out << SideError("server", record.server) << SideError("client", record.client);
  return out.str();
}

std::string CaseText(const CaseRecord& record) {
  std::ostringstream out;
  out << record.description << "\nrequirement: " << record.requirement << "\n"
      << Message(record) << "\n";
  return out.str();
}

void AddCase(pugi::xml_node suite, const CaseRecord& record) {
  pugi::xml_node testcase = suite.append_child("testcase");
  testcase.append_attribute("classname") = (record.backend + "." + record.family).c_str();
  testcase.append_attribute("name") = record.id.c_str();
  testcase.append_attribute("time") = Seconds(record.duration_ms).c_str();

  const std::string message = Message(record);
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
      std::string why = record.baseline_reason ? "KNOWN: " + *record.baseline_reason : message;
      testcase.append_child("skipped").append_attribute("message") = why.c_str();
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

  std::map<std::string, Tally> tallies;
  for (const CaseRecord& record : run.cases) {
    tallies[record.backend].Add(record);
  }
  std::map<std::string, pugi::xml_node> by_backend;
  for (const auto& [backend, tally] : tallies) {
    pugi::xml_node suite = suites.append_child("testsuite");
    suite.append_attribute("name") = backend.c_str();
    suite.append_attribute("tests") = tally.total;
    suite.append_attribute("failures") =
        tally.Count(Verdict::kFail) + tally.Count(Verdict::kCrash) + tally.Count(Verdict::kTimeout);
    suite.append_attribute("errors") = tally.Count(Verdict::kError);
    suite.append_attribute("skipped") = tally.Count(Verdict::kSkip) + tally.Count(Verdict::kKnown);
    by_backend[backend] = suite;
  }
  for (const CaseRecord& record : run.cases) {
    AddCase(by_backend[record.backend], record);
  }

  std::ostringstream out;
  document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace tlsconform::reports

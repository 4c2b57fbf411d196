#include "tlsconform/runner/verdict.h"

namespace tlsconform::runner {
namespace {

using reports::CaseRecord;
using reports::Verdict;

CaseRecord BaseRecord(const PlannedCase& planned) {
  CaseRecord record;
  const Fixture& fixture = *planned.fixture;
  record.id = planned.id;
  record.position = planned.position;
  record.role = planned.role;
  record.backend = planned.backend;
  record.version = planned.version;
  record.fixture_id = fixture.id;
  record.family = fixture.family;
  record.description = fixture.description;
  record.requirement = fixture.requirement;
  // The client role runs only valid fixtures; what is judged there is that the backend
  // presents them so that they are accepted.
  record.expected = fixture.expect_verdict;
  record.expected_reason = fixture.expect_reason;
  record.observed = "NONE";
  return record;
}

std::optional<std::string> ReasonOf(const SideView& view) {
  if (view.state == SideView::State::kAnswered && view.result.contains("reason") &&
      view.result["reason"].is_string()) {
    return view.result["reason"].get<std::string>();
  }
  return std::nullopt;
}

std::optional<std::string> UnsupportedOf(const SideView& view) {
  if (view.state == SideView::State::kAnswered && view.result.contains("unsupported") &&
      view.result["unsupported"].is_string()) {
    return view.result["unsupported"].get<std::string>();
  }
  return std::nullopt;
}

nlohmann::json SideJson(const std::string& backend, const SideView& view) {
  static constexpr const char* kStates[] = {"answered", "crashed", "timed_out", "not_started",
                                            "broken"};
  nlohmann::json out = {{"backend", backend},
                        {"state", kStates[static_cast<int>(view.state)]},
                        {"result", view.result}};
  if (!view.detail.empty()) {
    out["detail"] = view.detail;
  }
  return out;
}

// Abnormal returns a verdict for a side that did not answer normally, if any.
std::optional<std::pair<Verdict, std::string>> Abnormal(const char* side, const SideView& view) {
  switch (view.state) {
    case SideView::State::kCrashed:
      return std::pair{Verdict::kCrash, std::string(side) + " crashed: " + view.detail};
    case SideView::State::kTimedOut:
      return std::pair{Verdict::kTimeout, std::string(side) + " did not answer in time"};
    case SideView::State::kBroken:
      return std::pair{Verdict::kError, std::string(side) + ": " + view.detail};
    default:
      return std::nullopt;
  }
}

}  // namespace

CaseRecord SkipRecord(const PlannedCase& planned) {
  CaseRecord record = BaseRecord(planned);
  record.verdict = Verdict::kSkip;
  record.detail = "missing capability: " + planned.missing_capability.value_or("?");
  return record;
}

CaseRecord Judge(const PlannedCase& planned, const Execution& execution, const Baseline* baseline,
                 const JudgeOptions& options) {
  CaseRecord record = BaseRecord(planned);
  record.duration_ms = execution.duration_ms;
  record.wire = execution.wire.ToJson();

  const bool backend_is_server = planned.role == "server";
  const std::string reference_name = "reference";
  record.server = SideJson(backend_is_server ? planned.backend : reference_name, execution.server);
  record.client = SideJson(backend_is_server ? reference_name : planned.backend, execution.client);

  if (!execution.harness_error.empty()) {
    record.verdict = Verdict::kError;
    record.detail = "harness: " + execution.harness_error;
    return record;
  }
  const SideView& under_test = backend_is_server ? execution.server : execution.client;
  const SideView& peer = backend_is_server ? execution.client : execution.server;
  const char* under_test_name = backend_is_server ? "server (under test)" : "client (under test)";
  const char* peer_name = backend_is_server ? "client (reference)" : "server (reference)";

  // A crash or hang of the library under test is its verdict; one of the reference peer is
  // reported the same way, naming the side, since the case could not be judged either way.
  for (auto [name, view] : {std::pair{under_test_name, &under_test}, std::pair{peer_name, &peer}}) {
    if (std::optional<std::pair<Verdict, std::string>> abnormal = Abnormal(name, *view)) {
      record.verdict = abnormal->first;
      record.detail = abnormal->second;
      return record;
    }
  }
  for (const SideView* view : {&under_test, &peer}) {
    if (std::optional<std::string> unsupported = UnsupportedOf(*view)) {
      record.verdict = Verdict::kSkip;
      record.detail = "missing capability: " + *unsupported;
      return record;
    }
  }
  if (execution.client.state == SideView::State::kNotStarted) {
    // The server shim gave up before a client could connect: it could not set itself up.
    record.verdict = Verdict::kError;
    record.detail = "server shim failed before the handshake: " +
                    execution.server.result.value("error", std::string("no error text"));
    return record;
  }

  // ACCEPT means the client received the server's answer to its application record.
  const bool accepted = execution.client.result.value("app_data", false);
  record.observed = accepted ? "ACCEPT" : "REJECT";
  if (!accepted) {
    record.reason = ReasonOf(under_test);
    if (!record.reason) {
      record.reason = ReasonOf(peer);
    }
  }

  if (record.expected == "INFO") {
    record.verdict = Verdict::kInfo;
    record.detail = "informational: observed " + record.observed;
    return record;
  }

  if (record.observed == record.expected) {
    record.verdict = Verdict::kPass;
    if (!accepted && record.expected_reason && record.reason != record.expected_reason) {
      record.reason_differs = true;
      record.detail = "rejected as expected, reason " + record.reason.value_or("unknown") +
                      " instead of " + *record.expected_reason;
      if (options.strict_reasons) {
        record.verdict = Verdict::kFail;
      }
    } else {
      record.detail = accepted ? "accepted as expected" : "rejected as expected";
    }
  } else {
    record.verdict = Verdict::kFail;
    record.detail = accepted ? "unexpected accept"
                             : "unexpected reject (" + record.reason.value_or("unknown") + ")";
  }

  ApplyBaseline(record, baseline);
  return record;
}

void ApplyBaseline(reports::CaseRecord& record, const Baseline* baseline) {
  if (record.verdict != Verdict::kFail || baseline == nullptr) {
    return;  // only a FAIL can be known: a crash or a hang is never an accepted behaviour
  }
  if (const BaselineEntry* entry = baseline->Match(record.id, record.observed)) {
    record.verdict = Verdict::kKnown;
    record.baseline_reason = entry->reason;
    record.baseline_link = entry->link;
  }
}

}  // namespace tlsconform::runner

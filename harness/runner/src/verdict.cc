#include "tlsconform/runner/verdict.h"

#include <algorithm>

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
  record.peer = planned.peer;
  record.server_config = planned.server_config;
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

// ClientSpoke: the relay saw at least one TLS record from the client.
bool ClientSpoke(const nlohmann::json& wire) {
  return std::any_of(wire.begin(), wire.end(), [](const nlohmann::json& record) {
    return record.is_object() && record.value("from", "") == "client";
  });
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

CaseRecord Judge(const PlannedCase& planned, const Execution& execution,
                 const std::vector<const Baseline*>& baselines, const JudgeOptions& options) {
  CaseRecord record = BaseRecord(planned);
  record.duration_ms = execution.duration_ms;
  record.wire = execution.wire.ToJson();

  // The side names of this case: which backend each shim was, and in what part.
  const bool interop = planned.role == "interop";
  const std::string reference_name = "reference";
  const std::string server_name =
      planned.role == "client" ? reference_name : planned.ServerBackend();
  const std::string client_name =
      planned.role == "server" ? reference_name : planned.ClientBackend();
  record.server = SideJson(server_name, execution.server);
  record.client = SideJson(client_name, execution.client);

  if (!execution.harness_error.empty()) {
    record.verdict = Verdict::kError;
    record.detail = "harness: " + execution.harness_error;
    return record;
  }
  // The verifying side speaks first: in the server and interop roles the server's reason is
  // the one that says why a client certificate was refused.
  const bool server_first = planned.role != "client";
  const SideView& first = server_first ? execution.server : execution.client;
  const SideView& second = server_first ? execution.client : execution.server;
  const std::string server_part = interop                    ? "server (" + server_name + ")"
                                  : planned.role == "server" ? "server (under test)"
                                                             : "server (reference)";
  const std::string client_part = interop                    ? "client (" + client_name + ")"
                                  : planned.role == "client" ? "client (under test)"
                                                             : "client (reference)";
  const std::string& first_name = server_first ? server_part : client_part;
  const std::string& second_name = server_first ? client_part : server_part;

  // A crash or hang of a library under test is its verdict; one of the reference peer is
  // reported the same way, naming the side, since the case could not be judged either way.
  for (auto [name, view] : {std::pair{&first_name, &first}, std::pair{&second_name, &second}}) {
    if (std::optional<std::pair<Verdict, std::string>> abnormal = Abnormal(name->c_str(), *view)) {
      record.verdict = abnormal->first;
      record.detail = abnormal->second;
      return record;
    }
  }
  for (const SideView* view : {&first, &second}) {
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
    record.reason = ReasonOf(first);
    if (!record.reason) {
      record.reason = ReasonOf(second);
    }
  }

  // In the interop role a client library may refuse to present a fixture that the profile
  // refuses too (OpenSSL at its default security level will not load an RSA-1024 key) and
  // send nothing: the server then judged nothing, and is not credited with a rejection.
  if (interop && !accepted && record.expected == "REJECT" && !ClientSpoke(record.wire)) {
    record.verdict = Verdict::kInfo;
    record.detail = "not judged: the client (" + client_name + ") did not present the fixture: " +
                    execution.client.result.value("error", std::string("no error text"));
    return record;
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

  ApplyBaseline(record, baselines);
  return record;
}

void ApplyBaseline(reports::CaseRecord& record, const std::vector<const Baseline*>& baselines) {
  if (record.verdict != Verdict::kFail) {
    return;  // only a FAIL can be known: a crash or a hang is never an accepted behaviour
  }
  for (const Baseline* baseline : baselines) {
    if (const BaselineEntry* entry = baseline->Match(record.id, record.observed)) {
      record.verdict = Verdict::kKnown;
      record.baseline_reason = entry->reason;
      record.baseline_link = entry->link;
      return;
    }
  }
}

}  // namespace tlsconform::runner

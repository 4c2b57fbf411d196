// Small hand-made runs for the tests of the report reader, merge and diff.
#pragma once

#include <string>

#include "tlsconform/reports/run_record.h"

namespace tlsconform::reports::samples {

// SampleCase returns a server-role case of `backend` judged `verdict`, with both sides'
// views and one wire record, so a round trip through report.json exercises every field.
inline CaseRecord SampleCase(const std::string& fixture, Verdict verdict,
                             const std::string& backend = "openssl") {
  CaseRecord record;
  record.id = "server/" + backend + "/tls1.3/" + fixture;
  record.role = "server";
  record.backend = backend;
  record.version = "tls1.3";
  record.fixture_id = fixture;
  record.family = fixture.substr(0, fixture.find("::"));
  record.description = "a fixture";
  record.requirement = "AWS-KEY-1";
  record.expected = "REJECT";
  record.expected_reason = "weak_key";
  record.observed = verdict == Verdict::kPass ? "REJECT" : "ACCEPT";
  record.reason = verdict == Verdict::kPass ? std::optional<std::string>("weak_key") : std::nullopt;
  record.verdict = verdict;
  record.detail = verdict == Verdict::kPass ? "rejected as expected" : "unexpected accept";
  if (verdict == Verdict::kKnown) {
    record.baseline_reason = "accepts small keys";
    record.baseline_link = "https://example.org/bug";
  }
  record.server = {{"backend", backend},
                   {"state", "answered"},
                   {"result", {{"type", "result"}, {"reason", record.reason.value_or("")}}}};
  record.client = {{"backend", "reference"}, {"state", "answered"}, {"result", nullptr}};
  record.wire = {
      {{"from", "client"}, {"type", "handshake"}, {"length", 238}, {"messages", {"ClientHello"}}}};
  record.duration_ms = 12.345678;
  return record;
}

// SampleRun returns a complete run of `cases`, positions set to their index.
inline RunRecord SampleRun(std::vector<CaseRecord> cases) {
  RunRecord run;
  run.info.tool_version = "0.1.0";
  run.info.started = "2026-01-02T03:04:05Z";
  run.info.finished = "2026-01-02T03:04:09Z";
  run.info.profile = "aws-iot";
  run.info.policy = "IoTSecurityPolicy_TLS13_1_2_2022_10";
  run.info.suite = "default";
  run.info.server_configurations = {"defaults", "enforcing"};
  run.info.seed = "tlsconform";
  run.info.filters = {"server/*"};
  run.info.tier = "full";
  run.info.reference_backend = "openssl";
  run.info.backends = {{"openssl", "OpenSSL 3.0.15", {{"versions", {"tls1.2", "tls1.3"}}}}};
  run.info.status = "complete";
  for (size_t i = 0; i < cases.size(); ++i) {
    cases[i].position = i;
  }
  run.cases = std::move(cases);
  return run;
}

}  // namespace tlsconform::reports::samples

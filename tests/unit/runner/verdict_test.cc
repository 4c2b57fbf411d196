// Judge: every verdict of ARCHITECTURE.md from a table of executions, no shims involved.
#include "tlsconform/runner/verdict.h"

#include <gtest/gtest.h>

namespace tlsconform::runner {
namespace {

using reports::Verdict;

struct Row {
  const char* name;
  const char* role;
  const char* expect;  // the fixture's expected verdict
  const char* expect_reason;
  SideView::State server_state;
  SideView::State client_state;
  bool app_data;  // the client received the answer
  const char* server_reason;
  const char* client_reason;
  Verdict verdict;
  const char* observed;
  const char* reason;  // nullptr: no reason
  bool reason_differs;
};

SideView Side(SideView::State state, bool app_data, const char* reason, const char* id = "case") {
  SideView view;
  view.state = state;
  if (state == SideView::State::kAnswered) {
    view.result = {{"type", "result"},
                   {"id", id},
                   {"app_data", app_data},
                   {"reason", reason ? nlohmann::json(reason) : nlohmann::json(nullptr)}};
  }
  if (state == SideView::State::kCrashed) {
    view.detail = "tlsconform-shim-x killed by SIGSEGV";
  }
  return view;
}

// Planned is a case of `fixture` as PlanCases makes it; `peer` is the other side's backend.
PlannedCase Planned(const Fixture& fixture, const std::string& role, const std::string& backend,
                    const std::string& version, const std::string& peer,
                    const std::string& id = "case") {
  return {.id = id,
          .role = role,
          .backend = backend,
          .peer = peer,
          .version = version,
          .fixture = &fixture};
}

void PrintTo(const Row& row, std::ostream* out) { *out << row.name; }

constexpr auto kAnswered = SideView::State::kAnswered;
constexpr auto kCrashed = SideView::State::kCrashed;
constexpr auto kTimedOut = SideView::State::kTimedOut;
constexpr auto kNotStarted = SideView::State::kNotStarted;
constexpr auto kBroken = SideView::State::kBroken;

const Row kRows[] = {
    {"AcceptExpectedIsPass", "server", "ACCEPT", nullptr, kAnswered, kAnswered, true, nullptr,
     nullptr, Verdict::kPass, "ACCEPT", nullptr, false},
    {"RejectExpectedSameReasonIsPass", "server", "REJECT", "expired", kAnswered, kAnswered, false,
     "expired", nullptr, Verdict::kPass, "REJECT", "expired", false},
    {"RejectForAnotherReasonIsPassFlagged", "server", "REJECT", "weak_key", kAnswered, kAnswered,
     false, "unsupported_algorithm", nullptr, Verdict::kPass, "REJECT", "unsupported_algorithm",
     true},
    {"UnexpectedAcceptIsFail", "server", "REJECT", "weak_key", kAnswered, kAnswered, true, nullptr,
     nullptr, Verdict::kFail, "ACCEPT", nullptr, false},
    {"UnexpectedRejectIsFail", "server", "ACCEPT", nullptr, kAnswered, kAnswered, false,
     "unsupported_algorithm", nullptr, Verdict::kFail, "REJECT", "unsupported_algorithm", false},
    {"ClientRoleTakesTheClientsReason", "client", "ACCEPT", nullptr, kAnswered, kAnswered, false,
     "bad_signature", "key_mismatch", Verdict::kFail, "REJECT", "key_mismatch", false},
    {"ClientRoleFallsBackToThePeersReason", "client", "ACCEPT", nullptr, kAnswered, kAnswered,
     false, "untrusted_issuer", nullptr, Verdict::kFail, "REJECT", "untrusted_issuer", false},
    {"InformationalCaseIsInfo", "server", "INFO", nullptr, kAnswered, kAnswered, true, nullptr,
     nullptr, Verdict::kInfo, "ACCEPT", nullptr, false},
    {"CrashedServerIsCrash", "server", "ACCEPT", nullptr, kCrashed, kAnswered, false, nullptr,
     nullptr, Verdict::kCrash, "NONE", nullptr, false},
    {"CrashedPeerIsCrash", "server", "ACCEPT", nullptr, kAnswered, kCrashed, false, nullptr,
     nullptr, Verdict::kCrash, "NONE", nullptr, false},
    {"HungServerIsTimeout", "server", "REJECT", "expired", kTimedOut, kAnswered, false, nullptr,
     nullptr, Verdict::kTimeout, "NONE", nullptr, false},
    {"ProtocolViolationIsError", "server", "ACCEPT", nullptr, kBroken, kAnswered, false, nullptr,
     nullptr, Verdict::kError, "NONE", nullptr, false},
    {"ServerFailingBeforeHandshakeIsError", "server", "ACCEPT", nullptr, kAnswered, kNotStarted,
     false, "other", nullptr, Verdict::kError, "NONE", nullptr, false},
};

class JudgeTest : public testing::TestWithParam<Row> {};

TEST_P(JudgeTest, GivesTheVerdictOfTheTable) {
  const Row& row = GetParam();
  Fixture fixture;
  fixture.id = "family::fixture";
  fixture.expect_verdict = row.expect;
  if (row.expect_reason) {
    fixture.expect_reason = row.expect_reason;
  }
  PlannedCase planned = Planned(fixture, row.role, "backend", "tls1.3", "openssl");
  Execution execution;
  execution.server = Side(row.server_state, row.app_data, row.server_reason);
  execution.client = Side(row.client_state, row.app_data, row.client_reason);

  reports::CaseRecord record = Judge(planned, execution, {}, {});

  EXPECT_EQ(record.verdict, row.verdict) << record.detail;
  EXPECT_EQ(record.observed, row.observed);
  EXPECT_EQ(record.reason.value_or("(none)"), row.reason ? row.reason : "(none)");
  EXPECT_EQ(record.reason_differs, row.reason_differs);
}

INSTANTIATE_TEST_SUITE_P(Verdicts, JudgeTest, testing::ValuesIn(kRows),
                         [](const testing::TestParamInfo<Row>& info) { return info.param.name; });

Fixture RejectFixture() {
  Fixture fixture;
  fixture.id = "key::rsa1024";
  fixture.expect_verdict = "REJECT";
  fixture.expect_reason = "weak_key";
  return fixture;
}

Execution Accepted() {
  Execution execution;
  execution.server = Side(kAnswered, true, nullptr);
  execution.client = Side(kAnswered, true, nullptr);
  return execution;
}

TEST(JudgeBaseline, ListedFailBecomesKnownWithItsReason) {
  Fixture fixture = RejectFixture();
  PlannedCase planned = Planned(fixture, "server", "openssl", "tls1.2", "openssl");
  Baseline baseline;
  baseline.entries.push_back({"ca?e", "ACCEPT", "accepts small keys at level 0", "https://x"});

  reports::CaseRecord record = Judge(planned, Accepted(), {&baseline}, {});

  EXPECT_EQ(record.verdict, Verdict::kKnown);
  EXPECT_EQ(record.baseline_reason, "accepts small keys at level 0");
  EXPECT_EQ(record.baseline_link, "https://x");
}

TEST(JudgeBaseline, EntryForTheOtherOutcomeDoesNotMatch) {
  Fixture fixture = RejectFixture();
  PlannedCase planned = Planned(fixture, "server", "openssl", "tls1.2", "openssl");
  Baseline baseline;
  baseline.entries.push_back({"case", "REJECT", "rejects for another reason", std::nullopt});

  EXPECT_EQ(Judge(planned, Accepted(), {&baseline}, {}).verdict, Verdict::kFail);
}

TEST(JudgeStrictReasons, DifferingReasonFails) {
  Fixture fixture = RejectFixture();
  PlannedCase planned = Planned(fixture, "server", "openssl", "tls1.2", "openssl");
  Execution execution;
  execution.server = Side(kAnswered, false, "unsupported_algorithm");
  execution.client = Side(kAnswered, false, nullptr);

  EXPECT_EQ(Judge(planned, execution, {}, {.strict_reasons = true}).verdict, Verdict::kFail);
  EXPECT_EQ(Judge(planned, execution, {}, {.strict_reasons = false}).verdict, Verdict::kPass);
}

TEST(JudgeSkip, UnsupportedAnswerIsSkipNamingTheCapability) {
  Fixture fixture = RejectFixture();
  PlannedCase planned = Planned(fixture, "server", "boringssl", "tls1.2", "openssl");
  Execution execution;
  execution.server = Side(kAnswered, false, nullptr);
  execution.server.result["unsupported"] = "security_level";
  execution.client.state = kNotStarted;

  reports::CaseRecord record = Judge(planned, execution, {}, {});

  EXPECT_EQ(record.verdict, Verdict::kSkip);
  EXPECT_NE(record.detail.find("security_level"), std::string::npos);
}

TEST(JudgeSkip, PlannedMissingCapabilityIsSkip) {
  Fixture fixture = RejectFixture();
  PlannedCase planned = Planned(fixture, "server", "mbedtls", "tls1.3", "openssl");
  planned.missing_capability = "mbedtls: tls1.3";

  reports::CaseRecord record = SkipRecord(planned);

  EXPECT_EQ(record.verdict, Verdict::kSkip);
  EXPECT_EQ(record.detail, "missing capability: mbedtls: tls1.3");
}

TEST(JudgeHarness, RelayFailureIsError) {
  Fixture fixture = RejectFixture();
  PlannedCase planned = Planned(fixture, "server", "openssl", "tls1.2", "openssl");
  Execution execution = Accepted();
  execution.harness_error = "listen on 127.0.0.1: Address in use";

  EXPECT_EQ(Judge(planned, execution, {}, {}).verdict, Verdict::kError);
}

// An interop case between two libraries: the client's first flight, when it sent one.
Execution InteropRejected(bool client_spoke) {
  Execution execution;
  execution.server = Side(kAnswered, false, client_spoke ? "weak_key" : "other");
  execution.client = Side(kAnswered, false, "other");
  execution.client.result["error"] = "ee key too small";
  if (client_spoke) {
    // A handshake record holding an empty ClientHello (type 1).
    const uint8_t record[] = {0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00};
    execution.wire.Feed(/*from_client=*/true, record, sizeof(record));
  }
  return execution;
}

TEST(JudgeInterop, ClientThatNeverPresentedIsNotJudgedAsTheServersRejection) {
  Fixture fixture = RejectFixture();
  PlannedCase planned = Planned(fixture, "interop", "openssl", "tls1.2", "boringssl",
                                "interop/openssl/boringssl/tls1.2/key::rsa1024");

  reports::CaseRecord silent = Judge(planned, InteropRejected(false), {}, {});
  reports::CaseRecord spoke = Judge(planned, InteropRejected(true), {}, {});

  EXPECT_EQ(silent.verdict, Verdict::kInfo);
  EXPECT_EQ(silent.detail,
            "not judged: the client (openssl) did not present the fixture: ee key too small");
  EXPECT_EQ(silent.server["backend"], "boringssl");
  EXPECT_EQ(silent.client["backend"], "openssl");
  // Once the client spoke, the server's verdict is the case's, with the server's reason.
  EXPECT_EQ(spoke.verdict, Verdict::kPass);
  EXPECT_EQ(spoke.reason, "weak_key");
}

TEST(JudgeInterop, ServerBackendsBaselineKnowsTheDeviation) {
  Fixture fixture = RejectFixture();
  PlannedCase planned = Planned(fixture, "interop", "openssl", "tls1.2", "boringssl",
                                "interop/openssl/boringssl/tls1.2/key::rsa1024");
  Baseline boringssl;
  boringssl.backend = "boringssl";
  boringssl.entries.push_back(
      {"interop/*/boringssl/*/key::rsa1024", "ACCEPT", "no minimum RSA size", std::nullopt});
  std::map<std::string, Baseline> baselines = {{"boringssl", boringssl}};

  reports::CaseRecord record =
      Judge(planned, Accepted(), BaselinesFor(baselines, "interop", "openssl", "boringssl"), {});

  EXPECT_EQ(record.verdict, Verdict::kKnown);
  EXPECT_EQ(record.baseline_reason, "no minimum RSA size");
}

}  // namespace
}  // namespace tlsconform::runner

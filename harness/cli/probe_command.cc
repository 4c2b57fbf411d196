// `tlsconform backends --probe`: every capability a shim claims in its hello line, confirmed
// by real handshakes against the reference peer.
//
// A claim is only a backend's word. The runner trusts claims to decide which cases are SKIP;
// the probe checks them, so a claim that a library does not keep shows up as such instead of
// as a run of misleading verdicts. Each probe is one ordinary case (runner::RunPlan), with the
// protocol fields it needs patched onto the case lines, and a check of its record.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <optional>

#include "commands.h"
#include "tlsconform/runner/runner.h"

namespace tlsconform::cli {
namespace {

using reports::CaseRecord;
using reports::Verdict;

// A check returns nothing when the record confirms the claim, else what went wrong.
using Check = std::function<std::optional<std::string>(const CaseRecord&)>;

struct Probe {
  std::string backend;
  std::string capability;  // "versions: tls1.3", "crl", ...
  runner::PlannedCase planned;
  Check check;
};

// The ids of the catalogue fixtures the probes use (fixtures/aws-iot/).
constexpr const char* kValidRsa = "key::rsa2048";
constexpr const char* kRevoked = "revocation::revoked";
constexpr const char* kKeyMismatch = "key::mismatch";
constexpr const char* kWeakKey = "key::rsa1024";

// January 1st 2000 and 2100, UTC: before and after every valid fixture (2020..2099).
constexpr long long kYear2000 = 946684800;
constexpr long long kYear2100 = 4102444800;

// The protocol's result field `field` of one side of a record, or null.
nlohmann::json ResultField(const nlohmann::json& side, const std::string& field) {
  if (side.is_object() && side.contains("result") && side["result"].is_object()) {
    return side["result"].value(field, nlohmann::json(nullptr));
  }
  return nullptr;
}

std::string Describe(const CaseRecord& record) {
  std::string text = "observed " + record.observed;
  if (record.reason) {
    text += " (" + *record.reason + ")";
  }
  return text + ", " + reports::VerdictName(record.verdict) + ": " + record.detail;
}

Check Outcome(const std::string& observed, std::optional<std::string> reason = std::nullopt) {
  return [observed, reason](const CaseRecord& record) -> std::optional<std::string> {
    if (record.verdict == Verdict::kSkip || record.verdict == Verdict::kCrash ||
        record.verdict == Verdict::kTimeout || record.verdict == Verdict::kError ||
        record.observed != observed || (reason && record.reason != reason)) {
      return "expected " + observed + (reason ? " (" + *reason + ")" : "") + ", " +
             Describe(record);
    }
    return std::nullopt;
  };
}

const runner::Fixture* FindFixture(const runner::FixtureSet& set, const std::string& id) {
  for (const runner::Fixture& fixture : set.fixtures) {
    if (fixture.id == id) {
      return &fixture;
    }
  }
  return nullptr;
}

// A valid fixture whose presented chain has this key type (and curve, when given).
const runner::Fixture* FixtureWithKey(const runner::FixtureSet& set, const std::string& key_type,
                                      const std::string& curve) {
  for (const runner::Fixture& fixture : set.fixtures) {
    auto has = [](const std::vector<std::string>& values, const std::string& value) {
      return std::find(values.begin(), values.end(), value) != values.end();
    };
    const bool type_ok = has(fixture.key_types, key_type);
    const bool curve_ok = curve.empty() || fixture.curves == std::vector<std::string>{curve};
    if (fixture.valid() && !fixture.key_mismatch && type_ok && curve_ok) {
      return &fixture;
    }
  }
  return nullptr;
}

class ProbeBuilder {
 public:
  ProbeBuilder(const runner::FixtureSet& fixtures, const runner::BackendDescription& reference)
      : fixtures_(fixtures), reference_(reference) {}

  // Add plans one probe of `backend` in `role` on fixture `fixture_id`, or, when the fixture or
  // the reference's support is missing, records the claim as not probed.
  runner::PlannedCase* Add(const runner::BackendDescription& backend, const std::string& capability,
                           const std::string& role, const std::string& version,
                           const runner::Fixture* fixture, Check check) {
    if (fixture == nullptr) {
      not_probed_.push_back({backend.name, capability, "no fixture of the catalogue fits"});
      return nullptr;
    }
    if (!reference_.SupportsVersion(version)) {
      not_probed_.push_back({backend.name, capability, "the reference lacks " + version});
      return nullptr;
    }
    runner::PlannedCase planned{.role = role,
                                .backend = backend.name,
                                .peer = reference_.name,
                                .version = version,
                                .fixture = fixture};
    planned.id =
        "probe/" + backend.name + "/" + capability + "/" + runner::CaseId(planned, fixture->id);
    planned.position = probes_.size();
    probes_.push_back({backend.name, capability, std::move(planned), std::move(check)});
    return &probes_.back().planned;
  }

  std::vector<Probe>& probes() { return probes_; }
  struct NotProbed {
    std::string backend, capability, why;
  };
  const std::vector<NotProbed>& not_probed() const { return not_probed_; }
  const runner::FixtureSet& fixtures() const { return fixtures_; }

 private:
  const runner::FixtureSet& fixtures_;
  const runner::BackendDescription& reference_;
  std::vector<Probe> probes_;
  std::vector<NotProbed> not_probed_;
};

std::vector<std::string> Strings(const nlohmann::json& capabilities, const std::string& key) {
  std::vector<std::string> out;
  if (capabilities.contains(key) && capabilities[key].is_array()) {
    for (const nlohmann::json& value : capabilities[key]) {
      if (value.is_string()) {
        out.push_back(value.get<std::string>());
      }
    }
  }
  return out;
}

// PlanProbes adds a probe for every claim of `backend` that a handshake with the reference
// can confirm.
void PlanProbes(ProbeBuilder& builder, const runner::BackendDescription& backend) {
  const runner::FixtureSet& set = builder.fixtures();
  const runner::Fixture* valid = FindFixture(set, kValidRsa);
  const std::vector<std::string> versions = Strings(backend.capabilities, "versions");
  const std::string version = versions.empty() ? "tls1.2" : versions.back();

  // Versions: the backend completes a handshake in each role under each claimed version.
  for (const std::string& claimed : versions) {
    for (const char* role : {"server", "client"}) {
      builder.Add(backend, fmt::format("versions: {} ({})", claimed, role), role, claimed, valid,
                  Outcome("ACCEPT"));
    }
  }
  // CRL: a server given the issuer's CRL refuses the device it lists.
  if (backend.Capable("crl")) {
    builder.Add(backend, "crl", "server", version, FindFixture(set, kRevoked),
                Outcome("REJECT", "revoked"));
  }
  // The key-mismatch hook: the client really signs with the other key, and the reference
  // server refuses the CertificateVerify (an `unsupported` answer is a SKIP and fails).
  if (backend.Capable("key_mismatch_hook")) {
    builder.Add(backend, "key_mismatch_hook", "client", version, FindFixture(set, kKeyMismatch),
                Outcome("REJECT"));
  }
  // ALPN: the client's offer is what the reference server selects, and back.
  if (backend.Capable("alpn")) {
    const nlohmann::json alpn = {{"alpn", {"x-amzn-mqtt-ca"}}};
    auto negotiated = [](const char* side) -> Check {
      return [side](const CaseRecord& record) -> std::optional<std::string> {
        const nlohmann::json& view = std::string(side) == "server" ? record.server : record.client;
        const nlohmann::json value = ResultField(view, "alpn");
        if (record.observed != "ACCEPT" || value != "x-amzn-mqtt-ca") {
          return "expected x-amzn-mqtt-ca negotiated, the " + std::string(side) + " saw " +
                 value.dump() + "; " + Describe(record);
        }
        return std::nullopt;
      };
    };
    for (const char* role : {"server", "client"}) {
      if (runner::PlannedCase* planned = builder.Add(backend, fmt::format("alpn ({})", role), role,
                                                     version, valid, negotiated(role))) {
        planned->server_patch = alpn;
        planned->client_patch = alpn;
      }
    }
  }
  // Verification time: a valid certificate is not yet valid in 2000 and expired in 2100.
  if (backend.Capable("verify_time")) {
    for (auto [year, time, reason] : {std::tuple{"2000", kYear2000, "not_yet_valid"},
                                      std::tuple{"2100", kYear2100, "expired"}}) {
      if (runner::PlannedCase* planned =
              builder.Add(backend, fmt::format("verify_time ({})", year), "server", version, valid,
                          Outcome("REJECT", std::string(reason)))) {
        planned->server_patch = {{"verify_time", time}};
      }
    }
  }
  // The enforcing server configuration refuses an RSA-1024 device key (AWS-KEY-1).
  if (backend.Lists("server_configs", "enforcing") &&
      backend.capabilities.contains("server_configs")) {
    if (runner::PlannedCase* planned =
            builder.Add(backend, "server_configs: enforcing", "server", version,
                        FindFixture(set, kWeakKey), Outcome("REJECT"))) {
      planned->server_config = "enforcing";
    }
  }
  // Key types and curves: a valid chain with that key verifies (server) and signs (client).
  for (const std::string& key_type : Strings(backend.capabilities, "key_types")) {
    if (key_type == "ec") {
      continue;  // probed per curve below
    }
    const runner::Fixture* fixture = FixtureWithKey(set, key_type, "");
    if (fixture == nullptr) {
      builder.Add(backend, "key_types: " + key_type, "server", version, nullptr, nullptr);
      continue;
    }
    for (const char* role : {"server", "client"}) {
      builder.Add(backend, fmt::format("key_types: {} ({})", key_type, role), role, version,
                  fixture, Outcome("ACCEPT"));
    }
  }
  for (const std::string& curve : Strings(backend.capabilities, "curves")) {
    const runner::Fixture* fixture = FixtureWithKey(set, "ec", curve);
    if (fixture == nullptr) {
      builder.Add(backend, "curves: " + curve, "server", version, nullptr, nullptr);
      continue;
    }
    for (const std::string& claimed : versions) {
      for (const char* role : {"server", "client"}) {
        builder.Add(backend, fmt::format("curves: {} ({}, {})", curve, role, claimed), role,
                    claimed, fixture, Outcome("ACCEPT"));
      }
    }
  }
}

// An entry of the capability-probe report.
struct Line {
  std::string backend, capability, result, detail;
};

}  // namespace

int CommandProbe(const Paths& paths) {
  Result<std::vector<std::string>> names = SelectBackends({});
  if (!names.ok()) {
    return ReportFailure(names.status());
  }
  Result<runner::Suite> suite = runner::LoadSuite(paths.suite);
  if (!suite.ok()) {
    return ReportFailure(suite.status());
  }
  Result<runner::SecurityPolicy> policy = runner::LoadPolicy(paths.policies, suite->policy_name);
  if (!policy.ok()) {
    return ReportFailure(policy.status());
  }
  Result<runner::Profile> profile = runner::LoadProfile(paths.profiles, suite->profile);
  if (!profile.ok()) {
    return ReportFailure(profile.status());
  }

  // 1. A fixture set of the catalogue, in a folder of its own.
  char temp_template[] = "/tmp/tlsconform-probe-XXXXXX";
  if (::mkdtemp(temp_template) == nullptr) {
    return ReportFailure(IoError("cannot create a temporary folder for the probe's fixtures"));
  }
  const std::filesystem::path temp = temp_template;
  Result<runner::FixtureSet> fixtures =
      GenerateAndLoad(paths.catalogue, temp / "fixtures", "tlsconform-probe", Verbosity::kQuiet);
  if (!fixtures.ok()) {
    std::filesystem::remove_all(temp);
    return ReportFailure(fixtures.status());
  }

  // 2. What each backend claims, and the probes that check it.
  Result<runner::BackendDescription> reference =
      runner::DescribeBackend(paths.shim_dir, suite->reference_backend);
  if (!reference.ok()) {
    std::filesystem::remove_all(temp);
    return ReportFailure(reference.status());
  }
  ProbeBuilder builder(*fixtures, *reference);
  for (const std::string& name : *names) {
    Result<runner::BackendDescription> description = runner::DescribeBackend(paths.shim_dir, name);
    if (!description.ok()) {
      std::filesystem::remove_all(temp);
      return ReportFailure(description.status());
    }
    PlanProbes(builder, *description);
  }

  // 3. Run them as one plan; no baseline applies: a probe judges its own record.
  std::vector<runner::PlannedCase> plan;
  for (const Probe& probe : builder.probes()) {
    plan.push_back(probe.planned);
  }
  runner::RunContext context;
  context.suite = &*suite;
  context.policy = &*policy;
  context.profile = &*profile;
  context.fixtures = &*fixtures;
  context.shim_dir = paths.shim_dir;
  runner::RunOptions run_options;
  run_options.jobs = 2;
  const std::vector<CaseRecord> records =
      runner::RunPlan(plan, context, run_options, g_interrupted);
  std::filesystem::remove_all(temp);
  if (records.size() != plan.size()) {
    std::cerr << "tlsconform: probe interrupted\n";
    return kExitInterrupted;
  }

  // 4. One line per claim.
  std::vector<Line> lines;
  int failed = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const Probe& probe = builder.probes()[i];
    std::optional<std::string> problem = probe.check(records[i]);
    failed += problem ? 1 : 0;
    lines.push_back({probe.backend, probe.capability, problem ? "FAILED" : "confirmed",
                     problem.value_or(records[i].detail)});
  }
  for (const auto& missing : builder.not_probed()) {
    lines.push_back({missing.backend, missing.capability, "not probed", missing.why});
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.backend < b.backend; });
  for (const Line& line : lines) {
    std::cout << fmt::format("{:<10} {:<34} {:<10} {}\n", line.backend, line.capability,
                             line.result, line.detail);
  }
  std::cout << fmt::format("{} claims probed, {} confirmed, {} failed, {} not probed\n",
                           records.size(), records.size() - failed, failed,
                           builder.not_probed().size());
  return failed > 0 ? kExitFailures : kExitClean;
}

}  // namespace tlsconform::cli

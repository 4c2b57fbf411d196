#include "tlsconform/runner/runner.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "tlsconform/runner/case_executor.h"
#include "tlsconform/runner/shim_process.h"

namespace tlsconform::runner {
namespace {

using reports::CaseRecord;
using reports::Verdict;

constexpr std::chrono::milliseconds kHelloTimeout(5000);

nlohmann::json Nullable(const std::optional<std::filesystem::path>& path) {
  return path ? nlohmann::json(path->string()) : nlohmann::json(nullptr);
}

// The TLS parameters of one side of a case. The server enforces the security policy's
// suites; a client under test keeps its library's defaults (a device's own choice), and the
// reference peer runs at security level 0 so the verdict is the backend's.
nlohmann::json TlsParameters(const std::string& version, const SecurityPolicy* policy,
                             std::optional<int> security_level) {
  return {
      {"version", version},
      {"cipher_list", policy ? nlohmann::json(policy->CipherList()) : nlohmann::json(nullptr)},
      {"ciphersuites", policy ? nlohmann::json(policy->Ciphersuites()) : nlohmann::json(nullptr)},
      {"security_level",
       security_level ? nlohmann::json(*security_level) : nlohmann::json(nullptr)}};
}

struct CaseMessages {
  nlohmann::json server;
  nlohmann::json client;
};

nlohmann::json EnforceRules(const Profile& profile) {
  return {{"signature_hashes", profile.signature_hashes},
          {"public_keys", profile.public_keys},
          {"min_rsa_bits", profile.min_rsa_bits},
          {"curves", profile.curves}};
}

CaseMessages BuildMessages(const PlannedCase& planned, const RunContext& context) {
  const Fixture& fixture = *planned.fixture;
  const FixtureSet& set = *context.fixtures;
  const Suite& suite = *context.suite;
  // The reference peer runs at its security level; a backend under test (both sides of an
  // interop case) keeps its library's.
  const std::optional<int> reference_level = suite.reference_security_level;
  std::optional<int> server_level, client_level;
  if (planned.role == "client") {
    server_level = reference_level;
  } else if (planned.role == "server") {
    client_level = reference_level;
  }
  const bool enforcing = planned.server_config == "enforcing";

  nlohmann::json server = {
      {"type", "case"},
      {"id", planned.id},
      {"role", "server"},
      {"tls", TlsParameters(planned.version, context.policy, server_level)},
      {"credentials", {{"chain", set.server.chain.string()}, {"key", set.server.key.string()}}},
      {"trust", fixture.files.trust.string()},
      {"crl", Nullable(fixture.crl)},
      {"server_name", set.server_name},
      {"key_mismatch_hook", false},
      {"app_timeout_ms", suite.app_timeout_ms},
      {"server_config", planned.server_config},
      {"enforce",
       enforcing && context.profile ? EnforceRules(*context.profile) : nlohmann::json(nullptr)},
  };
  nlohmann::json client = {
      {"type", "case"},
      {"id", planned.id},
      {"role", "client"},
      {"tls", TlsParameters(planned.version, nullptr, client_level)},
      {"credentials",
       {{"chain", fixture.files.chain.string()}, {"key", fixture.files.key.string()}}},
      {"trust", set.server.trust.string()},
      {"crl", nullptr},
      {"server_name", set.server_name},
      {"key_mismatch_hook", fixture.key_mismatch},
      {"app_timeout_ms", suite.app_timeout_ms},
  };
  if (!planned.server_patch.is_null()) {
    server.merge_patch(planned.server_patch);
  }
  if (!planned.client_patch.is_null()) {
    client.merge_patch(planned.client_patch);
  }
  return {server, client};
}

// A worker's shims, started on first use and replaced after a crash or hang.
class ShimPool {
 public:
  explicit ShimPool(std::filesystem::path shim_dir) : shim_dir_(std::move(shim_dir)) {}

  // Get returns the shim for (backend, slot); slot tells apart two shims of one backend in
  // the same case (the OpenSSL backend under test and the OpenSSL reference peer).
  Result<ShimProcess*> Get(const std::string& backend, const std::string& slot) {
    std::unique_ptr<ShimProcess>& shim = shims_[backend + "/" + slot];
    if (shim == nullptr || !shim->alive()) {
      shim.reset();
      Result<std::unique_ptr<ShimProcess>> started =
          ShimProcess::Start(ShimPath(shim_dir_, backend), kHelloTimeout);
      if (!started.ok()) {
        return started.status();
      }
      shim = std::move(started).value();
    }
    return shim.get();
  }

  // Discard kills a shim whose state can no longer be trusted.
  void Discard(ShimProcess* process) {
    for (auto& [key, shim] : shims_) {
      if (shim.get() == process) {
        shim->Kill();
        shim.reset();
      }
    }
  }

 private:
  std::filesystem::path shim_dir_;
  std::map<std::string, std::unique_ptr<ShimProcess>> shims_;
};

CaseRecord ErrorRecord(const PlannedCase& planned, const std::string& detail) {
  PlannedCase skipped = planned;
  CaseRecord record = SkipRecord(skipped);
  record.verdict = Verdict::kError;
  record.detail = detail;
  return record;
}

CaseRecord RunOne(const PlannedCase& planned, const RunContext& context, const RunOptions& options,
                  ShimPool& pool, const std::atomic<bool>& interrupted, bool& was_interrupted) {
  if (planned.missing_capability) {
    return SkipRecord(planned);
  }
  // Slots tell apart two shims of one backend in the same case (the OpenSSL backend under
  // test and the OpenSSL reference peer; one backend against itself in the interop role).
  const bool interop = planned.role == "interop";
  const std::string server_slot = interop                     ? "interop-server"
                                  : planned.BackendIsServer() ? "under-test"
                                                              : "reference";
  const std::string client_slot = interop                     ? "interop-client"
                                  : planned.BackendIsServer() ? "reference"
                                                              : "under-test";
  Result<ShimProcess*> server_shim = pool.Get(planned.ServerBackend(), server_slot);
  if (!server_shim.ok()) {
    return ErrorRecord(planned, server_shim.status().message());
  }
  Result<ShimProcess*> client_shim = pool.Get(planned.ClientBackend(), client_slot);
  if (!client_shim.ok()) {
    return ErrorRecord(planned, client_shim.status().message());
  }
  ShimProcess* server = *server_shim;
  ShimProcess* client = *client_shim;

  CaseMessages messages = BuildMessages(planned, context);
  Execution execution =
      ExecuteCase(*server, *client, messages.server, messages.client,
                  std::chrono::milliseconds(context.suite->case_timeout_ms), interrupted);

  // A shim that did not end its case cleanly may be stuck mid-case: start a fresh one.
  if (execution.server.state != SideView::State::kAnswered) {
    pool.Discard(server);
  }
  if (execution.client.state != SideView::State::kAnswered) {
    pool.Discard(client);
  }
  if (execution.interrupted) {
    was_interrupted = true;
    return CaseRecord{};
  }
  return Judge(planned, execution,
               BaselinesFor(context.baselines, planned.role, planned.backend, planned.peer),
               options.judge);
}

}  // namespace

std::filesystem::path ShimPath(const std::filesystem::path& shim_dir, const std::string& backend) {
  return shim_dir / ("tlsconform-shim-" + backend);
}

Result<BackendDescription> DescribeBackend(const std::filesystem::path& shim_dir,
                                           const std::string& backend) {
  Result<std::unique_ptr<ShimProcess>> shim =
      ShimProcess::Start(ShimPath(shim_dir, backend), kHelloTimeout);
  if (!shim.ok()) {
    return shim.status();
  }
  const nlohmann::json& hello = (*shim)->hello();
  BackendDescription description;
  description.name = hello.value("backend", backend);
  description.library = hello.value("library", "unknown");
  description.capabilities = hello.value("capabilities", nlohmann::json::object());
  if (description.name != backend) {
    return InternalError(ShimPath(shim_dir, backend).string() + ": says it is backend \"" +
                         description.name + "\"");
  }
  return description;
}

std::vector<CaseRecord> RunPlan(const std::vector<PlannedCase>& plan, const RunContext& context,
                                const RunOptions& options, const std::atomic<bool>& interrupted) {
  std::vector<std::optional<CaseRecord>> records(plan.size());
  std::atomic<size_t> next{0};
  std::mutex report_mutex;

  auto worker = [&]() {
    ShimPool pool(context.shim_dir);
    while (!interrupted.load()) {
      size_t index = next.fetch_add(1);
      if (index >= plan.size()) {
        break;
      }
      bool was_interrupted = false;
      CaseRecord record = RunOne(plan[index], context, options, pool, interrupted, was_interrupted);
      if (was_interrupted) {
        break;
      }
      std::lock_guard<std::mutex> lock(report_mutex);
      if (options.on_case) {
        options.on_case(record);
      }
      records[index] = std::move(record);
    }
  };

  const int jobs = std::max(1, options.jobs);
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) {
    threads.emplace_back(worker);
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  std::vector<CaseRecord> out;
  for (std::optional<CaseRecord>& record : records) {
    if (record) {
      out.push_back(std::move(*record));
    }
  }
  return out;
}

}  // namespace tlsconform::runner

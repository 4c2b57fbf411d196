#include "driver/shim.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <utility>

#include "driver/connection.h"
#include "driver/protocol.h"

namespace tlsconform::shim {
namespace {

void WriteLine(std::ostream& out, const std::string& line) {
  // One write per line and a flush: the runner reads line by line and must never wait for a
  // buffer to fill.
  out << line << '\n' << std::flush;
}

// MissingFile returns a message naming the first file of `request` that cannot be read. A
// missing fixture is the harness's fault, not the library's, so it must not become a REJECT.
std::optional<std::string> MissingFile(const CaseRequest& request) {
  std::vector<std::pair<const char*, const std::optional<std::string>*>> files = {
      {"trust", &request.trust}, {"crl", &request.crl}};
  std::optional<std::string> chain;
  std::optional<std::string> key;
  if (request.credentials) {
    chain = request.credentials->chain;
    key = request.credentials->key;
  }
  files.emplace_back("credentials.chain", &chain);
  files.emplace_back("credentials.key", &key);

  for (const auto& [name, path] : files) {
    if (*path && access((*path)->c_str(), R_OK) != 0) {
      return std::string(name) + ": cannot read " + **path;
    }
  }
  return std::nullopt;
}

// UnsupportedByCapabilities says which announced capability the case needs and the backend
// lacks. Ciphersuites are not in the list: a backend without them ignores the field, as its
// hello says.
std::optional<std::string> UnsupportedByCapabilities(const Capabilities& capabilities,
                                                     const CaseRequest& request) {
  const auto& versions = capabilities.versions;
  if (std::find(versions.begin(), versions.end(), request.tls.version) == versions.end()) {
    return "version " + request.tls.version;
  }
  if (request.key_mismatch_hook && !capabilities.key_mismatch_hook) {
    return "key_mismatch_hook";
  }
  if (request.crl && !capabilities.crl) {
    return "crl";
  }
  if (request.verify_time && !capabilities.verify_time) {
    return "verify_time";
  }
  if (!request.alpn.empty() && !capabilities.alpn) {
    return "alpn";
  }
  const auto& configs = capabilities.server_configs;
  if (request.server_config == ServerConfig::kEnforcing &&
      std::find(configs.begin(), configs.end(), "enforcing") == configs.end()) {
    return "server_config enforcing";
  }
  return std::nullopt;
}

}  // namespace

std::string AnswerCase(Backend& backend, const FaultPlan& faults, const CaseRequest& request) {
  Inject(faults.For(request.id));

  // Connect before anything can fail: the runner pairs the two connections of a case, and a
  // peer left without a partner would wait for its handshake timeout.
  Result<ScopedFd> connection = ConnectTcp(request.host, request.port);
  if (!connection.ok()) {
    return ErrorLine(request.id, connection.status().message());
  }
  ScopedFd fd = std::move(connection).value();

  if (auto missing = MissingFile(request)) {
    return ErrorLine(request.id, *missing);
  }
  if (auto unsupported = UnsupportedByCapabilities(backend.GetCapabilities(), request)) {
    CaseResult result;
    result.unsupported = *unsupported;
    return ResultLine(request.id, result);
  }
  if (Status status = SetIoTimeout(fd.get(), kHandshakeTimeout); !status.ok()) {
    return ErrorLine(request.id, status.message());
  }

  CaseResult result = request.role == Role::kServer ? backend.RunServer(fd.get(), request)
                                                    : backend.RunClient(fd.get(), request);

  if (!result.handshake || !result.app_data) {
    CloseGracefully(std::move(fd), kFailureLinger);
  }
  return ResultLine(request.id, result);
}

int RunShim(Backend& backend, const std::vector<std::string>& args, const FaultPlan& faults,
            std::istream& in, std::ostream& out) {
  const std::string hello =
      HelloLine(backend.Name(), backend.LibraryVersion(), backend.GetCapabilities());
  if (!args.empty()) {
    if (args.size() == 1 && args[0] == "--hello") {
      WriteLine(out, hello);
      return kExitOk;
    }
    std::cerr << "usage: tlsconform-shim-" << backend.Name()
              << " [--hello]\n  Speaks the shim protocol (harness/PROTOCOL.md) on stdin and "
                 "stdout.\n";
    return kExitUsage;
  }

  WriteLine(out, hello);
  std::string line;
  while (std::getline(in, line)) {
    if (std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); })) {
      continue;
    }
    Message message = ParseMessage(line);
    if (std::holds_alternative<QuitMessage>(message)) {
      return kExitOk;
    }
    if (auto* failure = std::get_if<ParseFailure>(&message)) {
      std::cerr << "tlsconform-shim-" << backend.Name() << ": bad input line: " << failure->message
                << "\n";
      WriteLine(out, ErrorLine(failure->id, failure->message));
      continue;
    }
    WriteLine(out, AnswerCase(backend, faults, std::get<CaseRequest>(message)));
  }
  // End of input without `quit`: the runner went away; there is nobody left to answer.
  return kExitOk;
}

}  // namespace tlsconform::shim

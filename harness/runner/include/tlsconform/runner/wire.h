// WireObserver: what the relay saw of a case's TLS records (RFC 8446 section 5.1).
//
// The runner owns the relay between the two shims of a case, so it sees every record. It
// names the plaintext ones (handshake messages before encryption, plaintext alerts) and
// counts the encrypted ones; from TLS 1.3's ServerHello on, a record's true type is hidden.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tlsconform::runner {

class WireObserver {
 public:
  // Feed passes bytes that travelled from the client (from_client) or from the server.
  void Feed(bool from_client, const uint8_t* data, size_t size);

  // ToJson lists the records in order: {"from": "client"|"server", "type": ...,
  // "length": n, "messages": [...]} where messages are handshake names or
  // "fatal:bad_certificate"-style alerts; encrypted records have type "encrypted".
  nlohmann::json ToJson() const;

  // Alerts returns the plaintext alerts seen from one side, as "level:name".
  std::vector<std::string> Alerts(bool from_client) const;

 private:
  struct Record {
    bool from_client;
    std::string type;
    size_t length;
    std::vector<std::string> messages;
  };
  struct Direction {
    std::vector<uint8_t> pending;    // bytes of an incomplete record
    std::vector<uint8_t> handshake;  // bytes of an incomplete handshake message
    bool encrypted = false;
  };

  void OnRecord(bool from_client, uint8_t type, const uint8_t* body, size_t length);

  static constexpr size_t kMaxRecords = 128;

  Direction client_;
  Direction server_;
  bool server_hello_seen_ = false;
  bool tls13_ = false;
  std::vector<Record> records_;
  size_t dropped_ = 0;
};

}  // namespace tlsconform::runner

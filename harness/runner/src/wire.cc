#include "tlsconform/runner/wire.h"

#include "tlsconform/tls_names.h"

namespace tlsconform::runner {
namespace {

constexpr uint8_t kChangeCipherSpec = 20;
constexpr uint8_t kAlert = 21;
constexpr uint8_t kHandshake = 22;
constexpr uint8_t kApplicationData = 23;
constexpr uint8_t kServerHello = 2;
constexpr size_t kRecordHeader = 5;
constexpr size_t kHandshakeHeader = 4;

// ServerHelloSelectsTls13 reads the supported_versions extension (RFC 8446 4.2.1) of a
// ServerHello body: TLS 1.3 is negotiated only through it.
bool ServerHelloSelectsTls13(const uint8_t* body, size_t size) {
  size_t at = 2 + 32;  // legacy_version, random
  if (at >= size) {
    return false;
  }
  at += 1 + body[at];  // legacy_session_id_echo
  at += 2 + 1;         // cipher_suite, legacy_compression_method
  if (at + 2 > size) {
    return false;
  }
  size_t end = at + 2 + ((body[at] << 8) | body[at + 1]);
  at += 2;
  while (at + 4 <= end && end <= size) {
    uint16_t type = (body[at] << 8) | body[at + 1];
    uint16_t length = (body[at + 2] << 8) | body[at + 3];
    if (type == 43 && length == 2 && at + 6 <= size) {
      return body[at + 4] == 0x03 && body[at + 5] == 0x04;
    }
    at += 4 + length;
  }
  return false;
}

}  // namespace

void WireObserver::Feed(bool from_client, const uint8_t* data, size_t size) {
  Direction& direction = from_client ? client_ : server_;
  direction.pending.insert(direction.pending.end(), data, data + size);
  size_t at = 0;
  while (direction.pending.size() - at >= kRecordHeader) {
    const uint8_t* header = direction.pending.data() + at;
    size_t length = (header[3] << 8) | header[4];
    if (direction.pending.size() - at < kRecordHeader + length) {
      break;
    }
    OnRecord(from_client, header[0], header + kRecordHeader, length);
    at += kRecordHeader + length;
  }
  direction.pending.erase(direction.pending.begin(), direction.pending.begin() + at);
}

void WireObserver::OnRecord(bool from_client, uint8_t type, const uint8_t* body, size_t length) {
  Direction& direction = from_client ? client_ : server_;
  Record record{from_client, "", length, {}};

  switch (type) {
    case kChangeCipherSpec:
      record.type = "change_cipher_spec";
      // TLS 1.2 encrypts what follows; in TLS 1.3 it is only a compatibility record.
      if (!tls13_) {
        direction.encrypted = true;
      }
      break;
    case kAlert:
      if (!direction.encrypted && length == 2) {
        record.type = "alert";
        record.messages.push_back(std::string(body[0] == 2 ? "fatal:" : "warning:") +
                                  AlertName(body[1]));
      } else {
        record.type = "encrypted";
      }
      break;
    case kHandshake:
      if (direction.encrypted) {
        record.type = "encrypted";
        break;
      }
      record.type = "handshake";
      direction.handshake.insert(direction.handshake.end(), body, body + length);
      while (direction.handshake.size() >= kHandshakeHeader) {
        const uint8_t* message = direction.handshake.data();
        size_t message_length = (message[1] << 16) | (message[2] << 8) | message[3];
        if (direction.handshake.size() < kHandshakeHeader + message_length) {
          break;
        }
        record.messages.push_back(HandshakeTypeName(message[0]));
        if (message[0] == kServerHello && !from_client) {
          server_hello_seen_ = true;
          tls13_ = ServerHelloSelectsTls13(message + kHandshakeHeader, message_length);
          if (tls13_) {
            // Everything after the ServerHello is protected, in both directions.
            server_.encrypted = true;
            client_.encrypted = true;
          }
        }
        direction.handshake.erase(direction.handshake.begin(),
                                  direction.handshake.begin() + kHandshakeHeader + message_length);
      }
      break;
    case kApplicationData:
      record.type = direction.encrypted && !tls13_ ? "application_data" : "encrypted";
      break;
    default:
      record.type = "unknown_" + std::to_string(type);
  }

  if (records_.size() < kMaxRecords) {
    records_.push_back(std::move(record));
  } else {
    ++dropped_;
  }
}

nlohmann::json WireObserver::ToJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const Record& record : records_) {
    out.push_back({{"from", record.from_client ? "client" : "server"},
                   {"type", record.type},
                   {"length", record.length},
                   {"messages", record.messages}});
  }
  if (dropped_ > 0) {
    out.push_back({{"from", "relay"},
                   {"type", "truncated"},
                   {"length", dropped_},
                   {"messages", nlohmann::json::array()}});
  }
  return out;
}

std::vector<std::string> WireObserver::Alerts(bool from_client) const {
  std::vector<std::string> alerts;
  for (const Record& record : records_) {
    if (record.from_client == from_client && record.type == "alert") {
      alerts.insert(alerts.end(), record.messages.begin(), record.messages.end());
    }
  }
  return alerts;
}

}  // namespace tlsconform::runner

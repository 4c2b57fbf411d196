// WireObserver: records parsed from hand-built byte strings (RFC 8446 section 5.1).
#include "tlsconform/runner/wire.h"

#include <gtest/gtest.h>

#include <vector>

namespace tlsconform::runner {
namespace {

std::vector<uint8_t> Record(uint8_t type, std::vector<uint8_t> body) {
  std::vector<uint8_t> out = {type, 0x03, 0x03, static_cast<uint8_t>(body.size() >> 8),
                              static_cast<uint8_t>(body.size())};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::vector<uint8_t> Handshake(uint8_t type, std::vector<uint8_t> body) {
  std::vector<uint8_t> out = {type, 0, static_cast<uint8_t>(body.size() >> 8),
                              static_cast<uint8_t>(body.size())};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

// A ServerHello body with only a supported_versions extension selecting `version`.
std::vector<uint8_t> ServerHello(uint16_t version) {
  std::vector<uint8_t> body = {0x03, 0x03};
  body.insert(body.end(), 32, 0xab);  // random
  body.push_back(0);                  // empty session id
  body.insert(body.end(), {0x13, 0x01, 0x00});
  body.insert(body.end(), {0x00, 0x06, 0x00, 0x2b, 0x00, 0x02, static_cast<uint8_t>(version >> 8),
                           static_cast<uint8_t>(version)});
  return body;
}

TEST(WireObserver, NamesPlaintextHandshakeAndAlerts) {
  WireObserver wire;
  std::vector<uint8_t> hello = Record(22, Handshake(1, {1, 2, 3}));
  std::vector<uint8_t> alert = Record(21, {2, 42});

  wire.Feed(true, hello.data(), hello.size());
  wire.Feed(false, alert.data(), alert.size());

  nlohmann::json records = wire.ToJson();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["messages"][0], "ClientHello");
  EXPECT_EQ(records[0]["from"], "client");
  EXPECT_EQ(records[1]["messages"][0], "fatal:bad_certificate");
  EXPECT_EQ(wire.Alerts(false), std::vector<std::string>{"fatal:bad_certificate"});
}

TEST(WireObserver, ReassemblesRecordsSplitAcrossReads) {
  WireObserver wire;
  std::vector<uint8_t> bytes = Record(22, Handshake(1, std::vector<uint8_t>(300, 7)));

  for (uint8_t byte : bytes) {
    wire.Feed(true, &byte, 1);
  }

  nlohmann::json records = wire.ToJson();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["length"], 304);
  EXPECT_EQ(records[0]["messages"][0], "ClientHello");
}

TEST(WireObserver, HidesEverythingAfterATls13ServerHello) {
  WireObserver wire;
  std::vector<uint8_t> server_hello = Record(22, Handshake(2, ServerHello(0x0304)));
  std::vector<uint8_t> protected_record = Record(23, std::vector<uint8_t>(40, 0));
  std::vector<uint8_t> encrypted_alert = Record(21, std::vector<uint8_t>(19, 0));

  wire.Feed(false, server_hello.data(), server_hello.size());
  wire.Feed(false, protected_record.data(), protected_record.size());
  wire.Feed(true, encrypted_alert.data(), encrypted_alert.size());

  nlohmann::json records = wire.ToJson();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["messages"][0], "ServerHello");
  EXPECT_EQ(records[1]["type"], "encrypted");
  EXPECT_EQ(records[2]["type"], "encrypted");
}

TEST(WireObserver, Tls12EncryptsAfterChangeCipherSpec) {
  WireObserver wire;
  std::vector<uint8_t> server_hello = Record(22, Handshake(2, ServerHello(0x0303)));
  std::vector<uint8_t> ccs = Record(20, {1});
  std::vector<uint8_t> finished = Record(22, std::vector<uint8_t>(40, 0));

  wire.Feed(false, server_hello.data(), server_hello.size());
  wire.Feed(false, ccs.data(), ccs.size());
  wire.Feed(false, finished.data(), finished.size());

  nlohmann::json records = wire.ToJson();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1]["type"], "change_cipher_spec");
  EXPECT_EQ(records[2]["type"], "encrypted");
}

}  // namespace
}  // namespace tlsconform::runner

// Status and Result: the error type every tlsconform library returns.
//
// A Status is either ok or carries an error code and a message that names the file, entry or
// handle concerned. Functions return values; nothing is reported through out-parameters.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tlsconform {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,  // a catalogue entry, file or argument is malformed: exit 2
  kNotFound,      // a named file, object or backend does not exist: exit 2
  kIo,            // reading or writing a file or socket failed
  kCrypto,        // the crypto library refused an operation
  kInternal,      // a bug in tlsconform itself: exit 3
  kCancelled,     // the caller asked to stop (Ctrl-C); nothing was changed: exit 130
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefix returns the same status with `context` and ": " in front of its message, so a
  // caller can say which file or entry the error concerns.
  Status Prefix(const std::string& context) const {
    if (ok()) {
      return *this;
    }
    return Status(code_, context + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidInput(std::string message) {
  return Status(StatusCode::kInvalidInput, std::move(message));
}
inline Status NotFound(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status IoError(std::string message) { return Status(StatusCode::kIo, std::move(message)); }
inline Status CryptoError(std::string message) {
  return Status(StatusCode::kCrypto, std::move(message));
}
inline Status InternalError(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}
inline Status Cancelled(std::string message) {
  return Status(StatusCode::kCancelled, std::move(message));
}

// Result<T> holds a T or a failed Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Status status) : value_(std::move(status)) {}

  bool ok() const { return std::holds_alternative<T>(value_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(value_);
  }
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace tlsconform

// TLSCONFORM_RETURN_IF_ERROR returns the status of `expr` from the enclosing function when it
// is not ok.
#define TLSCONFORM_RETURN_IF_ERROR(expr)   \
  do {                                     \
    ::tlsconform::Status status_ = (expr); \
    if (!status_.ok()) {                   \
      return status_;                      \
    }                                      \
  } while (false)

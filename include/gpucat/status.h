// Status and Result: the values every gpucat layer returns for *expected* errors.
//
// Modelled on leveldb::Status. An expected failure (bad input, a provider that
// is down, a catalog that is too new) is a value, never an exception; exceptions
// are reserved for the truly exceptional (out of memory, a bug) and are caught
// once, at the HTTP edge and in main().
//
// A Status carries a stable machine-readable `code` (snake_case, part of the
// public contract: the HTTP API maps codes to statuses in one table, tests assert
// them) and a human-readable `message`.
//
// Thread-safety: values; safe to copy between threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gpucat {

class Status {
 public:
  // An OK status: ok() is true, code() and message() are empty.
  Status() = default;
  static Status Ok() { return Status(); }
  // An error with a stable `code` (must be non-empty) and a message for humans.
  static Status Error(std::string code, std::string message) { return Status(std::move(code), std::move(message)); }

  bool ok() const { return code_.empty(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  // "ok" or "<code>: <message>".
  std::string ToString() const { return ok() ? "ok" : code_ + ": " + message_; }

 private:
  Status(std::string code, std::string message) : code_(std::move(code)), message_(std::move(message)) {}
  std::string code_;
  std::string message_;
};

// Either a T or a non-OK Status. Accessing value() of an error is a bug
// (std::bad_variant_access), so callers check ok() first.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT: implicit by design
  Result(Status error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  // The error; Status::Ok() when this holds a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace gpucat

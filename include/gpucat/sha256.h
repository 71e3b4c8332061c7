// SHA-256 of a byte string, as 64 lowercase hex digits (OpenSSL EVP).
// Used for document provenance and stable offer ids. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gpucat {
std::string Sha256Hex(std::string_view bytes);
}  // namespace gpucat

#include "gpucat/sha256.h"

#include <openssl/evp.h>

#include <array>

namespace gpucat {

namespace {

// One explicitly fetched SHA-256 implementation for the process, and one
// digest context per thread, reused: EVP_Digest(..., EVP_sha256(), ...) looks
// the implementation up in OpenSSL 3's provider registry and allocates a
// context on every call, which cost more than hashing a short id (a sync
// hashes four strings per offer). Same digest, same bytes.
const EVP_MD* Sha256() {
  static const EVP_MD* md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();  // kept for the process's lifetime
  }();
  return md;
}

struct Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  thread_local Context context;
  EVP_MD_CTX* ctx = context.ctx;
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx, Sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) != 1 || EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1) {
    // Out of memory for the context: the one-shot path.
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(static_cast<size_t>(length) * 2, '\0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace gpucat

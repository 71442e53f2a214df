// token.h: the researcher's bearer token. The token itself is never stored: the data dir keeps a per-install
// random salt (setting "auth.token_salt") and SHA-256(salt + token) as hex ("auth.token_sha256").
// GenerateToken/HashToken/ConstantTimeEquals are pure helpers; TokenStore loads, verifies and rotates the
// token through a Storage.
//
// Thread-safety: the free functions are thread-safe. A TokenStore is safe for concurrent use (Verify from
// every handler thread while another thread rotates); the Storage must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "touchpoint/collector/storage.h"
#include "touchpoint/status.h"

namespace touchpoint::collector {

inline constexpr const char* kTokenSaltSetting = "auth.token_salt";
inline constexpr const char* kTokenHashSetting = "auth.token_sha256";

// `bytes` bytes from the kernel CSPRNG (getrandom, i.e. /dev/urandom), lower-case hex. Throws
// std::runtime_error if the system has no entropy source (a broken environment, not user input).
std::string RandomHex(size_t bytes);

// A new token: 32 random bytes as 64 lower-case hex characters.
std::string GenerateToken();

// SHA-256 of salt followed by token, as 64 lower-case hex characters.
std::string HashToken(std::string_view salt, std::string_view token);

// Equality whose running time depends only on the lengths, not on where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

class TokenStore {
 public:
  // `now_ms` (empty: system clock) decides when Verify re-reads the stored hash: at most once per
  // `reload_interval_ms`, so a `touchpoint token rotate` by another process takes effect within it.
  explicit TokenStore(Storage& storage, std::function<int64_t()> now_ms = {},
                      int64_t reload_interval_ms = 1000);
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;

  // Chooses the token at start-up. An `explicit_token` (TOUCHPOINT_TOKEN or the config's auth.token; must
  // not be empty) wins and nothing is stored. Otherwise the stored hash is used; if there is none, a new
  // token is generated and stored as a hash, and returned so the caller can print it once. Returns nullopt
  // when no new token was made.
  Result<std::optional<std::string>> Init(const std::optional<std::string>& explicit_token);

  // Replaces the stored token with a new one and returns it (to print). Takes effect for Verify at once.
  Result<std::string> Rotate();

  // Whether `presented` is the current token. False before Init or when no token is set.
  bool Verify(std::string_view presented);

 private:
  int64_t Now() const;
  // Reads salt and hash from storage into the members. Caller holds mu_.
  Status LoadLocked();
  Result<std::string> EnsureSaltLocked();

  Storage& storage_;
  const std::function<int64_t()> now_ms_;
  const int64_t reload_interval_ms_;

  std::mutex mu_;
  bool explicit_ = false;     // guarded by mu_
  std::string salt_, hash_;   // guarded by mu_; hash_ empty: no token
  int64_t loaded_at_ms_ = 0;  // guarded by mu_
  bool initialized_ = false;  // guarded by mu_
};

}  // namespace touchpoint::collector

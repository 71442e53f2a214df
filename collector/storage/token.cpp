#include "token.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace touchpoint::collector {

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  size_t filled = 0;
  int interrupted = 0;
  while (filled < bytes) {
    const ssize_t n = getrandom(buf.data() + filled, bytes - filled, 0);
    if (n < 0) {
      if (errno == EINTR && ++interrupted < 100) continue;
      throw std::runtime_error(std::string("getrandom failed: ") + std::strerror(errno));
    }
    filled += static_cast<size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char b : buf) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

std::string GenerateToken() { return RandomHex(32); }

std::string HashToken(std::string_view salt, std::string_view token) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(salt.data(), salt.size());
  sha.update(token.data(), token.size());
  return Poco::DigestEngine::digestToHex(sha.digest());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  const size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

TokenStore::TokenStore(Storage& storage, std::function<int64_t()> now_ms, int64_t reload_interval_ms)
    : storage_(storage), now_ms_(std::move(now_ms)), reload_interval_ms_(reload_interval_ms) {}

int64_t TokenStore::Now() const {
  if (now_ms_) return now_ms_();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status TokenStore::LoadLocked() {
  auto salt = storage_.GetSetting(kTokenSaltSetting);
  if (!salt) return salt.error();
  auto hash = storage_.GetSetting(kTokenHashSetting);
  if (!hash) return hash.error();
  salt_ = salt->value_or("");
  hash_ = salt_.empty() ? std::string() : hash->value_or("");
  loaded_at_ms_ = Now();
  return Ok();
}

Result<std::string> TokenStore::EnsureSaltLocked() {
  auto salt = storage_.GetSetting(kTokenSaltSetting);
  if (!salt) return salt.error();
  if (salt->has_value() && !(*salt)->empty()) return **salt;
  std::string fresh = RandomHex(16);
  TP_RETURN_IF_ERROR(storage_.PutSetting(kTokenSaltSetting, fresh));
  return fresh;
}

Result<std::optional<std::string>> TokenStore::Init(const std::optional<std::string>& explicit_token) {
  std::lock_guard lock(mu_);
  initialized_ = true;
  if (explicit_token) {
    if (explicit_token->empty()) return Error(Code::kInvalid, "the researcher token is empty", "auth.token");
    explicit_ = true;
    salt_ = RandomHex(16);  // in memory only: an explicit token is never written to the data dir
    hash_ = HashToken(salt_, *explicit_token);
    return std::optional<std::string>();
  }
  explicit_ = false;
  TP_RETURN_IF_ERROR(LoadLocked());
  if (!hash_.empty()) return std::optional<std::string>();
  auto salt = EnsureSaltLocked();
  if (!salt) return salt.error();
  std::string token = GenerateToken();
  std::string hash = HashToken(*salt, token);
  TP_RETURN_IF_ERROR(storage_.PutSetting(kTokenHashSetting, hash));
  salt_ = *salt;
  hash_ = std::move(hash);
  loaded_at_ms_ = Now();
  return std::optional<std::string>(std::move(token));
}

Result<std::string> TokenStore::Rotate() {
  std::lock_guard lock(mu_);
  auto salt = EnsureSaltLocked();
  if (!salt) return salt.error();
  std::string token = GenerateToken();
  std::string hash = HashToken(*salt, token);
  TP_RETURN_IF_ERROR(storage_.PutSetting(kTokenHashSetting, hash));
  if (!explicit_) {
    salt_ = *salt;
    hash_ = std::move(hash);
    loaded_at_ms_ = Now();
  }
  return token;
}

bool TokenStore::Verify(std::string_view presented) {
  std::lock_guard lock(mu_);
  if (!initialized_ || presented.empty()) return false;
  if (!explicit_ && Now() - loaded_at_ms_ >= reload_interval_ms_) {
    (void)LoadLocked();  // on a read error the last known token stays in force
  }
  if (hash_.empty()) return false;
  return ConstantTimeEquals(HashToken(salt_, presented), hash_);
}

}  // namespace touchpoint::collector

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "touchpoint/collector/server.h"

namespace touchpoint::collector {
namespace {

class FixedAuth : public ResearcherAuth {
 public:
  explicit FixedAuth(std::string token) : hash_(HashToken(token)) {}
  bool Check(std::string_view presented) const override {
    return !presented.empty() && ConstantTimeEquals(HashToken(presented), hash_);
  }

 private:
  std::string hash_;
};

class StoredAuth : public ResearcherAuth {
 public:
  explicit StoredAuth(Storage& storage) : storage_(storage) {}
  bool Check(std::string_view presented) const override {
    if (presented.empty()) return false;
    Result<std::optional<std::string>> stored = storage_.GetSetting(kTokenHashSetting);
    if (!stored || !stored->has_value()) return false;
    return ConstantTimeEquals(HashToken(presented), **stored);
  }

 private:
  Storage& storage_;
};

}  // namespace

std::shared_ptr<const ResearcherAuth> ResearcherAuth::Fixed(std::string token) {
  return std::make_shared<FixedAuth>(std::move(token));
}

std::shared_ptr<const ResearcherAuth> ResearcherAuth::Stored(Storage& storage) {
  return std::make_shared<StoredAuth>(storage);
}

std::string GenerateToken() { return "tp_" + RandomHex(32); }

std::string HashToken(std::string_view token) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(token.data(), static_cast<unsigned>(token.size()));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

Result<std::string> RotateStoredToken(Storage& storage) {
  std::string token = GenerateToken();
  TP_RETURN_IF_ERROR(storage.PutSetting(kTokenHashSetting, HashToken(token)));
  return token;
}

Result<TokenChoice> ChooseToken(const std::string& env_token, const std::string& config_token,
                                Storage& storage) {
  TokenChoice choice;
  if (!env_token.empty()) {
    choice.source = TokenChoice::Source::kEnv;
    choice.auth = ResearcherAuth::Fixed(env_token);
    return choice;
  }
  if (!config_token.empty()) {
    choice.source = TokenChoice::Source::kConfig;
    choice.auth = ResearcherAuth::Fixed(config_token);
    return choice;
  }
  Result<std::optional<std::string>> stored = storage.GetSetting(kTokenHashSetting);
  if (!stored) return stored.error();
  if (stored->has_value()) {
    choice.source = TokenChoice::Source::kStored;
  } else {
    Result<std::string> token = RotateStoredToken(storage);
    if (!token) return token.error();
    choice.source = TokenChoice::Source::kNew;
    choice.new_token = *token;
  }
  choice.auth = ResearcherAuth::Stored(storage);
  return choice;
}

}  // namespace touchpoint::collector

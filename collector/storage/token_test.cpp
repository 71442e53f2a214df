#include "token.h"

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "testutil/testutil.h"
#include "touchpoint/collector/storage.h"

namespace touchpoint::collector {
namespace {

bool IsLowerHex(const std::string& s) { return s.find_first_not_of("0123456789abcdef") == std::string::npos; }

TEST(TokenTest, GenerateTokenIs64HexCharsAndDiffersEachTime) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string t = GenerateToken();
    EXPECT_EQ(t.size(), 64u);
    EXPECT_TRUE(IsLowerHex(t)) << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(TokenTest, RandomHexHasTheAskedLength) {
  EXPECT_EQ(RandomHex(0), "");
  EXPECT_EQ(RandomHex(1).size(), 2u);
  EXPECT_EQ(RandomHex(16).size(), 32u);
}

TEST(TokenTest, HashTokenIsSha256OfSaltThenToken) {
  // Known SHA-256 values: sha256("abc") and sha256("") (FIPS 180-2 test vectors).
  EXPECT_EQ(HashToken("a", "bc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashToken("", "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashToken("", ""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_NE(HashToken("salt1", "tok"), HashToken("salt2", "tok"));
}

TEST(TokenTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("ab", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a", 1), std::string_view("a\0", 2)));
}

class TokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options;
    auto storage = OpenSqliteStorage(tmp_.str(), options);
    ASSERT_TRUE(storage.ok()) << storage.error().ToString();
    storage_ = std::move(*storage);
  }
  std::optional<std::string> Setting(const char* key) {
    auto v = storage_->GetSetting(key);
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : std::nullopt;
  }

  testutil::TempDir tmp_;
  std::unique_ptr<Storage> storage_;
  int64_t now_ = 1'000'000;
  std::function<int64_t()> clock_ = [this] { return now_; };
};

TEST_F(TokenStoreTest, FirstInitGeneratesAndStoresOnlyTheHash) {
  TokenStore store(*storage_, clock_);
  EXPECT_FALSE(store.Verify("anything")) << "no token before Init";
  auto made = store.Init(std::nullopt);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  ASSERT_TRUE(made->has_value());
  const std::string token = **made;
  EXPECT_EQ(token.size(), 64u);
  const auto salt = Setting(kTokenSaltSetting);
  const auto hash = Setting(kTokenHashSetting);
  ASSERT_TRUE(salt && hash);
  EXPECT_FALSE(salt->empty());
  EXPECT_EQ(*hash, HashToken(*salt, token));
  EXPECT_EQ(hash->find(token), std::string::npos);
  EXPECT_TRUE(store.Verify(token));
  EXPECT_FALSE(store.Verify(token + "x"));
  EXPECT_FALSE(store.Verify(""));
  EXPECT_FALSE(store.Verify(*hash));
}

TEST_F(TokenStoreTest, SecondStartLoadsTheStoredTokenWithoutMakingANewOne) {
  std::string token;
  {
    TokenStore first(*storage_, clock_);
    auto made = first.Init(std::nullopt);
    ASSERT_TRUE(made.ok() && made->has_value());
    token = **made;
  }
  TokenStore second(*storage_, clock_);
  auto made = second.Init(std::nullopt);
  ASSERT_TRUE(made.ok());
  EXPECT_FALSE(made->has_value());
  EXPECT_TRUE(second.Verify(token));
}

TEST_F(TokenStoreTest, ExplicitTokenWinsAndIsNotStored) {
  TokenStore store(*storage_, clock_);
  auto made = store.Init(std::string("from-env"));
  ASSERT_TRUE(made.ok());
  EXPECT_FALSE(made->has_value());
  EXPECT_TRUE(store.Verify("from-env"));
  EXPECT_FALSE(store.Verify("from-env2"));
  EXPECT_FALSE(Setting(kTokenHashSetting).has_value());
  auto empty = store.Init(std::string());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, Code::kInvalid);
}

TEST_F(TokenStoreTest, RotateReplacesTheToken) {
  TokenStore store(*storage_, clock_);
  auto made = store.Init(std::nullopt);
  ASSERT_TRUE(made.ok() && made->has_value());
  const std::string old_token = **made;
  const auto salt_before = Setting(kTokenSaltSetting);
  auto rotated = store.Rotate();
  ASSERT_TRUE(rotated.ok()) << rotated.error().ToString();
  EXPECT_NE(*rotated, old_token);
  EXPECT_TRUE(store.Verify(*rotated));
  EXPECT_FALSE(store.Verify(old_token));
  EXPECT_EQ(Setting(kTokenSaltSetting), salt_before) << "the salt is per install";
  EXPECT_EQ(Setting(kTokenHashSetting), HashToken(*salt_before, *rotated));
}

TEST_F(TokenStoreTest, RotationByAnotherProcessIsSeenAfterTheReloadInterval) {
  TokenStore server(*storage_, clock_, 1000);
  auto made = server.Init(std::nullopt);
  ASSERT_TRUE(made.ok() && made->has_value());
  const std::string old_token = **made;

  auto cli_storage = OpenSqliteStorage(tmp_.str());  // the CLI opens the same data dir
  ASSERT_TRUE(cli_storage.ok());
  TokenStore cli(**cli_storage, clock_);
  auto rotated = cli.Rotate();
  ASSERT_TRUE(rotated.ok());

  now_ += 500;
  EXPECT_TRUE(server.Verify(old_token)) << "within the interval the loaded token stays";
  now_ += 600;
  EXPECT_FALSE(server.Verify(old_token));
  EXPECT_TRUE(server.Verify(*rotated));
}

TEST_F(TokenStoreTest, ConcurrentVerifyWhileRotating) {
  TokenStore store(*storage_, clock_, 0);
  auto made = store.Init(std::nullopt);
  ASSERT_TRUE(made.ok() && made->has_value());
  std::atomic<bool> stop{false};
  std::atomic<int> wrong_accepted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int n = 0; n < 2000 && !stop.load(); ++n) {
        if (store.Verify("definitely-not-the-token")) wrong_accepted++;
      }
    });
  }
  std::string last;
  for (int i = 0; i < 20; ++i) {
    auto r = store.Rotate();
    ASSERT_TRUE(r.ok());
    last = *r;
  }
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong_accepted.load(), 0);
  EXPECT_TRUE(store.Verify(last));
}

}  // namespace
}  // namespace touchpoint::collector

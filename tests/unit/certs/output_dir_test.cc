// Where WriteFixtureSet writes, and what it refuses to overwrite.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "test_support.h"
#include "tlsconform/certs/fixture_set.h"

namespace tlsconform::certs::testing {
namespace {

namespace fs = std::filesystem;

class OutputDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteSmallCatalogue(dir_.path() / "catalogue");
    Result<Catalogue> catalogue = LoadCatalogue(dir_.path() / "catalogue");
    ASSERT_TRUE(catalogue.ok()) << catalogue.status().message();
    catalogue_ = std::move(catalogue).value();
  }

  // Siblings returns the names in the folder that holds `path`.
  static std::vector<std::string> Siblings(const fs::path& path) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path.parent_path())) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  TempDir dir_;
  Catalogue catalogue_;
};

TEST_F(OutputDirTest, UnwritableOutDirIsAnErrorNamingThePath) {
  // A regular file where a folder is needed fails even for root, unlike permission bits.
  WriteFile(dir_.path() / "a-file", "not a folder");
  fs::path out = dir_.path() / "a-file" / "set";

  Status status = WriteFixtureSet(catalogue_, out, kDefaultSeed);

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIo);
  EXPECT_NE(status.message().find(out.string()), std::string::npos) << status.message();
}

TEST_F(OutputDirTest, CreatesMissingParentsAndLeavesNoTemporaryFolders) {
  fs::path out = dir_.path() / "deep" / "er" / "set";

  Status status = WriteFixtureSet(catalogue_, out, kDefaultSeed);

  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(fs::exists(out / "manifest.json"));
  EXPECT_EQ(Siblings(out), std::vector<std::string>{"set"});
}

TEST_F(OutputDirTest, ReplacesAnEarlierSetCompletely) {
  fs::path out = dir_.path() / "set";
  ASSERT_TRUE(WriteFixtureSet(catalogue_, out, "first").ok());
  WriteFile(out / "objects" / "stale.pem", "left over");

  Status status = WriteFixtureSet(catalogue_, out, "second");

  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_FALSE(fs::exists(out / "objects" / "stale.pem"));
  EXPECT_NE(ReadFile(out / "manifest.json").find("\"second\""), std::string::npos);
  EXPECT_EQ(Siblings(out), (std::vector<std::string>{"catalogue", "set"}));
}

TEST_F(OutputDirTest, RefusesToReplaceAFolderThatIsNotAFixtureSet) {
  fs::path out = dir_.path() / "precious";
  WriteFile(out / "thesis.txt", "years of work");

  Status status = WriteFixtureSet(catalogue_, out, kDefaultSeed);

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(out.string()), std::string::npos) << status.message();
  EXPECT_EQ(ReadFile(out / "thesis.txt"), "years of work");
}

TEST_F(OutputDirTest, WritesIntoAnEmptyExistingFolder) {
  fs::path out = dir_.path() / "empty";
  fs::create_directories(out);

  ASSERT_TRUE(WriteFixtureSet(catalogue_, out, kDefaultSeed).ok());
  EXPECT_TRUE(fs::exists(out / "fixtures" / "small" / "pss" / "crl.pem"));
}

}  // namespace
}  // namespace tlsconform::certs::testing

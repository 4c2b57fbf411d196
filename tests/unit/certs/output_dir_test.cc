// Where WriteFixtureSet writes, and what it refuses to overwrite.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <map>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

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
  // The first set has one object more than the second will.
  WriteFile(dir_.path() / "catalogue" / "c-extra.toml",
            "[key.extra-key]\ntype = \"ec\"\n"
            "curve = \"P-256\"\n");
  Result<Catalogue> bigger = LoadCatalogue(dir_.path() / "catalogue");
  ASSERT_TRUE(bigger.ok()) << bigger.status().message();
  ASSERT_TRUE(WriteFixtureSet(*bigger, out, "first").ok());
  ASSERT_TRUE(fs::exists(out / "objects" / "extra-key.pem"));
  fs::create_directories(out / "an-empty-folder");  // empty folders hold nothing to lose

  Status status = WriteFixtureSet(catalogue_, out, "second");

  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_FALSE(fs::exists(out / "objects" / "extra-key.pem"));
  EXPECT_FALSE(fs::exists(out / "an-empty-folder"));
  EXPECT_NE(ReadFile(out / "manifest.json").find("\"second\""), std::string::npos);
  EXPECT_EQ(Siblings(out), (std::vector<std::string>{"catalogue", "set"}));
}

// A set with a user's files beside it is refused, naming the first such file, and nothing
// in it changes: regenerating must never delete a user's files.
TEST_F(OutputDirTest, RefusesASetThatAlsoHoldsAUsersFiles) {
  fs::path out = dir_.path() / "set";
  ASSERT_TRUE(WriteFixtureSet(catalogue_, out, "first").ok());
  WriteFile(out / "NOTES.txt", "my notes");
  WriteFile(out / "mine" / "y", "mine");
  std::map<std::string, std::string> before = ReadTree(out);

  Status status = WriteFixtureSet(catalogue_, out, "second");

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIo);
  EXPECT_NE(status.message().find((out / "NOTES.txt").string()), std::string::npos)
      << status.message();
  EXPECT_EQ(ReadTree(out), before);
  EXPECT_EQ(Siblings(out), (std::vector<std::string>{"catalogue", "set"}));
}

TEST_F(OutputDirTest, RefusesASetWithAUsersFileInAFolderOfItsOwn) {
  fs::path out = dir_.path() / "set";
  ASSERT_TRUE(WriteFixtureSet(catalogue_, out, "first").ok());
  WriteFile(out / "mine" / "y", "mine");
  std::map<std::string, std::string> before = ReadTree(out);

  Status status = WriteFixtureSet(catalogue_, out, "second");

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find((out / "mine" / "y").string()), std::string::npos)
      << status.message();
  EXPECT_EQ(ReadTree(out), before);
}

TEST_F(OutputDirTest, RefusesAFakeManifestBesideOtherFiles) {
  fs::path out = dir_.path() / "fake";
  WriteFile(out / "manifest.json", R"({"format": "tlsconform-fixtures"})");
  WriteFile(out / "precious.txt", "irreplaceable");

  Status status = WriteFixtureSet(catalogue_, out, kDefaultSeed);

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find((out / "precious.txt").string()), std::string::npos)
      << status.message();
  EXPECT_EQ(ReadFile(out / "precious.txt"), "irreplaceable");
  EXPECT_EQ(ReadFile(out / "manifest.json"), R"({"format": "tlsconform-fixtures"})");
}

TEST_F(OutputDirTest, RefusesASetHoldingASymbolicLink) {
  fs::path out = dir_.path() / "set";
  ASSERT_TRUE(WriteFixtureSet(catalogue_, out, "first").ok());
  WriteFile(dir_.path() / "elsewhere.txt", "kept");
  fs::create_symlink(dir_.path() / "elsewhere.txt", out / "objects" / "link.pem");

  Status status = WriteFixtureSet(catalogue_, out, "second");

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find((out / "objects" / "link.pem").string()), std::string::npos)
      << status.message();
  EXPECT_TRUE(fs::is_symlink(out / "objects" / "link.pem"));
  EXPECT_EQ(ReadFile(dir_.path() / "elsewhere.txt"), "kept");
}

// Renaming a new set onto a symbolic link would replace the link, not the set it points
// to; the error says so instead of failing halfway with a misleading message.
TEST_F(OutputDirTest, RefusesASymbolicLinkToASetNamingIt) {
  fs::path real = dir_.path() / "real-set";
  ASSERT_TRUE(WriteFixtureSet(catalogue_, real, "first").ok());
  std::map<std::string, std::string> before = ReadTree(real);
  fs::path link = dir_.path() / "link";
  fs::create_directory_symlink(real, link);

  Status status = WriteFixtureSet(catalogue_, link, "second");

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(link.string() + ": is a symbolic link"), std::string::npos)
      << status.message();
  EXPECT_EQ(status.message().find("Success"), std::string::npos) << status.message();
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(ReadTree(real), before);
  EXPECT_EQ(Siblings(link), (std::vector<std::string>{"catalogue", "link", "real-set"}));
}

// The folder is checked before seconds go into generation: a catalogue that would fail
// only after generation (a false claim) still fails on the folder.
TEST_F(OutputDirTest, RefusesTheFolderBeforeGenerating) {
  fs::path out = dir_.path() / "precious";
  WriteFile(out / "thesis.txt", "years of work");
  WriteFile(dir_.path() / "catalogue" / "a-pki.toml",
            ReadFile(dir_.path() / "catalogue" / "a-pki.toml") +
                "[fixture.claims]\nvalidity = \"expired\"\n");
  Result<Catalogue> false_claim = LoadCatalogue(dir_.path() / "catalogue");
  ASSERT_TRUE(false_claim.ok()) << false_claim.status().message();

  Status status = WriteFixtureSet(*false_claim, out, kDefaultSeed);

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find((out / "thesis.txt").string()), std::string::npos)
      << status.message();
  EXPECT_EQ(status.message().find("claim"), std::string::npos) << status.message();
}

// ImmutableFlag sets FS_IMMUTABLE_FL (chattr +i) on a folder for its lifetime. Setting it
// needs CAP_LINUX_IMMUTABLE and a file system that has the flag; set() says whether it took.
class ImmutableFlag {
 public:
  explicit ImmutableFlag(const fs::path& path) : fd_(open(path.c_str(), O_RDONLY | O_DIRECTORY)) {
    int flags = 0;
    if (fd_ >= 0 && ioctl(fd_, FS_IOC_GETFLAGS, &flags) == 0) {
      flags_ = flags;
      flags |= FS_IMMUTABLE_FL;
      set_ = ioctl(fd_, FS_IOC_SETFLAGS, &flags) == 0;
    }
  }
  ~ImmutableFlag() {
    if (set_) {
      ioctl(fd_, FS_IOC_SETFLAGS, &flags_);
    }
    if (fd_ >= 0) {
      close(fd_);
    }
  }
  ImmutableFlag(const ImmutableFlag&) = delete;
  ImmutableFlag& operator=(const ImmutableFlag&) = delete;
  bool set() const { return set_; }

 private:
  int fd_;
  int flags_ = 0;
  bool set_ = false;
};

// When the previous set cannot be moved aside, the error says why: the clean-up that
// follows must not replace the real error with its own success.
TEST_F(OutputDirTest, ImmutableOutDirReportsTheRealError) {
  fs::path out = dir_.path() / "set";
  ASSERT_TRUE(WriteFixtureSet(catalogue_, out, "first").ok());
  std::map<std::string, std::string> before = ReadTree(out);
  ImmutableFlag immutable(out);
  if (!immutable.set()) {
    GTEST_SKIP() << "cannot make a folder immutable here (needs CAP_LINUX_IMMUTABLE)";
  }

  Status status = WriteFixtureSet(catalogue_, out, "second");

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("cannot move the previous set aside: " +
                                  std::error_code(EPERM, std::generic_category()).message()),
            std::string::npos)
      << status.message();
  EXPECT_EQ(status.message().find("Success"), std::string::npos) << status.message();
  EXPECT_EQ(ReadTree(out), before);
  EXPECT_EQ(Siblings(out), (std::vector<std::string>{"catalogue", "set"}));
}

TEST_F(OutputDirTest, CancelledBeforeTheCallWritesNothing) {
  fs::path out = dir_.path() / "set";
  std::atomic<bool> cancel = true;

  Status status = WriteFixtureSet(catalogue_, out, kDefaultSeed, &cancel);

  EXPECT_EQ(status.code(), StatusCode::kCancelled) << status.message();
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(Siblings(out), std::vector<std::string>{"catalogue"});
}

TEST_F(OutputDirTest, CancelledLeavesAnEarlierSetAsItWas) {
  fs::path out = dir_.path() / "set";
  ASSERT_TRUE(WriteFixtureSet(catalogue_, out, "first").ok());
  std::map<std::string, std::string> before = ReadTree(out);
  std::atomic<bool> cancel = true;

  Status status = WriteFixtureSet(catalogue_, out, "second", &cancel);

  EXPECT_EQ(status.code(), StatusCode::kCancelled) << status.message();
  EXPECT_EQ(ReadTree(out), before);
  EXPECT_EQ(Siblings(out), (std::vector<std::string>{"catalogue", "set"}));
}

// Cancelling while keys are being generated stops between objects. The real catalogue
// takes seconds (RSA keys up to 4096 bits); the flag is set well within that.
TEST(OutputDirCancelTest, CancelledWhileGeneratingStopsBetweenObjects) {
  TempDir dir;
  Result<Catalogue> catalogue = LoadCatalogue(CatalogueDir());
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().message();
  fs::path out = dir.path() / "set";
  std::atomic<bool> cancel = false;

  std::thread canceller([&cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  Status status = WriteFixtureSet(*catalogue, out, kDefaultSeed, &cancel);
  canceller.join();

  EXPECT_EQ(status.code(), StatusCode::kCancelled) << status.message();
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::is_empty(dir.path()));
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

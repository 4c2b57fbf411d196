#include "tree_writer.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace tlsconform::certs::internal {
namespace {

namespace fs = std::filesystem;

std::string Describe(const fs::path& path, const std::string& problem) {
  return path.string() + ": " + problem;
}

// MakeSiblingFolder creates a fresh, uniquely named folder ".<name>.<tag>-XXXXXX" beside
// `out_dir`. Beside it, not in /tmp, so that the final rename stays within one file system.
Result<fs::path> MakeSiblingFolder(const fs::path& out_dir, const std::string& tag) {
  std::string pattern =
      (out_dir.parent_path() / ("." + out_dir.filename().string() + "." + tag + "-XXXXXX"))
          .string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return IoError(Describe(
        out_dir, "cannot create a folder beside it: " + std::string(std::strerror(errno))));
  }
  return fs::path(pattern);
}

Status WriteFile(const fs::path& path, const std::string& contents) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    return IoError(Describe(path.parent_path(), error.message()));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) {
    return IoError(Describe(path, "cannot be written"));
  }
  return Status::Ok();
}

Status WriteAll(const FileTree& tree, const fs::path& folder) {
  for (const auto& [relative, contents] : tree) {
    TLSCONFORM_RETURN_IF_ERROR(WriteFile(folder / relative, contents));
  }
  // mkdtemp made the folder private (0700); a fixture set is test data that other users
  // and processes read.
  std::error_code error;
  fs::permissions(folder,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  error);
  if (error) {
    return IoError(Describe(folder, error.message()));
  }
  return Status::Ok();
}

// Swap moves `fresh` to `out_dir`, moving an existing `out_dir` aside first and removing it
// afterwards. Between the two renames `out_dir` briefly does not exist; it never holds a
// partial set.
Status Swap(const fs::path& fresh, const fs::path& out_dir) {
  std::error_code error;
  if (!fs::exists(out_dir, error)) {
    fs::rename(fresh, out_dir, error);
    return error ? IoError(Describe(out_dir,
                                    "cannot rename the new set into place: " + error.message()))
                 : Status::Ok();
  }

  Result<fs::path> old = MakeSiblingFolder(out_dir, "old");
  if (!old.ok()) {
    return old.status();
  }
  // rename(2) replaces the empty folder mkdtemp just made.
  fs::rename(out_dir, *old, error);
  if (error) {
    fs::remove(*old, error);
    return IoError(Describe(out_dir, "cannot move the previous set aside: " + error.message()));
  }
  fs::rename(fresh, out_dir, error);
  if (error) {
    std::string problem = error.message();
    fs::rename(*old, out_dir, error);  // put the previous set back
    return IoError(Describe(out_dir, "cannot rename the new set into place: " + problem));
  }
  fs::remove_all(*old, error);
  if (error) {
    return IoError(Describe(*old, "the previous set could not be removed: " + error.message()));
  }
  return Status::Ok();
}

}  // namespace

Status CheckOutDir(const fs::path& out_dir, bool (*is_replaceable)(const fs::path&)) {
  std::error_code error;
  if (!fs::exists(out_dir, error)) {
    return Status::Ok();
  }
  if (!fs::is_directory(out_dir, error)) {
    return IoError(Describe(out_dir, "exists and is not a folder"));
  }
  if (!fs::is_empty(out_dir, error) && !is_replaceable(out_dir)) {
    return IoError(Describe(out_dir, "exists and is not a fixture set; refusing to replace it"));
  }
  return Status::Ok();
}

Status WriteTreeReplacing(const FileTree& tree, const fs::path& out_dir_argument,
                          bool (*is_replaceable)(const fs::path&)) {
  TLSCONFORM_RETURN_IF_ERROR(CheckOutDir(out_dir_argument, is_replaceable));

  // "out/" and "out" name the same folder; the sibling folders need its real name.
  std::error_code error;
  fs::path out_dir = fs::absolute(out_dir_argument, error).lexically_normal();
  if (error) {
    return IoError(Describe(out_dir_argument, error.message()));
  }
  if (!out_dir.has_filename()) {
    out_dir = out_dir.parent_path();
  }
  fs::create_directories(out_dir.parent_path(), error);
  if (error) {
    return IoError(
        Describe(out_dir_argument, "cannot create its parent folder: " + error.message()));
  }

  Result<fs::path> fresh = MakeSiblingFolder(out_dir, "tmp");
  if (!fresh.ok()) {
    return fresh.status();
  }
  Status status = WriteAll(tree, *fresh);
  if (status.ok()) {
    status = Swap(*fresh, out_dir);
  }
  if (!status.ok()) {
    fs::remove_all(*fresh, error);  // best effort: the error that matters is `status`
  }
  return status;
}

}  // namespace tlsconform::certs::internal

#include "tree_writer.h"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

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

bool IsCancelled(const std::atomic<bool>* cancel) { return cancel != nullptr && cancel->load(); }

Status WriteAll(const FileTree& tree, const fs::path& folder, const std::atomic<bool>* cancel) {
  for (const auto& [relative, contents] : tree) {
    if (IsCancelled(cancel)) {
      return Cancelled(Describe(folder, "writing cancelled"));
    }
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
// partial set. Every message carries the error of the step that failed: clean-up steps use
// their own error_code, so that their success cannot overwrite it.
Status Swap(const fs::path& fresh, const fs::path& out_dir) {
  std::error_code error;
  fs::file_status existing = fs::symlink_status(out_dir, error);
  if (!fs::exists(existing)) {
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
    std::string problem = error.message();
    std::error_code ignored;
    fs::remove(*old, ignored);  // best effort: the error that matters is `problem`
    return IoError(Describe(out_dir, "cannot move the previous set aside: " + problem));
  }
  fs::rename(fresh, out_dir, error);
  if (error) {
    std::string message = "cannot rename the new set into place: " + error.message();
    std::error_code restore_error;
    fs::rename(*old, out_dir, restore_error);  // put the previous set back
    if (restore_error) {
      message += "; the previous set could not be put back and is kept at " + old->string() + " (" +
                 restore_error.message() + ")";
    }
    return IoError(Describe(out_dir, message));
  }
  fs::remove_all(*old, error);
  if (error) {
    return IoError(Describe(*old, "the previous set could not be removed: " + error.message()));
  }
  return Status::Ok();
}

// NormalOutDir returns `out_dir` absolute and without a trailing '/': "out/" and "out" name
// the same folder, the sibling folders need its real name, and "link/" would follow a
// symbolic link that "link" does not.
Result<fs::path> NormalOutDir(const fs::path& out_dir_argument) {
  std::error_code error;
  fs::path out_dir = fs::absolute(out_dir_argument, error).lexically_normal();
  if (error) {
    return IoError(Describe(out_dir_argument, error.message()));
  }
  if (!out_dir.has_filename()) {
    out_dir = out_dir.parent_path();
  }
  return out_dir;
}

// CheckEntries returns Ok when every entry under `folder`, recursively, is a folder or a
// regular file `owned` lists; else an error naming the first other one. Entries are visited
// in name order, depth first, so that the one named does not depend on the file system.
Status CheckEntries(const fs::path& out_dir, const fs::path& folder,
                    const std::optional<std::set<std::string>>& owned) {
  std::error_code error;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    entries.push_back(it->path());
  }
  if (error) {
    return IoError(Describe(out_dir, "refusing to replace it: " + folder.string() +
                                         " cannot be listed: " + error.message()));
  }
  std::sort(entries.begin(), entries.end());

  for (const fs::path& entry : entries) {
    fs::file_status status = fs::symlink_status(entry, error);
    if (error) {
      return IoError(
          Describe(out_dir, "refusing to replace it: " + entry.string() + ": " + error.message()));
    }
    if (fs::is_directory(status)) {
      TLSCONFORM_RETURN_IF_ERROR(CheckEntries(out_dir, entry, owned));
      continue;
    }
    std::string problem;
    if (fs::is_symlink(status)) {
      problem = "is a symbolic link, which no fixture set holds";
    } else if (!fs::is_regular_file(status)) {
      problem = "is not a regular file, which no fixture set holds";
    } else if (!owned) {
      problem = "is not part of a fixture set (the folder has no fixture set manifest.json)";
    } else if (!owned->contains(entry.lexically_relative(out_dir).generic_string())) {
      problem = "is not listed in the folder's manifest.json";
    } else {
      continue;
    }
    return IoError(Describe(out_dir, "refusing to replace it: " + entry.string() + " " + problem +
                                         "; move it away or choose another folder"));
  }
  return Status::Ok();
}

}  // namespace

Status CheckOutDir(const fs::path& out_dir_argument, OwnedFiles owned_files) {
  Result<fs::path> out_dir = NormalOutDir(out_dir_argument);
  if (!out_dir.ok()) {
    return out_dir.status();
  }
  std::error_code error;
  fs::file_status status = fs::symlink_status(*out_dir, error);
  if (status.type() == fs::file_type::not_found) {
    return Status::Ok();  // also when a parent is missing or a file: creating it will say
  }
  if (error) {
    return IoError(Describe(*out_dir, error.message()));
  }
  if (fs::is_symlink(status)) {
    // Renaming would replace the link, not the folder it points to: say so instead.
    fs::path target = fs::read_symlink(*out_dir, error);
    return IoError(Describe(*out_dir, "is a symbolic link (to " + target.string() +
                                          "); refusing to replace it, give the folder itself"));
  }
  if (!fs::is_directory(status)) {
    return IoError(Describe(*out_dir, "exists and is not a folder"));
  }
  return CheckEntries(*out_dir, *out_dir, owned_files(*out_dir));
}

Status WriteTreeReplacing(const FileTree& tree, const fs::path& out_dir_argument,
                          OwnedFiles owned_files, const std::atomic<bool>* cancel) {
  TLSCONFORM_RETURN_IF_ERROR(CheckOutDir(out_dir_argument, owned_files));
  Result<fs::path> normal = NormalOutDir(out_dir_argument);
  if (!normal.ok()) {
    return normal.status();
  }
  const fs::path& out_dir = *normal;

  std::error_code error;
  fs::create_directories(out_dir.parent_path(), error);
  if (error) {
    return IoError(
        Describe(out_dir_argument, "cannot create its parent folder: " + error.message()));
  }

  Result<fs::path> fresh = MakeSiblingFolder(out_dir, "tmp");
  if (!fresh.ok()) {
    return fresh.status();
  }
  Status status = WriteAll(tree, *fresh, cancel);
  if (status.ok() && IsCancelled(cancel)) {
    status = Cancelled(Describe(out_dir, "writing cancelled"));
  }
  if (status.ok()) {
    status = Swap(*fresh, out_dir);
  }
  if (!status.ok()) {
    fs::remove_all(*fresh, error);  // best effort: the error that matters is `status`
  }
  return status;
}

}  // namespace tlsconform::certs::internal

// WriteTreeReplacing: puts a FileTree on disk as one folder, all or nothing.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "fixture_layout.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

// OwnedFiles returns the files an earlier write left in folder `dir`, by path relative to
// it with '/', record included: the files that may be replaced with the folder. nullopt
// when `dir` holds no record of such a write.
using OwnedFiles = std::optional<std::set<std::string>> (*)(const std::filesystem::path& dir);

// CheckOutDir returns Ok when `out_dir` may be replaced: it does not exist, or it is a folder
// (not a symbolic link to one) in which every entry, recursively, is a folder or a regular
// file that `owned_files(out_dir)` lists. Anything else there (a file the record does not
// list, a symbolic link, a socket...) is a user's, and the error names the first one, in
// path order. It only reads.
Status CheckOutDir(const std::filesystem::path& out_dir, OwnedFiles owned_files);

// WriteTreeReplacing writes `tree` into a new temporary folder beside `out_dir` and renames
// it to `out_dir` once every file is written. An existing `out_dir` is replaced at that
// moment, but only when CheckOutDir allows it; otherwise nothing is written. `cancel`, when
// not null, is read between files and once more before the rename: when it is set the
// result is a kCancelled Status. On any failure the temporary folder is removed and
// `out_dir` is left as it was.
Status WriteTreeReplacing(const FileTree& tree, const std::filesystem::path& out_dir,
                          OwnedFiles owned_files, const std::atomic<bool>* cancel = nullptr);

}  // namespace tlsconform::certs::internal

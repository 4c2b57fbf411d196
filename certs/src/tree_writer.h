// WriteTreeReplacing: puts a FileTree on disk as one folder, all or nothing.
#pragma once

#include <filesystem>

#include "fixture_layout.h"
#include "tlsconform/status.h"

namespace tlsconform::certs::internal {

// CheckOutDir returns Ok when `out_dir` does not exist, is an empty folder, or is a folder
// `is_replaceable` accepts: the folders WriteTreeReplacing may replace.
Status CheckOutDir(const std::filesystem::path& out_dir,
                   bool (*is_replaceable)(const std::filesystem::path&));

// WriteTreeReplacing writes `tree` into a new temporary folder beside `out_dir` and renames
// it to `out_dir` once every file is written. An existing `out_dir` is replaced at that
// moment, but only when CheckOutDir allows it; otherwise nothing is written. On failure the
// temporary folder is removed and `out_dir` is left as it was.
Status WriteTreeReplacing(const FileTree& tree, const std::filesystem::path& out_dir,
                          bool (*is_replaceable)(const std::filesystem::path&));

}  // namespace tlsconform::certs::internal

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {

namespace {

// WriteTemporary writes `content` beside `path` under a temporary name, which it returns.
Result<std::filesystem::path> WriteTemporary(const std::filesystem::path& path,
                                             const std::string& content) {
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  if (!out) {
    return IoError(path.string() + ": cannot write: " + std::strerror(errno));
  }
  out << content;
  out.flush();
  if (!out) {
    out.close();
    std::filesystem::remove(temporary);
    return IoError(path.string() + ": write failed: " + std::strerror(errno));
  }
  return temporary;
}

// The reports of a complete run, in the order they are renamed into place: report.json last,
// so that its presence says the others are from the same run.
constexpr const char* kReportNames[] = {"junit.xml", "summary.md", "report.html", "report.json"};

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path, const std::string& content) {
  Result<std::filesystem::path> temporary = WriteTemporary(path, content);
  if (!temporary.ok()) {
    return temporary.status();
  }
  std::error_code error;
  std::filesystem::rename(*temporary, path, error);
  if (error) {
    std::filesystem::remove(*temporary);
    return IoError(path.string() + ": cannot rename into place: " + error.message());
  }
  return Status::Ok();
}

Status CheckReportTargets(const std::filesystem::path& dir) {
  for (const char* name : kReportNames) {
    const std::filesystem::path path = dir / name;
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::symlink_status(path, error);
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
      return IoError(path.string() +
                     ": exists and is not a regular file; a report cannot be "
                     "written there");
    }
  }
  return Status::Ok();
}

Status WriteReports(const RunRecord& run, const std::filesystem::path& dir) {
  if (!run.info.complete) {
    return WriteFileAtomically(dir / "report.partial.json", RenderReportJson(run));
  }
  TLSCONFORM_RETURN_IF_ERROR(CheckReportTargets(dir));

  // 1. Every report under a temporary name first: a failure here leaves the folder as it was.
  const std::string contents[] = {RenderJunitXml(run), RenderSummaryMarkdown(run),
                                  RenderReportHtml(run), RenderReportJson(run)};
  std::vector<std::filesystem::path> temporaries;
  auto remove_temporaries = [&temporaries] {
    std::error_code ignored;
    for (const std::filesystem::path& temporary : temporaries) {
      std::filesystem::remove(temporary, ignored);
    }
  };
  for (size_t i = 0; i < std::size(kReportNames); ++i) {
    Result<std::filesystem::path> temporary = WriteTemporary(dir / kReportNames[i], contents[i]);
    if (!temporary.ok()) {
      remove_temporaries();
      return temporary.status();
    }
    temporaries.push_back(*temporary);
  }

  // 2. Into place. An earlier run's report.json goes first, so that no report.json stands
  // beside reports of another run while the others are renamed.
  std::error_code error;
  std::filesystem::remove(dir / "report.json", error);
  for (size_t i = 0; i < std::size(kReportNames); ++i) {
    std::filesystem::rename(temporaries[i], dir / kReportNames[i], error);
    if (error) {
      temporaries.erase(temporaries.begin(), temporaries.begin() + static_cast<long>(i));
      remove_temporaries();
      return IoError((dir / kReportNames[i]).string() +
                     ": cannot rename into place: " + error.message());
    }
  }
  std::error_code ignored;  // a stale partial report from an earlier run is no longer news
  std::filesystem::remove(dir / "report.partial.json", ignored);
  return Status::Ok();
}

}  // namespace tlsconform::reports

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {

Status WriteFileAtomically(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return IoError(path.string() + ": cannot write: " + std::strerror(errno));
    }
    out << content;
    out.flush();
    if (!out) {
      std::filesystem::remove(temporary);
      return IoError(path.string() + ": write failed: " + std::strerror(errno));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary);
    return IoError(path.string() + ": cannot rename into place: " + error.message());
  }
  return Status::Ok();
}

Status WriteReports(const RunRecord& run, const std::filesystem::path& dir) {
  if (!run.info.complete) {
    return WriteFileAtomically(dir / "report.partial.json", RenderReportJson(run));
  }
  TLSCONFORM_RETURN_IF_ERROR(WriteFileAtomically(dir / "junit.xml", RenderJunitXml(run)));
  TLSCONFORM_RETURN_IF_ERROR(WriteFileAtomically(dir / "summary.md", RenderSummaryMarkdown(run)));
  TLSCONFORM_RETURN_IF_ERROR(WriteFileAtomically(dir / "report.html", RenderReportHtml(run)));
  // report.json last: its presence says the others are from the same run.
  TLSCONFORM_RETURN_IF_ERROR(WriteFileAtomically(dir / "report.json", RenderReportJson(run)));
  std::error_code ignored;  // a stale partial report from an earlier run is no longer news
  std::filesystem::remove(dir / "report.partial.json", ignored);
  return Status::Ok();
}

}  // namespace tlsconform::reports

// ReadReportJson: report.json back into a RunRecord, the inverse of RenderReportJson.
//
// Used by the commands that work on finished runs (`tlsconform merge`, `tlsconform diff`).
// RenderReportJson(ReadReportJson(file)) gives the file's object back.
#pragma once

#include <filesystem>
#include <string>

#include "tlsconform/reports/run_record.h"
#include "tlsconform/status.h"

namespace tlsconform::reports {

// ReadReportJson reads a report.json (or report.partial.json) of schema version 1; a folder
// is read as FOLDER/report.json. A missing file is NotFound and an unreadable one an IoError;
// one that is not JSON, has another schema or version, or has a missing or mistyped field is
// an InvalidInput error naming the file and the field ("out/report.json: cases[3]
// (server/openssl/tls1.3/sig::x).verdict: ..."). Fields added within version 1 after its
// first writer (`position`, `shard`, `gate`, `tier`, `stale_baseline`) may be absent: they
// read as the case's index, null, false, "full" and empty. `totals` must agree with the
// cases, and case ids and positions must be unique.
Result<RunRecord> ReadReportJson(const std::filesystem::path& path);

// ParseReportJson is ReadReportJson on text already read; `name` is used in errors.
Result<RunRecord> ParseReportJson(const std::string& text, const std::string& name);

}  // namespace tlsconform::reports

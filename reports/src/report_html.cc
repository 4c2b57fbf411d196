// report.html: the run as one self-contained page for people. The page itself (markup, style
// and script) lives in reports/html/ and is compiled in by reports/html/embed.cmake; this file
// only puts the run's data into it, as the same JSON object as report.json.
#include <string>
#include <string_view>

#include "tlsconform/reports/writers.h"

namespace tlsconform::reports {

// ReportHtmlTemplate returns the page with its style and script inlined and one @REPORT_DATA@
// marker inside <script type="application/json" id="report-data">. Defined in the
// report_html_template.cc that embed.cmake generates; the build checks the marker occurs
// exactly once.
std::string_view ReportHtmlTemplate();

namespace {

constexpr std::string_view kDataMarker = "@REPORT_DATA@";

// EscapeForScript makes JSON text safe as the content of a <script> element: every '<' becomes
// the JSON escape \u003c, so no "</script>" (or "<!--", which changes how the element ends) in
// a detail or error string can end the element early. In JSON text '<' only occurs inside
// strings, where the escape stands for the same character, so JSON.parse gives back the same
// object as report.json.
std::string EscapeForScript(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string RenderReportHtml(const RunRecord& run) {
  const std::string_view page = ReportHtmlTemplate();
  const std::size_t marker = page.find(kDataMarker);
  const std::string data = EscapeForScript(RenderReportJson(run));

  std::string out;
  out.reserve(page.size() + data.size());
  out.append(page.substr(0, marker));
  out.append(data);
  out.append(page.substr(marker + kDataMarker.size()));
  return out;
}

}  // namespace tlsconform::reports

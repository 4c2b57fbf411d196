# report.html: RenderReportHtml (src/report_html.cc) and the page it fills in, which lives in
# this folder and is compiled into the library by embed.cmake. Included from
# reports/CMakeLists.txt, so it runs in that directory's scope.
set(_report_html_inputs
  ${CMAKE_CURRENT_LIST_DIR}/report.html.in
  ${CMAKE_CURRENT_LIST_DIR}/report.css
  ${CMAKE_CURRENT_LIST_DIR}/report.js)
set(_report_html_generated ${CMAKE_CURRENT_BINARY_DIR}/report_html_template.cc)

add_custom_command(
  OUTPUT ${_report_html_generated}
  COMMAND ${CMAKE_COMMAND} -DINPUT_DIR=${CMAKE_CURRENT_LIST_DIR}
          -DOUTPUT=${_report_html_generated} -P ${CMAKE_CURRENT_LIST_DIR}/embed.cmake
  DEPENDS ${_report_html_inputs} ${CMAKE_CURRENT_LIST_DIR}/embed.cmake
  COMMENT "Embedding reports/html/ (report.html page)"
  VERBATIM)

target_sources(tlsconform_reports PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/src/report_html.cc
  ${_report_html_generated})

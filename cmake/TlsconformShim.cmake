# tlsconform_add_shim(NAME <backend> SOURCES ... LIBRARIES ... [INCLUDES ...] [RPATH dir])
#
# Creates the executable tlsconform-shim-<backend> from the shared driver plus the backend's
# sources, and records the backend in TLSCONFORM_BUILT_BACKENDS so the runner knows it.
# Every shim gets the same flags through this one function.
function(tlsconform_add_shim)
  cmake_parse_arguments(SHIM "" "NAME;RPATH" "SOURCES;LIBRARIES;INCLUDES" ${ARGN})
  set(target tlsconform-shim-${SHIM_NAME})
  add_executable(${target} ${SHIM_SOURCES})
  target_link_libraries(${target} PRIVATE tlsconform_shim_driver ${SHIM_LIBRARIES})
  if(SHIM_INCLUDES)
    # BEFORE: a backend's own headers must win over the system's OpenSSL headers.
    target_include_directories(${target} BEFORE PRIVATE ${SHIM_INCLUDES})
  endif()
  target_compile_definitions(${target} PRIVATE TLSCONFORM_BACKEND_NAME="${SHIM_NAME}")
  if(SHIM_RPATH)
    set_target_properties(${target} PROPERTIES BUILD_RPATH "${SHIM_RPATH}"
                                               INSTALL_RPATH "${SHIM_RPATH}")
  endif()
  tlsconform_set_warnings(${target})
  set_property(GLOBAL APPEND PROPERTY TLSCONFORM_BUILT_BACKENDS ${SHIM_NAME})
endfunction()

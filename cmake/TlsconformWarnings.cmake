# tlsconform_set_warnings(TARGET): the one place compile warnings are chosen.
function(tlsconform_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
endfunction()

# The build check that no LibTorch header sits behind a header that moc reads (else moc and every page that includes
# it parse ATen, which slows the GUI's build and ties the pages to LibTorch).
#
# The headers are compiled in one translation unit with the flags of the target that owns them; the compile fails when
# the include chain reaches ATen, c10 or torch, naming the header and the chain. GCC and Clang only (it reads -H).

set(_tastelab_torch_free_dir "${CMAKE_CURRENT_LIST_DIR}")

# tastelab_check_torch_free_headers(<check target> <owner target> <header>...)
function(tastelab_check_torch_free_headers check owner)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang" OR WIN32)
    return()
  endif()
  set(_includes "")
  foreach(_header IN LISTS ARGN)
    file(RELATIVE_PATH _relative "${PROJECT_SOURCE_DIR}" "${_header}")
    string(APPEND _includes "#include \"${_relative}\"\n")
  endforeach()
  set(_source "${CMAKE_CURRENT_BINARY_DIR}/${check}.cpp")
  # CONFIGURE rewrites the file only when the list of headers changed.
  file(CONFIGURE OUTPUT "${_source}" CONTENT "// Generated: every header that must stay free of LibTorch.\n${_includes}")
  add_library(${check} OBJECT "${_source}")
  # The owner's include paths and definitions, Qt's and the services' included; an object library links nothing.
  target_link_libraries(${check} PRIVATE ${owner})
  tastelab_target_defaults(${check})
  set_target_properties(${check} PROPERTIES
    CXX_COMPILER_LAUNCHER "sh;${_tastelab_torch_free_dir}/torch_free_headers.sh")
endfunction()

# Defaults every TasteLab target gets: warnings for our own code, sanitizers, Qt keyword hygiene.

# Sanitizers apply to everything we compile, tests included, so that reports carry our stack frames.
if(TASTELAB_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# tastelab_target_defaults(<target>)
#   Warnings (-Wall -Wextra and a few more) for our own sources only: third-party headers come in
#   through imported targets, which CMake marks as system includes, so their warnings stay silent.
#   QT_NO_KEYWORDS everywhere: Qt's `slots`/`signals`/`emit` macros clash with LibTorch headers.
#   -fvisibility-inlines-hidden: Debian's LibTorch loads OpenCV's highgui and with it Qt 5 into every
#   process. Without this flag, out-of-line copies of Qt 6 inline functions in an unoptimised build
#   are exported from our executables and Qt 5 binds to them (a crash at start-up in Debug/ASan).
function(tastelab_target_defaults target)
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-fvisibility-inlines-hidden>)
  target_compile_options(${target} PRIVATE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
      -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough>)
  if(TASTELAB_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Werror>)
  endif()
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER)
endfunction()

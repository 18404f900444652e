# Finds every third-party dependency once, so the subdirectories only link targets.
# Sets TASTELAB_HAVE_QT and TASTELAB_TORCH_CUDA for the rest of the build.

find_package(SQLite3 REQUIRED)           # SQLite::SQLite3 (C API)
find_package(fmt REQUIRED)               # fmt::fmt

# OpenCV core + imgproc only. Debian's split packages (libopencv-core-dev, libopencv-imgproc-dev) carry
# no CMake config (that comes with the whole of libopencv-dev), so fall back to finding the two libraries.
find_package(OpenCV QUIET CONFIG COMPONENTS core imgproc)
add_library(tastelab_opencv INTERFACE)
if(OpenCV_FOUND)
  target_link_libraries(tastelab_opencv INTERFACE opencv_core opencv_imgproc)
else()
  find_path(OpenCV_INCLUDE_DIR NAMES opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
  find_library(OpenCV_CORE_LIBRARY NAMES opencv_core REQUIRED)
  find_library(OpenCV_IMGPROC_LIBRARY NAMES opencv_imgproc REQUIRED)
  file(STRINGS "${OpenCV_INCLUDE_DIR}/opencv2/core/version.hpp" _cv_version_lines
    REGEX "#define CV_VERSION_(MAJOR|MINOR|REVISION) ")
  foreach(_part MAJOR MINOR REVISION)
    string(REGEX REPLACE ".*#define CV_VERSION_${_part} +([0-9]+).*" "\\1" _cv_${_part} "${_cv_version_lines}")
  endforeach()
  set(OpenCV_VERSION "${_cv_MAJOR}.${_cv_MINOR}.${_cv_REVISION}")
  target_include_directories(tastelab_opencv SYSTEM INTERFACE "${OpenCV_INCLUDE_DIR}")
  target_link_libraries(tastelab_opencv INTERFACE "${OpenCV_CORE_LIBRARY}" "${OpenCV_IMGPROC_LIBRARY}")
endif()
find_package(CLI11 REQUIRED)             # header-only, tastelab-cli's argument parser
find_package(ZLIB REQUIRED)              # ZLIB::ZLIB, reads the gzipped CLIP merges file
# Served studies (app/services/web): Debian's cpp-httplib (compiled library + header, found through pkg-config),
# OpenSSL's libcrypto for the participants' random tokens and their SHA-256.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CPPHTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(Threads REQUIRED)

# stb_image is header-only; Debian puts it under include/stb/.
find_path(STB_INCLUDE_DIR NAMES stb_image.h PATH_SUFFIXES stb REQUIRED)
add_library(tastelab_stb INTERFACE)
target_include_directories(tastelab_stb SYSTEM INTERFACE "${STB_INCLUDE_DIR}")

# libwebp decodes WebP images (stb_image has no WebP).
find_path(WEBP_INCLUDE_DIR NAMES webp/decode.h REQUIRED)
find_library(WEBP_LIBRARY NAMES webp REQUIRED)
add_library(tastelab_webp INTERFACE)
target_include_directories(tastelab_webp SYSTEM INTERFACE "${WEBP_INCLUDE_DIR}")
target_link_libraries(tastelab_webp INTERFACE "${WEBP_LIBRARY}")

# FlatBuffers reads TensorFlow Lite model files (reading is header-only); flatc turns
# model/io/tflite_schema.fbs into a C++ header at build time. Debian's libflatbuffers-dev ships a CMake
# config named FlatBuffers with the flatbuffers::flatc target; without one, find the header and flatc.
find_package(FlatBuffers QUIET CONFIG)
if(TARGET flatbuffers::flatc)
  set(TASTELAB_FLATC flatbuffers::flatc)
else()
  find_program(TASTELAB_FLATC NAMES flatc REQUIRED)
endif()
find_path(FLATBUFFERS_INCLUDE_DIR NAMES flatbuffers/flatbuffers.h REQUIRED)
add_library(tastelab_flatbuffers INTERFACE)
target_include_directories(tastelab_flatbuffers SYSTEM INTERFACE "${FLATBUFFERS_INCLUDE_DIR}")

# sentencepiece tokenizes SigLIP and T5 prompts (spiece.model). Debian's libsentencepiece carries its own copy of
# protobuf-lite 3.14 and exports its symbols, which clash with the libprotobuf that LibTorch loads (a crash in
# static initialisation). So it is never linked: model/tokenizers/sentencepiece_tokenizer.cpp loads it with
# dlopen(RTLD_LOCAL | RTLD_DEEPBIND) by its soname, and this target gives only the header and libdl.
find_path(SENTENCEPIECE_INCLUDE_DIR NAMES sentencepiece_processor.h REQUIRED)
find_library(SENTENCEPIECE_LIBRARY NAMES sentencepiece REQUIRED)
# The trainer is only used by a test tool that runs in its own process (tests/support/spm_train_tool.cpp).
find_library(SENTENCEPIECE_TRAIN_LIBRARY NAMES sentencepiece_train REQUIRED)
add_library(tastelab_sentencepiece INTERFACE)
target_include_directories(tastelab_sentencepiece SYSTEM INTERFACE "${SENTENCEPIECE_INCLUDE_DIR}")
target_link_libraries(tastelab_sentencepiece INTERFACE ${CMAKE_DL_LIBS})

# LibTorch: Debian's 1.13 (CPU) or a 2.x with CUDA given through CMAKE_PREFIX_PATH / Torch_DIR.
# A PyTorch installation carries one: Torch_DIR=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')/Torch
find_package(Torch REQUIRED)
if(TORCH_CUDA_LIBRARIES OR CAFFE2_USE_CUDA)
  set(TASTELAB_TORCH_CUDA ON)
else()
  set(TASTELAB_TORCH_CUDA OFF)
endif()
# PyTorch's wheels (2.x) export copies of some libstdc++ functions from libtorch.so, std::filesystem's
# among them, and their copy of std::filesystem::remove_all crashes when called from our code (seen with
# torch 2.11 on Ubuntu 24.04). Naming libstdc++ before LibTorch makes the linker and the loader take the
# system's libstdc++ for every function both define. (A toolchain that links libstdc++ statically needs it after
# our static libraries instead: tastelab_model also lists it right before torch.)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  add_link_options("LINKER:--push-state,--no-as-needed,-lstdc++,--pop-state")
endif()
set(TASTELAB_TORCH_VERSION "${Torch_VERSION}")
if(NOT TASTELAB_TORCH_VERSION)
  set(TASTELAB_TORCH_VERSION "unknown")
endif()
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
  message(WARNING "LibTorch was built with the pre-C++11 libstdc++ ABI (${TORCH_CXX_FLAGS}). "
    "C++ libraries from the distribution (fmt, GoogleTest) use the new ABI and will not link; "
    "use a LibTorch built with the C++11 ABI (PyTorch 2.7 and later wheels, or the 'cxx11-abi' LibTorch zip).")
endif()

# Qt 6 is optional: without it the libraries and tastelab-cli still build (a GPU server has no Qt).
set(TASTELAB_HAVE_QT OFF)
set(TASTELAB_GUI_STATUS "disabled (TASTELAB_BUILD_GUI=OFF)")
if(TASTELAB_BUILD_GUI)
  find_package(Qt6 6.4 QUIET COMPONENTS Core Gui Widgets Charts Svg Test LinguistTools)
  if(Qt6_FOUND)
    set(TASTELAB_HAVE_QT ON)
    set(TASTELAB_GUI_STATUS "Qt ${Qt6_VERSION}")
    qt_standard_project_setup()
    # qt_standard_project_setup turns AUTOMOC on globally; only Qt targets need it.
    set(CMAKE_AUTOMOC OFF)
    set(CMAKE_AUTOUIC OFF)
  else()
    set(TASTELAB_GUI_STATUS "skipped: Qt 6 (Widgets, Charts, Svg, LinguistTools) not found")
    message(STATUS "TasteLab: Qt 6 was not found, so the GUI 'tastelab' is skipped; "
      "the libraries and tastelab-cli are built. Install qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev "
      "(packaging/install-deps.sh) to build it.")
  endif()
endif()

if(TASTELAB_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

function(tastelab_print_summary)
  message(STATUS "")
  message(STATUS "TasteLab ${PROJECT_VERSION} (${CMAKE_BUILD_TYPE})")
  message(STATUS "  LibTorch        ${TASTELAB_TORCH_VERSION} from ${Torch_DIR}")
  message(STATUS "  CUDA in LibTorch ${TASTELAB_TORCH_CUDA}")
  message(STATUS "  OpenCV          ${OpenCV_VERSION}")
  message(STATUS "  SQLite          ${SQLite3_VERSION}")
  message(STATUS "  fmt             ${fmt_VERSION}")
  message(STATUS "  GUI             ${TASTELAB_GUI_STATUS}")
  message(STATUS "  Tests           ${TASTELAB_BUILD_TESTS}")
  message(STATUS "  Sanitizers      ${TASTELAB_SANITIZE}")
  message(STATUS "")
endfunction()

#!/usr/bin/env bash
# Builds tastelab-cli, the model tests and the benchmarks on a GPU machine that has PyTorch 2.x with CUDA, a
# compiler and CMake, but neither root, nor internet, nor the C++ libraries TasteLab needs (how the GPU machines
# of TasteLab's own development look). The libraries travel as Debian 12 packages, unpacked into a prefix:
#
#   bash packaging/gpu-prefix.sh download DIR     on a Debian 12 machine: fetch the packages into DIR (about 25 MB)
#   bash packaging/gpu-prefix.sh build DIR [BUILD] on the GPU machine: unpack DIR into /opt/tastelab-deps (or
#                                                 $TASTELAB_DEPS), configure against the Python installation's
#                                                 LibTorch with the system's g++, build in BUILD (build/gpu)
#   eval "$(bash packaging/gpu-prefix.sh env)"    the library path for running what was built
#
# The system's g++ matters: a PyTorch wheel's libtorch.so exports copies of libstdc++ functions, and the build
# names libstdc++ first so that the system's copy wins (see cmake/TasteLabDependencies.cmake).
set -uo pipefail

deps=${TASTELAB_DEPS:-/opt/tastelab-deps}
gpu_env() {
  local arch=x86_64-linux-gnu torch_lib
  torch_lib=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
  export LD_LIBRARY_PATH="$deps/usr/lib/$arch:$deps/usr/lib/$arch/openblas-pthread:$torch_lib:${LD_LIBRARY_PATH:-}"
  export PATH="$deps/usr/bin:$PATH"
}

case "${1:-}" in
download)
  dir=${2:?usage: gpu-prefix.sh download DIR}
  mkdir -p "$dir" && cd "$dir" || exit 1
  # The -dev packages and every runtime library they pull in that a CUDA image lacks (OpenCV's BLAS, TBB and X11).
  apt-get download libfmt-dev libfmt9 libsqlite3-dev libsqlite3-0 libopencv-core-dev libopencv-imgproc-dev \
    libopencv-core406 libopencv-imgproc406 libtbb12 libtbb-dev libtbbmalloc2 libblas3 liblapack3 libopenblas0 \
    libopenblas0-pthread libgfortran5 libquadmath0 libglx0 libglvnd0 libx11-6 libx11-data libxcb1 libxau6 libxdmcp6 \
    libbsd0 libmd0 libcli11-dev zlib1g-dev libstb-dev libstb0 libwebp-dev libwebp7 libwebpmux3 libwebpdemux2 \
    libflatbuffers-dev libflatbuffers2 flatbuffers-compiler flatbuffers-compiler-dev libsentencepiece-dev \
    libsentencepiece0 libgtest-dev libgmock-dev googletest
  ;;
build)
  dir=${2:?usage: gpu-prefix.sh build DIR [BUILD]}
  build=${3:-build/gpu}
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  if [[ ! -d "$deps/usr" ]]; then
    mkdir -p "$deps" || exit 1
    for package in "$dir"/*.deb; do dpkg -x "$package" "$deps" || exit 1; done
  fi
  gpu_env
  torch_cmake=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)') || exit 1
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTASTELAB_BUILD_GUI=OFF \
    -DCMAKE_CXX_COMPILER=/usr/bin/g++ -DCMAKE_C_COMPILER=/usr/bin/gcc \
    -DCMAKE_PREFIX_PATH="$deps/usr;$torch_cmake" || exit 1
  cmake --build "$build" --parallel "$(nproc)"
  ;;
env)
  gpu_env
  printf 'export LD_LIBRARY_PATH=%q\nexport PATH=%q\n' "$LD_LIBRARY_PATH" "$PATH"
  ;;
*)
  echo "usage: bash packaging/gpu-prefix.sh download DIR | build DIR [BUILD] | env" >&2
  exit 2
  ;;
esac

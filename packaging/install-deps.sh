#!/usr/bin/env bash
# Installs every Debian 12 package TasteLab needs to build, test and package, and nothing
# that is already there. Shared by both README commands; safe to run again (it is a no-op then).
set -euo pipefail

# Build tools and libraries. Keep this list sorted within each group and say why a package is here.
packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git file dpkg-dev
  # storage/: SQLite through the C API, fmt
  libsqlite3-dev libfmt-dev
  # model/: LibTorch (Debian ships 1.13, CPU), OpenCV core+imgproc, stb_image, libwebp (WebP decoding)
  libtorch-dev libopencv-core-dev libopencv-imgproc-dev libstb-dev libwebp-dev
  # model/: an optimized BLAS for LibTorch's matrix products. Debian's libtorch links libblas.so.3, which is
  # the slow reference BLAS unless this is installed (it then takes over through update-alternatives): about
  # 20x faster for a ViT-B/16 forward pass on 2 cores. The OpenMP build shares LibTorch's libgomp threads.
  libopenblas0-openmp
  # model/: zlib (gzip'd tokenizer vocabularies), flatbuffers (reading TFLite models)
  zlib1g-dev libflatbuffers-dev flatbuffers-compiler
  # model/: sentencepiece (SigLIP's tokenizer)
  libsentencepiece-dev

  # app/: command line parsing for tastelab-cli
  libcli11-dev
  # GUI: Qt 6 Widgets, Charts (whose CMake config needs Qt6OpenGL), SVG icons, translation tools,
  # and Qt's own German strings
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n libgl-dev libqt6opengl6-dev
  # GUI: OpenSSL's libcrypto hashes the kiosk's admin PIN (PBKDF2-HMAC-SHA256) and draws its random salt; served
  # studies draw their participant tokens with it and store their SHA-256
  libssl-dev
  # app/services/web: served studies over HTTP (cpp-httplib: compiled library, server and client, maintained in Debian)
  libcpp-httplib-dev
  # tests and packaging checks
  libgtest-dev libgmock-dev appstream desktop-file-utils
  # tests: the sqlite3 shell holds a workspace open from another process (cli_test restore)
  sqlite3
  # tests: the served study page in a real browser (web_browser_test drives headless chromium from node over the
  # DevTools pipe; it skips without them)
  chromium nodejs
)

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "TasteLab: all ${#packages[@]} build dependencies are installed."
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "TasteLab: these packages are missing and installing them needs root or sudo:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
  fi
fi

echo "TasteLab: installing ${#missing[@]} missing package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

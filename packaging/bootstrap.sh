#!/usr/bin/env bash
# The README's two commands, for a fresh Debian 12 machine (as root, or as a user with sudo):
#   bash packaging/bootstrap.sh demo   install what is missing, build, run the demo
#   bash packaging/bootstrap.sh test   install what is missing, build, run every test through CTest
# Both share packaging/install-deps.sh and the 'release' CMake preset (build/release). With an NVIDIA GPU and a
# CUDA-enabled PyTorch in python3 (or TASTELAB_TORCH_DIR=<LibTorch folder>) they build against that LibTorch.
set -euo pipefail

mode=${1:-}
if [[ "$mode" != "demo" && "$mode" != "test" ]]; then
  echo "usage: bash packaging/bootstrap.sh demo|test" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=$(nproc)
started=$SECONDS

bash packaging/install-deps.sh
# Debian's CPU LibTorch, or a CUDA-enabled one when there is a GPU (packaging/choose-libtorch.sh says which and why).
choice=$(bash packaging/choose-libtorch.sh) || exit 1
torch_dir=$(sed -n 1p <<<"$choice")
echo "TasteLab: LibTorch from $torch_dir ($(sed -n 2p <<<"$choice"))"
cmake --preset release -DTorch_DIR="$torch_dir"
cmake --build --preset release --parallel "$jobs"
echo "TasteLab: built in $((SECONDS - started)) s"

build=build/release
if [[ "$mode" == "test" ]]; then
  tested=$SECONDS
  ctest --preset release --parallel "$jobs"
  echo "TasteLab: tests ran in $((SECONDS - tested)) s; setup, build and tests took $((SECONDS - started)) s"
  exit 0
fi

workspace=${TASTELAB_DEMO_WORKSPACE:-$HOME/TasteLab/Demo}
cli="$build/app/cli/tastelab-cli"
gui="$build/app/gui/tastelab"
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "$gui" ]]; then
  echo "TasteLab: opening the demo workspace $workspace in the GUI (built first if it is new)"
  exec "$gui" --demo --workspace "$workspace"
fi

echo
echo "TasteLab: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the GUI cannot open here."
echo "Running the headless demo instead."
echo
"$cli" --version
echo
if [[ ! -f "$workspace/tastelab.sqlite" ]]; then
  "$cli" demo "$workspace"
  echo
fi
"$cli" info "$workspace"
if [[ -x "$gui" ]]; then
  shot="$workspace/exports/main-window.png"
  QT_QPA_PLATFORM=offscreen "$gui" --workspace "$workspace" --screenshot "$shot" 2>/dev/null
  echo "This is what the GUI shows for this workspace: $shot"
fi

#!/usr/bin/env bash
# packaging/choose-libtorch.sh with stand-ins for nvidia-smi and python3: each case checks the chosen Torch_DIR and
# that the reason says why. Usage: choose_libtorch_test.sh <repository root>
set -uo pipefail
root=${1:?usage: choose_libtorch_test.sh ROOT}
script="$root/packaging/choose-libtorch.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

mkdir -p "$tmp/bin" "$tmp/pytorch/share/cmake/Torch" "$tmp/libtorch/share/cmake/Torch" "$tmp/debian"
touch "$tmp/pytorch/share/cmake/Torch/TorchConfig.cmake" "$tmp/libtorch/share/cmake/Torch/TorchConfig.cmake"
printf '#!/bin/sh\necho "NVIDIA H100 80GB HBM3"\n' >"$tmp/bin/gpu-smi"
printf '#!/bin/sh\nexit 9\n' >"$tmp/bin/broken-smi"
fake_python() {  # $1: name, $2: the line torch would print
  printf '#!/bin/sh\necho "%s"\n' "$2" >"$tmp/bin/$1"
}
fake_python cuda-python "12.8 True $tmp/pytorch/share/cmake"
fake_python cpu-python "None True $tmp/pytorch/share/cmake"
fake_python old-abi-python "12.1 False $tmp/pytorch/share/cmake"
printf '#!/bin/sh\nexit 1\n' >"$tmp/bin/no-torch-python"
chmod +x "$tmp/bin/"*

# expect NAME WANTED_DIR REASON_PART [ENV...]
expect() {
  local name=$1 wanted=$2 reason=$3
  shift 3
  local out
  out=$(env TASTELAB_DEBIAN_TORCH_DIR="$tmp/debian" "$@" bash "$script")
  local rc=$? dir why
  dir=$(sed -n 1p <<<"$out")
  why=$(sed -n 2p <<<"$out")
  if [[ $rc -ne 0 || "$dir" != "$wanted" || "$why" != *"$reason"* ]]; then
    echo "FAIL $name: exit $rc, chose '$dir' because '$why'; wanted '$wanted' because '...$reason...'"
    failures=$((failures + 1))
  else
    echo "ok   $name: $why"
  fi
}

expect "no nvidia-smi" "$tmp/debian" "no NVIDIA GPU" TASTELAB_NVIDIA_SMI=/nonexistent/nvidia-smi
expect "nvidia-smi fails" "$tmp/debian" "found no working GPU" TASTELAB_NVIDIA_SMI="$tmp/bin/broken-smi"
expect "GPU and CUDA torch" "$tmp/pytorch/share/cmake/Torch" "CUDA 12.8" TASTELAB_NVIDIA_SMI="$tmp/bin/gpu-smi" \
  TASTELAB_PYTHON="$tmp/bin/cuda-python"
expect "GPU, CPU torch" "$tmp/debian" "built without CUDA" TASTELAB_NVIDIA_SMI="$tmp/bin/gpu-smi" \
  TASTELAB_PYTHON="$tmp/bin/cpu-python"
expect "GPU, old ABI" "$tmp/debian" "pre-C++11 ABI" TASTELAB_NVIDIA_SMI="$tmp/bin/gpu-smi" \
  TASTELAB_PYTHON="$tmp/bin/old-abi-python"
expect "GPU, no torch" "$tmp/debian" "has no torch package" TASTELAB_NVIDIA_SMI="$tmp/bin/gpu-smi" \
  TASTELAB_PYTHON="$tmp/bin/no-torch-python"
expect "TASTELAB_TORCH_DIR wins" "$tmp/libtorch/share/cmake/Torch" "TASTELAB_TORCH_DIR" \
  TASTELAB_TORCH_DIR="$tmp/libtorch" TASTELAB_NVIDIA_SMI="$tmp/bin/gpu-smi" TASTELAB_PYTHON="$tmp/bin/cuda-python"

# A TASTELAB_TORCH_DIR without a LibTorch is an error that names it.
message=$(TASTELAB_TORCH_DIR="$tmp/bin" bash "$script" 2>&1 >/dev/null)
if [[ $? -ne 1 || "$message" != *"TASTELAB_TORCH_DIR=$tmp/bin holds no TorchConfig.cmake"* ]]; then
  echo "FAIL bad TASTELAB_TORCH_DIR: '$message'"
  failures=$((failures + 1))
else
  echo "ok   bad TASTELAB_TORCH_DIR: $message"
fi
exit $((failures > 0))

#!/usr/bin/env bash
# Chooses the LibTorch that bootstrap.sh builds against, and says why (issue 23):
#   1. TASTELAB_TORCH_DIR, when set: a folder holding TorchConfig.cmake (or a LibTorch / PyTorch folder below which
#      share/cmake/Torch or lib/cmake/Torch holds it);
#   2. else, when an NVIDIA GPU answers (nvidia-smi) and `python3` has a torch package built with CUDA and the C++11
#      ABI (the ABI of Debian's Qt, OpenCV and fmt): that package's LibTorch;
#   3. else Debian's own LibTorch (libtorch-dev, CPU only), exactly as without a GPU.
# Prints two lines on stdout: the Torch_DIR (the folder of TorchConfig.cmake) and the reason; exits 1 with a message
# on stderr when TASTELAB_TORCH_DIR names no LibTorch.
set -uo pipefail

debian_torch=${TASTELAB_DEBIAN_TORCH_DIR:-/usr/lib/x86_64-linux-gnu/cmake/Torch}
python=${TASTELAB_PYTHON:-python3}
nvidia_smi=${TASTELAB_NVIDIA_SMI:-nvidia-smi}  # the tests put stand-ins here

config_dir() {  # the folder of TorchConfig.cmake at or below $1, or nothing
  local candidate
  for candidate in "$1" "$1/Torch" "$1/share/cmake/Torch" "$1/lib/cmake/Torch"; do
    if [[ -f "$candidate/TorchConfig.cmake" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [[ -n "${TASTELAB_TORCH_DIR:-}" ]]; then
  if dir=$(config_dir "$TASTELAB_TORCH_DIR"); then
    echo "$dir"
    echo "TASTELAB_TORCH_DIR names it"
    exit 0
  fi
  echo "TASTELAB_TORCH_DIR=$TASTELAB_TORCH_DIR holds no TorchConfig.cmake (looked in it and in Torch/," \
    "share/cmake/Torch/ and lib/cmake/Torch/ below it)" >&2
  exit 1
fi

if ! command -v "$nvidia_smi" >/dev/null 2>&1; then
  echo "$debian_torch"
  echo "no NVIDIA GPU (nvidia-smi not found): Debian's LibTorch, CPU only"
  exit 0
fi
if ! gpu=$("$nvidia_smi" --query-gpu=name --format=csv,noheader 2>/dev/null | head -n 1) || [[ -z "$gpu" ]]; then
  echo "$debian_torch"
  echo "nvidia-smi found no working GPU: Debian's LibTorch, CPU only"
  exit 0
fi
# One line from python3: "<cuda version or None> <cxx11 abi True/False> <cmake prefix path>".
if ! facts=$("$python" -c 'import torch; print(torch.version.cuda, bool(torch._C._GLIBCXX_USE_CXX11_ABI), torch.utils.cmake_prefix_path)' 2>/dev/null); then
  echo "$debian_torch"
  echo "GPU $gpu found, but $python has no torch package (install PyTorch with CUDA, or set TASTELAB_TORCH_DIR): Debian's LibTorch, CPU only"
  exit 0
fi
read -r cuda abi prefix <<<"$facts"
if [[ "$cuda" == "None" ]]; then
  echo "$debian_torch"
  echo "GPU $gpu found, but $python's torch is built without CUDA: Debian's LibTorch, CPU only"
  exit 0
fi
if [[ "$abi" != "True" ]]; then
  echo "$debian_torch"
  echo "GPU $gpu found, but $python's torch (CUDA $cuda) uses the pre-C++11 ABI, which Debian's Qt and OpenCV cannot link with (PyTorch 2.7 and later use the C++11 ABI; or set TASTELAB_TORCH_DIR to a cxx11-ABI LibTorch): Debian's LibTorch, CPU only"
  exit 0
fi
if ! dir=$(config_dir "$prefix"); then
  echo "$debian_torch"
  echo "GPU $gpu found, but $python's torch has no TorchConfig.cmake under $prefix: Debian's LibTorch, CPU only"
  exit 0
fi
echo "$dir"
echo "GPU $gpu and $python's torch with CUDA $cuda"

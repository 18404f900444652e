// A linear layer that runs through oneDNN on the CPU when LibTorch's BLAS is the reference BLAS. Debian's
// LibTorch multiplies float matrices with whatever libblas.so.3 is: the reference BLAS is about 40 times slower
// than oneDNN's kernels for the shapes the reward model trains on, while OpenBLAS (which install-deps.sh installs)
// is faster than oneDNN there, because oneDNN's path copies both operands into its own layout on every call.
// Elsewhere (an optimised BLAS, CUDA, no oneDNN, other dtypes) this is at::linear.
// TASTELAB_ONEDNN_LINEAR=1 or 0 forces the choice (for benchmarks).
#pragma once

#include <ATen/core/Tensor.h>

namespace tastelab::model {

// y = x W^T + b for x [..., in], W [out, in], b [out] (may be undefined). Differentiable with respect
// to all three; results match at::linear to float rounding.
at::Tensor fastLinear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias);

// The oneDNN path itself, whatever the BLAS (at::linear where oneDNN does not apply).
at::Tensor oneDnnLinear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias);

// Whether fastLinear takes the oneDNN path for this input (for benchmarks and tests).
bool fastLinearUsesOneDnn(const at::Tensor& input);
// Whether LibTorch's sgemm_ comes from the reference BLAS (decided once per process in fastLinear).
bool blasIsReference();

}  // namespace tastelab::model

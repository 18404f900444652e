// A linear layer that runs through oneDNN on the CPU when this LibTorch has it. Debian's LibTorch
// multiplies float matrices with the reference BLAS, about 40 times slower than oneDNN's kernels
// for the shapes the reward model trains on; elsewhere (CUDA, no oneDNN, other dtypes) this is at::linear.
#pragma once

#include <ATen/core/Tensor.h>

namespace tastelab::model {

// y = x W^T + b for x [..., in], W [out, in], b [out] (may be undefined). Differentiable with respect
// to all three; results match at::linear to float rounding.
at::Tensor fastLinear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias);

// Whether fastLinear takes the oneDNN path for this input (for benchmarks and tests).
bool fastLinearUsesOneDnn(const at::Tensor& input);

}  // namespace tastelab::model

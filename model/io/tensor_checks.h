// Checks on weights as they are loaded: values that would poison every output are refused at load, by tensor name.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>

namespace tastelab::model {

// Empty when every value of `tensor` is finite or the tensor is not floating-point; otherwise what is wrong, e.g.
// "holds 2 NaN or infinite values (the first, nan, at element 17 of 64)", for a message that names the tensor and
// its file.
std::string nonFiniteValues(const at::Tensor& tensor);

}  // namespace tastelab::model

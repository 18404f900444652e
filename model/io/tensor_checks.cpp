// isfinite over each floating-point tensor; the first offender is located only when there is one.
#include "model/io/tensor_checks.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace tastelab::model {

std::string nonFiniteValues(const at::Tensor& tensor)
{
    if (!tensor.defined() || !at::isFloatingType(tensor.scalar_type()) || tensor.numel() == 0) return {};
    const at::Tensor bad = at::isfinite(tensor).logical_not().reshape({-1});
    const std::int64_t count = bad.sum().item<std::int64_t>();
    if (count == 0) return {};
    const std::int64_t first = bad.to(at::kByte).argmax().item<std::int64_t>();
    const double value = tensor.reshape({-1})[first].item<double>();
    return fmt::format("holds {} NaN or infinite value{} (the first, {}, at element {} of {})", count,
        count == 1 ? "" : "s", value, first, tensor.numel());
}

}  // namespace tastelab::model

// oneDNN forward and backward products for a linear layer, wrapped as one autograd function.
#include "model/fast_linear.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

namespace tastelab::model {
namespace {

// a [N, K] x b [M, K]^T -> [N, M], both dense float32 on the CPU.
at::Tensor oneDnnProduct(const at::Tensor& a, const at::Tensor& b)
{
    return at::mkldnn_linear(a.contiguous().to_mkldnn(), b.contiguous().to_mkldnn()).to_dense();
}

class OneDnnLinear : public torch::autograd::Function<OneDnnLinear> {
public:
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
        const at::Tensor& bias)
    {
        ctx->save_for_backward({input, weight});
        ctx->saved_data["has_bias"] = bias.defined();
        at::Tensor out = oneDnnProduct(input, weight);
        return bias.defined() ? out.add_(bias) : out;
    }

    static torch::autograd::variable_list backward(
        torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& input = saved[0];
        const at::Tensor& weight = saved[1];
        const at::Tensor gradOut = grads[0].contiguous();  // [N, out]
        at::Tensor gradInput, gradWeight, gradBias;
        // dL/dx = g W: rows of g against the columns of W.
        if (ctx->needs_input_grad(0)) gradInput = oneDnnProduct(gradOut, weight.t());
        // dL/dW = g^T x.
        if (ctx->needs_input_grad(1)) gradWeight = oneDnnProduct(gradOut.t(), input.t());
        if (ctx->saved_data["has_bias"].toBool() && ctx->needs_input_grad(2)) gradBias = gradOut.sum(0);
        return {gradInput, gradWeight, gradBias};
    }
};

}  // namespace

bool fastLinearUsesOneDnn(const at::Tensor& input)
{
    return at::hasMKLDNN() && input.device().is_cpu() && input.scalar_type() == at::kFloat
        && at::globalContext().userEnabledMkldnn();
}

at::Tensor fastLinear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias)
{
    if (!fastLinearUsesOneDnn(input) || weight.scalar_type() != at::kFloat || input.numel() == 0) {
        return at::linear(input, weight, bias);
    }
    const auto in = input.size(-1);
    std::vector<std::int64_t> shape(input.sizes().begin(), input.sizes().end());
    shape.back() = weight.size(0);
    const at::Tensor flat = input.reshape({-1, in});
    at::Tensor out;
    if (at::GradMode::is_enabled()
        && (input.requires_grad() || weight.requires_grad() || (bias.defined() && bias.requires_grad()))) {
        // Autograd functions take defined tensors only: a layer without bias gets a constant zero one.
        out = OneDnnLinear::apply(flat, weight, bias.defined() ? bias : at::zeros({weight.size(0)}, weight.options()));
    } else {
        out = oneDnnProduct(flat, weight);
        if (bias.defined()) out.add_(bias);
    }
    return out.view(shape);
}

}  // namespace tastelab::model

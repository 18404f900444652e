// oneDNN forward and backward products for a linear layer, wrapped as one autograd function.
#include "model/nn/fast_linear.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <string>

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

bool blasIsReference()
{
    if (const char* forced = std::getenv("TASTELAB_ONEDNN_LINEAR")) return std::string(forced) != "0";
    // The library that defines sgemm_ for LibTorch: Debian's alternatives point libblas.so.3 at the reference
    // BLAS (.../blas/libblas.so.3) or at an optimised one (openblas-*, blis-*, atlas, mkl).
    void* sgemm = dlsym(RTLD_DEFAULT, "sgemm_");
    Dl_info info{};
    if (!sgemm || !dladdr(sgemm, &info) || !info.dli_fname) return false;
    std::error_code error;
    const std::filesystem::path real = std::filesystem::canonical(info.dli_fname, error);
    const std::string name = (error ? std::filesystem::path(info.dli_fname) : real).string();
    for (const char* fast : {"openblas", "blis", "atlas", "mkl"}) {
        if (name.find(fast) != std::string::npos) return false;
    }
    return name.find("/blas/") != std::string::npos || name.find("libblas.so") != std::string::npos;
}

bool fastLinearUsesOneDnn(const at::Tensor& input)
{
    static const bool slowBlas = blasIsReference();
    return slowBlas && at::hasMKLDNN() && input.device().is_cpu() && input.scalar_type() == at::kFloat
        && at::globalContext().userEnabledMkldnn();
}

at::Tensor fastLinear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias)
{
    if (!fastLinearUsesOneDnn(input)) return at::linear(input, weight, bias);
    return oneDnnLinear(input, weight, bias);
}

at::Tensor oneDnnLinear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias)
{
    if (!at::hasMKLDNN() || !input.device().is_cpu() || input.scalar_type() != at::kFloat
        || weight.scalar_type() != at::kFloat || input.numel() == 0) {
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

// The shared pre-norm transformer encoder; see transformer_encoder.h.
#include "model/nn/transformer_encoder.h"

#include <ATen/ATen.h>

#include <cmath>

namespace tastelab::model {

at::Tensor applyLinear(const at::Tensor& x, const LinearWeights& layer)
{
    return at::linear(x, layer.weight, layer.bias);
}

at::Tensor applyLayerNorm(const at::Tensor& x, const LayerNormWeights& norm, double eps)
{
    return at::layer_norm(x, {x.size(-1)}, norm.weight, norm.bias, eps);
}

at::Tensor applyActivation(const at::Tensor& x, const std::string& hiddenAct)
{
    if (hiddenAct == "quick_gelu") return x * at::sigmoid(x * 1.702);
    if (hiddenAct == "gelu") return at::gelu(x);
    return at::gelu(x, "tanh");  // gelu_new, gelu_pytorch_tanh, gelu_fast
}

at::Tensor multiHeadAttention(
    const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int heads, const at::Tensor& mask)
{
    const std::int64_t batch = q.size(0), queries = q.size(1), keys = k.size(1), width = q.size(2);
    const std::int64_t headDim = width / heads;
    const auto split = [&](const at::Tensor& t, std::int64_t length) {
        return t.reshape({batch, length, heads, headDim}).transpose(1, 2);
    };
    // The queries are scaled before the product, as transformers' CLIPAttention does.
    const at::Tensor qh = split(q * (1.0 / std::sqrt(static_cast<double>(headDim))), queries);
    at::Tensor scores = at::matmul(qh, split(k, keys).transpose(-2, -1));
    if (mask.defined()) scores = scores + mask;
    const at::Tensor mixed = at::matmul(at::softmax(scores, -1), split(v, keys));
    return mixed.transpose(1, 2).reshape({batch, queries, width});
}

at::Tensor preNormEncoder(const at::Tensor& hidden, const std::vector<EncoderLayerWeights>& layers,
    const EncoderSettings& settings, const at::Tensor& mask)
{
    at::Tensor x = hidden;
    for (const EncoderLayerWeights& layer : layers) {
        const at::Tensor h = applyLayerNorm(x, layer.norm1, settings.layerNormEps);
        const at::Tensor attended = multiHeadAttention(
            applyLinear(h, layer.q), applyLinear(h, layer.k), applyLinear(h, layer.v), settings.heads, mask);
        x = x + applyLinear(attended, layer.out);
        const at::Tensor m = applyLayerNorm(x, layer.norm2, settings.layerNormEps);
        x = x + applyLinear(applyActivation(applyLinear(m, layer.fc1), settings.activation), layer.fc2);
    }
    return x;
}

}  // namespace tastelab::model

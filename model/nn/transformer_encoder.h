// The pre-norm transformer encoder that CLIP's two towers and SigLIP's share (transformers' CLIPEncoderLayer and
// SiglipEncoderLayer): x + out(attention(LN1 x)), then x + fc2(act(fc1(LN2 x))). Weights are plain tensors named as
// in the checkpoints, so that loaders fill them by name and fine-tuning can hand them out.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

namespace tastelab::model {

struct LinearWeights {
    at::Tensor weight;  // [out, in]
    at::Tensor bias;  // undefined for projections without bias
};

struct LayerNormWeights {
    at::Tensor weight;
    at::Tensor bias;
};

struct EncoderLayerWeights {
    LinearWeights q, k, v, out;  // self_attn.{q,k,v,out}_proj
    LayerNormWeights norm1, norm2;  // layer_norm1, layer_norm2
    LinearWeights fc1, fc2;  // mlp.fc1, mlp.fc2
};

struct EncoderSettings {
    int heads = 1;
    double layerNormEps = 1e-5;
    std::string activation;  // hidden_act: "quick_gelu", "gelu", or a tanh-approximated GELU for any other name
};

at::Tensor applyLinear(const at::Tensor& x, const LinearWeights& layer);
at::Tensor applyLayerNorm(const at::Tensor& x, const LayerNormWeights& norm, double eps);
at::Tensor applyActivation(const at::Tensor& x, const std::string& hiddenAct);

// Scaled dot-product attention over `heads` heads: q [B, Tq, D], k and v [B, Tk, D] -> [B, Tq, D]. `mask` is added to
// the scores when defined (e.g. CLIP's causal mask [Tq, Tk]).
at::Tensor multiHeadAttention(
    const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int heads, const at::Tensor& mask = {});

// The layers in order over hidden states [B, T, D].
at::Tensor preNormEncoder(const at::Tensor& hidden, const std::vector<EncoderLayerWeights>& layers,
    const EncoderSettings& settings, const at::Tensor& mask = {});

}  // namespace tastelab::model

// The CLIP text transformer as a torch::nn::Module (transformers CLIPTextModel / CLIPTextModelWithProjection):
// the text encoder of SD-Turbo (OpenCLIP ViT-H/14, 23 layers) and FLUX's pooled CLIP-L, with its tokenizer.
#pragma once

#include "model/tokenizers/clip_tokenizer.h"

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tastelab::model {

class WeightSource;

struct ClipTextConfig {
    std::int64_t vocabSize = 49408, hiddenSize = 1024, intermediateSize = 4096, layers = 23, heads = 16;
    std::int64_t maxPositions = 77;
    std::string activation = "gelu";  // "quick_gelu", "gelu" (erf), "gelu_new"/"gelu_pytorch_tanh"
    double layerNormEps = 1e-5;
    // The config's ids (its pad id is not the tokenizer's pad).
    std::int64_t bosTokenId = 49406, eosTokenId = 49407, padTokenId = 1;
    std::int64_t projectionDim = 0;  // > 0 for CLIPTextModelWithProjection (text_projection, no bias)

    // transformers CLIPTextConfig (text_encoder/config.json, "architectures": CLIPTextModel or
    // CLIPTextModelWithProjection). Wrong types or impossible values throw ModelLoadError naming the key and the file.
    static ClipTextConfig fromJson(const std::filesystem::path& configJson);
    // OpenCLIP ViT-H/14 text tower as SD 2 / SD-Turbo ship it: 23 layers, gelu.
    static ClipTextConfig sdTurbo();
    // OpenAI CLIP ViT-L/14 text tower (FLUX text_encoder): 768 wide, MLP 3072, 12 layers, 12 heads, quick_gelu.
    static ClipTextConfig clipL();
    // Before the module is built (building allocates every parameter): sizes beyond sane caps, or sizes that make more
    // parameters than `weights` hold or than the machine's memory takes, throw ModelLoadError naming `configJson` and
    // the keys.
    void requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const;
};

// The pieces of the transformer; their registered names are the transformers names.
class ClipTextAttentionImpl : public torch::nn::Module {
public:
    explicit ClipTextAttentionImpl(const ClipTextConfig& config);
    // x [B, L, hidden] -> [B, L, hidden], causal.
    at::Tensor forward(const at::Tensor& x);

private:
    std::int64_t heads_;
    torch::nn::Linear qProj_{nullptr}, kProj_{nullptr}, vProj_{nullptr}, outProj_{nullptr};
};
TORCH_MODULE(ClipTextAttention);

class ClipTextMlpImpl : public torch::nn::Module {
public:
    explicit ClipTextMlpImpl(const ClipTextConfig& config);
    at::Tensor forward(const at::Tensor& x);

private:
    std::string activation_;
    torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(ClipTextMlp);

// Pre-norm: x + attn(ln1(x)), then x + mlp(ln2(x)).
class ClipTextLayerImpl : public torch::nn::Module {
public:
    explicit ClipTextLayerImpl(const ClipTextConfig& config);
    at::Tensor forward(const at::Tensor& x);

private:
    ClipTextAttention selfAttn_{nullptr};
    torch::nn::LayerNorm layerNorm1_{nullptr}, layerNorm2_{nullptr};
    ClipTextMlp mlp_{nullptr};
};
TORCH_MODULE(ClipTextLayer);

// Registered names are the checkpoint's: "text_model.embeddings.{token,position}_embedding.weight",
// "text_model.encoder.layers.N.*", "text_model.final_layer_norm.*" and, with a projection, "text_projection.weight",
// so loadModuleWeights(*model, source) loads a text_encoder/model.safetensors as it is.
class ClipTextModelImpl : public torch::nn::Module {
public:
    explicit ClipTextModelImpl(ClipTextConfig config);

    struct Output {
        at::Tensor lastHiddenState;  // [B, L, hidden] after final_layer_norm
        at::Tensor pooled;  // [B, hidden] at the EOS position ([B, projectionDim] projected when projectionDim > 0)
    };
    // ids [B, L] integer (moved to the model's device as int64), B >= 1, 1 <= L <= maxPositions, ids < vocabSize,
    // else std::invalid_argument. Causal mask, no padding mask (as the diffusion pipelines call it). Outputs are in
    // the model's dtype.
    // Pooling: the first position holding eosTokenId, except for configs with eosTokenId == 2 (old), where, as
    // transformers, the position of the largest id.
    Output forward(const at::Tensor& ids);
    const ClipTextConfig& config() const { return config_; }

private:
    ClipTextConfig config_;
    torch::nn::Embedding tokenEmbedding_{nullptr}, positionEmbedding_{nullptr};
    std::vector<ClipTextLayer> layers_;
    torch::nn::LayerNorm finalLayerNorm_{nullptr};
    torch::nn::Linear textProjection_{nullptr};
};
TORCH_MODULE(ClipTextModel);

// Tokenizer + model from a diffusers pipeline's folders (text_encoder/ and tokenizer/). The tokenizer's pad id
// comes from tokenizer/special_tokens_map.json, else tokenizer_config.json, else EOS ("pad_token": "!" -> 0 for
// SD-Turbo, "<|endoftext|>" -> 49407 for CLIP-L; a string or {"content": ...}); the context length is
// model_max_length from tokenizer_config.json (default 77), at most max_position_embeddings.
class ClipTextEncoder {
public:
    // Loads text_encoder/config.json and the weights: model.safetensors or the sharded model.safetensors.index.json,
    // or their ".fp16" variants (model.fp16.safetensors, model.safetensors.index.fp16.json), the variant first when
    // preferFp16; either kind when it is the only one. Weights load as float32 on the CPU (then model()->to(...)).
    // Tensor names carry the "text_model." prefix; "text_model.embeddings.position_ids" is ignored; any other
    // missing, mis-shaped or extra tensor throws ModelLoadError naming it, the shape(s) and the file. Tokenizer
    // problems throw ModelLoadError as well.
    static ClipTextEncoder fromFolders(const std::filesystem::path& textEncoderFolder,
        const std::filesystem::path& tokenizerFolder, bool preferFp16 = true);

    ClipTextModel& model() { return model_; }
    const ClipTokenizer& tokenizer() const { return tokenizer_; }
    int padId() const { return padId_; }
    int contextLength() const { return contextLength_; }
    // [B, contextLength] int64 on the CPU.
    at::Tensor tokenize(const std::vector<std::string>& prompts) const;
    // Tokenize + forward on the model's device, without autograd.
    ClipTextModelImpl::Output encode(const std::vector<std::string>& prompts);
    // The file the weights came from.
    std::string weightsFile() const { return weightsFile_; }

private:
    ClipTextEncoder(
        ClipTextModel model, ClipTokenizer tokenizer, int padId, int contextLength, std::string weightsFile);

    ClipTextModel model_;
    ClipTokenizer tokenizer_;
    int padId_;
    int contextLength_;
    std::string weightsFile_;
};

}  // namespace tastelab::model

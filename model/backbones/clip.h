// CLIP (OpenAI / Hugging Face CLIPModel) as a Backbone: the vision transformer for images and the causal
// text transformer for prompts, both projected into the shared embedding space. Weights come from a
// Hugging Face CLIPModel folder (config.json, model.safetensors or a sharded index, vocab.json/merges.txt)
// and are held as plain tensors; every tensor is named and shape-checked against the configuration.
#pragma once

#include "model/backbones/backbone.h"
#include "model/nn/transformer_encoder.h"
#include "model/tokenizers/clip_tokenizer.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::model {

// Thrown for a malformed configuration and for missing, unexpected or mis-shaped weights; the message
// names the file and, where one is concerned, the key or the tensor.
class ClipError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ClipTowerConfig {
    int hiddenSize = 0;
    int intermediateSize = 0;
    int layers = 0;
    int heads = 0;
    double layerNormEps = 1e-5;
    std::string activation = "quick_gelu";  // "quick_gelu", "gelu" (erf), "gelu_new"/"gelu_pytorch_tanh" (tanh)
};

struct ClipConfig {
    ClipTowerConfig vision{768, 3072, 12, 12};
    int imageSize = 224;
    int patchSize = 32;
    ClipTowerConfig text{512, 2048, 12, 8};
    int vocabSize = 49408;
    int maxPositions = 77;
    // Pooling: the first position holding eosTokenId; old OpenAI configs say 2, and then (as transformers
    // does) the position of the largest id, which is <|endoftext|> in the OpenAI vocabulary.
    int eosTokenId = 49407;
    // What prompts are padded with. Padding follows the EOS token, so under the causal mask it never
    // changes the pooled embedding; text_config.pad_token_id when it lies in the vocabulary.
    int padTokenId = 49407;
    int projectionDim = 512;

    // A transformers CLIPConfig: "text_config", "vision_config" (or the older "*_config_dict") and
    // "projection_dim"; missing keys take the transformers defaults (ViT-B/32). Throws ClipError naming the
    // file and the key for a wrong type or an impossible value (e.g. a hidden size the heads do not divide).
    static ClipConfig fromJson(const std::filesystem::path& configJson);
    // Throws ClipError (naming `source`) when sizes are not positive or heads do not divide hidden sizes.
    void validate(const std::string& source) const;
};

class ClipModel : public Backbone {
public:
    // A Hugging Face CLIPModel folder: config.json + model.safetensors (or model.safetensors.index.json) +
    // vocab.json/merges.txt in the folder or in tokenizer/. Weights are read as float32 on the CPU; a
    // missing, unexpected or mis-shaped tensor throws ClipError naming the tensor, the expected shape and the
    // file ("*.position_ids" buffers are ignored).
    static ClipModel fromFolder(const std::filesystem::path& folder);
    // Random weights (normal, std 0.02; layer norms at 1 and 0) of the given shape and no tokenizer
    // (encodeTexts throws; encodeTokenIds works): for benchmarks. weightsHash() is "random-<seed>".
    static ClipModel randomForBenchmark(const ClipConfig& config, std::uint64_t seed = 0);

    // "clip-vit-" + width letter + patch size, e.g. "clip-vit-b32", "clip-vit-l14", "clip-vit-l14-336";
    // widths other than 768 (B), 1024 (L), 1280 (H), 1664 (g), 1792 (G) spell "w<width>-p<patch>".
    std::string id() const override;
    // SHA-256 over, per weights file: its name, its size, its complete safetensors header, and 64 samples of
    // 4 KiB spread evenly over the data section. Fast (a few hundred KiB read) and, unlike header and size
    // alone, tells fine-tunes of the same architecture apart.
    std::string weightsHash() const override { return weightsHash_; }
    int imageDim() const override { return config_.projectionDim; }
    int textDim() const override { return config_.projectionDim; }

    // images: [B, 3, H, W] in [0, 1], any size. Differentiable preprocessing as CLIPImageProcessor: the
    // shortest side is resized to imageSize (bicubic, align_corners false, clamped to [0, 1]; skipped when the
    // image already is imageSize square), then a centre crop and CLIP's mean/std normalisation. Then the vision
    // transformer and visual_projection. Returns the projected, not normalised, embedding [B, projectionDim]
    // on the images' device in their dtype.
    at::Tensor encodeImages(const at::Tensor& images) const override;
    // Tokenized to maxPositions with padTokenId (long prompts are cut, keeping EOS), then encodeTokenIds.
    // Throws ClipError for a model without a tokenizer (randomForBenchmark).
    at::Tensor encodeTexts(const std::vector<std::string>& prompts) const override;
    // ids: [B, L] integer, L <= maxPositions, ids < vocabSize -> [B, projectionDim] on the model's device
    // (not normalised).
    at::Tensor encodeTokenIds(const at::Tensor& ids) const;
    // The token ids encodeTexts() uses: [B, maxPositions] int64 on the CPU.
    at::Tensor tokenize(const std::vector<std::string>& prompts) const;

    // The last `blocks` vision encoder layers, post_layernorm and visual_projection (transformers' names).
    std::vector<std::pair<std::string, at::Tensor>> imageTowerTail(int blocks) const override;

    void to(c10::Device device, c10::ScalarType dtype) override;

    // exp(logit_scale): the factor CLIP multiplies cosine similarities by (100 for the released models).
    double logitScale() const;
    const ClipConfig& config() const { return config_; }
    c10::Device device() const { return device_; }
    c10::ScalarType dtype() const { return dtype_; }

    // The shared encoder's weights (model/nn/transformer_encoder.h), named as in transformers' checkpoints.
    using Linear = LinearWeights;
    using LayerNorm = LayerNormWeights;
    using EncoderLayer = EncoderLayerWeights;

    // The weight of a name and shape (transformers' names); used by the loaders.
    using TensorSource = std::function<at::Tensor(const std::string& name, const std::vector<std::int64_t>& shape)>;

private:
    ClipModel() = default;
    static ClipModel build(const ClipConfig& config, const TensorSource& get);

    at::Tensor encoder(const at::Tensor& hidden, const std::vector<EncoderLayer>& layers, const ClipTowerConfig& tower,
        const at::Tensor& mask) const;

    ClipConfig config_;
    // Vision tower.
    at::Tensor classEmbedding_;
    at::Tensor patchEmbedding_;
    at::Tensor visionPositions_;
    LayerNorm preNorm_;
    std::vector<EncoderLayer> visionLayers_;
    LayerNorm postNorm_;
    at::Tensor visualProjection_;
    // Text tower.
    at::Tensor tokenEmbedding_;
    at::Tensor textPositions_;
    std::vector<EncoderLayer> textLayers_;
    LayerNorm finalNorm_;
    at::Tensor textProjection_;
    at::Tensor logitScale_;

    std::shared_ptr<const ClipTokenizer> tokenizer_;
    std::string weightsHash_;
    c10::Device device_{c10::DeviceType::CPU};
    c10::ScalarType dtype_ = c10::ScalarType::Float;
};

}  // namespace tastelab::model

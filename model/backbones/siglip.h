// SigLIP (Zhai et al. 2023) image and text towers from a Hugging Face `SiglipModel` folder, as a Backbone,
// with SigLIP's sentencepiece tokenizer. Preprocessing happens inside encodeImages() as differentiable
// tensor ops, so gradients reach the input pixels.
#pragma once

#include "model/backbones/backbone.h"
#include "model/nn/transformer_encoder.h"
#include "model/tokenizers/sentencepiece_tokenizer.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::model {

// Thrown for unreadable or inconsistent model folders, configurations, weights and tokenizer files; the
// message names the file and, where one is concerned, the tensor.
class SiglipError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SiglipConfig {
    struct Tower {
        int hidden = 768;
        int intermediate = 3072;
        int layers = 12;
        int heads = 12;
        double eps = 1e-6;
        std::string activation = "gelu_pytorch_tanh";
    };
    Tower vision;
    int imageSize = 224;
    int patchSize = 16;
    int channels = 3;
    Tower text;
    int vocabSize = 32000;
    int maxPositions = 64;
    int padTokenId = 1;
    int eosTokenId = 1;  // transformers' default is CLIP's 49407; the tokenizer's "</s>" wins when it has one
    int projectionSize = 0;  // text head output size ("projection_size", SigLIP 2); 0 = text hidden size

    int textOutputDim() const { return projectionSize > 0 ? projectionSize : text.hidden; }

    // config.json with "vision_config" and "text_config"; keys left out take transformers' defaults. Throws
    // SiglipError naming the file for unreadable JSON, invalid values or an unsupported activation.
    static SiglipConfig fromJson(const std::filesystem::path& file);
};

class SiglipModel : public Backbone {
public:
    // The shared encoder's weights (model/nn/transformer_encoder.h), named as in transformers' checkpoints.
    using Linear = LinearWeights;
    using LayerNorm = LayerNormWeights;
    using EncoderLayer = EncoderLayerWeights;

    // A Hugging Face SiglipModel folder: config.json, model.safetensors (or model.safetensors.index.json with
    // shards) and spiece.model (in the folder or in tokenizer/). Every tensor name and shape is checked
    // against the configuration ("position_ids" buffers are ignored); a missing, unexpected or mis-shaped
    // tensor throws SiglipError naming the tensor, the expected shape and the file. Weights load as float32
    // on the CPU.
    static SiglipModel fromFolder(const std::filesystem::path& folder);

    // "siglip-<vision hidden>-<image size>-p<patch size>", e.g. "siglip-768-224-p16".
    std::string id() const override;
    // SHA-256 (hex) over the lines "<file name> <SHA-256 of the file>\n" for config.json, each weights file
    // (the single file, or the shards in index order) and spiece.model: other weights, another configuration
    // or another vocabulary give another hash.
    std::string weightsHash() const override { return weightsHash_; }
    int imageDim() const override { return config_.vision.hidden; }
    int textDim() const override { return config_.textOutputDim(); }

    // images [B, 3, H, W] in [0, 1]: bilinear resize to image_size x image_size (no crop), (x - 0.5) / 0.5,
    // patch embedding, position embeddings, pre-LN encoder, post_layernorm, attention pooling head -> [B, D].
    // Computed in the model's dtype on its device; the result has the input's device and dtype.
    at::Tensor encodeImages(const at::Tensor& images) const override;
    // Tokenized to max_position_embeddings with EOS and padding (both "</s>"), then encodeTokenIds().
    at::Tensor encodeTexts(const std::vector<std::string>& prompts) const override;
    // ids [B, L] (L <= max_position_embeddings), any integer dtype: token + position embeddings, encoder
    // without causal or padding mask, final_layer_norm, the last position's state, the text head -> [B, textDim].
    at::Tensor encodeTokenIds(const at::Tensor& ids) const;
    void to(c10::Device device, c10::ScalarType dtype) override;

    const SiglipConfig& config() const { return config_; }
    const SentencePieceTokenizer& tokenizer() const { return tokenizer_; }
    // The vision tower's attention pooling head on encoder states [B, N, D] (after post_layernorm) -> [B, D].
    at::Tensor poolVision(const at::Tensor& states) const;
    // logit_scale and logit_bias ([1] each), for image-text scores sigmoid(exp(scale) * cos + bias).
    const at::Tensor& logitScale() const { return logitScale_; }
    const at::Tensor& logitBias() const { return logitBias_; }

private:
    SiglipModel(SiglipConfig config, SentencePieceTokenizer tokenizer);

    SiglipConfig config_;
    SentencePieceTokenizer tokenizer_;
    std::string weightsHash_;
    c10::Device device_{c10::DeviceType::CPU};
    c10::ScalarType dtype_ = c10::ScalarType::Float;

    // vision
    Linear patch_;  // conv weight [D, 3, P, P], bias [D]
    at::Tensor visionPositions_;  // [(S/P)^2, D]
    std::vector<EncoderLayer> visionLayers_;
    LayerNorm postNorm_;
    at::Tensor probe_;  // [1, 1, D]
    Linear headIn_;  // in_proj [3D, D], [3D]
    Linear headOut_;
    LayerNorm headNorm_;
    Linear headFc1_, headFc2_;
    // text
    at::Tensor tokenEmbedding_;  // [V, D]
    at::Tensor textPositions_;  // [max positions, D]
    std::vector<EncoderLayer> textLayers_;
    LayerNorm finalNorm_;
    Linear textHead_;
    at::Tensor logitScale_, logitBias_;
};

}  // namespace tastelab::model

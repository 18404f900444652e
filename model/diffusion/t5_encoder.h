// The T5 v1.1 encoder (transformers T5EncoderModel) as a torch::nn::Module, with its sentencepiece tokenizer as
// FLUX calls it: FLUX.1's text_encoder_2 (T5-XXL encoder) and tokenizer_2.
#pragma once

#include "model/tokenizers/sentencepiece_tokenizer.h"

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

class WeightSource;

struct T5Config {  // transformers T5Config as text_encoder_2/config.json of FLUX.1-schnell has it
    std::int64_t vocabSize = 32128, dModel = 4096, dKv = 64, dFf = 10240, layers = 24, heads = 64;
    std::int64_t relativeBuckets = 32, relativeMaxDistance = 128;
    double layerNormEps = 1e-6;
    // "gated-gelu" (T5 v1.1, FLUX), "relu" (T5 v1.0), "gated-silu"; "gated-relu" and "gelu" as well.
    std::string feedForward = "gated-gelu";

    bool gated() const;
    // transformers T5Config keys: vocab_size, d_model, d_kv, d_ff, num_layers, num_heads,
    // relative_attention_num_buckets, relative_attention_max_distance, layer_norm_epsilon, feed_forward_proj.
    // Keys left out take transformers' defaults. Invalid values and an unsupported feed_forward_proj throw
    // ModelLoadError naming the key and the file.
    static T5Config fromJson(const std::filesystem::path& configJson);
    // The FLUX text_encoder_2 shapes (google/t5-v1_1-xxl encoder): 24 layers, 4096 wide, 64 heads of 64, d_ff 10240.
    static T5Config xxl();
    // Before the module is built (building allocates every parameter): sizes beyond sane caps, or sizes that make more
    // parameters than `weights` hold or than the machine's memory takes, throw ModelLoadError naming `configJson` and
    // the keys.
    void requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const;
};

// transformers' _relative_position_bucket, bidirectional (the encoder): relative = key position - query position.
// Half the buckets for relative > 0; within each half, |relative| < buckets/4 gets its own bucket and larger
// distances share logarithmically spaced buckets up to maxDistance (beyond: the last bucket of the half).
std::int64_t t5RelativeBucket(std::int64_t relative, std::int64_t buckets, std::int64_t maxDistance);

// T5's layer norm: RMS without mean subtraction and without bias; the variance in float32, the result cast back to
// the weight's dtype when that is fp16/bf16, times weight. Registered name: "weight".
class T5LayerNormImpl : public torch::nn::Module {
public:
    T5LayerNormImpl(std::int64_t size, double eps);
    at::Tensor forward(const at::Tensor& x);

private:
    at::Tensor weight_;
    double eps_;
};
TORCH_MODULE(T5LayerNorm);

// Self-attention without 1/sqrt(d) scaling: softmax(q k^T + bias) v, softmax in float32. Registered names q, k, v,
// o (no biases) and, in the first block only, relative_attention_bias ([buckets, heads]).
class T5AttentionImpl : public torch::nn::Module {
public:
    T5AttentionImpl(const T5Config& config, bool hasRelativeBias);
    // x [B, L, dModel], positionBias [1 or B, heads, L, L] -> [B, L, dModel].
    at::Tensor forward(const at::Tensor& x, const at::Tensor& positionBias);
    // The bias [1, heads, L, L] from relative_attention_bias (only when hasRelativeBias).
    at::Tensor positionBias(std::int64_t length);

private:
    std::int64_t heads_, dKv_, buckets_, maxDistance_;
    torch::nn::Linear q_{nullptr}, k_{nullptr}, v_{nullptr}, o_{nullptr};
    torch::nn::Embedding relativeAttentionBias_{nullptr};
};
TORCH_MODULE(T5Attention);

// DenseReluDense: wo(act(wi_0 x) * wi_1 x) when gated, wo(act(wi x)) otherwise; no biases.
class T5FeedForwardImpl : public torch::nn::Module {
public:
    explicit T5FeedForwardImpl(const T5Config& config);
    at::Tensor forward(const at::Tensor& x);

private:
    std::string activation_;  // "gelu_new", "relu", "silu", "gelu"
    torch::nn::Linear wi_{nullptr}, wi0_{nullptr}, wi1_{nullptr}, wo_{nullptr};
};
TORCH_MODULE(T5FeedForward);

// One encoder block: x + SelfAttention(layer_norm(x)) ("layer.0"), then x + DenseReluDense(layer_norm(x))
// ("layer.1"); fp16 hidden states are clamped as transformers does to avoid inf.
class T5BlockImpl : public torch::nn::Module {
public:
    T5BlockImpl(const T5Config& config, bool hasRelativeBias);
    at::Tensor forward(const at::Tensor& x, const at::Tensor& positionBias);
    T5Attention& attention() { return attention_; }

private:
    T5Attention attention_{nullptr};
    T5LayerNorm attentionNorm_{nullptr};
    T5FeedForward feedForward_{nullptr};
    T5LayerNorm feedForwardNorm_{nullptr};
};
TORCH_MODULE(T5Block);

// Registered names: shared.weight, encoder.block.N.layer.0.SelfAttention.{q,k,v,o}.weight,
// encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight, encoder.block.N.layer.0.layer_norm.weight,
// encoder.block.N.layer.1.DenseReluDense.{wi_0,wi_1,wo}.weight (wi for ungated), encoder.block.N.layer.1.layer_norm
// .weight, encoder.final_layer_norm.weight. "encoder.embed_tokens.weight" in files is the tied copy of shared:
// T5TextEncoder::fromFolders accepts and ignores it.
class T5EncoderModelImpl : public torch::nn::Module {
public:
    explicit T5EncoderModelImpl(T5Config config);
    // ids [B, L] integer (moved to the model's device as int64), ids < vocabSize, else std::invalid_argument ->
    // last_hidden_state [B, L, dModel] in the model's dtype (no attention mask, as FLUX calls it).
    at::Tensor forward(const at::Tensor& ids);
    const T5Config& config() const { return config_; }

private:
    T5Config config_;
    torch::nn::Embedding shared_{nullptr};
    std::vector<T5Block> blocks_;
    T5LayerNorm finalLayerNorm_{nullptr};
};
TORCH_MODULE(T5EncoderModel);

// The names and shapes of every tensor a T5EncoderModel of `config` registers (so a checkpoint must hold), in
// registration order, without building the module (the XXL encoder is 19 GB in float32).
std::vector<std::pair<std::string, std::vector<std::int64_t>>> t5CheckpointShapes(const T5Config& config);

// T5TokenizerFast as FLUX calls it: sentencepiece pieces of the text, truncated to maxLength - 1, EOS (</s>, id 1)
// appended, padded with 0 (<pad>) to maxLength (256 for schnell). No text canonicalisation (T5 keeps case and
// punctuation). Ids come from the model's own "</s>" and "<pad>" pieces (defaults 1 and 0).
class T5Tokenizer {
public:
    // tokenizer_2/: spiece.model (+ optional tokenizer_config.json model_max_length, kept in maxLength()).
    // Errors throw ModelLoadError naming the file.
    static T5Tokenizer fromFolder(const std::filesystem::path& tokenizerFolder);
    static T5Tokenizer fromFile(const std::filesystem::path& spiece);

    std::vector<std::int64_t> tokenize(const std::string& text, int maxLength = 256) const;
    // [B, maxLength] int64 on the CPU.
    at::Tensor tokenize(const std::vector<std::string>& texts, int maxLength = 256) const;
    // tokenize({"a", "b"}) would otherwise be ambiguous (std::string has an iterator-pair constructor).
    at::Tensor tokenize(std::initializer_list<std::string> texts, int maxLength = 256) const
    {
        return tokenize(std::vector<std::string>(texts), maxLength);
    }
    int vocabSize() const;
    int padId() const { return padId_; }
    int eosId() const { return eosId_; }
    // model_max_length from tokenizer_config.json, or 0 when absent / huge (transformers' "no limit").
    int maxLength() const { return maxLength_; }
    const SentencePieceTokenizer& pieces() const { return pieces_; }

private:
    T5Tokenizer(SentencePieceTokenizer pieces, int padId, int eosId, int maxLength);

    SentencePieceTokenizer pieces_;
    int padId_ = 0, eosId_ = 1, maxLength_ = 0;
};

// Tokenizer + model from text_encoder_2/ and tokenizer_2/.
class T5TextEncoder {
public:
    // text_encoder_2/config.json and model.safetensors or the sharded model.safetensors.index.json (".fp16"
    // variants accepted when they are the only ones). Weights load as float32 on the CPU (then model()->to(...)).
    // Missing, mis-shaped or extra tensors throw ModelLoadError naming the tensor, the shape(s) and the file.
    static T5TextEncoder fromFolders(
        const std::filesystem::path& textEncoderFolder, const std::filesystem::path& tokenizerFolder);

    T5EncoderModel& model() { return model_; }
    const T5Tokenizer& tokenizer() const { return tokenizer_; }
    // [B, maxLength, dModel] on the model's device in its dtype, without autograd.
    at::Tensor encode(const std::vector<std::string>& prompts, int maxLength = 256);
    std::string weightsFile() const { return weightsFile_; }

private:
    T5TextEncoder(T5EncoderModel model, T5Tokenizer tokenizer, std::string weightsFile);

    T5EncoderModel model_;
    T5Tokenizer tokenizer_;
    std::string weightsFile_;
};

}  // namespace tastelab::model

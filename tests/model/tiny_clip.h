// A tiny random CLIP model in the Hugging Face layout (config.json, model.safetensors, tokenizer/), written
// independently of the loader: for CLIP's own tests and for anything that needs a CLIP backbone folder.
#pragma once

#include "model/io/safetensors.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

using Weights = std::vector<std::pair<std::string, at::Tensor>>;

inline constexpr int kHidden = 32;
inline constexpr int kIntermediate = 64;
inline constexpr int kHeads = 4;
inline constexpr int kImage = 32;
inline constexpr int kPatch = 8;
inline constexpr int kVocab = 11;  // the vocabulary below
inline constexpr int kPositions = 16;
inline constexpr int kProjection = 16;
inline constexpr int kBos = 9;
inline constexpr int kEos = 10;

inline void writeText(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
}

inline std::string configJson(int layers, int eosTokenId = kEos, const std::string& activation = "quick_gelu")
{
    return "{\"architectures\": [\"CLIPModel\"], \"projection_dim\": " + std::to_string(kProjection)
        + ", \"text_config\": {\"hidden_size\": 32, \"intermediate_size\": 64, \"num_hidden_layers\": "
        + std::to_string(layers) + ", \"num_attention_heads\": 4, \"vocab_size\": 11, \"max_position_embeddings\": 16,"
        + " \"eos_token_id\": " + std::to_string(eosTokenId) + ", \"pad_token_id\": 1, \"hidden_act\": \"" + activation
        + "\"}, \"vision_config\": {\"hidden_size\": 32, \"intermediate_size\": 64, \"num_hidden_layers\": "
        + std::to_string(layers) + ", \"num_attention_heads\": 4, \"image_size\": 32, \"patch_size\": 8,"
        + " \"layer_norm_eps\": 1e-05, \"hidden_act\": \"" + activation + "\"}}";
}

inline void addLayers(Weights& w, const std::string& prefix, int layers, at::Generator& gen)
{
    const auto randn = [&](std::vector<std::int64_t> shape, double scale) {
        return at::normal(0.0, scale, shape, gen, at::TensorOptions().dtype(at::kFloat));
    };
    for (int i = 0; i < layers; ++i) {
        const std::string p = prefix + ".encoder.layers." + std::to_string(i) + ".";
        for (const char* name : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
            w.emplace_back(p + "self_attn." + name + ".weight", randn({kHidden, kHidden}, 0.2));
            w.emplace_back(p + "self_attn." + name + ".bias", randn({kHidden}, 0.1));
        }
        w.emplace_back(p + "layer_norm1.weight", 1.0 + randn({kHidden}, 0.1));
        w.emplace_back(p + "layer_norm1.bias", randn({kHidden}, 0.1));
        w.emplace_back(p + "mlp.fc1.weight", randn({kIntermediate, kHidden}, 0.2));
        w.emplace_back(p + "mlp.fc1.bias", randn({kIntermediate}, 0.1));
        w.emplace_back(p + "mlp.fc2.weight", randn({kHidden, kIntermediate}, 0.2));
        w.emplace_back(p + "mlp.fc2.bias", randn({kHidden}, 0.1));
        w.emplace_back(p + "layer_norm2.weight", 1.0 + randn({kHidden}, 0.1));
        w.emplace_back(p + "layer_norm2.bias", randn({kHidden}, 0.1));
    }
}

// Random weights in transformers' names and shapes, written independently of the loader.
inline Weights tinyWeights(int layers, std::uint64_t seed)
{
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const auto randn = [&](std::vector<std::int64_t> shape, double scale) {
        return at::normal(0.0, scale, shape, gen, at::TensorOptions().dtype(at::kFloat));
    };
    const std::int64_t patches = (kImage / kPatch) * (kImage / kPatch);
    Weights w;
    w.emplace_back("vision_model.embeddings.class_embedding", randn({kHidden}, 0.5));
    w.emplace_back("vision_model.embeddings.patch_embedding.weight", randn({kHidden, 3, kPatch, kPatch}, 0.1));
    w.emplace_back("vision_model.embeddings.position_embedding.weight", randn({patches + 1, kHidden}, 0.5));
    w.emplace_back("vision_model.embeddings.position_ids", at::arange(patches + 1, at::kLong).unsqueeze(0));
    w.emplace_back("vision_model.pre_layrnorm.weight", 1.0 + randn({kHidden}, 0.1));
    w.emplace_back("vision_model.pre_layrnorm.bias", randn({kHidden}, 0.1));
    addLayers(w, "vision_model", layers, gen);
    w.emplace_back("vision_model.post_layernorm.weight", 1.0 + randn({kHidden}, 0.1));
    w.emplace_back("vision_model.post_layernorm.bias", randn({kHidden}, 0.1));
    w.emplace_back("visual_projection.weight", randn({kProjection, kHidden}, 0.2));
    w.emplace_back("text_model.embeddings.token_embedding.weight", randn({kVocab, kHidden}, 0.5));
    w.emplace_back("text_model.embeddings.position_embedding.weight", randn({kPositions, kHidden}, 0.5));
    addLayers(w, "text_model", layers, gen);
    w.emplace_back("text_model.final_layer_norm.weight", 1.0 + randn({kHidden}, 0.1));
    w.emplace_back("text_model.final_layer_norm.bias", randn({kHidden}, 0.1));
    w.emplace_back("text_projection.weight", randn({kProjection, kHidden}, 0.2));
    w.emplace_back("logit_scale", at::full({}, 2.6592, at::kFloat));
    return w;
}

// config.json, model.safetensors and tokenizer/{vocab.json, merges.txt}; returns the weights written.
inline Weights writeTinyClip(
    const std::filesystem::path& folder, int layers, std::uint64_t seed, const std::string& config = {})
{
    std::filesystem::create_directories(folder / "tokenizer");
    writeText(folder / "config.json", config.empty() ? configJson(layers) : config);
    writeText(folder / "tokenizer" / "vocab.json",
        R"({"c": 0, "a": 1, "t": 2, "c</w>": 3, "a</w>": 4, "t</w>": 5, "ca": 6, "cat</w>": 7, "at</w>": 8,)"
        R"( "<|startoftext|>": 9, "<|endoftext|>": 10})");
    writeText(folder / "tokenizer" / "merges.txt", "#version: 0.2\nc a\nca t</w>\na t</w>\n");
    Weights weights = tinyWeights(layers, seed);
    writeSafetensors(folder / "model.safetensors", weights);
    return weights;
}

}  // namespace tastelab::model

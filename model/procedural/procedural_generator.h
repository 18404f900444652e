// TasteLab's own image generator: maps an initial noise vector and a prompt to an RGB picture made of
// layered soft shapes, gradients, textures and palettes, with LibTorch ops only, so that it is
// differentiable from every pixel back to the noise like a real diffusion model. Each image carries
// its true attribute vector (see procedural_lexicon.h). The pictures are procedural, not AI-generated.
#pragma once

#include "model/procedural/procedural_lexicon.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tastelab::model {

struct ProceduralConfig {
    int size = 256;  // pixels a side, 32..512
    int latentDim = 64;  // length of the noise vector
    int shapes = 10;  // soft shapes layered over the background
    int waves = 8;  // sinusoid components of the texture
    // The world's version: 2 (procedural-v2, what new demo workspaces use) makes every attribute visible over its
    // whole range and keeps one attribute from cancelling another; 1 (procedural-v1) draws as the generator always
    // has, so that images generated and stored before stay reproducible from their seed.
    int version = 1;
};

// What a prompt asks for: attribute biases from style words and a layout offset from subject words.
struct PromptStyle {
    AttributeVector bias{};  // logits added to the attributes
    std::vector<float> layoutOffset;  // added to the noise (latentDim values)
    std::vector<std::string> styleWords;  // words that moved attributes
    std::vector<std::string> subjectWords;
    std::vector<std::string> unknownWords;  // ignored
};

struct ProceduralImages {
    at::Tensor images;  // [B, 3, S, S], values in (0, 1)
    at::Tensor attributes;  // [B, 9], values in (0, 1): the true attribute vector of each image
};

class ProceduralGenerator {
public:
    explicit ProceduralGenerator(ProceduralConfig config = {});

    const ProceduralConfig& config() const { return config_; }
    static constexpr const char* kGeneratorId = "procedural-v1";  // version 1, the default
    static constexpr const char* kGeneratorIdV2 = "procedural-v2";
    // The id of this generator's version ("procedural-v1" or "procedural-v2").
    std::string id() const;
    // The version an id names; throws std::invalid_argument naming the id for anything else.
    static int versionOf(const std::string& id);

    // Standard normal noise of length latentDim for a seed, identical on every platform (our own
    // generator, not LibTorch's). Float32 on the CPU.
    at::Tensor noiseForSeed(std::uint64_t seed) const;
    // [B, latentDim] for several seeds.
    at::Tensor noiseForSeeds(const std::vector<std::uint64_t>& seeds) const;

    PromptStyle parsePrompt(const std::string& prompt) const;

    // noise: [B, latentDim] (or [latentDim]) of any floating dtype on any device; gradients flow back
    // to it. prompts: one per image, or one for all. size 0 uses config().size.
    ProceduralImages render(const at::Tensor& noise, const std::vector<std::string>& prompts, int size = 0) const;

private:
    ProceduralConfig config_;
    at::Tensor mixing_;  // [parameters, latentDim]: fixed, seeded; maps noise to scene parameters
    int parameterCount_ = 0;
};

}  // namespace tastelab::model

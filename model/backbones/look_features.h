// Look features: a 132-dimensional description of how an image looks (colour in a perceptual space,
// contrast, sharpness, edges, texture at several scales, layout, symmetry, complexity, the power
// spectrum, the shape of edges, band-pass energies, axis alignment, corners and the sharpness of the
// strongest edges), computed with
// torch ops only. No weights: the default backbone, available everywhere. Prompts are embedded as a
// deterministic hashed bag of words.
#pragma once

#include "model/backbones/backbone.h"

#include <string>
#include <vector>

namespace tastelab::model {

class LookFeatures : public Backbone {
public:
    static constexpr int kImageDim = 132;
    // look-v2 was the first 96 values of look-v3, computed the same way; reward models trained on it keep working.
    static constexpr int kImageDimV2 = 96;
    static constexpr int kTextDim = 256;
    static constexpr int kWorkingSize = 128;  // images are resized to this square first

    // version 3 (the default) or 2; throws std::invalid_argument for any other.
    explicit LookFeatures(int version = 3);

    std::string id() const override { return version_ == 2 ? "look-v2" : "look-v3"; }
    std::string weightsHash() const override { return {}; }
    int imageDim() const override { return version_ == 2 ? kImageDimV2 : kImageDim; }
    int textDim() const override { return kTextDim; }
    at::Tensor encodeImages(const at::Tensor& images) const override;
    at::Tensor encodeTexts(const std::vector<std::string>& prompts) const override;

    // One name per dimension, in order ("lightness_mean", "hue_hist_03", ...).
    static const std::vector<std::string>& featureNames();

private:
    int version_ = 3;
};

// sRGB in [0, 1] ([B, 3, H, W]) to OKLab ([B, 3, H, W]: L, a, b), differentiable.
at::Tensor srgbToOklab(const at::Tensor& rgb);

// Deterministic hashed bag of words (and word pairs), L2-normalised; [B, dim] float32 on the CPU.
at::Tensor hashedBagOfWords(const std::vector<std::string>& prompts, int dim);

}  // namespace tastelab::model

// Look features: a 96-dimensional description of how an image looks (colour in a perceptual space,
// contrast, sharpness, edges, texture at several scales, layout, symmetry, complexity, the power
// spectrum and the shape of edges), computed with
// torch ops only. No weights: the default backbone, available everywhere. Prompts are embedded as a
// deterministic hashed bag of words.
#pragma once

#include "model/backbones/backbone.h"

#include <string>
#include <vector>

namespace tastelab::model {

class LookFeatures : public Backbone {
public:
    static constexpr int kImageDim = 96;
    static constexpr int kTextDim = 256;
    static constexpr int kWorkingSize = 128;  // images are resized to this square first

    std::string id() const override { return "look-v2"; }
    std::string weightsHash() const override { return {}; }
    int imageDim() const override { return kImageDim; }
    int textDim() const override { return kTextDim; }
    at::Tensor encodeImages(const at::Tensor& images) const override;
    at::Tensor encodeTexts(const std::vector<std::string>& prompts) const override;

    // One name per dimension, in order ("lightness_mean", "hue_hist_03", ...).
    static const std::vector<std::string>& featureNames();
};

// sRGB in [0, 1] ([B, 3, H, W]) to OKLab ([B, 3, H, W]: L, a, b), differentiable.
at::Tensor srgbToOklab(const at::Tensor& rgb);

// Deterministic hashed bag of words (and word pairs), L2-normalised; [B, dim] float32 on the CPU.
at::Tensor hashedBagOfWords(const std::vector<std::string>& prompts, int dim);

}  // namespace tastelab::model

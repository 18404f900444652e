// How visible each attribute of the procedural world is in the pixels: render a sample over random prompts, compute
// the look features, and fit a ridge regression from the features to each attribute; R^2 on held-out images says how
// much of the attribute a model that sees only the pixels can know. The demo's raters judge the attributes, so an
// attribute the pixels hide is taste no model can learn.
#pragma once

#include "model/procedural/procedural_generator.h"

#include <array>
#include <atomic>
#include <cstdint>

namespace tastelab::model {

struct VisibilityOptions {
    int images = 3000;  // two thirds fit the ridge regression, one third measures it
    int size = 128;  // render size; the look features work at 128 px
    int batch = 50;
    double ridge = 1.0;  // on standardised features
    std::uint64_t seed = 11;
    const std::atomic<bool>* cancel = nullptr;
};

struct AttributeVisibility {
    std::array<double, kVisualAttributeCount> r2{};  // per attribute, on the held-out third
    int images = 0;
    double seconds = 0;
    double minimum() const;
};

// Random prompts from the lexicon (a style word or two and a subject) and random noise. Throws model::Cancelled.
AttributeVisibility measureAttributeVisibility(
    const ProceduralGenerator& generator, const VisibilityOptions& options = {});

}  // namespace tastelab::model

// Making a backbone from its name as the programs accept it ("look", "clip:FOLDER", ...), and
// preparing an image file the way the embedding cache was filled, so that vectors computed later
// (scoring files, taste probes) match the cached ones. Includes LibTorch: not for widgets.
#pragma once

#include "model/backbones/backbone.h"

#include <ATen/core/Tensor.h>

#include <filesystem>
#include <memory>
#include <string>

namespace tastelab::services {

// Throws std::invalid_argument for an unknown name, and the loader's error for unreadable weights.
std::unique_ptr<model::Backbone> makeBackbone(const std::string& name);

// [3, inputSize, inputSize] in [0, 1]; throws the decoder's error naming the file.
at::Tensor loadImageForEncoding(const std::filesystem::path& file, int inputSize = 224);

}  // namespace tastelab::services

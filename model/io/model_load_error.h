// The error of a model folder or weights file that cannot be used, shared by the config reader, the weight loaders
// and the pipelines.
#pragma once

#include <stdexcept>

namespace tastelab::model {

// A model folder or weights file that cannot be used: a missing file, a malformed config, a missing, unexpected
// or mis-shaped tensor. The message names the file and, where one is concerned, the key or the tensor and the
// expected shape.
class ModelLoadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace tastelab::model

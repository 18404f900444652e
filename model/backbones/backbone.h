// One interface for everything that turns images (and prompts) into vectors: the look features, and
// pretrained encoders (MobileNet, CLIP, SigLIP). Preprocessing happens inside encodeImages() as
// differentiable tensor ops, so gradients reach the input pixels (steering needs them).
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

class Backbone {
public:
    virtual ~Backbone() = default;

    // Names the architecture and variant, e.g. "look-v2" or "mobilenet_v1_1.0_224".
    virtual std::string id() const = 0;
    // A hash of the weights ("" for a backbone without weights): caches and checkpoints record it so
    // that vectors from other weights are never mixed in.
    virtual std::string weightsHash() const = 0;
    virtual int imageDim() const = 0;
    virtual int textDim() const = 0;

    // images: [B, 3, H, W] in [0, 1], any size, any floating dtype; returns [B, imageDim] on the same
    // device. Differentiable with respect to the images.
    virtual at::Tensor encodeImages(const at::Tensor& images) const = 0;
    // [B, textDim] on the backbone's device.
    virtual at::Tensor encodeTexts(const std::vector<std::string>& prompts) const = 0;

    // The image tower's last `blocks` blocks and everything after them (final norm, projection), named as
    // in the weights files: handles to the tensors encodeImages uses, so that setting requires_grad on
    // them makes the image vectors differentiable with respect to them (fine-tuning), and copying into
    // them loads tuned values. Empty for a backbone that cannot be fine-tuned.
    virtual std::vector<std::pair<std::string, at::Tensor>> imageTowerTail(int blocks) const
    {
        (void)blocks;
        return {};
    }

    // Moves weights (if any); the device and dtype are chosen once, at the edge.
    virtual void to(c10::Device device, c10::ScalarType dtype) { (void)device, (void)dtype; }

    // The key of the embedding cache: id plus the first 16 hex digits of the weights' hash.
    std::string cacheKey() const
    {
        const std::string hash = weightsHash();
        return hash.empty() ? id() : id() + "@" + hash.substr(0, 16);
    }
};

}  // namespace tastelab::model

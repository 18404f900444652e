// The MobileNet adapter.
#include "model/backbones/mobilenet_backbone.h"

#include "model/backbones/look_features.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace tastelab::model {

MobileNetBackbone::MobileNetBackbone(MobileNetV1 network)
    : network_(std::move(network))
{
}

MobileNetBackbone MobileNetBackbone::fromTflite(const std::filesystem::path& file)
{
    return MobileNetBackbone(MobileNetV1::fromTflite(file));
}

std::string MobileNetBackbone::id() const
{
    return fmt::format("mobilenet_v1_{:.2f}_{}", network_.widthMultiplier(), network_.inputSize());
}

at::Tensor MobileNetBackbone::encodeImages(const at::Tensor& images) const
{
    // The network computes in float32 on its own device; the result goes back where the input was.
    return network_.embed(images.to(device_, at::kFloat)).to(images.device(), images.scalar_type());
}

at::Tensor MobileNetBackbone::encodeTexts(const std::vector<std::string>& prompts) const
{
    return hashedBagOfWords(prompts, textDim()).to(device_);
}

void MobileNetBackbone::to(c10::Device device, c10::ScalarType dtype)
{
    (void)dtype;  // MobileNet computes in float32: its weights were int8 and gain nothing from fp16 here
    network_ = network_.to(device);
    device_ = device;
}

}  // namespace tastelab::model

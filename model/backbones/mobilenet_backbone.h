// MobileNet v1 (from a TFLite file) as a Backbone: the pooled ImageNet features as image vectors.
// MobileNet has no text tower; prompts use the hashed bag of words of the look features.
#pragma once

#include "model/backbones/backbone.h"
#include "model/backbones/mobilenet.h"

namespace tastelab::model {

class MobileNetBackbone : public Backbone {
public:
    explicit MobileNetBackbone(MobileNetV1 network);
    static MobileNetBackbone fromTflite(const std::filesystem::path& file);

    std::string id() const override;
    std::string weightsHash() const override { return network_.weightsHash(); }
    int imageDim() const override { return network_.embeddingDim(); }
    int textDim() const override { return 256; }
    at::Tensor encodeImages(const at::Tensor& images) const override;
    at::Tensor encodeTexts(const std::vector<std::string>& prompts) const override;
    void to(c10::Device device, c10::ScalarType dtype) override;

private:
    MobileNetV1 network_;
    c10::Device device_{c10::DeviceType::CPU};
};

}  // namespace tastelab::model

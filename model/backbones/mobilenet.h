// MobileNet v1 (Howard et al. 2017) rebuilt from LibTorch ops with the weights of a TensorFlow Lite
// file: a 3x3 stride-2 convolution, 13 depthwise-separable blocks (3x3 depthwise + 1x1 pointwise,
// each with ReLU6), a global average pool and, for classifiers, a 1x1 convolution to the logits.
// The layer list is read by walking the file's operators in order, so any width multiplier and input
// size works (mobilenet_v1_0.75_192_quant, mobilenet_v1_1.0_224_quant_embedding_extractor, ...).
// Quantized weights are dequantized once; everything runs in float32 and is differentiable with
// respect to the input pixels.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include "model/io/tflite_model.h"

namespace tastelab::model {

class MobileNetV1 {
public:
    // A classifier (ending in logits, e.g. 1001 ImageNet classes with 0 = background) or an
    // embedding extractor (ending at the average pool). Throws TfliteError naming the file when it
    // cannot be read or is not a MobileNet v1.
    static MobileNetV1 fromTflite(const std::filesystem::path& file);
    static MobileNetV1 fromTflite(const TfliteModel& model);

    // The square side the network was trained at (192, 224, ...); forward resizes to it.
    int inputSize() const { return inputHeight_; }
    // 0.25, 0.5, 0.75 or 1.0: the first convolution has 32 * alpha channels.
    double widthMultiplier() const { return widthMultiplier_; }
    // Logit count for a classifier, otherwise embeddingDim().
    int outputDim() const;
    // 1024 * alpha: the channels of the pooled features.
    int embeddingDim() const { return embeddingDim_; }
    bool isClassifier() const { return classifier_.has_value(); }
    // The .tflite file this came from (for messages).
    const std::string& source() const { return source_; }

    // images01: [B, 3, H, W] (or [3, H, W]) RGB in [0, 1], any size, on the device of the weights.
    // Returns [B, outputDim()]: logits (no softmax) for a classifier, the pooled features otherwise.
    at::Tensor forward(const at::Tensor& images01) const;
    // The pooled features before the classifier: [B, embeddingDim()].
    at::Tensor embed(const at::Tensor& images01) const;
    // The network's input: bilinear resize to inputSize() and the affine map to the range the
    // model was trained on (for uint8 models (255 x - zero_point) * scale, about 2 x - 1).
    at::Tensor preprocess(const at::Tensor& images01) const;

    // A copy whose weights live on `device`.
    MobileNetV1 to(const c10::Device& device) const;
    // Lowercase hex SHA-256 of the .tflite file's bytes.
    const std::string& weightsHash() const { return weightsHash_; }

private:
    enum class LayerKind { Conv, Depthwise, AveragePool };
    struct Layer {
        LayerKind kind = LayerKind::Conv;
        at::Tensor weight;  // torch layout [out, in / groups, kh, kw]
        at::Tensor bias;
        int groups = 1;
        int kernelH = 1;
        int kernelW = 1;
        int strideH = 1;
        int strideW = 1;
        int dilationH = 1;
        int dilationW = 1;
        bool samePadding = true;
        TfliteActivation activation = TfliteActivation::None;
    };

    static at::Tensor runLayer(const Layer& layer, const at::Tensor& x);

    std::string source_;
    std::string weightsHash_;
    int inputHeight_ = 0;
    int inputWidth_ = 0;
    double inputScale_ = 2.0;  // x01 -> model range: x * inputScale_ + inputOffset_
    double inputOffset_ = -1.0;
    double widthMultiplier_ = 1.0;
    int embeddingDim_ = 0;
    std::vector<Layer> features_;  // convolutions and the average pool
    std::optional<Layer> classifier_;  // the 1x1 logits convolution (or fully connected as 1x1)
};

}  // namespace tastelab::model

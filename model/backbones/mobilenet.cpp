#include "model/backbones/mobilenet.h"

#include <algorithm>
#include <cmath>

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace tastelab::model {

namespace {

// MobileNet v1: one standard convolution, then 13 depthwise + pointwise pairs.
constexpr int kConvolutions = 1 + 2 * 13;
constexpr int kBaseFirstChannels = 32;
constexpr int kBaseLastChannels = 1024;

// TFLite's SAME padding along one axis: the output has ceil(in / stride) positions and any odd
// padding goes after (bottom / right).
std::pair<std::int64_t, std::int64_t> samePadding(std::int64_t in, int kernel, int stride, int dilation)
{
    const std::int64_t out = (in + stride - 1) / stride;
    const std::int64_t effectiveKernel = static_cast<std::int64_t>(kernel - 1) * dilation + 1;
    const std::int64_t needed = std::max<std::int64_t>(0, (out - 1) * stride + effectiveKernel - in);
    return {needed / 2, needed - needed / 2};
}

at::Tensor activate(const at::Tensor& x, TfliteActivation activation)
{
    switch (activation) {
    case TfliteActivation::None:
        return x;
    case TfliteActivation::Relu:
        return at::relu(x);
    case TfliteActivation::Relu6:
        return at::clamp(x, 0.0, 6.0);
    case TfliteActivation::ReluN1To1:
        return at::clamp(x, -1.0, 1.0);
    case TfliteActivation::Tanh:
        return at::tanh(x);
    case TfliteActivation::SignBit:
        break;
    }
    return x;  // rejected when the model is loaded
}

}  // namespace

MobileNetV1 MobileNetV1::fromTflite(const std::filesystem::path& file)
{
    return fromTflite(TfliteModel::load(file));
}

MobileNetV1 MobileNetV1::fromTflite(const TfliteModel& model)
{
    const std::string& name = model.source();
    const auto fail = [&name](const std::string& what) {
        return TfliteError(fmt::format("'{}' is not a MobileNet v1 this program can run: {}", name, what));
    };

    MobileNetV1 net;
    net.source_ = name;
    net.weightsHash_ = model.sha256();

    if (model.inputs().size() != 1) throw fail(fmt::format("it has {} inputs, not 1", model.inputs().size()));
    const TfliteTensor& input = model.tensor(model.inputs().front());
    if (input.shape.size() != 4 || input.shape[3] != 3 || input.shape[1] <= 0 || input.shape[2] <= 0) {
        throw fail(fmt::format("its input '{}' is not an RGB image [1, H, W, 3]", input.name));
    }
    net.inputHeight_ = static_cast<int>(input.shape[1]);
    net.inputWidth_ = static_cast<int>(input.shape[2]);
    // What a pixel x in [0, 1] becomes: the float value of its 8-bit code x * 255 under the input's
    // quantization. Float inputs are taken to expect MobileNet's usual [-1, 1].
    const auto& quant = input.quantization;
    if ((input.type == TfliteType::UInt8 || input.type == TfliteType::Int8) && quant.scale.size() == 1) {
        const double codeOffset = input.type == TfliteType::Int8 ? 128.0 : 0.0;
        const double zeroPoint = quant.zeroPoint.empty() ? 0.0 : static_cast<double>(quant.zeroPoint.front());
        net.inputScale_ = 255.0 * quant.scale.front();
        net.inputOffset_ = -(codeOffset + zeroPoint) * quant.scale.front();
    } else if (input.type == TfliteType::Float32) {
        net.inputScale_ = 2.0;
        net.inputOffset_ = -1.0;
    } else {
        throw fail(fmt::format(
            "its input '{}' has type {} without one quantization scale", input.name, tfliteTypeName(input.type)));
    }

    int current = model.inputs().front();  // the tensor the chain has reached
    bool pooled = false;
    int position = -1;
    for (const TfliteOperator& op : model.operators()) {
        ++position;
        const std::string what = fmt::format("operator {} ({})", position, tfliteOpName(op.op));
        if (op.inputs.empty() || op.outputs.size() != 1) throw fail(what + " does not have one output");
        if (op.inputs.front() != current) throw fail(what + " does not continue the single chain of layers");
        current = op.outputs.front();

        switch (op.op) {
        case TfliteOp::Quantize:
        case TfliteOp::Dequantize:
        case TfliteOp::Reshape:
        case TfliteOp::Squeeze:
        case TfliteOp::Softmax:  // forward returns logits
            continue;
        case TfliteOp::Conv2d:
        case TfliteOp::DepthwiseConv2d:
        case TfliteOp::FullyConnected:
            break;
        case TfliteOp::AveragePool2d: {
            if (pooled) throw fail(what + " is a second pool");
            if (!op.options.hasOptions) throw fail(what + " has no options");
            Layer layer;
            layer.kind = LayerKind::AveragePool;
            layer.kernelH = op.options.filterH;
            layer.kernelW = op.options.filterW;
            layer.strideH = op.options.strideH;
            layer.strideW = op.options.strideW;
            layer.samePadding = op.options.padding == TflitePadding::Same;
            layer.activation = op.options.activation;
            net.features_.push_back(std::move(layer));
            pooled = true;
            continue;
        }
        default:
            throw fail(what + " is not part of MobileNet v1");
        }

        // A convolution (or the fully connected classifier).
        if (op.inputs.size() < 2 || op.inputs[1] < 0) throw fail(what + " has no weights");
        if (op.op != TfliteOp::FullyConnected && !op.options.hasOptions) throw fail(what + " has no options");
        const TfliteTensor& weightTensor = model.tensor(op.inputs[1]);
        const at::Tensor weight = model.constantAsFloat(op.inputs[1]);
        Layer layer;
        layer.bias = model.biasAsFloat(op);
        layer.activation = op.options.activation;
        if (layer.activation == TfliteActivation::SignBit) throw fail(what + " uses the SIGN_BIT activation");
        if (op.op == TfliteOp::FullyConnected) {
            if (weight.dim() != 2) throw fail(what + " has weights that are not [out, in]");
            layer.weight = weight.view({weight.size(0), weight.size(1), 1, 1});  // as a 1x1 convolution
        } else {
            if (weight.dim() != 4)
                throw fail(fmt::format("{} has weights '{}' of rank {}", what, weightTensor.name, weight.dim()));
            layer.strideH = op.options.strideH;
            layer.strideW = op.options.strideW;
            layer.dilationH = op.options.dilationH;
            layer.dilationW = op.options.dilationW;
            layer.samePadding = op.options.padding == TflitePadding::Same;
            layer.kernelH = static_cast<int>(weight.size(1));
            layer.kernelW = static_cast<int>(weight.size(2));
            if (op.op == TfliteOp::Conv2d) {
                // TFLite [out, kh, kw, in] -> torch [out, in, kh, kw].
                layer.weight = weight.permute({0, 3, 1, 2}).contiguous();
            } else {
                // TFLite [1, kh, kw, in * multiplier] -> torch [in * multiplier, 1, kh, kw], groups = in.
                const TfliteTensor& layerInput = model.tensor(op.inputs[0]);
                if (layerInput.shape.size() != 4 || layerInput.shape[3] <= 0 || weight.size(0) != 1) {
                    throw fail(what + " has an unexpected input or weight shape");
                }
                layer.kind = LayerKind::Depthwise;
                layer.groups = static_cast<int>(layerInput.shape[3]);
                layer.weight = weight.permute({3, 0, 1, 2}).contiguous();
            }
        }
        if (pooled) {
            if (net.classifier_) throw fail(what + " follows the classifier");
            if (layer.kernelH != 1 || layer.kernelW != 1 || layer.kind != LayerKind::Conv) {
                throw fail(what + " after the pool is not a 1x1 classifier");
            }
            net.classifier_ = std::move(layer);
        } else {
            net.features_.push_back(std::move(layer));
        }
    }
    if (model.outputs().size() != 1 || model.outputs().front() != current) {
        throw fail("its output is not the end of the chain of layers");
    }
    if (!pooled) throw fail("it has no average pool");

    // The layer list must be MobileNet v1's: conv 3x3/2, then depthwise 3x3 and pointwise 1x1 pairs.
    const auto convolutions = static_cast<int>(net.features_.size()) - 1;
    if (convolutions != kConvolutions) {
        throw fail(
            fmt::format("it has {} convolutions before the pool, MobileNet v1 has {}", convolutions, kConvolutions));
    }
    for (int i = 0; i < kConvolutions; ++i) {
        const Layer& layer = net.features_[static_cast<std::size_t>(i)];
        const bool depthwise = i % 2 == 1;
        const int kernel = (i == 0 || depthwise) ? 3 : 1;
        if ((layer.kind == LayerKind::Depthwise) != depthwise || layer.kernelH != kernel || layer.kernelW != kernel) {
            throw fail(fmt::format("convolution {} is not the {}x{} {} convolution of MobileNet v1", i, kernel, kernel,
                depthwise ? "depthwise" : "standard"));
        }
    }
    const auto firstChannels = net.features_.front().weight.size(0);
    if (net.features_.front().weight.size(1) != 3) throw fail("the first convolution does not read 3 channels");
    net.widthMultiplier_ = static_cast<double>(firstChannels) / kBaseFirstChannels;
    net.embeddingDim_ = static_cast<int>(net.features_[kConvolutions - 1].weight.size(0));
    const auto expectedLast = static_cast<int>(std::lround(net.widthMultiplier_ * kBaseLastChannels));
    if (net.embeddingDim_ != expectedLast) {
        throw fail(fmt::format("its last convolution has {} channels, width {} needs {}", net.embeddingDim_,
            net.widthMultiplier_, expectedLast));
    }
    if (net.classifier_ && net.classifier_->weight.size(1) != net.embeddingDim_) {
        throw fail("the classifier does not read the pooled features");
    }
    return net;
}

int MobileNetV1::outputDim() const
{
    return classifier_ ? static_cast<int>(classifier_->weight.size(0)) : embeddingDim_;
}

at::Tensor MobileNetV1::preprocess(const at::Tensor& images01) const
{
    at::Tensor x = images01.dim() == 3 ? images01.unsqueeze(0) : images01;
    if (x.dim() != 4 || x.size(1) != 3) {
        throw std::invalid_argument(fmt::format("MobileNet v1 ('{}') takes images [B, 3, H, W], not a tensor of {} "
                                                "dimensions",
            source_, images01.dim()));
    }
    x = x.to(at::kFloat);
    if (x.size(2) != inputHeight_ || x.size(3) != inputWidth_) {
        x = at::upsample_bilinear2d(x, {inputHeight_, inputWidth_}, false);
    }
    return x * inputScale_ + inputOffset_;
}

at::Tensor MobileNetV1::runLayer(const Layer& layer, const at::Tensor& x)
{
    at::Tensor y = x;
    const auto [top, bottom] = layer.samePadding ? samePadding(x.size(2), layer.kernelH, layer.strideH, layer.dilationH)
                                                 : std::pair<std::int64_t, std::int64_t>{0, 0};
    const auto [left, right] = layer.samePadding ? samePadding(x.size(3), layer.kernelW, layer.strideW, layer.dilationW)
                                                 : std::pair<std::int64_t, std::int64_t>{0, 0};
    const bool padded = top + bottom + left + right > 0;
    if (layer.kind == LayerKind::AveragePool) {
        // TFLite averages over the valid (unpadded) positions only.
        const std::vector<std::int64_t> kernel{layer.kernelH, layer.kernelW};
        const std::vector<std::int64_t> stride{layer.strideH, layer.strideW};
        if (!padded) return activate(at::avg_pool2d(y, kernel, stride), layer.activation);
        const std::vector<std::int64_t> pads{left, right, top, bottom};
        const at::Tensor sums = at::avg_pool2d(at::constant_pad_nd(y, pads, 0.0), kernel, stride);
        const at::Tensor ones = at::ones({1, 1, x.size(2), x.size(3)}, x.options());
        const at::Tensor counts = at::avg_pool2d(at::constant_pad_nd(ones, pads, 0.0), kernel, stride);
        return activate(sums / counts, layer.activation);
    }
    if (padded) y = at::constant_pad_nd(y, {left, right, top, bottom}, 0.0);
    const std::vector<std::int64_t> stride{layer.strideH, layer.strideW};
    const std::vector<std::int64_t> noPadding{0, 0};
    const std::vector<std::int64_t> dilation{layer.dilationH, layer.dilationW};
    y = at::conv2d(y, layer.weight, layer.bias, at::IntArrayRef(stride), at::IntArrayRef(noPadding),
        at::IntArrayRef(dilation), layer.groups);
    return activate(y, layer.activation);
}

at::Tensor MobileNetV1::embed(const at::Tensor& images01) const
{
    at::Tensor x = preprocess(images01);
    for (const Layer& layer : features_) x = runLayer(layer, x);
    // The pool covers the whole map at the model's own input size; average whatever is left.
    return x.mean({2, 3});
}

at::Tensor MobileNetV1::forward(const at::Tensor& images01) const
{
    at::Tensor features = embed(images01);
    if (!classifier_) return features;
    const at::Tensor logits = runLayer(*classifier_, features.view({features.size(0), features.size(1), 1, 1}));
    return logits.flatten(1);
}

MobileNetV1 MobileNetV1::to(const c10::Device& device) const
{
    MobileNetV1 copy = *this;
    const auto move = [&device](Layer& layer) {
        if (layer.weight.defined()) layer.weight = layer.weight.to(device);
        if (layer.bias.defined()) layer.bias = layer.bias.to(device);
    };
    for (Layer& layer : copy.features_) move(layer);
    if (copy.classifier_) move(*copy.classifier_);
    return copy;
}

}  // namespace tastelab::model

// TensorFlow Lite flatbuffers: TfliteModel::fromBytes, then every constant as float and the bias of every
// convolution and fully connected operator (what the MobileNet loader reads). TfliteError is the documented refusal.
#include "model/io/tflite_model.h"
#include "tests/fuzz/fuzz_target.h"

#include <ATen/ATen.h>

namespace tastelab::fuzz {

int fuzzTflite(const std::uint8_t* data, std::size_t size)
{
    const std::vector<std::uint8_t> bytes(data, data + size);
    try {
        const auto tflite = model::TfliteModel::fromBytes(bytes, "fuzz.tflite");
        for (std::size_t i = 0; i < tflite.tensors().size(); ++i) {
            if (!tflite.tensors()[i].isConstant()) continue;
            try {
                (void)tflite.constantAsFloat(static_cast<int>(i));
            } catch (const model::TfliteError&) {
            }
        }
        for (const auto& op : tflite.operators()) {
            if (op.op != model::TfliteOp::Conv2d && op.op != model::TfliteOp::DepthwiseConv2d
                && op.op != model::TfliteOp::FullyConnected)
                continue;
            try {
                (void)tflite.biasAsFloat(op);
            } catch (const model::TfliteError&) {
            }
        }
        return kAccepted;
    } catch (const model::TfliteError& error) {
        return refuse(error);
    }
}

}  // namespace tastelab::fuzz

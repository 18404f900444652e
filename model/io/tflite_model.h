// Reading TensorFlow Lite model files (.tflite): the tensors of the main subgraph with their constant
// data and quantization, and the operators in execution order with their builtin options.
// The flatbuffer is checked with flatbuffers::Verifier before anything is read; every error names
// the file. Only the reading side: nothing here runs a model (see mobilenet.h for that).
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>

namespace tastelab::model {

// Thrown for unreadable, malformed or unsupported .tflite files; the message names the file.
class TfliteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// TFLite's TensorType numbers.
enum class TfliteType : std::int8_t {
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
    UInt8 = 3,
    Int64 = 4,
    String = 5,
    Bool = 6,
    Int16 = 7,
    Complex64 = 8,
    Int8 = 9,
    Float64 = 10,
};
std::string_view tfliteTypeName(TfliteType type);
// Bytes per element, 0 for types without a fixed size (String) or unknown numbers.
std::size_t tfliteTypeSize(TfliteType type);

// TFLite's BuiltinOperator numbers for the operators we name; other numbers pass through as is.
enum class TfliteOp : std::int32_t {
    Add = 0,
    AveragePool2d = 1,
    Concatenation = 2,
    Conv2d = 3,
    DepthwiseConv2d = 4,
    Dequantize = 6,
    FullyConnected = 9,
    L2Normalization = 11,
    MaxPool2d = 17,
    Relu = 19,
    Relu6 = 21,
    Reshape = 22,
    Softmax = 25,
    Mean = 40,
    Squeeze = 43,
    Quantize = 114,
    Custom = 32,
};
// "CONV_2D" etc., or "BUILTIN_<n>" for numbers not named above.
std::string tfliteOpName(TfliteOp op);

enum class TflitePadding : std::int8_t { Same = 0, Valid = 1 };
enum class TfliteActivation : std::int8_t { None = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4, SignBit = 5 };

// Affine quantization: real = scale * (q - zeroPoint), per tensor (one scale) or per channel along
// `dimension` (one scale per index of that dimension).
struct TfliteQuantization {
    std::vector<float> scale;
    std::vector<std::int64_t> zeroPoint;
    int dimension = 0;

    bool empty() const { return scale.empty(); }
    bool perChannel() const { return scale.size() > 1; }
};

struct TfliteTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    TfliteType type = TfliteType::Float32;
    // Constant data as stored (little-endian), empty for activations.
    std::vector<std::uint8_t> data;
    TfliteQuantization quantization;

    std::int64_t elementCount() const;
    bool isConstant() const { return !data.empty(); }
};

// The builtin options of the operators we read, flattened into one struct; fields that an operator
// does not have keep their defaults. `hasOptions` is false when the file carries none we know.
struct TfliteOptions {
    bool hasOptions = false;
    TflitePadding padding = TflitePadding::Same;
    int strideW = 1;
    int strideH = 1;
    int dilationW = 1;
    int dilationH = 1;
    int depthMultiplier = 1;  // DEPTHWISE_CONV_2D
    int filterW = 1;  // pools
    int filterH = 1;
    TfliteActivation activation = TfliteActivation::None;
    float beta = 1.0f;  // SOFTMAX
    std::vector<std::int32_t> newShape;  // RESHAPE
    std::vector<std::int32_t> squeezeDims;  // SQUEEZE
};

struct TfliteOperator {
    TfliteOp op = TfliteOp::Add;
    int version = 1;
    std::string customCode;  // for CUSTOM operators
    std::vector<int> inputs;  // tensor indices; -1 marks an omitted optional input
    std::vector<int> outputs;
    TfliteOptions options;
};

class TfliteModel {
public:
    // Reads and verifies the whole file. Throws TfliteError naming the file.
    static TfliteModel load(const std::filesystem::path& file);
    // `sourceName` is used in error messages.
    static TfliteModel fromBytes(const std::vector<std::uint8_t>& bytes, std::string_view sourceName);

    const std::string& source() const { return source_; }
    const std::string& description() const { return description_; }
    std::uint32_t schemaVersion() const { return schemaVersion_; }
    // SHA-256 of the file's bytes, lowercase hex.
    const std::string& sha256() const { return sha256_; }

    // The main (first) subgraph.
    const std::vector<TfliteTensor>& tensors() const { return tensors_; }
    const std::vector<TfliteOperator>& operators() const { return operators_; }
    const std::vector<int>& inputs() const { return inputs_; }
    const std::vector<int>& outputs() const { return outputs_; }

    // Throws TfliteError naming the file for an index out of range.
    const TfliteTensor& tensor(int index) const;

    // The constant tensor as float32 on the CPU, in TFLite's layout (shape as stored). Quantized
    // integers are dequantized, w = scale * (q - zero_point), per channel when the file says so.
    at::Tensor constantAsFloat(int index) const;
    // The bias input (index 2) of a CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED operator as a float
    // vector. An int32 bias without its own quantization uses scale = input_scale * weight_scale.
    // A missing bias gives zeros of the filter's output channel count (at most 2^20 when the filter is not a constant,
    // whose shape no data backs).
    at::Tensor biasAsFloat(const TfliteOperator& op) const;

private:
    std::string source_;
    std::string description_;
    std::string sha256_;
    std::uint32_t schemaVersion_ = 0;
    std::vector<TfliteTensor> tensors_;
    std::vector<TfliteOperator> operators_;
    std::vector<int> inputs_;
    std::vector<int> outputs_;
};

}  // namespace tastelab::model

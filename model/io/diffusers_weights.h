// Named, shape-checked weights for the generator components (UNet, VAE, text encoders, tiny autoencoders).
// Modules are torch::nn::Module trees whose registered names are the checkpoint's tensor names, so loading is
// a walk over the module's parameters and buffers; what is missing, mis-shaped or left over is named.
#pragma once

#include "model/io/model_load_error.h"

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

class SafetensorsCollection;

// Where a component's tensors come from: a safetensors file or sharded index, or tensors in memory (a .pth state
// dict, a test). Each tensor can be taken once; what was never taken is "unexpected".
class WeightSource {
public:
    // A single .safetensors file, or a "*.safetensors.index.json" with its shards.
    static WeightSource fromSafetensors(const std::filesystem::path& fileOrIndex);
    // `origin` names the tensors' file in error messages.
    static WeightSource fromTensors(std::vector<std::pair<std::string, at::Tensor>> tensors, std::string origin);

    WeightSource(WeightSource&&) noexcept;
    WeightSource& operator=(WeightSource&&) noexcept;
    ~WeightSource();

    const std::string& origin() const { return origin_; }
    // Names as the module sees them (after renaming).
    std::vector<std::string> names() const;
    bool contains(const std::string& name) const;
    // Rewrites the file's names to the module's names (e.g. the older VAE attention names query/key/value/proj_attn
    // to to_q/to_k/to_v/to_out.0). Call before taking anything.
    void rename(const std::function<std::string(const std::string&)>& canonicalName);

    // The tensor as float32 on the CPU. Throws ModelLoadError naming the tensor, the origin and the expected shape
    // when it is missing, already taken, or of another shape (the message then gives both shapes), and naming the
    // tensor and the origin when it holds NaN or infinite values.
    at::Tensor take(const std::string& name, const std::vector<std::int64_t>& expectedShape);
    // Names under `prefix` that were never taken, sorted.
    std::vector<std::string> untaken(const std::string& prefix = {}) const;
    // How many values all its tensors hold (from the safetensors headers: nothing is read).
    std::uint64_t valueCount() const;

private:
    WeightSource() = default;

    std::string origin_;
    std::shared_ptr<const SafetensorsCollection> file_;
    std::map<std::string, std::string> fileName_;  // module name -> name in the file
    std::map<std::string, at::Tensor> memory_;  // fromTensors, by file name
    std::map<std::string, bool> taken_;  // module name -> taken
};

// Copies every parameter and buffer of `module` (named `prefix` + the module's own name) from `source`, checking
// each shape. With `strict`, tensors under `prefix` that the module has no place for are an error that names them
// (the first eight and the count). Runs without autograd; the module's device and dtype are kept.
void loadModuleWeights(
    torch::nn::Module& module, WeightSource& source, const std::string& prefix = {}, bool strict = true);

// Every parameter and buffer, `prefix` + name -> tensor (shared storage): what a test writes as a tiny checkpoint.
std::vector<std::pair<std::string, at::Tensor>> moduleTensors(
    const torch::nn::Module& module, const std::string& prefix = {});

// "[320, 4, 3, 3]".
std::string shapeText(at::IntArrayRef shape);

// Caps for the sizes configs give: far above any published model, far below what could be allocated.
inline constexpr std::int64_t kMaxConfigWidth = 65536;  // hidden sizes, channels, heads, head dims
inline constexpr std::int64_t kMaxConfigInnerWidth = 4 * kMaxConfigWidth;  // feed-forward (intermediate) sizes
inline constexpr std::int64_t kMaxConfigLayers = 1024;  // layers, blocks per level
inline constexpr std::int64_t kMaxConfigLevels = 8;  // resolution levels of a UNet or VAE
inline constexpr std::int64_t kMaxConfigVocabulary = 10'000'000;
inline constexpr std::int64_t kMaxConfigPositions = std::int64_t{1} << 20;

// One size a config gives, with the largest value accepted for it.
struct ConfigSize {
    std::string key;  // as written in the config ("hidden_size", "block_out_channels[2]")
    std::int64_t value = 0;
    std::int64_t max = 0;
};

// Run after reading a config and opening its weights, before the module is built (building allocates every
// parameter): each size must lie in 0..max (ModelLoadError naming the file and the key), and `parameters`, a lower
// bound of the number of values a module of these sizes holds (the caller's formula), must neither exceed twice the
// values in the weight files (`weightValues`, counted from the safetensors headers) plus 2^24 (a config slightly off
// is left to the per-tensor checks, which name the tensor) nor need, at `bytesPerValue` bytes each, more memory than
// the machine has (skipped when bytesPerValue is 0). So no config makes a module larger than a constant times the
// weights on disk plus 64 MiB. The messages name the config file, its sizes and the weights.
void requireConfigFitsWeights(const std::filesystem::path& configJson, const std::vector<ConfigSize>& sizes,
    double parameters, std::uint64_t weightValues, const std::string& weightsOrigin, double bytesPerValue = 4.0);
// The machine's physical memory in bytes (0 when unknown).
std::uint64_t physicalMemoryBytes();

}  // namespace tastelab::model

// Named, shape-checked weights for the generator components.
#include "model/io/diffusers_weights.h"

#include "model/io/safetensors.h"
#include "model/io/tensor_checks.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace tastelab::model {

namespace {

std::string fileNameOf(const std::filesystem::path& path)
{
    return path.filename().string();
}

}  // namespace

WeightSource::WeightSource(WeightSource&&) noexcept = default;
WeightSource& WeightSource::operator=(WeightSource&&) noexcept = default;
WeightSource::~WeightSource() = default;

WeightSource WeightSource::fromSafetensors(const std::filesystem::path& fileOrIndex)
{
    WeightSource source;
    source.origin_ = fileOrIndex.string();
    const std::string name = fileNameOf(fileOrIndex);
    const bool isIndex = name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
    try {
        source.file_ = std::make_shared<const SafetensorsCollection>(
            isIndex ? SafetensorsCollection::openIndex(fileOrIndex) : SafetensorsCollection::openFile(fileOrIndex));
    } catch (const SafetensorsError& error) {
        throw ModelLoadError(error.what());
    }
    for (const std::string& tensor : source.file_->names()) {
        source.fileName_.emplace(tensor, tensor);
        source.taken_.emplace(tensor, false);
    }
    return source;
}

WeightSource WeightSource::fromTensors(std::vector<std::pair<std::string, at::Tensor>> tensors, std::string origin)
{
    WeightSource source;
    source.origin_ = std::move(origin);
    for (auto& [name, tensor] : tensors) {
        if (!source.memory_.emplace(name, std::move(tensor)).second) {
            throw ModelLoadError(fmt::format("{}: the tensor '{}' appears twice", source.origin_, name));
        }
        source.fileName_.emplace(name, name);
        source.taken_.emplace(name, false);
    }
    return source;
}

std::vector<std::string> WeightSource::names() const
{
    std::vector<std::string> result;
    result.reserve(fileName_.size());
    for (const auto& entry : fileName_) result.push_back(entry.first);
    return result;
}

bool WeightSource::contains(const std::string& name) const
{
    return fileName_.count(name) != 0;
}

void WeightSource::rename(const std::function<std::string(const std::string&)>& canonicalName)
{
    std::map<std::string, std::string> renamed;
    std::map<std::string, bool> taken;
    for (const auto& [moduleName, fileName] : fileName_) {
        const std::string canonical = canonicalName(moduleName);
        if (!renamed.emplace(canonical, fileName).second) {
            throw ModelLoadError(fmt::format(
                "{}: the tensors '{}' and '{}' both mean '{}'", origin_, renamed[canonical], fileName, canonical));
        }
        taken.emplace(canonical, taken_.at(moduleName));
    }
    fileName_ = std::move(renamed);
    taken_ = std::move(taken);
}

at::Tensor WeightSource::take(const std::string& name, const std::vector<std::int64_t>& expectedShape)
{
    const auto found = fileName_.find(name);
    if (found == fileName_.end()) {
        throw ModelLoadError(
            fmt::format("{}: the tensor '{}' (expected shape {}) is missing", origin_, name, shapeText(expectedShape)));
    }
    bool& taken = taken_.at(name);
    if (taken) throw ModelLoadError(fmt::format("{}: the tensor '{}' was asked for twice", origin_, name));
    std::vector<std::int64_t> actualShape;
    if (file_) {
        const TensorInfo* info = file_->find(found->second);
        actualShape = info->shape;
    } else {
        actualShape = memory_.at(found->second).sizes().vec();
    }
    if (actualShape != expectedShape) {
        throw ModelLoadError(fmt::format("{}: the tensor '{}' has shape {}, expected {}", origin_, found->second,
            shapeText(actualShape), shapeText(expectedShape)));
    }
    at::Tensor tensor;
    try {
        tensor = file_ ? file_->load(found->second, at::kFloat)
                       : memory_.at(found->second).to(at::kCPU, at::kFloat).contiguous();
    } catch (const SafetensorsError& error) {
        throw ModelLoadError(error.what());
    }
    if (!file_) memory_.erase(found->second);  // the module holds its own copy now
    if (const std::string problem = nonFiniteValues(tensor); !problem.empty()) {
        throw ModelLoadError(fmt::format("{}: the tensor '{}' {}; weights with NaN or infinite values are refused",
            origin_, found->second, problem));
    }
    taken = true;
    return tensor;
}

std::uint64_t WeightSource::valueCount() const
{
    std::uint64_t count = 0;
    for (const auto& [moduleName, fileName] : fileName_) {
        if (file_) {
            const TensorInfo* info = file_->find(fileName);
            std::uint64_t values = 1;
            for (const std::int64_t dim : info->shape) values *= static_cast<std::uint64_t>(dim);
            count += values;  // the header's shapes fit the file's bytes, so this cannot overflow
        } else if (const auto it = memory_.find(fileName); it != memory_.end()) {
            count += static_cast<std::uint64_t>(it->second.numel());
        }
    }
    return count;
}

std::vector<std::string> WeightSource::untaken(const std::string& prefix) const
{
    std::vector<std::string> result;
    for (const auto& [name, taken] : taken_) {
        if (!taken && name.compare(0, prefix.size(), prefix) == 0) result.push_back(name);
    }
    return result;
}

void loadModuleWeights(torch::nn::Module& module, WeightSource& source, const std::string& prefix, bool strict)
{
    const c10::AutoGradMode noGrad(false);
    auto copyInto = [&](const std::string& name, at::Tensor& target) {
        const at::Tensor value = source.take(prefix + name, target.sizes().vec());
        target.copy_(value.to(target.device(), target.scalar_type()));
    };
    for (auto& item : module.named_parameters(/*recurse=*/true)) copyInto(item.key(), item.value());
    for (auto& item : module.named_buffers(/*recurse=*/true)) copyInto(item.key(), item.value());
    if (!strict) return;
    const std::vector<std::string> left = source.untaken(prefix);
    if (left.empty()) return;
    std::string listed;
    for (std::size_t i = 0; i < left.size() && i < 8; ++i) listed += (i == 0 ? "'" : ", '") + left[i] + "'";
    throw ModelLoadError(fmt::format("{}: {} unexpected tensor{} the model has no place for: {}{}", source.origin(),
        left.size(), left.size() == 1 ? "" : "s", listed, left.size() > 8 ? ", ..." : ""));
}

std::vector<std::pair<std::string, at::Tensor>> moduleTensors(
    const torch::nn::Module& module, const std::string& prefix)
{
    std::vector<std::pair<std::string, at::Tensor>> result;
    for (const auto& item : module.named_parameters(true)) result.emplace_back(prefix + item.key(), item.value());
    for (const auto& item : module.named_buffers(true)) result.emplace_back(prefix + item.key(), item.value());
    return result;
}

std::string shapeText(at::IntArrayRef shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

std::uint64_t physicalMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0) return 0;
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize);
}

void requireConfigFitsWeights(const std::filesystem::path& configJson, const std::vector<ConfigSize>& sizes,
    double parameters, std::uint64_t weightValues, const std::string& weightsOrigin, double bytesPerValue)
{
    std::string listed;
    for (const ConfigSize& size : sizes) {
        if (size.value < 0 || size.value > size.max) {
            throw ModelLoadError(fmt::format("{}: the key '{}' is {}, outside the accepted 0..{} (refused before "
                                             "building the model)",
                configJson.string(), size.key, size.value, size.max));
        }
        listed += fmt::format("{}{} {}", listed.empty() ? "" : ", ", size.key, size.value);
    }
    // A config only slightly off its weights (a tensor missing or mis-shaped) is left to the per-tensor check, which
    // names the tensor; the module it builds is then at most a constant times the weights plus 64 MiB.
    constexpr double kSlackValues = double(1 << 24);
    if (parameters > 2.0 * static_cast<double>(weightValues) + kSlackValues) {
        throw ModelLoadError(fmt::format("{}: its sizes ({}) make a model of at least {:.0f} parameters, but the "
                                         "weights in {} hold only {} values: the configuration does not belong to "
                                         "these weights (refused before building the model)",
            configJson.string(), listed, parameters, weightsOrigin, weightValues));
    }
    const std::uint64_t memory = physicalMemoryBytes();
    if (bytesPerValue > 0 && memory > 0 && parameters * bytesPerValue > static_cast<double>(memory)) {
        throw ModelLoadError(fmt::format("{}: its sizes ({}) make a model of at least {:.0f} parameters, {:.1f} GiB, "
                                         "more than this machine's {:.1f} GiB of memory",
            configJson.string(), listed, parameters, parameters * bytesPerValue / double(1 << 30),
            static_cast<double>(memory) / double(1 << 30)));
    }
}

}  // namespace tastelab::model

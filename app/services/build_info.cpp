// Collects versions from each library at run time (what is loaded, not only what was compiled against).
#include "app/services/build_info.h"

#include "app/build_config.h"
#include "model/nn/runtime.h"
#include "storage/database.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace tastelab::services {

std::string tastelabVersion()
{
    return TASTELAB_VERSION;
}

std::vector<Component> components()
{
    return {
        {"TasteLab", fmt::format("{} ({}, {})", TASTELAB_VERSION, TASTELAB_BUILD_TYPE, TASTELAB_COMPILER)},
        {"LibTorch", model::torchVersion()},
        {"CUDA", model::cudaSummary()},
        {"OpenCV", model::opencvVersion()},
        {"SQLite", storage::sqliteVersion()},
        {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
    };
}

std::vector<std::string> computeDevices()
{
    std::vector<std::string> devices{"auto", "cpu"};
    for (int i = 0; i < model::cudaDeviceCount(); ++i) devices.push_back(fmt::format("cuda:{}", i));
    return devices;
}

ResolvedDevice resolveComputeDevice(const std::string& setting)
{
    try {
        return {true, model::deviceDescription(model::resolveDevice(setting))};
    } catch (const std::invalid_argument& error) {
        return {false, error.what()};
    }
}

std::string formatComponents(const std::vector<Component>& list)
{
    std::size_t width = 0;
    for (const auto& c : list) width = std::max(width, c.name.size());
    std::string out;
    for (const auto& c : list) out += fmt::format("{:<{}}  {}\n", c.name, width, c.version);
    return out;
}

}  // namespace tastelab::services

// Runtime facts about LibTorch and OpenCV, and device selection.
#include "model/nn/runtime.h"

#include <fmt/format.h>
#include <opencv2/core/version.hpp>
#include <torch/cuda.h>
#include <torch/version.h>

#include <stdexcept>

#if TASTELAB_TORCH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#endif

namespace tastelab::model {

std::string torchVersion()
{
    return TORCH_VERSION;
}

std::string opencvVersion()
{
    return CV_VERSION;
}

bool cudaCompiledIn()
{
    return TASTELAB_TORCH_CUDA != 0;
}

int cudaDeviceCount()
{
    return cudaCompiledIn() ? static_cast<int>(torch::cuda::device_count()) : 0;
}

std::string cudaSummary()
{
    if (!cudaCompiledIn()) return "not compiled in";
    const int count = cudaDeviceCount();
    return count == 0 ? std::string("compiled in, no GPU found") : fmt::format("{} GPU(s)", count);
}

std::string libtorchDescription()
{
#if TASTELAB_TORCH_CUDA && defined(CUDART_VERSION)  // from c10/cuda's CUDA runtime headers
    return fmt::format(
        "LibTorch {} with CUDA {}.{}", torchVersion(), CUDART_VERSION / 1000, (CUDART_VERSION % 1000) / 10);
#else
    return cudaCompiledIn() ? fmt::format("LibTorch {} with CUDA", torchVersion())
                            : fmt::format("LibTorch {}, CPU only", torchVersion());
#endif
}

c10::Device resolveDevice(std::string_view spec)
{
    if (spec.empty() || spec == "auto") {
        return cudaDeviceCount() > 0 ? c10::Device(c10::DeviceType::CUDA, 0) : c10::Device(c10::DeviceType::CPU);
    }
    if (spec == "cpu") return c10::Device(c10::DeviceType::CPU);
    if (spec.substr(0, 4) != "cuda") {
        throw std::invalid_argument(fmt::format("unknown device '{}': use auto, cpu, cuda or cuda:N", spec));
    }
    int index = 0;
    if (spec.size() > 4) {
        const std::string_view number = spec.substr(5);
        if (spec[4] != ':' || number.empty() || number.find_first_not_of("0123456789") != std::string_view::npos) {
            throw std::invalid_argument(fmt::format("unknown device '{}': use auto, cpu, cuda or cuda:N", spec));
        }
        index = std::stoi(std::string(number));
    }
    if (!cudaCompiledIn()) {
        throw std::invalid_argument(fmt::format("device '{}' is not available: this TasteLab runs on {}; build it "
                                                "against a CUDA-enabled LibTorch (README, GPU) or use --device cpu",
            spec, libtorchDescription()));
    }
    const int count = cudaDeviceCount();
    if (index >= count) {
        throw std::invalid_argument(count == 0
                ? fmt::format("device '{}' is not available: {} found no GPU (check nvidia-smi and the driver)", spec,
                    libtorchDescription())
                : fmt::format("device '{}' is not available: this machine has {} GPU(s), cuda:0 to cuda:{}", spec,
                    count, count - 1));
    }
    return c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(index));
}

c10::ScalarType precisionFor(ModelRole role, c10::Device device)
{
    if (!device.is_cuda()) return c10::ScalarType::Float;
    switch (role) {
    case ModelRole::SdTurboUnet:
        return c10::ScalarType::Half;
    case ModelRole::Flux:
        return c10::ScalarType::BFloat16;
    case ModelRole::SdTurboVae:
    case ModelRole::Backbone:
    case ModelRole::RewardModel:
        return c10::ScalarType::Float;
    }
    return c10::ScalarType::Float;
}

std::string deviceDescription(c10::Device device)
{
    return device.is_cuda() ? fmt::format("{} ({})", device.str(), libtorchDescription()) : std::string("cpu");
}

void synchronize(c10::Device device)
{
#if TASTELAB_TORCH_CUDA
    if (device.is_cuda()) c10::cuda::device_synchronize();
#else
    (void)device;
#endif
}

std::int64_t peakDeviceMemoryBytes(c10::Device device)
{
#if TASTELAB_TORCH_CUDA
    if (device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.has_index() ? device.index() : 0);
        return stats.allocated_bytes[0].peak;  // aggregate over pool kinds
    }
#else
    (void)device;
#endif
    return 0;
}

void resetPeakDeviceMemory(c10::Device device)
{
#if TASTELAB_TORCH_CUDA
    if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.has_index() ? device.index() : 0);
#else
    (void)device;
#endif
}

}  // namespace tastelab::model

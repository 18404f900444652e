// What the LibTorch runtime offers on this machine (version, CUDA, threads) and the choice of
// device, made once at the edge and passed down to everything that computes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

namespace tastelab::model {

std::string torchVersion();
std::string opencvVersion();
// True when this LibTorch was built with CUDA, whether or not a GPU is present now.
bool cudaCompiledIn();
int cudaDeviceCount();
// One line for --version and the About dialog: "not compiled in", "compiled in, no GPU found",
// or "2 GPU(s)".
std::string cudaSummary();

// Which LibTorch this program runs on, for errors and reports: "LibTorch 1.13.0, CPU only" or
// "LibTorch 2.5.1 with CUDA 12.4".
std::string libtorchDescription();

// Parses "auto", "cpu", "cuda" or "cuda:N". "auto" picks the first GPU when there is one.
// Throws std::invalid_argument naming the text and why it cannot be used here; asking for CUDA from a CPU-only
// LibTorch says which LibTorch is loaded and what to do instead.
c10::Device resolveDevice(std::string_view spec);

// The one precision policy of the product (issue 23), per model, as the reference implementations run them:
// on CUDA, SD-Turbo's UNet and text encoder in float16 with its VAE in float32, FLUX.1-schnell in bfloat16, the
// backbones and the reward model in float32; everything in float32 on the CPU.
enum class ModelRole { SdTurboUnet, SdTurboVae, Flux, Backbone, RewardModel };
c10::ScalarType precisionFor(ModelRole role, c10::Device device);
// "cpu" or "cuda:0 (LibTorch 2.5.1 with CUDA 12.4)": the device actually used, for reports and the status bar.
std::string deviceDescription(c10::Device device);

// Waits for the device's queued work (a no-op on the CPU): benchmarks time real work, not kernel launches.
void synchronize(c10::Device device);
// The most memory LibTorch's CUDA allocator held for tensors since the last reset, in bytes; 0 on the CPU.
std::int64_t peakDeviceMemoryBytes(c10::Device device);
void resetPeakDeviceMemory(c10::Device device);

}  // namespace tastelab::model

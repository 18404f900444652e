// What the LibTorch runtime offers on this machine (version, CUDA, threads) and the choice of
// device, made once at the edge and passed down to everything that computes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <c10/core/Device.h>

namespace tastelab::model {

std::string torchVersion();
std::string opencvVersion();
// True when this LibTorch was built with CUDA, whether or not a GPU is present now.
bool cudaCompiledIn();
int cudaDeviceCount();
// One line for --version and the About dialog: "not compiled in", "compiled in, no GPU found",
// or "2 GPU(s)".
std::string cudaSummary();

// Parses "auto", "cpu", "cuda" or "cuda:N". "auto" picks the first GPU when there is one.
// Throws std::invalid_argument naming the text and why it cannot be used here.
c10::Device resolveDevice(std::string_view spec);

// Waits for the device's queued work (a no-op on the CPU): benchmarks time real work, not kernel launches.
void synchronize(c10::Device device);
// The most memory LibTorch's CUDA allocator held for tensors since the last reset, in bytes; 0 on the CPU.
std::int64_t peakDeviceMemoryBytes(c10::Device device);
void resetPeakDeviceMemory(c10::Device device);

}  // namespace tastelab::model

// A tiny SD-Turbo folder: the diffusers layout with random weights of a tiny configuration of the same code, for
// tests and the --tiny benchmarks.
#pragma once

#include <cstdint>
#include <filesystem>

namespace tastelab::testing {

// A folder in the diffusers layout with random weights of a tiny configuration of the same code (two UNet levels of
// 32/64 channels, a 2-layer 32-wide text encoder, a 2-level VAE, the CLIP tokenizer files with a small vocabulary),
// which SdTurboPipeline::load reads. `fp16Variant` writes the ".fp16" files as well.
void writeTinySdTurboFolder(const std::filesystem::path& folder, std::uint64_t seed = 0, bool fp16Variant = false);

}  // namespace tastelab::testing

// A tiny FLUX.1-schnell folder: the complete diffusers layout with random weights of a tiny configuration of the same
// code, for tests and the --tiny benchmark.
#pragma once

#include <cstdint>
#include <filesystem>

namespace tastelab::testing {

// A complete folder in the diffusers layout with random weights of a tiny configuration of the same code (a 2-head x
// 16 transformer with one double and one single block, its weights as a 2-shard safetensors index; a 2-layer 32-wide
// T5 with a hand-written spiece.model; a 2-layer 32-wide CLIP text model with the byte-pair tokenizer files padding
// with <|endoftext|>; a 2-level 16-latent-channel VAE), which FluxPipeline::load reads.
void writeTinyFluxFolder(const std::filesystem::path& folder, std::uint64_t seed = 0);

}  // namespace tastelab::testing

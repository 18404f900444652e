// The generators in their published shapes with random weights and no text encoders, for the GPU benchmarks (speed and
// memory do not depend on the weights).
#pragma once

#include "model/diffusion/flux.h"
#include "model/diffusion/sd_turbo.h"

#include <cstdint>

namespace tastelab::testing {

// The published SD-Turbo shapes (865M-parameter UNet, 23-layer ViT-H text tower, the SD VAE) with random weights and
// no tokenizer (encodePrompts throws; pass embeddings [B, 77, 1024]).
model::SdTurboPipeline randomFullSizeSdTurbo(const model::SdTurboOptions& options = {}, std::uint64_t seed = 0);

// The published FLUX.1-schnell transformer and VAE shapes (about 11.9B + 84M parameters) with random weights,
// initialised on the target device, and no text encoders (encodePrompts throws; pass FluxPromptEmbeddings of
// [B, 256, 4096] and [B, 768]).
model::FluxPipeline randomFullSizeFlux(const model::FluxOptions& options = {}, std::uint64_t seed = 0);

}  // namespace tastelab::testing

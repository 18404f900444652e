// Full-size generators with random weights: the modules built from the published configurations, handed to the
// pipelines' fromModules.
#include "tests/support/random_pipelines.h"

#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/flux_transformer.h"
#include "model/diffusion/sd_unet.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>
#include <torch/utils.h>

namespace tastelab::testing {

using namespace tastelab::model;

namespace {

// Random weights at a scale that keeps activations of deep random stacks finite in bfloat16: matrices and kernels
// N(0, 0.02), biases 0, norm weights left at 1. Done in place on the module's device.
void initialiseRandomly(torch::nn::Module& module, std::uint64_t seed)
{
    at::manual_seed(seed);  // the CPU and CUDA generators
    for (auto& item : module.named_parameters()) {
        at::Tensor& parameter = item.value();
        if (parameter.dim() >= 2) {
            parameter.normal_(0.0, 0.02);
        } else if (item.key().size() >= 4 && item.key().compare(item.key().size() - 4, 4, "bias") == 0) {
            parameter.zero_();
        }
    }
}

}  // namespace

SdTurboPipeline randomFullSizeSdTurbo(const SdTurboOptions& options, std::uint64_t seed)
{
    const c10::AutoGradMode noGrad(false);
    torch::manual_seed(seed);
    const UNet2DConditionModel unet(UNetConfig::sdTurbo());
    const AutoencoderKL vae(AutoencoderKLConfig::sdTurbo());
    const ClipTextModel textModel(ClipTextConfig::sdTurbo());
    return SdTurboPipeline::fromModules(unet, vae, textModel, options, fmt::format("sd-turbo-shaped-random-{}", seed));
}

FluxPipeline randomFullSizeFlux(const FluxOptions& options, std::uint64_t seed)
{
    const c10::AutoGradMode noGrad(false);
    at::manual_seed(seed);
    // Built straight on the device and left uninitialised: a float32 CPU copy of the 12B-parameter transformer would be
    // 48 GB and minutes of random initialisation.
    FluxTransformer2DModel transformer(FluxTransformerConfig::schnell(),
        at::TensorOptions().device(options.device).dtype(options.dtype), /*initialize=*/false);
    AutoencoderKL vae(AutoencoderKLConfig::flux());
    FluxPipeline pipeline =
        FluxPipeline::fromModules(transformer, vae, options, fmt::format("flux-schnell-shaped-random-{}", seed));
    // The pipeline shares the modules: initialised where they now are, on the device.
    initialiseRandomly(*transformer, seed);
    initialiseRandomly(*vae, seed + 1);
    return pipeline;
}

}  // namespace tastelab::testing

// config.json and model_index.json readers: every model configuration TasteLab reads (the diffusers components, CLIP,
// SigLIP, T5, the schedulers), the pipeline folder check, and the model finder, each on the same bytes. The refusals
// each documents: ModelLoadError (diffusers and T5), ClipError, SiglipError; findModels never throws.
#include "app/services/model_locator.h"
#include "model/backbones/clip.h"
#include "model/backbones/siglip.h"
#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/euler_scheduler.h"
#include "model/diffusion/flow_match_scheduler.h"
#include "model/diffusion/flux_transformer.h"
#include "model/diffusion/sd_unet.h"
#include "model/diffusion/t5_encoder.h"
#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "tests/fuzz/fuzz_target.h"

namespace tastelab::fuzz {
namespace {

// Runs one reader: 1 when it accepted the file, 0 when it refused it with its documented error type.
template <typename Error, typename Read>
int attempt(Read&& read)
{
    try {
        read();
        return 1;
    } catch (const Error& error) {
        refuse(error);
        return 0;
    }
}

}  // namespace

int fuzzConfigJson(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path file = writeScratchFile("config/config.json", data, size);
    int accepted = 0;
    accepted += attempt<model::ModelLoadError>([&] { (void)model::AutoencoderKLConfig::fromJson(file); });
    accepted += attempt<model::ModelLoadError>([&] { (void)model::ClipTextConfig::fromJson(file); });
    accepted += attempt<model::ModelLoadError>([&] { (void)model::EulerDiscreteConfig::fromJson(file); });
    accepted += attempt<model::ModelLoadError>([&] { (void)model::FlowMatchConfig::fromJson(file); });
    accepted += attempt<model::ModelLoadError>([&] { (void)model::FluxTransformerConfig::fromJson(file); });
    accepted += attempt<model::ModelLoadError>([&] { (void)model::UNetConfig::fromJson(file); });
    accepted += attempt<model::ModelLoadError>([&] { (void)model::T5Config::fromJson(file); });
    accepted += attempt<model::ModelLoadError>([&] { (void)model::readConfigJson(file); });
    accepted += attempt<model::ClipError>([&] { (void)model::ClipConfig::fromJson(file); });
    accepted += attempt<model::SiglipError>([&] { (void)model::SiglipConfig::fromJson(file); });
    // The model finder lists the folder whatever its config.json holds.
    const auto found = services::findModels(file.parent_path(), {});
    if (found.size() != 1) throw PropertyViolation("findModels does not list a folder with a config.json");
    return accepted > 0 ? kAccepted : kRefused;
}

}  // namespace tastelab::fuzz

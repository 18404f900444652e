// The local text-to-image generators behind one interface, so that generating, noise steering and prompt refinement
// drive the procedural generator, SD-Turbo and FLUX.1-schnell the same way. Internal to the services (it carries
// LibTorch types): the services' public headers stay free of torch.
#pragma once

#include "app/services/generator_catalog.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tastelab::services {

struct TextToImageOptions {
    c10::Device device{c10::DeviceType::CPU};  // SD-Turbo runs in fp16 on CUDA, FLUX in bf16
    bool gradientCheckpointing = false;  // for steering through a diffusion model
    int size = 512;  // the procedural generator renders at one size
};

// One prompt per image of a batch of `batch`: a single prompt repeated, or as many as there are images (else throws
// std::invalid_argument). For the adapters of generators/.
std::vector<std::string> promptsForBatch(const std::vector<std::string>& prompts, std::int64_t batch);

// Forgets the loaded diffusion pipelines (their memory goes once no generator uses them).
void releaseTextToImagePipelines();

class TextToImage {
public:
    // Throws std::invalid_argument for an unknown generator or a diffusion generator without a model folder, and
    // model::ModelLoadError for a folder that does not load. Diffusion pipelines are shared between callers (the last
    // two loaded are kept), so opening the same folder again is free.
    static std::unique_ptr<TextToImage> open(
        const std::string& generator, const std::filesystem::path& modelFolder, const TextToImageOptions& options = {});
    virtual ~TextToImage() = default;

    virtual std::string generatorId() const = 0;
    virtual std::string modelId() const = 0;  // empty for the procedural generator
    // Seeded noise for images of `size` pixels a side, one seed per image.
    virtual at::Tensor noise(const std::vector<std::uint64_t>& seeds, int size) const = 0;
    struct RenderOptions {
        int steps = 0;  // 0: the generator's default
        double guidanceScale = 0;  // SD-Turbo: above 1, classifier-free guidance with the negative prompt
        std::string negativePrompt;
        std::function<void(int step, int steps)> onStep;
        const std::atomic<bool>* cancel = nullptr;  // checked before each denoising step (then model::Cancelled)
    };
    // noise [B, ...] and one prompt per image (or one for all) -> pixels [B, 3, S, S] in [0, 1], float32.
    // Differentiable with respect to the noise when grad mode is on.
    virtual at::Tensor render(
        const at::Tensor& noise, const std::vector<std::string>& prompts, const RenderOptions& options) const = 0;
    // What the generator is: its steps, sizes and the steps steering optimises through (generator_catalog.h).
    virtual const GeneratorFacts& facts() const = 0;
};

}  // namespace tastelab::services

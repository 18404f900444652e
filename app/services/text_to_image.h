// The local text-to-image generators behind one interface, so that generating, noise steering and prompt refinement
// drive the procedural generator, SD-Turbo and FLUX.1-schnell the same way. Internal to the services (it carries
// LibTorch types): the services' public headers stay free of torch.
#pragma once

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

inline constexpr const char* kProceduralGenerator = "procedural";
inline constexpr const char* kSdTurboGenerator = "sd-turbo";
inline constexpr const char* kFluxGenerator = "flux-schnell";

// "procedural, sd-turbo or flux-schnell": for error messages.
std::string knownGeneratorsText();
bool isKnownGenerator(const std::string& id);
// The image sizes a generator accepts ("64 to 512 pixels a side"); empty when `size` is fine.
std::string sizeProblem(const std::string& generator, int size);
// The steps a generator takes by default and at most (procedural: 1 and 1).
int defaultSteps(const std::string& generator);
int maxSteps(const std::string& generator);

struct TextToImageOptions {
    c10::Device device{c10::DeviceType::CPU};  // SD-Turbo runs in fp16 on CUDA, FLUX in bf16
    bool gradientCheckpointing = false;  // for steering through a diffusion model
    int size = 512;  // the procedural generator renders at one size
};

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
        const std::atomic<bool>* cancel = nullptr;  // checked before each denoising step (std::runtime_error)
    };
    // noise [B, ...] and one prompt per image (or one for all) -> pixels [B, 3, S, S] in [0, 1], float32.
    // Differentiable with respect to the noise when grad mode is on.
    virtual at::Tensor render(
        const at::Tensor& noise, const std::vector<std::string>& prompts, const RenderOptions& options) const = 0;
    // The steps to optimise the noise through when the final image takes `finalSteps`: FLUX steers through a one-step
    // render and renders the winner with all its steps (as the reference method does); the others use finalSteps.
    virtual int optimizationSteps(int finalSteps) const { return finalSteps; }
};

}  // namespace tastelab::services

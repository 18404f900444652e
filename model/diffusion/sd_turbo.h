// SD-Turbo (stabilityai/sd-turbo) natively: the OpenCLIP ViT-H text encoder, the UNet, Euler discrete sampling with
// trailing spacing and the AutoencoderKL decoder, loaded from a diffusers folder or the Hugging Face cache. Rendering
// is differentiable from the initial noise to the pixels, which is what steering needs.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tastelab::model {

class AutoencoderKL;
class ClipTextModel;
class UNet2DConditionModel;

struct SdTurboOptions {
    c10::Device device{c10::DeviceType::CPU};
    // Float on the CPU; Half or BFloat16 on CUDA. The noise and the scheduler arithmetic stay in float32.
    c10::ScalarType dtype = c10::ScalarType::Float;
    // Prefer the ".fp16" safetensors variants when both are present (they halve the read).
    bool preferFp16Files = true;
    // Recompute UNet and VAE blocks in the backward pass instead of keeping their activations (steering at 512).
    bool gradientCheckpointing = false;
};

struct SdTurboRenderOptions {
    int steps = 1;  // 1 (t = 999) to 4, trailing spacing
    double guidanceScale = 0;  // > 1 with negative prompt embeddings: classifier-free guidance (SD-Turbo uses 0)
};

class SdTurboPipeline {
public:
    static constexpr const char* kGeneratorId = "sd-turbo";
    static constexpr const char* kHubName = "models--stabilityai--sd-turbo";

    // `folder`: a diffusers folder (model_index.json, unet/, vae/, text_encoder/, tokenizer/, scheduler/), a snapshot
    // of the Hugging Face cache, or the cache's models--stabilityai--sd-turbo folder (its refs/main snapshot, else
    // the newest). Throws ModelLoadError naming the file, and for tensors the name and the expected shape.
    static SdTurboPipeline load(const std::filesystem::path& folder, const SdTurboOptions& options = {});
    // The snapshot folder of SD-Turbo in a Hugging Face hub cache, if there is one with a model_index.json.
    static std::optional<std::filesystem::path> findInHubCache(const std::filesystem::path& hubCache);
    // A pipeline from modules already built (random weights of the published shapes, for benchmarks), without a
    // folder or a tokenizer (encodePrompts throws; pass embeddings [B, 77, hidden]) and with the default Euler
    // scheduler: frozen, in eval mode, on the options' device and dtype. `modelId` is what modelId() returns.
    static SdTurboPipeline fromModules(const UNet2DConditionModel& unet, const AutoencoderKL& vae,
        const ClipTextModel& textModel, const SdTurboOptions& options, std::string modelId);

    SdTurboPipeline(SdTurboPipeline&&) noexcept;
    SdTurboPipeline& operator=(SdTurboPipeline&&) noexcept;
    ~SdTurboPipeline();

    // The folder's name and a hash of the weights' headers: stored with every image.
    std::string modelId() const;
    const std::filesystem::path& folder() const;
    int latentChannels() const;
    int vaeScale() const;  // 8 for SD-Turbo
    int defaultSize() const;  // 512 for SD-Turbo (unet sample_size * vaeScale)
    c10::Device device() const;
    c10::ScalarType dtype() const;

    int textHiddenSize() const;  // 1024 for SD-Turbo
    // The number of parameters of the UNet, the VAE and the text encoder together.
    std::int64_t parameterCount() const;

    // Prompt embeddings [B, 77, hidden] on the pipeline's device and dtype (no gradient).
    at::Tensor encodePrompts(const std::vector<std::string>& prompts) const;
    // Seeded Gaussian noise [B, latentChannels, size/8, size/8] in float32 on the pipeline's device: drawn on the CPU
    // from one generator per seed, so a seed gives the same noise on every device.
    at::Tensor noiseForSeeds(const std::vector<std::uint64_t>& seeds, int size) const;
    // noise [B, C, h, w] (unit variance) -> images [B, 3, 8h, 8w] in [0, 1], float32. Differentiable with respect to
    // `noise` when grad mode is on; `negativeEmbeddings` only matters with guidanceScale > 1. `onStep(step, steps)`
    // after each UNet evaluation; `cancel` is checked before each one (then model::Cancelled).
    at::Tensor render(const at::Tensor& noise, const at::Tensor& promptEmbeddings,
        const SdTurboRenderOptions& options = {}, const at::Tensor& negativeEmbeddings = {},
        const std::function<void(int step, int steps)>& onStep = {}, const std::atomic<bool>* cancel = nullptr) const;

private:
    struct Parts;
    explicit SdTurboPipeline(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

}  // namespace tastelab::model

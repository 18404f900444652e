// FLUX.1-schnell natively: the T5-XXL and CLIP-L text encoders, the FLUX transformer, flow-matching Euler sampling on
// 2x2-packed latents and the 16-channel AutoencoderKL decoder, loaded from a diffusers folder or the Hugging Face
// cache. Rendering is differentiable from the initial noise to the pixels, which is what steering needs.
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
class FluxTransformer2DModel;

struct FluxOptions {
    c10::Device device{c10::DeviceType::CPU};
    // Float on the CPU; BFloat16 on CUDA (FLUX is trained in bf16; float16 overflows). The noise, the scheduler
    // arithmetic and the returned images stay in float32.
    c10::ScalarType dtype = c10::ScalarType::Float;
    // Recompute transformer and VAE blocks in the backward pass instead of keeping their activations (steering).
    bool gradientCheckpointing = false;
    // Keep T5 and CLIP on the CPU between encodes: they move to the device for an encode and back after it, so the
    // transformer has the GPU to itself (T5-XXL alone is 9.5 GB in bf16).
    bool offloadTextEncoders = false;
};

struct FluxRenderOptions {
    int steps = 4;  // FLUX.1-schnell is distilled for 1 to 4
};

// What the transformer is conditioned on: T5 last hidden states [B, 256, 4096] and the CLIP-L pooled output
// [B, 768], on the pipeline's device and dtype, without gradient.
struct FluxPromptEmbeddings {
    at::Tensor t5;
    at::Tensor pooled;
};

class FluxPipeline {
public:
    static constexpr const char* kGeneratorId = "flux-schnell";
    static constexpr const char* kHubName = "models--black-forest-labs--FLUX.1-schnell";

    // `folder`: a diffusers folder (model_index.json with _class_name FluxPipeline, transformer/, text_encoder/,
    // text_encoder_2/, tokenizer/, tokenizer_2/, vae/, scheduler/), a snapshot of the Hugging Face cache, or the
    // cache's models--black-forest-labs--FLUX.1-schnell folder (its refs/main snapshot, else the newest). Throws
    // ModelLoadError naming the file, and for tensors the name and the expected shape.
    static FluxPipeline load(const std::filesystem::path& folder, const FluxOptions& options = {});
    // The snapshot folder of FLUX.1-schnell in a Hugging Face hub cache, if there is one with a model_index.json.
    static std::optional<std::filesystem::path> findInHubCache(const std::filesystem::path& hubCache);
    // A pipeline from a transformer and a VAE already built (random weights of the published shapes, for
    // benchmarks), without a folder or text encoders (encodePrompts throws; pass FluxPromptEmbeddings of
    // [B, 256, 4096] and [B, 768]) and with the default flow-matching scheduler: frozen, in eval mode, on the options'
    // device and dtype. The modules are shared, not copied. `modelId` is what modelId() returns.
    static FluxPipeline fromModules(const FluxTransformer2DModel& transformer, const AutoencoderKL& vae,
        const FluxOptions& options, std::string modelId);

    FluxPipeline(FluxPipeline&&) noexcept;
    FluxPipeline& operator=(FluxPipeline&&) noexcept;
    ~FluxPipeline();

    // The folder's name and a hash of the weight files' names and sizes: stored with every image.
    std::string modelId() const;
    const std::filesystem::path& folder() const;
    int latentChannels() const;  // 16
    int vaeScale() const;  // 8
    int defaultSize() const;  // 512
    c10::Device device() const;
    c10::ScalarType dtype() const;
    // Parameters of the transformer, the VAE and the text encoders (when loaded) together.
    std::int64_t parameterCount() const;
    // The T5 sequence length the transformer is conditioned on (tokenizer_2 model_max_length, 256 for schnell).
    int t5Length() const;
    int t5HiddenSize() const;  // 4096
    int pooledSize() const;  // 768

    // False for fromModules (no tokenizers or text encoders: pass embeddings).
    bool hasTextEncoders() const;
    // Encodes the prompts with T5 and CLIP-L without autograd. Results are cached per prompt string (the last few
    // prompts), so asking again costs nothing. Throws ModelLoadError for a pipeline without text encoders.
    FluxPromptEmbeddings encodePrompts(const std::vector<std::string>& prompts) const;
    // Seeded Gaussian noise [B, 16, size/8, size/8] in float32 on the pipeline's device: drawn on the CPU from one
    // generator per seed, so a seed gives the same noise on every device. size must be a positive multiple of 16.
    at::Tensor noiseForSeeds(const std::vector<std::uint64_t>& seeds, int size) const;
    // noise [B, 16, h, w] (unit variance, h and w even) -> images [B, 3, 8h, 8w] in [0, 1], float32. Prompt
    // embeddings of batch 1 are broadcast to B. Differentiable with respect to `noise` when grad mode is on.
    // `onStep(step, steps)` after each transformer evaluation; `cancel` is checked before each one (then
    // model::Cancelled).
    at::Tensor render(const at::Tensor& noise, const FluxPromptEmbeddings& prompt,
        const FluxRenderOptions& options = {}, const std::function<void(int step, int steps)>& onStep = {},
        const std::atomic<bool>* cancel = nullptr) const;

    // One transformer evaluation, what render runs at each step: packed latents [B, (h/2)*(w/2), 64] of an h x w
    // latent at noise level sigma (1 = pure noise) -> the velocity [B, (h/2)*(w/2), 64] in float32. Differentiable
    // with respect to the latents when grad mode is on. For benchmarks and tests.
    at::Tensor velocity(const at::Tensor& packedLatents, std::int64_t latentHeight, std::int64_t latentWidth,
        const FluxPromptEmbeddings& prompt, double sigma) const;

private:
    struct Parts;
    explicit FluxPipeline(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

}  // namespace tastelab::model

// Golden parity of CLIP: open_clip v2.20.0 (gen_clip.py) computed the outputs of tiny CLIP models whose weights it
// wrote in transformers' layout; the product's loaders for a user's CLIP folder (ClipModel::fromFolder) and for a
// diffusers text_encoder/ + tokenizer/ (ClipTextEncoder::fromFolders) must reproduce them.
#include "model/backbones/clip.h"
#include "model/diffusion/clip_text_model.h"
#include "tests/parity/parity_support.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace tastelab::model {
namespace {

// parity::kRelativeTolerance (1e-4 of the golden's largest magnitude): both sides compute in float32 with the same
// operations in a different order (open_clip's fused nn.MultiheadAttention, our split q/k/v); the measured
// differences are below 1e-6 relative, while a wrong activation, a missing mask or a swapped projection moves the
// outputs by over 1e-2 relative.
using parity::expectRelative;
using parity::GoldenFolder;
constexpr double kTolerance = parity::kRelativeTolerance;

TEST(ClipParity, ClipModelFolderMatchesOpenClip)
{
    const c10::AutoGradMode noGrad(false);
    const GoldenFolder golden("clip_openai");
    const ClipModel model = ClipModel::fromFolder(golden.folder());  // as a user's CLIP folder is loaded
    ASSERT_EQ(model.config().text.activation, "quick_gelu");

    // encodeImages takes pixels in [0, 1] and applies CLIP's normalisation itself; open_clip consumed the normalised
    // pixel_values. At image_size square nothing is resized, so this compares the normalisation and the model.
    expectRelative("CLIPModel vision tower: normalised pixels (CLIP mean/std)",
        (golden.tensor("pixels") - at::tensor({0.48145466, 0.4578275, 0.40821073}).view({1, 3, 1, 1}))
            / at::tensor({0.26862954, 0.26130258, 0.27577711}).view({1, 3, 1, 1}),
        golden.tensor("pixel_values"), kTolerance);
    expectRelative("CLIPModel vision tower + visual_projection: image_embeds",
        model.encodeImages(golden.tensor("pixels")), golden.tensor("image_embeds"), kTolerance);
    expectRelative("CLIPModel text tower + text_projection (EOS pooling): text_embeds",
        model.encodeTokenIds(golden.tensor("input_ids", at::kLong)), golden.tensor("text_embeds"), kTolerance);
    expectRelative("CLIPModel logit_scale", at::tensor({std::log(model.logitScale())}, at::kFloat),
        golden.tensor("logit_scale"), kTolerance);
}

// One diffusers text encoder folder: text_encoder/ and tokenizer/.
ClipTextModelImpl::Output encodeGolden(const GoldenFolder& golden, ClipTextEncoder& encoder)
{
    const c10::AutoGradMode noGrad(false);
    return encoder.model()->forward(golden.tensor("input_ids", at::kLong));
}

TEST(ClipParity, SdTurboTextEncoderMatchesOpenClipPenultimateLayer)
{
    const GoldenFolder golden("clip_text_sd_turbo");
    ClipTextEncoder encoder = ClipTextEncoder::fromFolders(golden / "text_encoder", golden / "tokenizer");
    ASSERT_EQ(encoder.model()->config().activation, "gelu");
    EXPECT_EQ(encoder.padId(), 0) << "SD-Turbo's tokenizer pads with '!'";
    const ClipTextModelImpl::Output out = encodeGolden(golden, encoder);
    // What StableDiffusionPipeline takes as prompt embeddings.
    expectRelative("CLIPTextModel (SD-Turbo, gelu, penultimate layer + final_layer_norm): last_hidden_state",
        out.lastHiddenState, golden.tensor("last_hidden_state"), kTolerance);
    expectRelative("CLIPTextModel (SD-Turbo, eos_token_id 2: largest-id pooling): pooler_output", out.pooled,
        golden.tensor("pooler_output"), kTolerance);
}

TEST(ClipParity, FluxClipLTextEncoderMatchesOpenClip)
{
    const GoldenFolder golden("clip_text_flux_l");
    ClipTextEncoder encoder = ClipTextEncoder::fromFolders(golden / "text_encoder", golden / "tokenizer");
    ASSERT_EQ(encoder.model()->config().activation, "quick_gelu");
    const ClipTextModelImpl::Output out = encodeGolden(golden, encoder);
    expectRelative("CLIPTextModel (FLUX CLIP-L, quick_gelu): last_hidden_state", out.lastHiddenState,
        golden.tensor("last_hidden_state"), kTolerance);
    // What FluxPipeline takes as pooled_prompt_embeds.
    expectRelative(
        "CLIPTextModel (FLUX CLIP-L): pooler_output", out.pooled, golden.tensor("pooler_output"), kTolerance);
}

TEST(ClipParity, TextModelWithProjectionMatchesOpenClip)
{
    const GoldenFolder golden("clip_text_with_projection");
    ClipTextEncoder encoder = ClipTextEncoder::fromFolders(golden / "text_encoder", golden / "tokenizer");
    ASSERT_GT(encoder.model()->config().projectionDim, 0);
    const ClipTextModelImpl::Output out = encodeGolden(golden, encoder);
    expectRelative("CLIPTextModelWithProjection: last_hidden_state", out.lastHiddenState,
        golden.tensor("last_hidden_state"), kTolerance);
    expectRelative("CLIPTextModelWithProjection (first-EOS pooling, text_projection): text_embeds", out.pooled,
        golden.tensor("text_embeds"), kTolerance);
}

}  // namespace
}  // namespace tastelab::model

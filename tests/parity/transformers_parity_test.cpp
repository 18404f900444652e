// Golden parity against transformers itself (gen_transformers.py, pinned 5.17): CLIPModel with its
// CLIPVisionModelWithProjection / CLIPTextModelWithProjection outputs, CLIPTextModel(WithProjection) as diffusers
// folders hold them, SiglipModel and T5EncoderModel, each loaded through the product's loader for a user's folder.
// transformers does not install on the CPU machines, so these goldens are written on a machine that has it; until a
// folder is there its test is skipped with the folder and the command that writes it (the documented exception: the
// CLIP towers meanwhile have open_clip's goldens, clip_parity_test.cpp).
#include "model/backbones/clip.h"
#include "model/backbones/siglip.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/t5_encoder.h"
#include "tests/parity/parity_support.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_sentencepiece.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace tastelab::model {
namespace {

namespace fs = std::filesystem;

// parity::kRelativeTolerance (1e-4 of the golden's largest magnitude): float32 on both sides, the same operations in
// another order (fused attention kernels in transformers); a wrong activation, mask, pooling or projection moves the
// outputs by far more.
using parity::expectRelative;
using parity::GoldenFolder;
constexpr double kTolerance = parity::kRelativeTolerance;

// Empty when the folder's golden is there; else why the test skips.
std::string missing(const std::string& name)
{
    const fs::path golden = parity::parityDir() / name / "golden.safetensors";
    if (fs::is_regular_file(golden)) return {};
    return golden.string()
        + " is missing: transformers' goldens are written where transformers 5.17 installs, with "
          "`python3 tests/parity/make_goldens.py --only transformers` (tests/parity/README.md)";
}

// The goldens hold no sentencepiece model (the ids are given); the loaders need one, so a tiny one is added beside a
// copy of the folder. Its pieces never reach the model.
void addTinySpiece(const fs::path& folder)
{
    tastelab::testing::writeTinySentencePieceModel(folder / "spiece.model", {"a", "photo", "of", "cat"});
}

TEST(TransformersParity, ClipModelMatchesClipVisionAndTextModelWithProjection)
{
    if (const std::string why = missing("tf_clip"); !why.empty()) GTEST_SKIP() << why;
    const c10::AutoGradMode noGrad(false);
    const GoldenFolder golden("tf_clip");
    const ClipModel model = ClipModel::fromFolder(golden.folder());
    // encodeImages normalises pixels in [0, 1] itself; at image_size square nothing is resized.
    expectRelative("CLIPVisionModelWithProjection: image_embeds", model.encodeImages(golden.tensor("pixels")),
        golden.tensor("image_embeds"), kTolerance);
    expectRelative("CLIPTextModelWithProjection (eos_token_id 2): text_embeds",
        model.encodeTokenIds(golden.tensor("input_ids", at::kLong)), golden.tensor("text_embeds"), kTolerance);
}

TEST(TransformersParity, ClipTextModelAsSdTurboHoldsIt)
{
    if (const std::string why = missing("tf_clip_text_sd_turbo"); !why.empty()) GTEST_SKIP() << why;
    const c10::AutoGradMode noGrad(false);
    const GoldenFolder golden("tf_clip_text_sd_turbo");
    ClipTextEncoder encoder = ClipTextEncoder::fromFolders(golden / "text_encoder", golden / "tokenizer");
    const ClipTextModelImpl::Output out = encoder.model()->forward(golden.tensor("input_ids", at::kLong));
    expectRelative(
        "CLIPTextModel (gelu): last_hidden_state", out.lastHiddenState, golden.tensor("last_hidden_state"), kTolerance);
    expectRelative(
        "CLIPTextModel (eos_token_id 2): pooler_output", out.pooled, golden.tensor("pooler_output"), kTolerance);
}

TEST(TransformersParity, ClipTextModelWithProjection)
{
    if (const std::string why = missing("tf_clip_text_with_projection"); !why.empty()) GTEST_SKIP() << why;
    const c10::AutoGradMode noGrad(false);
    const GoldenFolder golden("tf_clip_text_with_projection");
    ClipTextEncoder encoder = ClipTextEncoder::fromFolders(golden / "text_encoder", golden / "tokenizer");
    ASSERT_GT(encoder.model()->config().projectionDim, 0);
    const ClipTextModelImpl::Output out = encoder.model()->forward(golden.tensor("input_ids", at::kLong));
    expectRelative("CLIPTextModelWithProjection (quick_gelu): last_hidden_state", out.lastHiddenState,
        golden.tensor("last_hidden_state"), kTolerance);
    expectRelative("CLIPTextModelWithProjection (first-EOS pooling): text_embeds", out.pooled,
        golden.tensor("text_embeds"), kTolerance);
}

TEST(TransformersParity, SiglipModel)
{
    if (const std::string why = missing("tf_siglip"); !why.empty()) GTEST_SKIP() << why;
    const c10::AutoGradMode noGrad(false);
    const GoldenFolder golden("tf_siglip");
    const tastelab::testing::TempDir copy;
    for (const char* file : {"config.json", "model.safetensors"}) fs::copy_file(golden / file, copy / file);
    addTinySpiece(copy.path());
    const SiglipModel model = SiglipModel::fromFolder(copy.path());
    // encodeImages takes pixels in [0, 1] and applies (x - 0.5) / 0.5; at image_size nothing is resized.
    expectRelative("SiglipModel vision tower + MAP head: image_embeds (pooler_output)",
        model.encodeImages(golden.tensor("pixels")), golden.tensor("image_embeds"), kTolerance);
    expectRelative("SiglipModel text tower, last-token pooling + head: text_embeds (pooler_output)",
        model.encodeTokenIds(golden.tensor("input_ids", at::kLong)), golden.tensor("text_embeds"), kTolerance);
    expectRelative("SiglipModel logit_scale", model.logitScale(), golden.tensor("logit_scale"), kTolerance);
    expectRelative("SiglipModel logit_bias", model.logitBias(), golden.tensor("logit_bias"), kTolerance);
}

TEST(TransformersParity, T5EncoderModel)
{
    if (const std::string why = missing("tf_t5"); !why.empty()) GTEST_SKIP() << why;
    const c10::AutoGradMode noGrad(false);
    const GoldenFolder golden("tf_t5");
    const tastelab::testing::TempDir tokenizer;
    addTinySpiece(tokenizer.path());
    T5TextEncoder encoder = T5TextEncoder::fromFolders(golden.folder(), tokenizer.path());
    expectRelative("T5EncoderModel (gated-gelu, RMS norm, relative position buckets): last_hidden_state",
        encoder.model()->forward(golden.tensor("input_ids", at::kLong)), golden.tensor("last_hidden_state"),
        kTolerance);
}

}  // namespace
}  // namespace tastelab::model

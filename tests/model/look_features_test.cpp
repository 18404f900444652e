// Look features: the right size and names, known colour-space values, behaviour that follows from
// what each dimension measures, gradients back to the pixels, and agreement with the procedural
// generator's own attributes.
#include "model/backbones/look_features.h"
#include "model/procedural/procedural_generator.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace tastelab::model;

namespace {

int featureIndex(const std::string& name)
{
    const auto& names = LookFeatures::featureNames();
    const auto it = std::find(names.begin(), names.end(), name);
    EXPECT_NE(it, names.end()) << name;
    return static_cast<int>(it - names.begin());
}

at::Tensor solid(double r, double g, double b, int size = 64)
{
    at::Tensor image = at::empty({1, 3, size, size});
    image[0][0].fill_(r);
    image[0][1].fill_(g);
    image[0][2].fill_(b);
    return image;
}

double correlation(const at::Tensor& x, const at::Tensor& y)
{
    const at::Tensor dx = x - x.mean(), dy = y - y.mean();
    return ((dx * dy).sum() / (dx.norm() * dy.norm())).item<double>();
}

}  // namespace

TEST(LookFeatures, HasOneHundredThirtyTwoNamedFiniteDimensions)
{
    const LookFeatures look;
    EXPECT_EQ(look.imageDim(), 132);
    EXPECT_EQ(LookFeatures::featureNames().size(), 132u);
    EXPECT_EQ(look.cacheKey(), "look-v3");
    const at::Tensor f = look.encodeImages(at::rand({2, 3, 37, 53}));  // any size
    EXPECT_EQ(f.sizes(), (std::vector<std::int64_t>{2, 132}));
    EXPECT_TRUE(at::isfinite(f).all().item<bool>());
    // Flat images (solid fills, a blank frame) have no edges at all: every ratio must stay finite.
    const at::Tensor flat = look.encodeImages(at::cat({at::full({1, 3, 64, 64}, 0.5), at::zeros({1, 3, 64, 64})}));
    for (int i = 0; i < 132; ++i)
        EXPECT_TRUE(std::isfinite(flat[0][i].item<double>()) && std::isfinite(flat[1][i].item<double>()))
            << LookFeatures::featureNames()[std::size_t(i)];
    EXPECT_THROW(look.encodeImages(at::rand({2, 4, 8, 8})), std::invalid_argument);
}

TEST(LookFeatures, OklabMatchesPublishedValues)
{
    // Reference values from the OKLab definition (Ottosson 2020): white and sRGB red.
    const at::Tensor white = srgbToOklab(solid(1, 1, 1, 1).to(at::kDouble)).flatten();
    EXPECT_NEAR(white[0].item<double>(), 1.0, 1e-3);
    EXPECT_NEAR(white[1].item<double>(), 0.0, 1e-3);
    EXPECT_NEAR(white[2].item<double>(), 0.0, 1e-3);
    const at::Tensor red = srgbToOklab(solid(1, 0, 0, 1).to(at::kDouble)).flatten();
    EXPECT_NEAR(red[0].item<double>(), 0.62796, 2e-3);
    EXPECT_NEAR(red[1].item<double>(), 0.22486, 2e-3);
    EXPECT_NEAR(red[2].item<double>(), 0.12585, 2e-3);
}

TEST(LookFeatures, DimensionsMeasureWhatTheirNamesSay)
{
    const LookFeatures look;
    const at::Tensor red = look.encodeImages(solid(0.9, 0.2, 0.1))[0];
    const at::Tensor blue = look.encodeImages(solid(0.1, 0.2, 0.9))[0];
    const at::Tensor grey = look.encodeImages(solid(0.5, 0.5, 0.5))[0];
    EXPECT_GT(red[featureIndex("warmth")].item<double>(), blue[featureIndex("warmth")].item<double>() + 0.5);
    EXPECT_LT(grey[featureIndex("chroma_mean")].item<double>(), 0.01);
    EXPECT_GT(red[featureIndex("colorfulness")].item<double>(), grey[featureIndex("colorfulness")].item<double>());
    EXPECT_LT(grey[featureIndex("edge_density")].item<double>(), 0.01);

    // A checkerboard (6 px squares, not aligned with the pooling windows) has edges and texture; a
    // flat image has none.
    at::Tensor checker = at::zeros({1, 3, 64, 64});
    for (int y = 0; y < 64; ++y) {
        for (int x = 0; x < 64; ++x) {
            if (((x / 6) + (y / 6)) % 2) checker[0].select(1, y).select(1, x).fill_(1.0);
        }
    }
    const at::Tensor busy = look.encodeImages(checker)[0];
    EXPECT_GT(busy[featureIndex("edge_density")].item<double>(), 0.05);
    EXPECT_GT(busy[featureIndex("texture_energy_16")].item<double>(),
        grey[featureIndex("texture_energy_16")].item<double>() + 0.1);
    // A centred square is left-right symmetric; a left-dark right-bright image is not.
    at::Tensor centred = solid(0.1, 0.1, 0.1);
    centred.narrow(2, 16, 32).narrow(3, 16, 32).fill_(0.9);
    at::Tensor halves = solid(0.1, 0.1, 0.1);
    halves.narrow(3, 32, 32).fill_(0.9);
    const at::Tensor split = look.encodeImages(halves)[0];
    EXPECT_GT(look.encodeImages(centred)[0][featureIndex("symmetry_left_right")].item<double>(), 0.95);
    EXPECT_LT(split[featureIndex("symmetry_left_right")].item<double>(), 0.7);
    // The lightness histogram sums to one.
    EXPECT_NEAR(red.narrow(0, featureIndex("lightness_hist_0"), 8).sum().item<double>(), 1.0, 1e-4);
}

TEST(LookFeatures, StructureDimensionsMeasureWhatTheirNamesSay)
{
    const LookFeatures look;
    at::NoGradGuard noGrad;
    const int S = 128;
    const at::Tensor axis = at::linspace(-1.0, 1.0, S);
    const at::Tensor y = axis.view({S, 1}).expand({S, S}), x = axis.view({1, S}).expand({S, S});
    auto grey = [&](const at::Tensor& mask, double fg) {
        return (0.3 + (fg - 0.3) * mask).unsqueeze(0).expand({3, S, S}).unsqueeze(0).contiguous();
    };
    // A square and a disk of the same area: the square's edges are straight.
    const at::Tensor square = grey(((x.abs() < 0.45) & (y.abs() < 0.45)).to(at::kFloat), 0.8);
    const at::Tensor disk = grey((x * x + y * y < 0.45 * 0.45 * 4 / 3.14159).to(at::kFloat), 0.8);
    const at::Tensor fs = look.encodeImages(square)[0], fd = look.encodeImages(disk)[0];
    EXPECT_GT(fs[featureIndex("straight_edges_1")].item<double>(), fd[featureIndex("straight_edges_1")].item<double>());
    EXPECT_LT(
        fs[featureIndex("level_curvature_1")].item<double>(), fd[featureIndex("level_curvature_1")].item<double>());
    // Blurring lowers sharpness across scales; stretching tones raises the tone contrast.
    const at::Tensor blurred = at::avg_pool2d(at::replication_pad2d(square, {4, 4, 4, 4}), {9, 9}, {1, 1});
    EXPECT_GT(fs[featureIndex("sharpness_across_scales")].item<double>(),
        look.encodeImages(blurred)[0][featureIndex("sharpness_across_scales")].item<double>());
    const at::Tensor flat = grey(((x.abs() < 0.45) & (y.abs() < 0.45)).to(at::kFloat), 0.4);
    EXPECT_GT(fs[featureIndex("tone_contrast")].item<double>(),
        look.encodeImages(flat)[0][featureIndex("tone_contrast")].item<double>());
    // Fine stripes (12 cycles across 128 px: band 5) against coarse ones (1 cycle: band 0).
    const at::Tensor fine = grey(0.5 + 0.5 * at::sin(x * 3.14159 * 24), 0.8);
    const at::Tensor coarse = grey(0.5 + 0.5 * at::sin(x * 3.14159 * 2), 0.8);
    const at::Tensor ff = look.encodeImages(fine)[0], fc = look.encodeImages(coarse)[0];
    EXPECT_GT(ff[featureIndex("spectrum_band_5")].item<double>(), fc[featureIndex("spectrum_band_5")].item<double>());
    EXPECT_LT(ff[featureIndex("spectrum_band_0")].item<double>(), fc[featureIndex("spectrum_band_0")].item<double>());

    // look-v3: the square's edges keep to the axes and meet in corners; the disk's do neither.
    EXPECT_GT(fs[featureIndex("axis_alignment_15")].item<double>(),
        fd[featureIndex("axis_alignment_15")].item<double>() + 0.3);
    EXPECT_GT(fs[featureIndex("corner_share_2")].item<double>(), fd[featureIndex("corner_share_2")].item<double>());
    // Blurred edges lose less to further smoothing.
    EXPECT_GT(fs[featureIndex("strong_edge_loss_1")].item<double>(),
        look.encodeImages(blurred)[0][featureIndex("strong_edge_loss_1")].item<double>());
    // A faint texture over the square shows in the typical band energy, which the square's edges alone barely raise.
    const at::Tensor textured = (square + 0.03 * at::sin(x * 3.14159 * 24)).clamp(0.0, 1.0);
    const at::Tensor ft = look.encodeImages(textured)[0];
    EXPECT_GT(ft[featureIndex("band_1_typical_energy")].item<double>(),
        fs[featureIndex("band_1_typical_energy")].item<double>() + 1.0);
}

TEST(LookFeatures, GradientsReachTheInputPixels)
{
    const LookFeatures look;
    const at::Tensor images = at::rand({2, 3, 48, 48}).set_requires_grad(true);
    look.encodeImages(images).sum().backward();
    ASSERT_TRUE(images.grad().defined());
    EXPECT_TRUE(at::isfinite(images.grad()).all().item<bool>());
    EXPECT_GT((images.grad().abs() > 0).to(at::kFloat).mean().item<double>(), 0.9);
}

TEST(LookFeatures, SeeWhatTheProceduralGeneratorControls)
{
    const ProceduralGenerator generator;
    const LookFeatures look;
    std::vector<std::uint64_t> seeds;
    for (int i = 0; i < 64; ++i) seeds.push_back(500 + i);
    at::NoGradGuard noGrad;
    const auto out = generator.render(generator.noiseForSeeds(seeds), {"a harbour"}, 128);
    const at::Tensor f = look.encodeImages(out.images);
    auto attribute = [&](VisualAttribute a) { return out.attributes.select(1, static_cast<int>(a)); };
    EXPECT_GT(correlation(attribute(VisualAttribute::Warmth), f.select(1, featureIndex("warmth"))), 0.5);
    EXPECT_GT(correlation(attribute(VisualAttribute::Brightness), f.select(1, featureIndex("lightness_mean"))), 0.5);
    EXPECT_GT(correlation(attribute(VisualAttribute::Saturation), f.select(1, featureIndex("chroma_mean"))), 0.4);
}

TEST(PromptEmbedding, HashedBagOfWordsIsDeterministicAndNormalised)
{
    const LookFeatures look;
    const at::Tensor t =
        look.encodeTexts({"a warm watercolor fox", "A warm watercolor fox!", "neon city at night", ""});
    EXPECT_EQ(t.sizes(), (std::vector<std::int64_t>{4, 256}));
    EXPECT_TRUE(
        at::equal(t, look.encodeTexts({"a warm watercolor fox", "A warm watercolor fox!", "neon city at night", ""})));
    EXPECT_NEAR(t[0].norm().item<double>(), 1.0, 1e-6);
    EXPECT_NEAR((t[0] * t[1]).sum().item<double>(), 1.0, 1e-6);  // case and punctuation do not matter
    EXPECT_LT((t[0] * t[2]).sum().item<double>(), 0.3);
    EXPECT_EQ(t[3].abs().sum().item<double>(), 0.0);
}

// The procedural generator: deterministic, differentiable from every pixel back to the noise (checked
// against finite differences), and steerable by the words of the prompt as measured on the pixels.
#include "model/procedural/procedural_generator.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

#include <map>
#include <random>
#include <set>

using namespace tastelab::model;

namespace {

std::vector<std::uint64_t> seeds(int count, std::uint64_t first = 1000)
{
    std::vector<std::uint64_t> out;
    for (int i = 0; i < count; ++i) out.push_back(first + i);
    return out;
}

// Measurements on pixels, independent of the generator's own attribute values.
double warmthOf(const at::Tensor& images)
{
    return (images.select(1, 0) - images.select(1, 2)).mean().item<double>();
}

double detailOf(const at::Tensor& images)
{
    const at::Tensor luma = images.mean(1);
    const at::Tensor dx = (luma.narrow(2, 1, luma.size(2) - 1) - luma.narrow(2, 0, luma.size(2) - 1)).abs().mean();
    const at::Tensor dy = (luma.narrow(1, 1, luma.size(1) - 1) - luma.narrow(1, 0, luma.size(1) - 1)).abs().mean();
    return (dx + dy).item<double>();
}

double saturationOf(const at::Tensor& images)
{
    return (std::get<0>(images.max(1)) - std::get<0>(images.min(1))).mean().item<double>();
}

double brightnessOf(const at::Tensor& images)
{
    return images.mean().item<double>();
}

}  // namespace

TEST(ProceduralGenerator, NoiseIsStandardNormalAndDeterministic)
{
    const ProceduralGenerator generator;
    EXPECT_TRUE(at::equal(generator.noiseForSeed(42), generator.noiseForSeed(42)));
    EXPECT_FALSE(at::equal(generator.noiseForSeed(42), generator.noiseForSeed(43)));
    const at::Tensor many = generator.noiseForSeeds(seeds(400));
    EXPECT_NEAR(many.mean().item<double>(), 0.0, 0.03);
    EXPECT_NEAR(many.std().item<double>(), 1.0, 0.03);
}

TEST(ProceduralGenerator, SameSeedAndPromptGiveTheSameImage)
{
    const ProceduralGenerator generator;
    at::NoGradGuard noGrad;
    const auto a = generator.render(generator.noiseForSeeds({7, 8}), {"a warm watercolor fox"});
    const auto b = generator.render(generator.noiseForSeeds({7, 8}), {"a warm watercolor fox"});
    EXPECT_TRUE(at::equal(a.images, b.images));
    EXPECT_TRUE(at::equal(a.attributes, b.attributes));
    EXPECT_FALSE(at::equal(a.images[0], a.images[1]));
    EXPECT_EQ(a.images.sizes(), (std::vector<std::int64_t>{2, 3, 256, 256}));
    EXPECT_EQ(a.attributes.sizes(), (std::vector<std::int64_t>{2, kVisualAttributeCount}));
    EXPECT_GT(a.images.min().item<float>(), 0.0f);
    EXPECT_LT(a.images.max().item<float>(), 1.0f);
}

TEST(ProceduralGenerator, SizesUpTo512AndClearErrors)
{
    const ProceduralGenerator generator;
    at::NoGradGuard noGrad;
    EXPECT_EQ(generator.render(generator.noiseForSeed(1), {"x"}, 512).images.size(3), 512);
    EXPECT_THROW(generator.render(generator.noiseForSeed(1), {"x"}, 16), std::invalid_argument);
    EXPECT_THROW(generator.render(at::zeros({1, 5}), {"x"}), std::invalid_argument);
    EXPECT_THROW(generator.render(generator.noiseForSeeds({1, 2, 3}), {"a", "b"}), std::invalid_argument);
    ProceduralConfig tooBig;
    tooBig.size = 1024;
    EXPECT_THROW(ProceduralGenerator{tooBig}, std::invalid_argument);
}

// Both worlds: steering optimises the noise through either.
class ProceduralGeneratorVersion : public ::testing::TestWithParam<int> { };
INSTANTIATE_TEST_SUITE_P(BothWorlds, ProceduralGeneratorVersion, ::testing::Values(1, 2));

TEST_P(ProceduralGeneratorVersion, GradientsMatchFiniteDifferences)
{
    ProceduralConfig config;
    config.size = 32;
    config.version = GetParam();
    const ProceduralGenerator generator(config);
    const at::Tensor z0 = generator.noiseForSeed(5).to(at::kDouble).unsqueeze(0);
    const at::Tensor weights = at::rand({1, 3, 32, 32}, at::TensorOptions().dtype(at::kDouble));
    const std::string prompt = "an intricate neon harbour";
    auto loss = [&](const at::Tensor& z) { return (generator.render(z, {prompt}).images * weights).sum(); };

    const at::Tensor z = z0.clone().set_requires_grad(true);
    loss(z).backward();
    const at::Tensor analytic = z.grad();
    at::NoGradGuard noGrad;
    const double h = 1e-6;
    std::mt19937 rng(3);
    for (int trial = 0; trial < 12; ++trial) {
        const int i = static_cast<int>(rng() % static_cast<unsigned>(config.latentDim));
        at::Tensor plus = z0.clone();
        at::Tensor minus = z0.clone();
        plus[0][i] += h;
        minus[0][i] -= h;
        const double numeric = (loss(plus).item<double>() - loss(minus).item<double>()) / (2 * h);
        const double exact = analytic[0][i].item<double>();
        EXPECT_NEAR(exact, numeric, 1e-5 + 1e-4 * std::abs(numeric)) << "noise coordinate " << i;
    }
}

TEST(ProceduralGenerator, EveryPixelPassesGradientToTheNoise)
{
    ProceduralConfig config;
    config.size = 64;
    const ProceduralGenerator generator(config);
    const at::Tensor z = generator.noiseForSeed(11).unsqueeze(0).set_requires_grad(true);
    const at::Tensor images = generator.render(z, {"a dark minimal moon"}).images;
    std::mt19937 rng(9);
    for (int trial = 0; trial < 24; ++trial) {
        const int c = static_cast<int>(rng() % 3), y = static_cast<int>(rng() % 64), x = static_cast<int>(rng() % 64);
        const at::Tensor grad = torch::autograd::grad({images[0][c][y][x]}, {z}, {}, true)[0];
        EXPECT_GT(grad.abs().sum().item<double>(), 1e-8) << "pixel " << c << "," << y << "," << x;
    }
}

TEST(ProceduralGenerator, PromptWordsMoveWhatThePixelsShow)
{
    const ProceduralGenerator generator;
    at::NoGradGuard noGrad;
    const at::Tensor noise = generator.noiseForSeeds(seeds(50));
    auto render = [&](const std::string& prompt) { return generator.render(noise, {prompt}, 128); };
    const auto warm = render("a warm harbour");
    const auto cool = render("a cool harbour");
    EXPECT_GT(warmthOf(warm.images), warmthOf(cool.images) + 0.05);
    const auto minimal = render("a minimal harbour");
    const auto intricate = render("an intricate harbour");
    EXPECT_GT(detailOf(intricate.images), 1.3 * detailOf(minimal.images));
    const auto neon = render("a neon harbour");
    const auto muted = render("a muted harbour");
    EXPECT_GT(saturationOf(neon.images), saturationOf(muted.images) + 0.05);
    const auto bright = render("a bright harbour");
    const auto dark = render("a dark harbour");
    EXPECT_GT(brightnessOf(bright.images), brightnessOf(dark.images) + 0.1);
    // The attribute vectors agree with the words.
    EXPECT_GT(warm.attributes.select(1, int(VisualAttribute::Warmth)).mean().item<double>(),
        cool.attributes.select(1, int(VisualAttribute::Warmth)).mean().item<double>() + 0.3);
}

TEST(ProceduralGenerator, SubjectsChangeTheLayoutNotTheAttributes)
{
    const ProceduralGenerator generator;
    at::NoGradGuard noGrad;
    const at::Tensor noise = generator.noiseForSeed(21);
    const auto fox = generator.render(noise, {"a warm fox"});
    const auto city = generator.render(noise, {"a warm city"});
    EXPECT_TRUE(at::allclose(fox.attributes, city.attributes));
    EXPECT_GT((fox.images - city.images).abs().mean().item<double>(), 0.01);
    const PromptStyle style = generator.parsePrompt("A Warm, watercolour FOX by the sea!");
    EXPECT_THAT(style.styleWords, ::testing::ElementsAre("warm"));
    EXPECT_THAT(style.subjectWords, ::testing::ElementsAre("fox", "sea"));
    EXPECT_THAT(style.unknownWords, ::testing::ElementsAre("a", "watercolour", "by", "the"));
}

TEST(ProceduralLexicon, CoversTheDimensionsPeopleJudge)
{
    std::map<WordCategory, int> perCategory;
    std::set<std::string_view> words;
    for (const auto& entry : proceduralLexicon()) {
        ++perCategory[entry.category];
        EXPECT_TRUE(words.insert(entry.word).second) << "duplicate word " << entry.word;
        const bool biased = std::any_of(entry.bias.begin(), entry.bias.end(), [](float b) { return b != 0.0f; });
        EXPECT_EQ(biased, entry.category != WordCategory::Subject) << entry.word;
    }
    int style = 0;
    for (auto category : {WordCategory::ArtStyle, WordCategory::Color, WordCategory::Detail, WordCategory::Medium,
             WordCategory::Saturation, WordCategory::Lighting, WordCategory::Composition}) {
        EXPECT_GE(perCategory[category], 10) << toString(category);
        style += perCategory[category];
    }
    EXPECT_GE(style, 100);
    for (const char* word : {"warm", "pastel", "minimal", "intricate", "neon", "watercolor", "centered"}) {
        EXPECT_NE(findLexiconWord(word), nullptr) << word;
    }
    EXPECT_EQ(findLexiconWord("NEON"), findLexiconWord("neon"));
}

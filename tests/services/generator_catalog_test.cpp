// The table of generator facts: every generator has coherent facts, the rules that generation, steering and the CLI
// apply (sizes, steps, model folders) are the table's, and cancelling a render is the model::Cancelled value.
#include "app/services/generation.h"
#include "app/services/generator_catalog.h"
#include "app/services/text_to_image.h"
#include "model/nn/cancelled.h"

#include <fmt/format.h>
#include <gmock/gmock.h>

#include <atomic>
#include <set>
#include <stdexcept>

using namespace tastelab;
using ::testing::HasSubstr;

TEST(GeneratorCatalog, EveryGeneratorHasCoherentFacts)
{
    const auto& catalog = services::generatorCatalog();
    ASSERT_EQ(catalog.size(), 3u);
    EXPECT_EQ(catalog[0].id, services::kProceduralGenerator);  // the one that always works comes first
    EXPECT_EQ(services::generatorIds(), (std::vector<std::string>{"procedural", "sd-turbo", "flux-schnell"}));
    std::set<std::string_view> ids;
    for (const services::GeneratorFacts& facts : catalog) {
        SCOPED_TRACE(std::string(facts.id));
        EXPECT_TRUE(ids.insert(facts.id).second) << "two generators share an id";
        EXPECT_FALSE(facts.label.empty());
        EXPECT_FALSE(facts.noun.empty());
        EXPECT_EQ(services::findGeneratorFacts(facts.id), &facts);
        EXPECT_TRUE(services::isKnownGenerator(std::string(facts.id)));
        // Steps: the default lies within 1..maxSteps, and the settings' bound covers every generator.
        EXPECT_GE(facts.defaultSteps, 1);
        EXPECT_LE(facts.defaultSteps, facts.maxSteps);
        EXPECT_LE(facts.maxSteps, services::GenerationSettings::kMaxSteps);
        EXPECT_GE(facts.optimizationSteps, 0);
        EXPECT_LE(facts.optimizationSteps, facts.maxSteps);
        EXPECT_EQ(facts.stepsOrDefault(0), facts.defaultSteps);
        EXPECT_EQ(facts.stepsOrDefault(facts.maxSteps), facts.maxSteps);
        // Sizes: bounds on the grid, the forms' step on it too, and the settings' default size allowed.
        EXPECT_GE(facts.sizeMultiple, 1);
        EXPECT_LE(facts.minSize, facts.maxSize);
        EXPECT_EQ(facts.minSize % facts.sizeMultiple, 0);
        EXPECT_EQ(facts.maxSize % facts.sizeMultiple, 0);
        EXPECT_EQ(facts.sizeStep % facts.sizeMultiple, 0);
        EXPECT_LE(facts.maxSize, services::largestSizeOfAnyGenerator());
        EXPECT_EQ(services::sizeProblem(std::string(facts.id), services::GenerationSettings().size), "");
        // The rules generation applies are the table's.
        EXPECT_EQ(services::defaultSteps(std::string(facts.id)), facts.defaultSteps);
        EXPECT_EQ(services::maxSteps(std::string(facts.id)), facts.maxSteps);
        EXPECT_EQ(services::sizeProblem(std::string(facts.id), facts.minSize), "");
        EXPECT_EQ(services::sizeProblem(std::string(facts.id), facts.maxSize), "");
        EXPECT_THAT(services::sizeProblem(std::string(facts.id), facts.minSize - facts.sizeMultiple),
            HasSubstr(facts.sizeRule()));
        EXPECT_THAT(services::sizeProblem(std::string(facts.id), facts.maxSize + facts.sizeMultiple),
            HasSubstr(facts.sizeRule()));
        if (facts.sizeMultiple > 1) {
            EXPECT_THAT(services::sizeProblem(std::string(facts.id), facts.maxSize - 1),
                HasSubstr(fmt::format("a multiple of {}", facts.sizeMultiple)));
        }
        services::GenerationSettings settings;
        settings.generator = std::string(facts.id);
        settings.prompt = "a fox";
        if (facts.needsModelFolder) {
            EXPECT_THROW(services::validate(settings), std::invalid_argument);
            settings.modelFolder = "/models/x";
        }
        EXPECT_NO_THROW(services::validate(settings));
        settings.size = facts.maxSize + facts.sizeMultiple;
        EXPECT_THROW(services::validate(settings), std::invalid_argument);
    }
    EXPECT_EQ(services::mostStepsOfAnyGenerator(), services::GenerationSettings::kMaxSteps);
    EXPECT_EQ(services::knownGeneratorsText(), "procedural, sd-turbo or flux-schnell");
}

TEST(GeneratorCatalog, TheFactsOfEachGenerator)
{
    const services::GeneratorFacts& procedural = services::generatorFacts("procedural");
    EXPECT_FALSE(procedural.needsModelFolder);
    EXPECT_EQ(procedural.maxSteps, 1);
    EXPECT_EQ(procedural.maxSize, 512);
    EXPECT_EQ(services::sizeProblem("procedural", 600), "procedural images are 64 to 512 pixels a side");
    const services::GeneratorFacts& sdTurbo = services::generatorFacts("sd-turbo");
    EXPECT_TRUE(sdTurbo.needsModelFolder);
    EXPECT_TRUE(sdTurbo.usesGuidance);
    EXPECT_EQ(sdTurbo.defaultSteps, 1);
    EXPECT_EQ(sdTurbo.optimizationStepsFor(3), 3);
    EXPECT_EQ(services::sizeProblem("sd-turbo", 100), "SD-Turbo images are 64 to 1024 pixels a side, a multiple of 8");
    const services::GeneratorFacts& flux = services::generatorFacts("flux-schnell");
    EXPECT_TRUE(flux.needsModelFolder);
    EXPECT_FALSE(flux.usesGuidance);
    EXPECT_EQ(flux.defaultSteps, 4);
    EXPECT_EQ(flux.optimizationStepsFor(4), 1);  // steered through one-step renders
    EXPECT_EQ(services::sizeProblem("flux-schnell", 72), "FLUX images are 64 to 1024 pixels a side, a multiple of 16");

    EXPECT_EQ(services::findGeneratorFacts("dall-e"), nullptr);
    EXPECT_FALSE(services::isKnownGenerator("dall-e"));
    try {
        services::generatorFacts("dall-e");
        ADD_FAILURE() << "an unknown generator has facts";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("unknown generator 'dall-e' (procedural, sd-turbo or flux-schnell)"));
    }
    EXPECT_EQ(services::sizeRulesText(),
        "procedural 64 to 512 pixels a side; sd-turbo 64 to 1024 pixels a side, a multiple of 8; flux-schnell 64 to "
        "1024 pixels a side, a multiple of 16");
    EXPECT_EQ(services::stepRulesText(), "procedural 1; sd-turbo 1 to 4 (default 1); flux-schnell 1 to 4 (default 4)");
}

TEST(GeneratorCatalog, TheOpenedGeneratorCarriesItsFactsAndACancelIsTheCancelledValue)
{
    services::TextToImageOptions options;
    options.size = 64;
    const auto generator = services::TextToImage::open("procedural", {}, options);
    EXPECT_EQ(&generator->facts(), &services::generatorFacts("procedural"));
    EXPECT_THROW(services::TextToImage::open("sd-turbo", {}, options), std::invalid_argument);  // needs its folder
    EXPECT_THROW(services::TextToImage::open("dall-e", {}, options), std::invalid_argument);

    std::atomic<bool> cancel{true};
    services::TextToImage::RenderOptions render;
    render.cancel = &cancel;
    EXPECT_THROW(generator->render(generator->noise({1}, 64), {"a fox"}, render), model::Cancelled);
    cancel = false;
    EXPECT_EQ(generator->render(generator->noise({1}, 64), {"a fox"}, render).size(0), 1);
}

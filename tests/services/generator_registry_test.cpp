// The registry of generator code: one entry per catalog generator, in its order, each with what generation needs to
// open it, find its model folders and name it in what is stored.
#include "app/services/generation.h"
#include "app/services/generator_registry.h"
#include "app/services/text_to_image.h"
#include "tests/support/test_support.h"
#include "tests/support/text_file.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

using namespace tastelab;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(GeneratorRegistry, HasOneCompleteEntryPerCatalogGenerator)
{
    const auto& registry = services::generatorRegistry();
    const auto& catalog = services::generatorCatalog();
    ASSERT_EQ(registry.size(), catalog.size());
    std::set<std::string_view> versions;
    for (std::size_t i = 0; i < registry.size(); ++i) {
        const services::GeneratorEntry& entry = registry[i];
        SCOPED_TRACE(std::string(entry.id));
        EXPECT_EQ(entry.id, catalog[i].id);  // the catalog's order: the lists and the CLI's choices follow it
        EXPECT_EQ(&entry.facts(), &catalog[i]);
        EXPECT_EQ(services::findGeneratorEntry(entry.id), &entry);
        EXPECT_EQ(&services::generatorEntry(entry.id), &entry);
        EXPECT_TRUE(entry.open != nullptr);
        // Images made before the settings were stored whole are matched by the stored id's start.
        EXPECT_THAT(std::string(entry.version), StartsWith(std::string(entry.id)));
        EXPECT_TRUE(versions.insert(entry.version).second) << "two generators share a stored id";
        if (entry.facts().needsModelFolder) {
            // A diffusion generator: its sampler in the PNG parameters, its folders found by class, name and cache.
            EXPECT_FALSE(entry.sampler.empty());
            EXPECT_TRUE(entry.releasePipelines != nullptr);
            EXPECT_FALSE(entry.pipelineClass.empty());
            ASSERT_FALSE(entry.pathWords.empty());
            for (std::string_view word : entry.pathWords) {
                // Matched against the lowercased path.
                EXPECT_TRUE(std::none_of(word.begin(), word.end(), [](unsigned char c) { return std::isupper(c); }))
                    << word;
            }
            EXPECT_THAT(std::string(entry.hubName), StartsWith("models--"));
            EXPECT_TRUE(entry.findInHubCache != nullptr);
        } else {
            EXPECT_TRUE(entry.sampler.empty());
            EXPECT_TRUE(entry.pipelineClass.empty());
            EXPECT_TRUE(entry.pathWords.empty());
            EXPECT_TRUE(entry.findInHubCache == nullptr);
            EXPECT_TRUE(entry.missingNote == nullptr);
        }
    }
    EXPECT_THROW(services::generatorEntry("dall-e"), std::invalid_argument);
    EXPECT_EQ(services::findGeneratorEntry("dall-e"), nullptr);
}

TEST(GeneratorRegistry, TheFallbackIsTheFirstDiffusionGenerator)
{
    const services::GeneratorEntry& fallback = services::fallbackDiffusionGenerator();
    EXPECT_EQ(fallback.id, services::kSdTurboGenerator);
    EXPECT_TRUE(fallback.facts().needsModelFolder);
    // It is listed with how to add it when it is missing, so that the pages can say what to download.
    ASSERT_TRUE(fallback.missingNote != nullptr);
    const std::string note = fallback.missingNote("the models folder /m");
    EXPECT_THAT(note, HasSubstr("the models folder /m"));
    EXPECT_THAT(note, HasSubstr("Until then the procedural generator is used."));
}

TEST(GeneratorRegistry, TheBuiltInGeneratorOpensWithoutAFolder)
{
    const services::GeneratorEntry& procedural = services::generatorEntry(services::kProceduralGenerator);
    services::TextToImageOptions options;
    options.size = 64;
    const auto generator = procedural.open({}, options);
    ASSERT_NE(generator, nullptr);
    EXPECT_EQ(generator->generatorId(), procedural.version);
    EXPECT_EQ(&generator->facts(), &procedural.facts());
    const at::Tensor images = generator->render(generator->noise({7}, 64), {"a red circle"}, {});
    EXPECT_EQ(images.size(0), 1);
    EXPECT_EQ(images.size(3), 64);
}

TEST(GeneratorRegistry, EachDiffusionGeneratorIsFoundByItsClassAndName)
{
    TempDir dir;
    const auto models = dir / "models";
    std::filesystem::create_directories(dir / "hub");
    for (const services::GeneratorEntry& entry : services::generatorRegistry()) {
        if (!entry.facts().needsModelFolder) continue;
        SCOPED_TRACE(std::string(entry.id));
        const auto folder = models / ("my-" + std::string(entry.pathWords.front()));
        tastelab::testing::writeTextFile(
            folder / "model_index.json", "{\"_class_name\": \"" + std::string(entry.pipelineClass) + "\"}");
        EXPECT_EQ(services::generatorOfFolder(folder), entry.id);
        const auto generators = services::listGenerators(models, dir / "hub");
        const auto listed = std::find_if(generators.begin(), generators.end(),
            [&](const services::GeneratorInfo& info) { return info.id == entry.id && info.available; });
        ASSERT_NE(listed, generators.end());
        EXPECT_EQ(listed->folder, folder);
        EXPECT_EQ(listed->label, entry.facts().label);
    }
}

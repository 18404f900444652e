// The table of generator facts and the rules read from it.
#include "app/services/generator_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace tastelab::services {

namespace {

std::vector<GeneratorFacts> makeCatalog()
{
    GeneratorFacts procedural;
    procedural.id = kProceduralGenerator;
    procedural.label = "Procedural (built in)";
    procedural.noun = "procedural";
    procedural.maxSize = 512;  // drawn shapes gain nothing from more pixels, and steering stays fast

    GeneratorFacts sdTurbo;
    sdTurbo.id = kSdTurboGenerator;
    sdTurbo.label = "SD-Turbo";
    sdTurbo.noun = "SD-Turbo";
    sdTurbo.needsModelFolder = true;
    sdTurbo.maxSteps = 4;  // distilled for one step; more add detail up to four
    sdTurbo.maxSize = 1024;
    sdTurbo.sizeMultiple = 8;  // the VAE's latent is an eighth of the image
    sdTurbo.sizeStep = 8;
    sdTurbo.usesGuidance = true;

    GeneratorFacts flux;
    flux.id = kFluxGenerator;
    flux.label = "FLUX.1-schnell";
    flux.noun = "FLUX";
    flux.needsModelFolder = true;
    flux.defaultSteps = 4;  // schnell is made for four steps
    flux.maxSteps = 4;
    flux.optimizationSteps = 1;
    flux.maxSize = 1024;
    flux.sizeMultiple = 16;  // latents of an eighth, packed in 2x2 patches
    flux.sizeStep = 16;
    return {procedural, sdTurbo, flux};
}

}  // namespace

std::string GeneratorFacts::sizeRule() const
{
    std::string rule = fmt::format("{} to {} pixels a side", minSize, maxSize);
    if (sizeMultiple > 1) rule += fmt::format(", a multiple of {}", sizeMultiple);
    return rule;
}

const std::vector<GeneratorFacts>& generatorCatalog()
{
    static const std::vector<GeneratorFacts> catalog = makeCatalog();
    return catalog;
}

const GeneratorFacts* findGeneratorFacts(std::string_view id)
{
    for (const GeneratorFacts& facts : generatorCatalog()) {
        if (facts.id == id) return &facts;
    }
    return nullptr;
}

const GeneratorFacts& generatorFacts(std::string_view id)
{
    if (const GeneratorFacts* facts = findGeneratorFacts(id)) return *facts;
    throw std::invalid_argument(fmt::format("unknown generator '{}' ({})", id, knownGeneratorsText()));
}

std::vector<std::string> generatorIds()
{
    std::vector<std::string> ids;
    for (const GeneratorFacts& facts : generatorCatalog()) ids.emplace_back(facts.id);
    return ids;
}

std::string knownGeneratorsText()
{
    const std::vector<std::string> ids = generatorIds();
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) text += i + 1 == ids.size() ? " or " : ", ";
        text += ids[i];
    }
    return text;
}

bool isKnownGenerator(const std::string& id)
{
    return findGeneratorFacts(id) != nullptr;
}

std::string sizeProblem(const std::string& generator, int size)
{
    const GeneratorFacts& facts = generatorFacts(generator);
    if (size < facts.minSize || size > facts.maxSize || size % facts.sizeMultiple != 0) {
        return fmt::format("{} images are {}", facts.noun, facts.sizeRule());
    }
    return {};
}

int defaultSteps(const std::string& generator)
{
    return generatorFacts(generator).defaultSteps;
}

int maxSteps(const std::string& generator)
{
    return generatorFacts(generator).maxSteps;
}

int mostStepsOfAnyGenerator()
{
    int most = 1;
    for (const GeneratorFacts& facts : generatorCatalog()) most = std::max(most, facts.maxSteps);
    return most;
}

int largestSizeOfAnyGenerator()
{
    int largest = 0;
    for (const GeneratorFacts& facts : generatorCatalog()) largest = std::max(largest, facts.maxSize);
    return largest;
}

std::string sizeRulesText()
{
    std::string text;
    for (const GeneratorFacts& facts : generatorCatalog()) {
        if (!text.empty()) text += "; ";
        text += fmt::format("{} {}", facts.id, facts.sizeRule());
    }
    return text;
}

std::string stepRulesText()
{
    std::string text;
    for (const GeneratorFacts& facts : generatorCatalog()) {
        if (!text.empty()) text += "; ";
        text += facts.maxSteps == 1
            ? fmt::format("{} 1", facts.id)
            : fmt::format("{} 1 to {} (default {})", facts.id, facts.maxSteps, facts.defaultSteps);
    }
    return text;
}

}  // namespace tastelab::services

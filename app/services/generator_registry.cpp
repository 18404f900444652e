// The registry of generator code, in the catalog's order.
#include "app/services/generator_registry.h"

#include <stdexcept>

namespace tastelab::services {

const std::vector<GeneratorEntry>& generatorRegistry()
{
    static const std::vector<GeneratorEntry> registry = [] {
        std::vector<GeneratorEntry> entries{proceduralGeneratorEntry(), sdTurboGeneratorEntry(), fluxGeneratorEntry()};
        // Kept in step with the catalog: a generator missing from either is a programming error.
        const auto& catalog = generatorCatalog();
        if (entries.size() != catalog.size())
            throw std::logic_error("the generator registry does not match the catalog");
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].id != catalog[i].id)
                throw std::logic_error("the generator registry does not match the catalog");
        }
        return entries;
    }();
    return registry;
}

const GeneratorEntry* findGeneratorEntry(std::string_view id)
{
    for (const GeneratorEntry& entry : generatorRegistry()) {
        if (entry.id == id) return &entry;
    }
    return nullptr;
}

const GeneratorEntry& generatorEntry(std::string_view id)
{
    generatorFacts(id);  // throws for an unknown generator
    return *findGeneratorEntry(id);
}

const GeneratorEntry& fallbackDiffusionGenerator()
{
    for (const GeneratorEntry& entry : generatorRegistry()) {
        if (entry.facts().needsModelFolder) return entry;
    }
    throw std::logic_error("the generator registry has no diffusion generator");
}

}  // namespace tastelab::services

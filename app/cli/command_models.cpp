// `tastelab-cli models [--folder DIR]`: which pretrained models this machine has.
#include "app/cli/cli_commands.h"
#include "app/services/model_locator.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addModelsCommand(CLI::App& app)
{
    auto folder = std::make_shared<std::string>();
    CLI::App* cmd =
        app.add_subcommand("models", "List the pretrained models found in a models folder and the Hugging Face cache");
    cmd->add_option("--folder", *folder, "A folder of models (searched three levels deep)");
    cmd->callback([folder] {
        const auto hub = services::huggingFaceHubCache();
        const auto models = services::findModels(*folder, hub);
        fmt::print("Searched {}{}\n", folder->empty() ? std::string() : *folder + " and ", hub.string());
        for (const auto& m : models) {
            fmt::print("{:<10} {:<40} {} ({})\n", services::toString(m.kind), m.name, m.folder.string(), m.source);
        }
        fmt::print("{} model(s) found\n", models.size());
    });
}

}  // namespace tastelab::cli

// `tastelab-cli embed WORKSPACE [--backbone look] [--device auto]`: fill the embedding cache.
#include "app/cli/cli_commands.h"
#include "app/cli/option_checks.h"
#include "app/services/embeddings.h"
#include "app/services/workspace.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

namespace tastelab::cli {

void addEmbedCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        services::EmbeddingOptions embedding;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd =
        app.add_subcommand("embed", "Encode the workspace's images with a backbone into the embedding cache");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--backbone", options->embedding.backbone,
           fmt::format("Backbone: {}", fmt::join(services::availableBackbones(), ", ")))
        ->capture_default_str();
    cmd->add_option("--device", options->embedding.device, "auto, cpu or cuda:N")->capture_default_str();
    cmd->add_option("--batch", options->embedding.batchSize, "Images per batch")
        ->capture_default_str()
        ->transform(integerIn(1, 4096));
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        const auto report = services::encodeWorkspaceImages(workspace, options->embedding);
        for (const auto& [file, reason] : report.failures) {
            fmt::print("failed     {}: {}\n", util::printableForTerminal(file), util::printableForTerminal(reason));
        }
        fmt::print("Encoded {} image(s) with {} ({} values each) on {} in {:.2f} s ({:.1f} images/s); {} already "
                   "cached, {} failed\n",
            report.encoded, report.backboneKey, report.dimension, report.device, report.seconds,
            report.seconds > 0 ? double(report.encoded) / report.seconds : 0.0, report.alreadyCached,
            report.failures.size());
    });
}

}  // namespace tastelab::cli

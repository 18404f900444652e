// `tastelab-cli info WORKSPACE`: what a workspace holds.
#include "app/cli/cli_commands.h"
#include "app/services/workspace.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addInfoCommand(CLI::App& app)
{
    auto root = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("info", "Show what a workspace holds");
    cmd->add_option("WORKSPACE", *root, "Workspace folder")->required();
    cmd->callback([root] {
        auto workspace = services::Workspace::open(*root);
        const auto s = workspace.summary();
        fmt::print("Workspace       {}\n", util::printableForTerminal(s.name));
        fmt::print("Folder          {}\n", util::printableForTerminal(workspace.root().string()));
        fmt::print("Created         {} by {}\n", s.createdAt, s.createdBy);
        fmt::print("Database        {} (schema version {}, {} bytes)\n", workspace.databasePath().string(),
            s.schemaVersion, s.databaseBytes);
        fmt::print("Images          {}\n", s.images);
        fmt::print("People          {}\n", s.people);
        fmt::print("Studies         {}\n", s.studies);
        fmt::print("Answers         {} rating(s), {} comparison(s)\n", s.ratings, s.comparisons);
        fmt::print("Library files   {}\n", s.libraryFiles);
        fmt::print("Model files     {}\n", s.modelFiles);
    });
}

}  // namespace tastelab::cli

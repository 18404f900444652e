// `tastelab-cli init WORKSPACE [--name NAME]`: create a new, empty workspace folder.
#include "app/cli/cli_commands.h"
#include "app/services/workspace.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addInitCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string name;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd =
        app.add_subcommand("init", "Create a new workspace: a folder with the database, image library and models");
    cmd->add_option("WORKSPACE", options->root, "Folder to create (must be new or empty)")->required();
    cmd->add_option("--name", options->name, "Workspace name shown in the GUI (default: the folder's name)");
    cmd->callback([options] {
        std::filesystem::path root(options->root);
        std::string name = options->name;
        if (name.empty()) name = std::filesystem::absolute(root).lexically_normal().filename().string();
        if (name.empty()) name = "TasteLab workspace";
        auto workspace = services::Workspace::create(root, name);
        fmt::print("Created workspace '{}' at {}\n", util::printableForTerminal(name),
            util::printableForTerminal(workspace.root().string()));
    });
}

}  // namespace tastelab::cli

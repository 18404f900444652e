// `tastelab-cli backup WORKSPACE --out FILE`: a consistent copy of the live database.
#include "app/cli/cli_commands.h"
#include "app/services/workspace.h"
#include "storage/maintenance.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addBackupCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string out;
        bool overwrite = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "backup", "Copy the workspace database with SQLite's online backup (safe while others write)");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--out", options->out, "Backup file to write")->required();
    cmd->add_flag("--overwrite", options->overwrite, "Replace an existing backup file");
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        workspace.refuseOwnPath(options->out, "--out");
        storage::backupDatabase(workspace.database(), options->out, options->overwrite);
        fmt::print("Backed up {} to {}\n", util::printableForTerminal(workspace.databasePath().string()),
            util::printableForTerminal(options->out));
    });
}

}  // namespace tastelab::cli

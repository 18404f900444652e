// `tastelab-cli restore WORKSPACE --from BACKUP`: put a backup in place of the workspace database, safely.
#include "app/cli/cli_commands.h"
#include "app/services/workspace.h"
#include "storage/maintenance.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addRestoreCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string from;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("restore",
        "Put a backup in place of the workspace database (the live files are "
        "kept aside, never deleted)");
    cmd->footer("The backup is checked first (a TasteLab database, not newer than this program, integrity ok). The "
                "workspace must not be open elsewhere (close the GUI and other tastelab-cli commands on it). The live "
                "database and its -wal and -shm files are renamed together to tastelab.sqlite.before-restore-TIME "
                "(so they still open as one database), then the backup is copied in. Never copy a backup over "
                "tastelab.sqlite by hand: a -wal file left beside it belongs to the old database and damages the new "
                "one.");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--from", options->from, "Backup file (written by `tastelab-cli backup`)")->required();
    cmd->callback([options] {
        if (!services::Workspace::isWorkspace(options->root)) {
            throw CommandError(fmt::format(
                "'{}' is not a TasteLab workspace: it has no {}", options->root, services::Workspace::kDatabaseFile));
        }
        // No connection of this process may be open to the live database here: the restore checks for other
        // processes with a lock probe of its own (see storage::otherProcessUsing).
        const auto database = std::filesystem::path(options->root) / services::Workspace::kDatabaseFile;
        const auto report = storage::restoreDatabase(options->from, database);
        for (const auto& file : report.keptAside)
            fmt::print("Kept aside      {}\n", util::printableForTerminal(file.string()));
        auto workspace = services::Workspace::open(options->root);  // brings an older backup's schema up to date
        const auto health = storage::checkDatabase(workspace.database());
        fmt::print("Restored        {} from {} (schema version {} -> {}): {} image(s), {} people, {} rating(s), {} "
                   "comparison(s)\n",
            util::printableForTerminal(database.string()), util::printableForTerminal(options->from),
            report.backup.schemaVersion, health.schemaVersion, report.backup.images, report.backup.people,
            report.backup.ratings, report.backup.comparisons);
        fmt::print("Integrity       {}\n", health.ok ? "ok" : "PROBLEMS FOUND");
        if (!report.keptAside.empty())
            fmt::print("The files kept aside hold what was live before; delete them once you no longer need them.\n");
        if (!health.ok) throw CommandError("the restored database has problems: run `tastelab-cli check`");
    });
}

}  // namespace tastelab::cli

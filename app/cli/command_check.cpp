// `tastelab-cli check WORKSPACE`: integrity check, schema version, row counts, and the files the images
// refer to (a linked file replaced on disk is named); says how to restore a backup when something is wrong.
#include "app/cli/cli_commands.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/images.h"
#include "storage/maintenance.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace tastelab::cli {

void addCheckCommand(CLI::App& app)
{
    auto root = std::make_shared<std::string>();
    CLI::App* cmd =
        app.add_subcommand("check", "Check the database's integrity and print its schema version and counts");
    cmd->add_option("WORKSPACE", *root, "Workspace folder")->required();
    cmd->callback([root] {
        auto workspace = services::Workspace::open(*root);
        const auto report = storage::checkDatabase(workspace.database());
        fmt::print("Database        {}\n", util::printableForTerminal(workspace.databasePath().string()));
        fmt::print("Schema version  {}\n", report.schemaVersion);
        for (const auto& [table, rows] : report.rowCounts) fmt::print("  {:<22} {:>10}\n", table, rows);
        for (const auto& problem : report.problems) fmt::print("problem: {}\n", util::printableForTerminal(problem));
        fmt::print("Integrity       {}\n", report.ok ? "ok" : "PROBLEMS FOUND");
        std::vector<std::string> files;
        std::int64_t checked = 0;
        for (const auto& image : storage::ImageStore(workspace.database()).list()) {
            ++checked;
            try {
                services::verifiedImageFile(workspace, image);
            } catch (const services::ImageFileError& e) {
                files.push_back(e.what());
            }
        }
        for (const auto& problem : files) fmt::print("file problem: {}\n", util::printableForTerminal(problem));
        fmt::print("Image files     {} of {} ok\n", checked - static_cast<std::int64_t>(files.size()), checked);
        if (!report.ok) {
            fmt::print("To go back to a backup: close TasteLab and other commands on this workspace, then run\n"
                       "  tastelab-cli restore {} --from BACKUP.sqlite\n"
                       "It checks the backup and keeps the current files aside. Never copy a backup over {} by hand: "
                       "a -wal file left beside it belongs to the old database.\n",
                util::printableForTerminal(workspace.root().string()), services::Workspace::kDatabaseFile);
            throw CommandError(
                fmt::format("{} problem(s) found in {}", report.problems.size(), workspace.databasePath().string()));
        }
        if (!files.empty()) {
            throw CommandError(fmt::format("{} image file(s) missing or changed on disk (listed above); they are not "
                                           "used until the files are put back or imported again",
                files.size()));
        }
    });
}

}  // namespace tastelab::cli

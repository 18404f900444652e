// `tastelab-cli check WORKSPACE`: integrity check, schema version and row counts.
#include "app/cli/cli_commands.h"
#include "app/services/workspace.h"
#include "storage/maintenance.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

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
        fmt::print("Database        {}\n", workspace.databasePath().string());
        fmt::print("Schema version  {}\n", report.schemaVersion);
        for (const auto& [table, rows] : report.rowCounts) fmt::print("  {:<22} {:>10}\n", table, rows);
        for (const auto& problem : report.problems) fmt::print("problem: {}\n", problem);
        fmt::print("Integrity       {}\n", report.ok ? "ok" : "PROBLEMS FOUND");
        if (!report.ok)
            throw CommandError(
                fmt::format("{} problem(s) found in {}", report.problems.size(), workspace.databasePath().string()));
    });
}

}  // namespace tastelab::cli

// `tastelab-cli export WORKSPACE --format csv|jsonl --out FILE [--study NAME]`: every answer, long format.
#include "app/cli/cli_commands.h"
#include "app/services/workspace.h"
#include "storage/export.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addExportCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string format = "csv";
        std::string out;
        std::string study;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("export", "Export every answer in long format (one row per answer)");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--format", options->format, "csv or jsonl")->check(CLI::IsMember({"csv", "jsonl"}));
    cmd->add_option("--out", options->out, "File to write (replaced atomically)")->required();
    cmd->add_option("--study", options->study, "Only answers given in this study");
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        workspace.refuseOwnPath(options->out, "--out");
        storage::ExportOptions exportOptions;
        exportOptions.format =
            options->format == "jsonl" ? storage::ExportFormat::JsonLines : storage::ExportFormat::Csv;
        if (!options->study.empty()) exportOptions.study = options->study;
        const auto summary = storage::exportAnswers(workspace.database(), exportOptions, options->out);
        fmt::print("Wrote {} rating(s) and {} comparison(s) to {}\n", summary.ratings, summary.comparisons,
            util::printableForTerminal(options->out));
    });
}

}  // namespace tastelab::cli

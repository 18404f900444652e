// `tastelab-cli import WORKSPACE DIR [--manifest FILE] [--link]`: add a folder of images.
#include "app/cli/cli_commands.h"
#include "app/services/image_import.h"
#include "app/services/workspace.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <memory>

namespace tastelab::cli {

void addImportCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string folder;
        std::string manifest;
        bool link = false;
        bool quiet = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd =
        app.add_subcommand("import", "Import a folder of PNG, JPEG and WebP images, with an optional manifest");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("DIR", options->folder, "Folder to import (searched recursively)")->required();
    cmd->add_option("--manifest", options->manifest,
        "CSV or JSON Lines with file, prompt, negative_prompt, generator, seed (other columns become parameters)");
    cmd->add_flag(
        "--link", options->link, "Reference the files where they are instead of copying them into the library");
    cmd->add_flag("--quiet", options->quiet, "Print only the summary and the problems");
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        services::ImageImportOptions importOptions;
        if (!options->manifest.empty()) importOptions.manifest = options->manifest;
        importOptions.copyIntoLibrary = !options->link;
        const auto started = std::chrono::steady_clock::now();
        const auto report = services::importImages(workspace, options->folder, importOptions);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!options->quiet) {
            for (const auto& image : report.imported) {
                fmt::print("imported   {}\n", util::printableForTerminal(image.file.string()));
            }
            for (const auto& image : report.duplicates) {
                fmt::print("duplicate  {} (same content as image {})\n",
                    util::printableForTerminal(image.file.string()),
                    image.existingImageId ? fmt::format("#{}", image.existingImageId) : std::string("in this import"));
            }
        }
        // File names are stored as they are (they name real files) but printed with control characters and
        // invalid UTF-8 escaped.
        for (const auto& image : report.rejected) {
            fmt::print("rejected   {}: {}\n", util::printableForTerminal(image.file.string()),
                util::printableForTerminal(image.reason));
        }
        for (const auto& warning : report.manifestWarnings) {
            fmt::print("warning    {}\n", util::printableForTerminal(warning));
        }
        fmt::print("{} imported, {} duplicate(s), {} rejected, {} other file(s) skipped in {:.1f} s\n",
            report.imported.size(), report.duplicates.size(), report.rejected.size(), report.skipped.size(), seconds);
        // The good files are in, but a script must not take the import as complete.
        if (!report.rejected.empty()) {
            throw CommandError(fmt::format("{} file(s) were rejected", report.rejected.size()));
        }
    });
}

}  // namespace tastelab::cli

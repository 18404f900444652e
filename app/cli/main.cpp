// tastelab-cli: everything TasteLab does, without a GUI (servers, scripts, CI).
#include "app/cli/cli_commands.h"
#include "app/services/build_info.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

int main(int argc, char** argv)
{
    using namespace tastelab;

    CLI::App app{
        "TasteLab command line: learn one person's visual taste and steer image generation toward it.", "tastelab-cli"};
    app.add_flag_callback(
        "--version",
        [] {
            fmt::print("{}", services::formatComponents(services::components()));
            throw CLI::Success();
        },
        "Print the versions of TasteLab, LibTorch, CUDA, OpenCV, SQLite and fmt");
    app.require_subcommand(1);
    app.footer("Run 'tastelab-cli COMMAND --help' for the options of one command.");

    cli::addInitCommand(app);
    cli::addInfoCommand(app);
    cli::addImportCommand(app);
    cli::addImportRatingsCommand(app);
    cli::addExportCommand(app);
    cli::addBackupCommand(app);
    cli::addCheckCommand(app);
    cli::addDemoCommand(app);
    cli::addEmbedCommand(app);
    cli::addModelsCommand(app);
    cli::addTrainCommand(app);
    cli::addEvalCommand(app);
    cli::addScoreCommand(app);
    cli::addGenerateCommand(app);
    cli::addSteerCommand(app);
    cli::addReferencesCommand(app);
    cli::addProfileCommands(app);
    cli::addResultsCommand(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;  // 2: the command line itself was wrong
    } catch (const std::exception& e) {
        fmt::print(stderr, "tastelab-cli: error: {}\n", e.what());
        return 1;
    }
    return 0;
}

// tastelab-cli: everything TasteLab does, without a GUI (servers, scripts, CI).
#include "app/cli/cli_commands.h"
#include "app/services/build_info.h"
#include "util/file_mode.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <sstream>

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
    app.add_flag_callback(
           "--shared-files", [] { util::setFileSharing(util::FileSharing::FollowUmask); },
           "Create files and folders with the permissions the umask leaves (as TASTELAB_SHARED_FILES=1 does) instead "
           "of readable by their owner only (0600 files, 0700 folders); give it before the command")
        ->trigger_on_parse();
    app.require_subcommand(1);
    app.footer("Run 'tastelab-cli COMMAND --help' for the options of one command.");

    cli::addInitCommand(app);
    cli::addInfoCommand(app);
    cli::addImportCommand(app);
    cli::addImportRatingsCommand(app);
    cli::addExportCommand(app);
    cli::addBackupCommand(app);
    cli::addRestoreCommand(app);
    cli::addCheckCommand(app);
    cli::addDemoCommand(app);
    cli::addEmbedCommand(app);
    cli::addModelsCommand(app);
    cli::addTrainCommand(app);
    cli::addEvalCommand(app);
    cli::addScoreCommand(app);
    cli::addGenerateCommand(app);
    cli::addNextCommand(app);
    cli::addSteerCommand(app);
    cli::addReferencesCommand(app);
    cli::addProfileCommands(app);
    cli::addResultsCommand(app);
    cli::addServeCommand(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // The message may quote what was typed: control characters and invalid UTF-8 come out escaped.
        std::ostringstream out, err;
        const int code = app.exit(e, out, err);
        std::fputs(out.str().c_str(), stdout);
        std::fputs(util::printableMessage(err.str()).c_str(), stderr);
        return code == 0 ? 0 : 2;  // 2: the command line itself was wrong
    } catch (const std::exception& e) {
        // Messages quote file names, prompts and pseudonyms: control characters and invalid UTF-8 come out escaped.
        fmt::print(stderr, "tastelab-cli: error: {}\n", util::printableMessage(e.what()));
        return 1;
    }
    return 0;
}

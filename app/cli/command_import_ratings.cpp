// `tastelab-cli import-ratings WORKSPACE FILE [--scale MIN..MAX]`: bring in answers collected elsewhere.
#include "app/cli/cli_commands.h"
#include "app/services/rating_import.h"
#include "app/services/workspace.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addImportRatingsCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string file;
        std::string scale;
        bool addPeople = false;
        bool skipInvalid = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("import-ratings",
        "Import slider ratings from a long-format CSV (person, image, value, scale, response_ms, timestamp, study)");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("FILE", options->file, "CSV file, one rating per line")->required();
    cmd->add_option("--scale", options->scale, "Scale of the values when the file has no scale column, e.g. 1..7");
    cmd->add_flag("--add-people", options->addPeople, "Add unknown pseudonyms as participants instead of refusing");
    cmd->add_flag("--skip-invalid", options->skipInvalid,
        "Import the valid lines even when some lines are bad (the exit status is still 1 when any line was rejected)");
    cmd->callback([options] {
        services::RatingImportOptions importOptions;
        if (!options->scale.empty()) {
            std::string problem;
            const auto scale = services::parseScale(options->scale, &problem);
            if (!scale) throw CLI::ValidationError("--scale", problem);
            importOptions.scaleMin = scale->first;
            importOptions.scaleMax = scale->second;
        }
        importOptions.addUnknownPeople = options->addPeople;
        importOptions.skipInvalidLines = options->skipInvalid;
        auto workspace = services::Workspace::open(options->root);
        const auto report = services::importRatings(workspace, options->file, importOptions);
        for (const auto& problem : report.problems) {
            fmt::print("skipped    {}\n", util::printableForTerminal(problem));
        }
        for (const auto& person : report.peopleAdded) {
            fmt::print("added      person {}\n", util::printableForTerminal(person));
        }
        fmt::print("{} rating(s) imported, {} line(s) skipped, {} person(s) added\n", report.imported,
            report.problems.size(), report.peopleAdded.size());
        // Lines were rejected: the valid ones are in, but a script must not take the import as complete.
        if (!report.problems.empty()) {
            throw CommandError(
                fmt::format("{} line(s) were rejected and skipped (--skip-invalid)", report.problems.size()));
        }
    });
}

}  // namespace tastelab::cli

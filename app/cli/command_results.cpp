// `tastelab-cli results WORKSPACE --study NAME`: a study's participants, agreement, response times and
// exclusions, with the numbers also as JSON, CSV tables and the long-format answers.
#include "app/cli/cli_commands.h"
#include "app/services/study_results.h"
#include "app/services/workspace.h"
#include "storage/export.h"
#include "util/atomic_file.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <memory>

namespace tastelab::cli {

namespace {

// NaN (not measured) prints as a dash, in the column's width.
std::string number(double value, int decimals, int width)
{
    return std::isfinite(value) ? fmt::format("{:>{}.{}f}", value, width, decimals) : fmt::format("{:>{}}", "-", width);
}

void printSummary(const services::StudyResults& r)
{
    fmt::print("Study '{}': {} participant(s), {} included, {} excluded; {} image(s)\n\n",
        util::printableForTerminal(r.study.name), r.participants.size(), r.includedParticipants, r.excludedParticipants,
        r.images.size());
    fmt::print("{:<12} {:>7} {:>8} {:>4} {:>6} {:>6} {:>7} {:>7} {:>6} {:>9}  {}\n", "participant", "planned",
        "answered", "done", "mean", "sd", "retest", "repeats", "catch", "median ms", "excluded");
    for (const auto& p : r.participants) {
        fmt::print("{:<12} {:>7} {:>8} {:>4} {} {} {} {:>7} {:>6} {}  {}\n", util::printableForTerminal(p.pseudonym),
            p.plannedTrials, p.answeredTrials, p.completed ? "yes" : "no", number(p.meanRating, 2, 6),
            number(p.sdRating, 2, 6), number(p.testRetest, 2, 7), p.repeatPairs,
            fmt::format("{}/{}", p.catchPassed, p.catchTotal), number(p.medianResponseMs, 0, 9),
            p.excluded ? "yes" : "no");
    }
    fmt::print("\n");

    const auto value = [](double v) { return std::isfinite(v) ? fmt::format("{:.2f}", v) : std::string("-"); };
    if (r.icc) {
        fmt::print("Agreement     Krippendorff's alpha (interval) {}, ICC(2,1) {}, ICC(2,k) {} ({} image(s) x {} "
                   "rater(s))\n",
            value(r.alphaInterval), value(r.icc->single), value(r.icc->average), r.iccImages, r.icc->raters);
    } else {
        fmt::print("Agreement     Krippendorff's alpha (interval) {}, ICC not defined (needs 2 included raters who "
                   "rated the same 2 images, found {} complete image(s))\n",
            value(r.alphaInterval), r.iccImages);
    }
    if (r.responseTimesMs.empty()) {
        fmt::print("Response time no response times recorded\n");
    } else {
        fmt::print("Response time median {:.0f} ms, p90 {:.0f} ms ({} answer(s))\n", r.rtMedian, r.rtP90,
            r.responseTimesMs.size());
    }
    fmt::print("Pairwise      left {}, right {}, tie {}, can't decide {}\n", r.pairLeft, r.pairRight, r.pairTie,
        r.pairCantDecide);
    fmt::print("Exclusion     fewer than {:.0f}% of attention checks passed\n", 100.0 * r.rule.minCatchPassRate);
    for (const auto& p : r.participants)
        if (p.excluded)
            fmt::print("  excluded    {}: {}\n", util::printableForTerminal(p.pseudonym),
                util::printableForTerminal(p.exclusionReason));
}

}  // namespace

void addResultsCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string study;
        std::string json;
        std::string tables;
        std::string answers;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("results", "Results of a study: participants, agreement, response times");
    cmd->footer(
        "Only current answers count (a revision replaces the answer it names). A participant whose share of passed "
        "attention checks is below the study's rule (settings {\"exclusion\": {\"minCatchPassRate\": 0.75}}) is "
        "excluded from the agreement and image statistics. Agreement is Krippendorff's alpha (interval) over the "
        "included participants' first ratings of the study's images, and ICC(2,1)/ICC(2,k) (Shrout & Fleiss) over "
        "the images every one of them rated. Test-retest is the Pearson r between first and repeated ratings.");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--study", options->study, "Name of the study")->required();
    cmd->add_option("--json", options->json, "Also write every number as JSON to this file");
    cmd->add_option("--tables", options->tables, "Also write participants.csv and images.csv into this folder");
    cmd->add_option("--export-answers", options->answers,
        "Also write the study's answers in long format to FILE.csv or FILE.jsonl");
    cmd->callback([options] {
        storage::ExportFormat format = storage::ExportFormat::Csv;
        if (!options->answers.empty()) {
            const std::string extension = std::filesystem::path(options->answers).extension().string();
            if (extension == ".jsonl")
                format = storage::ExportFormat::JsonLines;
            else if (extension != ".csv")
                throw CommandError("--export-answers: '" + options->answers
                    + "' must end in .csv or .jsonl (the extension picks the format)");
        }
        auto workspace = services::Workspace::open(options->root);
        if (!options->json.empty()) workspace.refuseOwnPath(options->json, "--json");
        if (!options->tables.empty()) {
            workspace.refuseOwnPath(options->tables, "--tables", true);
            for (const char* name : {"participants.csv", "images.csv"})
                workspace.refuseOwnPath(std::filesystem::path(options->tables) / name, "--tables");
        }
        if (!options->answers.empty()) workspace.refuseOwnPath(options->answers, "--export-answers");
        const auto results = services::computeStudyResults(workspace, options->study);
        printSummary(results);
        if (!options->json.empty()) {
            util::writeFileAtomically(options->json, services::studyResultsJson(results) + "\n");
            fmt::print("Wrote {}\n", util::printableForTerminal(options->json));
        }
        if (!options->tables.empty()) {
            services::writeResultTables(results, options->tables);
            fmt::print("Wrote participants.csv and images.csv to {}\n", util::printableForTerminal(options->tables));
        }
        if (!options->answers.empty()) {
            storage::ExportOptions exportOptions;
            exportOptions.format = format;
            exportOptions.study = results.study.name;
            const auto summary = storage::exportAnswers(workspace.database(), exportOptions, options->answers);
            fmt::print("Wrote {} rating(s) and {} comparison(s) to {}\n", summary.ratings, summary.comparisons,
                util::printableForTerminal(options->answers));
        }
    });
}

}  // namespace tastelab::cli

// `tastelab-cli eval WORKSPACE`: the evaluation protocol (seen and held-out people, new images, N_ref
// sweep, baselines incl. collaborative filtering, noise ceiling, optional loss ablation), as a table, JSON and a PNG
// chart.
#include "app/cli/cli_commands.h"
#include "app/cli/training_options.h"
#include "app/services/reward/evaluation.h"
#include "app/services/reward/evaluation_chart.h"
#include "app/services/workspace.h"
#include "util/atomic_file.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addEvalCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        services::EvaluationOptions eval;
        std::string json;
        std::string chart;
        bool quiet = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("eval",
        "Evaluate the personal reward model against the population model, collaborative filtering (item k-NN, "
        "matrix-factorization fold-in), each person's mean, random and the noise ceiling");
    cmd->footer(std::string(kHeldOutHelp)
        + "\nSeen people are scored on the held-out images only. Held-out people are represented from N_ref answers "
          "on other images (drawn --repetitions times) and scored on the rest (\"all\") and on the held-out images "
          "(\"new\"). Liked/disliked is above/below the person's own median. The noise ceiling is how well each "
          "person's first answers predict their own repeated answers. The CF baselines are fitted on the trained "
          "people's "
          "answers and scored on the images those people rated. \"TasteLab (posterior)\" is the answer-space cold "
          "start: a Bayesian update over the known people's predicted tastes from the N_ref answers. \"TasteLab "
          "(hierarchical)\" is the mixture fit plus a per-person linear correction whose prior is learnt from how "
          "the trained people differ from their own mixture fits: near the mixture with few answers, following the "
          "person with many.");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    addTrainingOptions(*cmd, options->eval.train);
    cmd->add_option("--n-ref", options->eval.nRefs, "Reference set sizes")->delimiter(',')->capture_default_str();
    cmd->add_option("--tie-margin", options->eval.tieMargin, "Pairs closer than this are ties")->capture_default_str();
    cmd->add_option("--repetitions", options->eval.repetitions, "Reference draws per person and N_ref")
        ->capture_default_str();
    cmd->add_flag("--ablation", options->eval.ablation, "Also train one model per switched-off loss");
    cmd->add_flag("--true-attributes", options->eval.trueAttributes,
        "Diagnostic for demo workspaces: train and evaluate on the images' true attribute vectors instead of the "
        "backbone's, to tell what the features miss from what the model misses");
    cmd->add_option("--json", options->json, "Write the report as JSON here (default: <workspace>/exports/eval.json)");
    cmd->add_option("--chart", options->chart, "Write the N_ref chart here (default: <workspace>/exports/eval.png)");
    cmd->add_flag("--quiet", options->quiet, "Print no training progress");
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        if (!options->json.empty()) workspace.refuseOwnPath(options->json, "--json");
        if (!options->chart.empty()) workspace.refuseOwnPath(options->chart, "--chart");
        services::EvaluationOptions eval = options->eval;
        if (!options->quiet) eval.train.onProgress = printTrainingProgress;
        const auto report = services::evaluateRewardModel(workspace, eval);
        if (report.training.cancelled) throw CommandError("the evaluation was cancelled");
        fmt::print("\n{}", report.toText());
        const auto json =
            options->json.empty() ? workspace.exportsDir() / "eval.json" : std::filesystem::path(options->json);
        const auto chart =
            options->chart.empty() ? workspace.exportsDir() / "eval.png" : std::filesystem::path(options->chart);
        std::filesystem::create_directories(json.parent_path());
        util::writeFileAtomically(json, report.toJson() + "\n");
        services::writeEvaluationChart(report, chart);
        fmt::print("\nReport {}\nChart  {}\n({:.1f} s on {})\n", json.string(), chart.string(), report.seconds,
            report.training.device);
    });
}

}  // namespace tastelab::cli

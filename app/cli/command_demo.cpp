// `tastelab-cli demo DIR`: build the demo workspace (procedural images, simulated raters) and report.
#include "app/cli/cli_commands.h"
#include "app/cli/option_checks.h"
#include "app/cli/training_options.h"
#include "app/services/demo.h"
#include "app/services/reward/evaluation.h"
#include "app/services/reward/evaluation_chart.h"
#include "app/services/reward/trainer.h"
#include "app/services/steering.h"
#include "app/services/workspace.h"
#include "util/atomic_file.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

namespace tastelab::cli {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One world's figures at the primary N_ref, each the mean of three splits: [0] held-out raters, [1] seen raters.
struct WorldFigures {
    std::uint64_t seed = 0;
    // Held-out raters, the cold starts measured beside the one kept (the linear taste model with taste groups).
    double linear = 0, mixture = 0, posterior = 0;
    double embedding = 0;  // seen raters, the learnt embedding beside the linear taste model kept
    double model[2] = {0, 0}, population[2] = {0, 0}, ceiling[2] = {0, 0};
    double bound = kNaN;  // held-out raters: the best any method could do from N_ref answers (true attributes)
    bool steered = false;
    double improved = 0, crossOver = 0;  // steering shares, 0..1
};

double average(const std::vector<double>& v)
{
    return v.empty() ? kNaN : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

// "1.2 points below the ceiling", or above it: the bound's draws can land past the retest ceiling.
std::string versusCeiling(double ceiling, double value)
{
    return value <= ceiling ? fmt::format("{:.1f} points below the ceiling", ceiling - value)
                            : fmt::format("{:.1f} points above the ceiling", value - ceiling);
}

std::string listed(const std::vector<double>& v)
{
    std::vector<std::string> parts;
    for (double x : v) parts.push_back(fmt::format("{:.1f}", x));
    return fmt::format("{}", fmt::join(parts, ", "));
}

void printDemoSummary(const services::DemoOptions& demo, const services::DemoReport& report)
{
    fmt::print("\nWorld       {} (seed {})\n", report.world, demo.seed);
    fmt::print("Images      {} over {} prompts, {}x{} px, rendered and stored in {:.1f} s\n", report.images,
        report.prompts.size(), demo.imageSize, demo.imageSize, report.renderSeconds);
    for (std::size_t i = 0; i < std::min<std::size_t>(5, report.prompts.size()); ++i) {
        fmt::print("            \"{}\"\n", report.prompts[i]);
    }
    if (report.prompts.size() > 5) fmt::print("            ... and {} more prompts\n", report.prompts.size() - 5);
    int heldOut = 0;
    double configured = 0, measured = 0;
    for (const auto& agent : report.agents) {
        heldOut += agent.heldOut;
        configured += agent.reliability;
        measured += agent.measuredRetest;
    }
    const double n = report.agents.empty() ? 1.0 : double(report.agents.size());
    fmt::print("Raters      {} simulated raters in {} taste groups, {} held out as new people\n", report.agents.size(),
        demo.groups, heldOut);
    for (std::size_t i = 0; i < std::min<std::size_t>(4, report.agents.size()); ++i) {
        const auto& a = report.agents[i];
        fmt::print("            {} (group {}): likes {}; dislikes {}\n", a.pseudonym, a.group + 1,
            a.liked.empty() ? std::string("-") : fmt::format("{}", fmt::join(a.liked, ", ")),
            a.disliked.empty() ? std::string("-") : fmt::format("{}", fmt::join(a.disliked, ", ")));
    }
    fmt::print("Answers     {} slider ratings ({} repeats) and {} pairwise choices, stored in {:.1f} s\n",
        report.ratings, report.repeats, report.comparisons, report.answerSeconds);
    fmt::print("Test-retest mean over raters: measured {:.2f} (from {} repeats each), configured {:.2f}\n",
        measured / n, demo.repeatsPerAgent, configured / n);
    fmt::print("Agreement   on {} shared images: within taste groups {:.2f}, between groups {:.2f}\n", demo.coreItems,
        report.withinGroupAgreement, report.betweenGroupAgreement);
    fmt::print("True taste  {}\n", report.agentsFile.string());
}

// The cold start kept (held-out raters, all images) at every N_ref of the first split: its gain over N_ref 8 beside
// the Bayes bound's (what more answers can add at all), and the best baseline on the same answers (the collaborative
// filters on the images trained people rated, against the cold start on those images).
void printColdStartByNRef(const services::EvaluationReport& r)
{
    constexpr const char* kKept = "TasteLab (linear taste, groups)";
    auto value = [&](const char* method, int nRef) {
        const auto* row = r.find("held-out", "all", method, nRef);
        return row ? 100 * row->pairwise : kNaN;
    };
    fmt::print("\nCold start by N_ref (held-out raters, all images, split 1):\n");
    for (int n : r.nRefs) {
        double best = kNaN;
        std::string bestName;
        for (const char* baseline : {"Population model", "Person mean", "Random"}) {
            const double v = value(baseline, n);
            if (std::isfinite(v) && !(v <= best)) best = v, bestName = baseline;
        }
        std::string line = fmt::format(
            "  N_ref {:>2}: TasteLab {:.1f} %, best baseline {:.1f} % ({})", n, value(kKept, n), best, bestName);
        const double onCf = value("TasteLab (linear taste, groups) on CF images", n);
        const double cf = std::fmax(value("CF MF fold-in", n), value("CF item k-NN", n));
        if (std::isfinite(onCf) && std::isfinite(cf))
            line += fmt::format("; on the images trained raters rated, TasteLab {:.1f} %, best CF {:.1f} %", onCf, cf);
        const double bound = value("Bound (true attributes, N_ref answers)", n);
        if (n > 8 && std::isfinite(value(kKept, 8))) {
            line += fmt::format("; {:+.1f} points over N_ref 8", value(kKept, n) - value(kKept, 8));
            if (std::isfinite(bound))
                line += fmt::format(" (bound {:+.1f})", bound - value("Bound (true attributes, N_ref answers)", 8));
        }
        fmt::print("{}\n", line);
    }
}

// Evaluates a built demo workspace on three splits (the first printed in full), then steers; prints the targets.
WorldFigures evaluateWorld(
    const std::filesystem::path& root, std::uint64_t seed, bool steer, bool diagnostic, bool printTable)
{
    fmt::print("\nTraining and evaluating the personal reward model (look features; the held-out raters play new "
               "people)...\n");
    std::fflush(stdout);
    auto workspace = services::Workspace::open(root);
    services::EvaluationOptions eval;
    const auto result = services::evaluateRewardModel(workspace, eval);
    if (printTable) fmt::print("\n{}", result.toText());
    util::writeFileAtomically(workspace.exportsDir() / "eval.json", result.toJson() + "\n");
    services::writeEvaluationChart(result, workspace.exportsDir() / "eval.png");
    printColdStartByNRef(result);
    // On a world this size the split alone moves the figures by several points, so they are checked on the mean
    // over three splits (seeds 1 to 3: the same held-out raters, other held-out images and validation people).
    const int nRef = eval.primaryNRef;
    struct Split {
        double groups, linear, mixture, posterior, seen, embedding, population[2], ceiling[2], bound;
    };
    auto figures = [&](const services::EvaluationReport& r) {
        auto value = [&](const char* people, const char* images, const char* method, int refs) {
            const auto* row = r.find(people, images, method, refs);
            return row ? 100 * row->pairwise : kNaN;
        };
        // The model kept: artist mode's linear taste model, with taste groups in its prior for held-out raters (best
        // from few answers) and one Gaussian for seen raters (best from all of their answers); the other cold
        // starts are printed beside it.
        return Split{value("held-out", "all", "TasteLab (linear taste, groups)", nRef),
            value("held-out", "all", "TasteLab (linear taste)", nRef),
            value("held-out", "all", "TasteLab (hierarchical)", nRef),
            value("held-out", "all", "TasteLab (posterior)", nRef), value("seen", "new", "TasteLab (linear taste)", 0),
            value("seen", "new", "TasteLab (embedding)", 0),
            {value("held-out", "all", "Population model", nRef), value("seen", "new", "Population model", 0)},
            {value("held-out", "all", "Noise ceiling (retest)", 0), value("seen", "all", "Noise ceiling (retest)", 0)},
            value("held-out", "all", "Bound (true attributes, N_ref answers)", nRef)};
    };
    auto splits = [&](bool trueAttributes) {
        std::vector<Split> out;
        for (std::uint64_t split = 1; split <= 3; ++split) {
            if (split == 1 && !trueAttributes) {
                out.push_back(figures(result));
                continue;
            }
            services::EvaluationOptions again;
            again.nRefs = {nRef};
            again.train.split.seed = split;
            again.trueAttributes = trueAttributes;
            out.push_back(figures(services::evaluateRewardModel(workspace, again)));
        }
        return out;
    };
    fmt::print("\nChecking the targets on three splits...\n");
    std::fflush(stdout);
    const std::vector<Split> runs = splits(false);
    auto column = [&](const std::vector<Split>& from, auto pick) {
        std::vector<double> v;
        for (const auto& f : from) v.push_back(pick(f));
        return v;
    };
    WorldFigures world;
    world.seed = seed;
    const auto linear = column(runs, [](const Split& f) { return f.linear; });
    const auto mixture = column(runs, [](const Split& f) { return f.mixture; });
    const auto posterior = column(runs, [](const Split& f) { return f.posterior; });
    const auto embedding = column(runs, [](const Split& f) { return f.embedding; });
    world.linear = average(linear);
    world.mixture = average(mixture);
    world.posterior = average(posterior);
    world.embedding = average(embedding);
    const std::vector<double> model[2] = {
        column(runs, [](const Split& f) { return f.groups; }), column(runs, [](const Split& f) { return f.seen; })};
    fmt::print("Other models (mean of three splits): held-out raters, linear taste with one Gaussian prior {:.1f} % "
               "({}), hierarchical fit {:.1f} % ({}), answer-space posterior {:.1f} % ({}); seen raters, learnt "
               "embedding {:.1f} % ({})\n",
        world.linear, listed(linear), world.mixture, listed(mixture), world.posterior, listed(posterior),
        world.embedding, listed(embedding));
    fmt::print("Targets (pairwise accuracy, N_ref = {}, mean of three splits): at least 10 points above the "
               "population model, within 5 points of the noise ceiling\n",
        nRef);
    const char* labels[] = {"held-out raters", "seen raters    "};
    const auto bounds = column(runs, [](const Split& f) { return f.bound; });
    world.bound = average(bounds);
    for (int g = 0; g < 2; ++g) {
        const auto population = column(runs, [g](const Split& f) { return f.population[g]; });
        const auto ceiling = column(runs, [g](const Split& f) { return f.ceiling[g]; });
        world.model[g] = average(model[g]);
        world.population[g] = average(population);
        world.ceiling[g] = average(ceiling);
        const double gain = world.model[g] - world.population[g], gap = world.ceiling[g] - world.model[g];
        fmt::print("  {}  TasteLab {:.1f} % ({}), population {:.1f} % ({:+.1f} points: {}), ceiling {:.1f} % "
                   "({:.1f} points below: {})\n",
            labels[g], world.model[g], listed(model[g]), world.population[g], gain, gain >= 10 ? "met" : "NOT met",
            world.ceiling[g], gap, gap <= 5 ? "met" : "NOT met");
        if (g == 0 && std::isfinite(world.bound)) {
            // Whether the targets can be reached at all from N_ref answers (the bound needs the demo's answer key).
            fmt::print("  {}  bound at N_ref {}: {:.1f} % ({}; the best any method could do, on the true "
                       "attributes): {:+.1f} points over the population, {}\n",
                labels[0], nRef, world.bound, listed(bounds), world.bound - world.population[0],
                versusCeiling(world.ceiling[0], world.bound));
        }
    }
    if (diagnostic) {
        // How much of the gap is the features: the same model and splits on what the raters actually judge.
        const std::vector<Split> upper = splits(true);
        fmt::print("Diagnostic, the same model on the images' true attributes instead of look features (tastelab-cli "
                   "eval --true-attributes), mean of the same three splits:\n");
        const auto heldOut = column(upper, [](const Split& f) { return f.groups; });
        const auto seen = column(upper, [](const Split& f) { return f.seen; });
        fmt::print("  {}  TasteLab {:.1f} % ({}), population {:.1f} %\n", labels[0], average(heldOut), listed(heldOut),
            average(column(upper, [](const Split& f) { return f.population[0]; })));
        fmt::print("  {}  TasteLab {:.1f} % ({}), population {:.1f} %\n", labels[1], average(seen), listed(seen),
            average(column(upper, [](const Split& f) { return f.population[1]; })));
    }
    fmt::print("Report {}\n", (workspace.exportsDir() / "eval.json").string());
    if (!steer) return world;

    // Steering targets: a model for use (held-out raters stay new people), then every held-out rater's images.
    fmt::print("\nTraining the reward model for steering (the held-out raters stay new people)...\n");
    std::fflush(stdout);
    services::TrainOptions train;
    train.split.holdOut = true;
    const auto trained = services::trainRewardModel(workspace, train);
    fmt::print("Checkpoint {}\n", trained.checkpoint.string());
    services::SteeringEvalOptions steering;
    const auto steered = services::evaluateSteeringOnDemo(workspace, steering);
    printSteeringEvaluation(steered, steering.noise.iterations);
    world.steered = true;
    world.improved = steered.improvedShare();
    world.crossOver = steered.crossShare();
    return world;
}

}  // namespace

void addDemoCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        services::DemoOptions demo;
        bool evaluate = true;
        bool steer = true;
        int worlds = 1;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "demo", "Build a demo workspace: procedural images (not AI-generated) rated by simulated raters");
    cmd->add_option("DIR", options->root, "Folder for the new demo workspace (must be new or empty)")->required();
    cmd->add_option("--images", options->demo.images, "Number of images")
        ->capture_default_str()
        ->transform(integerIn(1, 100000));
    cmd->add_option("--prompts", options->demo.prompts, "Number of prompts")
        ->capture_default_str()
        ->transform(integerIn(1, 10000));
    cmd->add_option("--agents", options->demo.agents, "Number of simulated raters")
        ->capture_default_str()
        ->transform(integerIn(2, 10000));
    cmd->add_option("--held-out", options->demo.heldOut, "Raters held out as new people")
        ->capture_default_str()
        ->transform(integerIn(0, 10000));
    cmd->add_option("--ratings", options->demo.ratingsPerAgent, "Slider answers per rater")
        ->capture_default_str()
        ->transform(integerIn(1, 100000));
    cmd->add_option("--core", options->demo.coreItems, "Images every rater rates")
        ->capture_default_str()
        ->transform(integerIn(0, 100000));
    cmd->add_option("--seed", options->demo.seed, "Seed for everything")->capture_default_str()->transform(seedValue());
    cmd->add_option("--world", options->demo.worldVersion,
           "Procedural world: 2 (procedural-v2, every attribute visible) or 1 (the first demo world)")
        ->capture_default_str()
        ->transform(integerIn(1, 2));
    cmd->add_option("--worlds", options->worlds,
           "Build this many worlds (seeds --seed, --seed+1, ...) in DIR/world-SEED and check the targets on their mean "
           "(3 worlds: about 25 minutes on 2 cores)")
        ->capture_default_str()
        ->transform(integerIn(1, 10));
    cmd->add_flag(
        "--no-eval{false}", options->evaluate, "Skip training and evaluating the reward model (and steering)");
    cmd->add_flag("--no-steer{false}", options->steer,
        "Skip the steering evaluation (about 4 minutes on 2 cores: every held-out rater, 4 prompts, 50 iterations)");
    cmd->callback([options] {
        services::DemoOptions demo = options->demo;
        demo.ratingsPerNewPerson = std::min(demo.ratingsPerNewPerson, demo.ratingsPerAgent);
        demo.coreItems = std::min(demo.coreItems, demo.ratingsPerNewPerson);
        demo.repeatsPerAgent = std::min(demo.repeatsPerAgent, demo.ratingsPerNewPerson / 2);
        const auto started = std::chrono::steady_clock::now();
        fmt::print("Building the demo workspace{} in {}\n", options->worlds > 1 ? "s" : "", options->root);
        fmt::print("The images are procedural (TasteLab's built-in generator), not AI-generated.\n");
        std::vector<WorldFigures> worlds;
        for (int w = 0; w < options->worlds; ++w) {
            services::DemoOptions one = demo;
            one.seed = demo.seed + std::uint64_t(w);
            const std::filesystem::path root = options->worlds > 1
                ? std::filesystem::path(options->root) / fmt::format("world-{}", one.seed)
                : std::filesystem::path(options->root);
            if (options->worlds > 1)
                fmt::print("\n=== World {} of {}: seed {}, {} ===\n", w + 1, options->worlds, one.seed, root.string());
            const auto report = services::buildDemoWorkspace(root, one);
            printDemoSummary(one, report);
            if (report.cancelled) throw CommandError("the demo was cancelled");
            if (!options->evaluate) continue;
            worlds.push_back(evaluateWorld(root, one.seed, options->steer, options->worlds == 1, options->worlds == 1));
        }
        if (worlds.size() > 1) {
            fmt::print("\n=== Targets on the mean of {} worlds x 3 splits (pairwise accuracy, N_ref = 8) ===\n",
                worlds.size());
            const char* labels[] = {"held-out raters", "seen raters    "};
            for (int g = 0; g < 2; ++g) {
                std::vector<double> model, population, ceiling, bound;
                for (const auto& w : worlds) {
                    bound.push_back(w.bound);
                    model.push_back(w.model[g]);
                    population.push_back(w.population[g]);
                    ceiling.push_back(w.ceiling[g]);
                }
                const double gain = average(model) - average(population), gap = average(ceiling) - average(model);
                fmt::print("  {}  TasteLab {:.1f} % (per world {}), population {:.1f} % ({:+.1f} points: {}), ceiling "
                           "{:.1f} % ({:.1f} points below: {})\n",
                    labels[g], average(model), listed(model), average(population), gain, gain >= 10 ? "met" : "NOT met",
                    average(ceiling), gap, gap <= 5 ? "met" : "NOT met");
                if (g == 0 && std::isfinite(average(bound))) {
                    fmt::print("  {}  bound at N_ref 8: {:.1f} % (per world {}; the best any method could do): "
                               "{:+.1f} points over the population, {}\n",
                        labels[g], average(bound), listed(bound), average(bound) - average(population),
                        versusCeiling(average(ceiling), average(bound)));
                }
            }
            std::vector<double> linear, posterior, mixture, embedding;
            for (const auto& w : worlds) {
                linear.push_back(w.linear), posterior.push_back(w.posterior), mixture.push_back(w.mixture);
                embedding.push_back(w.embedding);
            }
            fmt::print("  other models, held-out raters: linear taste with one Gaussian prior {:.1f} % ({}), "
                       "hierarchical fit {:.1f} % ({}), answer-space posterior {:.1f} % ({})\n",
                average(linear), listed(linear), average(mixture), listed(mixture), average(posterior),
                listed(posterior));
            fmt::print(
                "  other models, seen raters: learnt embedding {:.1f} % ({})\n", average(embedding), listed(embedding));
            for (const auto& w : worlds) {
                if (!w.steered) continue;
                fmt::print("  steering, world {}: true rating raised in {:.0f} % ({}), cross-over {:.0f} % ({})\n",
                    w.seed, 100 * w.improved, w.improved >= 0.8 ? "met" : "NOT met", 100 * w.crossOver,
                    w.crossOver >= 0.75 ? "met" : "NOT met");
            }
        }
        fmt::print("\nDemo finished in {:.0f} s\n",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    });
}

}  // namespace tastelab::cli

// `tastelab-cli demo DIR`: build the demo workspace (procedural images, simulated raters) and report.
#include "app/cli/cli_commands.h"
#include "app/services/demo.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <memory>

namespace tastelab::cli {

void addDemoCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        services::DemoOptions demo;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "demo", "Build a demo workspace: procedural images (not AI-generated) rated by simulated raters");
    cmd->add_option("DIR", options->root, "Folder for the new demo workspace (must be new or empty)")->required();
    cmd->add_option("--images", options->demo.images, "Number of images")->capture_default_str();
    cmd->add_option("--prompts", options->demo.prompts, "Number of prompts")->capture_default_str();
    cmd->add_option("--agents", options->demo.agents, "Number of simulated raters")->capture_default_str();
    cmd->add_option("--held-out", options->demo.heldOut, "Raters held out as new people")->capture_default_str();
    cmd->add_option("--ratings", options->demo.ratingsPerAgent, "Slider answers per rater")->capture_default_str();
    cmd->add_option("--core", options->demo.coreItems, "Images every rater rates")->capture_default_str();
    cmd->add_option("--seed", options->demo.seed, "Seed for everything")->capture_default_str();
    cmd->callback([options] {
        services::DemoOptions demo = options->demo;
        demo.ratingsPerNewPerson = std::min(demo.ratingsPerNewPerson, demo.ratingsPerAgent);
        demo.coreItems = std::min(demo.coreItems, demo.ratingsPerNewPerson);
        demo.repeatsPerAgent = std::min(demo.repeatsPerAgent, demo.ratingsPerNewPerson / 2);
        fmt::print("Building the demo workspace in {}\n", options->root);
        fmt::print("The images are procedural (TasteLab's built-in generator), not AI-generated.\n");
        const auto report = services::buildDemoWorkspace(options->root, demo);
        fmt::print("\nImages      {} over {} prompts, {}x{} px, rendered and stored in {:.1f} s\n", report.images,
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
        fmt::print("Raters      {} simulated raters in {} taste groups, {} held out as new people\n",
            report.agents.size(), demo.groups, heldOut);
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
        fmt::print("Agreement   on {} shared images: within taste groups {:.2f}, between groups {:.2f}\n",
            demo.coreItems, report.withinGroupAgreement, report.betweenGroupAgreement);
        fmt::print("True taste  {}\n", report.agentsFile.string());
        if (report.cancelled) throw CommandError("the demo was cancelled");
    });
}

}  // namespace tastelab::cli

// `tastelab-cli profile WORKSPACE --person P` (what raises or lowers one person's score) and
// `tastelab-cli people WORKSPACE` (the map of people and the silhouette of their taste groups).
#include "app/cli/cli_commands.h"
#include "app/services/reward/people_map.h"
#include "app/services/reward/taste_profile.h"
#include "app/services/workspace.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <memory>

namespace tastelab::cli {

void addProfileCommands(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string person;
        services::ScoreOptions score;
    };
    auto profile = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("profile", "What raises or lowers one person's predicted score");
    cmd->footer("Standardised coefficients of a regression, over the library, of the person's predicted score on the "
                "attributes: the procedural attributes in a demo workspace, look attributes measured on the images, "
                "or text probes (\"vibrant colors\", \"minimalist\", ...) with a CLIP or SigLIP backbone.");
    cmd->add_option("WORKSPACE", profile->root, "Workspace folder")->required();
    cmd->add_option("--person", profile->person, "Pseudonym of the person")->required();
    cmd->add_option("--backbone", profile->score.backbone, "Backbone of the model")->capture_default_str();
    cmd->add_option("--device", profile->score.device, "auto, cpu or cuda:N")->capture_default_str();
    cmd->callback([profile] {
        auto workspace = services::Workspace::open(profile->root);
        const auto result = services::tasteProfile(workspace, profile->person, profile->score);
        fmt::print("Taste profile of {} ({}, on {})\n", util::printableForTerminal(result.person), result.source,
            result.device);
        for (const auto& e : result.effects) {
            const int bars = int(std::lround(std::min(1.0, std::abs(e.effect)) * 30));
            fmt::print("  {:<24} {:+.2f}  {}\n", e.attribute, e.effect,
                std::string(std::size_t(bars), e.effect >= 0 ? '+' : '-'));
        }
    });

    auto people = std::make_shared<Options>();
    CLI::App* map = app.add_subcommand("people", "The map of people: a 2-D projection of their taste, with groups");
    map->footer("Each person is represented from their answers by the newest reward model; groups are the simulated "
                "taste groups in a demo workspace, k-means clusters elsewhere. The silhouette is computed in the full "
                "representation space.");
    map->add_option("WORKSPACE", people->root, "Workspace folder")->required();
    map->add_option("--backbone", people->score.backbone, "Backbone of the model")->capture_default_str();
    map->add_option("--device", people->score.device, "auto, cpu or cuda:N")->capture_default_str();
    map->callback([people] {
        auto workspace = services::Workspace::open(people->root);
        const auto result = services::peopleMap(workspace, people->score);
        fmt::print("{:<10} {:>5} {:>8} {:>8}  {}\n", "person", "group", "x", "y", "trained on");
        for (const auto& p : result.points) {
            fmt::print("{:<10} {:>5} {:>8.3f} {:>8.3f}  {}\n", util::printableForTerminal(p.person), p.group + 1, p.x,
                p.y, p.seen ? "yes" : "no");
        }
        fmt::print("Silhouette {:.2f} ({}), {} people, on {}\n", result.silhouette, result.groupSource,
            result.points.size(), result.device);
    });
}

}  // namespace tastelab::cli

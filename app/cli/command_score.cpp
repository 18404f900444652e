// `tastelab-cli score WORKSPACE --person P FILE...`: predicted slider values of image files for one person.
#include "app/cli/cli_commands.h"
#include "app/services/build_info.h"
#include "app/services/reward/scorer.h"
#include "app/services/workspace.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace tastelab::cli {

void addScoreCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string person;
        std::vector<std::string> files;
        services::ScoreOptions score;
        std::string checkpoint;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("score", "Predict how much a person will like image files (0..1 slider scale)");
    cmd->footer("Uses the workspace's newest reward model for the backbone. A person the model was trained on uses "
                "their learned embedding; anyone else is represented from all their stored answers (prototype mixture "
                "fitted with the shared model frozen).");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--person", options->person, "Pseudonym of the person")->required();
    cmd->add_option("FILES", options->files, "Image files")->required()->check(CLI::ExistingFile);
    cmd->add_option("--backbone", options->score.backbone, "Backbone of the model")->capture_default_str();
    cmd->add_option("--device", options->score.device, "auto, cpu or cuda:N")->capture_default_str();
    cmd->add_option("--checkpoint", options->checkpoint, "A checkpoint file instead of the newest");
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        services::ScoreOptions score = options->score;
        if (!options->checkpoint.empty()) score.checkpoint = options->checkpoint;
        std::vector<std::filesystem::path> files(options->files.begin(), options->files.end());
        const auto scores = services::scoreImages(workspace, options->person, files, score);
        fmt::print("{:>6}  {:>5}  {}\n", "score", "like", "file");
        for (const auto& s : scores) {
            fmt::print("{:6.3f}  {:5.2f}  {}\n", s.score, s.like, util::printableForTerminal(s.file));
        }
        // scoreImages resolved the same setting, so this is where it ran.
        fmt::print("Scored {} image(s) on {}\n", scores.size(), services::resolveComputeDevice(score.device).text);
    });
}

}  // namespace tastelab::cli

// `tastelab-cli train WORKSPACE`: train the personal reward model on everyone's answers and save it.
#include "app/cli/cli_commands.h"
#include "app/cli/option_checks.h"
#include "app/cli/training_options.h"
#include "app/services/reward/trainer.h"
#include "app/services/workspace.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <sstream>

namespace tastelab::cli {

const char* const kHeldOutHelp =
    "Held out: people named with --held-out-people (default: in a demo workspace the agents marked held out in "
    "simulation/agents.json, elsewhere --held-out-fraction of people drawn with --seed) are never trained on and play "
    "new people, represented from N_ref of their own answers; --image-fraction of images, drawn with --seed, are never "
    "trained on by anyone. A further --validation-fraction of the remaining people and images decides early stopping.";

void addTrainingOptions(CLI::App& cmd, services::TrainOptions& o)
{
    cmd.add_option("--backbone", o.backbone, "Backbone whose cached vectors are trained on (look, clip:FOLDER, ...)")
        ->capture_default_str();
    cmd.add_option("--device", o.device, "auto, cpu or cuda:N")->capture_default_str();
    cmd.add_option("--epochs", o.epochs, "Most epochs")->capture_default_str()->transform(integerIn(1, 100000));
    cmd.add_option("--patience", o.patience, "Epochs without a better validation loss before stopping")
        ->capture_default_str()
        ->transform(integerIn(1, 100000));
    cmd.add_option("--learning-rate", o.learningRate, "AdamW learning rate")
        ->capture_default_str()
        ->check(numberIn(0, 10, true));
    cmd.add_option("--weight-decay", o.weightDecay, "AdamW weight decay")
        ->capture_default_str()
        ->check(numberIn(0, 10));
    cmd.add_option("--hidden", o.hidden, "Width of item and person vectors")
        ->capture_default_str()
        ->transform(integerIn(1, 4096));
    cmd.add_option("--prototypes", o.prototypes, "Learnable preference prototypes")
        ->capture_default_str()
        ->transform(integerIn(1, 1000));
    cmd.add_option("--fine-tune-blocks", o.fineTuneBlocks,
           "Fine-tune the backbone's last N blocks with the model (-1: 2 on a GPU with CLIP, else none)")
        ->capture_default_str()
        ->transform(integerIn(-1, 1000));
    cmd.add_option("--dropout", o.dropout, "Dropout in the item tower")->capture_default_str()->check(numberIn(0, 0.9));
    cmd.add_option("--seed", o.split.seed, "Seed for the splits, the initial weights and the batches")
        ->capture_default_str()
        ->transform(seedValue());
    cmd.add_option("--held-out-people", o.split.heldOutPeople, "Pseudonyms of people to hold out")->delimiter(',');
    cmd.add_option("--held-out-fraction", o.split.heldOutPeopleFraction, "Fraction of people held out")
        ->capture_default_str()
        ->check(numberIn(0.0, 0.9));
    cmd.add_option("--image-fraction", o.split.heldOutImageFraction, "Fraction of images held out")
        ->capture_default_str()
        ->check(numberIn(0.0, 0.9));
    cmd.add_option("--validation-fraction", o.split.validationFraction, "Fraction for early stopping")
        ->capture_default_str()
        ->check(numberIn(0.0, 0.5));
    cmd.add_flag("--no-regression{false}", o.losses.regression, "Switch off the regression loss");
    cmd.add_flag("--no-rating-pairs{false}", o.losses.ratingPairs, "Switch off Bradley-Terry on rating pairs");
    cmd.add_flag("--no-choices{false}", o.losses.choices, "Switch off Bradley-Terry on pairwise choices");
    cmd.add_flag("--no-base{false}", o.losses.base, "Switch off the like/dislike cross-entropy");
    cmd.add_flag("--no-contrastive{false}", o.losses.contrastive, "Switch off the contrastive L+ and L- losses");
}

void printTrainingProgress(const services::TrainingProgress& p)
{
    static int lastPhase = -1;  // each phase is named once, not at every report within it
    const bool newPhase = p.phaseIndex != lastPhase;
    lastPhase = p.phaseIndex;
    if (p.phase != "training" || p.epoch == 0) {
        if (newPhase && p.phase == "sweep") {
            fmt::print("sweep, N_ref {} ({} of {} phases, {:.0f} s so far)...\n", p.nRef, p.phaseIndex + 1,
                p.phaseCount, p.elapsedSeconds);
        } else if (newPhase) {
            fmt::print("{}...\n", p.phase);
        }
        std::fflush(stdout);
        return;
    }
    std::string line = fmt::format("epoch {:>3}/{}  train {:.4f}", p.epoch, p.epochs, p.trainLoss);
    if (std::isfinite(p.validationLoss)) line += fmt::format("  validation {:.4f}", p.validationLoss);
    if (std::isfinite(p.validationAccuracy))
        line += fmt::format(" ({:.1f} % liked vs disliked)", 100 * p.validationAccuracy);
    if (p.etaSeconds >= 0) line += fmt::format("  at most {:.0f} s left", p.etaSeconds);
    fmt::print("{}\n", line);
    std::fflush(stdout);
}

void addTrainCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        services::TrainOptions train;
        bool quiet = false;
    };
    auto options = std::make_shared<Options>();
    options->train.split.holdOut = false;
    CLI::App* cmd = app.add_subcommand("train",
        "Train the personal reward model on the workspace's answers (cached backbone vectors) and save a checkpoint");
    cmd->footer("By default nobody is held out: the model is for use. Validation people and images (--validation-"
                "fraction) decide early stopping and are not trained on. Use --hold-out to also keep test people and "
                "images out as `eval` does.\n"
        + std::string(kHeldOutHelp));
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    addTrainingOptions(*cmd, options->train);
    cmd->add_flag("--hold-out", options->train.split.holdOut, "Hold out test people and images as eval does");
    cmd->add_flag("--quiet", options->quiet, "Print only the result");
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        services::TrainOptions train = options->train;
        if (!options->quiet) train.onProgress = printTrainingProgress;
        const auto report = services::trainRewardModel(workspace, train);
        if (report.cancelled) throw CommandError("training was cancelled");
        fmt::print(
            "Trained on {} ratings and {} choices of {} people over {} images; best epoch {} of {}, {:.1f} s on {}\n",
            report.trainRatings, report.trainChoices, report.trainPeople, report.trainImages, report.bestEpoch,
            report.curve.size(), report.seconds, report.device);
        if (!report.heldOutPeople.empty()) {
            fmt::print("Held out: {} people, {} images\n", report.heldOutPeople.size(), report.heldOutImages);
        }
        fmt::print("Checkpoint {} (record {})\n", report.checkpoint.string(), report.checkpointId);
    });
}

}  // namespace tastelab::cli

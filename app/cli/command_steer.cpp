// `tastelab-cli steer WORKSPACE --person P --prompt "..."`: the same prompt and seed rendered for one person, before
// and after optimizing the initial noise against their reward model (--method noise) or refining the prompt with a
// beam over modifier edits (--method prompt); writes the images and a JSON of the trajectory.
#include "app/cli/cli_commands.h"
#include "app/cli/option_checks.h"
#include "app/services/generator_catalog.h"
#include "app/services/prompt_refinement.h"
#include "app/services/steering.h"
#include "app/services/workspace.h"
#include "model/nn/runtime.h"
#include "storage/images.h"
#include "util/atomic_file.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <memory>

namespace tastelab::cli {

void printSteeringEvaluation(const services::SteeringEvalReport& r, int iterations)
{
    fmt::print(
        "Steering (noise optimization, {} iterations, contrast {:.2f}) for {} held-out raters x {} prompts, each "
        "represented from about {} of their answers, {:.0f} s on {}:\n",
        iterations, r.contrast, r.agents, r.prompts, r.references, r.seconds, r.device);
    fmt::print("  true rating raised above the unsteered image: {} of {} cases ({:.0f} %; target at least 80 %: {})\n",
        r.improved, r.cases, 100 * r.improvedShare(), r.improvedShare() >= 0.8 ? "met" : "NOT met");
    fmt::print("  cross-over, A's image pleases A more than B's (different taste groups): {} of {} pairs ({:.0f} %; "
               "target at least 75 %: {})\n",
        r.crossWins, r.crossPairs, 100 * r.crossShare(), r.crossShare() >= 0.75 ? "met" : "NOT met");
    fmt::print("  mean true slider value: {:.3f} unsteered, {:.3f} steered\n", r.meanTrueBefore, r.meanTrueAfter);
}

namespace {

// The kept candidates after each depth, best first, with what changed from the original prompt.
void printBeams(const services::PromptRefineReport& report)
{
    fmt::print("{:>5}  {:>4}  {:>9}  {:>9}  {:>6}  {}\n", "depth", "rank", "objective", "predicted", "image", "prompt");
    fmt::print("{:>5}  {:>4}  {:9.3f}  {:9.3f}  {:>6}  {}\n", 0, 1, report.original.objective,
        report.original.predicted, report.original.imageId, util::printableForTerminal(report.original.prompt));
    for (std::size_t d = 0; d < report.beams.size(); ++d) {
        for (std::size_t r = 0; r < report.beams[d].size(); ++r) {
            const auto& c = report.beams[d][r];
            std::vector<std::string> edits;
            for (const auto& edit : c.edits) edits.push_back(edit.describe());
            fmt::print("{:>5}  {:>4}  {:9.3f}  {:9.3f}  {:>6}  {}{}\n", d + 1, r + 1, c.objective, c.predicted,
                c.imageId, util::printableForTerminal(c.prompt),
                edits.empty() ? std::string()
                              : util::printableForTerminal(fmt::format("  ({})", fmt::join(edits, ", "))));
        }
    }
}

}  // namespace

void addSteerCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        services::SteerOptions steer;
        std::vector<std::uint64_t> seeds{0};
        std::string method = "noise";
        services::PromptRefineOptions refine;
        std::string out;
        bool demoEval = false;
        double contrast = services::SteeringEvalOptions().contrast;
        services::SteeringEvalOptions eval;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("steer", "Steer an image toward one person's taste (noise optimization, ReNO)");
    cmd->footer(
        "Optimizes the generator's initial noise (procedural, or SD-Turbo or FLUX.1-schnell with --generator "
        "sd-turbo|flux-schnell --model DIR) "
        "against the person's reward model (the workspace's "
        "newest for the backbone; train one first): SGD with Nesterov momentum 0.9, gradient-norm clip 0.1 per "
        "image, a chi-norm regularizer on the noise, and the best-scoring iterate kept. Writes "
        "SEED-baseline.png, SEED-steered.png and steer.json (runs, scores, reward per iteration) to --out, adds "
        "both images to the library and stores each run. --method prompt instead edits the prompt: candidates one "
        "modifier away (add, remove or swap a word of art style, color, detail, medium, saturation, lighting, "
        "composition, viewpoint), each rendered with the same seed and scored by the person's model, a beam keeping "
        "the best (--beam, --depth, --candidates); writes original.png, best.png, candidate-N.png (N as in "
        "refine.json's \"evaluated\") and refine.json, adds every candidate to the library and stores the run.");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--person", options->steer.person, "Pseudonym of the person (required unless --demo-eval)");
    cmd->add_option("--prompt", options->steer.prompt, "The prompt (required unless --demo-eval)");
    cmd->add_flag("--demo-eval", options->demoEval,
        "In a demo workspace: steer for every held-out simulated rater and report how often their true rating rose, "
        "and the cross-over between taste groups");
    cmd->add_option("--demo-prompts", options->eval.prompts, "With --demo-eval: how many prompts")
        ->capture_default_str()
        ->transform(integerIn(1, 1000));
    cmd->add_option("--contrast", options->contrast,
           "Steer toward the person's predicted score minus this times the population model's (what sets them apart)")
        ->capture_default_str()
        ->check(numberIn(0, 10));
    cmd->add_option("--seed", options->seeds, "Seed(s); several are optimized together")
        ->capture_default_str()
        ->transform(seedValue());
    cmd->add_option("--method", options->method, "noise (optimize the initial noise) or prompt (refine the prompt)")
        ->check(CLI::IsMember({"noise", "prompt"}))
        ->capture_default_str();
    cmd->add_option("--iterations", options->steer.noise.iterations, "Optimizer iterations")
        ->transform(integerIn(0, 1000))
        ->capture_default_str();
    cmd->add_option("--lr", options->steer.noise.learningRate, "Learning rate")
        ->capture_default_str()
        ->check(numberIn(0, 100, true));
    cmd->add_option("--reg", options->steer.noise.regularizerWeight, "Weight of the noise-norm regularizer")
        ->capture_default_str()
        ->check(numberIn(0, 1000));
    cmd->add_option("--patience", options->steer.noise.patience,
           "Stop when the reward has not risen for this many iterations (0: never)")
        ->capture_default_str()
        ->transform(integerIn(0, 1000));
    cmd->add_option("--size", options->steer.size, "Image size in pixels")
        ->transform(integerIn(32, 1024))
        ->capture_default_str();
    cmd->add_option("--backbone", options->steer.backbone, "Backbone of the reward model")->capture_default_str();
    cmd->add_option("--device", options->steer.device,
           "auto, cpu or cuda:N: where the generator (SD-Turbo, FLUX), the backbone and the reward model run")
        ->capture_default_str();
    cmd->add_option("--align", options->steer.promptAlignment,
           "Weight of the prompt-alignment term (cosine between image and prompt; needs a CLIP or SigLIP backbone)")
        ->check(numberIn(0.0, 100.0))
        ->capture_default_str();
    cmd->add_option("--generator", options->steer.generator,
           services::knownGeneratorsText()
               + " (with --model: a diffusers folder of stabilityai/sd-turbo or "
                 "black-forest-labs/FLUX.1-schnell, or the Hugging Face cache's folder of one)")
        ->check(CLI::IsMember(services::generatorIds()))
        ->capture_default_str();
    cmd->add_option("--model", options->steer.modelFolder,
        "SD-Turbo or FLUX.1-schnell model folder (with --generator sd-turbo or flux-schnell)");
    cmd->add_option("--steps", options->steer.steps,
           "Sampling steps of the baseline and steered images (" + services::stepRulesText()
               + "; FLUX is optimised through one-step renders)")
        ->transform(integerIn(1, services::mostStepsOfAnyGenerator()));
    cmd->add_flag("--checkpointing", options->steer.gradientCheckpointing,
        "SD-Turbo and FLUX: recompute activations in the backward pass to save memory");
    cmd->add_option("--beam", options->refine.beamWidth, "--method prompt: candidates kept at each depth")
        ->transform(integerIn(1, 16))
        ->capture_default_str();
    cmd->add_option("--depth", options->refine.depth, "--method prompt: edits in a row")
        ->transform(integerIn(0, 6))
        ->capture_default_str();
    cmd->add_option(
           "--candidates", options->refine.maxCandidatesPerParent, "--method prompt: edits tried per kept candidate")
        ->transform(integerIn(1, 200))
        ->capture_default_str();
    cmd->add_option("--out", options->out, "Folder for the images and steer.json (default: <workspace>/exports/steer)");
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        if (!options->out.empty()) workspace.refuseOwnPath(options->out, "--out", true);
        if (options->demoEval) {
            services::SteeringEvalOptions eval = options->eval;
            eval.noise = options->steer.noise;
            eval.contrast = options->contrast;
            eval.device = options->steer.device;
            eval.onProgress = [](int done, int total) { fmt::print(stderr, "rater {}/{}\n", done, total); };
            printSteeringEvaluation(services::evaluateSteeringOnDemo(workspace, eval), eval.noise.iterations);
            return;
        }
        if (options->steer.person.empty() || options->steer.prompt.empty()) {
            throw CLI::ValidationError("--person and --prompt are required (or --demo-eval)");
        }
        if (options->method == "prompt") {
            if (options->seeds.size() != 1) throw CLI::ValidationError("--method prompt takes one --seed");
            services::PromptRefineOptions refine = options->refine;
            refine.person = options->steer.person;
            refine.prompt = options->steer.prompt;
            refine.seed = options->seeds.front();
            refine.generator = options->steer.generator;
            refine.modelFolder = options->steer.modelFolder;
            refine.steps = options->steer.steps;
            refine.size = options->steer.size;
            refine.backbone = options->steer.backbone;
            refine.device = options->steer.device;
            refine.contrast = options->contrast;
            refine.onProgress = [](int done, int total, double best) {
                fmt::print(stderr, "candidates {}/{}: best objective {:.3f}\n", done, total, best);
            };
            const auto report = services::refinePrompt(workspace, refine);
            const std::filesystem::path out =
                options->out.empty() ? workspace.exportsDir() / "steer" : std::filesystem::path(options->out);
            std::filesystem::create_directories(out);
            storage::ImageStore images(workspace.database());
            auto copy = [&](std::int64_t imageId, const std::filesystem::path& target) {
                const auto record = images.findById(imageId);
                const auto source = workspace.libraryDir() / record->libraryPath.value_or("");
                std::filesystem::copy_file(source, target, std::filesystem::copy_options::overwrite_existing);
            };
            copy(report.original.imageId, out / "original.png");
            copy(report.best.imageId, out / "best.png");
            for (std::size_t i = 0; i < report.evaluated.size(); ++i)
                copy(report.evaluated[i].imageId, out / fmt::format("candidate-{}.png", i));
            util::writeFileAtomically(out / "refine.json", services::promptRefineReportJson(report) + "\n");
            printBeams(report);
            fmt::print("{}{} candidates scored in {:.1f} s on {} (run {}); best: {} (predicted {:.3f}, was {:.3f}); "
                       "images and refine.json in {}\n",
                report.cancelled ? "Cancelled: " : "", report.evaluated.size(), report.seconds, report.device,
                report.runId, util::printableForTerminal(report.best.prompt), report.best.predicted,
                report.original.predicted, util::printableForTerminal(out.string()));
            return;
        }
        services::SteerOptions steer = options->steer;
        steer.contrast = options->contrast;
        steer.seeds = options->seeds;
        steer.onProgress = [](int iteration, int total, double best) {
            if (iteration % 10 == 0 || iteration == total) {
                fmt::print(stderr, "iteration {}/{}: best predicted {:.3f}\n", iteration, total, best);
            }
        };
        // Where the models run, for the peak GPU memory line (the same setting the service resolves).
        const c10::Device device = model::resolveDevice(steer.device);
        model::resetPeakDeviceMemory(device);
        const auto report = services::steerNoise(workspace, steer);
        const std::filesystem::path out =
            options->out.empty() ? workspace.exportsDir() / "steer" : std::filesystem::path(options->out);
        std::filesystem::create_directories(out);
        storage::ImageStore images(workspace.database());
        auto copy = [&](std::int64_t imageId, const std::filesystem::path& target) {
            const auto record = images.findById(imageId);
            const auto source = workspace.libraryDir() / record->libraryPath.value_or("");
            std::filesystem::copy_file(source, target, std::filesystem::copy_options::overwrite_existing);
        };
        fmt::print("{:>6}  {:>8}  {:>8}  {:>5}  {}\n", "seed", "before", "after", "best", "run");
        for (const auto& seed : report.seeds) {
            copy(seed.baselineImageId, out / fmt::format("{}-baseline.png", seed.seed));
            copy(seed.steeredImageId, out / fmt::format("{}-steered.png", seed.seed));
            fmt::print("{:>6}  {:8.3f}  {:8.3f}  {:>5}  {}\n", seed.seed, seed.baselineScore, seed.steeredScore,
                seed.bestIteration, seed.runId);
        }
        util::writeFileAtomically(out / "steer.json", services::steerReportJson(report) + "\n");
        fmt::print("{} iterations in {:.1f} s on {}; images and steer.json in {}\n", report.iterations, report.seconds,
            report.device, util::printableForTerminal(out.string()));
        if (device.is_cuda()) {
            fmt::print("peak GPU memory {:.0f} MiB\n",
                static_cast<double>(model::peakDeviceMemoryBytes(device)) / (1024.0 * 1024.0));
        }
    });
}

}  // namespace tastelab::cli

// `tastelab-cli generate WORKSPACE --prompt "..."`: images from the procedural generator or SD-Turbo straight into the
// workspace's library, ready to rate, each PNG carrying its settings; --from-png restores the settings of such a PNG.
#include "app/cli/cli_commands.h"
#include "app/cli/option_checks.h"
#include "app/services/generation.h"
#include "app/services/generator_catalog.h"
#include "app/services/model_locator.h"
#include "app/services/workspace.h"
#include "model/nn/runtime.h"
#include "storage/people.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace tastelab::cli {
namespace {

std::atomic<bool> interrupted{false};

void onInterrupt(int)
{
    interrupted = true;
}

// Ctrl+C stops after the UNet step under way; the images made so far stay in the library.
class InterruptGuard {
public:
    InterruptGuard()
    {
        interrupted = false;
        previous_ = std::signal(SIGINT, &onInterrupt);
    }
    ~InterruptGuard() { std::signal(SIGINT, previous_); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    void (*previous_)(int) = SIG_DFL;
};

}  // namespace

void addGenerateCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        services::GenerationSettings settings;
        std::string generator;
        std::string model;
        std::string modelsFolder;
        std::string out;
        std::string fromPng;
        std::string person;
        int bestOf = 0;
        int keep = 1;
        bool noExplore = false;
        std::string backbone = "look";
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("generate", "Generate images into the library, ready to rate");
    cmd->footer(
        "Each image i of a batch uses seed + i and goes into the library at once (origin 'generated'); its PNG "
        "carries the prompt, seed, model and settings in text chunks ('parameters', as AUTOMATIC1111 writes them, "
        "and 'tastelab', JSON), which --from-png reads back (options given as well override them).\n\n"
        "SD-Turbo (stabilityai/sd-turbo in the diffusers layout) is looked for in the models folder "
        "(--models-folder, searched three levels down for a folder whose name contains 'sd-turbo') and in the "
        "Hugging Face cache ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub; for example after "
        "'huggingface-cli download stabilityai/sd-turbo'), or given with --model. Without --generator, SD-Turbo is "
        "used when one is found and the procedural generator otherwise. 'tastelab-cli models' lists what is found. "
        "Ctrl+C stops after the current step and keeps the images made so far.");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--prompt", options->settings.prompt, "What to draw (required unless --from-png)");
    cmd->add_option(
        "--negative", options->settings.negativePrompt, "Negative prompt (SD-Turbo, used with --guidance above 1)");
    cmd->add_option("--generator", options->generator,
           services::knownGeneratorsText() + " (default: SD-Turbo when found; flux-schnell needs --model)")
        ->check(CLI::IsMember(services::generatorIds()));
    cmd->add_option("--model", options->model,
        "The SD-Turbo or FLUX.1-schnell folder (a diffusers folder or a Hugging Face snapshot; the pipeline class in "
        "its model_index.json says which)");
    cmd->add_option("--models-folder", options->modelsFolder, "A folder of models searched for SD-Turbo");
    cmd->add_option("--seed", options->settings.seed, "Seed of the first image; image i uses seed + i")
        ->capture_default_str()
        ->transform(seedValue());
    cmd->add_option("--steps", options->settings.steps, "Denoising steps: " + services::stepRulesText())
        ->transform(integerIn(1, services::GenerationSettings::kMaxSteps))
        ->capture_default_str();
    cmd->add_option("--size", options->settings.size, "Image size: " + services::sizeRulesText())
        ->capture_default_str()
        ->transform(integerIn(1, 1 << 16));
    cmd->add_option("--batch", options->settings.batch, "How many images")
        ->transform(integerIn(1, services::GenerationSettings::kMaxBatch))
        ->capture_default_str();
    cmd->add_option("--guidance", options->settings.guidanceScale,
           "SD-Turbo classifier-free guidance scale (0: none, as SD-Turbo is meant to run; above 1 uses --negative)")
        ->capture_default_str()
        ->check(numberIn(0, 30));
    cmd->add_option("--device", options->settings.device, "auto, cpu or cuda:N")->capture_default_str();
    cmd->add_option("--out", options->out, "Also copy the PNGs to this folder (as ID-SEED.png)");
    cmd->add_option(
        "--from-png", options->fromPng, "Restore the settings from a PNG that TasteLab (or AUTOMATIC1111) wrote");
    cmd->add_option("--person", options->person, "Best-of-N: the person whose taste ranks the candidates");
    cmd->add_option("--best-of", options->bestOf,
           "Best-of-N: render N candidates (instead of --batch), rank them with the person's taste model and store "
           "only the --keep best plus the most uncertain one")
        ->transform(integerIn(2, services::GenerationSettings::kMaxBatch));
    cmd->add_option("--keep", options->keep, "Best-of-N: how many of the best-predicted candidates to keep")
        ->capture_default_str()
        ->transform(integerIn(1, services::GenerationSettings::kMaxBatch));
    cmd->add_flag("--no-explore", options->noExplore, "Best-of-N: keep no exploratory (most uncertain) candidate");
    cmd->add_option("--backbone", options->backbone, "Best-of-N: the taste model's image features")
        ->capture_default_str();
    cmd->callback([options, cmd] {
        if (options->bestOf > 0 && options->person.empty()) {
            throw CLI::ValidationError("--best-of needs --person (whose taste ranks the candidates)");
        }
        if (options->bestOf == 0 && (!options->person.empty() || cmd->count("--keep") || options->noExplore)) {
            throw CLI::ValidationError("--person, --keep and --no-explore go with --best-of N");
        }
        if (options->bestOf > 0 && options->keep >= options->bestOf) {
            throw CLI::ValidationError(
                fmt::format("--keep {} must be below --best-of {}: keeping every candidate ranks nothing away",
                    options->keep, options->bestOf));
        }
        services::GenerationSettings settings = options->settings;
        bool generatorFromPng = false;
        if (!options->fromPng.empty()) {
            const auto restored = services::settingsFromPng(options->fromPng);
            if (!restored) {
                throw CommandError(fmt::format("'{}' carries no generation settings", options->fromPng));
            }
            const services::GenerationSettings& given = options->settings;
            settings = *restored;
            fmt::print(stderr, "settings from {}: seed {}, {} step(s), {} px, generator {}, prompt \"{}\"\n",
                util::printableForTerminal(options->fromPng), settings.seed, settings.steps, settings.size,
                util::printableForTerminal(settings.generator), util::printableForTerminal(settings.prompt));
            settings.device = given.device;
            // Options given on the command line win over the PNG's.
            if (cmd->count("--prompt")) settings.prompt = given.prompt;
            if (cmd->count("--negative")) settings.negativePrompt = given.negativePrompt;
            if (cmd->count("--seed")) settings.seed = given.seed;
            if (cmd->count("--steps")) settings.steps = given.steps;
            if (cmd->count("--size")) settings.size = given.size;
            if (cmd->count("--batch")) settings.batch = given.batch;
            if (cmd->count("--guidance")) settings.guidanceScale = given.guidanceScale;
            generatorFromPng = true;
        } else if (settings.prompt.empty()) {
            throw CLI::ValidationError("--prompt is required (or --from-png)");
        }

        if (!options->generator.empty()) {
            settings.generator = options->generator;
        } else if (!options->model.empty()) {
            settings.generator = services::generatorOfFolder(options->model);
        }
        const bool chosen = !options->generator.empty() || !options->model.empty() || generatorFromPng;
        const auto hub = services::huggingFaceHubCache();
        // The missing SD-Turbo's entry says where TasteLab looked and how to add one.
        auto missingNote = [&](const std::vector<services::GeneratorInfo>& generators) {
            for (const auto& g : generators) {
                if (g.id == services::kSdTurboGenerator && !g.available) return g.note;
            }
            return std::string("no SD-Turbo model was found");
        };
        // A diffusion generator asked for by name (FLUX.1-schnell): its folder from --model, or the first found.
        // SD-Turbo, the default one, is handled below: without it the procedural generator is used.
        const services::GeneratorFacts* asked = services::findGeneratorFacts(settings.generator);
        if (asked && asked->needsModelFolder && settings.generator != services::kSdTurboGenerator) {
            if (!options->model.empty()) {
                settings.modelFolder = options->model;
            } else {
                const auto generators = services::listGenerators(options->modelsFolder, hub);
                const auto found = std::find_if(generators.begin(), generators.end(),
                    [&](const services::GeneratorInfo& g) { return g.id == settings.generator && g.available; });
                if (found == generators.end()) {
                    throw CommandError(fmt::format("No {} model was found in the models folder ({}) or the "
                                                   "Hugging Face cache ({}): give its diffusers folder with --model",
                        asked->label, options->modelsFolder.empty() ? std::string("none set") : options->modelsFolder,
                        hub.string()));
                }
                settings.modelFolder = found->folder;
                fmt::print(stderr, "{}: {}\n", asked->label, found->folder.string());
            }
        } else if (settings.generator == services::kSdTurboGenerator || !chosen) {
            if (!options->model.empty()) {
                settings.modelFolder = options->model;
            } else {
                const auto generators = services::listGenerators(options->modelsFolder, hub);
                const auto found = services::findSdTurbo(options->modelsFolder, hub);
                if (found) {
                    settings.generator = services::kSdTurboGenerator;
                    settings.modelFolder = found->folder;
                    fmt::print(stderr, "SD-Turbo: {}\n", found->folder.string());
                } else if (chosen) {
                    throw CommandError(missingNote(generators));
                } else {
                    settings.generator = services::kProceduralGenerator;
                    fmt::print(stderr, "{}\n", missingNote(generators));
                }
            }
        }
        if (settings.generator == services::kProceduralGenerator) settings.modelFolder.clear();
        if (options->bestOf > 0) settings.batch = options->bestOf;
        // Without --steps (or a PNG's), the generator's own default: FLUX.1-schnell is made for four.
        if (const auto* facts = services::findGeneratorFacts(settings.generator);
            facts && !generatorFromPng && !cmd->count("--steps")) {
            settings.steps = facts->defaultSteps;
        }
        try {
            services::validate(settings);
        } catch (const std::invalid_argument& e) {
            throw CommandError(e.what());
        }

        auto workspace = services::Workspace::open(options->root);
        const std::filesystem::path out = options->out;
        if (!out.empty()) workspace.refuseOwnPath(out, "--out", true);
        if (!out.empty()) std::filesystem::create_directories(out);
        // Where the diffusion model runs, for the peak GPU memory line (the built-in generator stays on the CPU).
        const services::GeneratorFacts* used = services::findGeneratorFacts(settings.generator);
        const c10::Device device =
            used && used->needsModelFolder ? model::resolveDevice(settings.device) : c10::Device(c10::DeviceType::CPU);
        model::resetPeakDeviceMemory(device);
        InterruptGuard guard;
        int lastImage = 0;
        const auto progress = [&](const services::GenerationProgress& p) {
            if (p.storedImageId != 0) return;
            if (p.step == 0 && p.image != lastImage) {
                lastImage = p.image;
                fmt::print(stderr, "image {}/{} ({:.1f} s)\n", p.image, p.images, p.seconds);
            } else if (p.step > 0) {
                fmt::print(stderr, "  step {}/{} ({:.1f} s)\n", p.step, p.steps, p.seconds);
            }
        };
        services::GenerationResult result;
        if (options->bestOf > 0) {
            const auto person = storage::PeopleStore(workspace.database()).findByPseudonym(options->person);
            if (!person) throw CommandError(fmt::format("no person '{}' in this workspace", options->person));
            services::BestOfNSettings bestOf;
            bestOf.personId = person->id;
            bestOf.keep = options->keep;
            bestOf.explore = !options->noExplore;
            bestOf.backbone = options->backbone;
            result = services::generateBestOfN(workspace, settings, bestOf, progress, &interrupted);
            if (!result.candidateScores.empty()) {
                std::vector<double> sorted = result.candidateScores;
                std::sort(sorted.begin(), sorted.end());
                double mean = 0;
                for (double v : sorted) mean += v / double(sorted.size());
                fmt::print("{} candidates for {}: predicted {:.3f} to {:.3f} (mean {:.3f}); kept {}\n", sorted.size(),
                    util::printableForTerminal(options->person), sorted.front(), sorted.back(), mean,
                    result.images.size());
            }
            fmt::print("{:>8}  {:>20}  {:>9}  {:>11}  {:>11}  {}\n", "image", "seed", "predicted", "uncertainty",
                "pick", "file");
            for (const auto& image : result.images) {
                fmt::print("{:>8}  {:>20}  {:>9.3f}  {:>11.3f}  {:>11}  {}\n", image.imageId, image.seed,
                    image.predictedScore.value_or(0.0), image.uncertainty, image.exploratory ? "exploratory" : "best",
                    util::printableForTerminal(image.file.string()));
            }
        } else {
            result = services::generateImages(workspace, settings, progress, &interrupted);
        }
        fmt::print("{:>8}  {:>20}  {:>7}  {}\n", "image", "seed", "seconds", "file");
        double seconds = 0;
        for (const auto& image : result.images) {
            std::filesystem::path file = image.file;
            if (!out.empty()) {
                file = out / fmt::format("{}-{}.png", image.imageId, image.seed);
                std::filesystem::copy_file(image.file, file, std::filesystem::copy_options::overwrite_existing);
            }
            fmt::print("{:>8}  {:>20}  {:>7.2f}  {}\n", image.imageId, image.seed, image.seconds,
                util::printableForTerminal(file.string()));
            seconds += image.seconds;
        }
        fmt::print("{} image(s) with {}{} in {:.1f} s, in the library of {}\n", result.images.size(),
            result.generatorId, result.modelId.empty() ? std::string() : " (" + result.modelId + ")", seconds,
            workspace.root().string());
        if (!result.images.empty()) {
            // The first image also pays for warm-up (kernel selection, caches); the fastest is the steady cost.
            double fastest = result.images.front().seconds;
            for (const auto& image : result.images) fastest = std::min(fastest, image.seconds);
            fmt::print("per image {:.0f} ms (fastest of {}), {:.0f} ms on average, on {}\n", fastest * 1000.0,
                result.images.size(), seconds * 1000.0 / static_cast<double>(result.images.size()),
                model::deviceDescription(device));
        }
        if (device.is_cuda()) {
            fmt::print("peak GPU memory {:.0f} MiB\n",
                static_cast<double>(model::peakDeviceMemoryBytes(device)) / (1024.0 * 1024.0));
        }
        if (result.cancelled) {
            throw CommandError(
                fmt::format("interrupted after {} of {} image(s)", result.images.size(), settings.batch));
        }
    });
}

}  // namespace tastelab::cli

// Noise-optimization steering through the procedural generator or SD-Turbo, stored as runs.
#include "app/services/steering.h"
#include "app/services/out_of_memory.h"

#include "app/services/demo.h"
#include "app/services/generation.h"
#include "app/services/image_library.h"
#include "app/services/reward/scorer.h"
#include "app/services/text_to_image.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "model/nn/cancelled.h"
#include "model/nn/runtime.h"
#include "model/procedural/procedural_generator.h"
#include "model/procedural/procedural_lexicon.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "util/bounded_file.h"
#include "util/json.h"

#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace tastelab::services {

namespace {

using util::JsonValue;

std::string settingsJson(const SteerOptions& options, const std::string& checkpoint, const std::string& device)
{
    JsonValue settings = JsonValue::Object{};
    settings.set("method", JsonValue(std::string("noise")));
    settings.set("iterations", JsonValue(std::int64_t{options.noise.iterations}));
    settings.set("learningRate", JsonValue(options.noise.learningRate));
    settings.set("momentum", JsonValue(options.noise.momentum));
    settings.set("gradientClip", JsonValue(options.noise.gradientClip));
    settings.set("regularizerWeight", JsonValue(options.noise.regularizerWeight));
    settings.set("patience", JsonValue(std::int64_t{options.noise.patience}));
    settings.set("size", JsonValue(std::int64_t{options.size}));
    settings.set("backbone", JsonValue(options.backbone));
    settings.set("device", JsonValue(device));
    settings.set("generator", JsonValue(options.generator));
    if (const GeneratorFacts& facts = generatorFacts(options.generator); facts.needsModelFolder) {
        const int steps = facts.stepsOrDefault(options.steps);
        settings.set("model", JsonValue(options.modelFolder.string()));
        settings.set("steps", JsonValue(std::int64_t{steps}));
        settings.set("optimizationSteps", JsonValue(std::int64_t{facts.optimizationStepsFor(steps)}));
    }
    settings.set("contrast", JsonValue(options.contrast));
    settings.set("promptAlignment", JsonValue(options.promptAlignment));
    settings.set("checkpoint", JsonValue(checkpoint));
    return util::toJson(settings);
}

std::string trajectoryJson(const std::vector<double>& values)
{
    JsonValue::Array array;
    for (double v : values) array.emplace_back(v);
    return util::toJson(JsonValue(std::move(array)));
}

MemoryAdvice steeringAdvice(const SteerOptions& options, const std::string& device)
{
    MemoryAdvice advice;
    advice.device = device;
    advice.work = fmt::format(
        "steering {} at {}x{} with {} seed(s)", options.generator, options.size, options.size, options.seeds.size());
    if (generatorFacts(options.generator).needsModelFolder && !options.gradientCheckpointing)
        advice.remedies.push_back("--checkpointing (recompute activations in the backward pass)");
    if (options.size > 256) advice.remedies.push_back(fmt::format("a smaller --size ({} now)", options.size));
    if (options.seeds.size() > 1)
        advice.remedies.push_back(fmt::format("fewer seeds at once ({} now)", options.seeds.size()));
    if (device != "cpu") advice.remedies.push_back("--device cpu (much slower)");
    return advice;
}

// One failed run per seed, with the error in its settings, so that the run list says what happened. A second failure
// here (the disk, say) must not hide the first, so it is swallowed.
void recordFailedRuns(Workspace& workspace, const SteerOptions& options, std::int64_t personId,
    const SteerReport& report, const std::string& error) noexcept
{
    try {
        JsonValue settings = util::parseJson(settingsJson(options, report.checkpoint, report.device), "settings");
        settings.set("error", JsonValue(error));
        const std::string settingsText = util::toJson(settings);
        storage::RunStore runs(workspace.database());
        for (const std::uint64_t seed : options.seeds) {
            storage::SteeringRunRecord run;
            run.personId = personId;
            run.generator = report.generator;
            run.method = storage::SteeringMethod::Noise;
            run.prompt = options.prompt;
            run.seed = static_cast<std::int64_t>(seed);
            run.settings = settingsText;
            const std::int64_t id = runs.startSteeringRun(run);
            runs.finishSteeringRun(id, storage::RunStatus::Failed, "[]", std::nullopt);
        }
    } catch (...) {
    }
}
}  // namespace

SteerReport steerNoise(Workspace& workspace, const SteerOptions& options)
{
    if (options.prompt.empty()) throw std::invalid_argument("steering needs a prompt");
    if (const auto problem = promptProblem(options.prompt)) throw std::invalid_argument(*problem);
    if (options.seeds.empty()) throw std::invalid_argument("steering needs at least one seed");
    for (const std::uint64_t seed : options.seeds) {
        // The library and the runs store seeds as signed 64-bit numbers.
        if (seed > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            throw std::invalid_argument(fmt::format("seed {} is too large: seeds must stay below 2^63", seed));
        }
    }
    auto& db = workspace.database();
    const auto person = storage::PeopleStore(db).findByPseudonym(options.person);
    if (!person) throw std::invalid_argument(fmt::format("no person '{}' in this workspace", options.person));

    ScoreOptions scoreOptions;
    scoreOptions.backbone = options.backbone;
    scoreOptions.device = options.device;
    RewardScorer scorer(workspace, scoreOptions);
    scorer.refresh(person->id);

    // The generator as a differentiable function from the noise to pixels in [0, 1]: the optimisation renders with
    // optimizationSteps (one for FLUX), the baseline and the winner with all the steps asked for.
    TextToImageOptions generatorOptions;
    generatorOptions.size = options.size;
    generatorOptions.gradientCheckpointing = options.gradientCheckpointing;
    if (generatorFacts(options.generator).needsModelFolder)
        generatorOptions.device = model::resolveDevice(options.device);
    SteerReport report;
    report.person = options.person;
    report.prompt = options.prompt;
    report.generator = options.generator;
    report.checkpoint = scorer.checkpoint().string();
    report.device = scorer.device();
    // Anything that fails from loading the generator on (the GPU running out of memory above all) leaves a failed run
    // per seed with the error, and out of memory is told as what to change.
    const auto failed = [&](const std::exception& error) {
        recordFailedRuns(workspace, options, person->id, report, error.what());
        if (isOutOfMemory(error)) throw OutOfMemory(steeringAdvice(options, report.device));
    };
    std::unique_ptr<TextToImage> generator;
    at::Tensor noise;
    try {
        generator = TextToImage::open(options.generator, options.modelFolder, generatorOptions);
        noise = generator->noise(options.seeds, options.size);
    } catch (const std::exception& error) {
        failed(error);
        throw;
    }
    const std::string generatorId = generator->generatorId();
    const std::string modelId = generator->modelId();
    const int finalSteps = generator->facts().stepsOrDefault(options.steps);
    const int optimizationSteps = generator->facts().optimizationStepsFor(finalSteps);
    auto render = [&](const at::Tensor& z, int steps) {
        TextToImage::RenderOptions renderOptions;
        renderOptions.steps = steps;
        return generator->render(z, {options.prompt}, renderOptions);
    };
    if (options.promptAlignment > 0 && !scorer.hasSharedTextSpace()) {
        throw std::invalid_argument(
            fmt::format("the prompt-alignment term needs a CLIP or SigLIP backbone, not '{}'", options.backbone));
    }
    const model::NoiseObjective objective = [&](const at::Tensor& z) {
        const auto images = render(z, optimizationSteps);
        at::Tensor reward = scorer.scorePixels(person->id, images,
            std::vector<std::string>(static_cast<std::size_t>(images.size(0)), options.prompt), options.contrast);
        if (options.promptAlignment > 0)
            reward = reward + options.promptAlignment * scorer.promptAlignment(images, options.prompt);
        return reward;
    };

    report.generator = generatorId;
    try {
        const auto started = std::chrono::steady_clock::now();
        double best = -1;
        const auto result =
            model::optimizeNoise(noise, objective, options.noise, options.cancel, [&](const model::NoiseStep& step) {
                for (double r : step.rewards) best = std::max(best, r);
                if (options.onProgress) options.onProgress(step.iteration, options.noise.iterations, best);
            });
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        report.iterations = result.iterations;
        report.cancelled = result.cancelled;

        // Both images of each seed go into the library (ready to rate) and the run is stored.
        const auto checkpointRecord = storage::CheckpointStore(db).latest(scorer.backboneKey());
        const std::string settings = settingsJson(options, report.checkpoint, report.device);
        at::NoGradGuard noGrad;
        const auto baseline = render(noise, finalSteps);
        const auto steered = render(result.bestNoise, finalSteps);
        // The person's own predicted slider values (without the contrast, which only shapes the objective).
        const std::vector<std::string> seedPrompts(options.seeds.size(), options.prompt);
        const at::Tensor baselineScores = scorer.scorePixels(person->id, baseline, seedPrompts).cpu();
        const at::Tensor steeredScores = scorer.scorePixels(person->id, steered, seedPrompts).cpu();
        storage::RunStore runs(db);
        for (std::size_t i = 0; i < options.seeds.size(); ++i) {
            SteeredSeed seed;
            seed.seed = options.seeds[i];
            seed.bestIteration = result.bestIteration[i];
            seed.baselineScore = baselineScores[static_cast<std::int64_t>(i)].item<double>();
            seed.steeredScore = steeredScores[static_cast<std::int64_t>(i)].item<double>();
            for (const auto& step : result.trajectory) seed.trajectory.push_back(step.rewards[i]);

            GeneratedImage info;
            info.generator = report.generator;
            info.model = modelId;
            info.prompt = options.prompt;
            info.seed = static_cast<std::int64_t>(seed.seed);
            info.parameters = fmt::format(R"({{"size": {}, "steered": false}})", options.size);
            seed.baselineImageId =
                addGeneratedImage(workspace, model::tensorToImage(baseline[static_cast<std::int64_t>(i)]), info);
            info.parameters =
                fmt::format(R"({{"size": {}, "steered": true, "person": {}, "method": "noise", "iterations": {}}})",
                    options.size, util::jsonQuote(options.person), result.iterations);
            seed.steeredImageId =
                addGeneratedImage(workspace, model::tensorToImage(steered[static_cast<std::int64_t>(i)]), info);

            storage::SteeringRunRecord run;
            run.personId = person->id;
            run.generator = report.generator;
            run.method = storage::SteeringMethod::Noise;
            run.prompt = options.prompt;
            run.seed = static_cast<std::int64_t>(seed.seed);
            if (checkpointRecord) run.checkpointId = checkpointRecord->id;
            run.settings = settings;
            run.baselineImageId = seed.baselineImageId;
            seed.runId = runs.startSteeringRun(run);
            runs.finishSteeringRun(seed.runId,
                result.cancelled ? storage::RunStatus::Cancelled : storage::RunStatus::Finished,
                trajectoryJson(seed.trajectory), seed.steeredImageId);
            report.seeds.push_back(std::move(seed));
        }
    } catch (const std::exception& error) {
        failed(error);
        throw;
    }
    return report;
}

SteeringEvalReport evaluateSteeringOnDemo(Workspace& workspace, const SteeringEvalOptions& options)
{
    const auto file = workspace.root() / "simulation" / "agents.json";
    std::error_code missing;
    if (!std::filesystem::exists(file, missing))
        throw std::runtime_error(
            fmt::format("'{}' is missing: steering is evaluated on the demo workspace", file.string()));
    const JsonValue doc =
        util::parseJson(util::readFileBounded(file, util::kMaxConfigFileBytes, "simulation answer key"), file.string());
    struct Agent {
        std::string pseudonym;
        std::int64_t personId = 0;
        int group = 0;
        double bias = 0;
        std::vector<double> weights;  // in visualAttributeNames() order
        std::vector<double> before, after;  // true utility per prompt
        std::vector<at::Tensor> steeredAttributes;  // per prompt
    };
    const auto names = model::visualAttributeNames();
    storage::PeopleStore people(workspace.database());
    std::vector<Agent> agents;
    for (const auto& a : doc.find("agents")->asArray()) {
        if (!a.find("held_out")->asBool()) continue;
        Agent agent;
        agent.pseudonym = a.find("pseudonym")->asString();
        agent.group = static_cast<int>(a.find("group")->asInt());
        agent.bias = a.find("bias")->asDouble();
        for (auto name : names) agent.weights.push_back(a.find("weights")->find(std::string(name))->asDouble());
        const auto person = people.findByPseudonym(agent.pseudonym);
        if (!person) continue;
        agent.personId = person->id;
        agents.push_back(std::move(agent));
        if (options.agents > 0 && static_cast<int>(agents.size()) >= options.agents) break;
    }
    if (agents.empty()) throw std::runtime_error("the demo workspace has no held-out raters to steer for");

    std::vector<std::string> prompts;
    for (const auto& image : storage::ImageStore(workspace.database()).list()) {
        const std::string prompt = image.prompt.value_or(std::string());
        if (!prompt.empty() && std::find(prompts.begin(), prompts.end(), prompt) == prompts.end())
            prompts.push_back(prompt);
        if (static_cast<int>(prompts.size()) >= options.prompts) break;
    }
    if (prompts.empty()) throw std::runtime_error("the demo workspace has no prompts");

    ScoreOptions scoreOptions;
    scoreOptions.backbone = options.backbone;
    scoreOptions.device = options.device;
    RewardScorer scorer(workspace, scoreOptions);
    model::ProceduralConfig config;
    config.size = options.size;
    config.version = demoWorldVersion(workspace);  // the world the workspace's raters judged
    const model::ProceduralGenerator generator(config);
    std::vector<std::uint64_t> seeds;
    for (std::size_t p = 0; p < prompts.size(); ++p) seeds.push_back(options.seed + p);
    const at::Tensor noise = generator.noiseForSeeds(seeds);
    auto utility = [&](const Agent& agent, const at::Tensor& attributes) {
        const at::Tensor a = attributes.to(at::kDouble).contiguous();
        double u = agent.bias;
        for (std::size_t k = 0; k < agent.weights.size(); ++k)
            u += agent.weights[k] * (a[static_cast<std::int64_t>(k)].item<double>() - 0.5);
        return u;
    };
    const at::Tensor baseline = [&] {
        at::NoGradGuard noGrad;
        return generator.render(noise, prompts, options.size).attributes;
    }();

    SteeringEvalReport report;
    report.agents = static_cast<int>(agents.size());
    report.prompts = static_cast<int>(prompts.size());
    report.contrast = options.contrast;
    report.device = scorer.device();
    const auto started = std::chrono::steady_clock::now();
    storage::AnswerStore answers(workspace.database());
    double references = 0;
    for (std::size_t i = 0; i < agents.size(); ++i) {
        if (options.cancel && options.cancel->load()) throw model::Cancelled("the steering evaluation was cancelled");
        Agent& agent = agents[i];
        for (const auto& rating : answers.ratingsOf(agent.personId)) references += !rating.isRepeat && !rating.isCatch;
        scorer.refitFromAnswers(agent.personId);
        const model::NoiseObjective objective = [&](const at::Tensor& z) {
            return scorer.scorePixels(
                agent.personId, generator.render(z, prompts, options.size).images, prompts, options.contrast);
        };
        const auto result = model::optimizeNoise(noise, objective, options.noise, options.cancel);
        at::NoGradGuard noGrad;
        const at::Tensor steered = generator.render(result.bestNoise, prompts, options.size).attributes;
        for (std::size_t p = 0; p < prompts.size(); ++p) {
            const auto row = static_cast<std::int64_t>(p);
            agent.before.push_back(utility(agent, baseline[row]));
            agent.after.push_back(utility(agent, steered[row]));
            agent.steeredAttributes.push_back(steered[row].clone());
            ++report.cases;
            report.improved += agent.after.back() > agent.before.back();
            report.meanTrueBefore += 1.0 / (1.0 + std::exp(-agent.before.back()));
            report.meanTrueAfter += 1.0 / (1.0 + std::exp(-agent.after.back()));
        }
        if (options.onProgress) options.onProgress(static_cast<int>(i) + 1, static_cast<int>(agents.size()));
    }
    report.meanTrueBefore /= report.cases;
    report.meanTrueAfter /= report.cases;
    report.references = static_cast<int>(std::lround(references / static_cast<double>(agents.size())));
    for (const Agent& a : agents) {
        for (const Agent& b : agents) {
            if (a.group == b.group) continue;
            for (std::size_t p = 0; p < prompts.size(); ++p) {
                ++report.crossPairs;
                report.crossWins += utility(a, a.steeredAttributes[p]) > utility(a, b.steeredAttributes[p]);
            }
        }
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::string steerReportJson(const SteerReport& report)
{
    JsonValue root = JsonValue::Object{};
    root.set("person", JsonValue(report.person));
    root.set("prompt", JsonValue(report.prompt));
    root.set("generator", JsonValue(report.generator));
    root.set("method", JsonValue(std::string("noise")));
    root.set("checkpoint", JsonValue(report.checkpoint));
    root.set("device", JsonValue(report.device));
    root.set("iterations", JsonValue(std::int64_t{report.iterations}));
    root.set("seconds", JsonValue(report.seconds));
    root.set("cancelled", JsonValue(report.cancelled));
    JsonValue::Array seeds;
    for (const auto& s : report.seeds) {
        JsonValue seed = JsonValue::Object{};
        seed.set("seed", JsonValue(static_cast<std::int64_t>(s.seed)));
        seed.set("run_id", JsonValue(s.runId));
        seed.set("baseline_image_id", JsonValue(s.baselineImageId));
        seed.set("steered_image_id", JsonValue(s.steeredImageId));
        seed.set("baseline_score", JsonValue(s.baselineScore));
        seed.set("steered_score", JsonValue(s.steeredScore));
        seed.set("best_iteration", JsonValue(std::int64_t{s.bestIteration}));
        JsonValue::Array trajectory;
        for (double v : s.trajectory) trajectory.emplace_back(v);
        seed.set("trajectory", JsonValue(std::move(trajectory)));
        seeds.push_back(std::move(seed));
    }
    root.set("seeds", JsonValue(std::move(seeds)));
    return util::toJson(root);
}

}  // namespace tastelab::services

// Active questions against random order on demo worlds: for each world (a demo workspace per seed, built when
// missing), the held-out simulated raters answer as new artists through ArtistSession, and their taste model's
// held-out pairwise accuracy is taken after every answer. Prints the table (5 to 60 answers, mean over raters per
// world and over all), how many informative answers reach what random order reaches at 40, the model update times,
// and writes a PNG chart. Target: at most 24 informative answers for random's accuracy at 40.
//
//   active_bench [--dir DIR] [--worlds 7,8,9] [--raters 15] [--answers 60] [--seed 1] [--png FILE]
//                [--components 64] [--exploration 0.1] [--exploration-after 30] [--deflate-prior 0|1]
//                [--prior-scale 0.7] [--ranking 0|1] [--prior gaussian|mixture] [--groups 0]
//                [--mixture-scale 1.5] [--mixture-blend 0]
//                [--best-of 16] [--keep 4]
// The worlds in DIR/world-SEED are built once and kept as they are: each run evaluates a fresh copy of them in
// DIR/run/world-SEED (the simulated artists it adds would otherwise clash with the next run's).
// Best-of-N: for each world, 4 demo prompts x N procedural candidates, ranked by each held-out rater's taste model
// (from their own demo answers); the true rating of the K kept against the candidates' mean (random picks).
#include "app/services/active_evaluation.h"
#include "app/services/demo.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "model/procedural/procedural_generator.h"
#include "storage/people.h"
#include "util/bounded_file.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace tastelab;
namespace fs = std::filesystem;

namespace {

struct BestOfFigures {
    double keptUtility = 0, randomUtility = 0;  // mean true utility (logit) of the kept best and of any candidate
    double keptRating = 0, randomRating = 0;  // the same as expected slider values, sigmoid(utility)
    double keptAboveRandom = 0;  // share of (rater, prompt) where the kept images' mean beats the candidates' mean
    int cases = 0;
};

// Best-of-N on a demo world: `prompts` of the demo's prompts, N candidates each rendered once (the world's version of
// the procedural generator, so their true attributes are known); each held-out agent's taste model (from the
// agent's own demo answers, its prior from the training agents only) keeps the K best by pickBestOf, as
// generateBestOfN does. Random picks of K have the candidates' mean as their expected true rating.
BestOfFigures bestOfOnWorld(services::Workspace& workspace, std::uint64_t world, int candidates, int keep, int prompts,
    const services::TasteModelOptions& modelOptions)
{
    const fs::path file = workspace.root() / "simulation" / "agents.json";
    const util::JsonValue doc =
        util::parseJson(util::readFileBounded(file, util::kMaxConfigFileBytes, "simulation answer key"), file.string());
    std::string version = model::ProceduralGenerator::kGeneratorId;
    {
        auto s = workspace.database().prepare("SELECT value FROM workspace_info WHERE key = 'demo'");
        if (s.step()) version = s.columnText(0);
    }
    model::ProceduralConfig config;
    try {
        config.version = model::ProceduralGenerator::versionOf(version);
    } catch (const std::exception&) {
        config.version = 1;  // workspaces from before the world had versions
    }
    const model::ProceduralGenerator generator(config);
    const auto promptList = services::demoPrompts(30, world);
    std::vector<std::vector<model::RgbImage>> images;
    std::vector<std::vector<std::map<std::string, double>>> attributes;
    at::NoGradGuard noGrad;
    for (int p = 0; p < prompts; ++p) {
        std::vector<std::uint64_t> seeds;
        for (int i = 0; i < candidates; ++i) seeds.push_back(900000 + world * 1000 + std::uint64_t(p) * 100 + i);
        const auto out = generator.render(generator.noiseForSeeds(seeds), {promptList[std::size_t(p)]});
        images.emplace_back();
        attributes.emplace_back();
        for (int i = 0; i < candidates; ++i) {
            images.back().push_back(model::tensorToImage(out.images[i]));
            std::map<std::string, double> a;
            for (int k = 0; k < model::kVisualAttributeCount; ++k) {
                a[std::string(model::visualAttributeNames()[k])] = out.attributes[i][k].item<double>();
            }
            attributes.back().push_back(a);
        }
    }
    storage::PeopleStore people(workspace.database());
    std::vector<std::int64_t> heldOut;
    std::vector<const util::JsonValue*> agents;
    for (const auto& agent : doc.find("agents")->asArray()) {
        if (!agent.find("held_out")->asBool()) continue;
        if (const auto person = people.findByPseudonym(agent.find("pseudonym")->asString())) {
            heldOut.push_back(person->id);
            agents.push_back(&agent);
        }
    }
    for (const auto& person : people.list()) {
        if (person.pseudonym.rfind("sim-", 0) == 0) heldOut.push_back(person.id);  // the evaluation's simulated artists
    }
    BestOfFigures f;
    for (std::size_t r = 0; r < agents.size(); ++r) {
        const auto person = people.findByPseudonym(agents[r]->find("pseudonym")->asString());
        services::TasteModelOptions options = modelOptions;
        options.priorExcluded = heldOut;
        services::PersonTasteModel taste(workspace, person->id, options);
        if (r == 0) {
            fmt::print("world {}: {} prior, {} taste group(s); held-out rater {} after their {} demo answers weighs "
                       "them",
                world, services::toString(options.prior), taste.groupWeights().size(),
                agents[r]->find("pseudonym")->asString(), taste.answers());
            for (double w : taste.groupWeights()) fmt::print(" {:.3f}", w);
            fmt::print("\n");
        }
        const double bias = agents[r]->find("bias")->asDouble();
        for (int p = 0; p < prompts; ++p) {
            std::vector<double> utility;
            for (const auto& a : attributes[std::size_t(p)]) {
                double u = bias;
                for (const auto& [name, w] : agents[r]->find("weights")->asObject())
                    u += w.asDouble() * (a.at(name) - 0.5);
                utility.push_back(u);
            }
            const auto picks = services::pickBestOf(taste.predictImages(images[std::size_t(p)]), keep, false);
            double kept = 0, keptRating = 0, all = 0, allRating = 0;
            for (const auto& pick : picks) {
                kept += utility[pick.index] / double(picks.size());
                keptRating += 1.0 / (1.0 + std::exp(-utility[pick.index])) / double(picks.size());
            }
            for (double u : utility) {
                all += u / double(utility.size());
                allRating += 1.0 / (1.0 + std::exp(-u)) / double(utility.size());
            }
            f.keptUtility += kept;
            f.randomUtility += all;
            f.keptRating += keptRating;
            f.randomRating += allRating;
            f.keptAboveRandom += kept > all ? 1.0 : 0.0;
            ++f.cases;
        }
    }
    if (f.cases > 0) {
        f.keptUtility /= f.cases;
        f.randomUtility /= f.cases;
        f.keptRating /= f.cases;
        f.randomRating /= f.cases;
        f.keptAboveRandom /= f.cases;
    }
    return f;
}

}  // namespace

int main(int argc, char** argv)
{
    fs::path dir = fs::temp_directory_path() / "tastelab-active-bench";
    std::vector<std::uint64_t> worlds{7, 8, 9};
    services::ActiveEvaluationOptions options;
    fs::path png = "active_questions.png";
    int bestOf = 16, keep = 4, bestOfPrompts = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--dir") {
            dir = value;
        } else if (flag == "--worlds") {
            worlds.clear();
            std::stringstream list(value);
            for (std::string item; std::getline(list, item, ',');) worlds.push_back(std::stoull(item));
        } else if (flag == "--raters") {
            options.raters = std::stoi(value);
        } else if (flag == "--answers") {
            options.maxAnswers = std::stoi(value);
        } else if (flag == "--seed") {
            options.seed = std::stoull(value);
        } else if (flag == "--components") {
            options.model.components = std::stoi(value);
        } else if (flag == "--exploration") {
            options.model.exploration = std::stod(value);
        } else if (flag == "--exploration-after") {
            options.model.explorationAfter = std::stoi(value);
        } else if (flag == "--deflate-prior") {
            options.model.deflatePrior = value != "0";
        } else if (flag == "--prior-scale") {
            options.model.priorScale = std::stod(value);
        } else if (flag == "--ranking") {
            options.model.rankingCriterion = value != "0";
        } else if (flag == "--prior") {
            options.model.prior = services::parseTastePrior(value);
        } else if (flag == "--mixture-scale") {
            options.model.mixtureScale = std::stod(value);
        } else if (flag == "--mixture-blend") {
            options.model.mixtureBlend = std::stod(value);
        } else if (flag == "--groups") {
            options.model.groups = std::stoi(value);
        } else if (flag == "--best-of") {
            bestOf = std::stoi(value);
        } else if (flag == "--keep") {
            keep = std::stoi(value);
        } else if (flag == "--png") {
            png = value;
        } else {
            std::fprintf(stderr, "unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const auto started = std::chrono::steady_clock::now();
    std::vector<services::ActiveEvaluation> results;
    for (const auto world : worlds) {
        const fs::path root = dir / fmt::format("world-{}", world);
        if (!fs::exists(root / "simulation" / "agents.json")) {
            fs::remove_all(root);
            services::DemoOptions demo;
            demo.seed = world;
            fmt::print(stderr, "building the demo world {} in {}\n", world, root.string());
            services::buildDemoWorkspace(root, demo);
        }
        const fs::path copy = dir / "run" / fmt::format("world-{}", world);
        fs::remove_all(copy);
        fs::create_directories(copy.parent_path());
        fs::copy(root, copy, fs::copy_options::recursive);
        auto workspace = services::Workspace::open(copy);
        auto eval = services::evaluateActiveQuestions(workspace, options);
        fmt::print("world {}: {} raters, {} question images, {} test images, {:.0f} s; model update after an answer "
                   "{:.1f} ms mean, {:.1f} ms max; choosing the next question {:.1f} ms max\n",
            world, eval.raters.size(), eval.poolImages, eval.testImages, eval.seconds, eval.meanUpdateSeconds * 1e3,
            eval.maxUpdateSeconds * 1e3, eval.maxChooseSeconds * 1e3);
        results.push_back(std::move(eval));
        if (bestOf > 1) {
            const auto f = bestOfOnWorld(workspace, world, bestOf, keep, bestOfPrompts, options.model);
            fmt::print("world {}: best-of-{} keeping {} for each held-out rater on {} prompts ({} cases): true rating "
                       "of the kept {:.3f} against {:.3f} for random picks (+{:.3f}; utility {:+.2f} against {:+.2f} "
                       "logits); kept above random in {:.0f} % of cases\n",
                world, bestOf, keep, bestOfPrompts, f.cases, f.keptRating, f.randomRating,
                f.keptRating - f.randomRating, f.keptUtility, f.randomUtility, f.keptAboveRandom * 100.0);
        }
    }
    // Per strategy: the mean over all raters of all worlds.
    std::vector<services::ActiveCurve> overall = results.front().curves;
    for (auto& curve : overall) {
        curve.accuracy.clear();
        curve.meanAccuracy.assign(std::size_t(options.maxAnswers), 0.0);
    }
    for (const auto& eval : results) {
        for (std::size_t c = 0; c < eval.curves.size(); ++c) {
            for (const auto& rater : eval.curves[c].accuracy) overall[c].accuracy.push_back(rater);
        }
    }
    for (auto& curve : overall) {
        for (const auto& rater : curve.accuracy)
            for (std::size_t n = 0; n < rater.size(); ++n)
                curve.meanAccuracy[n] += rater[n] / double(curve.accuracy.size());
    }
    fmt::print("\nheld-out pairwise accuracy (mean over raters) by answers given\n{:>8}", "answers");
    for (std::size_t w = 0; w < worlds.size(); ++w) {
        for (const auto& curve : results[w].curves) {
            fmt::print("  {:>14}", fmt::format("w{} {}", worlds[w], services::toString(curve.strategy)));
        }
    }
    for (const auto& curve : overall) fmt::print("  {:>16}", fmt::format("all {}", services::toString(curve.strategy)));
    fmt::print("\n");
    for (int n = 5; n <= options.maxAnswers; n += 5) {
        fmt::print("{:>8}", n);
        for (const auto& eval : results)
            for (const auto& curve : eval.curves) fmt::print("  {:>14.3f}", curve.meanAccuracy[std::size_t(n - 1)]);
        for (const auto& curve : overall) fmt::print("  {:>16.3f}", curve.meanAccuracy[std::size_t(n - 1)]);
        fmt::print("\n");
    }
    // Target: what random order reaches at 40 answers, informative reaches with at most 24.
    const services::ActiveCurve* informative = nullptr;
    const services::ActiveCurve* random = nullptr;
    for (const auto& curve : overall) {
        if (curve.strategy == services::QuestionStrategy::Informative) informative = &curve;
        if (curve.strategy == services::QuestionStrategy::Random) random = &curve;
    }
    if (informative && random && options.maxAnswers >= 40) {
        const double target = random->meanAccuracy[39];
        const double needed = services::answersToReach(informative->meanAccuracy, target);
        fmt::print("\nrandom order at 40 answers: {:.3f}; informative reaches it after {:.1f} answers (target <= 24): "
                   "{}\n",
            target, needed, needed > 0 && needed <= 24 ? "met" : "NOT met");
        for (std::size_t w = 0; w < results.size(); ++w) {
            const auto& curves = results[w].curves;
            const double t = curves[1].meanAccuracy[39];
            fmt::print("  world {}: random at 40 {:.3f}, informative reaches it after {:.1f}\n", worlds[w], t,
                services::answersToReach(curves[0].meanAccuracy, t));
        }
    }
    services::writeActiveChart(overall,
        fmt::format("Held-out pairwise accuracy, mean over {} raters on {} demo worlds",
            overall.front().accuracy.size(), worlds.size()),
        png);
    fmt::print("chart: {}\ntotal {:.0f} s\n", png.string(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return 0;
}

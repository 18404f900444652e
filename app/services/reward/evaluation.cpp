// The evaluation protocol: the cells of predictions per method, the baselines and oracle, the noise ceiling, and the
// loss ablation.
#include "app/services/reward/evaluation.h"

#include "app/services/reward/answer_posterior.h"
#include "app/services/reward/answers.h"
#include "app/services/reward/cf_baselines.h"
#include "app/services/reward/splits.h"
#include "app/services/reward/taste_bound.h"
#include "app/services/reward/training_run.h"
#include "app/services/workspace.h"
#include "model/nn/runtime.h"
#include "model/procedural/procedural_lexicon.h"
#include "model/reward/preference_metrics.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <tuple>

namespace tastelab::services {

using namespace reward_internal;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The hierarchical cold start: the mixture fit plus a per-person residual over the image vectors (cold_start.h).
constexpr const char* kResidualMethod = "TasteLab (hierarchical)";
// Artist mode's linear taste model (active_questions.h), with the trained people's prior (answer_posterior.h).
constexpr const char* kLinearMethod = "TasteLab (linear taste)";
constexpr const char* kLinearGroupsMethod = "TasteLab (linear taste, groups)";
// The same, scored on the collaborative filters' targets (the images trained people rated): the comparison with them
// on the same answers.
constexpr const char* kLinearGroupsOnCfMethod = "TasteLab (linear taste, groups) on CF images";
// The best any method could do from N_ref answers on a demo world (taste_bound.h).
constexpr const char* kBoundMethod = "Bound (true attributes, N_ref answers)";

struct Cell {
    model::Accuracy pairwise, margin;
    model::OneVsThree oneVsThree;
    std::vector<double> spearman, pearson;
    double absoluteError = 0;
    std::size_t answers = 0;
    std::set<int> persons;

    void add(int person, const std::vector<double>& predicted, const std::vector<double>& truth, double median,
        double tieMargin, std::mt19937_64& rng)
    {
        if (truth.size() < 2) return;
        persons.insert(person);
        pairwise += model::likedVsDisliked(predicted, truth, median);
        margin += model::pairwiseWithMargin(predicted, truth, tieMargin);
        oneVsThree += model::oneVsThree(predicted, truth, median, rng, 60);
        const double s = model::spearman(predicted, truth), r = model::pearson(predicted, truth);
        if (std::isfinite(s)) spearman.push_back(s);
        if (std::isfinite(r)) pearson.push_back(r);
        for (std::size_t i = 0; i < truth.size(); ++i) absoluteError += std::abs(predicted[i] - truth[i]);
        answers += truth.size();
    }

    MetricRow row(std::string people, std::string images, std::string method, int nRef) const
    {
        auto mean = [](const std::vector<double>& v) {
            return v.empty() ? kNaN : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        };
        MetricRow r;
        r.people = std::move(people);
        r.images = std::move(images);
        r.method = std::move(method);
        r.nRef = nRef;
        r.pairwise = pairwise.value();
        r.top1 = oneVsThree.top1.value();
        r.top2 = oneVsThree.top2.value();
        r.top3 = oneVsThree.top3.value();
        r.spearman = mean(spearman);
        r.pearson = mean(pearson);
        r.marginAccuracy = margin.value();
        // The oracle's and the bound's utilities are logits, not slider values: no absolute error for them.
        r.mae = answers && r.method.rfind("Oracle", 0) != 0 && r.method != kBoundMethod
            ? absoluteError / double(answers)
            : kNaN;
        r.pairs = pairwise.total;
        r.persons = int(persons.size());
        return r;
    }
};

double personMedian(const PersonAnswers& answers)
{
    std::vector<double> values;
    for (const auto& [image, value] : answers.first) values.push_back(value);
    return model::median(values);
}

std::vector<double> toDoubles(const std::vector<float>& values)
{
    return {values.begin(), values.end()};
}

std::string methodName(model::PersonMode mode)
{
    switch (mode) {
    case model::PersonMode::Embedding:
        return "TasteLab (embedding)";
    case model::PersonMode::InContext:
        return "TasteLab (in-context)";
    case model::PersonMode::Neighbours:
        return "TasteLab (k-NN)";
    case model::PersonMode::MixtureFit:
        return "TasteLab (mixture fit)";
    case model::PersonMode::Population:
        return "Population model";
    }
    return "?";
}

struct Evaluator {
    const Answers& a;
    const Split& split;
    const EvaluationOptions& options;
    const std::map<std::string, AgentTruth>& agents;
    at::Tensor images, prompts;  // on the model's device; images as the personal model sees them
    at::Tensor populationImages;  // as the population model sees them (they differ when the backbone was tuned)

    std::map<std::tuple<std::string, std::string, std::string, int>, Cell> cells;
    std::mt19937_64 rng;

    // The bound's prior (from the trained agents only), each image's true attributes minus 0.5, and the trained
    // agents' mean answer noise for agents whose own is not in the file.
    std::vector<TasteComponent> boundPrior;
    std::vector<std::optional<std::vector<double>>> centred;
    double meanNoise = 0;
    std::mt19937_64 boundRng;  // its own, so that the other rows' 1-vs-3 draws stay as they were without it

    Cell& cell(const std::string& people, const std::string& imageSet, const std::string& method, int nRef)
    {
        return cells[{people, imageSet, method, nRef}];
    }

    void addPredictions(const std::string& people, const std::string& imageSet, const std::string& method, int nRef,
        int person, const std::vector<double>& predicted, const model::Episode& e, double median)
    {
        cell(people, imageSet, method, nRef)
            .add(person, predicted, toDoubles(e.values), median, options.tieMargin, rng);
    }

    void baselines(const std::string& people, const std::string& imageSet, int nRef, int person,
        const model::Episode& e, double median, const model::RewardModel& population)
    {
        const auto pop = model::predictEpisode(population, populationImages, prompts, e, model::PersonMode::Population);
        addPredictions(people, imageSet, "Population model", nRef, person, pop.scores, e, median);
        double mean = 0.5;
        if (!e.referenceValues.empty()) {
            mean = std::accumulate(e.referenceValues.begin(), e.referenceValues.end(), 0.0)
                / double(e.referenceValues.size());
        }
        addPredictions(
            people, imageSet, "Person mean", nRef, person, std::vector<double>(e.images.size(), mean), e, median);
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        std::vector<double> random(e.images.size());
        for (double& r : random) r = uniform(rng);
        addPredictions(people, imageSet, "Random", nRef, person, random, e, median);
        oracle(people, imageSet, nRef, person, e, median);
    }

    // The simulated person's own noise-free utility: what no model can beat (demo workspaces only).
    void oracle(const std::string& people, const std::string& imageSet, int nRef, int person, const model::Episode& e,
        double median)
    {
        const auto agent = agents.find(a.people[std::size_t(person)].pseudonym);
        if (agent == agents.end()) return;
        std::vector<double> utility;
        for (int image : e.images) {
            const auto attributes = imageAttributes(a.images[std::size_t(image)]);
            if (!attributes) return;
            double u = agent->second.bias;
            for (const auto& [name, weight] : agent->second.weights) {
                const auto it = attributes->find(name);
                if (it != attributes->end()) u += weight * (it->second - 0.5);
            }
            utility.push_back(u);
        }
        addPredictions(people, imageSet, "Oracle (true taste)", nRef, person, utility, e, median);
    }

    static double logit(double value)
    {
        const double p = std::clamp(value, 1e-6, 1 - 1e-6);
        return std::log(p / (1 - p));
    }

    // The bound's prior and noise from the trained agents; nothing where the workspace is not a demo.
    void prepareBound()
    {
        if (agents.empty()) return;
        const auto& names = model::visualAttributeNames();
        centred.assign(a.images.size(), std::nullopt);
        for (std::size_t i = 0; i < a.images.size(); ++i) {
            const auto attributes = imageAttributes(a.images[i]);
            if (!attributes) continue;
            std::vector<double> x;
            for (const auto& name : names) {
                const auto it = attributes->find(std::string(name));
                if (it == attributes->end()) break;
                x.push_back(it->second - 0.5);
            }
            if (x.size() == names.size()) centred[i] = std::move(x);
        }
        std::vector<KnownTaste> known;
        double noise = 0, residual = 0;
        int noiseCount = 0, residualCount = 0;
        for (std::size_t p = 0; p < a.people.size(); ++p) {
            if (split.person[p] != Train) continue;
            const auto agent = agents.find(a.people[p].pseudonym);
            if (agent == agents.end()) continue;
            KnownTaste k;
            k.group = agent->second.group;
            k.bias = agent->second.bias;
            for (const auto& name : names) {
                const auto it = agent->second.weights.find(std::string(name));
                k.weights.push_back(it == agent->second.weights.end() ? 0.0 : it->second);
            }
            if (agent->second.noiseSigma > 0) noise += agent->second.noiseSigma, ++noiseCount;
            // Where the file gives no noise: the spread of the agent's logit answers around its true utility.
            for (const auto& [image, value] : a.answers[p].first) {
                const auto& x = centred[std::size_t(image)];
                if (!x) continue;
                double u = k.bias;
                for (std::size_t i = 0; i < x->size(); ++i) u += k.weights[i] * (*x)[i];
                residual += std::pow(logit(value) - u, 2);
                ++residualCount;
            }
            known.push_back(std::move(k));
        }
        meanNoise = noiseCount ? noise / noiseCount : residualCount ? std::sqrt(residual / residualCount) : 0.0;
        boundPrior = tastePrior(known);
    }

    // The Bayes-optimal prediction from the episode's reference answers, were the features perfect (demo only).
    void bound(const std::string& people, const std::string& imageSet, int nRef, int person, const model::Episode& e,
        double median)
    {
        if (boundPrior.empty()) return;
        const auto agent = agents.find(a.people[std::size_t(person)].pseudonym);
        if (agent == agents.end()) return;
        const double sigma = agent->second.noiseSigma > 0 ? agent->second.noiseSigma : meanNoise;
        if (!(sigma > 0)) return;
        std::vector<std::vector<double>> references, targets;
        std::vector<double> logits;
        for (std::size_t i = 0; i < e.referenceImages.size(); ++i) {
            const auto& x = centred[std::size_t(e.referenceImages[i])];
            if (!x) return;
            references.push_back(*x);
            logits.push_back(logit(e.referenceValues[i]));
        }
        for (int image : e.images) {
            const auto& x = centred[std::size_t(image)];
            if (!x) return;
            targets.push_back(*x);
        }
        cell(people, imageSet, kBoundMethod, nRef)
            .add(person, posteriorMeanUtilities(boundPrior, sigma, references, logits, targets), toDoubles(e.values),
                median, options.tieMargin, boundRng);
    }
};

}  // namespace

EvaluationReport evaluateRewardModel(Workspace& workspace, const EvaluationOptions& options)
{
    const auto started = Clock::now();
    EvaluationReport report;
    report.nRefs = options.nRefs;
    report.primaryNRef = options.primaryNRef;
    report.tieMargin = options.tieMargin;
    TrainOptions trainOptions = options.train;
    trainOptions.split.holdOut = true;
    PhaseTracker progress(
        evaluationPhases(int(options.nRefs.size()), options.ablation ? 6 : 0), trainOptions.onProgress, started);
    // Checked between predictions so that Cancel returns within a second, with what was measured so far dropped.
    const auto stop = [&] {
        if (!trainOptions.cancel || !trainOptions.cancel->load()) return false;
        report.training.cancelled = true;
        report.seconds = report.training.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return true;
    };
    progress.report(progress.find("preparing"), 0);
    const c10::Device device = model::resolveDevice(trainOptions.device);
    report.training.device = device.str();
    Answers a = loadAnswers(workspace, trainOptions.backbone, trainOptions.device, trainOptions.cancel);
    if (a.people.empty()) {
        stop();
        report.training.cancelled = true;
        return report;
    }
    if (options.trueAttributes) {
        useTrueAttributes(a);
        trainOptions.fineTuneBlocks = 0;  // there is no backbone to tune
    }
    report.backbone = a.backboneKey;
    const auto agents = readAgents(workspace);
    const Split split = makeSplit(a, trainOptions.split, agents);
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] == HeldOut) report.heldOutPeople.push_back(a.people[p].pseudonym);
    }
    report.heldOutImages = int(std::count(split.image.begin(), split.image.end(), HeldOut));

    progress.report(progress.find("preparing"), 1);
    Trained personal = trainOn(a, split, trainOptions, device,
        progress.epochReporter(progress.find("training"), trainOptions.epochs, &report.training.curve));
    report.training.bestEpoch = personal.result.bestEpoch;
    report.training.cancelled = personal.result.cancelled;
    report.training.trainPeople = personal.data.people;
    report.training.trainRatings = int(personal.data.ratings.size());
    report.training.trainChoices = int(personal.data.choices.size());
    report.training.heldOutPeople = report.heldOutPeople;
    report.training.heldOutImages = report.heldOutImages;
    if (stop() || personal.result.cancelled) return report;
    progress.report(progress.find("training"), 1);  // early stopping ends it before its last epoch
    TrainOptions populationOptions = trainOptions;
    populationOptions.personalized = false;
    populationOptions.onProgress = nullptr;
    Trained population = trainOn(a, split, populationOptions, device,
        progress.epochReporter(progress.find("population"), populationOptions.epochs, nullptr));
    if (stop() || population.result.cancelled) {
        report.training.cancelled = true;
        return report;
    }
    progress.report(progress.find("population"), 1);

    Evaluator ev{a, split, options, agents, personal.images, a.promptVectors.to(device), population.images, {},
        std::mt19937_64(12345), {}, {}, 0, std::mt19937_64(54321)};
    ev.prepareBound();
    const model::RewardModel& m = *personal.model;
    std::mt19937_64 rng(trainOptions.split.seed * 7 + 3);
    const std::uint64_t orderSeed = trainOptions.split.seed * 7 + 5;
    const CollaborativeBaselines collaborative(a, split);
    const auto posterior = makeAnswerPosterior(a, split, m, ev.images, ev.prompts, personal.embeddingOf);
    const auto residual = makeResidualPosterior(a, split, m, ev.images, ev.prompts);
    auto linear = makeLinearTaste(a, split, {});
    TasteModelOptions groupsOptions;
    groupsOptions.prior = TastePrior::Mixture;
    auto linearGroups = makeLinearTaste(a, split, groupsOptions);
    struct LinearRow {
        std::optional<PersonTasteModel>* model;
        const char* method;
    };
    const LinearRow linearRows[] = {{&linear, kLinearMethod}, {&linearGroups, kLinearGroupsMethod}};

    // Seen people on images never trained on: learned embedding, and in-context from their training answers.
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] != Train) continue;
        if (stop()) return report;
        progress.report(progress.find("seen"), double(p) / double(a.people.size()));
        const double med = personMedian(a.answers[p]);
        model::Episode e;
        e.person = personal.embeddingOf[p];
        std::vector<std::pair<int, float>> known;
        for (const auto& [image, value] : a.answers[p].first) {
            if (split.image[std::size_t(image)] == HeldOut)
                e.images.push_back(image), e.values.push_back(value);
            else if (split.image[std::size_t(image)] == Train)
                known.emplace_back(image, value);
        }
        if (e.images.size() < 2) continue;
        std::shuffle(known.begin(), known.end(), rng);
        for (std::size_t i = 0; i < known.size() && int(i) < options.primaryNRef; ++i) {
            e.referenceImages.push_back(known[i].first);
            e.referenceValues.push_back(known[i].second);
        }
        for (auto mode : {model::PersonMode::Embedding, model::PersonMode::InContext}) {
            const auto pred = model::predictEpisode(m, ev.images, ev.prompts, e, mode);
            ev.addPredictions("seen", "new", methodName(mode),
                mode == model::PersonMode::Embedding ? 0 : options.primaryNRef, int(p), pred.scores, e, med);
        }
        ev.baselines("seen", "new", 0, int(p), e, med, *population.model);
        // The linear taste model from all of the person's answers on the trained images.
        model::Episode everything = e;
        everything.referenceImages.clear();
        everything.referenceValues.clear();
        for (const auto& [image, value] : known) {
            everything.referenceImages.push_back(image);
            everything.referenceValues.push_back(value);
        }
        for (const auto& row : linearRows) {
            if (*row.model) {
                ev.addPredictions(
                    "seen", "new", row.method, 0, int(p), predictLinearTaste(**row.model, everything), e, med);
            }
        }
    }

    // Held-out people, represented from N_ref of their own answers; the rest are predicted. One phase per N_ref, so
    // that the progress says which sweep runs and how long the rest will take.
    const int firstSweep = progress.find("sweep");
    const auto heldOutCount = double(std::max<std::size_t>(1, report.heldOutPeople.size()));
    for (std::size_t n = 0; n < options.nRefs.size(); ++n) {
        const int nRef = options.nRefs[n];
        const int phase = firstSweep + int(n);
        TrainingProgress at;
        at.nRef = nRef;
        double done = 0;
        for (std::size_t p = 0; p < a.people.size(); ++p) {
            if (split.person[p] != HeldOut) continue;
            progress.report(phase, done++ / heldOutCount, at);
            const double med = personMedian(a.answers[p]);
            for (int rep = 0; rep < std::max(1, options.repetitions); ++rep) {
                if (stop()) return report;
                // The same order of the person's answers for every N_ref: each N_ref's references are the smaller
                // one's plus more, so that the sweep shows what more answers add, not a new draw.
                auto answers = a.answers[p].first;
                std::mt19937_64 order(orderSeed + p * 7919 + std::uint64_t(rep) * 104729);
                std::shuffle(answers.begin(), answers.end(), order);
                model::Episode all, fresh;
                for (const auto& [image, value] : answers) {
                    const bool newImage = split.image[std::size_t(image)] == HeldOut;
                    if (int(all.referenceImages.size()) < nRef && !newImage) {
                        all.referenceImages.push_back(image);
                        all.referenceValues.push_back(value);
                    } else {
                        all.images.push_back(image);
                        all.values.push_back(value);
                        if (newImage) fresh.images.push_back(image), fresh.values.push_back(value);
                    }
                }
                if (int(all.referenceImages.size()) < nRef || all.images.size() < 2) continue;
                fresh.referenceImages = all.referenceImages;
                fresh.referenceValues = all.referenceValues;
                for (auto* episode : {&all, &fresh}) {
                    if (episode->images.size() < 2) continue;
                    const std::string imageSet = episode == &all ? "all" : "new";
                    for (auto mode :
                        {model::PersonMode::InContext, model::PersonMode::Neighbours, model::PersonMode::MixtureFit}) {
                        if (mode == model::PersonMode::MixtureFit) {
                            // One fit gives the mixture's row and the hierarchical cold start built on it.
                            const auto fit = predictMixtureWithResidual(
                                m, ev.images, ev.prompts, *episode, residual ? &*residual : nullptr);
                            ev.addPredictions(
                                "held-out", imageSet, methodName(mode), nRef, int(p), fit.mixtureScores, *episode, med);
                            if (residual) {
                                ev.addPredictions(
                                    "held-out", imageSet, kResidualMethod, nRef, int(p), fit.scores, *episode, med);
                            }
                            continue;
                        }
                        const auto pred = model::predictEpisode(m, ev.images, ev.prompts, *episode, mode);
                        ev.addPredictions(
                            "held-out", imageSet, methodName(mode), nRef, int(p), pred.scores, *episode, med);
                    }
                    ev.baselines("held-out", imageSet, nRef, int(p), *episode, med, *population.model);
                    ev.bound("held-out", imageSet, nRef, int(p), *episode, med);
                    for (const auto& row : linearRows) {
                        if (*row.model) {
                            ev.addPredictions("held-out", imageSet, row.method, nRef, int(p),
                                predictLinearTaste(**row.model, *episode), *episode, med);
                        }
                    }
                    if (posterior) {
                        const auto scores =
                            posterior->predict(episode->referenceImages, episode->referenceValues, episode->images);
                        ev.addPredictions(
                            "held-out", imageSet, "TasteLab (posterior)", nRef, int(p), scores, *episode, med);
                    }
                    const auto cfs = collaborative.predict(*episode);
                    for (const auto& cf : cfs) {
                        ev.addPredictions("held-out", imageSet, cf.method, nRef, int(p), cf.scores, cf.episode, med);
                    }
                    if (!cfs.empty() && linearGroups) {
                        ev.addPredictions("held-out", imageSet, kLinearGroupsOnCfMethod, nRef, int(p),
                            predictLinearTaste(*linearGroups, cfs.front().episode), cfs.front().episode, med);
                    }
                }
            }
        }
    }

    // Noise ceiling: how well a person's first answers predict their own repeated answers.
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] == Validation || a.answers[p].repeats.size() < 2) continue;
        std::vector<double> first, again;
        for (const auto& r : a.answers[p].repeats) first.push_back(r.first), again.push_back(r.again);
        const double med = personMedian(a.answers[p]);
        const std::string group = split.person[p] == Train ? "seen" : "held-out";
        ev.cells[{group, "all", "Noise ceiling (retest)", 0}].add(int(p), first, again, med, options.tieMargin, ev.rng);
    }

    for (const auto& [key, cell] : ev.cells) {
        const auto& [people, images, method, nRef] = key;
        report.rows.push_back(cell.row(people, images, method, nRef));
    }

    if (options.ablation) {
        struct Variant {
            std::string name;
            LossSwitches losses;
        };
        std::vector<Variant> variants{{"all losses", {}}};
        variants.push_back({"without regression", {false, true, true, true, true}});
        variants.push_back({"without rating pairs (Bradley-Terry)", {true, false, true, true, true}});
        variants.push_back({"without choices (Bradley-Terry)", {true, true, false, true, true}});
        variants.push_back({"without base like/dislike loss", {true, true, true, false, true}});
        variants.push_back({"without contrastive L+ and L-", {true, true, true, true, false}});
        variants.push_back({"regression only", {true, false, false, false, false}});
        int phase = progress.find("ablation") - 1;  // "all losses" is the personal model: nothing to train
        for (const auto& variant : variants) {
            if (stop()) return report;
            TrainOptions o = trainOptions;
            o.losses = variant.losses;
            o.onProgress = nullptr;
            TrainingProgress at;
            at.ablationVariant = variant.name;
            if (phase >= progress.find("ablation")) progress.report(phase, 0, at);
            Trained t = variant.name == "all losses"
                ? Trained{}
                : trainOn(a, split, o, device, progress.epochReporter(phase, o.epochs, nullptr));
            if (stop()) return report;
            ++phase;
            const model::RewardModel& vm = variant.name == "all losses" ? m : *t.model;
            const at::Tensor& variantImages = variant.name == "all losses" ? ev.images : t.images;
            const auto& embeddingOf = variant.name == "all losses" ? personal.embeddingOf : t.embeddingOf;
            model::Accuracy seen, held;
            std::mt19937_64 vrng(trainOptions.split.seed * 11 + 1);
            for (std::size_t p = 0; p < a.people.size(); ++p) {
                const double med = personMedian(a.answers[p]);
                model::Episode e;
                if (split.person[p] == Train) {
                    e.person = embeddingOf[p];
                    for (const auto& [image, value] : a.answers[p].first) {
                        if (split.image[std::size_t(image)] == HeldOut)
                            e.images.push_back(image), e.values.push_back(value);
                    }
                    if (e.images.size() < 2) continue;
                    const auto pred =
                        model::predictEpisode(vm, variantImages, ev.prompts, e, model::PersonMode::Embedding);
                    seen += model::likedVsDisliked(pred.scores, toDoubles(e.values), med);
                } else if (split.person[p] == HeldOut) {
                    for (int rep = 0; rep < std::max(1, options.repetitions); ++rep) {
                        auto answers = a.answers[p].first;
                        std::shuffle(answers.begin(), answers.end(), vrng);
                        model::Episode h;
                        for (const auto& [image, value] : answers) {
                            if (int(h.referenceImages.size()) < options.primaryNRef
                                && split.image[std::size_t(image)] != HeldOut) {
                                h.referenceImages.push_back(image);
                                h.referenceValues.push_back(value);
                            } else {
                                h.images.push_back(image);
                                h.values.push_back(value);
                            }
                        }
                        if (h.images.size() < 2) continue;
                        const auto pred =
                            model::predictEpisode(vm, variantImages, ev.prompts, h, model::PersonMode::MixtureFit);
                        held += model::likedVsDisliked(pred.scores, toDoubles(h.values), med);
                    }
                }
            }
            report.ablation.push_back({variant.name, seen.value(), held.value()});
        }
    }
    if (options.ablation) {
        progress.report(progress.find("ablation") + 5, 1);
    } else {
        TrainingProgress last;  // the last sweep ends: it still names its N_ref
        last.nRef = options.nRefs.empty() ? 0 : options.nRefs.back();
        progress.report(firstSweep + std::max(0, int(options.nRefs.size()) - 1), 1, last);
    }
    report.training.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    report.seconds = report.training.seconds;
    return report;
}

}  // namespace tastelab::services

// From a workspace's answers to a trained, evaluated reward model: the data (first answers, repeats,
// choices, cached vectors), the splits, the episodes of the evaluation protocol, checkpoints.
#include "app/services/reward.h"

#include "app/services/backbone_factory.h"
#include "app/services/build_info.h"
#include "app/services/embeddings.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/clip.h"
#include "model/image_io.h"
#include "model/look_features.h"
#include "model/preference_metrics.h"
#include "model/procedural_lexicon.h"
#include "model/reward_model.h"
#include "model/reward_training.h"
#include "model/runtime.h"
#include "model/siglip.h"
#include "storage/answers.h"
#include "storage/atomic_file.h"
#include "storage/bounded_file.h"
#include "storage/clock.h"
#include "storage/images.h"
#include "storage/json.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "storage/sha256.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// The workspace's answers, indexed by row.

struct PersonAnswers {
    std::vector<std::pair<int, float>> first;  // image row, first answer
    struct Repeat {
        int image;
        float first;
        float again;
    };
    std::vector<Repeat> repeats;
    std::vector<std::pair<int, int>> choices;  // winner row, loser row
};

struct Answers {
    std::string backboneKey;
    fs::path libraryDir;
    Workspace* workspace = nullptr;  // where the images' files are checked before their pixels are used
    std::vector<storage::Person> people;  // people with at least one answer
    std::vector<PersonAnswers> answers;  // parallel to people
    std::vector<storage::ImageRecord> images;  // images with a cached vector
    std::map<std::int64_t, int> imageRow;
    at::Tensor imageVectors;  // [I, D]
    at::Tensor promptVectors;  // [I, kTextDim]
};

Answers loadAnswers(
    Workspace& workspace, const std::string& backbone, const std::string& device, const std::atomic<bool>* cancel)
{
    EmbeddingOptions embed;
    embed.backbone = backbone;
    embed.device = device;
    embed.cancel = cancel;
    const EmbeddingReport report = encodeWorkspaceImages(workspace, embed);
    if (report.cancelled) return {};
    Answers a;
    a.backboneKey = report.backboneKey;
    a.libraryDir = workspace.libraryDir();
    a.workspace = &workspace;
    storage::Database& db = workspace.database();
    storage::EmbeddingCache cache(db);
    std::vector<at::Tensor> vectors;
    std::vector<std::string> prompts;
    for (auto& image : storage::ImageStore(db).list()) {
        auto vector = cache.get(image.sha256, a.backboneKey);
        if (!vector) continue;  // undecodable: reported by the embedding step
        a.imageRow[image.id] = int(a.images.size());
        vectors.push_back(at::tensor(*vector, at::kFloat));
        prompts.push_back(image.prompt.value_or(""));
        a.images.push_back(std::move(image));
    }
    if (a.images.empty()) throw std::runtime_error("the workspace has no images with vectors to train on");
    a.imageVectors = at::stack(vectors);
    a.promptVectors = model::hashedBagOfWords(prompts, model::LookFeatures::kTextDim);

    storage::AnswerStore store(db);
    for (auto& person : storage::PeopleStore(db).list()) {
        PersonAnswers mine;
        std::map<int, float> firstOf;
        for (const auto& r : store.ratingsOf(person.id)) {
            if (r.isCatch) continue;
            const auto row = a.imageRow.find(r.imageId);
            if (row == a.imageRow.end()) continue;
            const auto seen = firstOf.find(row->second);
            if (seen == firstOf.end() && !r.isRepeat) {
                firstOf[row->second] = float(r.value);
                mine.first.emplace_back(row->second, float(r.value));
            } else if (seen != firstOf.end()) {
                mine.repeats.push_back({row->second, seen->second, float(r.value)});
            }
        }
        for (const auto& c : store.comparisonsOf(person.id)) {
            if (c.isCatch || (c.choice != storage::PairChoice::Left && c.choice != storage::PairChoice::Right))
                continue;
            const auto left = a.imageRow.find(c.leftImageId), right = a.imageRow.find(c.rightImageId);
            if (left == a.imageRow.end() || right == a.imageRow.end()) continue;
            if (c.choice == storage::PairChoice::Left)
                mine.choices.emplace_back(left->second, right->second);
            else
                mine.choices.emplace_back(right->second, left->second);
        }
        if (mine.first.empty() && mine.choices.empty()) continue;
        a.people.push_back(std::move(person));
        a.answers.push_back(std::move(mine));
    }
    if (a.people.empty())
        throw std::runtime_error("nobody in this workspace has answered yet: there is nothing to train on");
    return a;
}

// The simulation's answer key in a demo workspace (absent elsewhere).
struct AgentTruth {
    int group = 0;
    bool heldOut = false;
    double bias = 0;
    std::map<std::string, double> weights;
};

std::map<std::string, AgentTruth> readAgents(Workspace& workspace)
{
    std::map<std::string, AgentTruth> agents;
    const fs::path file = workspace.root() / "simulation" / "agents.json";
    std::error_code missing;
    if (!fs::exists(file, missing)) return agents;
    const storage::JsonValue doc = storage::parseJson(
        storage::readFileBounded(file, storage::kMaxConfigFileBytes, "simulation answer key"), file.string());
    const storage::JsonValue* list = doc.find("agents");
    if (!list) return agents;
    for (const auto& agent : list->asArray()) {
        AgentTruth truth;
        truth.group = int(agent.find("group")->asInt());
        truth.heldOut = agent.find("held_out")->asBool();
        truth.bias = agent.find("bias")->asDouble();
        for (const auto& [name, value] : agent.find("weights")->asObject()) truth.weights[name] = value.asDouble();
        agents[agent.find("pseudonym")->asString()] = truth;
    }
    return agents;
}

// ---------------------------------------------------------------------------------------------
// Splits.

enum Role { Train = 0, Validation = 1, HeldOut = 2 };

struct Split {
    std::vector<Role> person;  // parallel to Answers::people
    std::vector<Role> image;  // parallel to Answers::images
};

Split makeSplit(const Answers& a, const SplitOptions& options, const std::map<std::string, AgentTruth>& agents)
{
    Split split;
    split.person.assign(a.people.size(), Train);
    split.image.assign(a.images.size(), Train);
    std::mt19937_64 rng(options.seed * 0x9E3779B97F4A7C15ull + 17);
    auto assign = [&](std::vector<Role>& roles, std::vector<int> candidates, double fraction, Role role) {
        std::shuffle(candidates.begin(), candidates.end(), rng);
        const int count = int(std::floor(fraction * double(candidates.size()) + 0.5));
        for (int i = 0; i < count && i < int(candidates.size()); ++i)
            roles[std::size_t(candidates[std::size_t(i)])] = role;
    };
    std::vector<int> everyone(a.people.size());
    std::iota(everyone.begin(), everyone.end(), 0);
    if (options.holdOut) {
        std::vector<std::string> named = options.heldOutPeople;
        if (named.empty()) {
            for (const auto& [pseudonym, truth] : agents) {
                if (truth.heldOut) named.push_back(pseudonym);
            }
        }
        if (!named.empty()) {
            for (const auto& name : named) {
                bool found = false;
                for (std::size_t p = 0; p < a.people.size(); ++p) {
                    if (a.people[p].pseudonym == name) split.person[p] = HeldOut, found = true;
                }
                if (!found && !options.heldOutPeople.empty()) {
                    throw std::invalid_argument(fmt::format("no person '{}' with answers in this workspace", name));
                }
            }
        } else {
            assign(split.person, everyone, options.heldOutPeopleFraction, HeldOut);
        }
        std::vector<int> allImages(a.images.size());
        std::iota(allImages.begin(), allImages.end(), 0);
        assign(split.image, allImages, options.heldOutImageFraction, HeldOut);
    }
    std::vector<int> rest;
    for (int p : everyone) {
        if (split.person[std::size_t(p)] == Train) rest.push_back(p);
    }
    if (rest.size() >= 5) assign(split.person, rest, options.validationFraction, Validation);
    std::vector<int> restImages;
    for (std::size_t i = 0; i < a.images.size(); ++i) {
        if (split.image[i] == Train) restImages.push_back(int(i));
    }
    if (restImages.size() >= 10) assign(split.image, restImages, options.validationFraction, Validation);
    return split;
}

// ---------------------------------------------------------------------------------------------
// Training.

struct Trained {
    std::unique_ptr<model::RewardModel> model;
    model::TrainingResult result;
    std::vector<int> embeddingOf;  // per Answers::people: embedding index or -1
    std::vector<std::string> trainPeople;
    model::PreferenceData data;
    std::unique_ptr<model::Backbone> backbone;  // when its last blocks were fine-tuned
    std::vector<std::pair<std::string, at::Tensor>> tunedTail;
    int tunedBlocks = 0;
    at::Tensor images;  // the image vectors the model ends with, on the device
};

model::TrainingConfig trainingConfig(const TrainOptions& options)
{
    model::TrainingConfig config;
    config.epochs = options.epochs;
    config.patience = options.patience;
    config.learningRate = options.learningRate;
    config.weightDecay = options.weightDecay;
    config.losses.regression = options.losses.regression ? 1.0 : 0.0;
    config.losses.ratingPairs = options.losses.ratingPairs ? 1.0 : 0.0;
    config.losses.choices = options.losses.choices ? 1.0 : 0.0;
    config.losses.base = options.losses.base ? 1.0 : 0.0;
    config.losses.contrastive = options.losses.contrastive ? 1.0 : 0.0;
    config.seed = options.split.seed;
    config.cancel = options.cancel;
    return config;
}

std::vector<model::Episode> validationEpisodes(
    const Answers& a, const Split& split, const std::vector<int>& embeddingOf, std::uint64_t seed)
{
    std::vector<model::Episode> episodes;
    std::mt19937_64 rng(seed + 99);
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        model::Episode e;
        if (split.person[p] == Train) {
            e.person = embeddingOf[p];
            for (const auto& [image, value] : a.answers[p].first) {
                if (split.image[std::size_t(image)] == Validation) e.images.push_back(image), e.values.push_back(value);
            }
        } else if (split.person[p] == Validation) {
            auto answers = a.answers[p].first;
            std::shuffle(answers.begin(), answers.end(), rng);
            for (std::size_t i = 0; i < answers.size(); ++i) {
                const auto [image, value] = answers[i];
                if (split.image[std::size_t(image)] == HeldOut) continue;
                if (e.referenceImages.size() < 8) {
                    e.referenceImages.push_back(image);
                    e.referenceValues.push_back(value);
                } else {
                    e.images.push_back(image);
                    e.values.push_back(value);
                }
            }
        }
        if (e.images.size() >= 2) episodes.push_back(std::move(e));
    }
    return episodes;
}

Trained trainOn(const Answers& a, const Split& split, const TrainOptions& options, c10::Device device,
    const std::function<void(const model::EpochReport&)>& onEpoch)
{
    Trained t;
    t.embeddingOf.assign(a.people.size(), -1);
    t.data.images = a.imageVectors;
    t.data.prompts = a.promptVectors;
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] != Train) continue;
        const int index = t.data.people++;
        t.embeddingOf[p] = index;
        t.trainPeople.push_back(a.people[p].pseudonym);
        for (const auto& [image, value] : a.answers[p].first) {
            if (split.image[std::size_t(image)] == Train) t.data.ratings.push_back({index, image, value});
        }
        for (const auto& [winner, loser] : a.answers[p].choices) {
            if (split.image[std::size_t(winner)] == Train && split.image[std::size_t(loser)] == Train) {
                t.data.choices.push_back({index, winner, loser});
            }
        }
    }
    if (t.data.people == 0 || (t.data.ratings.empty() && t.data.choices.empty())) {
        throw std::runtime_error("after holding out people and images, no answers are left to train on");
    }
    model::RewardModelConfig config;
    config.backbone = a.backboneKey;
    config.imageDim = int(a.imageVectors.size(1));
    config.textDim = int(a.promptVectors.size(1));
    config.hidden = options.hidden;
    config.prototypes = options.prototypes;
    config.dropout = options.dropout;
    config.people = t.data.people;
    config.personalized = options.personalized;
    t.model = std::make_unique<model::RewardModel>(config, options.split.seed);
    t.model->to(device);
    model::TrainingConfig training = trainingConfig(options);
    training.onEpoch = onEpoch;

    // Fine-tuning the backbone's last blocks: images go through it from their pixels at every step.
    model::ImageEncoder encoder;
    at::Tensor pixels;  // [I, 3, 224, 224] uint8 on the CPU
    if (options.fineTuneBlocks != 0) {
        auto backbone = makeBackbone(options.backbone);
        backbone->to(device, at::kFloat);
        const int blocks = options.fineTuneBlocks < 0 ? 2 : options.fineTuneBlocks;
        auto tail = backbone->imageTowerTail(blocks);
        if (options.fineTuneBlocks > 0 && tail.empty()) {
            throw std::invalid_argument(fmt::format("backbone '{}' has no blocks to fine-tune", options.backbone));
        }
        if (!tail.empty() && (options.fineTuneBlocks > 0 || device.is_cuda())) {
            std::vector<at::Tensor> images;
            for (const auto& image : a.images) {
                const fs::path file = verifiedImageFile(*a.workspace, image);
                images.push_back((loadImageForEncoding(file) * 255.0).round().to(at::kByte));
            }
            pixels = at::stack(images);
            t.backbone = std::move(backbone);
            t.tunedTail = std::move(tail);
            t.tunedBlocks = blocks;
            model::Backbone* net = t.backbone.get();
            encoder.encode = [net, &pixels, device](const at::Tensor& rows) {
                return net->encodeImages(pixels.index_select(0, rows.cpu()).to(device, at::kFloat) / 255.0);
            };
            for (const auto& [name, tensor] : t.tunedTail) encoder.parameters.push_back(tensor);
            training.encoder = &encoder;
        }
    }
    try {
        t.result = model::trainRewardModel(
            *t.model, t.data, validationEpisodes(a, split, t.embeddingOf, options.split.seed), training);
    } catch (const model::TrainingError& e) {
        throw std::runtime_error(e.what());
    }
    t.images = t.result.images.defined() ? t.result.images : a.imageVectors.to(device);
    return t;
}

// Each finished epoch as TrainingProgress: kept in `curve` and passed to the caller's onProgress.
std::function<void(const model::EpochReport&)> progressReporter(
    const TrainOptions& options, Clock::time_point started, std::vector<TrainingProgress>& curve)
{
    return [&options, started, &curve](const model::EpochReport& e) {
        TrainingProgress p;
        p.phase = "training";
        p.epoch = e.epoch;
        p.epochs = options.epochs;
        p.trainLoss = e.trainLoss;
        p.validationLoss = e.validationLoss;
        p.validationAccuracy = e.validationAccuracy;
        p.elapsedSeconds = std::chrono::duration<double>(Clock::now() - started).count();
        p.etaSeconds = e.seconds / e.epoch * (options.epochs - e.epoch);
        curve.push_back(p);
        if (options.onProgress) options.onProgress(p);
    };
}

std::string dataHash(const Answers& a, const model::PreferenceData& data, const std::vector<std::string>& people)
{
    std::string canonical;
    for (const auto& r : data.ratings) {
        canonical += fmt::format(
            "r {} {} {:.6f}\n", people[std::size_t(r.person)], a.images[std::size_t(r.image)].sha256, r.value);
    }
    for (const auto& c : data.choices) {
        canonical += fmt::format("c {} {} {}\n", people[std::size_t(c.person)], a.images[std::size_t(c.winner)].sha256,
            a.images[std::size_t(c.loser)].sha256);
    }
    return storage::sha256Hex(canonical);
}

std::string sanitize(std::string text)
{
    for (char& c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '_';
    }
    return text;
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

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
        // The oracle's utilities are logits, not slider values: no absolute error for it.
        r.mae = answers && r.method.rfind("Oracle", 0) != 0 ? absoluteError / double(answers) : kNaN;
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

// The procedural attributes stored with demo images ("attributes" in the parameters JSON).
std::optional<std::map<std::string, double>> imageAttributes(const storage::ImageRecord& image)
{
    try {
        const storage::JsonValue p = storage::parseJson(image.parameters);
        const storage::JsonValue* attributes = p.find("attributes");
        if (!attributes || !attributes->isObject()) return std::nullopt;
        std::map<std::string, double> out;
        for (const auto& [name, value] : attributes->asObject()) out[name] = value.asDouble();
        return out;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// Replaces the image vectors by the images' true attribute vectors (procedural images carry them).
void useTrueAttributes(Answers& a)
{
    const auto& names = model::visualAttributeNames();
    std::vector<float> values;
    values.reserve(a.images.size() * names.size());
    for (const auto& image : a.images) {
        const auto attributes = imageAttributes(image);
        for (const auto& name : names) {
            const auto it =
                attributes ? attributes->find(std::string(name)) : std::map<std::string, double>::const_iterator{};
            if (!attributes || it == attributes->end()) {
                throw std::runtime_error(fmt::format("image {} ({}) has no true '{}' attribute: only the procedural "
                                                     "images of a demo workspace carry their attribute vectors",
                    image.id, image.originalName.value_or(image.sha256.substr(0, 12)), name));
            }
            values.push_back(float(it->second));
        }
    }
    a.imageVectors = at::tensor(values, at::kFloat).view({std::int64_t(a.images.size()), std::int64_t(names.size())});
    a.backboneKey = "true-attributes";
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
};

std::string percent(double value)
{
    return std::isfinite(value) ? fmt::format("{:5.1f}", 100.0 * value) : std::string("    -");
}

std::string fixed(double value)
{
    return std::isfinite(value) ? fmt::format("{:5.2f}", value) : std::string("    -");
}

storage::JsonValue number(double value)
{
    return std::isfinite(value) ? storage::JsonValue(value) : storage::JsonValue(nullptr);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TrainReport trainRewardModel(Workspace& workspace, const TrainOptions& options)
{
    const auto started = Clock::now();
    TrainReport report;
    auto emit = [&](TrainingProgress progress) {
        progress.elapsedSeconds = std::chrono::duration<double>(Clock::now() - started).count();
        if (options.onProgress) options.onProgress(progress);
    };
    TrainingProgress preparing;
    preparing.phase = "preparing";
    preparing.epochs = options.epochs;
    emit(preparing);
    const c10::Device device = model::resolveDevice(options.device);
    const Answers a = loadAnswers(workspace, options.backbone, options.device, options.cancel);
    if (a.people.empty()) {
        report.cancelled = true;
        return report;
    }
    const auto agents = readAgents(workspace);
    const Split split = makeSplit(a, options.split, agents);
    auto onEpoch = progressReporter(options, started, report.curve);
    Trained t = trainOn(a, split, options, device, onEpoch);
    report.bestEpoch = t.result.bestEpoch;
    report.cancelled = t.result.cancelled;
    report.trainPeople = t.data.people;
    report.trainRatings = int(t.data.ratings.size());
    report.trainChoices = int(t.data.choices.size());
    std::set<int> trainImages;
    for (const auto& r : t.data.ratings) trainImages.insert(r.image);
    report.trainImages = int(trainImages.size());
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] == HeldOut) report.heldOutPeople.push_back(a.people[p].pseudonym);
    }
    report.heldOutImages = int(std::count(split.image.begin(), split.image.end(), HeldOut));
    if (report.cancelled || !options.save) {
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return report;
    }

    TrainingProgress saving;
    saving.phase = "saving";
    saving.epoch = report.bestEpoch;
    saving.epochs = options.epochs;
    emit(saving);
    using storage::JsonValue;
    JsonValue::Array people, heldOut, curve;
    for (const auto& name : t.trainPeople) people.emplace_back(name);
    for (const auto& name : report.heldOutPeople) heldOut.emplace_back(name);
    for (const auto& e : t.result.epochs) {
        curve.emplace_back(JsonValue::Object{{"epoch", JsonValue(e.epoch)}, {"train_loss", number(e.trainLoss)},
            {"validation_loss", number(e.validationLoss)}, {"validation_accuracy", number(e.validationAccuracy)}});
    }
    const model::EpochReport* best = nullptr;
    for (const auto& e : t.result.epochs) {
        if (e.epoch == t.result.bestEpoch) best = &e;
    }
    const std::string metrics = storage::toJson(JsonValue(JsonValue::Object{
        {"best_epoch", JsonValue(t.result.bestEpoch)},
        {"validation_loss", number(best ? best->validationLoss : kNaN)},
        {"validation_accuracy", number(best ? best->validationAccuracy : kNaN)},
        {"curve", JsonValue(std::move(curve))},
    }));
    const std::string hash = dataHash(a, t.data, t.trainPeople);
    const std::string created = storage::utcTimestamp();
    const std::string settings = storage::toJson(JsonValue(JsonValue::Object{
        {"epochs", JsonValue(options.epochs)},
        {"learning_rate", JsonValue(options.learningRate)},
        {"weight_decay", JsonValue(options.weightDecay)},
        {"seed", JsonValue(static_cast<std::int64_t>(options.split.seed))},
        {"held_out_people", JsonValue(std::move(heldOut))},
        {"held_out_images", JsonValue(report.heldOutImages)},
        {"losses",
            JsonValue(JsonValue::Object{{"regression", JsonValue(options.losses.regression)},
                {"rating_pairs", JsonValue(options.losses.ratingPairs)}, {"choices", JsonValue(options.losses.choices)},
                {"base", JsonValue(options.losses.base)}, {"contrastive", JsonValue(options.losses.contrastive)}})},
    }));
    std::string stamp = created;
    stamp.erase(std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == ':' || c == '-'; }), stamp.end());
    const std::string name = fmt::format("reward-{}-{}.safetensors", sanitize(a.backboneKey), sanitize(stamp));
    report.checkpoint = workspace.modelsDir() / name;
    fs::create_directories(workspace.modelsDir());
    t.model->save(report.checkpoint,
        {{"people", storage::toJson(JsonValue(std::move(people)))}, {"data_hash", hash}, {"metrics", metrics},
            {"settings", settings}, {"created_at", created}, {"created_by", "TasteLab " + tastelabVersion()},
            {"backbone_tuned_blocks", std::to_string(t.tunedBlocks)}},
        t.tunedTail);
    storage::CheckpointRecord record;
    record.path = name;
    record.backboneId = a.backboneKey;
    record.formatVersion = model::RewardModel::kFormatVersion;
    record.dataHash = hash;
    record.metadata = settings;
    record.metrics = metrics;
    report.checkpointId = storage::CheckpointStore(workspace.database()).insert(record);
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return report;
}

EvaluationReport evaluateRewardModel(Workspace& workspace, const EvaluationOptions& options)
{
    const auto started = Clock::now();
    EvaluationReport report;
    report.nRefs = options.nRefs;
    report.primaryNRef = options.primaryNRef;
    report.tieMargin = options.tieMargin;
    TrainOptions trainOptions = options.train;
    trainOptions.split.holdOut = true;
    const c10::Device device = model::resolveDevice(trainOptions.device);
    Answers a = loadAnswers(workspace, trainOptions.backbone, trainOptions.device, trainOptions.cancel);
    if (a.people.empty()) {
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

    auto onEpoch = progressReporter(trainOptions, started, report.training.curve);
    Trained personal = trainOn(a, split, trainOptions, device, onEpoch);
    report.training.bestEpoch = personal.result.bestEpoch;
    report.training.cancelled = personal.result.cancelled;
    report.training.trainPeople = personal.data.people;
    report.training.trainRatings = int(personal.data.ratings.size());
    report.training.trainChoices = int(personal.data.choices.size());
    report.training.heldOutPeople = report.heldOutPeople;
    report.training.heldOutImages = report.heldOutImages;
    if (personal.result.cancelled) return report;
    TrainOptions populationOptions = trainOptions;
    populationOptions.personalized = false;
    populationOptions.onProgress = nullptr;
    Trained population = trainOn(a, split, populationOptions, device, nullptr);
    if (population.result.cancelled) {
        report.training.cancelled = true;
        return report;
    }

    Evaluator ev{a, split, options, agents, personal.images, a.promptVectors.to(device), population.images, {},
        std::mt19937_64(12345)};
    const model::RewardModel& m = *personal.model;
    std::mt19937_64 rng(trainOptions.split.seed * 7 + 3);

    // Seen people on images never trained on: learned embedding, and in-context from their training answers.
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] != Train) continue;
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
    }

    // Held-out people, represented from N_ref of their own answers; the rest are predicted.
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] != HeldOut) continue;
        const double med = personMedian(a.answers[p]);
        for (int nRef : options.nRefs) {
            for (int rep = 0; rep < std::max(1, options.repetitions); ++rep) {
                auto answers = a.answers[p].first;
                std::shuffle(answers.begin(), answers.end(), rng);
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
                        const auto pred = model::predictEpisode(m, ev.images, ev.prompts, *episode, mode);
                        ev.addPredictions(
                            "held-out", imageSet, methodName(mode), nRef, int(p), pred.scores, *episode, med);
                    }
                    ev.baselines("held-out", imageSet, nRef, int(p), *episode, med, *population.model);
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
        for (const auto& variant : variants) {
            if (trainOptions.cancel && trainOptions.cancel->load()) break;
            TrainOptions o = trainOptions;
            o.losses = variant.losses;
            o.onProgress = nullptr;
            Trained t = variant.name == "all losses" ? Trained{} : trainOn(a, split, o, device, nullptr);
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
    report.training.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    report.seconds = report.training.seconds;
    return report;
}

const MetricRow* EvaluationReport::find(
    const std::string& people, const std::string& images, const std::string& method, int nRef) const
{
    for (const auto& row : rows) {
        if (row.people == people && row.images == images && row.method == method && row.nRef == nRef) return &row;
    }
    return nullptr;
}

std::string EvaluationReport::toJson() const
{
    using storage::JsonValue;
    JsonValue::Array rowList, ablationList, nRefList, heldOut;
    for (const auto& r : rows) {
        rowList.emplace_back(JsonValue::Object{
            {"people", JsonValue(r.people)},
            {"images", JsonValue(r.images)},
            {"method", JsonValue(r.method)},
            {"n_ref", JsonValue(r.nRef)},
            {"pairwise_accuracy", number(r.pairwise)},
            {"one_vs_three_top1", number(r.top1)},
            {"one_vs_three_top2", number(r.top2)},
            {"one_vs_three_top3", number(r.top3)},
            {"spearman", number(r.spearman)},
            {"pearson", number(r.pearson)},
            {"margin_accuracy", number(r.marginAccuracy)},
            {"mae", number(r.mae)},
            {"pairs", JsonValue(r.pairs)},
            {"persons", JsonValue(r.persons)},
        });
    }
    for (const auto& r : ablation) {
        ablationList.emplace_back(
            JsonValue::Object{{"variant", JsonValue(r.variant)}, {"seen_pairwise_accuracy", number(r.seenPairwise)},
                {"held_out_pairwise_accuracy", number(r.heldOutPairwise)}});
    }
    for (int n : nRefs) nRefList.emplace_back(n);
    for (const auto& name : heldOutPeople) heldOut.emplace_back(name);
    JsonValue::Array curve;
    for (const auto& e : training.curve) {
        curve.emplace_back(JsonValue::Object{{"epoch", JsonValue(e.epoch)}, {"train_loss", number(e.trainLoss)},
            {"validation_loss", number(e.validationLoss)}, {"validation_accuracy", number(e.validationAccuracy)}});
    }
    return storage::toJson(JsonValue(JsonValue::Object{
        {"backbone", JsonValue(backbone)},
        {"tie_margin", JsonValue(tieMargin)},
        {"n_refs", JsonValue(std::move(nRefList))},
        {"primary_n_ref", JsonValue(primaryNRef)},
        {"held_out_people", JsonValue(std::move(heldOut))},
        {"held_out_images", JsonValue(heldOutImages)},
        {"best_epoch", JsonValue(training.bestEpoch)},
        {"training_curve", JsonValue(std::move(curve))},
        {"rows", JsonValue(std::move(rowList))},
        {"ablation", JsonValue(std::move(ablationList))},
        {"seconds", JsonValue(seconds)},
    }));
}

std::string EvaluationReport::toText() const
{
    std::string out =
        fmt::format("Personal reward model on {} (tie margin {:.2f}; accuracies in %)\n", backbone, tieMargin);
    out += fmt::format("Held out: {} people ({}), {} images never trained on\n", heldOutPeople.size(),
        fmt::join(heldOutPeople, " "), heldOutImages);
    out += fmt::format("{:<9} {:<6} {:<24} {:>5} {:>9} {:>16} {:>8} {:>8} {:>7} {:>5} {:>6}\n", "people", "images",
        "method", "N_ref", "pairwise", "1v3 top-1/2/3", "Spearman", "Pearson", "margin", "MAE", "pairs");
    auto print = [&](const MetricRow& r) {
        out += fmt::format("{:<9} {:<6} {:<24} {:>5} {:>9} {:>16} {:>8} {:>8} {:>7} {:>5} {:>6}\n", r.people, r.images,
            r.method, r.nRef ? std::to_string(r.nRef) : std::string("-"), percent(r.pairwise),
            fmt::format("{}/{}/{}", percent(r.top1), percent(r.top2), percent(r.top3)), fixed(r.spearman),
            fixed(r.pearson), percent(r.marginAccuracy), fixed(r.mae), r.pairs);
    };
    for (const auto& r : rows) {
        if (r.nRef == 0 || r.nRef == primaryNRef) print(r);
    }
    out += "\nHeld-out people, pairwise accuracy by N_ref (all images):\n";
    std::vector<std::string> methods;
    for (const auto& r : rows) {
        if (r.people == "held-out" && r.images == "all" && r.nRef > 0
            && std::find(methods.begin(), methods.end(), r.method) == methods.end()) {
            methods.push_back(r.method);
        }
    }
    out += fmt::format("{:<24}", "method");
    for (int n : nRefs) out += fmt::format(" {:>6}", fmt::format("N={}", n));
    out += "\n";
    for (const auto& method : methods) {
        out += fmt::format("{:<24}", method);
        for (int n : nRefs) {
            const MetricRow* r = find("held-out", "all", method, n);
            out += fmt::format(" {:>6}", r ? percent(r->pairwise) : std::string("-"));
        }
        out += "\n";
    }
    if (!ablation.empty()) {
        out +=
            fmt::format("\nAblation (pairwise accuracy; held-out people with N_ref = {}, mixture fit):\n", primaryNRef);
        for (const auto& r : ablation) {
            out += fmt::format("  {:<40} seen {:>6}  held-out {:>6}\n", r.variant, percent(r.seenPairwise),
                percent(r.heldOutPairwise));
        }
    }
    return out;
}

void writeEvaluationChart(const EvaluationReport& report, const fs::path& png)
{
    const int width = 900, height = 560, left = 80, right = 260, top = 50, bottom = 70;
    cv::Mat canvas(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
    const int plotW = width - left - right, plotH = height - top - bottom;
    const double lo = 0.4, hi = 1.0;
    auto yOf = [&](double v) { return top + int((hi - std::clamp(v, lo, hi)) / (hi - lo) * plotH); };
    const int n = int(report.nRefs.size());
    auto xOf = [&](int i) { return left + (n <= 1 ? plotW / 2 : i * plotW / (n - 1)); };
    const auto font = cv::FONT_HERSHEY_SIMPLEX;
    for (double v = lo; v <= hi + 1e-9; v += 0.1) {
        cv::line(canvas, {left, yOf(v)}, {left + plotW, yOf(v)}, cv::Scalar(225, 225, 225), 1, cv::LINE_AA);
        cv::putText(canvas, fmt::format("{:.0f}%", v * 100), {left - 55, yOf(v) + 5}, font, 0.45,
            cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    }
    for (int i = 0; i < n; ++i) {
        cv::putText(canvas, std::to_string(report.nRefs[std::size_t(i)]), {xOf(i) - 6, top + plotH + 22}, font, 0.5,
            cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    }
    cv::rectangle(canvas, {left, top}, {left + plotW, top + plotH}, cv::Scalar(120, 120, 120), 1);
    cv::putText(canvas, "Held-out people: pairwise accuracy (1 liked vs 1 disliked) by N_ref", {left, 30}, font, 0.55,
        cv::Scalar(20, 20, 20), 1, cv::LINE_AA);
    cv::putText(canvas, "N_ref (answers representing the person)", {left + plotW / 2 - 150, height - 20}, font, 0.5,
        cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    const std::vector<cv::Scalar> palette{{180, 119, 31}, {14, 127, 255}, {44, 160, 44}, {40, 39, 214}, {189, 103, 148},
        {75, 86, 140}, {194, 119, 227}, {127, 127, 127}};
    std::vector<std::string> methods;
    for (const auto& r : report.rows) {
        if (r.people == "held-out" && r.images == "all" && r.nRef > 0
            && std::find(methods.begin(), methods.end(), r.method) == methods.end()) {
            methods.push_back(r.method);
        }
    }
    int legendY = top + 10;
    for (std::size_t m = 0; m < methods.size(); ++m) {
        const cv::Scalar colour = palette[m % palette.size()];
        std::vector<cv::Point> points;
        for (int i = 0; i < n; ++i) {
            const MetricRow* r = report.find("held-out", "all", methods[m], report.nRefs[std::size_t(i)]);
            if (r && std::isfinite(r->pairwise)) points.emplace_back(xOf(i), yOf(r->pairwise));
        }
        for (std::size_t i = 1; i < points.size(); ++i)
            cv::line(canvas, points[i - 1], points[i], colour, 2, cv::LINE_AA);
        for (const auto& p : points) cv::circle(canvas, p, 4, colour, cv::FILLED, cv::LINE_AA);
        cv::line(canvas, {width - right + 15, legendY}, {width - right + 40, legendY}, colour, 2, cv::LINE_AA);
        cv::putText(
            canvas, methods[m], {width - right + 45, legendY + 5}, font, 0.42, cv::Scalar(30, 30, 30), 1, cv::LINE_AA);
        legendY += 22;
    }
    const MetricRow* ceiling = report.find("held-out", "all", "Noise ceiling (retest)", 0);
    if (ceiling && std::isfinite(ceiling->pairwise)) {
        const int y = yOf(ceiling->pairwise);
        for (int x = left; x < left + plotW; x += 12)
            cv::line(canvas, {x, y}, {x + 6, y}, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
        cv::putText(canvas, "noise ceiling (retest)", {width - right + 45, legendY + 5}, font, 0.42,
            cv::Scalar(30, 30, 30), 1, cv::LINE_AA);
        cv::line(
            canvas, {width - right + 15, legendY}, {width - right + 40, legendY}, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    }
    model::RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(std::size_t(width * height * 3));
    cv::Mat rgb(height, width, CV_8UC3, image.pixels.data());
    cv::cvtColor(canvas, rgb, cv::COLOR_BGR2RGB);
    const auto bytes = model::encodePng(image);
    if (!png.parent_path().empty()) fs::create_directories(png.parent_path());
    storage::writeFileAtomically(png, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// ---------------------------------------------------------------------------------------------
// Scoring with a saved checkpoint.

struct RewardScorer::State {
    Workspace* workspace = nullptr;
    ScoreOptions options;
    std::unique_ptr<model::Backbone> backbone;
    std::unique_ptr<model::RewardModel> model;
    fs::path checkpoint;
    bool tuned = false;  // the checkpoint carries fine-tuned backbone blocks: cached vectors are stale
    bool frozen = false;  // the model's parameters no longer collect gradients (steering)
    std::map<std::string, int> embeddingOf;  // pseudonym -> embedding index
    std::map<std::int64_t, at::Tensor> people;  // person id -> representation
    std::map<std::int64_t, std::pair<at::Tensor, at::Tensor>> items;  // image id -> (image, prompt) vectors

    std::pair<at::Tensor, at::Tensor> vectorsOf(std::int64_t imageId)
    {
        const auto cached = items.find(imageId);
        if (cached != items.end()) return cached->second;
        storage::ImageStore store(workspace->database());
        const auto image = store.findById(imageId);
        if (!image) throw std::invalid_argument(fmt::format("no image with id {} in this workspace", imageId));
        storage::EmbeddingCache cache(workspace->database());
        auto vector = tuned ? std::nullopt : cache.get(image->sha256, model->config().backbone);
        at::Tensor v;
        if (vector) {
            v = at::tensor(*vector, at::kFloat);
        } else {
            const fs::path file = verifiedImageFile(*workspace, *image);
            at::NoGradGuard noGrad;
            v = encodeFile(file);
        }
        const at::Tensor p =
            model::hashedBagOfWords({image->prompt.value_or("")}, model::LookFeatures::kTextDim).squeeze(0);
        return items[imageId] = {v.to(model->device()), p.to(model->device())};
    }

    at::Tensor encodeFile(const fs::path& file)
    {
        at::NoGradGuard noGrad;
        return backbone->encodeImages(loadImageForEncoding(file).unsqueeze(0)).squeeze(0).to(at::kCPU, at::kFloat);
    }
};

RewardScorer::RewardScorer(Workspace& workspace, const ScoreOptions& options)
    : state_(std::make_unique<State>())
{
    state_->workspace = &workspace;
    state_->options = options;
    state_->backbone = makeBackbone(options.backbone);
    const std::string backboneKey = state_->backbone->cacheKey();
    fs::path file;
    if (options.checkpoint) {
        file = *options.checkpoint;
    } else {
        const auto record = storage::CheckpointStore(workspace.database()).latest(backboneKey);
        if (!record) {
            throw std::runtime_error(fmt::format("no reward model for backbone '{}' in this workspace yet: train one "
                                                 "first (tastelab-cli train)",
                backboneKey));
        }
        file = workspace.modelsDir() / record->path;
    }
    std::map<std::string, std::string> metadata;
    std::vector<std::pair<std::string, at::Tensor>> tuned;
    // A checkpoint for another backbone is refused by name (its vectors would mean nothing here).
    state_->model =
        std::make_unique<model::RewardModel>(model::RewardModel::load(file, backboneKey, &metadata, &tuned));
    if (!tuned.empty()) {
        // The backbone's tail was fine-tuned with the model: load it, and encode images with it, not the cache.
        std::map<std::string, at::Tensor> tail;
        for (auto& [name, tensor] : state_->backbone->imageTowerTail(1 << 20)) tail[name] = tensor;
        at::NoGradGuard noGrad;
        for (const auto& [name, tensor] : tuned) {
            const auto it = tail.find(name);
            if (it == tail.end() || it->second.sizes() != tensor.sizes()) {
                throw model::CheckpointError(
                    fmt::format("{}: tuned backbone tensor '{}' does not fit {}", file.string(), name, backboneKey));
            }
            it->second.copy_(tensor);
        }
        state_->tuned = true;
    }
    state_->model->to(model::resolveDevice(options.device));
    state_->checkpoint = file;
    if (const auto people = metadata.find("people"); people != metadata.end()) {
        int index = 0;
        const storage::JsonValue names = storage::parseJson(people->second, file.string());
        for (const auto& name : names.asArray()) {
            state_->embeddingOf[name.asString()] = index++;
        }
    }
}

RewardScorer::~RewardScorer() = default;
RewardScorer::RewardScorer(RewardScorer&&) noexcept = default;
RewardScorer& RewardScorer::operator=(RewardScorer&&) noexcept = default;

const fs::path& RewardScorer::checkpoint() const
{
    return state_->checkpoint;
}

double RewardScorer::refresh(std::int64_t personId)
{
    const auto started = Clock::now();
    storage::Database& db = state_->workspace->database();
    const auto person = storage::PeopleStore(db).findById(personId);
    if (!person) throw std::invalid_argument(fmt::format("no person with id {}", personId));
    const model::RewardModel& m = *state_->model;
    const auto seen = state_->embeddingOf.find(person->pseudonym);
    if (seen != state_->embeddingOf.end() && m.config().personalized) {
        at::NoGradGuard noGrad;
        state_->people[personId] =
            m.personEmbedding(at::tensor({std::int64_t(seen->second)}, at::kLong).to(m.device())).squeeze(0);
    } else {
        const std::vector<double> v = personVectorFromAnswers(personId);
        state_->people[personId] = at::tensor(v, at::kDouble).to(m.device(), at::kFloat);
    }
    return std::chrono::duration<double>(Clock::now() - started).count();
}

double RewardScorer::refitFromAnswers(std::int64_t personId)
{
    const auto started = Clock::now();
    const model::RewardModel& m = *state_->model;
    const std::vector<double> v = personVectorFromAnswers(personId);
    state_->people[personId] = at::tensor(v, at::kDouble).to(m.device(), at::kFloat);
    return std::chrono::duration<double>(Clock::now() - started).count();
}

std::vector<double> RewardScorer::score(std::int64_t personId, const std::vector<std::int64_t>& imageIds)
{
    if (!state_->people.count(personId)) refresh(personId);
    if (imageIds.empty()) return {};
    std::vector<at::Tensor> images, prompts;
    for (auto id : imageIds) {
        const auto [image, prompt] = state_->vectorsOf(id);
        images.push_back(image);
        prompts.push_back(prompt);
    }
    at::NoGradGuard noGrad;
    const model::RewardModel& m = *state_->model;
    const at::Tensor items = m.encodeItems(at::stack(images), at::stack(prompts));
    const at::Tensor scores =
        m.head(items, state_->people[personId].unsqueeze(0)).score().to(at::kDouble).cpu().contiguous();
    return {scores.data_ptr<double>(), scores.data_ptr<double>() + scores.numel()};
}

at::Tensor RewardScorer::scorePixels(std::int64_t personId, const at::Tensor& images, const std::string& prompt)
{
    return scorePixels(personId, images, std::vector<std::string>(static_cast<std::size_t>(images.size(0)), prompt));
}

at::Tensor RewardScorer::scorePixels(
    std::int64_t personId, const at::Tensor& images, const std::vector<std::string>& prompts, double contrast)
{
    if (static_cast<std::int64_t>(prompts.size()) != images.size(0)) {
        throw std::invalid_argument(
            fmt::format("scorePixels: {} prompts for {} images", prompts.size(), images.size(0)));
    }
    if (!state_->people.count(personId)) refresh(personId);
    model::RewardModel& m = *state_->model;
    if (!state_->frozen) {
        for (auto& p : m.parameters()) p.requires_grad_(false);
        state_->frozen = true;
    }
    const at::Tensor vectors = state_->backbone->encodeImages(images.to(m.device())).to(at::kFloat);
    const at::Tensor promptVector = model::hashedBagOfWords(prompts, model::LookFeatures::kTextDim).to(m.device());
    const at::Tensor person = state_->people[personId].unsqueeze(0).expand({vectors.size(0), -1});
    const at::Tensor items = m.encodeItems(vectors, promptVector);
    const at::Tensor score = m.head(items, person).score();
    if (contrast == 0.0) return score;
    const at::Tensor population = m.populationVector().unsqueeze(0).expand({vectors.size(0), -1});
    return score - contrast * m.head(items, population).score();
}

bool RewardScorer::hasSharedTextSpace() const
{
    const model::Backbone* backbone = state_->backbone.get();
    return dynamic_cast<const model::ClipModel*>(backbone) != nullptr
        || dynamic_cast<const model::SiglipModel*>(backbone) != nullptr;
}

at::Tensor RewardScorer::promptAlignment(const at::Tensor& images, const std::string& prompt)
{
    if (!hasSharedTextSpace()) {
        throw std::logic_error(fmt::format("the backbone '{}' has no text tower sharing its image space (use a CLIP or "
                                           "SigLIP backbone for the prompt-alignment term)",
            state_->backbone->id()));
    }
    const model::Backbone& backbone = *state_->backbone;
    const at::Tensor imageVectors = backbone.encodeImages(images).to(at::kFloat);
    at::Tensor textVector;
    {
        at::NoGradGuard noGrad;
        textVector = backbone.encodeTexts({prompt}).to(imageVectors.device(), at::kFloat);
    }
    return at::cosine_similarity(imageVectors, textVector.expand_as(imageVectors), 1);
}

std::string RewardScorer::backboneKey() const
{
    return state_->model->config().backbone;
}

std::vector<ScoredImage> RewardScorer::scoreFiles(std::int64_t personId, const std::vector<fs::path>& files)
{
    if (!state_->people.count(personId)) refresh(personId);
    const model::RewardModel& m = *state_->model;
    const at::Tensor person = state_->people[personId];
    // Files outside the library have no prompt: an empty prompt, as for imported images without one.
    const at::Tensor prompt = model::hashedBagOfWords({""}, model::LookFeatures::kTextDim).to(m.device());
    std::vector<ScoredImage> out;
    for (const auto& file : files) {
        const at::Tensor vector = state_->encodeFile(file).to(m.device());
        at::NoGradGuard noGrad;
        const auto prediction = m.head(m.encodeItems(vector.unsqueeze(0), prompt), person.unsqueeze(0));
        out.push_back({file.string(), prediction.score().item<double>(), prediction.like().item<double>()});
    }
    return out;
}

std::vector<double> RewardScorer::personVector(std::int64_t personId)
{
    if (!state_->people.count(personId)) refresh(personId);
    const at::Tensor v = state_->people[personId].to(at::kDouble).cpu().contiguous();
    return {v.data_ptr<double>(), v.data_ptr<double>() + v.numel()};
}

std::vector<double> RewardScorer::personVectorFromAnswers(std::int64_t personId)
{
    const model::RewardModel& m = *state_->model;
    std::vector<at::Tensor> images, prompts;
    std::vector<float> values;
    std::set<std::int64_t> done;
    for (const auto& r : storage::AnswerStore(state_->workspace->database()).ratingsOf(personId)) {
        if (r.isCatch || r.isRepeat || !done.insert(r.imageId).second) continue;
        const auto [image, prompt] = state_->vectorsOf(r.imageId);
        images.push_back(image);
        prompts.push_back(prompt);
        values.push_back(float(r.value));
    }
    at::Tensor v;
    if (images.empty() || !m.config().personalized) {
        v = m.populationVector().detach();
    } else {
        v = model::fitMixture(m, at::stack(images), at::stack(prompts), at::tensor(values, at::kFloat).to(m.device()));
    }
    v = v.to(at::kDouble).cpu().contiguous();
    return {v.data_ptr<double>(), v.data_ptr<double>() + v.numel()};
}

bool RewardScorer::hasSeen(const std::string& pseudonym) const
{
    return state_->embeddingOf.count(pseudonym) > 0;
}

std::vector<ScoredImage> scoreImages(
    Workspace& workspace, const std::string& person, const std::vector<fs::path>& files, const ScoreOptions& options)
{
    const auto record = storage::PeopleStore(workspace.database()).findByPseudonym(person);
    if (!record) throw std::invalid_argument(fmt::format("no person '{}' in this workspace", person));
    RewardScorer scorer(workspace, options);
    return scorer.scoreFiles(record->id, files);
}

TasteProfile tasteProfile(Workspace& workspace, const std::string& person, const ScoreOptions& options)
{
    storage::Database& db = workspace.database();
    const auto record = storage::PeopleStore(db).findByPseudonym(person);
    if (!record) throw std::invalid_argument(fmt::format("no person '{}' in this workspace", person));
    RewardScorer scorer(workspace, options);
    std::vector<std::int64_t> ids;
    std::vector<std::map<std::string, double>> attributes;
    const auto images = storage::ImageStore(db).list();
    bool procedural = !images.empty();
    for (const auto& image : images) {
        const auto a = imageAttributes(image);
        if (!a) procedural = false;
    }
    TasteProfile profile;
    profile.person = person;
    std::vector<std::string> names;
    std::vector<std::vector<double>> columns;
    auto textBackbone = makeBackbone(options.backbone);
    const bool probes = textBackbone->id().rfind("look", 0) != 0 && textBackbone->textDim() == textBackbone->imageDim();
    storage::EmbeddingCache cache(db);
    if (probes) {
        // A backbone with a text tower in the same space: how close each image is to a phrase.
        profile.source = "text probes";
        names = {"vibrant colors", "muted colors", "minimalist", "highly detailed", "photorealistic", "watercolor",
            "oil painting", "anime", "dark and moody", "bright and airy", "geometric shapes", "soft focus"};
        at::NoGradGuard noGrad;
        at::Tensor text = textBackbone->encodeTexts(names).to(at::kCPU, at::kFloat);
        text = text / text.norm(2, -1, true).clamp_min(1e-12);
        columns.assign(names.size(), {});
        for (const auto& image : images) {
            auto v = cache.get(image.sha256, textBackbone->cacheKey());
            if (!v) continue;
            at::Tensor x = at::tensor(*v, at::kFloat);
            x = x / x.norm().clamp_min(1e-12);
            const at::Tensor similarity = at::matmul(text, x).contiguous();
            ids.push_back(image.id);
            for (std::size_t k = 0; k < names.size(); ++k)
                columns[k].push_back(similarity[std::int64_t(k)].item<double>());
        }
    } else if (procedural) {
        profile.source = "procedural attributes";
        for (auto name : model::visualAttributeNames()) names.emplace_back(name);
        columns.assign(names.size(), {});
        for (const auto& image : images) {
            const auto a = *imageAttributes(image);
            ids.push_back(image.id);
            for (std::size_t k = 0; k < names.size(); ++k)
                columns[k].push_back(a.count(names[k]) ? a.at(names[k]) : 0.5);
        }
    } else {
        // Measured look attributes: a readable subset of the look features.
        profile.source = "look attributes";
        const auto& featureNames = model::LookFeatures::featureNames();
        const std::vector<std::pair<std::string, std::string>> readable{{"brightness", "brightness"},
            {"tone_contrast", "contrast"}, {"colorfulness", "colourfulness"}, {"saturation", "saturation"},
            {"warmth", "warmth"}, {"sharpness", "sharpness"}, {"edge_density", "detail"},
            {"symmetry_left_right", "symmetry"}, {"lightness_entropy", "tonal complexity"},
            {"straight_edges_1", "straight edges"}, {"centre_vs_border_edges", "centred composition"}};
        std::vector<int> columnOf;
        for (const auto& [feature, label] : readable) {
            const auto it = std::find(featureNames.begin(), featureNames.end(), feature);
            if (it == featureNames.end()) continue;
            names.push_back(label);
            columnOf.push_back(int(it - featureNames.begin()));
        }
        columns.assign(names.size(), {});
        model::LookFeatures look;
        for (const auto& image : images) {
            auto v = cache.get(image.sha256, look.cacheKey());
            if (!v) continue;
            ids.push_back(image.id);
            for (std::size_t k = 0; k < names.size(); ++k) columns[k].push_back((*v)[std::size_t(columnOf[k])]);
        }
    }
    if (ids.size() < names.size() + 2) {
        throw std::runtime_error(fmt::format("too few images with {} vectors for a taste profile: compute the "
                                             "embeddings of the library first (tastelab-cli embed --backbone {})",
            probes ? textBackbone->cacheKey() : std::string("look-v2"), probes ? options.backbone : "look"));
    }
    const std::vector<double> scores = scorer.score(record->id, ids);
    // Attributes go together in real libraries (saturated images are often bright), so each effect is
    // a standardised coefficient of one regression on all attributes, not a plain correlation.
    const auto n = std::int64_t(ids.size());
    const auto k = std::int64_t(names.size());
    at::Tensor design = at::empty({n, k}, at::kDouble);
    for (std::int64_t j = 0; j < k; ++j) {
        design.select(1, j).copy_(at::tensor(columns[std::size_t(j)], at::kDouble));
    }
    at::Tensor target = at::tensor(scores, at::kDouble);
    design = (design - design.mean(0)) / design.std(0).clamp_min(1e-9);
    target = (target - target.mean()) / target.std().clamp_min(1e-9);
    const at::Tensor gram = at::matmul(design.t(), design) / double(n) + 1e-3 * at::eye(k, at::kDouble);
    const at::Tensor beta = at::linalg_solve(gram, at::matmul(design.t(), target) / double(n));
    for (std::int64_t j = 0; j < k; ++j) {
        const double b = beta[j].item<double>();
        profile.effects.push_back({names[std::size_t(j)], std::isfinite(b) ? b : 0.0});
    }
    std::sort(profile.effects.begin(), profile.effects.end(),
        [](const auto& x, const auto& y) { return x.effect > y.effect; });
    return profile;
}

PeopleMap peopleMap(Workspace& workspace, const ScoreOptions& options)
{
    storage::Database& db = workspace.database();
    RewardScorer scorer(workspace, options);
    const auto agents = readAgents(workspace);
    PeopleMap map;
    std::vector<std::vector<double>> points;
    std::vector<int> groups;
    bool allAgents = !agents.empty();
    storage::AnswerStore answers(db);
    for (const auto& person : storage::PeopleStore(db).list()) {
        if (answers.ratingsOf(person.id).empty()) continue;
        points.push_back(scorer.personVectorFromAnswers(person.id));
        PeopleMapPoint point;
        point.person = person.pseudonym;
        point.seen = scorer.hasSeen(person.pseudonym);
        const auto agent = agents.find(person.pseudonym);
        if (agent == agents.end())
            allAgents = false;
        else
            point.group = agent->second.group;
        map.points.push_back(point);
    }
    if (map.points.empty()) return map;
    if (allAgents) {
        map.groupSource = "simulated taste groups";
        for (const auto& p : map.points) groups.push_back(p.group);
    } else {
        const int k = std::max(1, std::min(4, int(points.size()) / 3));
        groups = model::kmeans(points, k, 1);
        for (std::size_t i = 0; i < groups.size(); ++i) map.points[i].group = groups[i];
        map.groupSource = fmt::format("k-means, k = {}", k);
    }
    map.silhouette = model::silhouette(points, groups);
    const auto projected = model::pca2d(points);
    for (std::size_t i = 0; i < projected.size(); ++i) {
        map.points[i].x = projected[i][0];
        map.points[i].y = projected[i][1];
    }
    return map;
}

ReferenceCheck checkReferences(const std::vector<fs::path>& liked, const std::vector<fs::path>& disliked,
    const std::string& backbone, const std::string& device)
{
    if (liked.size() < 2 || disliked.size() < 2) {
        throw std::invalid_argument("checking references needs at least two liked and two disliked images");
    }
    auto net = makeBackbone(backbone);
    const c10::Device where = model::resolveDevice(device);
    net->to(where, at::kFloat);
    ReferenceCheck check;
    check.backbone = net->cacheKey();
    std::vector<at::Tensor> vectors;
    std::vector<float> values;
    at::NoGradGuard noGrad;
    for (const auto* list : {&liked, &disliked}) {
        for (const auto& file : *list) {
            vectors.push_back(net->encodeImages(loadImageForEncoding(file).unsqueeze(0).to(where))
                                  .squeeze(0)
                                  .to(at::kCPU, at::kFloat));
            values.push_back(list == &liked ? 1.0f : 0.0f);
            check.items.push_back({file.string(), list == &liked, 0.0});
        }
    }
    const at::Tensor x = at::stack(vectors);
    const at::Tensor y = at::tensor(values, at::kFloat);
    const auto n = x.size(0);
    std::vector<double> scores, truth;
    for (std::int64_t i = 0; i < n; ++i) {
        const at::Tensor keep = at::cat({at::arange(0, i), at::arange(i + 1, n)});
        const at::Tensor others = x.index_select(0, keep);
        // Centred on the others' mean, each vector L2-normalised: the direction of taste, not brightness of a vector.
        const at::Tensor mean = others.mean(0);
        auto unit = [](const at::Tensor& t) { return t / t.norm(2, -1, true).clamp_min(1e-12); };
        const at::Tensor profile = model::ratingWeightedProfile(unit(others - mean), y.index_select(0, keep));
        const double score = at::dot(unit(x[i] - mean), profile).item<double>();
        check.items[std::size_t(i)].score = score;
        scores.push_back(score);
        truth.push_back(values[std::size_t(i)]);
    }
    const model::Accuracy accuracy = model::likedVsDisliked(scores, truth, 0.5);
    check.pairwise = accuracy.value();
    check.pairs = accuracy.total;
    return check;
}

}  // namespace tastelab::services

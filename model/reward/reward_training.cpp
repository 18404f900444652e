// The training loop (AdamW, early stopping, finite-loss guard) and the ways of representing a person.
#include "model/reward/reward_training.h"

#include "model/nn/fused_adamw.h"
#include "model/reward/preference_metrics.h"
#include "model/reward/rating_loss.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>
#include <torch/autograd.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

namespace tastelab::model {
namespace {

using Clock = std::chrono::steady_clock;

// Rows `index` (any shape) of `table` [rows, width]: [index..., width].
at::Tensor gatherRows(const at::Tensor& table, const at::Tensor& index)
{
    if (!table.defined()) return {};
    std::vector<std::int64_t> shape(index.sizes().begin(), index.sizes().end());
    shape.push_back(table.size(1));
    const at::Tensor flat = index.reshape({-1});
    // A plain row copy on the CPU: LibTorch's index_select takes about three times as long for the few hundred
    // 1024-wide rows of a training step (a tenth of the step).
    if (table.device().is_cpu() && flat.device().is_cpu() && table.scalar_type() == at::kFloat && table.is_contiguous()
        && flat.scalar_type() == at::kLong && !(at::GradMode::is_enabled() && table.requires_grad())) {
        const std::int64_t rows = table.size(0), width = table.size(1), count = flat.numel();
        at::Tensor out = at::empty({count, width}, table.options());
        const float* source = table.data_ptr<float>();
        float* target = out.data_ptr<float>();
        const at::Tensor positions = flat.contiguous();
        const std::int64_t* position = positions.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < count; ++i) {
            if (position[i] < 0 || position[i] >= rows) {
                throw TrainingError(fmt::format("row {} is outside the table of {} rows", position[i], rows));
            }
            std::memcpy(target + i * width, source + position[i] * width, std::size_t(width) * sizeof(float));
        }
        return out.view(shape);
    }
    return table.index_select(0, flat).view(shape);
}

at::Tensor indexTensor(const std::vector<int>& values, c10::Device device)
{
    std::vector<std::int64_t> wide(values.begin(), values.end());
    return at::tensor(wide, at::kLong).to(device);
}

ReferenceBatch singleReferences(const RewardModel& model, const at::Tensor& images, const at::Tensor& prompts,
    const std::vector<int>& indices, const std::vector<float>& values)
{
    const c10::Device device = model.device();
    const at::Tensor index = indexTensor(indices, device).unsqueeze(0);
    ReferenceBatch refs;
    refs.images = gatherRows(images, index);
    refs.prompts = gatherRows(prompts, index);
    refs.values = at::tensor(values, at::kFloat).to(device).unsqueeze(0);
    refs.mask = at::ones({1, std::int64_t(indices.size())}, at::TensorOptions(at::kBool).device(device));
    return refs;
}

struct PersonIndex {
    std::vector<std::vector<int>> ratings;  // rating rows per person
    std::vector<std::vector<int>> choices;
    std::vector<float> median;
};

PersonIndex indexPeople(const PreferenceData& data)
{
    PersonIndex index;
    index.ratings.resize(std::size_t(data.people));
    index.choices.resize(std::size_t(data.people));
    index.median.resize(std::size_t(data.people), 0.5f);
    for (std::size_t i = 0; i < data.ratings.size(); ++i) {
        const int person = data.ratings[i].person;
        if (person < 0 || person >= data.people) {
            throw TrainingError(fmt::format("rating {} names person {}, outside 0..{}", i, person, data.people - 1));
        }
        index.ratings[std::size_t(person)].push_back(int(i));
    }
    for (std::size_t i = 0; i < data.choices.size(); ++i) {
        const int person = data.choices[i].person;
        if (person < 0 || person >= data.people) {
            throw TrainingError(fmt::format("choice {} names person {}, outside 0..{}", i, person, data.people - 1));
        }
        index.choices[std::size_t(person)].push_back(int(i));
    }
    for (int p = 0; p < data.people; ++p) {
        std::vector<double> values;
        for (int r : index.ratings[std::size_t(p)]) values.push_back(data.ratings[std::size_t(r)].value);
        if (!values.empty()) index.median[std::size_t(p)] = float(median(values));
    }
    return index;
}

void validateData(const PreferenceData& data, const RewardModel& model)
{
    const auto& c = model.config();
    if (!data.images.defined() || data.images.dim() != 2 || data.images.size(1) != c.imageDim) {
        throw TrainingError(fmt::format("the image vectors must be [images, {}]", c.imageDim));
    }
    if (c.textDim > 0
        && (!data.prompts.defined() || data.prompts.sizes() != at::IntArrayRef{data.images.size(0), c.textDim})) {
        throw TrainingError(fmt::format("the prompt vectors must be [{}, {}]", data.images.size(0), c.textDim));
    }
    if (!at::isfinite(data.images).all().item<bool>()) {
        throw TrainingError("an image vector holds NaN or infinity; recompute the embeddings");
    }
    if (c.personalized && data.people != c.people) {
        throw TrainingError(fmt::format("the data has {} people, the model {}", data.people, c.people));
    }
    const auto imageCount = data.images.size(0);
    for (const auto& r : data.ratings) {
        if (r.image < 0 || r.image >= imageCount || !(r.value >= 0.0f && r.value <= 1.0f)) {
            throw TrainingError(fmt::format("invalid rating: image {} value {}", r.image, r.value));
        }
    }
    for (const auto& ch : data.choices) {
        if (ch.winner < 0 || ch.winner >= imageCount || ch.loser < 0 || ch.loser >= imageCount) {
            throw TrainingError(fmt::format("invalid choice between images {} and {}", ch.winner, ch.loser));
        }
    }
    if (data.ratings.empty() && data.choices.empty()) throw TrainingError("there are no answers to train on");
}

PersonIndex validatedIndex(const PreferenceData& data, const RewardModel& model)
{
    validateData(data, model);
    return indexPeople(data);
}

// Profiles of the people seen, for the k-NN cold start of new people.
void storeKnownProfiles(RewardModel& model, const PreferenceData& data, const at::Tensor& images)
{
    const auto& mc = model.config();
    const c10::Device device = model.device();
    const PersonIndex people = indexPeople(data);
    at::NoGradGuard noGrad;
    std::vector<at::Tensor> profiles;
    for (int p = 0; p < data.people; ++p) {
        std::vector<int> rated;
        std::vector<float> values;
        for (int r : people.ratings[std::size_t(p)]) {
            rated.push_back(data.ratings[std::size_t(r)].image);
            values.push_back(data.ratings[std::size_t(r)].value);
        }
        if (rated.size() < 2) {
            profiles.push_back(at::zeros({mc.imageDim}, images.options()));
            continue;
        }
        const at::Tensor x = model.normalizeImages(images.index_select(0, indexTensor(rated, device)));
        profiles.push_back(ratingWeightedProfile(x, at::tensor(values, at::kFloat).to(device)));
    }
    model.setKnownProfiles(at::stack(profiles));
}

struct Validation {
    double loss = std::numeric_limits<double>::quiet_NaN();
    double accuracy = std::numeric_limits<double>::quiet_NaN();
};

Validation validate(
    const RewardModel& model, const at::Tensor& images, const at::Tensor& prompts, const std::vector<Episode>& episodes)
{
    Validation out;
    if (episodes.empty()) return out;
    double squared = 0;
    std::size_t count = 0;
    Accuracy accuracy;
    for (const auto& episode : episodes) {
        if (episode.images.empty()) continue;
        const PersonMode mode = !model.config().personalized ? PersonMode::Population
            : episode.person >= 0                            ? PersonMode::Embedding
                                                             : PersonMode::InContext;
        const Predictions p = predictEpisode(model, images, prompts, episode, mode);
        std::vector<double> truth(episode.values.begin(), episode.values.end());
        for (std::size_t i = 0; i < truth.size(); ++i) squared += (p.scores[i] - truth[i]) * (p.scores[i] - truth[i]);
        count += truth.size();
        accuracy += likedVsDisliked(p.scores, truth, median(truth));
    }
    out.loss = count ? squared / double(count) : out.loss;
    out.accuracy = accuracy.value();
    return out;
}

}  // namespace

std::string_view toString(PersonMode mode)
{
    switch (mode) {
    case PersonMode::Embedding:
        return "embedding";
    case PersonMode::InContext:
        return "in-context";
    case PersonMode::Neighbours:
        return "k-NN";
    case PersonMode::MixtureFit:
        return "mixture fit";
    case PersonMode::Population:
        return "population";
    }
    return "?";
}

struct RewardTrainingSteps::State {
    RewardModel& model;
    const PreferenceData& data;
    const TrainingConfig& config;
    const RewardModelConfig& mc;
    const c10::Device device;
    const PersonIndex people;
    at::Tensor images;
    at::Tensor prompts;
    std::mt19937_64 rng;
    std::vector<int> eligible;  // people with at least two ratings, drawn in proportion to their ratings
    std::discrete_distribution<int> pickPerson;
    std::uniform_real_distribution<double> uniform{0.0, 1.0};
    std::unique_ptr<FusedAdamW> optimizer;
    int steps = 1;
    int choiceBatch = 0;
    std::vector<int> slotOf;  // image -> its row among a step's distinct images
    at::TensorOptions boolOptions;

    State(RewardModel& model, const PreferenceData& data, const TrainingConfig& config)
        : model(model)
        , data(data)
        , config(config)
        , mc(model.config())
        , device(model.device())
        , people(validatedIndex(data, model))
        , rng(config.seed)
        , slotOf(std::size_t(data.images.size(0)), -1)
        , boolOptions(at::TensorOptions(at::kBool).device(device))
    {
        // Standardise with the statistics of the images that are trained on.
        {
            std::vector<int> used;
            for (const auto& r : data.ratings) used.push_back(r.image);
            for (const auto& c : data.choices) used.insert(used.end(), {c.winner, c.loser});
            std::sort(used.begin(), used.end());
            used.erase(std::unique(used.begin(), used.end()), used.end());
            const at::Tensor trained = data.images.index_select(0, indexTensor(used, data.images.device()));
            model.setImageStatistics(trained.mean(0).to(device), trained.std(0).to(device) + 1e-3);
        }
        images = data.images.to(device, at::kFloat);
        if (config.encoder) {
            for (const at::Tensor& p : config.encoder->parameters) p.set_requires_grad(true);
        }
        prompts = data.prompts.defined() && mc.textDim > 0 ? data.prompts.to(device, at::kFloat) : at::Tensor();

        at::manual_seed(config.seed);
        std::vector<double> weights;
        for (int p = 0; p < data.people; ++p) {
            if (people.ratings[std::size_t(p)].size() >= 2) {
                eligible.push_back(p);
                weights.push_back(double(people.ratings[std::size_t(p)].size()));
            }
        }
        pickPerson = std::discrete_distribution<int>(weights.begin(), weights.end());

        std::vector<FusedAdamW::Group> groups{{model.parameters(), config.learningRate, config.weightDecay}};
        if (config.encoder && !config.encoder->parameters.empty()) {
            groups.push_back({config.encoder->parameters, config.learningRate * config.encoder->learningRateScale,
                config.weightDecay});
        }
        optimizer = std::make_unique<FusedAdamW>(std::move(groups));
        const int batchAnswers = config.peoplePerBatch * config.targetsPerPerson;
        steps = std::max(1, int((data.ratings.size() + data.choices.size() / 2 + batchAnswers - 1) / batchAnswers));
        // Choices are sampled in proportion to their share of the answers, so that every answer weighs about
        // the same per epoch (oversampled choices overfit the person embeddings before the item tower learns).
        choiceBatch = data.ratings.empty()
            ? batchAnswers
            : std::clamp(
                int(std::lround(double(batchAnswers) * double(data.choices.size()) / double(data.ratings.size()))), 8,
                batchAnswers);
    }

    // The vectors of image rows [..]: read, or computed through the backbone when fine-tuning.
    at::Tensor imageRows(const at::Tensor& rows) const
    {
        if (!config.encoder) return gatherRows(images, rows);
        std::vector<std::int64_t> shape(rows.sizes().begin(), rows.sizes().end());
        shape.push_back(images.size(1));
        return config.encoder->encode(rows.reshape({-1})).to(at::kFloat).view(shape);
    }

    // One step's answers: people with their targets and references (rows padded to the batch's most references),
    // and choices, all as image rows.
    struct Batch {
        bool rateStep = false;
        bool choiceStep = false;
        int batch = 0;  // people in the rating part
        int targets = 0;
        int maxRefs = 1;
        std::vector<int> personIndex, targetImage, refImage;
        std::vector<float> targetValue, refValue;
        std::vector<std::uint8_t> targetMask, refMask, liked, disliked, useEmbedding, dropPerson;
        std::vector<int> who, winner, loser;  // choices: person, winner and loser rows
    };
    Batch sample();
    // The weighted loss of a batch: one pass of the item tower over its distinct images, then the rating terms and
    // the choices' Bradley-Terry term.
    at::Tensor batchLoss(const Batch& b);
    double step();
};

RewardTrainingSteps::State::Batch RewardTrainingSteps::State::sample()
{
    Batch out;
    out.rateStep = !eligible.empty() && data.ratings.size() >= 2;
    out.choiceStep = config.losses.choices > 0 && !data.choices.empty();
    out.batch = out.rateStep ? config.peoplePerBatch : 0;
    out.targets = config.targetsPerPerson;
    if (out.rateStep) {
        out.personIndex.assign(std::size_t(out.batch), 0);
        std::vector<std::vector<int>> targetRows(static_cast<std::size_t>(out.batch));
        std::vector<std::vector<int>> refRows(static_cast<std::size_t>(out.batch));
        for (int b = 0; b < out.batch; ++b) {
            const int person = eligible[std::size_t(pickPerson(rng))];
            out.personIndex[std::size_t(b)] = person;
            std::vector<int> rows = people.ratings[std::size_t(person)];
            std::shuffle(rows.begin(), rows.end(), rng);
            const int count = int(rows.size());
            const int nTargets = std::min(out.targets, std::max(1, count / 2));
            const int available = count - nTargets;
            const int nRefs =
                available > 0 ? 1 + int(rng() % std::uint64_t(std::min(config.maxReferences, available))) : 0;
            targetRows[std::size_t(b)].assign(rows.begin(), rows.begin() + nTargets);
            refRows[std::size_t(b)].assign(rows.begin() + nTargets, rows.begin() + nTargets + nRefs);
            out.maxRefs = std::max(out.maxRefs, nRefs);
        }
        const std::size_t targetCount = std::size_t(out.batch * out.targets),
                          refCount = std::size_t(out.batch * out.maxRefs);
        out.targetImage.assign(targetCount, 0);
        out.refImage.assign(refCount, 0);
        out.targetValue.assign(targetCount, 0.5f);
        out.refValue.assign(refCount, 0.5f);
        out.targetMask.assign(targetCount, 0);
        out.refMask.assign(refCount, 0);
        out.liked.assign(targetCount, 0);
        out.disliked.assign(targetCount, 0);
        out.useEmbedding.assign(std::size_t(out.batch), 0);
        out.dropPerson.assign(std::size_t(out.batch), 0);
        for (int b = 0; b < out.batch; ++b) {
            const float med = people.median[std::size_t(out.personIndex[std::size_t(b)])];
            for (std::size_t t = 0; t < targetRows[std::size_t(b)].size(); ++t) {
                const auto& r = data.ratings[std::size_t(targetRows[std::size_t(b)][t])];
                const std::size_t at = std::size_t(b * out.targets) + t;
                out.targetImage[at] = r.image;
                out.targetValue[at] = r.value;
                out.targetMask[at] = 1;
                out.liked[at] = r.value > med;
                out.disliked[at] = r.value < med;
            }
            for (std::size_t t = 0; t < refRows[std::size_t(b)].size(); ++t) {
                const auto& r = data.ratings[std::size_t(refRows[std::size_t(b)][t])];
                const std::size_t at = std::size_t(b * out.maxRefs) + t;
                out.refImage[at] = r.image;
                out.refValue[at] = r.value;
                out.refMask[at] = 1;
            }
            out.useEmbedding[std::size_t(b)] =
                refRows[std::size_t(b)].empty() || uniform(rng) < config.embeddingProbability;
            out.dropPerson[std::size_t(b)] = uniform(rng) < config.personDropout;
        }
    }
    if (out.choiceStep) {
        for (int c = 0; c < choiceBatch; ++c) {
            const auto& choice = data.choices[rng() % data.choices.size()];
            out.who.push_back(choice.person);
            out.winner.push_back(choice.winner);
            out.loser.push_back(choice.loser);
        }
    }
    return out;
}

at::Tensor RewardTrainingSteps::State::batchLoss(const Batch& b)
{
    std::vector<at::Tensor> terms;
    std::vector<double> termWeights;
    // The costly first layer (and the backbone, when tuned) runs once per distinct image of the step;
    // padding rows (masked out below) point at any of them. Row order: b.targets, references, winners, losers.
    std::vector<int> distinct, slots;
    auto addRow = [&](int image, bool real) {
        if (real && slotOf[std::size_t(image)] < 0) {
            slotOf[std::size_t(image)] = int(distinct.size());
            distinct.push_back(image);
        }
        slots.push_back(real ? slotOf[std::size_t(image)] : -1);
    };
    for (std::size_t i = 0; i < b.targetImage.size(); ++i) addRow(b.targetImage[i], b.targetMask[i] != 0);
    for (std::size_t i = 0; i < b.refImage.size(); ++i) addRow(b.refImage[i], b.refMask[i] != 0);
    for (int image : b.winner) addRow(image, true);
    for (int image : b.loser) addRow(image, true);
    if (distinct.empty() && !slots.empty()) distinct.push_back(0);
    for (int& slot : slots) slot = std::max(slot, 0);
    for (int image : distinct) slotOf[std::size_t(image)] = -1;
    at::Tensor allItems;
    if (!slots.empty()) {
        const at::Tensor rows = indexTensor(distinct, device);
        allItems = model.encodeItemRows(imageRows(rows), gatherRows(prompts, rows), indexTensor(slots, device));
    }
    std::int64_t offset = 0;
    auto takeItems = [&](std::int64_t count) {
        const at::Tensor part = allItems.narrow(0, offset, count);
        offset += count;
        return part;
    };
    if (b.rateStep) {
        auto boolTensor = [&](const std::vector<std::uint8_t>& v, std::vector<std::int64_t> shape) {
            return at::tensor(v, at::kByte).view(shape).to(boolOptions);
        };
        const at::Tensor tValue = at::tensor(b.targetValue, at::kFloat).view({b.batch, b.targets}).to(device);
        const at::Tensor tMask = boolTensor(b.targetMask, {b.batch, b.targets});
        const at::Tensor items = takeItems(std::int64_t(b.batch) * b.targets).view({b.batch, b.targets, -1});
        const at::Tensor refItems = takeItems(std::int64_t(b.batch) * b.maxRefs).view({b.batch, b.maxRefs, -1});
        at::Tensor person;
        if (mc.personalized) {
            ReferenceBatch refs;
            refs.items = refItems;
            refs.values = at::tensor(b.refValue, at::kFloat).view({b.batch, b.maxRefs}).to(device);
            refs.mask = boolTensor(b.refMask, {b.batch, b.maxRefs});
            const at::Tensor context = model.encodeReferences(refs).person;
            const at::Tensor embedding = model.personEmbedding(indexTensor(b.personIndex, device));
            person = at::where(boolTensor(b.useEmbedding, {b.batch, 1}), embedding, context);
            person =
                at::where(boolTensor(b.dropPerson, {b.batch, 1}), model.populationVector().expand_as(person), person);
        } else {
            person = model.populationVector().expand({b.batch, mc.hidden});
        }
        const PreferenceOutput out = model.head(items, person.unsqueeze(1));
        RatingLossInputs rated;
        rated.scoreLogit = out.scoreLogit;
        rated.likeLogit = out.likeLogit;
        rated.dislikeLogit = out.dislikeLogit;
        rated.values = tValue;
        rated.mask = tMask;
        rated.liked = boolTensor(b.liked, {b.batch, b.targets});
        rated.disliked = boolTensor(b.disliked, {b.batch, b.targets});
        // Regression, rating pairs, base and contrastive terms, each weighted (one autograd node on the CPU).
        const at::Tensor ratingTerms = ratingLoss(rated, config.losses, config.pairMargin);
        if (ratingTerms.defined()) {
            terms.push_back(ratingTerms);
            termWeights.push_back(1.0);
        }
    }
    if (b.choiceStep) {
        const at::Tensor person = mc.personalized ? model.personEmbedding(indexTensor(b.who, device))
                                                  : model.populationVector().expand({choiceBatch, mc.hidden});
        // Winners and losers (consecutive rows) through the head in one call: [2, choices].
        const at::Tensor s = model.head(takeItems(2 * choiceBatch).view({2, choiceBatch, -1}), person).scoreLogit;
        terms.push_back(at::softplus(s[1] - s[0]).mean());
        termWeights.push_back(config.losses.choices);
    }
    if (terms.empty()) throw TrainingError("every loss is switched off, or no loss applies to this data");
    at::Tensor loss = terms[0] * termWeights[0];
    for (std::size_t t = 1; t < terms.size(); ++t) loss = loss + terms[t] * termWeights[t];
    return loss;
}

double RewardTrainingSteps::State::step()
{
    // Sampling first (the random stream is the same as when each part was encoded on its own), then one
    // pass of the item tower over every image the step uses: targets, references, winners and losers.
    const at::Tensor loss = batchLoss(sample());
    const double value = loss.item<double>();
    if (!std::isfinite(value)) return value;  // no weight changes: the caller keeps the best weights
    optimizer->zeroGrad();
    loss.backward();
    optimizer->step(5.0);  // AdamW after clipping the gradient norm to 5
    return value;
}

RewardTrainingSteps::RewardTrainingSteps(RewardModel& model, const PreferenceData& data, const TrainingConfig& config)
    : state_(std::make_unique<State>(model, data, config))
{
}

RewardTrainingSteps::~RewardTrainingSteps() = default;

int RewardTrainingSteps::stepsPerEpoch() const
{
    return state_->steps;
}

double RewardTrainingSteps::step()
{
    return state_->step();
}

const at::Tensor& RewardTrainingSteps::images() const
{
    return state_->images;
}

const at::Tensor& RewardTrainingSteps::prompts() const
{
    return state_->prompts;
}

void RewardTrainingSteps::reencode()
{
    const ImageEncoder* encoder = state_->config.encoder;
    if (!encoder) return;
    at::NoGradGuard noGrad;
    std::vector<at::Tensor> parts;
    const std::int64_t count = state_->data.images.size(0);
    for (std::int64_t start = 0; start < count; start += encoder->batchSize) {
        const at::Tensor rows =
            at::arange(start, std::min(count, start + encoder->batchSize), at::kLong).to(state_->device);
        parts.push_back(encoder->encode(rows).to(at::kFloat));
    }
    state_->images = at::cat(parts).to(state_->device);
}

TrainingResult trainRewardModel(RewardModel& model, const PreferenceData& data, const std::vector<Episode>& validation,
    const TrainingConfig& config)
{
    RewardTrainingSteps steps(model, data, config);
    const ImageEncoder* encoder = config.encoder;
    TrainingResult result;
    double bestLoss = std::numeric_limits<double>::infinity();
    std::vector<std::pair<std::string, at::Tensor>> best;
    std::vector<at::Tensor> bestEncoder;
    auto snapshot = [&] {
        best.clear();
        for (auto& [name, tensor] : model.namedTensors()) best.emplace_back(name, tensor.detach().clone());
        bestEncoder.clear();
        if (encoder) {
            for (const at::Tensor& p : encoder->parameters) bestEncoder.push_back(p.detach().clone());
        }
    };
    auto restoreBest = [&] {
        if (!best.empty()) model.loadNamedTensors(best);
        if (encoder && !bestEncoder.empty()) {
            at::NoGradGuard noGrad;
            for (std::size_t i = 0; i < bestEncoder.size(); ++i) encoder->parameters[i].copy_(bestEncoder[i]);
        }
        if (encoder) {
            for (const at::Tensor& p : encoder->parameters) p.set_requires_grad(false);
        }
        model.train(false);
    };
    int sinceBest = 0;
    const auto started = Clock::now();

    for (int epoch = 1; epoch <= config.epochs; ++epoch) {
        model.train(true);
        double lossSum = 0;
        for (int step = 0; step < steps.stepsPerEpoch(); ++step) {
            if (config.cancel && config.cancel->load()) {
                result.cancelled = true;
                restoreBest();
                result.images = steps.images();
                return result;
            }
            const double value = steps.step();
            if (!std::isfinite(value)) {
                restoreBest();
                throw TrainingError(fmt::format("training stopped: the loss became {} at epoch {}, step {} (learning "
                                                "rate {}); the previous checkpoint is kept",
                    std::isnan(value) ? "NaN" : "infinite", epoch, step + 1, config.learningRate));
            }
            lossSum += value;
        }
        model.train(false);
        steps.reencode();
        EpochReport report;
        report.epoch = epoch;
        report.trainLoss = lossSum / steps.stepsPerEpoch();
        {
            at::NoGradGuard noGrad;
            const Validation v = validate(model, steps.images(), steps.prompts(), validation);
            report.validationLoss = v.loss;
            report.validationAccuracy = v.accuracy;
        }
        for (auto& [name, tensor] : model.namedTensors()) {
            if (!at::isfinite(tensor).all().item<bool>()) {
                restoreBest();
                throw TrainingError(fmt::format(
                    "training stopped: weight '{}' became NaN or infinite at epoch {}; the previous checkpoint is kept",
                    name, epoch));
            }
        }
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        result.epochs.push_back(report);
        const double criterion = std::isfinite(report.validationLoss) ? report.validationLoss : report.trainLoss;
        if (criterion < bestLoss - 1e-6) {
            bestLoss = criterion;
            result.bestEpoch = epoch;
            snapshot();
            sinceBest = 0;
        } else {
            ++sinceBest;
        }
        if (config.onEpoch) config.onEpoch(report);
        if (!validation.empty() && sinceBest >= config.patience) break;
    }
    restoreBest();
    steps.reencode();
    result.images = steps.images();
    if (model.config().personalized) storeKnownProfiles(model, data, result.images);
    return result;
}

at::Tensor fitMixture(const RewardModel& model, const at::Tensor& referenceImages, const at::Tensor& referencePrompts,
    const at::Tensor& referenceValues, int steps)
{
    ReferenceBatch refs;
    refs.images = referenceImages.unsqueeze(0);
    refs.prompts = referencePrompts.defined() ? referencePrompts.unsqueeze(0) : at::Tensor();
    refs.values = referenceValues.unsqueeze(0);
    refs.mask = at::ones({1, referenceImages.size(0)}, at::TensorOptions(at::kBool).device(referenceImages.device()));
    at::Tensor query, start, items;
    {
        at::NoGradGuard noGrad;
        const ContextEncoding context = model.encodeReferences(refs);
        query = context.query.detach();
        start = context.mixtureLogits.detach();
        items = model.encodeItems(referenceImages, referencePrompts).detach();
    }
    at::Tensor logits = start.clone().set_requires_grad(true);
    torch::optim::Adam optimizer({logits}, torch::optim::AdamOptions(0.05));
    const at::Tensor values = referenceValues.unsqueeze(0);
    const at::Tensor prefers = (values.unsqueeze(-1) - values.unsqueeze(-2)) > 0.05;
    torch::AutoGradMode enable(true);
    for (int step = 0; step < steps; ++step) {
        const at::Tensor person = model.personFromMixture(logits, query);  // [1, H]
        const PreferenceOutput out = model.head(items.unsqueeze(0), person.unsqueeze(1));
        at::Tensor loss = (out.score() - values).square().mean() + 0.01 * (logits - start).square().mean();
        if (referenceImages.size(0) > 1) loss = loss + 0.1 * pairwiseLoss(out.scoreLogit, prefers);
        // Only the mixture weights get gradients: the shared model stays as it is.
        const auto grads = torch::autograd::grad({loss}, {logits});
        logits.mutable_grad() = grads[0];
        optimizer.step();
    }
    at::NoGradGuard noGrad;
    return model.personFromMixture(logits.detach(), query).squeeze(0);
}

at::Tensor representPerson(const RewardModel& model, const at::Tensor& images, const at::Tensor& prompts,
    const Episode& episode, PersonMode mode)
{
    const c10::Device device = model.device();
    const bool hasRefs = !episode.referenceImages.empty();
    if (mode == PersonMode::Population || !model.config().personalized || (mode != PersonMode::Embedding && !hasRefs)) {
        return model.populationVector().detach();
    }
    if (mode == PersonMode::Embedding) {
        if (episode.person < 0) throw std::invalid_argument("a person the model has not seen has no learned embedding");
        at::NoGradGuard noGrad;
        return model.personEmbedding(indexTensor({episode.person}, device)).squeeze(0);
    }
    const ReferenceBatch refs =
        singleReferences(model, images, prompts, episode.referenceImages, episode.referenceValues);
    if (mode == PersonMode::InContext) {
        at::NoGradGuard noGrad;
        return model.encodeReferences(refs).person.squeeze(0);
    }
    if (mode == PersonMode::Neighbours) {
        at::NoGradGuard noGrad;
        const at::Tensor profile =
            ratingWeightedProfile(model.normalizeImages(refs.images.squeeze(0)), refs.values.squeeze(0));
        return model.personFromNeighbours(profile);
    }
    return fitMixture(model, refs.images.squeeze(0), refs.prompts.defined() ? refs.prompts.squeeze(0) : at::Tensor(),
        refs.values.squeeze(0));
}

Predictions predictEpisode(const RewardModel& model, const at::Tensor& images, const at::Tensor& prompts,
    const Episode& episode, PersonMode mode)
{
    const at::Tensor person = representPerson(model, images, prompts, episode, mode);
    at::NoGradGuard noGrad;
    const at::Tensor index = indexTensor(episode.images, model.device());
    const at::Tensor items = model.encodeItems(
        images.index_select(0, index), prompts.defined() ? prompts.index_select(0, index) : at::Tensor());
    const PreferenceOutput out = model.head(items, person.unsqueeze(0));
    const at::Tensor scores = out.score().to(at::kDouble).cpu().contiguous();
    const at::Tensor likes = out.like().to(at::kDouble).cpu().contiguous();
    Predictions p;
    p.scores.assign(scores.data_ptr<double>(), scores.data_ptr<double>() + scores.numel());
    p.likes.assign(likes.data_ptr<double>(), likes.data_ptr<double>() + likes.numel());
    return p;
}

}  // namespace tastelab::model

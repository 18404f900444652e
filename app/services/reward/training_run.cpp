// Training a reward model on a split: the training data, the validation episodes, the optional fine-tuning of the
// backbone's last blocks, and the progress of each epoch.
#include "app/services/reward/training_run.h"

#include "app/services/backbone_factory.h"
#include "app/services/image_library.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace fs = std::filesystem;

namespace tastelab::services::reward_internal {
namespace {

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

}  // namespace

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

PhaseTracker::PhaseTracker(
    std::vector<Phase> phases, std::function<void(const TrainingProgress&)> sink, Clock::time_point started)
    : phases_(std::move(phases))
    , sink_(std::move(sink))
    , started_(started)
{
    for (const Phase& phase : phases_) total_ += std::max(0.0, phase.share);
}

int PhaseTracker::find(const std::string& name) const
{
    for (std::size_t i = 0; i < phases_.size(); ++i) {
        if (phases_[i].name == name) return int(i);
    }
    return -1;
}

void PhaseTracker::report(int index, double fraction, TrainingProgress detail)
{
    if (index < 0 || std::size_t(index) >= phases_.size()) return;
    fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
    double before = 0;
    for (int i = 0; i < index; ++i) before += std::max(0.0, phases_[std::size_t(i)].share);
    const double share = std::max(0.0, phases_[std::size_t(index)].share);
    if (total_ > 0) overall_ = std::max(overall_, std::min(1.0, (before + share * fraction) / total_));
    if (!sink_) return;
    const Phase& phase = phases_[std::size_t(index)];
    detail.phase = phase.name;
    detail.phaseIndex = index;
    detail.phaseCount = int(phases_.size());
    detail.phaseFraction = fraction;
    detail.overallFraction = overall_;
    const auto now = Clock::now();
    if (index != current_) {
        // Small phases (loading, saving) cost what the disk and the data make them cost, not a share of a
        // training: they are left out of the rate that predicts the phases to come.
        if (current_ >= 0 && phases_[std::size_t(current_)].share >= 0.5) {
            finishedSeconds_ += std::chrono::duration<double>(now - phaseStarted_).count();
            finishedShares_ += phases_[std::size_t(current_)].share;
        }
        current_ = index;
        phaseStarted_ = now;
    }
    detail.elapsedSeconds = std::chrono::duration<double>(now - started_).count();
    const double inPhase = std::chrono::duration<double>(now - phaseStarted_).count();
    const bool measured = fraction >= 0.05 && inPhase > 0.2 && share > 0;
    // Seconds per share: from the finished phases, or while none took measurable time, from this one's pace.
    double perShare = finishedShares_ > 0 && finishedSeconds_ > 0.2 ? finishedSeconds_ / finishedShares_ : -1.0;
    if (perShare < 0 && measured) perShare = inPhase / fraction / share;
    double later = 0;
    for (std::size_t i = std::size_t(index) + 1; i < phases_.size(); ++i) later += std::max(0.0, phases_[i].share);
    // What is left of this phase at its own rate once that means something, else at the finished phases' rate.
    double left = -1;
    if (measured)
        left = inPhase * (1.0 - fraction) / fraction;
    else if (perShare >= 0)
        left = perShare * share * (1.0 - fraction);
    if (left >= 0 && later > 0) left = perShare >= 0 ? left + perShare * later : -1.0;
    // Nothing measured yet: no estimate rather than a wild one.
    detail.etaSeconds = left;
    sink_(detail);
}

std::vector<PhaseTracker::Phase> evaluationPhases(int nRefCount, int ablationVariants)
{
    // Shares from `tastelab-cli eval` on the demo workspaces (one training = 1).
    // Measured on the default demo (`tastelab-cli demo`, 2 CPU cores): personal model 6 s, population model 4 s, seen
    // people 0.1 s, the sweep 10 s without and 60 s with the collaborative-filtering baselines.
    // The sweep's share is split evenly over its N_ref values: each predicts every held-out person the same number of
    // times, and the cost of a prediction hardly depends on N_ref.
    std::vector<PhaseTracker::Phase> phases{
        {"preparing", 0.05}, {"training", 1.0}, {"population", 0.7}, {"seen", 0.02}};
    const int sweeps = std::max(1, nRefCount);
    for (int i = 0; i < sweeps; ++i) phases.push_back({"sweep", 6.0 / sweeps});
    for (int i = 0; i < ablationVariants; ++i) phases.push_back({"ablation", 1.0});
    return phases;
}

std::function<void(const model::EpochReport&)> PhaseTracker::epochReporter(
    int index, int epochs, std::vector<TrainingProgress>* curve)
{
    return [this, index, epochs, curve](const model::EpochReport& e) {
        TrainingProgress p;
        p.epoch = e.epoch;
        p.epochs = epochs;
        p.trainLoss = e.trainLoss;
        p.validationLoss = e.validationLoss;
        p.validationAccuracy = e.validationAccuracy;
        if (curve) {
            TrainingProgress point = p;
            point.phase = "training";
            point.elapsedSeconds = std::chrono::duration<double>(Clock::now() - started_).count();
            curve->push_back(point);
        }
        report(index, epochs > 0 ? double(e.epoch) / epochs : 1.0, p);
    };
}

}  // namespace tastelab::services::reward_internal

// Training a reward model on a split: the training data, the validation episodes, the optional fine-tuning of the
// backbone's last blocks, and the progress of each epoch.
#include "app/services/reward/training_run.h"

#include "app/services/backbone_factory.h"
#include "app/services/image_library.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
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

}  // namespace tastelab::services::reward_internal

// `tastelab-cli train` and the training panel: load the answers, split them, train, and save the checkpoint with
// its metadata (people, data hash, metrics, settings) and database record.
#include "app/services/reward/trainer.h"

#include "app/services/build_info.h"
#include "app/services/reward/answers.h"
#include "app/services/reward/splits.h"
#include "app/services/reward/training_run.h"
#include "app/services/workspace.h"
#include "model/nn/runtime.h"
#include "storage/model_records.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/sha256.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>

namespace fs = std::filesystem;

namespace tastelab::services {

using namespace reward_internal;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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
    return util::sha256Hex(canonical);
}

std::string sanitize(std::string text)
{
    for (char& c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '_';
    }
    return text;
}

util::JsonValue number(double value)
{
    return std::isfinite(value) ? util::JsonValue(value) : util::JsonValue(nullptr);
}

}  // namespace

TrainReport trainRewardModel(Workspace& workspace, const TrainOptions& options)
{
    const auto started = Clock::now();
    TrainReport report;
    std::vector<PhaseTracker::Phase> phases{{"preparing", 0.05}, {"training", 1.0}};
    if (options.save) phases.push_back({"saving", 0.02});
    PhaseTracker progress(std::move(phases), options.onProgress, started);
    TrainingProgress preparing;
    preparing.epochs = options.epochs;
    progress.report(0, 0, preparing);
    const c10::Device device = model::resolveDevice(options.device);
    report.device = device.str();
    const Answers a = loadAnswers(workspace, options.backbone, options.device, options.cancel);
    if (a.people.empty()) {
        report.cancelled = true;
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return report;
    }
    const auto agents = readAgents(workspace);
    const Split split = makeSplit(a, options.split, agents);
    progress.report(0, 1, preparing);
    Trained t = trainOn(a, split, options, device, progress.epochReporter(1, options.epochs, &report.curve));
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
        if (!report.cancelled) progress.report(1, 1, preparing);
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return report;
    }

    TrainingProgress saving;
    saving.epoch = report.bestEpoch;
    saving.epochs = options.epochs;
    progress.report(1, 1, saving);  // early stopping ends the training before its last epoch
    progress.report(2, 0, saving);
    using util::JsonValue;
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
    const std::string metrics = util::toJson(JsonValue(JsonValue::Object{
        {"best_epoch", JsonValue(t.result.bestEpoch)},
        {"validation_loss", number(best ? best->validationLoss : kNaN)},
        {"validation_accuracy", number(best ? best->validationAccuracy : kNaN)},
        {"curve", JsonValue(std::move(curve))},
    }));
    const std::string hash = dataHash(a, t.data, t.trainPeople);
    const std::string created = util::utcTimestamp();
    const std::string settings = util::toJson(JsonValue(JsonValue::Object{
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
        {{"people", util::toJson(JsonValue(std::move(people)))}, {"data_hash", hash}, {"metrics", metrics},
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
    progress.report(2, 1, saving);
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return report;
}

}  // namespace tastelab::services

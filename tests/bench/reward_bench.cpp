// Reward model benchmark (prints its figures; not a test), on synthetic cached vectors:
// - training time on 20,000 slider answers and 2,000 choices from 100 people (1024-d image vectors,
//   256-d prompt vectors), against the same architecture, data and epochs trained by the plain
//   PyTorch baseline tests/bench/reward_train_baseline.py on the system's python3-torch (target:
//   TasteLab at least 2x faster);
// - scoring throughput of person-image pairs with the item vectors cached and end to end (target at
//   least 50,000 pairs/s), and the time to represent a new person (in-context, mixture fit).
// Usage: reward_bench [--epochs 5] [--repeats 3] [--threads N] [--python /usr/bin/python3] [--keep 1]
// (--threads sets the LibTorch threads here and in the Python script; --keep 1 keeps the data folder.)
#include "model/reward/reward_model.h"
#include "model/reward/reward_training.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef TASTELAB_SOURCE_DIR
#define TASTELAB_SOURCE_DIR "."
#endif

using namespace tastelab::model;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

constexpr int kPeople = 100;
constexpr int kGroups = 4;
constexpr int kImages = 2000;
constexpr int kImageDim = 1024;
constexpr int kTextDim = 256;
constexpr int kRatingsPerPerson = 200;
constexpr int kChoicesPerPerson = 20;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// People in taste groups; a slider value is sigmoid(<taste, x> / sqrt(D) * 3 + noise).
PreferenceData makeData()
{
    at::manual_seed(20240);
    PreferenceData data;
    data.people = kPeople;
    data.images = at::randn({kImages, kImageDim});
    data.prompts = at::randn({kImages, kTextDim}) * 0.1;
    const at::Tensor groups = at::randn({kGroups, kImageDim});
    const at::Tensor taste = groups.index_select(0, at::arange(kPeople, at::kLong).remainder(kGroups))
        + 0.3 * at::randn({kPeople, kImageDim});
    const at::Tensor logits = at::matmul(taste, data.images.t()) / std::sqrt(double(kImageDim)) * 3.0;  // [P, I]
    for (int p = 0; p < kPeople; ++p) {
        const at::Tensor order = at::randperm(kImages, at::kLong);
        const at::Tensor rated = order.slice(0, 0, kRatingsPerPerson);
        const at::Tensor values =
            (logits[p].index_select(0, rated) + 0.3 * at::randn({kRatingsPerPerson})).sigmoid().contiguous();
        const auto* image = rated.data_ptr<std::int64_t>();
        const auto* value = values.data_ptr<float>();
        for (int r = 0; r < kRatingsPerPerson; ++r) data.ratings.push_back({p, int(image[r]), value[r]});
        const at::Tensor pairs = order.slice(0, kRatingsPerPerson, kRatingsPerPerson + 2 * kChoicesPerPerson);
        const at::Tensor noisy = logits[p].index_select(0, pairs) + 0.3 * at::randn({2 * kChoicesPerPerson});
        const auto* pair = pairs.data_ptr<std::int64_t>();
        const auto* utility = noisy.data_ptr<float>();
        for (int c = 0; c < kChoicesPerPerson; ++c) {
            const bool first = utility[2 * c] >= utility[2 * c + 1];
            data.choices.push_back({p, int(pair[2 * c + (first ? 0 : 1)]), int(pair[2 * c + (first ? 1 : 0)])});
        }
    }
    return data;
}

template <typename T>
void writeRaw(const fs::path& file, const T* values, std::size_t count)
{
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(values), std::streamsize(count * sizeof(T)));
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
}

// Raw little-endian float32 / int32 files and meta.json with the shapes and the training settings.
void writeData(const fs::path& dir, const PreferenceData& data, const RewardModelConfig& mc, const TrainingConfig& tc)
{
    fs::create_directories(dir);
    const at::Tensor images = data.images.contiguous();
    const at::Tensor prompts = data.prompts.contiguous();
    writeRaw(dir / "images.f32", images.data_ptr<float>(), std::size_t(images.numel()));
    writeRaw(dir / "prompts.f32", prompts.data_ptr<float>(), std::size_t(prompts.numel()));
    std::vector<std::int32_t> person, image, winner, loser, chooser;
    std::vector<float> value;
    for (const auto& r : data.ratings) {
        person.push_back(r.person);
        image.push_back(r.image);
        value.push_back(r.value);
    }
    for (const auto& c : data.choices) {
        chooser.push_back(c.person);
        winner.push_back(c.winner);
        loser.push_back(c.loser);
    }
    writeRaw(dir / "rating_person.i32", person.data(), person.size());
    writeRaw(dir / "rating_image.i32", image.data(), image.size());
    writeRaw(dir / "rating_value.f32", value.data(), value.size());
    writeRaw(dir / "choice_person.i32", chooser.data(), chooser.size());
    writeRaw(dir / "choice_winner.i32", winner.data(), winner.size());
    writeRaw(dir / "choice_loser.i32", loser.data(), loser.size());
    std::ofstream meta(dir / "meta.json");
    meta << fmt::format(
        R"({{"images": {}, "image_dim": {}, "text_dim": {}, "people": {}, "ratings": {}, "choices": {},
"hidden": {}, "prototypes": {}, "dropout": {},
"learning_rate": {}, "weight_decay": {}, "people_per_batch": {}, "targets_per_person": {},
"max_references": {}, "embedding_probability": {}, "person_dropout": {}, "pair_margin": {}, "seed": {}}}
)",
        data.images.size(0), mc.imageDim, mc.textDim, data.people, data.ratings.size(), data.choices.size(), mc.hidden,
        mc.prototypes, mc.dropout, tc.learningRate, tc.weightDecay, tc.peoplePerBatch, tc.targetsPerPerson,
        tc.maxReferences, tc.embeddingProbability, tc.personDropout, tc.pairMargin, tc.seed);
}

// Runs a shell command; returns its exit status and appends its stdout+stderr to `output`.
int runCommand(const std::string& command, std::string& output)
{
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return -1;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double bestOf(int repeats, const std::function<void()>& work)
{
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto start = Clock::now();
        work();
        best = std::min(best, secondsSince(start));
    }
    return best;
}

}  // namespace

int main(int argc, char** argv)
{
    int epochs = 5, threads = 0, repeats = 3;
    std::string python = "/usr/bin/python3";
    bool keep = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--epochs"))
            epochs = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--repeats"))
            repeats = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--threads"))
            threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--python"))
            python = argv[i + 1];
        else if (!std::strcmp(argv[i], "--keep"))
            keep = std::strcmp(argv[i + 1], "0") != 0;
    }
    if (threads > 0) at::set_num_threads(threads);
    fmt::print("reward_bench: LibTorch {}, {} thread(s), {} epochs\n", TORCH_VERSION, at::get_num_threads(), epochs);

    const PreferenceData data = makeData();
    RewardModelConfig mc;
    mc.backbone = "synthetic";
    mc.imageDim = kImageDim;
    mc.textDim = kTextDim;
    mc.hidden = 32;
    mc.prototypes = 10;
    mc.people = kPeople;
    TrainingConfig tc;
    tc.epochs = epochs;
    const int batchAnswers = tc.peoplePerBatch * tc.targetsPerPerson;
    const int steps = int((data.ratings.size() + data.choices.size() / 2 + batchAnswers - 1) / batchAnswers);
    fmt::print("data: {} people in {} groups, {} images ({}-d, prompts {}-d), {} ratings, {} choices; {} steps/epoch, "
               "learning rate {}\n",
        kPeople, kGroups, kImages, kImageDim, kTextDim, data.ratings.size(), data.choices.size(), steps,
        tc.learningRate);
    std::fflush(stdout);

    const fs::path dir = fs::temp_directory_path() / fmt::format("tastelab-reward-bench-{}", getpid());
    writeData(dir, data, mc, tc);

    // Training, interleaved with the plain PyTorch baseline on the same data: `repeats` runs of each, alternating,
    // and the fastest of each side compared (the machine is shared: the minimum is the least disturbed run).
    const std::string script = std::string(TASTELAB_SOURCE_DIR) + "/tests/bench/reward_train_baseline.py";
    std::string probe;
    const bool havePython = runCommand(fmt::format("'{}' -c 'import torch'", python), probe) == 0;
    if (!havePython) fmt::print("Python baseline skipped: {} cannot import torch (install python3-torch)\n", python);
    RewardModel model(mc, 7);
    double tastelabSeconds = std::numeric_limits<double>::infinity();
    double pythonSeconds = std::numeric_limits<double>::infinity();
    std::size_t epochsRun = 0;
    for (int run = 1; run <= repeats; ++run) {
        model = RewardModel(mc, 7);
        tc.onEpoch = [run](const EpochReport& r) {
            if (run == 1)
                fmt::print("  tastelab epoch {}: train loss {:.4f} at {:.2f} s\n", r.epoch, r.trainLoss, r.seconds);
            std::fflush(stdout);
        };
        const auto trainStart = Clock::now();
        const TrainingResult trained = trainRewardModel(model, data, {}, tc);
        const double seconds = secondsSince(trainStart);
        epochsRun = trained.epochs.size();
        tastelabSeconds = std::min(tastelabSeconds, seconds);
        fmt::print("TasteLab training, run {}: {:.2f} s ({:.1f} ms/step)\n", run, seconds,
            1e3 * seconds / double(trained.epochs.size() * std::size_t(steps)));
        std::fflush(stdout);
        if (!havePython) continue;
        std::string output;
        const int status = runCommand(fmt::format("'{}' '{}' --data '{}' --epochs {} --threads {}", python, script,
                                          dir.string(), epochs, at::get_num_threads()),
            output);
        std::string last;
        std::size_t lineStart = 0;
        while (lineStart < output.size()) {
            std::size_t lineEnd = output.find('\n', lineStart);
            if (lineEnd == std::string::npos) lineEnd = output.size();
            const std::string line = output.substr(lineStart, lineEnd - lineStart);
            if (!line.empty()) {
                if (run == 1 || line.rfind("seconds=", 0) == 0) fmt::print("  python: {}\n", line);
                last = line;
            }
            lineStart = lineEnd + 1;
        }
        if (status != 0 || last.rfind("seconds=", 0) != 0) {
            fmt::print("Python baseline failed (exit status {}); no comparison\n", status);
            pythonSeconds = std::numeric_limits<double>::quiet_NaN();
            break;
        }
        pythonSeconds = std::min(pythonSeconds, std::atof(last.c_str() + std::strlen("seconds=")));
    }
    fmt::print("TasteLab training: {:.2f} s, {:.2f} s/epoch ({} epochs, {:.1f} ms/step; fastest of {})\n",
        tastelabSeconds, tastelabSeconds / double(epochsRun), epochsRun,
        1e3 * tastelabSeconds / double(epochsRun * std::size_t(steps)), repeats);
    if (havePython && std::isfinite(pythonSeconds)) {
        const double ratio = pythonSeconds / tastelabSeconds;
        fmt::print("Python (torch, same architecture/data/epochs): {:.2f} s, {:.2f} s/epoch (fastest of {})\n",
            pythonSeconds, pythonSeconds / epochs, repeats);
        fmt::print(
            "speed-up Python s / TasteLab s = {:.2f}x (target >= 2x): {}\n", ratio, ratio >= 2.0 ? "met" : "NOT met");
    }
    std::fflush(stdout);
    if (!keep) fs::remove_all(dir);

    // Scoring every person-image pair, people by their learned embeddings.
    at::NoGradGuard noGrad;
    model.train(false);
    const at::Tensor people = model.personEmbedding(at::arange(kPeople, at::kLong));  // [P, H]
    const int peoplePerBatch = 10;
    double checksum = 0;
    auto scoreAll = [&](const at::Tensor& items) {
        for (int p = 0; p < kPeople; p += peoplePerBatch) {
            const at::Tensor person = people.slice(0, p, std::min(kPeople, p + peoplePerBatch)).unsqueeze(1);
            const at::Tensor batchItems = items.unsqueeze(0).expand({person.size(0), items.size(0), items.size(1)});
            checksum += model.head(batchItems, person).score().sum().item<double>();
        }
    };
    const double pairs = double(kPeople) * kImages;
    const at::Tensor cached = model.encodeItems(data.images, data.prompts);
    const double cachedSeconds = bestOf(3, [&] { scoreAll(cached); });
    const double endToEndSeconds = bestOf(3, [&] { scoreAll(model.encodeItems(data.images, data.prompts)); });
    fmt::print("scoring {} x {} pairs, {} people per head call (best of 3):\n", kPeople, kImages, peoplePerBatch);
    fmt::print("  items cached: {:10.0f} pairs/s ({:.1f} ms) (target >= 50,000): {}\n", pairs / cachedSeconds,
        1e3 * cachedSeconds, pairs / cachedSeconds >= 50000 ? "met" : "NOT met");
    fmt::print("  end to end:   {:10.0f} pairs/s ({:.1f} ms, encodeItems of {} images included)\n",
        pairs / endToEndSeconds, 1e3 * endToEndSeconds, kImages);

    // A new person from 50 references: in-context encoding and the artist-mode mixture fit.
    Episode episode;
    for (int r = 0; r < 50; ++r) {
        episode.referenceImages.push_back(data.ratings[std::size_t(r)].image);
        episode.referenceValues.push_back(data.ratings[std::size_t(r)].value);
    }
    const double inContextSeconds =
        bestOf(10, [&] { (void)representPerson(model, data.images, data.prompts, episode, PersonMode::InContext); });
    const at::Tensor index = at::tensor(
        std::vector<std::int64_t>(episode.referenceImages.begin(), episode.referenceImages.end()), at::kLong);
    const at::Tensor refImages = data.images.index_select(0, index);
    const at::Tensor refPrompts = data.prompts.index_select(0, index);
    const at::Tensor refValues = at::tensor(episode.referenceValues, at::kFloat);
    const double fitSeconds = bestOf(3, [&] { (void)fitMixture(model, refImages, refPrompts, refValues); });
    fmt::print("new person from 50 references: in-context {:.2f} ms (best of 10), fitMixture (60 steps) {:.1f} ms "
               "(best of 3)\n",
        1e3 * inContextSeconds, 1e3 * fitSeconds);
    fmt::print("(checksum {:.3f})\n", checksum);
    return 0;
}

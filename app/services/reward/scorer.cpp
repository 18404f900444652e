// RewardScorer: loading a checkpoint (with its fine-tuned backbone blocks), representing people, and scoring library
// images, files and rendered pixels.
#include "app/services/reward/scorer.h"

#include "app/services/backbone_factory.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/backbones/clip.h"
#include "model/backbones/look_features.h"
#include "model/backbones/siglip.h"
#include "model/nn/runtime.h"
#include "model/reward/reward_model.h"
#include "model/reward/reward_training.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

struct RewardScorer::State {
    Workspace* workspace = nullptr;
    ScoreOptions options;
    c10::Device device{c10::DeviceType::CPU};  // of the backbone and the reward model, both in float32
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
        return backbone->encodeImages(loadImageForEncoding(file).unsqueeze(0).to(device))
            .squeeze(0)
            .to(at::kCPU, at::kFloat);
    }
};

RewardScorer::RewardScorer(Workspace& workspace, const ScoreOptions& options)
    : state_(std::make_unique<State>())
{
    state_->workspace = &workspace;
    state_->options = options;
    state_->device = model::resolveDevice(options.device);  // a clear error before anything is loaded
    state_->backbone = makeBackbone(options.backbone);
    if (!options.checkpoint && options.backbone == "look") {
        // A workspace whose reward model was trained on the earlier look features keeps its predictions until it
        // is trained again: look-v2 is the first part of the current vector, computed the same way.
        storage::CheckpointStore checkpoints(workspace.database());
        if (!checkpoints.latest(state_->backbone->cacheKey()) && checkpoints.latest(model::LookFeatures(2).cacheKey()))
            state_->backbone = makeBackbone("look-v2");
    }
    state_->backbone->to(state_->device, model::precisionFor(model::ModelRole::Backbone, state_->device));
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
    state_->model->to(state_->device);
    state_->checkpoint = file;
    if (const auto people = metadata.find("people"); people != metadata.end()) {
        int index = 0;
        const util::JsonValue names = util::parseJson(people->second, file.string());
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
    // Images may come from a generator in float16 or bfloat16, or from the CPU: the backbone takes float32 on its own
    // device (a differentiable conversion, so steering's gradient still reaches the noise).
    const at::Tensor vectors = state_->backbone->encodeImages(images.to(m.device(), at::kFloat)).to(at::kFloat);
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
    const at::Tensor imageVectors = backbone.encodeImages(images.to(state_->device, at::kFloat)).to(at::kFloat);
    at::Tensor textVector;
    {
        at::NoGradGuard noGrad;
        textVector = backbone.encodeTexts({prompt}).to(imageVectors.device(), at::kFloat);
    }
    return at::cosine_similarity(imageVectors, textVector.expand_as(imageVectors), 1);
}

std::string RewardScorer::device() const
{
    return state_->device.str();
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

}  // namespace tastelab::services

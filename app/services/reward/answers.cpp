// Reading a workspace's answers and cached vectors for the reward model, and the demo's answer key.
#include "app/services/reward/answers.h"

#include "app/services/embeddings.h"
#include "app/services/workspace.h"
#include "model/backbones/look_features.h"
#include "model/procedural/procedural_lexicon.h"
#include "storage/answers.h"
#include "storage/model_records.h"
#include "util/bounded_file.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <stdexcept>

namespace fs = std::filesystem;

namespace tastelab::services::reward_internal {

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

std::map<std::string, AgentTruth> readAgents(Workspace& workspace)
{
    std::map<std::string, AgentTruth> agents;
    const fs::path file = workspace.root() / "simulation" / "agents.json";
    std::error_code missing;
    if (!fs::exists(file, missing)) return agents;
    const util::JsonValue doc =
        util::parseJson(util::readFileBounded(file, util::kMaxConfigFileBytes, "simulation answer key"), file.string());
    const util::JsonValue* list = doc.find("agents");
    if (!list) return agents;
    for (const auto& agent : list->asArray()) {
        AgentTruth truth;
        truth.group = int(agent.find("group")->asInt());
        truth.heldOut = agent.find("held_out")->asBool();
        truth.bias = agent.find("bias")->asDouble();
        if (const util::JsonValue* sigma = agent.find("noise_sigma")) truth.noiseSigma = sigma->asDouble();
        for (const auto& [name, value] : agent.find("weights")->asObject()) truth.weights[name] = value.asDouble();
        agents[agent.find("pseudonym")->asString()] = truth;
    }
    return agents;
}

std::optional<std::map<std::string, double>> imageAttributes(const storage::ImageRecord& image)
{
    try {
        const util::JsonValue p = util::parseJson(image.parameters);
        const util::JsonValue* attributes = p.find("attributes");
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

}  // namespace tastelab::services::reward_internal

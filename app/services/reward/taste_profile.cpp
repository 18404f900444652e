// The taste profile: a regression of one person's predicted scores over the library on readable attributes (text
// probes, the demo's procedural attributes, or measured look attributes).
#include "app/services/reward/taste_profile.h"

#include "app/services/backbone_factory.h"
#include "app/services/reward/answers.h"
#include "app/services/workspace.h"
#include "model/backbones/look_features.h"
#include "model/procedural/procedural_lexicon.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace tastelab::services {

using reward_internal::imageAttributes;

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
    profile.device = scorer.device();
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
            probes ? textBackbone->cacheKey() : model::LookFeatures().cacheKey(), probes ? options.backbone : "look"));
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

}  // namespace tastelab::services

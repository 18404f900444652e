// Checking reference images with leave-one-out in-context scores on the backbone's vectors.
#include "app/services/reward/reference_check.h"

#include "app/services/backbone_factory.h"
#include "model/nn/runtime.h"
#include "model/reward/preference_metrics.h"
#include "model/reward/reward_model.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <stdexcept>

namespace fs = std::filesystem;

namespace tastelab::services {

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
    check.device = where.str();
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

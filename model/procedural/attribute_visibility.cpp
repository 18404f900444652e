// Rendering the sample, the look features, and a closed-form ridge regression per attribute (LibTorch linear algebra).
#include "model/procedural/attribute_visibility.h"

#include "model/backbones/look_features.h"
#include "model/nn/cancelled.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::model {
namespace {

std::string randomPrompt(std::mt19937_64& rng)
{
    std::vector<std::string_view> subjects, styles;
    for (const auto& entry : proceduralLexicon()) {
        (entry.category == WordCategory::Subject ? subjects : styles).push_back(entry.word);
    }
    const auto subject = subjects[rng() % subjects.size()];
    // A third without a style word, so that the attributes also span their unbiased range.
    switch (rng() % 3) {
    case 0:
        return fmt::format("a {}", subject);
    case 1:
        return fmt::format("a {} {}", styles[rng() % styles.size()], subject);
    default:
        return fmt::format("a {} {} {}", styles[rng() % styles.size()], styles[rng() % styles.size()], subject);
    }
}

}  // namespace

double AttributeVisibility::minimum() const
{
    return *std::min_element(r2.begin(), r2.end());
}

AttributeVisibility measureAttributeVisibility(const ProceduralGenerator& generator, const VisibilityOptions& options)
{
    if (options.images < 30 || options.batch < 1)
        throw std::invalid_argument("attribute visibility needs >= 30 images");
    const auto started = std::chrono::steady_clock::now();
    at::NoGradGuard noGrad;
    std::mt19937_64 rng(options.seed);
    const LookFeatures look;
    std::vector<at::Tensor> features, attributes;
    for (int done = 0; done < options.images; done += options.batch) {
        if (options.cancel && options.cancel->load()) throw Cancelled("the attribute visibility check was cancelled");
        const int count = std::min(options.batch, options.images - done);
        std::vector<std::uint64_t> seeds;
        std::vector<std::string> prompts;
        for (int i = 0; i < count; ++i) {
            seeds.push_back(rng());
            prompts.push_back(randomPrompt(rng));
        }
        const auto out = generator.render(generator.noiseForSeeds(seeds), prompts, options.size);
        features.push_back(look.encodeImages(out.images).to(at::kDouble));
        attributes.push_back(out.attributes.to(at::kDouble));
    }
    const at::Tensor x = at::cat(features), y = at::cat(attributes);
    const std::int64_t n = x.size(0), fit = n * 2 / 3;
    const at::Tensor xFit = x.narrow(0, 0, fit), yFit = y.narrow(0, 0, fit);
    const at::Tensor mean = xFit.mean(0, true), std = xFit.std(0, true, true).clamp_min(1e-9);
    auto standardise = [&](const at::Tensor& t) {
        return at::cat({(t - mean) / std, at::ones({t.size(0), 1}, t.options())}, 1);
    };
    const at::Tensor a = standardise(xFit), b = standardise(x.narrow(0, fit, n - fit));
    at::Tensor gram = a.t().matmul(a);
    gram = gram + options.ridge * at::eye(gram.size(0), gram.options());
    const at::Tensor weights = at::linalg_solve(gram, a.t().matmul(yFit));  // [D + 1, 9]
    const at::Tensor predicted = b.matmul(weights), truth = y.narrow(0, fit, n - fit);
    const at::Tensor residual = (predicted - truth).pow(2).sum(0);
    const at::Tensor total = (truth - truth.mean(0, true)).pow(2).sum(0).clamp_min(1e-12);
    const at::Tensor r2 = (1.0 - residual / total).contiguous();
    AttributeVisibility result;
    for (int k = 0; k < kVisualAttributeCount; ++k) result.r2[std::size_t(k)] = r2[k].item<double>();
    result.images = int(n);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace tastelab::model

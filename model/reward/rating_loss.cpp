// The rating losses: one autograd node on the CPU, tensor operations elsewhere.
#include "model/reward/rating_loss.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <algorithm>
#include <cmath>

namespace tastelab::model {
namespace {

// Mean of `loss` over `mask` (both the same shape); zero when the mask is empty.
at::Tensor maskedMean(const at::Tensor& loss, const at::Tensor& mask)
{
    const at::Tensor m = mask.to(loss.scalar_type());
    return (loss * m).sum() / m.sum().clamp_min(1.0);
}

// softplus(x) = log(1 + e^x) and its slope sigmoid(x), without overflow for any x.
struct Softplus {
    double value;
    double slope;
};

Softplus softplus(double x)
{
    const double e = std::exp(-std::abs(x));
    return {std::max(x, 0.0) + std::log1p(e), x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e)};
}

// Returns the precomputed loss; its backward scales the precomputed gradients by the incoming one.
class PrecomputedLoss : public torch::autograd::Function<PrecomputedLoss> {
public:
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& /*score*/,
        const at::Tensor& /*like*/, const at::Tensor& /*dislike*/, double value, const at::Tensor& gradScore,
        const at::Tensor& gradLike, const at::Tensor& gradDislike)
    {
        ctx->save_for_backward({gradScore, gradLike, gradDislike});
        return at::scalar_tensor(value, gradScore.options());
    }

    static torch::autograd::variable_list backward(
        torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor g = grads[0];
        return {saved[0] * g, saved[1] * g, saved[2] * g, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
    }
};

at::Tensor fusedRatingLoss(const RatingLossInputs& in, const LossWeights& w, double pairMargin)
{
    const std::int64_t B = in.scoreLogit.size(0), T = in.scoreLogit.size(1);
    const at::Tensor score = in.scoreLogit.detach().to(at::kFloat).contiguous();
    const at::Tensor like = in.likeLogit.detach().to(at::kFloat).contiguous();
    const at::Tensor dislike = in.dislikeLogit.detach().to(at::kFloat).contiguous();
    const at::Tensor values = in.values.to(at::kFloat).contiguous();
    const at::Tensor mask = in.mask.to(at::kBool).contiguous();
    const at::Tensor liked = in.liked.to(at::kBool).contiguous();
    const at::Tensor disliked = in.disliked.to(at::kBool).contiguous();
    const float* s = score.data_ptr<float>();
    const float* l = like.data_ptr<float>();
    const float* d = dislike.data_ptr<float>();
    const float* v = values.data_ptr<float>();
    const bool* m = mask.data_ptr<bool>();
    const bool* up = liked.data_ptr<bool>();
    const bool* down = disliked.data_ptr<bool>();

    // How many targets and pairs each term averages over.
    double targets = 0, likes = 0, dislikes = 0, ratingPairs = 0, contrastPairs = 0;
    for (std::int64_t b = 0; b < B; ++b) {
        const std::int64_t row = b * T;
        for (std::int64_t i = row; i < row + T; ++i) {
            targets += m[i];
            likes += up[i];
            dislikes += down[i];
            for (std::int64_t j = row; j < row + T; ++j) {
                ratingPairs += m[i] && m[j] && double(v[i]) - double(v[j]) > pairMargin;
                contrastPairs += up[i] && down[j];
            }
        }
    }
    const double regression = w.regression > 0 ? w.regression / std::max(1.0, targets) : 0.0;
    const double pairs = w.ratingPairs > 0 ? w.ratingPairs / std::max(1.0, ratingPairs) : 0.0;
    const double liking = w.base > 0 ? 0.5 * w.base / std::max(1.0, likes) : 0.0;
    const double disliking = w.base > 0 ? 0.5 * w.base / std::max(1.0, dislikes) : 0.0;
    const double contrast = w.contrastive > 0 ? w.contrastive / std::max(1.0, contrastPairs) : 0.0;

    at::Tensor gradScore = at::zeros({B, T}, score.options());
    at::Tensor gradLike = at::zeros({B, T}, score.options());
    at::Tensor gradDislike = at::zeros({B, T}, score.options());
    float* gs = gradScore.data_ptr<float>();
    float* gl = gradLike.data_ptr<float>();
    float* gd = gradDislike.data_ptr<float>();
    double loss = 0;
    for (std::int64_t b = 0; b < B; ++b) {
        const std::int64_t row = b * T;
        for (std::int64_t i = row; i < row + T; ++i) {
            if (regression > 0 && m[i]) {
                const double p = 1.0 / (1.0 + std::exp(-double(s[i])));
                const double error = p - double(v[i]);
                loss += regression * error * error;
                gs[i] += float(regression * 2.0 * error * p * (1.0 - p));
            }
            if (liking > 0 && up[i]) {  // softplus(-(M+ - M-)): class "like"
                const Softplus f = softplus(double(d[i]) - double(l[i]));
                loss += liking * f.value;
                gl[i] -= float(liking * f.slope);
                gd[i] += float(liking * f.slope);
            }
            if (disliking > 0 && down[i]) {  // softplus(M+ - M-): class "dislike"
                const Softplus f = softplus(double(l[i]) - double(d[i]));
                loss += disliking * f.value;
                gl[i] += float(disliking * f.slope);
                gd[i] -= float(disliking * f.slope);
            }
            for (std::int64_t j = row; j < row + T; ++j) {
                if (pairs > 0 && m[i] && m[j] && double(v[i]) - double(v[j]) > pairMargin) {
                    const Softplus f = softplus(double(s[j]) - double(s[i]));  // -log sigmoid(s_i - s_j)
                    loss += pairs * f.value;
                    gs[i] -= float(pairs * f.slope);
                    gs[j] += float(pairs * f.slope);
                }
                if (contrast > 0 && up[i] && down[j]) {
                    const Softplus plus = softplus(double(l[j]) - double(l[i]));  // -log sigmoid(M+_i - M+_j)
                    const Softplus minus = softplus(double(d[i]) - double(d[j]));  // -log sigmoid(M-_j - M-_i)
                    loss += contrast * (plus.value + minus.value);
                    gl[i] -= float(contrast * plus.slope);
                    gl[j] += float(contrast * plus.slope);
                    gd[i] += float(contrast * minus.slope);
                    gd[j] -= float(contrast * minus.slope);
                }
            }
        }
    }
    const auto back = [](const at::Tensor& g, const at::Tensor& target) { return g.to(target.scalar_type()); };
    return PrecomputedLoss::apply(in.scoreLogit, in.likeLogit, in.dislikeLogit, loss, back(gradScore, in.scoreLogit),
        back(gradLike, in.likeLogit), back(gradDislike, in.dislikeLogit))
        .to(in.scoreLogit.scalar_type());
}

}  // namespace

at::Tensor pairwiseLoss(const at::Tensor& logits, const at::Tensor& pairMask)
{
    const at::Tensor difference = logits.unsqueeze(-1) - logits.unsqueeze(-2);  // [..., T, T]: s_i - s_j
    return maskedMean(at::softplus(-difference), pairMask);
}

at::Tensor ratingLossComposed(const RatingLossInputs& in, const LossWeights& w, double pairMargin)
{
    std::vector<at::Tensor> terms;
    if (w.regression > 0)
        terms.push_back(w.regression * maskedMean((at::sigmoid(in.scoreLogit) - in.values).square(), in.mask));
    if (w.ratingPairs > 0) {
        const at::Tensor bothPresent = in.mask.unsqueeze(-1).logical_and(in.mask.unsqueeze(-2));
        const at::Tensor prefers = (in.values.unsqueeze(-1) - in.values.unsqueeze(-2)) > pairMargin;
        terms.push_back(w.ratingPairs * pairwiseLoss(in.scoreLogit, prefers.logical_and(bothPresent)));
    }
    if (w.base > 0) {
        // Cross-entropy of softmax(M+, M-): class "like" for liked items, "dislike" for disliked.
        const at::Tensor margin = in.likeLogit - in.dislikeLogit;
        terms.push_back(w.base * 0.5
            * (maskedMean(at::softplus(-margin), in.liked) + maskedMean(at::softplus(margin), in.disliked)));
    }
    if (w.contrastive > 0) {
        const at::Tensor pairs = in.liked.unsqueeze(-1).logical_and(in.disliked.unsqueeze(-2));  // i liked, j disliked
        const at::Tensor plus = pairwiseLoss(in.likeLogit, pairs);  // -log sigmoid(M+_i - M+_j)
        const at::Tensor minus = pairwiseLoss(-in.dislikeLogit, pairs);  // -log sigmoid(M-_j - M-_i)
        terms.push_back(w.contrastive * (plus + minus));
    }
    if (terms.empty()) return {};
    at::Tensor loss = terms[0];
    for (std::size_t t = 1; t < terms.size(); ++t) loss = loss + terms[t];
    return loss;
}

at::Tensor ratingLoss(const RatingLossInputs& in, const LossWeights& w, double pairMargin)
{
    if (w.regression <= 0 && w.ratingPairs <= 0 && w.base <= 0 && w.contrastive <= 0) return {};
    if (!in.scoreLogit.device().is_cpu() || in.scoreLogit.dim() != 2) return ratingLossComposed(in, w, pairMargin);
    return fusedRatingLoss(in, w, pairMargin);
}

}  // namespace tastelab::model

// The rating losses of the reward model: the fused CPU node must give the value and the gradients of the
// composition of tensor operations, and both must give a value computed by hand.
#include "model/reward/rating_loss.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>

#include <cmath>

namespace tastelab::model {
namespace {

struct Batch {
    at::Tensor score, like, dislike, values, mask, liked, disliked;

    RatingLossInputs inputs() const { return {score, like, dislike, values, mask, liked, disliked}; }
};

// B people x T targets with padded rows, liked/disliked from each row's median as the trainer does.
Batch randomBatch(std::int64_t B, std::int64_t T, std::uint64_t seed)
{
    at::manual_seed(static_cast<std::int64_t>(seed));
    Batch b;
    b.score = (at::randn({B, T}) * 2.0).set_requires_grad(true);
    b.like = (at::randn({B, T}) * 3.0).set_requires_grad(true);
    b.dislike = at::randn({B, T}).set_requires_grad(true);
    b.values = at::rand({B, T});
    // Row r keeps its first T - r targets (at least one).
    b.mask = at::arange(T).unsqueeze(0) < (T - at::arange(B).clamp_max(T - 1)).unsqueeze(1);
    const at::Tensor median = std::get<0>(at::where(b.mask, b.values, at::full_like(b.values, NAN)).nanmedian(1, true));
    b.liked = b.mask.logical_and(b.values > median);
    b.disliked = b.mask.logical_and(b.values < median);
    return b;
}

struct Result {
    double value;
    at::Tensor gradScore, gradLike, gradDislike;
};

template <typename Loss>
Result evaluate(const Batch& b, const Loss& loss)
{
    const at::Tensor value = loss(b.inputs());
    const auto grads = torch::autograd::grad({value}, {b.score, b.like, b.dislike}, {}, false, false, true);
    auto orZero = [](const at::Tensor& g, const at::Tensor& input) { return g.defined() ? g : at::zeros_like(input); };
    return {value.item<double>(), orZero(grads[0], b.score), orZero(grads[1], b.like), orZero(grads[2], b.dislike)};
}

TEST(RatingLoss, FusedNodeMatchesTheComposedLossAndItsGradients)
{
    const std::vector<LossWeights> weightSets{
        {1.0, 1.0, 1.0, 1.0, 1.0},  // every term
        {1.0, 0.0, 1.0, 0.0, 0.0},  // regression alone (choices is not a rating term)
        {0.0, 1.0, 0.0, 0.0, 0.0},  // rating pairs alone
        {0.0, 0.0, 0.0, 1.0, 0.0},  // base alone
        {0.0, 0.0, 0.0, 0.0, 1.0},  // contrastive alone
        {0.3, 2.0, 1.0, 0.7, 1.5},  // uneven weights
    };
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const Batch b = randomBatch(6, 9, seed);
        for (const LossWeights& w : weightSets) {
            for (double margin : {0.05, 0.2}) {
                const Result fused = evaluate(b, [&](const RatingLossInputs& in) { return ratingLoss(in, w, margin); });
                const Result composed =
                    evaluate(b, [&](const RatingLossInputs& in) { return ratingLossComposed(in, w, margin); });
                SCOPED_TRACE(::testing::Message()
                    << "seed " << seed << " weights " << w.regression << "/" << w.ratingPairs << "/" << w.base << "/"
                    << w.contrastive << " margin " << margin);
                EXPECT_NEAR(fused.value, composed.value, 1e-5 * std::max(1.0, std::abs(composed.value)));
                EXPECT_TRUE(at::allclose(fused.gradScore, composed.gradScore, 1e-4, 1e-6));
                EXPECT_TRUE(at::allclose(fused.gradLike, composed.gradLike, 1e-4, 1e-6));
                EXPECT_TRUE(at::allclose(fused.gradDislike, composed.gradDislike, 1e-4, 1e-6));
            }
        }
    }
}

// One person, three targets rated 0.9, 0.5 and 0.1, every logit zero:
//   regression  ((0.5 - 0.9)^2 + 0 + (0.5 - 0.1)^2) / 3 = 0.32 / 3
//   pairs       (0,1), (0,2), (1,2) each -log sigmoid(0) = ln 2, mean ln 2
//   base        liked {0}, disliked {2}: 0.5 (ln 2 + ln 2) = ln 2
//   contrastive the pair (0, 2): ln 2 + ln 2
TEST(RatingLoss, BothPathsGiveTheValueWorkedOutByHand)
{
    Batch b;
    b.score = at::zeros({1, 3}).set_requires_grad(true);
    b.like = at::zeros({1, 3}).set_requires_grad(true);
    b.dislike = at::zeros({1, 3}).set_requires_grad(true);
    b.values = at::tensor({0.9f, 0.5f, 0.1f}).view({1, 3});
    b.mask = at::ones({1, 3}, at::kBool);
    b.liked = at::tensor({1, 0, 0}).to(at::kBool).view({1, 3});
    b.disliked = at::tensor({0, 0, 1}).to(at::kBool).view({1, 3});
    const double expected = 0.32 / 3.0 + 4.0 * std::log(2.0);
    const LossWeights all;
    EXPECT_NEAR(
        evaluate(b, [&](const RatingLossInputs& in) { return ratingLoss(in, all, 0.05); }).value, expected, 1e-6);
    EXPECT_NEAR(evaluate(b, [&](const RatingLossInputs& in) { return ratingLossComposed(in, all, 0.05); }).value,
        expected, 1e-6);
    // The regression gradient of target 0: 2 (p - v) p (1 - p) / 3 with p = 0.5, v = 0.9, plus the pair terms
    // -sigmoid(0) / 3 for each of the two pairs target 0 wins.
    const Result fused = evaluate(b, [&](const RatingLossInputs& in) { return ratingLoss(in, all, 0.05); });
    EXPECT_NEAR(fused.gradScore[0][0].item<double>(), 2.0 * -0.4 * 0.25 / 3.0 - 2.0 * 0.5 / 3.0, 1e-6);
}

TEST(RatingLoss, EmptyMasksGiveZeroAndNoWeightGivesNothing)
{
    Batch b = randomBatch(3, 4, 7);
    b.mask = at::zeros_like(b.mask);
    b.liked = at::zeros_like(b.liked);
    b.disliked = at::zeros_like(b.disliked);
    const LossWeights all;
    const Result fused = evaluate(b, [&](const RatingLossInputs& in) { return ratingLoss(in, all, 0.05); });
    EXPECT_EQ(fused.value, 0.0);
    EXPECT_EQ(fused.gradScore.abs().sum().item<double>(), 0.0);
    EXPECT_EQ(fused.gradLike.abs().sum().item<double>(), 0.0);
    const LossWeights none{0.0, 0.0, 1.0, 0.0, 0.0};  // only choices, which are not rating terms
    EXPECT_FALSE(ratingLoss(b.inputs(), none, 0.05).defined());
    EXPECT_FALSE(ratingLossComposed(b.inputs(), none, 0.05).defined());
}

TEST(RatingLoss, ExtremeLogitsStayFinite)
{
    Batch b = randomBatch(2, 5, 11);
    {
        at::NoGradGuard noGrad;
        b.score.mul_(100.0);
        b.like.mul_(100.0);
        b.dislike.mul_(-100.0);
    }
    const Result fused = evaluate(b, [&](const RatingLossInputs& in) { return ratingLoss(in, LossWeights{}, 0.05); });
    EXPECT_TRUE(std::isfinite(fused.value));
    EXPECT_TRUE(at::isfinite(fused.gradScore).all().item<bool>());
    EXPECT_TRUE(at::isfinite(fused.gradLike).all().item<bool>());
    EXPECT_TRUE(at::isfinite(fused.gradDislike).all().item<bool>());
}

}  // namespace
}  // namespace tastelab::model

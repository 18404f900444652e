// The rating losses of one training step of the reward model, over B people x T rated targets each:
// regression on the slider value, Bradley-Terry on pairs of the same person's ratings, and the base and
// contrastive like/dislike losses (L+ and L-) of the published work. The training loop adds them, weighted, to
// the choice loss.
//
// On the CPU the whole sum is one autograd node: its value and its gradients come from one pass over the
// targets and their pairs. Built from tensor operations it is some 80 small operations forward and as many
// backward, which cost more than the model's layers at the sizes we train (16 x 16 targets, hidden 32).
// Elsewhere (CUDA) it is the composition of tensor operations, which the GPU runs in parallel.
#pragma once

#include "model/reward/reward_training.h"

#include <ATen/core/Tensor.h>

namespace tastelab::model {

struct RatingLossInputs {
    at::Tensor scoreLogit;  // [B, T] float, differentiable: sigmoid of it is the predicted slider value
    at::Tensor likeLogit;  // [B, T] M+
    at::Tensor dislikeLogit;  // [B, T] M-
    at::Tensor values;  // [B, T] float: the slider values given
    at::Tensor mask;  // [B, T] bool: the target is real (rows are padded to T)
    at::Tensor liked;  // [B, T] bool: above the person's median
    at::Tensor disliked;  // [B, T] bool: below it
};

// sum of weight x term for the terms whose weight is positive (regression, ratingPairs, base, contrastive;
// `weights.choices` is not used here). Each term is a mean over the targets or pairs it applies to, and zero
// when there are none. Pairs of ratings count when the first was rated more than `pairMargin` above the second.
// Undefined when every rating weight is zero.
at::Tensor ratingLoss(const RatingLossInputs& in, const LossWeights& weights, double pairMargin);

// Bradley-Terry over the ordered pairs i, j of each row of `logits` [..., T] that `pairMask` [..., T, T] selects:
// the mean of -log sigmoid(logit_i - logit_j), zero when no pair is selected.
at::Tensor pairwiseLoss(const at::Tensor& logits, const at::Tensor& pairMask);

// The same sum composed of tensor operations, on any device: the reference for the fused CPU path.
at::Tensor ratingLossComposed(const RatingLossInputs& in, const LossWeights& weights, double pairMargin);

}  // namespace tastelab::model

// AdamW as torch.optim.AdamW computes it (decoupled weight decay, bias-corrected moments, no amsgrad), with the
// global gradient-norm clip of torch.nn.utils.clip_grad_norm_ folded in. Float32 tensors on the CPU are stepped in
// one pass over their memory each, without the dispatcher's cost per operation (the reward model has about thirty
// small tensors, so the optimizer's hundreds of tiny operations cost as much as the products); other tensors go
// through the same arithmetic in ATen operations.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace tastelab::model {

class FusedAdamW {
public:
    struct Group {
        std::vector<at::Tensor> params;
        double learningRate = 1e-3;
        double weightDecay = 1e-2;
    };

    explicit FusedAdamW(std::vector<Group> groups, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);

    // Scales every gradient by min(1, maxNorm / (norm + 1e-6)) where norm is the L2 norm of all gradients together
    // (no clip when maxNorm <= 0), then takes one AdamW step. Parameters without a gradient are skipped (their
    // moments stay). Returns the norm before clipping.
    double step(double maxNorm = 0);
    // Drops the gradients (the next backward pass allocates fresh ones).
    void zeroGrad();
    std::int64_t steps() const { return step_; }

private:
    struct State {
        at::Tensor expAvg, expAvgSq;
    };
    std::vector<Group> groups_;
    std::vector<std::vector<State>> state_;
    double beta1_, beta2_, eps_;
    std::int64_t step_ = 0;
};

}  // namespace tastelab::model

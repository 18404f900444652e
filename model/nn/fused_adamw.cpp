// One pass per float32 CPU tensor for the clip and the AdamW update; ATen operations otherwise.
#include "model/nn/fused_adamw.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>
#include <stdexcept>

namespace tastelab::model {
namespace {

bool fastPath(const at::Tensor& param, const at::Tensor& grad)
{
    return param.device().is_cpu() && param.scalar_type() == at::kFloat && grad.scalar_type() == at::kFloat
        && param.is_contiguous() && grad.is_contiguous() && !grad.is_sparse();
}

double squaredNorm(const at::Tensor& param, const at::Tensor& grad)
{
    if (!fastPath(param, grad)) return grad.detach().to(at::kDouble).square().sum().item<double>();
    const float* g = grad.data_ptr<float>();
    const std::int64_t n = grad.numel();
    double sum = 0;
    for (std::int64_t i = 0; i < n; ++i) sum += double(g[i]) * double(g[i]);
    return sum;
}

}  // namespace

FusedAdamW::FusedAdamW(std::vector<Group> groups, double beta1, double beta2, double eps)
    : groups_(std::move(groups))
    , beta1_(beta1)
    , beta2_(beta2)
    , eps_(eps)
{
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps >= 0)) {
        throw std::invalid_argument("AdamW needs 0 <= beta < 1 and eps >= 0");
    }
    state_.resize(groups_.size());
    for (std::size_t g = 0; g < groups_.size(); ++g) {
        for (const at::Tensor& p : groups_[g].params) {
            State s;
            s.expAvg = at::zeros_like(p, at::MemoryFormat::Contiguous);
            s.expAvgSq = at::zeros_like(p, at::MemoryFormat::Contiguous);
            state_[g].push_back(std::move(s));
        }
    }
}

void FusedAdamW::zeroGrad()
{
    for (Group& group : groups_) {
        for (at::Tensor& p : group.params) {
            if (p.grad().defined()) p.mutable_grad() = at::Tensor();
        }
    }
}

double FusedAdamW::step(double maxNorm)
{
    at::NoGradGuard noGrad;
    double squared = 0;
    for (Group& group : groups_) {
        for (at::Tensor& p : group.params) {
            if (p.grad().defined()) squared += squaredNorm(p, p.grad());
        }
    }
    const double norm = std::sqrt(squared);
    // clip_grad_norm_: coefficient maxNorm / (norm + 1e-6), clamped to 1 (a no-op when the norm is below the limit).
    const double clip = maxNorm > 0 ? std::min(1.0, maxNorm / (norm + 1e-6)) : 1.0;
    ++step_;
    const double correction1 = 1 - std::pow(beta1_, double(step_));
    const double correction2 = 1 - std::pow(beta2_, double(step_));
    const double sqrtCorrection2 = std::sqrt(correction2);
    for (std::size_t g = 0; g < groups_.size(); ++g) {
        const double lr = groups_[g].learningRate;
        const double decay = 1 - lr * groups_[g].weightDecay;
        const double stepSize = lr / correction1;
        for (std::size_t i = 0; i < groups_[g].params.size(); ++i) {
            at::Tensor& p = groups_[g].params[i];
            if (!p.grad().defined()) continue;
            State& s = state_[g][i];
            const at::Tensor& grad = p.grad();
            if (!fastPath(p, grad)) {
                const at::Tensor clipped = clip < 1 ? grad * clip : grad;
                p.mul_(decay);
                s.expAvg.mul_(beta1_).add_(clipped, 1 - beta1_);
                s.expAvgSq.mul_(beta2_).addcmul_(clipped, clipped, 1 - beta2_);
                const at::Tensor denom = (s.expAvgSq.sqrt() / sqrtCorrection2).add_(eps_);
                p.addcdiv_(s.expAvg, denom, -stepSize);
                continue;
            }
            float* w = p.data_ptr<float>();
            const float* d = grad.data_ptr<float>();
            float* m = s.expAvg.data_ptr<float>();
            float* v = s.expAvgSq.data_ptr<float>();
            const float c = float(clip), b1 = float(beta1_), b2 = float(beta2_), keep = float(decay);
            const float oneMinusB1 = float(1 - beta1_), oneMinusB2 = float(1 - beta2_);
            const float invSqrtC2 = float(1 / sqrtCorrection2), eps = float(eps_), lrStep = float(stepSize);
            const std::int64_t n = p.numel();
            for (std::int64_t k = 0; k < n; ++k) {
                const float gk = d[k] * c;
                const float mk = b1 * m[k] + oneMinusB1 * gk;
                const float vk = b2 * v[k] + oneMinusB2 * gk * gk;
                m[k] = mk;
                v[k] = vk;
                w[k] = w[k] * keep - lrStep * mk / (std::sqrt(vk) * invSqrtC2 + eps);
            }
        }
    }
    return norm;
}

}  // namespace tastelab::model

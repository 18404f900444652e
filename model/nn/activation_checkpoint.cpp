// Activation checkpointing as a custom autograd function: the forward pass runs without recording a graph, the
// backward pass recomputes the block with grad enabled and back-propagates through the recomputed graph.
#include "model/nn/activation_checkpoint.h"

#include <ATen/core/ivalue.h>
#include <c10/util/intrusive_ptr.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <stdexcept>
#include <utility>

namespace tastelab::model {
namespace {

using BlockFunction = std::function<at::Tensor(const std::vector<at::Tensor>&)>;

// The block to recompute, kept in the autograd context (which holds only IValues) until backward runs.
struct BlockHolder : torch::CustomClassHolder {
    explicit BlockHolder(BlockFunction f)
        : fn(std::move(f))
    {
    }
    BlockFunction fn;
};

constexpr const char* kBlockKey = "block";

class CheckpointFunction : public torch::autograd::Function<CheckpointFunction> {
public:
    // Runs with grad mode off (Function::apply sees to it): nothing inside fn is recorded.
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, at::TensorList inputs, const BlockFunction& fn)
    {
        ctx->save_for_backward(inputs.vec());
        ctx->saved_data[kBlockKey] = c10::IValue::make_capsule(c10::make_intrusive<BlockHolder>(fn));
        return fn(inputs.vec());
    }

    static torch::autograd::variable_list backward(
        torch::autograd::AutogradContext* ctx, torch::autograd::variable_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const auto holder = c10::static_intrusive_pointer_cast<BlockHolder>(ctx->saved_data.at(kBlockKey).toCapsule());

        std::vector<at::Tensor> detached;
        detached.reserve(saved.size());
        for (std::size_t i = 0; i < saved.size(); ++i) {
            at::Tensor input = saved[i].detach();
            // Only inputs whose gradient is wanted become leaves that collect one.
            if (ctx->needs_input_grad(i)) input.requires_grad_(true);
            detached.push_back(std::move(input));
        }

        at::Tensor recomputed;
        {
            torch::autograd::AutoGradMode enableGrad(true);
            recomputed = holder->fn(detached);
        }

        torch::autograd::variable_list inputGrads(saved.size());
        if (recomputed.requires_grad() && gradOutputs.at(0).defined()) {
            torch::autograd::backward({recomputed}, {gradOutputs[0]});
            for (std::size_t i = 0; i < detached.size(); ++i) {
                if (detached[i].requires_grad()) inputGrads[i] = detached[i].grad();
            }
        }
        // One more (undefined) gradient for the non-tensor fn argument.
        inputGrads.emplace_back();
        return inputGrads;
    }
};

}  // namespace

at::Tensor checkpointed(const BlockFunction& fn, const std::vector<at::Tensor>& inputs)
{
    bool anyInputNeedsGrad = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (!inputs[i].defined())
            throw std::invalid_argument("checkpointed: input " + std::to_string(i) + " is an undefined tensor");
        anyInputNeedsGrad = anyInputNeedsGrad || inputs[i].requires_grad();
    }
    // Without an input in the graph the custom function would not be recorded at all, so parameters inside fn would
    // get no gradient: run fn plainly. Its output then carries the graph and the blocks after it are checkpointed.
    if (!torch::autograd::GradMode::is_enabled() || !anyInputNeedsGrad) return fn(inputs);
    return CheckpointFunction::apply(at::TensorList(inputs), fn);
}

}  // namespace tastelab::model

// Gradient (activation) checkpointing for training through large generators: a block's intermediate activations
// are dropped in the forward pass and recomputed in the backward pass, trading compute for memory.
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

namespace tastelab::model {

// Runs fn(inputs) without keeping its intermediate activations when autograd would record it, and recomputes it in
// the backward pass. Gradients reach the inputs, and parameters inside fn that require grad accumulate theirs.
// With grad mode off, or no input/parameter requiring grad, it is just fn(inputs).
// When no input requires grad, fn also runs plainly (keeping its activations), so that parameters inside it still get
// their gradients; the blocks after it then see inputs that require grad and are checkpointed.
// fn must be deterministic (no dropout in training mode, no random draws): it runs twice when backward runs. It is
// kept until the graph is freed, so it must capture by value what it uses. Inputs must be defined tensors
// (std::invalid_argument otherwise).
at::Tensor checkpointed(
    const std::function<at::Tensor(const std::vector<at::Tensor>&)>& fn, const std::vector<at::Tensor>& inputs);

}  // namespace tastelab::model

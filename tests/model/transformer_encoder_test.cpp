// The shared pre-norm encoder (CLIP, SigLIP): properties that any correct multi-head attention has, and the three
// activations at a point whose values are published.
#include "model/nn/transformer_encoder.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

namespace {

using namespace tastelab::model;

TEST(TransformerEncoder, OneKeyAttendsWithWeightOneSoTheOutputIsItsValue)
{
    at::manual_seed(1);
    const at::Tensor q = at::randn({2, 3, 8}), k = at::randn({2, 1, 8}), v = at::randn({2, 1, 8});
    const at::Tensor out = multiHeadAttention(q, k, v, 2);
    ASSERT_EQ(out.sizes(), (at::IntArrayRef{2, 3, 8}));
    for (int t = 0; t < 3; ++t) EXPECT_TRUE(at::allclose(out.select(1, t), v.select(1, 0), 1e-6, 1e-6));
}

TEST(TransformerEncoder, HeadsAreIndependentSlicesOfTheWidth)
{
    at::manual_seed(2);
    const at::Tensor q = at::randn({1, 4, 6}), k = at::randn({1, 5, 6}), v = at::randn({1, 5, 6});
    const at::Tensor both = multiHeadAttention(q, k, v, 2);
    const at::Tensor first = multiHeadAttention(q.narrow(2, 0, 3), k.narrow(2, 0, 3), v.narrow(2, 0, 3), 1);
    const at::Tensor second = multiHeadAttention(q.narrow(2, 3, 3), k.narrow(2, 3, 3), v.narrow(2, 3, 3), 1);
    EXPECT_TRUE(at::allclose(both, at::cat({first, second}, 2), 1e-5, 1e-6));
    // Against the softmax of the scaled products written out for the first head.
    const at::Tensor scores = at::matmul(q.narrow(2, 0, 3), k.narrow(2, 0, 3).transpose(1, 2)) / std::sqrt(3.0);
    EXPECT_TRUE(at::allclose(first, at::matmul(at::softmax(scores, -1), v.narrow(2, 0, 3)), 1e-5, 1e-6));
}

TEST(TransformerEncoder, ACausalMaskKeepsEarlierTokensBlindToLaterOnes)
{
    at::manual_seed(3);
    const int width = 8, hidden = 16;
    const auto linear = [](int out, int in) {
        return LinearWeights{at::randn({out, in}) * 0.3, at::randn({out}) * 0.1};
    };
    const auto norm = [&] { return LayerNormWeights{at::ones({width}), at::zeros({width})}; };
    std::vector<EncoderLayerWeights> layers(2);
    for (auto& layer : layers) {
        layer = {linear(width, width), linear(width, width), linear(width, width), linear(width, width), norm(), norm(),
            linear(hidden, width), linear(width, hidden)};
    }
    const at::Tensor mask = at::full({4, 4}, -INFINITY).triu(1);
    const at::Tensor x = at::randn({1, 4, width});
    at::Tensor changed = x.clone();
    changed.select(1, 3).add_(
        at::randn({width}) * 2.0);  // only the last token differs (not by a constant: LN removes that)
    const EncoderSettings settings{2, 1e-5, "quick_gelu"};
    const at::Tensor a = preNormEncoder(x, layers, settings, mask), b = preNormEncoder(changed, layers, settings, mask);
    EXPECT_TRUE(at::allclose(a.narrow(1, 0, 3), b.narrow(1, 0, 3), 1e-6, 1e-6));
    EXPECT_FALSE(at::allclose(a.select(1, 3), b.select(1, 3), 1e-3, 1e-3));
    // Without the mask the first token sees the change.
    EXPECT_FALSE(at::allclose(preNormEncoder(x, layers, settings).select(1, 0),
        preNormEncoder(changed, layers, settings).select(1, 0), 1e-4, 1e-4));
}

TEST(TransformerEncoder, ActivationsMatchTheirDefinitionsAtOne)
{
    const at::Tensor one = at::ones({1});
    // GELU(1) = Phi(1) = 0.8413447; its tanh approximation gives 0.8411920; quick GELU is 1 * sigmoid(1.702) =
    // 0.8457957.
    EXPECT_NEAR(applyActivation(one, "gelu").item<float>(), 0.8413447f, 1e-6f);
    EXPECT_NEAR(applyActivation(one, "gelu_pytorch_tanh").item<float>(), 0.8411920f, 1e-6f);
    EXPECT_NEAR(applyActivation(one, "quick_gelu").item<float>(), 0.8457957f, 1e-6f);
}

}  // namespace

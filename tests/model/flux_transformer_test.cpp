// The FLUX transformer: rotary tables and pair rotation against hand-computed values, the published FLUX.1-schnell
// names, shapes and parameter count (by formula), config reading and its errors, a tiny model's forward against a
// plain re-implementation in double precision, the final modulation's scale/shift order, gradients with and without
// checkpointing, the save/load round trip with named load errors, and bfloat16 against float32.
#include "model/diffusion/flux_transformer.h"
#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mdl = tastelab::model;

namespace {

using Shape = std::vector<std::int64_t>;

std::filesystem::path scratch(const std::string& name)
{
    const auto dir =
        std::filesystem::temp_directory_path() / ("tastelab-flux-transformer-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

std::filesystem::path writeText(const std::string& name, const std::string& text)
{
    const auto file = scratch(name);
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

std::string loadErrorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const mdl::ModelLoadError& error) {
        return error.what();
    }
    return "(no error)";
}

std::map<std::string, Shape> shapesOf(const torch::nn::Module& module)
{
    std::map<std::string, Shape> shapes;
    for (const auto& [name, tensor] : mdl::moduleTensors(module)) shapes[name] = tensor.sizes().vec();
    return shapes;
}

std::int64_t countOf(const std::map<std::string, Shape>& shapes)
{
    std::int64_t total = 0;
    for (const auto& entry : shapes) {
        std::int64_t n = 1;
        for (const std::int64_t d : entry.second) n *= d;
        total += n;
    }
    return total;
}

// Parameters of FluxTransformer2DModel by formula (every Linear has a bias; RMSNorms have headDim weights).
std::int64_t parameterFormula(const mdl::FluxTransformerConfig& c)
{
    const std::int64_t d = c.hidden(), m = 4 * d, h = c.attentionHeadDim;
    auto linear = [](std::int64_t in, std::int64_t out) { return in * out + out; };
    const std::int64_t embedders = linear(c.inChannels, d) + linear(c.jointAttentionDim, d) + linear(256, d)
        + linear(d, d) + linear(c.pooledProjectionDim, d) + linear(d, d)
        + (c.guidanceEmbeds ? linear(256, d) + linear(d, d) : 0);
    const std::int64_t output = linear(d, 2 * d) + linear(d, c.outChannels);
    const std::int64_t doubleBlock =
        2 * linear(d, 6 * d) + 8 * linear(d, d) + 4 * h + 2 * (linear(d, m) + linear(m, d));
    const std::int64_t singleBlock = linear(d, 3 * d) + 3 * linear(d, d) + 2 * h + linear(d, m) + linear(d + m, d);
    return embedders + output + c.numLayers * doubleBlock + c.numSingleLayers * singleBlock;
}

// Two heads of 8 (rotary axes 2 + 2 + 4), one block of each kind, out_channels differing from in_channels.
mdl::FluxTransformerConfig tinyConfig()
{
    mdl::FluxTransformerConfig c;
    c.inChannels = 8;
    c.outChannels = 6;
    c.numLayers = 1;
    c.numSingleLayers = 1;
    c.attentionHeadDim = 8;
    c.numAttentionHeads = 2;
    c.jointAttentionDim = 12;
    c.pooledProjectionDim = 5;
    c.axesDimsRope = {2, 2, 4};
    return c;
}

// Every parameter drawn from N(0, scale^2), so that RMSNorm weights and biases matter too.
void randomize(torch::nn::Module& module, double scale = 0.3)
{
    at::NoGradGuard noGrad;
    for (at::Tensor& p : module.parameters()) p.copy_(at::randn_like(p) * scale);
}

struct TinyInputs {
    at::Tensor hidden, context, pooled, timestep, imgIds, txtIds;
};

TinyInputs tinyInputs(const mdl::FluxTransformerConfig& c, std::int64_t batch = 2)
{
    TinyInputs in;
    in.hidden = at::randn({batch, 6, c.inChannels});
    in.context = at::randn({batch, 3, c.jointAttentionDim});
    in.pooled = at::randn({batch, c.pooledProjectionDim});
    in.timestep = at::linspace(0.25, 0.9, batch);
    // Image ids (0, row, col) of a 2 x 3 grid; text ids not all zero so that their rotation is exercised too.
    in.imgIds = at::tensor({0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 1, 0, 1, 2}, at::kFloat).reshape({6, 3});
    in.txtIds = at::tensor({0, 0, 0, 1, 2, 0, 3, 0, 5}, at::kFloat).reshape({3, 3});
    return in;
}

// ---- A plain re-implementation in double precision (written from diffusers' description, not from the model) ----

class Reference {
public:
    Reference(const torch::nn::Module& module, mdl::FluxTransformerConfig config)
        : c_(std::move(config))
    {
        for (const auto& [name, tensor] : mdl::moduleTensors(module)) p_[name] = tensor.detach().to(at::kDouble);
    }

    at::Tensor forward(const TinyInputs& in)
    {
        const at::Tensor temb = conditioning(in.pooled.to(at::kDouble), in.timestep.to(at::kDouble));
        at::Tensor x = lin(in.hidden.to(at::kDouble), "x_embedder");
        at::Tensor ctx = lin(in.context.to(at::kDouble), "context_embedder");
        angles_ = angleTable(at::cat({in.txtIds, in.imgIds}, 0));
        const std::int64_t textLength = ctx.size(1);
        for (std::int64_t b = 0; b < c_.numLayers; ++b)
            doubleBlock("transformer_blocks." + std::to_string(b) + ".", x, ctx, temb);
        at::Tensor joint = at::cat({ctx, x}, 1);
        for (std::int64_t b = 0; b < c_.numSingleLayers; ++b)
            joint = singleBlock("single_transformer_blocks." + std::to_string(b) + ".", joint, temb);
        x = joint.narrow(1, textLength, joint.size(1) - textLength);
        const std::vector<at::Tensor> mod = lin(silu(temb), "norm_out.linear").chunk(2, 1);  // scale, shift
        return lin(layerNorm(x) * (1 + mod[0].unsqueeze(1)) + mod[1].unsqueeze(1), "proj_out");
    }

private:
    at::Tensor lin(const at::Tensor& x, const std::string& name)
    {
        return at::matmul(x, p_.at(name + ".weight").t()) + p_.at(name + ".bias");
    }
    static at::Tensor silu(const at::Tensor& x) { return x / (1 + at::exp(-x)); }
    static at::Tensor geluTanh(const at::Tensor& x)
    {
        return 0.5 * x * (1 + at::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
    }
    static at::Tensor layerNorm(const at::Tensor& x)
    {
        const at::Tensor mean = x.mean(-1, true);
        const at::Tensor var = (x - mean).pow(2).mean(-1, true);
        return (x - mean) / at::sqrt(var + 1e-6);
    }
    at::Tensor rms(const at::Tensor& x, const std::string& name)
    {
        return x / at::sqrt(x.pow(2).mean(-1, true) + 1e-6) * p_.at(name + ".weight");
    }

    at::Tensor sinusoids(const at::Tensor& t)
    {
        const at::Tensor out = at::zeros({t.size(0), 256}, at::kDouble);
        for (std::int64_t b = 0; b < t.size(0); ++b) {
            const double steps = t[b].item<double>() * 1000;
            for (int i = 0; i < 128; ++i) {
                const double frequency = std::exp(-std::log(10000.0) * i / 128.0);
                out[b][i] = std::cos(steps * frequency);  // flip_sin_to_cos: cos first
                out[b][128 + i] = std::sin(steps * frequency);
            }
        }
        return out;
    }

    at::Tensor conditioning(const at::Tensor& pooled, const at::Tensor& t)
    {
        const std::string e = "time_text_embed.";
        at::Tensor temb =
            lin(silu(lin(sinusoids(t), e + "timestep_embedder.linear_1")), e + "timestep_embedder.linear_2");
        return temb + lin(silu(lin(pooled, e + "text_embedder.linear_1")), e + "text_embedder.linear_2");
    }

    // [S, headDim] rotation angles: per axis a of dimension d, pair i turns by id * theta^(-2i/d).
    at::Tensor angleTable(const at::Tensor& ids)
    {
        const at::Tensor table = at::zeros({ids.size(0), c_.attentionHeadDim / 2}, at::kDouble);
        for (std::int64_t s = 0; s < ids.size(0); ++s) {
            std::int64_t pair = 0;
            for (std::size_t a = 0; a < c_.axesDimsRope.size(); ++a) {
                const auto d = static_cast<double>(c_.axesDimsRope[a]);
                for (std::int64_t i = 0; i < c_.axesDimsRope[a] / 2; ++i)
                    table[s][pair++] =
                        ids[s][static_cast<std::int64_t>(a)].item<double>() * std::pow(c_.ropeTheta, -2.0 * i / d);
            }
        }
        return table;
    }

    // x [B, S, D] for one head: pairs (x0, x1) turned as the complex number x0 + i x1 by the angle.
    at::Tensor rotate(const at::Tensor& x)
    {
        at::Tensor out = x.clone();
        for (std::int64_t j = 0; j < x.size(2) / 2; ++j) {
            const at::Tensor angle = angles_.select(1, j).unsqueeze(0);  // [1, S]
            const at::Tensor x0 = x.select(2, 2 * j), x1 = x.select(2, 2 * j + 1);
            out.select(2, 2 * j).copy_(x0 * at::cos(angle) - x1 * at::sin(angle));
            out.select(2, 2 * j + 1).copy_(x1 * at::cos(angle) + x0 * at::sin(angle));
        }
        return out;
    }

    // q, k, v [B, S, H * d] (already joint): per batch item and head, softmax(q k^T / sqrt(d)) v written out.
    at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v)
    {
        const std::int64_t d = c_.attentionHeadDim;
        at::Tensor out = at::zeros_like(q);
        for (std::int64_t b = 0; b < q.size(0); ++b) {
            for (std::int64_t h = 0; h < c_.numAttentionHeads; ++h) {
                const at::Tensor qh = q[b].narrow(1, h * d, d), kh = k[b].narrow(1, h * d, d),
                                 vh = v[b].narrow(1, h * d, d);
                const at::Tensor scores = at::matmul(qh, kh.t()) / std::sqrt(static_cast<double>(d));
                const at::Tensor e = at::exp(scores - std::get<0>(scores.max(1, true)));
                out[b].narrow(1, h * d, d).copy_(at::matmul(e / e.sum(1, true), vh));
            }
        }
        return out;
    }

    // Per-head RMSNorm then rotation of a projection [B, S, H * d].
    at::Tensor normAndRotate(const at::Tensor& t, const std::string& norm, bool rotateIt)
    {
        const std::int64_t d = c_.attentionHeadDim;
        std::vector<at::Tensor> heads;
        for (std::int64_t h = 0; h < c_.numAttentionHeads; ++h) {
            at::Tensor head = t.narrow(2, h * d, d);
            if (!norm.empty()) head = rms(head, norm);
            heads.push_back(rotateIt ? rotate(head) : head);
        }
        return at::cat(heads, 2);
    }

    at::Tensor ff(const at::Tensor& x, const std::string& prefix)
    {
        return lin(geluTanh(lin(x, prefix + "net.0.proj")), prefix + "net.2");
    }

    void doubleBlock(const std::string& p, at::Tensor& x, at::Tensor& ctx, const at::Tensor& temb)
    {
        // shift, scale, gate (attention), shift, scale, gate (MLP)
        const std::vector<at::Tensor> m = lin(silu(temb), p + "norm1.linear").chunk(6, 1);
        const std::vector<at::Tensor> mc = lin(silu(temb), p + "norm1_context.linear").chunk(6, 1);
        auto u = [](const at::Tensor& t) { return t.unsqueeze(1); };
        const at::Tensor xn = layerNorm(x) * (1 + u(m[1])) + u(m[0]);
        const at::Tensor cn = layerNorm(ctx) * (1 + u(mc[1])) + u(mc[0]);
        const std::string a = p + "attn.";
        // Text first: rotate the joint sequence so positions follow cat(txtIds, imgIds).
        const at::Tensor q = normAndRotate(at::cat({normAndRotate(lin(cn, a + "add_q_proj"), a + "norm_added_q", false),
                                                       normAndRotate(lin(xn, a + "to_q"), a + "norm_q", false)},
                                               1),
            "", true);
        const at::Tensor k = normAndRotate(at::cat({normAndRotate(lin(cn, a + "add_k_proj"), a + "norm_added_k", false),
                                                       normAndRotate(lin(xn, a + "to_k"), a + "norm_k", false)},
                                               1),
            "", true);
        const at::Tensor v = at::cat({lin(cn, a + "add_v_proj"), lin(xn, a + "to_v")}, 1);
        const at::Tensor attended = attention(q, k, v);
        const std::int64_t textLength = ctx.size(1);
        const at::Tensor textPart = attended.narrow(1, 0, textLength);
        const at::Tensor imagePart = attended.narrow(1, textLength, x.size(1));
        x = x + u(m[2]) * lin(imagePart, a + "to_out.0");
        x = x + u(m[5]) * ff(layerNorm(x) * (1 + u(m[4])) + u(m[3]), p + "ff.");
        ctx = ctx + u(mc[2]) * lin(textPart, a + "to_add_out");
        ctx = ctx + u(mc[5]) * ff(layerNorm(ctx) * (1 + u(mc[4])) + u(mc[3]), p + "ff_context.");
    }

    at::Tensor singleBlock(const std::string& p, const at::Tensor& x, const at::Tensor& temb)
    {
        const std::vector<at::Tensor> m = lin(silu(temb), p + "norm.linear").chunk(3, 1);  // shift, scale, gate
        const at::Tensor n = layerNorm(x) * (1 + m[1].unsqueeze(1)) + m[0].unsqueeze(1);
        const std::string a = p + "attn.";
        const at::Tensor q = normAndRotate(lin(n, a + "to_q"), a + "norm_q", true);
        const at::Tensor k = normAndRotate(lin(n, a + "to_k"), a + "norm_k", true);
        const at::Tensor attended = attention(q, k, lin(n, a + "to_v"));
        const at::Tensor mlp = geluTanh(lin(n, p + "proj_mlp"));
        return x + m[2].unsqueeze(1) * lin(at::cat({attended, mlp}, 2), p + "proj_out");
    }

    mdl::FluxTransformerConfig c_;
    std::map<std::string, at::Tensor> p_;
    at::Tensor angles_;
};

}  // namespace

// ---- Rotary embedding -------------------------------------------------------------------------------------------

TEST(FluxRotary, TablesMatchHandComputedAngles)
{
    // Axes (2, 4, 2), theta 10000. Axis frequencies: dim 2 -> 1; dim 4 -> 1, 10000^(-2/4) = 0.01.
    // id (0, 3, 5): angles 0 | 3, 0.03 | 5; id (1, 2, 7): 1 | 2, 0.02 | 7; each repeated for its pair.
    const at::Tensor ids = at::tensor({0, 3, 5, 1, 2, 7}, at::kLong).reshape({2, 3});
    const auto [cos, sin] = mdl::fluxRotaryEmbedding(ids, {2, 4, 2}, 10000);
    ASSERT_EQ(cos.sizes(), (at::IntArrayRef{2, 8}));
    ASSERT_EQ(sin.scalar_type(), at::kFloat);
    const double angles[2][8] = {{0, 0, 3, 3, 0.03, 0.03, 5, 5}, {1, 1, 2, 2, 0.02, 0.02, 7, 7}};
    for (int s = 0; s < 2; ++s) {
        for (int j = 0; j < 8; ++j) {
            EXPECT_NEAR(cos[s][j].item<double>(), std::cos(angles[s][j]), 1e-6) << s << "," << j;
            EXPECT_NEAR(sin[s][j].item<double>(), std::sin(angles[s][j]), 1e-6) << s << "," << j;
        }
    }

    // Axis of dimension 6: frequencies 1, 10000^(-1/3) = 0.0464158883, 10000^(-2/3) = 0.00215443469; id 10 on it.
    const auto [cos6, sin6] = mdl::fluxRotaryEmbedding(at::tensor({0.0F, 10.0F}).reshape({1, 2}), {2, 6}, 10000);
    const double expected[8] = {0, 0, 10, 10, 0.464158883, 0.464158883, 0.0215443469, 0.0215443469};
    for (int j = 0; j < 8; ++j) {
        EXPECT_NEAR(cos6[0][j].item<double>(), std::cos(expected[j]), 1e-6) << j;
        EXPECT_NEAR(sin6[0][j].item<double>(), std::sin(expected[j]), 1e-6) << j;
    }
    EXPECT_THROW(mdl::fluxRotaryEmbedding(at::zeros({4, 2}), {2, 4, 2}, 10000), std::invalid_argument);
}

TEST(FluxRotary, RotatesInterleavedPairs)
{
    // x = (1, 2 | 3, 4): the first pair turns by pi/2, the second by pi.
    const at::Tensor x = at::tensor({1.0F, 2.0F, 3.0F, 4.0F}).reshape({1, 1, 1, 4});
    const double a = M_PI / 2, b = M_PI;
    const at::Tensor cos = at::tensor({std::cos(a), std::cos(a), std::cos(b), std::cos(b)}, at::kFloat).reshape({1, 4});
    const at::Tensor sin = at::tensor({std::sin(a), std::sin(a), std::sin(b), std::sin(b)}, at::kFloat).reshape({1, 4});
    const at::Tensor out = mdl::applyFluxRotary(x, cos, sin).flatten();
    // (1 + 2i) * i = -2 + i; (3 + 4i) * -1 = -3 - 4i.
    const float expected[4] = {-2, 1, -3, -4};
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(out[j].item<float>(), expected[j], 1e-6) << j;

    // Dot products of rotated queries and keys depend only on the offset of their positions (per axis).
    torch::manual_seed(11);
    const at::Tensor q = at::randn({1, 1, 1, 8}), k = at::randn({1, 1, 1, 8});
    auto rotatedDot = [&](double qRow, double kRow) {
        const at::Tensor ids = at::tensor({0.0, qRow, 2.0, 0.0, kRow, 2.0}, at::kFloat).reshape({2, 3});
        const auto [c, s] = mdl::fluxRotaryEmbedding(ids, {2, 4, 2}, 10000);
        const at::Tensor qr = mdl::applyFluxRotary(q, c.narrow(0, 0, 1), s.narrow(0, 0, 1));
        const at::Tensor kr = mdl::applyFluxRotary(k, c.narrow(0, 1, 1), s.narrow(0, 1, 1));
        return (qr * kr).sum().item<double>();
    };
    EXPECT_NEAR(rotatedDot(3, 1), rotatedDot(10, 8), 1e-5);
    EXPECT_GT(std::abs(rotatedDot(3, 1) - rotatedDot(3, 2)), 1e-3);
}

// ---- The published model ------------------------------------------------------------------------------------------

TEST(FluxTransformerConfig, SchnellParameterCountByFormula)
{
    const mdl::FluxTransformerConfig schnell = mdl::FluxTransformerConfig::schnell();
    EXPECT_EQ(schnell.hidden(), 3072);
    EXPECT_EQ(schnell.numLayers, 19);
    EXPECT_EQ(schnell.numSingleLayers, 38);
    EXPECT_EQ(schnell.axesDimsRope, (Shape{16, 56, 56}));
    EXPECT_FALSE(schnell.guidanceEmbeds);
    // Published totals: FLUX.1-schnell 11,891,178,560; FLUX.1-dev (with its guidance embedder) 11,901,408,320.
    EXPECT_EQ(parameterFormula(schnell), 11891178560);
    mdl::FluxTransformerConfig dev = schnell;
    dev.guidanceEmbeds = true;
    EXPECT_EQ(parameterFormula(dev), 11901408320);
}

TEST(FluxTransformer2DModel, SchnellWidthsBuildThePublishedTensors)
{
    // The full model is 47 GB in float32: build schnell's widths with one block of each kind (2 GB), and schnell's
    // block counts at a tiny width; the formula above ties both to the published total.
    const auto started = std::chrono::steady_clock::now();
    mdl::FluxTransformerConfig wide = mdl::FluxTransformerConfig::schnell();
    wide.numLayers = 1;
    wide.numSingleLayers = 1;
    std::map<std::string, Shape> shapes;
    {
        torch::manual_seed(1);
        mdl::FluxTransformer2DModel model(wide);
        shapes = shapesOf(*model);
        std::printf("[ timing   ] schnell-width model (1 + 1 blocks) built in %.1f s\n",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        // The real widths run: 4 image tokens (a 2 x 2 grid), 2 text tokens.
        at::NoGradGuard noGrad;
        const auto forwardStarted = std::chrono::steady_clock::now();
        const at::Tensor imgIds = at::tensor({0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1}, at::kFloat).reshape({4, 3});
        const at::Tensor out = model->forward(at::randn({1, 4, 64}), at::randn({1, 2, 4096}), at::randn({1, 768}),
            at::full({1}, 0.75), imgIds, at::zeros({2, 3}));
        std::printf("[ timing   ] schnell-width forward (6 tokens) in %.0f ms\n",
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - forwardStarted).count());
        EXPECT_EQ(out.sizes(), (at::IntArrayRef{1, 4, 64}));
        EXPECT_TRUE(at::isfinite(out).all().item<bool>());
        EXPECT_GT(out.abs().max().item<double>(), 1e-3);
    }
    EXPECT_EQ(countOf(shapes), parameterFormula(wide));
    const std::map<std::string, Shape> published = {
        {"x_embedder.weight", {3072, 64}},
        {"x_embedder.bias", {3072}},
        {"context_embedder.weight", {3072, 4096}},
        {"time_text_embed.timestep_embedder.linear_1.weight", {3072, 256}},
        {"time_text_embed.timestep_embedder.linear_2.weight", {3072, 3072}},
        {"time_text_embed.text_embedder.linear_1.weight", {3072, 768}},
        {"time_text_embed.text_embedder.linear_2.bias", {3072}},
        {"transformer_blocks.0.norm1.linear.weight", {18432, 3072}},
        {"transformer_blocks.0.norm1_context.linear.bias", {18432}},
        {"transformer_blocks.0.attn.to_q.weight", {3072, 3072}},
        {"transformer_blocks.0.attn.to_k.bias", {3072}},
        {"transformer_blocks.0.attn.norm_q.weight", {128}},
        {"transformer_blocks.0.attn.norm_k.weight", {128}},
        {"transformer_blocks.0.attn.add_q_proj.weight", {3072, 3072}},
        {"transformer_blocks.0.attn.add_v_proj.bias", {3072}},
        {"transformer_blocks.0.attn.norm_added_q.weight", {128}},
        {"transformer_blocks.0.attn.norm_added_k.weight", {128}},
        {"transformer_blocks.0.attn.to_out.0.weight", {3072, 3072}},
        {"transformer_blocks.0.attn.to_add_out.weight", {3072, 3072}},
        {"transformer_blocks.0.ff.net.0.proj.weight", {12288, 3072}},
        {"transformer_blocks.0.ff.net.2.weight", {3072, 12288}},
        {"transformer_blocks.0.ff_context.net.0.proj.bias", {12288}},
        {"transformer_blocks.0.ff_context.net.2.weight", {3072, 12288}},
        {"single_transformer_blocks.0.norm.linear.weight", {9216, 3072}},
        {"single_transformer_blocks.0.proj_mlp.weight", {12288, 3072}},
        {"single_transformer_blocks.0.proj_out.weight", {3072, 15360}},
        {"single_transformer_blocks.0.proj_out.bias", {3072}},
        {"single_transformer_blocks.0.attn.to_v.weight", {3072, 3072}},
        {"single_transformer_blocks.0.attn.norm_k.weight", {128}},
        {"norm_out.linear.weight", {6144, 3072}},
        {"norm_out.linear.bias", {6144}},
        {"proj_out.weight", {64, 3072}},
        {"proj_out.bias", {64}},
    };
    for (const auto& [name, shape] : published) {
        const auto found = shapes.find(name);
        ASSERT_NE(found, shapes.end()) << name;
        EXPECT_EQ(found->second, shape) << name;
    }
    // A double block holds 32 tensors and a single block 14 in the published files; 16 outside the blocks.
    EXPECT_EQ(shapes.size(), 16u + 32u + 14u);
    EXPECT_EQ(shapes.count("time_text_embed.guidance_embedder.linear_1.weight"), 0u);
    EXPECT_EQ(shapes.count("single_transformer_blocks.0.attn.to_out.0.weight"), 0u);  // single blocks have none

    // Schnell's block counts (19 + 38) at a tiny width: 16 + 19 * 32 + 38 * 14 = 1156 tensors, none past the ends.
    mdl::FluxTransformerConfig deep = mdl::FluxTransformerConfig::schnell();
    deep.attentionHeadDim = 8;
    deep.numAttentionHeads = 1;
    deep.axesDimsRope = {2, 2, 4};
    deep.jointAttentionDim = 4;
    deep.pooledProjectionDim = 4;
    const mdl::FluxTransformer2DModel deepModel(deep);
    const auto deepShapes = shapesOf(*deepModel);
    EXPECT_EQ(deepShapes.size(), 1156u);
    EXPECT_EQ(countOf(deepShapes), parameterFormula(deep));
    EXPECT_EQ(deepShapes.count("transformer_blocks.18.ff_context.net.2.bias"), 1u);
    EXPECT_EQ(deepShapes.count("transformer_blocks.19.norm1.linear.weight"), 0u);
    EXPECT_EQ(deepShapes.count("single_transformer_blocks.37.proj_out.weight"), 1u);
    EXPECT_EQ(deepShapes.count("single_transformer_blocks.38.proj_out.weight"), 0u);
}

TEST(FluxTransformerConfig, ReadsThePublishedConfigAndNamesBadKeys)
{
    // black-forest-labs/FLUX.1-schnell transformer/config.json
    const char* const published = R"({
  "_class_name": "FluxTransformer2DModel",
  "_diffusers_version": "0.30.0.dev0",
  "_name_or_path": "../checkpoints/flux-schnell/transformer",
  "attention_head_dim": 128,
  "axes_dims_rope": [16, 56, 56],
  "guidance_embeds": false,
  "in_channels": 64,
  "joint_attention_dim": 4096,
  "num_attention_heads": 24,
  "num_layers": 19,
  "num_single_layers": 38,
  "out_channels": null,
  "patch_size": 1,
  "pooled_projection_dim": 768
})";
    const mdl::FluxTransformerConfig read = mdl::FluxTransformerConfig::fromJson(writeText("config.json", published));
    EXPECT_EQ(read.inChannels, 64);
    EXPECT_EQ(read.outChannels, 64);  // null -> in_channels
    EXPECT_EQ(read.numLayers, 19);
    EXPECT_EQ(read.numSingleLayers, 38);
    EXPECT_EQ(read.attentionHeadDim, 128);
    EXPECT_EQ(read.numAttentionHeads, 24);
    EXPECT_EQ(read.jointAttentionDim, 4096);
    EXPECT_EQ(read.pooledProjectionDim, 768);
    EXPECT_EQ(read.axesDimsRope, (Shape{16, 56, 56}));
    EXPECT_FALSE(read.guidanceEmbeds);
    EXPECT_EQ(read.hidden(), 3072);

    const std::string dev = std::string(published).replace(std::string(published).find("\"guidance_embeds\": false"),
        std::string("\"guidance_embeds\": false").size(), "\"guidance_embeds\": true");
    EXPECT_TRUE(mdl::FluxTransformerConfig::fromJson(writeText("dev.json", dev)).guidanceEmbeds);

    auto errorFor = [&](const std::string& name, const std::string& from, const std::string& to) {
        std::string text = published;
        const auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
        const auto file = writeText(name, text);
        return loadErrorOf([&] { mdl::FluxTransformerConfig::fromJson(file); });
    };
    const std::string wrongClass = errorFor("class.json", "\"FluxTransformer2DModel\"", "\"SD3Transformer2DModel\"");
    EXPECT_NE(wrongClass.find("_class_name"), std::string::npos) << wrongClass;
    EXPECT_NE(wrongClass.find("class.json"), std::string::npos) << wrongClass;
    const std::string patch = errorFor("patch.json", "\"patch_size\": 1", "\"patch_size\": 2");
    EXPECT_NE(patch.find("patch_size"), std::string::npos) << patch;
    EXPECT_NE(patch.find("patch.json"), std::string::npos) << patch;
    const std::string axes = errorFor("axes.json", "[16, 56, 56]", "[16, 56, 48]");
    EXPECT_NE(axes.find("axes_dims_rope"), std::string::npos) << axes;
    EXPECT_NE(axes.find("120"), std::string::npos) << axes;  // the sum it found
    const std::string type = errorFor("type.json", "\"num_layers\": 19", "\"num_layers\": \"19\"");
    EXPECT_NE(type.find("num_layers"), std::string::npos) << type;
    EXPECT_NE(type.find("type.json"), std::string::npos) << type;
    const std::string heads = errorFor("heads.json", "\"num_attention_heads\": 24", "\"num_attention_heads\": 0");
    EXPECT_NE(heads.find("num_attention_heads"), std::string::npos) << heads;
    const std::string missing =
        loadErrorOf([] { mdl::FluxTransformerConfig::fromJson(scratch("absent/config.json")); });
    EXPECT_NE(missing.find("absent"), std::string::npos) << missing;
}

// ---- The forward pass
// ------------------------------------------------------------------------------------------------

TEST(FluxTransformer2DModel, TinyForwardMatchesAPlainReimplementation)
{
    torch::manual_seed(5);
    const mdl::FluxTransformerConfig config = tinyConfig();
    mdl::FluxTransformer2DModel model(config);
    randomize(*model);
    const TinyInputs in = tinyInputs(config);
    at::NoGradGuard noGrad;
    const auto started = std::chrono::steady_clock::now();
    const at::Tensor out = model->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds);
    std::printf("[ timing   ] tiny forward (1 + 1 blocks, 9 tokens, batch 2) in %.2f ms\n",
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    ASSERT_EQ(out.sizes(), (at::IntArrayRef{2, 6, 6}));
    ASSERT_EQ(out.scalar_type(), at::kFloat);

    Reference reference(*model, config);
    const at::Tensor expected = reference.forward(in);
    const double scale = expected.abs().max().item<double>();
    EXPECT_GT(scale, 0.1);
    EXPECT_LT((out.to(at::kDouble) - expected).abs().max().item<double>(), 1e-4 * std::max(1.0, scale))
        << "model\n"
        << out << "\nreference\n"
        << expected;

    // Two blocks of each kind: the reference loops over them the same way.
    mdl::FluxTransformerConfig twice = config;
    twice.numLayers = 2;
    twice.numSingleLayers = 2;
    mdl::FluxTransformer2DModel deeper(twice);
    randomize(*deeper, 0.25);
    Reference deeperReference(*deeper, twice);
    const at::Tensor deeperOut = deeper->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds);
    EXPECT_TRUE(at::allclose(deeperOut.to(at::kDouble), deeperReference.forward(in), 1e-4, 1e-4));

    // The image tokens' positions matter (rotary), and so do the timestep and the pooled text.
    EXPECT_FALSE(at::allclose(
        out, model->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds * 2, in.txtIds), 1e-4, 1e-4));
    EXPECT_FALSE(at::allclose(
        out, model->forward(in.hidden, in.context, in.pooled, in.timestep * 0.5, in.imgIds, in.txtIds), 1e-4, 1e-4));
    EXPECT_FALSE(at::allclose(
        out, model->forward(in.hidden, in.context, in.pooled * 2, in.timestep, in.imgIds, in.txtIds), 1e-4, 1e-4));

    // One timestep for the batch is the same as that timestep for each item.
    const at::Tensor one = model->forward(in.hidden, in.context, in.pooled, at::tensor(0.6F), in.imgIds, in.txtIds);
    const at::Tensor each = model->forward(in.hidden, in.context, in.pooled, at::full({2}, 0.6F), in.imgIds, in.txtIds);
    EXPECT_TRUE(at::allclose(one, each, 1e-6, 1e-6));
    EXPECT_THROW(model->forward(in.hidden, in.context, in.pooled, at::full({3}, 0.6F), in.imgIds, in.txtIds),
        std::invalid_argument);
    EXPECT_THROW(model->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds.narrow(0, 0, 5), in.txtIds),
        std::invalid_argument);
    EXPECT_THROW(model->forward(in.hidden.narrow(2, 0, 7), in.context, in.pooled, in.timestep, in.imgIds, in.txtIds),
        std::invalid_argument);
}

TEST(FluxTransformer2DModel, FinalModulationIsScaleThenShift)
{
    // No blocks: out = proj_out(LayerNorm(x_embedder(hidden)) * (1 + scale) + shift) with norm_out.linear giving a
    // constant (scale = 1, shift = 0.5): the first half of its output is the scale. Swapped, the result differs.
    mdl::FluxTransformerConfig config = tinyConfig();
    config.numLayers = 0;
    config.numSingleLayers = 0;
    config.outChannels = config.hidden();
    torch::manual_seed(8);
    mdl::FluxTransformer2DModel model(config);
    randomize(*model);
    const std::int64_t d = config.hidden();
    {
        at::NoGradGuard noGrad;
        for (auto& item : model->named_parameters()) {
            const std::string& name = item.key();
            at::Tensor& p = item.value();
            if (name == "norm_out.linear.weight") p.zero_();
            if (name == "norm_out.linear.bias") p.copy_(at::cat({at::ones({d}), at::full({d}, 0.5)}));
            if (name == "proj_out.weight") p.copy_(at::eye(d));
            if (name == "proj_out.bias") p.zero_();
        }
    }
    const TinyInputs in = tinyInputs(config);
    at::NoGradGuard noGrad;
    const at::Tensor out = model->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds);
    const auto tensors = mdl::moduleTensors(*model);
    at::Tensor w, b;
    for (const auto& [name, t] : tensors) {
        if (name == "x_embedder.weight") w = t;
        if (name == "x_embedder.bias") b = t;
    }
    const at::Tensor x = at::matmul(in.hidden, w.t()) + b;
    const at::Tensor mean = x.mean(-1, true);
    const at::Tensor normed = (x - mean) / at::sqrt((x - mean).pow(2).mean(-1, true) + 1e-6);
    EXPECT_TRUE(at::allclose(out, normed * 2 + 0.5, 1e-4, 1e-5));
    EXPECT_FALSE(at::allclose(out, normed * 1.5 + 1, 1e-2, 1e-2));
}

TEST(FluxTransformer2DModel, GuidanceEmbedderWhenConfigured)
{
    mdl::FluxTransformerConfig config = tinyConfig();
    config.guidanceEmbeds = true;
    torch::manual_seed(9);
    mdl::FluxTransformer2DModel model(config);
    randomize(*model);
    const auto shapes = shapesOf(*model);
    EXPECT_EQ(shapes.at("time_text_embed.guidance_embedder.linear_1.weight"), (Shape{16, 256}));
    EXPECT_EQ(shapes.at("time_text_embed.guidance_embedder.linear_2.weight"), (Shape{16, 16}));
    EXPECT_EQ(countOf(shapes), parameterFormula(config));
    const TinyInputs in = tinyInputs(config);
    at::NoGradGuard noGrad;
    EXPECT_THROW(
        model->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds), std::invalid_argument);
    const at::Tensor a =
        model->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds, at::full({2}, 0.0035));
    const at::Tensor b =
        model->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds, at::full({2}, 0.004));
    EXPECT_FALSE(at::allclose(a, b, 1e-4, 1e-4));
}

TEST(FluxTransformer2DModel, GradientReachesTheInputWithAndWithoutCheckpointing)
{
    torch::manual_seed(6);
    mdl::FluxTransformerConfig config = tinyConfig();
    config.numLayers = 2;
    config.numSingleLayers = 2;
    mdl::FluxTransformer2DModel model(config);
    randomize(*model, 0.25);
    const TinyInputs in = tinyInputs(config);
    const at::Tensor probe = at::randn({2, 6, config.outChannels});
    at::Tensor toQ;
    for (const auto& item : model->named_parameters()) {
        if (item.key() == "transformer_blocks.0.attn.to_q.weight") toQ = item.value();
    }
    ASSERT_TRUE(toQ.defined());

    auto gradients = [&](bool checkpointing) {
        model->setGradientCheckpointing(checkpointing);
        model->zero_grad();
        const at::Tensor hidden = in.hidden.clone().requires_grad_(true);
        const at::Tensor out = model->forward(hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds);
        (out * probe).sum().backward();
        return std::make_pair(hidden.grad().clone(), toQ.grad().clone());
    };
    const auto [plainInput, plainWeight] = gradients(false);
    const auto [checkpointedInput, checkpointedWeight] = gradients(true);
    EXPECT_GT(plainInput.abs().sum().item<double>(), 1e-3);
    EXPECT_GT(plainWeight.abs().sum().item<double>(), 1e-3);
    EXPECT_TRUE(at::allclose(plainInput, checkpointedInput, 1e-5, 1e-6));
    EXPECT_TRUE(at::allclose(plainWeight, checkpointedWeight, 1e-5, 1e-6));

    // Against a finite difference along the probe direction of the input.
    model->setGradientCheckpointing(false);
    at::NoGradGuard noGrad;
    const at::Tensor direction = at::randn_like(in.hidden);
    const double eps = 1e-2;
    auto loss = [&](const at::Tensor& hidden) {
        return (model->forward(hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds).to(at::kDouble)
            * probe.to(at::kDouble))
            .sum()
            .item<double>();
    };
    const double numeric = (loss(in.hidden + eps * direction) - loss(in.hidden - eps * direction)) / (2 * eps);
    const double analytic = (plainInput * direction).sum().item<double>();
    EXPECT_NEAR(numeric, analytic, 2e-2 * std::max(1.0, std::abs(analytic)));
}

TEST(FluxTransformer2DModel, CheckpointRoundTripAndNamedLoadErrors)
{
    torch::manual_seed(2);
    const mdl::FluxTransformerConfig config = tinyConfig();
    mdl::FluxTransformer2DModel saved(config);
    randomize(*saved);
    const auto file = scratch("tiny_flux.safetensors");
    mdl::writeSafetensors(file, mdl::moduleTensors(*saved));

    torch::manual_seed(3);
    mdl::FluxTransformer2DModel loaded(config);
    auto weights = mdl::WeightSource::fromSafetensors(file);
    mdl::loadModuleWeights(*loaded, weights);
    const TinyInputs in = tinyInputs(config);
    {
        at::NoGradGuard noGrad;
        EXPECT_TRUE(at::equal(saved->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds),
            loaded->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds)));
    }

    auto errorLoading = [&](const std::string& name,
                            const std::function<void(std::vector<std::pair<std::string, at::Tensor>>&)>& edit) {
        auto tensors = mdl::moduleTensors(*saved);
        edit(tensors);
        const auto edited = scratch(name);
        mdl::writeSafetensors(edited, tensors);
        return loadErrorOf([&] {
            mdl::FluxTransformer2DModel target(config);
            auto source = mdl::WeightSource::fromSafetensors(edited);
            mdl::loadModuleWeights(*target, source);
        });
    };
    const std::string missingName = "transformer_blocks.0.attn.norm_added_k.weight";
    const std::string missing = errorLoading("missing.safetensors", [&](auto& tensors) {
        tensors.erase(
            std::remove_if(tensors.begin(), tensors.end(), [&](const auto& t) { return t.first == missingName; }),
            tensors.end());
    });
    EXPECT_NE(missing.find(missingName), std::string::npos) << missing;
    EXPECT_NE(missing.find("[8]"), std::string::npos) << missing;
    EXPECT_NE(missing.find("missing.safetensors"), std::string::npos) << missing;

    const std::string misshaped = errorLoading("misshaped.safetensors", [](auto& tensors) {
        for (auto& [name, tensor] : tensors) {
            if (name == "single_transformer_blocks.0.proj_out.weight") tensor = at::zeros({16, 64});
        }
    });
    EXPECT_NE(misshaped.find("single_transformer_blocks.0.proj_out.weight"), std::string::npos) << misshaped;
    EXPECT_NE(misshaped.find("[16, 80]"), std::string::npos) << misshaped;
    EXPECT_NE(misshaped.find("[16, 64]"), std::string::npos) << misshaped;
    EXPECT_NE(misshaped.find("misshaped.safetensors"), std::string::npos) << misshaped;

    // FLUX.1-dev weights into a schnell-style config: the guidance embedder is named as unexpected.
    const std::string extra = errorLoading("extra.safetensors", [](auto& tensors) {
        tensors.emplace_back("time_text_embed.guidance_embedder.linear_1.weight", at::zeros({16, 256}));
    });
    EXPECT_NE(extra.find("time_text_embed.guidance_embedder.linear_1.weight"), std::string::npos) << extra;
    EXPECT_NE(extra.find("extra.safetensors"), std::string::npos) << extra;
}

TEST(FluxLinear, InitialisesWithinTheLinearBoundOrLeavesTensorsForTheLoader)
{
    torch::manual_seed(12);
    mdl::FluxLinear layer(25, 7);
    const double bound = 1.0 / 5;  // 1 / sqrt(in)
    EXPECT_LE(layer->weight.abs().max().item<double>(), bound);
    EXPECT_GT(layer->weight.abs().max().item<double>(), 0.8 * bound);  // uniform over the whole range
    EXPECT_LE(layer->bias.abs().max().item<double>(), bound);
    EXPECT_GT(layer->weight.std().item<double>(), 0.5 * bound / std::sqrt(3.0));
    const at::Tensor x = at::randn({3, 25});
    EXPECT_TRUE(at::allclose(layer->forward(x), at::matmul(x, layer->weight.t()) + layer->bias, 1e-5, 1e-6));

    // Built directly in bfloat16 without drawing, then filled from float32 weights by the loader.
    const mdl::FluxTransformerConfig config = tinyConfig();
    mdl::FluxTransformer2DModel source(config);
    randomize(*source);
    mdl::FluxTransformer2DModel target(config, at::TensorOptions().dtype(at::kBFloat16), /*initialize=*/false);
    for (const auto& [name, tensor] : mdl::moduleTensors(*target))
        EXPECT_EQ(tensor.scalar_type(), at::kBFloat16) << name;
    auto weights = mdl::WeightSource::fromTensors(mdl::moduleTensors(*source), "memory");
    mdl::loadModuleWeights(*target, weights);
    const auto loaded = mdl::moduleTensors(*target);
    const auto original = mdl::moduleTensors(*source);
    ASSERT_EQ(loaded.size(), original.size());
    for (std::size_t i = 0; i < loaded.size(); ++i) {
        EXPECT_TRUE(at::equal(loaded[i].second, original[i].second.to(at::kBFloat16))) << loaded[i].first;
    }
}

TEST(FluxTransformer2DModel, RunsInBfloat16CloseToFloat32)
{
    torch::manual_seed(4);
    const mdl::FluxTransformerConfig config = tinyConfig();
    mdl::FluxTransformer2DModel model(config);
    randomize(*model, 0.2);
    const TinyInputs in = tinyInputs(config);
    at::NoGradGuard noGrad;
    const at::Tensor reference = model->forward(in.hidden, in.context, in.pooled, in.timestep, in.imgIds, in.txtIds);
    model->to(at::kBFloat16);
    const at::Tensor bf16 = model->forward(in.hidden.to(at::kBFloat16), in.context.to(at::kBFloat16),
        in.pooled.to(at::kBFloat16), in.timestep, in.imgIds, in.txtIds);
    ASSERT_EQ(bf16.scalar_type(), at::kBFloat16);
    const double relative = (bf16.to(at::kFloat) - reference).norm().item<double>() / reference.norm().item<double>();
    std::printf("[ info     ] bfloat16 vs float32 relative error %.4f\n", relative);
    EXPECT_LT(relative, 0.04);
    EXPECT_GT(relative, 0.0);  // it really ran in bfloat16
}

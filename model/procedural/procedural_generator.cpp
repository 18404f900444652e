// Rendering: noise -> (fixed linear mixing + prompt biases) -> scene parameters -> soft shapes over a
// gradient, a texture of sinusoids, then colour grading. Every step is smooth, so gradients reach the
// noise from every pixel.
#include "model/procedural/procedural_generator.h"

#include "util/hashing.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <cmath>
#include <random>
#include <stdexcept>

namespace tastelab::model {
namespace {

constexpr std::uint64_t kMixingSeed = 0x5441'5354'454C'4142ull;  // fixed forever: changing it changes every image
constexpr double kPi = 3.14159265358979323846;

// Box-Muller over mt19937_64: the same numbers on every platform and LibTorch version.
std::vector<float> gaussians(std::uint64_t seed, int count)
{
    std::mt19937_64 rng(seed);
    std::vector<float> out(static_cast<std::size_t>(count));
    for (int i = 0; i < count; i += 2) {
        const double u1 = (static_cast<double>(rng() >> 11) + 1.0) / 9007199254740993.0;  // (0, 1]
        const double u2 = static_cast<double>(rng() >> 11) / 9007199254740992.0;  // [0, 1)
        const double r = std::sqrt(-2.0 * std::log(u1));
        out[i] = static_cast<float>(r * std::cos(2.0 * kPi * u2));
        if (i + 1 < count) out[i + 1] = static_cast<float>(r * std::sin(2.0 * kPi * u2));
    }
    return out;
}

std::vector<std::string> words(const std::string& prompt)
{
    std::vector<std::string> out;
    std::string current;
    for (unsigned char c : prompt) {
        if (std::isalnum(c)) {
            current += static_cast<char>(std::tolower(c));
        } else if (!current.empty()) {
            out.push_back(current);
            current.clear();
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

// HSV to RGB with the piecewise-linear hue ramps; h, s, v broadcast; returns [..., 3].
at::Tensor hsvToRgb(const at::Tensor& h, const at::Tensor& s, const at::Tensor& v)
{
    std::vector<at::Tensor> channels;
    for (double offset : {0.0, 2.0 / 3.0, 1.0 / 3.0}) {
        const at::Tensor k = at::remainder(h + offset, 1.0) * 6.0;
        const at::Tensor ramp = at::clamp(at::abs(k - 3.0) - 1.0, 0.0, 1.0);
        channels.push_back(v * (1.0 - s + s * ramp));
    }
    return at::stack(channels, -1);
}

// Scene parameter layout (indices into the mixed noise).
constexpr int kAttr = 0;  // 9 attributes
constexpr int kGlobal = kVisualAttributeCount;  // hue base, hue spread, gradient angle, vignette, tint
constexpr int kGlobalCount = 5;
constexpr int kShapeParams = 8;  // x, y, size, aspect, rotation, hue offset, value, alpha
constexpr int kWaveParams = 3;  // frequency, angle, phase

}  // namespace

ProceduralGenerator::ProceduralGenerator(ProceduralConfig config)
    : config_(config)
{
    if (config_.size < 32 || config_.size > 512) {
        throw std::invalid_argument(fmt::format("procedural image size {} is outside 32..512", config_.size));
    }
    if (config_.latentDim < 8 || config_.shapes < 1 || config_.waves < 1) {
        throw std::invalid_argument("procedural generator needs latentDim >= 8, shapes >= 1, waves >= 1");
    }
    if (config_.version < 1 || config_.version > 2) {
        throw std::invalid_argument(fmt::format("procedural generator version {} is not 1 or 2", config_.version));
    }
    parameterCount_ = kGlobal + kGlobalCount + config_.shapes * kShapeParams + config_.waves * kWaveParams;
    const std::vector<float> values = gaussians(kMixingSeed, parameterCount_ * config_.latentDim);
    at::Tensor mixing = at::from_blob(
        const_cast<float*>(values.data()), {parameterCount_, config_.latentDim}, at::TensorOptions().dtype(at::kFloat))
                            .clone();
    // Unit rows: each scene parameter is standard normal when the noise is.
    mixing_ = mixing / mixing.norm(2, {1}, true);
}

std::string ProceduralGenerator::id() const
{
    return config_.version == 1 ? kGeneratorId : kGeneratorIdV2;
}

int ProceduralGenerator::versionOf(const std::string& id)
{
    if (id == kGeneratorId) return 1;
    if (id == kGeneratorIdV2) return 2;
    throw std::invalid_argument(
        fmt::format("unknown procedural world '{}' (this TasteLab knows {} and {})", id, kGeneratorId, kGeneratorIdV2));
}

at::Tensor ProceduralGenerator::noiseForSeed(std::uint64_t seed) const
{
    const std::vector<float> values = gaussians(seed * 0x9E3779B97F4A7C15ull + 1, config_.latentDim);
    return at::from_blob(const_cast<float*>(values.data()), {config_.latentDim}, at::TensorOptions().dtype(at::kFloat))
        .clone();
}

at::Tensor ProceduralGenerator::noiseForSeeds(const std::vector<std::uint64_t>& seeds) const
{
    std::vector<at::Tensor> rows;
    rows.reserve(seeds.size());
    for (std::uint64_t seed : seeds) rows.push_back(noiseForSeed(seed));
    return at::stack(rows);
}

PromptStyle ProceduralGenerator::parsePrompt(const std::string& prompt) const
{
    PromptStyle style;
    style.layoutOffset.assign(static_cast<std::size_t>(config_.latentDim), 0.0f);
    for (const std::string& word : words(prompt)) {
        const LexiconEntry* entry = findLexiconWord(word);
        if (!entry) {
            style.unknownWords.push_back(word);
            continue;
        }
        if (entry->category == WordCategory::Subject) {
            style.subjectWords.push_back(word);
            const std::vector<float> offset = gaussians(util::fnv1a64(word), config_.latentDim);
            for (int i = 0; i < config_.latentDim; ++i) style.layoutOffset[i] += 0.6f * offset[i];
        } else {
            style.styleWords.push_back(word);
            for (int a = 0; a < kVisualAttributeCount; ++a) style.bias[a] += entry->bias[a];
        }
    }
    return style;
}

ProceduralImages ProceduralGenerator::render(
    const at::Tensor& noiseIn, const std::vector<std::string>& prompts, int sizeIn) const
{
    const at::Tensor noise = noiseIn.dim() == 1 ? noiseIn.unsqueeze(0) : noiseIn;
    if (noise.dim() != 2 || noise.size(1) != config_.latentDim) {
        throw std::invalid_argument(fmt::format(
            "procedural noise must be [B, {}], got [{}]", config_.latentDim, fmt::join(noiseIn.sizes(), ", ")));
    }
    const std::int64_t batch = noise.size(0);
    if (prompts.empty() || (prompts.size() != 1 && static_cast<std::int64_t>(prompts.size()) != batch)) {
        throw std::invalid_argument(
            fmt::format("give one prompt, or one per image ({}), not {}", batch, prompts.size()));
    }
    const int size = sizeIn > 0 ? sizeIn : config_.size;
    if (size < 32 || size > 512) throw std::invalid_argument(fmt::format("image size {} is outside 32..512", size));
    const auto options = noise.options();

    // Prompt biases and subject layout offsets, per image.
    std::vector<float> biasValues;
    std::vector<float> offsetValues;
    for (std::int64_t b = 0; b < batch; ++b) {
        const PromptStyle style = parsePrompt(prompts.size() == 1 ? prompts[0] : prompts[static_cast<std::size_t>(b)]);
        biasValues.insert(biasValues.end(), style.bias.begin(), style.bias.end());
        offsetValues.insert(offsetValues.end(), style.layoutOffset.begin(), style.layoutOffset.end());
    }
    auto cpuFloat = at::TensorOptions().dtype(at::kFloat);
    const at::Tensor bias = at::from_blob(biasValues.data(), {batch, kVisualAttributeCount}, cpuFloat).to(options);
    const at::Tensor offset = at::from_blob(offsetValues.data(), {batch, config_.latentDim}, cpuFloat).to(options);

    // Scene parameters: standard normal per parameter, then squashed into their ranges.
    // Subject words move the layout (shapes, palette, texture), never the nine attributes.
    const at::Tensor mixing = mixing_.to(options);
    at::Tensor layout = at::matmul(offset, mixing.t());
    layout = at::cat({at::zeros_like(layout.narrow(1, 0, kVisualAttributeCount)),
                         layout.narrow(1, kVisualAttributeCount, parameterCount_ - kVisualAttributeCount)},
        1);
    const at::Tensor params = at::matmul(noise, mixing.t()) + layout;  // [B, P]

    const at::Tensor attributes = at::sigmoid(params.narrow(1, kAttr, kVisualAttributeCount) * 1.2 + bias);
    auto attr = [&](VisualAttribute a) { return attributes.select(1, static_cast<int>(a)).view({batch, 1, 1}); };
    const at::Tensor warmth = attr(VisualAttribute::Warmth), saturation = attr(VisualAttribute::Saturation),
                     brightness = attr(VisualAttribute::Brightness), contrast = attr(VisualAttribute::Contrast),
                     detail = attr(VisualAttribute::Detail), geometry = attr(VisualAttribute::Geometry),
                     centering = attr(VisualAttribute::Centering), texture = attr(VisualAttribute::Texture),
                     blur = attr(VisualAttribute::Blur);
    const at::Tensor global = params.narrow(1, kGlobal, kGlobalCount);
    auto globalParam = [&](int i) { return global.select(1, i).view({batch, 1, 1}); };
    const int K = config_.shapes;
    const int J = config_.waves;
    const at::Tensor shape = params.narrow(1, kGlobal + kGlobalCount, K * kShapeParams).view({batch, K, kShapeParams});
    const at::Tensor wave =
        params.narrow(1, kGlobal + kGlobalCount + K * kShapeParams, J * kWaveParams).view({batch, J, kWaveParams});

    // Pixel grid in [-1, 1].
    const at::Tensor axis = at::linspace(-1.0, 1.0, size, options);
    const at::Tensor ys = axis.view({1, size, 1});
    const at::Tensor xs = axis.view({1, 1, size});

    // Palette: hues around a base, pulled the short way round the colour wheel toward orange (warm)
    // or blue (cool), the further the warmer or cooler the image is.
    const at::Tensor hueBase = at::sigmoid(globalParam(0) * 1.5);
    const at::Tensor hueSpread = 0.08 + 0.3 * at::sigmoid(globalParam(1));
    const at::Tensor warmSide = (warmth > 0.5).to(warmth.scalar_type());
    const at::Tensor hueTarget = 0.07 * warmSide + 0.60 * (1.0 - warmSide);
    const at::Tensor pull = 0.85 * at::abs(2.0 * warmth - 1.0);
    // raw is [B, 1, 1] (one hue per image) or [B, K, 1, 1] (one per shape).
    auto paletteHue = [&](const at::Tensor& raw) {
        auto match = [&](const at::Tensor& perImage) { return raw.dim() == 4 ? perImage.unsqueeze(1) : perImage; };
        const at::Tensor free = match(hueBase) + match(hueSpread) * at::tanh(raw);
        const at::Tensor delta = at::remainder(match(hueTarget) - free + 0.5, 1.0) - 0.5;
        return free + match(pull) * delta;
    };

    // Background: a two-colour gradient at an angle.
    const at::Tensor angle = globalParam(2) * kPi;
    const at::Tensor t = at::sigmoid(2.5 * (xs * at::cos(angle) + ys * at::sin(angle)));  // [B, S, S]
    const at::Tensor bgValue = 0.25 + 0.6 * brightness;
    const at::Tensor c0 = hsvToRgb(paletteHue(globalParam(3)), 0.8 * saturation, bgValue);
    const at::Tensor c1 = hsvToRgb(paletteHue(-globalParam(3)), 0.6 * saturation, 0.8 * bgValue);
    at::Tensor image = c0 * (1.0 - t).unsqueeze(-1) + c1 * t.unsqueeze(-1);  // [B, S, S, 3]

    // Shapes: superellipses, round (organic) to square (geometric), soft-edged by blur, spread by
    // composition, more of them shown the higher the detail. v2: shapes large enough for their corners to
    // show, geometric ones squarer and turned toward the axes, the spread from the centre wider, and a
    // floor of two shapes, so that geometry, blur and centering show even in a minimal image.
    const bool v2 = config_.version >= 2;
    // v2: turns away from the axes at fixed, evenly spread fractions of a quarter turn, paired so that any first
    // 2n of them have a mean cos 4 theta of 0 when geometry is 0, and scaled by (1 - geometry). Random turns would
    // make how well the edges keep to the axes a matter of chance (with a few shapes, as much as geometry).
    auto axisTurns = [&](int count, double start) {
        std::vector<float> turns;
        for (int k = 0; k < count; ++k) {
            // Pairs u, u - 1 (4 theta = pi u and pi (u - 1)): their cosines cancel.
            const double u = std::fmod(start + (k / 2) * 0.6180339887, 1.0);
            turns.push_back(static_cast<float>((k % 2 == 0 ? u : u - 1.0) * kPi / 4.0));
        }
        return at::tensor(turns, at::TensorOptions().dtype(at::kFloat)).to(options).view({1, count, 1, 1});
    };
    const at::Tensor spread = (v2 ? 1.0 - 0.9 * centering : 0.95 - 0.75 * centering).unsqueeze(1);  // [B, 1, 1, 1]
    auto shapeParam = [&](int i) { return shape.select(2, i).view({batch, K, 1, 1}); };
    const double reach = v2 ? 1.6 : 1.0;  // v2: scattered shapes go further out
    const at::Tensor cx = spread * at::tanh(reach * shapeParam(0));
    const at::Tensor cy = spread * at::tanh(reach * shapeParam(1));
    const at::Tensor scale = v2 ? (0.22 + 0.28 * at::sigmoid(shapeParam(2))) * (1.1 - 0.4 * detail.unsqueeze(1))
                                : (0.1 + 0.4 * at::sigmoid(shapeParam(2))) * (1.1 - 0.5 * detail.unsqueeze(1));
    const at::Tensor aspect = at::exp(0.35 * at::tanh(shapeParam(3)));
    // v2: the turn away from the axes shrinks with geometry (axisTurns), so that how well the edges keep to the axes
    // (the mean of cos 4 theta) goes from 0 to 1 with geometry, not with chance; a little jitter of its own per shape.
    const at::Tensor rotation =
        v2 ? axisTurns(K, 0.6) * (1.0 - geometry.unsqueeze(1)) + 0.03 * shapeParam(4) : shapeParam(4) * kPi;
    const at::Tensor dx = xs.unsqueeze(1) - cx;  // [B, K, S, S] after broadcast
    const at::Tensor dy = ys.unsqueeze(1) - cy;
    const at::Tensor u = (dx * at::cos(rotation) + dy * at::sin(rotation)) / (scale * aspect);
    const at::Tensor v = (dy * at::cos(rotation) - dx * at::sin(rotation)) / (scale / aspect);
    // 2: ellipse .. 10 (v1) or 25 (v2): a (rounded) square. v2 spends the range where the shape changes: past an
    // exponent of about 8 a superellipse is already square to the eye, so the exponent rises slowly at first and
    // fast at the end (the share of the bounding square it fills goes about evenly from 0.79 to 1).
    const at::Tensor p = (v2 ? 2.0 / (1.0 - 0.92 * geometry) : 2.0 + 8.0 * geometry).unsqueeze(1);
    const at::Tensor uu = u * u + 1e-6, vv = v * v + 1e-6;
    // v2 takes the larger term out first: the same value, but (u^2)^(p/2) and its gradient never overflow at p = 24.
    const at::Tensor larger = v2 ? at::maximum(uu, vv) : at::ones_like(uu);
    const at::Tensor d = v2
        ? at::sqrt(larger) * at::pow(at::pow(uu / larger, p / 2.0) + at::pow(vv / larger, p / 2.0), 1.0 / p)
        : at::pow(at::pow(uu, p / 2.0) + at::pow(vv, p / 2.0), 1.0 / p);
    // v2: blur on a log scale (crisp 120 .. soft 13), as edge width is seen; the softest edge stays within a third of
    // the shape's radius, so that blur does not round a square's corners away and hide geometry.
    const at::Tensor sharpness = (v2 ? 120.0 * at::exp(-2.2 * blur) : 60.0 - 54.0 * blur).unsqueeze(1);
    const at::Tensor mask = at::sigmoid((1.0 - d) * sharpness);  // [B, K, S, S]
    const at::Tensor index = at::arange(K, options).view({1, K, 1, 1});
    const at::Tensor gate = v2 ? at::sigmoid((2.0 + detail.unsqueeze(1) * (K - 1.5) - index) * 2.5)
                               : at::sigmoid((detail.unsqueeze(1) * (K + 2.0) + 0.5 - index) * 2.0);
    const at::Tensor alpha = gate * (0.5 + 0.45 * at::sigmoid(shapeParam(7))) * mask;  // [B, K, S, S]
    const at::Tensor shapeColor = hsvToRgb(paletteHue(shapeParam(5)), saturation.unsqueeze(1),
        (0.15 + 0.85 * at::sigmoid(1.5 * shapeParam(6) + 3.0 * (brightness.unsqueeze(1) - 0.5))));  // [B,K,1,1,3]
    for (int k = 0; k < K; ++k) {
        const at::Tensor a = alpha.select(1, k).unsqueeze(-1);  // [B, S, S, 1]
        image = image * (1.0 - a) + shapeColor.select(1, k) * a;
    }

    // Texture: oriented sinusoids, finer with detail; v1: weaker when blurred.
    auto waveParam = [&](int i) { return wave.select(2, i).view({batch, J, 1, 1}); };
    // v2: the frequency follows detail more than chance, and geometric images draw their texture as straight
    // parallel stripes (organic ones as waves crossing at up to 45 degrees: curved lines), turned as the shapes are,
    // so that texture and shapes agree on geometry.
    const at::Tensor frequency = v2 ? 5.0 + 16.0 * detail.unsqueeze(1) + 4.0 * at::sigmoid(waveParam(0))
                                    : 1.5 + (2.0 + 26.0 * detail.unsqueeze(1)) * at::sigmoid(waveParam(0));
    const at::Tensor waveAngle =
        v2 ? axisTurns(J, 0.3) * (1.0 - geometry.unsqueeze(1)) + 0.03 * waveParam(1) : waveParam(1) * kPi;
    const at::Tensor phase = waveParam(2) * kPi;
    const at::Tensor waves =
        at::sin(kPi * frequency * (xs.unsqueeze(1) * at::cos(waveAngle) + ys.unsqueeze(1) * at::sin(waveAngle)) + phase)
            .mean(1);  // [B, S, S]
    if (!v2) {
        const at::Tensor amplitude = 0.16 * texture * (1.0 - 0.7 * blur);
        image = image + (waves * amplitude).unsqueeze(-1);

        // Colour grading: saturation, warm/cool tint, contrast, brightness, vignette.
        const at::Tensor gray = image.mean(-1, true);
        image = gray + (image - gray) * (0.3 + 1.4 * saturation).unsqueeze(-1);
        const at::Tensor tint = ((warmth - 0.5) * 0.16).unsqueeze(-1);
        image = image + at::cat({tint, at::zeros_like(tint), -tint}, -1);
        const at::Tensor mean = image.mean({1, 2, 3}, true);
        image = mean + (image - mean) * (0.45 + 1.3 * contrast).unsqueeze(-1);
        image = image + ((brightness - 0.5) * 0.45).unsqueeze(-1);
        const at::Tensor vignette = 0.35 * at::sigmoid(globalParam(4)) * (0.5 + contrast);
        image = image * (1.0 - vignette * (xs * xs + ys * ys) * 0.5).unsqueeze(-1);
    } else {
        // v2 grading: saturation scales the colour around the grey, contrast sets the spread of the grey itself
        // (whatever the shapes happened to be), and the texture is added afterwards with an amplitude of its
        // own, so that neither blur nor contrast can hide it.
        at::Tensor gray = image.mean(-1, true);
        image = gray + (image - gray) * (0.3 + 1.4 * saturation).unsqueeze(-1);
        const at::Tensor tint = ((warmth - 0.5) * 0.28).unsqueeze(-1);
        image = image + at::cat({tint, at::zeros_like(tint), -tint}, -1);
        gray = image.mean(-1, true);
        const at::Tensor grayMean = gray.mean({1, 2, 3}, true);
        const at::Tensor grayStd = at::sqrt((gray - grayMean).pow(2).mean({1, 2, 3}, true) + 1e-4);
        const at::Tensor spreadWanted = (0.04 + 0.22 * contrast).unsqueeze(-1);
        image = image - gray + grayMean + (gray - grayMean) * (spreadWanted / grayStd);
        // The texture gathers where the composition does (its mean energy stays the same), so that it shows
        // centering instead of hiding it under an even layer of edges.
        // The amplitude spans a range wide enough to stand out from the shapes' own edges at any contrast.
        const at::Tensor amplitude = 0.03 + 0.2 * texture;
        at::Tensor envelope = at::exp(-3.0 * (xs * xs + ys * ys) * centering);
        envelope = envelope / at::sqrt((envelope * envelope).mean({1, 2}, true));
        // The sum of the waves at the root-mean-square that random phases give on average (1 / sqrt(2 J)), whatever
        // these phases were: waves turned toward one axis beat against each other, and their beats would otherwise
        // make the texture's strength partly chance.
        const at::Tensor evenWaves = waves / (at::sqrt(2.0 * J * (waves * waves).mean({1, 2}, true) + 1e-6));
        image = image + (evenWaves * amplitude * envelope).unsqueeze(-1);
        image = image + ((brightness - 0.5) * 0.45).unsqueeze(-1);
        const at::Tensor vignette = 0.15 * at::sigmoid(globalParam(4));
        image = image * (1.0 - vignette * (xs * xs + ys * ys) * 0.5).unsqueeze(-1);
    }

    // A smooth squash into (0, 1) (slope 1.25 at mid-grey), so no pixel stops passing gradients.
    image = at::sigmoid((image - 0.5) * 5.0);
    return {image.permute({0, 3, 1, 2}).contiguous(), attributes};
}

}  // namespace tastelab::model

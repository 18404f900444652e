// The look descriptor. Each group of dimensions says what it measures; all are smooth functions of
// the pixels (no argmax, no hard thresholds), so the score of a reward model on top can be
// differentiated back to the image.
#include "model/backbones/look_features.h"

#include "util/hashing.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace tastelab::model {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kEps = 1e-6;

// Mean over the spatial dimensions of [B, S, S] (or [B, K, S, S]).
at::Tensor spatialMean(const at::Tensor& x)
{
    return x.mean({-2, -1});
}

at::Tensor spatialStd(const at::Tensor& x)
{
    const at::Tensor mean = spatialMean(x);
    return at::sqrt(spatialMean(x * x) - mean * mean + kEps);
}

// Soft histogram of an angle field given by (cos, sin), von Mises kernels, weighted, normalised.
at::Tensor angleHistogram(
    const at::Tensor& cosA, const at::Tensor& sinA, const at::Tensor& weight, int bins, double kappa)
{
    std::vector<at::Tensor> columns;
    for (int k = 0; k < bins; ++k) {
        const double mu = 2.0 * kPi * k / bins;
        columns.push_back(spatialMean(weight * at::exp(kappa * (cosA * std::cos(mu) + sinA * std::sin(mu) - 1.0))));
    }
    const at::Tensor hist = at::stack(columns, 1);  // [B, bins]
    return hist / (hist.sum(1, true) + kEps);
}

// Soft histogram of a field with values in about [0, 1], Gaussian kernels.
at::Tensor valueHistogram(const at::Tensor& field, int bins)
{
    std::vector<at::Tensor> columns;
    const double width = 0.5 / bins;
    for (int k = 0; k < bins; ++k) {
        const double centre = (k + 0.5) / bins;
        columns.push_back(spatialMean(at::exp(-at::pow(field - centre, 2) / (2 * width * width))));
    }
    const at::Tensor hist = at::stack(columns, 1);
    return hist / (hist.sum(1, true) + kEps);
}

// Borders are replicated, so that a flat image has no edges at its frame.
at::Tensor filter3x3(const at::Tensor& field, const std::vector<double>& kernel)
{
    const at::Tensor weight =
        at::tensor(kernel, field.options().dtype(at::kDouble)).to(field.scalar_type()).view({1, 1, 3, 3});
    return at::conv2d(at::replication_pad2d(field.unsqueeze(1), {1, 1, 1, 1}), weight).squeeze(1);
}

}  // namespace

at::Tensor srgbToOklab(const at::Tensor& rgb)
{
    // sRGB transfer curve to linear light, then Björn Ottosson's OKLab matrices.
    const at::Tensor linear =
        at::where(rgb <= 0.04045, rgb / 12.92, at::pow((rgb.clamp_min(0.0) + 0.055) / 1.055, 2.4));
    const at::Tensor r = linear.select(1, 0), g = linear.select(1, 1), b = linear.select(1, 2);
    auto cbrt = [](const at::Tensor& x) { return at::pow(x.clamp_min(0.0) + kEps, 1.0 / 3.0); };
    const at::Tensor l = cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
    const at::Tensor m = cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
    const at::Tensor s = cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
    return at::stack(
        {0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s, 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s},
        1);
}

LookFeatures::LookFeatures(int version)
    : version_(version)
{
    if (version != 2 && version != 3) {
        throw std::invalid_argument(fmt::format("look features have versions 2 and 3, not {}", version));
    }
}

at::Tensor LookFeatures::encodeImages(const at::Tensor& input) const
{
    const at::Tensor images = input.dim() == 3 ? input.unsqueeze(0) : input;
    if (images.dim() != 4 || images.size(1) != 3 || !at::isFloatingType(images.scalar_type())) {
        throw std::invalid_argument(
            fmt::format("look features need floating images [B, 3, H, W], got [{}]", fmt::join(input.sizes(), ", ")));
    }
    const int S = kWorkingSize;
    const at::Tensor x = at::upsample_bilinear2d(images, {S, S}, false);
    const at::Tensor R = x.select(1, 0), G = x.select(1, 1), B = x.select(1, 2);
    const at::Tensor lab = srgbToOklab(x);
    const at::Tensor L = lab.select(1, 0), A = lab.select(1, 1), Bb = lab.select(1, 2);
    const at::Tensor C = at::sqrt(A * A + Bb * Bb + 1e-8);
    const at::Tensor cosH = A / C, sinH = Bb / C;
    std::vector<at::Tensor> f;  // each [B] or [B, k]
    auto add = [&](const at::Tensor& t) { f.push_back(t.dim() == 1 ? t.unsqueeze(1) : t); };

    // Colour in OKLab: lightness and chroma statistics, chroma-weighted circular hue, hue histogram.
    add(spatialMean(L));
    add(spatialStd(L));
    add(spatialMean(C));
    add(spatialStd(C));
    const at::Tensor hueWeight = C / (spatialMean(C).view({-1, 1, 1}) + kEps);
    const at::Tensor meanCos = spatialMean(hueWeight * cosH), meanSin = spatialMean(hueWeight * sinH);
    add(meanCos);
    add(meanSin);
    add(at::sqrt(meanCos * meanCos + meanSin * meanSin + kEps));
    add(angleHistogram(cosH, sinH, C, 12, 4.0));
    // Colourfulness (Hasler and Süsstrunk), brightness, saturation, warmth.
    const at::Tensor rg = R - G, yb = 0.5 * (R + G) - B;
    add(at::sqrt(at::pow(spatialStd(rg), 2) + at::pow(spatialStd(yb), 2) + kEps)
        + 0.3 * at::sqrt(at::pow(spatialMean(rg), 2) + at::pow(spatialMean(yb), 2) + kEps));
    add(spatialMean(0.2126 * R + 0.7152 * G + 0.0722 * B));
    const at::Tensor maxC = std::get<0>(x.max(1)), minC = std::get<0>(x.min(1));
    add(spatialMean((maxC - minC) / (maxC + 1e-3)));
    add(spatialMean(R - B));
    // Contrast: local (8 px windows), sharpness (Laplacian), edges (Sobel) and their orientation.
    const at::Tensor L4 = L.unsqueeze(1);
    const at::Tensor localMean = at::avg_pool2d(L4, 8, 8), localSq = at::avg_pool2d(L4 * L4, 8, 8);
    add(spatialMean(at::sqrt(at::relu(localSq - localMean * localMean) + kEps).squeeze(1)));
    const at::Tensor laplacian = filter3x3(L, {0, 1, 0, 1, -4, 1, 0, 1, 0});
    add(spatialMean(at::abs(laplacian)));
    add(spatialStd(laplacian));
    const at::Tensor gx = filter3x3(L, {-1, 0, 1, -2, 0, 2, -1, 0, 1});
    const at::Tensor gy = filter3x3(L, {-1, -2, -1, 0, 0, 0, 1, 2, 1});
    const at::Tensor mag2 = gx * gx + gy * gy + kEps;
    const at::Tensor mag = at::sqrt(mag2);
    add(spatialMean(mag));
    add(spatialMean(at::sigmoid((mag - 0.15) * 40.0)));
    add(angleHistogram((gx * gx - gy * gy) / mag2, 2.0 * gx * gy / mag2, mag, 8, 2.0));
    // Texture energy at four scales: what a box blur of that size removes.
    std::vector<at::Tensor> energies;
    for (int scale : {2, 4, 8, 16}) {
        const at::Tensor blurred = at::upsample_nearest2d(at::avg_pool2d(L4, scale, scale), {S, S});
        energies.push_back(spatialMean(at::abs(L4 - blurred).squeeze(1)));
    }
    add(at::stack(energies, 1));
    // Layout: 3x3 grids of lightness and chroma, rule-of-thirds and centre-vs-border energy, symmetry.
    add(at::adaptive_avg_pool2d(L4, {3, 3}).flatten(1));
    add(at::adaptive_avg_pool2d(C.unsqueeze(1), {3, 3}).flatten(1));
    const at::Tensor axis = at::linspace(0.0, 1.0, S, x.options());
    const at::Tensor ys = axis.view({1, S, 1}), xs = axis.view({1, 1, S});
    at::Tensor thirds = at::zeros_like(mag);
    for (double cy : {1.0 / 3.0, 2.0 / 3.0}) {
        for (double cx : {1.0 / 3.0, 2.0 / 3.0}) {
            thirds = thirds + at::exp(-(at::pow(xs - cx, 2) + at::pow(ys - cy, 2)) / (2 * 0.08 * 0.08));
        }
    }
    const at::Tensor totalEnergy = spatialMean(mag) + kEps;
    add(spatialMean(mag * thirds) / totalEnergy);
    const at::Tensor centre =
        at::sigmoid((0.25 - at::abs(xs - 0.5)) * 30.0) * at::sigmoid((0.25 - at::abs(ys - 0.5)) * 30.0);
    const at::Tensor border = 1.0 - centre;
    add(at::log((spatialMean(mag * centre) / spatialMean(centre) + kEps)
        / (spatialMean(mag * border) / spatialMean(border) + kEps)));
    add(spatialMean(L * centre) / spatialMean(centre) - spatialMean(L * border) / spatialMean(border));
    add(1.0 - spatialMean(at::abs(L - L.flip({2}))));
    add(1.0 - spatialMean(at::abs(L - L.flip({1}))));
    // Complexity: the lightness histogram and its entropy.
    const at::Tensor lightnessHist = valueHistogram(L, 8);
    add(lightnessHist);
    add(-(lightnessHist * at::log(lightnessHist + kEps)).sum(1));

    // Structure (look-v2): tone contrast on the logit scale (undoing a display curve's squash), the
    // radial power spectrum, edge coherence, sharpness across scales, how far edges spread from the
    // centre, and the curvature of level lines (straight-sided against round shapes).
    const at::Tensor Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
    const at::Tensor logitY = at::logit(Y.clamp(1e-3, 1.0 - 1e-3));
    add(spatialStd(logitY));
    add(spatialMean(at::abs(logitY - spatialMean(logitY).view({-1, 1, 1}))));
    add(at::log(spatialStd(at::logit(x.clamp(1e-3, 1.0 - 1e-3))).mean(1) + kEps));
    const at::Tensor power = at::abs(at::fft_rfft2(Y - spatialMean(Y).view({-1, 1, 1}))).pow(2);
    const at::Tensor fy = at::fft_fftfreq(S, 1.0, x.options()).view({S, 1});
    const at::Tensor fx = at::fft_rfftfreq(S, 1.0, x.options()).view({1, S / 2 + 1});
    const at::Tensor radius = at::sqrt(fy * fy + fx * fx);
    const at::Tensor totalPower = power.sum({-2, -1}) + 1e-9;
    const double bands[] = {0.0, 0.01, 0.02, 0.04, 0.07, 0.11, 0.17, 0.26, 0.5};
    std::vector<at::Tensor> spectrum;
    for (int k = 0; k < 8; ++k) {
        const at::Tensor band = ((radius >= bands[k]) & (radius < bands[k + 1])).to(x.scalar_type());
        spectrum.push_back(at::log((power * band).sum({-2, -1}) / totalPower + 1e-9));
    }
    add(at::stack(spectrum, 1));
    add(at::log(totalPower));
    auto gaussianBlur = [&](const at::Tensor& field, double sigma) {
        const int r = static_cast<int>(3 * sigma);
        at::Tensor kernel = at::arange(-r, r + 1, x.options());
        kernel = at::exp(-kernel * kernel / (2 * sigma * sigma));
        kernel = kernel / kernel.sum();
        at::Tensor t = at::conv2d(at::replication_pad2d(field.unsqueeze(1), {r, r, 0, 0}), kernel.view({1, 1, 1, -1}));
        return at::conv2d(at::replication_pad2d(t, {0, 0, r, r}), kernel.view({1, 1, -1, 1})).squeeze(1);
    };
    auto sobelX = [&](const at::Tensor& t) { return filter3x3(t, {-1, 0, 1, -2, 0, 2, -1, 0, 1}) / 8.0; };
    auto sobelY = [&](const at::Tensor& t) { return filter3x3(t, {-1, -2, -1, 0, 0, 0, 1, 2, 1}) / 8.0; };
    const at::Tensor yx = sobelX(Y), yy = sobelY(Y);
    for (double sigma : {1.5, 4.0}) {
        const at::Tensor jxx = gaussianBlur(yx * yx, sigma), jyy = gaussianBlur(yy * yy, sigma);
        const at::Tensor jxy = gaussianBlur(yx * yy, sigma);
        const at::Tensor trace = jxx + jyy;
        const at::Tensor coherence = ((jxx - jyy).pow(2) + 4.0 * jxy * jxy) / (trace * trace + 1e-8);
        add(spatialMean(coherence * trace) / (spatialMean(trace) + 1e-9));
    }
    const at::Tensor yMag2 = yx * yx + yy * yy;
    const at::Tensor half = at::upsample_bilinear2d(at::avg_pool2d(Y.unsqueeze(1), 2), {S, S}, false).squeeze(1);
    add(at::log(spatialMean(yMag2) + 1e-9) - at::log(spatialMean(sobelX(half).pow(2) + sobelY(half).pow(2)) + 1e-9));
    const at::Tensor yMag = at::sqrt(yMag2 + 1e-8);
    const at::Tensor centred = at::linspace(-1.0, 1.0, S, x.options());
    const at::Tensor cx = centred.view({1, 1, S}), cy = centred.view({1, S, 1});
    const at::Tensor edgeTotal = spatialMean(yMag) + 1e-9;
    add(spatialMean(yMag * (cx * cx + cy * cy)) / edgeTotal);
    add(spatialMean(yMag * at::abs(cx)) / edgeTotal);
    add(spatialMean(yMag * at::abs(cy)) / edgeTotal);
    for (double sigma : {0.0, 1.0, 2.0}) {
        const at::Tensor smooth = sigma > 0 ? gaussianBlur(Y, sigma) : Y;
        const at::Tensor gx2 = sobelX(smooth), gy2 = sobelY(smooth);
        const at::Tensor m = at::sqrt(gx2 * gx2 + gy2 * gy2 + 1e-6);
        // Curvature of the level lines: the divergence of the unit gradient.
        const at::Tensor curvature = at::abs(sobelX(gx2 / m) + sobelY(gy2 / m));
        const at::Tensor w = m * m;
        const at::Tensor wTotal = spatialMean(w) + 1e-9;
        add(at::log(spatialMean(curvature * w) / wTotal + 1e-6));
        add(spatialMean(at::sigmoid((0.05 - curvature) * 60.0) * w) / wTotal);
    }

    // look-v3: band-pass structure that texture, shape edges and blur each leave at their own scale, measured
    // where it is typical (the mean of the log of local energy) as well as on average, so that the edges of a
    // few strong shapes do not drown out a texture, nor a texture the softness of the shapes' edges. Gaussian
    // filters run in the Fourier domain over a mirrored frame: cheap at any width, and no seams at the border.
    const int pad = 32;
    const int P = S + 2 * pad;
    const at::Tensor pfy = at::fft_fftfreq(P, 1.0, x.options()).view({P, 1});
    const at::Tensor pfx = at::fft_rfftfreq(P, 1.0, x.options()).view({1, P / 2 + 1});
    const at::Tensor pf2 = pfy * pfy + pfx * pfx;
    auto spectrumOf = [&](const at::Tensor& field) {
        return at::fft_rfft2(at::reflection_pad2d(field.unsqueeze(1), {pad, pad, pad, pad}).squeeze(1));
    };
    auto filtered = [&](const at::Tensor& coefficients, const at::Tensor& response) {
        return at::fft_irfft2(coefficients * response, c10::IntArrayRef{P, P}).narrow(-2, pad, S).narrow(-1, pad, S);
    };
    auto gaussianResponse = [&](double sigma) { return at::exp(-2.0 * kPi * kPi * sigma * sigma * pf2); };
    auto smoothFft = [&](const at::Tensor& field, double sigma) {
        return filtered(spectrumOf(field), gaussianResponse(sigma));
    };
    const at::Tensor ySpectrum = spectrumOf(Y);
    at::Tensor previous = at::ones_like(pf2);
    for (double sigma : {0.7, 1.4, 2.8, 5.6}) {
        const at::Tensor next = gaussianResponse(sigma);
        const at::Tensor band = filtered(ySpectrum, previous - next);
        const at::Tensor energy = band * band;
        add(at::log(spatialMean(energy) + 1e-9));
        add(at::log(spatialMean(at::abs(band)) + 1e-9));
        add(spatialMean(at::log(smoothFft(energy, std::min(2.0 * sigma, 3.0)).clamp_min(0.0) + 1e-7)));
        previous = next;
    }
    // Orientation: how much the edges keep to the image axes (the 4-fold moment of the gradient angle) and to one
    // direction (the 2-fold resultant), fine and with the finest texture smoothed away.
    for (double sigma : {0.0, 1.5, 3.0}) {
        const at::Tensor smooth = sigma > 0 ? smoothFft(Y, sigma) : Y;
        const at::Tensor gx2 = sobelX(smooth), gy2 = sobelY(smooth);
        const at::Tensor m2 = gx2 * gx2 + gy2 * gy2 + 1e-10;
        const at::Tensor c2 = (gx2 * gx2 - gy2 * gy2) / m2, s2 = 2.0 * gx2 * gy2 / m2;
        const at::Tensor c4 = c2 * c2 - s2 * s2;
        for (bool squared : {false, true}) {
            const at::Tensor w = squared ? m2 : at::sqrt(m2);
            const at::Tensor wTotal = spatialMean(w) + 1e-12;
            add(spatialMean(w * c4) / wTotal);
            add(at::sqrt(at::pow(spatialMean(w * c2) / wTotal, 2) + at::pow(spatialMean(w * s2) / wTotal, 2) + 1e-9));
        }
    }
    // Corners: the smaller eigenvalue of the structure tensor, large where edges meet at an angle.
    for (double sigma : {1.0, 2.0}) {
        const at::Tensor smooth = smoothFft(Y, sigma);
        const at::Tensor gx2 = sobelX(smooth), gy2 = sobelY(smooth);
        const at::Tensor jxx = smoothFft(gx2 * gx2, 2 * sigma), jyy = smoothFft(gy2 * gy2, 2 * sigma);
        const at::Tensor jxy = smoothFft(gx2 * gy2, 2 * sigma);
        const at::Tensor trace = (jxx + jyy).clamp_min(0.0), det = (jxx * jyy - jxy * jxy).clamp_min(0.0);
        // Rounding in the filters can leave a flat image's tensor a hair below zero: clamp, or the log gives NaN.
        const at::Tensor lmin = (0.5 * (trace - at::sqrt((jxx - jyy).pow(2) + 4.0 * jxy * jxy + 1e-14))).clamp_min(0.0);
        add(at::log(spatialMean(lmin) / (spatialMean(trace) + 1e-12) + 1e-6));
        add(at::log(spatialMean(det) / (spatialMean(trace * trace) + 1e-14) + 1e-6));
        add(spatialMean(lmin * lmin) / (spatialMean(trace * trace) + 1e-14));
    }
    // Sharpness of the strongest edges: high powers of the gradient weigh the few strongest edges, so their loss
    // under smoothing says how soft those edges already were; and how sparse gradients and Laplacian are.
    const at::Tensor g0 = yMag2;
    for (double sigma : {1.0, 2.0}) {
        const at::Tensor smooth = smoothFft(Y, sigma);
        const at::Tensor gs = sobelX(smooth).pow(2) + sobelY(smooth).pow(2);
        add(at::log(spatialMean(g0 * g0) + 1e-12) - at::log(spatialMean(gs * gs) + 1e-12));
        add(at::log(spatialMean(g0.pow(3)) + 1e-14) - at::log(spatialMean(gs.pow(3)) + 1e-14));
    }
    add(at::log(spatialMean(g0 * g0) / (spatialMean(g0).pow(2) + 1e-12) + 1e-9));
    const at::Tensor yLaplacian = filter3x3(Y, {0, 1, 0, 1, -4, 1, 0, 1, 0});
    add(at::log(spatialMean(yLaplacian.pow(4)) / (spatialMean(yLaplacian * yLaplacian).pow(2) + 1e-14) + 1e-9));

    at::Tensor out = at::cat(f, 1);
    if (out.size(1) != kImageDim) {
        throw std::logic_error(fmt::format("look features produced {} values, expected {}", out.size(1), kImageDim));
    }
    return version_ == 2 ? out.narrow(1, 0, kImageDimV2).contiguous() : out;
}

at::Tensor LookFeatures::encodeTexts(const std::vector<std::string>& prompts) const
{
    return hashedBagOfWords(prompts, kTextDim);
}

const std::vector<std::string>& LookFeatures::featureNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n = {
            "lightness_mean", "lightness_std", "chroma_mean", "chroma_std", "hue_cos", "hue_sin", "hue_concentration"};
        for (int k = 0; k < 12; ++k) n.push_back(fmt::format("hue_hist_{:02}", k));
        for (const char* name : {"colorfulness", "brightness", "saturation", "warmth", "local_contrast", "sharpness",
                 "laplacian_std", "gradient_mean", "edge_density"}) {
            n.emplace_back(name);
        }
        for (int k = 0; k < 8; ++k) n.push_back(fmt::format("orientation_hist_{}", k));
        for (int scale : {2, 4, 8, 16}) n.push_back(fmt::format("texture_energy_{}", scale));
        for (int k = 0; k < 9; ++k) n.push_back(fmt::format("lightness_grid_{}", k));
        for (int k = 0; k < 9; ++k) n.push_back(fmt::format("chroma_grid_{}", k));
        for (const char* name : {"thirds_energy", "centre_vs_border_edges", "centre_vs_border_lightness",
                 "symmetry_left_right", "symmetry_top_bottom"}) {
            n.emplace_back(name);
        }
        for (int k = 0; k < 8; ++k) n.push_back(fmt::format("lightness_hist_{}", k));
        n.emplace_back("lightness_entropy");
        for (const char* name : {"tone_contrast", "tone_deviation", "tone_contrast_rgb_log"}) n.emplace_back(name);
        for (int k = 0; k < 8; ++k) n.push_back(fmt::format("spectrum_band_{}", k));
        for (const char* name : {"spectrum_log_power", "edge_coherence_fine", "edge_coherence_coarse",
                 "sharpness_across_scales", "edge_spread", "edge_spread_x", "edge_spread_y"}) {
            n.emplace_back(name);
        }
        for (int sigma : {0, 1, 2}) {
            n.push_back(fmt::format("level_curvature_{}", sigma));
            n.push_back(fmt::format("straight_edges_{}", sigma));
        }
        for (int band = 0; band < 4; ++band) {
            for (const char* what : {"energy", "amplitude", "typical_energy"})
                n.push_back(fmt::format("band_{}_{}", band, what));
        }
        for (int sigma : {0, 15, 30}) {
            for (const char* weight : {"", "_strong"}) {
                n.push_back(fmt::format("axis_alignment_{}{}", sigma, weight));
                n.push_back(fmt::format("orientation_resultant_{}{}", sigma, weight));
            }
        }
        for (int sigma : {1, 2}) {
            for (const char* what : {"corner_share", "corner_det", "corner_peak"})
                n.push_back(fmt::format("{}_{}", what, sigma));
        }
        for (int sigma : {1, 2}) {
            n.push_back(fmt::format("strong_edge_loss_{}", sigma));
            n.push_back(fmt::format("strongest_edge_loss_{}", sigma));
        }
        for (const char* name : {"gradient_sparsity", "laplacian_sparsity"}) n.emplace_back(name);
        return n;
    }();
    return names;
}

at::Tensor hashedBagOfWords(const std::vector<std::string>& prompts, int dim)
{
    at::Tensor out = at::zeros({static_cast<std::int64_t>(prompts.size()), dim});
    auto accessor = out.accessor<float, 2>();
    for (std::size_t p = 0; p < prompts.size(); ++p) {
        std::vector<std::string> words;
        std::string word;
        for (unsigned char c : prompts[p] + " ") {
            if (std::isalnum(c) || c >= 0x80) {
                word += static_cast<char>(std::tolower(c));
            } else if (!word.empty()) {
                words.push_back(word);
                word.clear();
            }
        }
        auto addToken = [&](const std::string& token, float weight) {
            const std::uint64_t hash = util::fnv1a64(token);
            const int index = static_cast<int>(hash % static_cast<std::uint64_t>(dim));
            const float sign = (hash >> 63) ? -1.0f : 1.0f;
            accessor[static_cast<std::int64_t>(p)][index] += sign * weight;
        };
        for (std::size_t i = 0; i < words.size(); ++i) {
            addToken(words[i], 1.0f);
            if (i + 1 < words.size()) addToken(words[i] + " " + words[i + 1], 0.5f);
        }
    }
    const at::Tensor norms = out.norm(2, {1}, true);
    return out / at::where(norms > 0, norms, at::ones_like(norms));
}

}  // namespace tastelab::model

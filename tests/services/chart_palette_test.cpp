// The shared chart palette stays readable with colour blindness: every pair of the first kChartColours series
// colours differs by at least 15 CIELAB units (ΔE*76) for normal vision and as simulated for protanopia,
// deuteranopia and tritanopia (Machado, Oliveira and Fernandes 2009, severity 1), on light and dark backgrounds.
#include "app/services/chart_palette.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace tastelab::services {
namespace {

using Matrix = std::array<std::array<double, 3>, 3>;

double linear(std::uint8_t value)
{
    const double c = value / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

std::array<double, 3> lab(const std::array<double, 3>& rgb)
{
    const double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    const double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    const double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

std::array<double, 3> seenAs(const ChartColour& colour, const Matrix& m)
{
    const std::array<double, 3> rgb{linear(colour.red), linear(colour.green), linear(colour.blue)};
    std::array<double, 3> out{};
    for (int i = 0; i < 3; ++i) {
        double v = 0;
        for (int j = 0; j < 3; ++j) v += m[std::size_t(i)][std::size_t(j)] * rgb[std::size_t(j)];
        out[std::size_t(i)] = std::clamp(v, 0.0, 1.0);
    }
    return lab(out);
}

TEST(ChartPalette, EveryPairOfSeriesColoursStaysApartForColourBlindViewers)
{
    const std::array<std::pair<std::string, Matrix>, 4> visions{{
        {"normal", {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}},
        {"protanopia",
            {{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}}},
        {"deuteranopia",
            {{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}}},
        {"tritanopia",
            {{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}}},
    }};
    for (const bool dark : {false, true}) {
        for (const auto& [vision, matrix] : visions) {
            for (std::size_t i = 0; i < kChartColours; ++i) {
                for (std::size_t j = i + 1; j < kChartColours; ++j) {
                    const auto a = seenAs(chartColour(i, dark), matrix);
                    const auto b = seenAs(chartColour(j, dark), matrix);
                    const double distance = std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
                    EXPECT_GE(distance, 15.0)
                        << vision << (dark ? ", dark" : ", light") << ": colours " << i << " and " << j;
                }
            }
        }
    }
}

TEST(ChartPalette, RepeatsOnlyPastItsEnd)
{
    const auto same = [](const ChartColour& a, const ChartColour& b) {
        return a.red == b.red && a.green == b.green && a.blue == b.blue;
    };
    EXPECT_TRUE(same(chartColour(kChartColours), chartColour(0)));
    EXPECT_TRUE(same(chartColour(kChartColours + 3), chartColour(3)));
    // On a dark background the last colour (black) would vanish: it becomes light.
    const ChartColour last = chartColour(kChartColours - 1, true);
    EXPECT_GT(0.2126 * last.red + 0.7152 * last.green + 0.0722 * last.blue, 128.0);
}

}  // namespace
}  // namespace tastelab::services

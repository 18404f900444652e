// The shared line chart draws every series where its values put it, dots where asked, and the reference lines; the
// evaluation chart feeds it the held-out rows of a report, one colour of the palette per method.
#include "app/services/line_chart_png.h"

#include "app/services/active_evaluation.h"
#include "app/services/reward/evaluation_chart.h"
#include "model/io/image_io.h"
#include "tests/support/test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::services {
namespace {

// The chart's fixed frame: 900 x 560 pixels, the plot 80 pixels from the left and 50 from the top, 70 above the
// bottom edge and `legendWidth` from the right edge.
constexpr int kLeft = 80, kTop = 50, kPlotHeight = 560 - 50 - 70;

// Within 40 of `c` in every channel: one-pixel anti-aliased lines never reach their full colour.
bool isColour(const model::RgbImage& image, int x, int y, const ChartColour& c)
{
    const std::size_t i = std::size_t((y * image.width + x) * 3);
    return std::abs(image.pixels[i] - c.red) <= 40 && std::abs(image.pixels[i + 1] - c.green) <= 40
        && std::abs(image.pixels[i + 2] - c.blue) <= 40;
}

// Pixels of colour `c` in the rectangle [x0, x1) x [y0, y1).
int countColour(const model::RgbImage& image, const ChartColour& c, int x0, int x1, int y0, int y1)
{
    int n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) n += isColour(image, x, y, c) ? 1 : 0;
    return n;
}

// Pixels of colour `c` in the column `x` within two pixels of row `y`.
bool colourNear(const model::RgbImage& image, const ChartColour& c, int x, int y)
{
    return countColour(image, c, x, x + 1, y - 2, y + 3) > 0;
}

int rowOf(double value, double lo, double hi)
{
    return kTop + int((hi - value) / (hi - lo) * kPlotHeight);
}

const ChartColour kRed{200, 0, 0}, kGreen{0, 150, 0}, kBlue{0, 0, 200}, kPurple{150, 0, 150};

class LineChartPngTest : public ::testing::Test {
protected:
    tastelab::testing::TempDir dir_;
};

TEST_F(LineChartPngTest, DrawsEverySeriesAtItsValuesAndTheReferenceLine)
{
    LineChart chart;
    chart.title = "three flat lines";
    chart.xMin = 0;
    chart.xMax = 10;
    chart.yMin = 0;
    chart.yMax = 1;
    chart.series.push_back({"low", kRed, {{0, 0.2}, {10, 0.2}}});
    chart.series.push_back({"middle", kGreen, {{0, 0.5}, {10, 0.5}}});
    chart.series.push_back({"high", kBlue, {{0, 0.7}, {5, 0.7}}});  // stops half way
    chart.references.push_back({"ceiling", kPurple, 0.9});
    const auto png = dir_.path() / "sub" / "chart.png";
    writeLineChartPng(chart, png);
    const model::RgbImage image = model::decodeImageFile(png);
    ASSERT_EQ(image.width, 900);
    ASSERT_EQ(image.height, 560);
    const int plotWidth = 900 - kLeft - chart.legendWidth;
    const int quarter = kLeft + plotWidth / 4, threeQuarters = kLeft + 3 * plotWidth / 4;
    EXPECT_TRUE(colourNear(image, kRed, quarter, rowOf(0.2, 0, 1)));
    EXPECT_TRUE(colourNear(image, kGreen, threeQuarters, rowOf(0.5, 0, 1)));
    EXPECT_TRUE(colourNear(image, kBlue, quarter, rowOf(0.7, 0, 1)));
    EXPECT_FALSE(colourNear(image, kBlue, threeQuarters, rowOf(0.7, 0, 1)));
    // The reference line is dashed: coloured across the plot, with gaps.
    const int ceiling =
        countColour(image, kPurple, kLeft, kLeft + plotWidth, rowOf(0.9, 0, 1) - 1, rowOf(0.9, 0, 1) + 2);
    EXPECT_GT(ceiling, plotWidth / 4);
    EXPECT_LT(ceiling, plotWidth * 3 / 4);
    // Each series and the reference line has its legend entry right of the plot.
    for (const auto& colour : {kRed, kGreen, kBlue, kPurple})
        EXPECT_GT(countColour(image, colour, 900 - chart.legendWidth, 900, kTop, kTop + kPlotHeight), 10);
}

TEST_F(LineChartPngTest, ASinglePointShowsOnlyAsAMarker)
{
    LineChart chart;
    chart.yMin = 0.5;
    chart.yMax = 1;
    chart.xMin = 0;
    chart.xMax = 0;  // one column: points sit in the middle
    chart.series.push_back({"dot", kRed, {{0, 0.75}}, true});
    chart.series.push_back({"no dot", kGreen, {{0, 0.6}}, false});
    const auto png = dir_.path() / "dot.png";
    writeLineChartPng(chart, png);
    const model::RgbImage image = model::decodeImageFile(png);
    const int middle = kLeft + (900 - kLeft - chart.legendWidth) / 2;
    EXPECT_TRUE(colourNear(image, kRed, middle, rowOf(0.75, 0.5, 1)));
    EXPECT_EQ(countColour(image, kGreen, kLeft, 900 - chart.legendWidth, kTop, kTop + kPlotHeight), 0);
}

TEST_F(LineChartPngTest, EvaluationChartHasOneLinePerChartedHeldOutMethodAndTheNoiseCeiling)
{
    EvaluationReport report;
    report.nRefs = {1, 4, 16};
    const auto row = [](std::string people, std::string method, int nRef, double pairwise) {
        MetricRow r;
        r.people = std::move(people);
        r.images = "all";
        r.method = std::move(method);
        r.nRef = nRef;
        r.pairwise = pairwise;
        return r;
    };
    for (int n : report.nRefs) {
        report.rows.push_back(row("held-out", "first", n, 0.6));
        report.rows.push_back(row("held-out", "second", n, 0.8));
        report.rows.push_back(row("seen", "only seen", n, 0.7));  // not a held-out method: no line
        // A cold start the table lists and the chart leaves out (isChartedMethod): no line either.
        report.rows.push_back(row("held-out", "TasteLab (posterior)", n, 0.7));
    }
    report.rows.push_back(row("held-out", "Noise ceiling (retest)", 0, 0.9));
    const auto png = dir_.path() / "evaluation.png";
    writeEvaluationChart(report, png);
    const model::RgbImage image = model::decodeImageFile(png);
    // From 50 % (chance, above every value measured) to 100 %; the legend is 260 pixels wide.
    const int plotRight = 900 - 260, middle = (kLeft + plotRight) / 2;
    EXPECT_TRUE(colourNear(image, chartColour(0), middle, rowOf(0.6, 0.5, 1)));
    EXPECT_TRUE(colourNear(image, chartColour(1), middle, rowOf(0.8, 0.5, 1)));
    EXPECT_EQ(countColour(image, chartColour(2), 0, 900, 0, 560), 0);
    EXPECT_GT(
        countColour(image, ChartColour{0, 0, 0}, kLeft, plotRight, rowOf(0.9, 0.5, 1) - 1, rowOf(0.9, 0.5, 1) + 2),
        (plotRight - kLeft) / 4);
}

TEST_F(LineChartPngTest, ActiveChartDrawsEveryCurveAcrossTheAnswers)
{
    std::vector<ActiveCurve> curves(2);
    curves[0].strategy = QuestionStrategy::Informative;
    curves[1].strategy = QuestionStrategy::Random;
    for (int n = 1; n <= 20; ++n) {
        curves[0].meanAccuracy.push_back(0.85);
        curves[1].meanAccuracy.push_back(0.65);
    }
    const auto png = dir_.path() / "active.png";
    writeActiveChart(curves, "two curves", png);
    const model::RgbImage image = model::decodeImageFile(png);
    ASSERT_EQ(image.width, 900);
    // The y axis runs over the whole tenths around the values, 60 % to 90 %; the legend is 200 pixels wide.
    const int middle = (kLeft + 900 - 200) / 2;
    const auto colourAt = [&](int y) {
        const std::size_t i = std::size_t((y * image.width + middle) * 3);
        return ChartColour{image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]};
    };
    const ChartColour upper = colourAt(rowOf(0.85, 0.6, 0.9)), lower = colourAt(rowOf(0.65, 0.6, 0.9));
    const auto saturated = [](const ChartColour& c) {
        return std::max({c.red, c.green, c.blue}) - std::min({c.red, c.green, c.blue}) > 100;
    };
    EXPECT_TRUE(saturated(upper));
    EXPECT_TRUE(saturated(lower));
    EXPECT_FALSE(upper.red == lower.red && upper.green == lower.green && upper.blue == lower.blue);
}

}  // namespace
}  // namespace tastelab::services

// Drawing a line chart with OpenCV and writing it as a PNG.
#include "app/services/line_chart_png.h"

#include "model/io/image_io.h"
#include "util/atomic_file.h"

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <string_view>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

cv::Scalar bgr(const ChartColour& c)
{
    return cv::Scalar(c.blue, c.green, c.red);  // OpenCV draws in BGR
}

void writePng(const cv::Mat& canvas, const fs::path& png)
{
    model::RgbImage image;
    image.width = canvas.cols;
    image.height = canvas.rows;
    image.pixels.resize(std::size_t(image.width * image.height * 3));
    cv::Mat rgb(image.height, image.width, CV_8UC3, image.pixels.data());
    cv::cvtColor(canvas, rgb, cv::COLOR_BGR2RGB);
    const auto bytes = model::encodePng(image);
    if (!png.parent_path().empty()) fs::create_directories(png.parent_path());
    util::writeFileAtomically(png, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace

void writeLineChartPng(const LineChart& chart, const fs::path& png)
{
    const int width = 900, height = 560, left = 80, right = chart.legendWidth, top = 50, bottom = 70;
    cv::Mat canvas(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
    const int plotW = width - left - right, plotH = height - top - bottom;
    const double lo = chart.yMin, hi = chart.yMax;
    auto yOf = [&](double v) { return top + int((hi - std::clamp(v, lo, hi)) / (hi - lo) * plotH); };
    // Multiplying before dividing keeps whole-pixel positions exact.
    auto xOf = [&](double x) {
        if (chart.xMax <= chart.xMin) return left + plotW / 2;
        return left + int((x - chart.xMin) * plotW / (chart.xMax - chart.xMin));
    };
    const auto font = cv::FONT_HERSHEY_SIMPLEX;
    const cv::Scalar grid(225, 225, 225), axisText(60, 60, 60), legendText(30, 30, 30);
    for (double v = lo; v <= hi + 1e-9; v += chart.yGridStep) {
        cv::line(canvas, {left, yOf(v)}, {left + plotW, yOf(v)}, grid, 1, cv::LINE_AA);
        cv::putText(
            canvas, fmt::format("{:.0f}%", v * 100), {left - 55, yOf(v) + 5}, font, 0.45, axisText, 1, cv::LINE_AA);
    }
    for (const auto& tick : chart.xTicks) {
        cv::putText(canvas, tick.label, {xOf(tick.x) - chart.xTickLabelShift, top + plotH + 22}, font, 0.5, axisText, 1,
            cv::LINE_AA);
    }
    cv::rectangle(canvas, {left, top}, {left + plotW, top + plotH}, cv::Scalar(120, 120, 120), 1);
    cv::putText(canvas, chart.title, {left, 30}, font, 0.55, cv::Scalar(20, 20, 20), 1, cv::LINE_AA);
    cv::putText(
        canvas, chart.xTitle, {left + plotW / 2 - chart.xTitleShift, height - 20}, font, 0.5, axisText, 1, cv::LINE_AA);
    const int legendLeft = width - right;
    int legendY = top + 10;
    for (const auto& series : chart.series) {
        const cv::Scalar colour = bgr(series.colour);
        std::vector<cv::Point> points;
        for (const auto& p : series.points) points.emplace_back(xOf(p.x), yOf(p.y));
        for (std::size_t i = 1; i < points.size(); ++i)
            cv::line(canvas, points[i - 1], points[i], colour, 2, cv::LINE_AA);
        if (series.markers) {
            for (const auto& p : points)
                cv::circle(canvas, p, 4, colour, series.hollowMarkers ? 2 : cv::FILLED, cv::LINE_AA);
        }
        cv::line(canvas, {legendLeft + 15, legendY}, {legendLeft + 40, legendY}, colour, 2, cv::LINE_AA);
        cv::putText(canvas, series.name, {legendLeft + 45, legendY + 5}, font, chart.legendFontScale, legendText, 1,
            cv::LINE_AA);
        legendY += 22;
    }
    for (const auto& reference : chart.references) {
        const cv::Scalar colour = bgr(reference.colour);
        const int y = yOf(reference.y);
        for (int x = left; x < left + plotW; x += 12) cv::line(canvas, {x, y}, {x + 6, y}, colour, 1, cv::LINE_AA);
        cv::line(canvas, {legendLeft + 15, legendY}, {legendLeft + 40, legendY}, colour, 1, cv::LINE_AA);
        cv::putText(canvas, reference.name, {legendLeft + 45, legendY + 5}, font, chart.legendFontScale, legendText, 1,
            cv::LINE_AA);
        legendY += 22;
    }
    writePng(canvas, png);
}

}  // namespace tastelab::services

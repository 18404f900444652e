// Drawing the evaluation chart with OpenCV and writing it as a PNG.
#include "app/services/reward/evaluation_chart.h"

#include "app/services/chart_palette.h"
#include "model/io/image_io.h"
#include "util/atomic_file.h"

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace tastelab::services {

void writeEvaluationChart(const EvaluationReport& report, const fs::path& png)
{
    const int width = 900, height = 560, left = 80, right = 260, top = 50, bottom = 70;
    cv::Mat canvas(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
    const int plotW = width - left - right, plotH = height - top - bottom;
    // From the lowest accuracy measured (chance, 50 %, at the highest) to 100 %, in steps of 10 %.
    double lowest = 0.5;
    for (const auto& r : report.rows) {
        if (r.people == "held-out" && r.images == "all" && std::isfinite(r.pairwise))
            lowest = std::min(lowest, r.pairwise);
    }
    const double lo = std::max(0.0, std::floor(lowest * 10 + 1e-9) / 10), hi = 1.0;
    auto yOf = [&](double v) { return top + int((hi - std::clamp(v, lo, hi)) / (hi - lo) * plotH); };
    const int n = int(report.nRefs.size());
    auto xOf = [&](int i) { return left + (n <= 1 ? plotW / 2 : i * plotW / (n - 1)); };
    const auto font = cv::FONT_HERSHEY_SIMPLEX;
    for (double v = lo; v <= hi + 1e-9; v += 0.1) {
        cv::line(canvas, {left, yOf(v)}, {left + plotW, yOf(v)}, cv::Scalar(225, 225, 225), 1, cv::LINE_AA);
        cv::putText(canvas, fmt::format("{:.0f}%", v * 100), {left - 55, yOf(v) + 5}, font, 0.45,
            cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    }
    for (int i = 0; i < n; ++i) {
        cv::putText(canvas, std::to_string(report.nRefs[std::size_t(i)]), {xOf(i) - 6, top + plotH + 22}, font, 0.5,
            cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    }
    cv::rectangle(canvas, {left, top}, {left + plotW, top + plotH}, cv::Scalar(120, 120, 120), 1);
    cv::putText(canvas, "Held-out people: pairwise accuracy (1 liked vs 1 disliked) by N_ref", {left, 30}, font, 0.55,
        cv::Scalar(20, 20, 20), 1, cv::LINE_AA);
    cv::putText(canvas, "N_ref (answers representing the person)", {left + plotW / 2 - 150, height - 20}, font, 0.5,
        cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    const auto colourOf = [](std::size_t index) {
        const ChartColour c = chartColour(index);
        return cv::Scalar(c.blue, c.green, c.red);  // OpenCV draws in BGR
    };
    std::vector<std::string> methods;
    for (const auto& r : report.rows) {
        if (r.people == "held-out" && r.images == "all" && r.nRef > 0
            && std::find(methods.begin(), methods.end(), r.method) == methods.end()) {
            methods.push_back(r.method);
        }
    }
    int legendY = top + 10;
    for (std::size_t m = 0; m < methods.size(); ++m) {
        const cv::Scalar colour = colourOf(m);
        // Past the palette's end the colours repeat: those series get hollow markers.
        const bool repeat = m >= kChartColours;
        std::vector<cv::Point> points;
        for (int i = 0; i < n; ++i) {
            const MetricRow* r = report.find("held-out", "all", methods[m], report.nRefs[std::size_t(i)]);
            if (r && std::isfinite(r->pairwise)) points.emplace_back(xOf(i), yOf(r->pairwise));
        }
        for (std::size_t i = 1; i < points.size(); ++i)
            cv::line(canvas, points[i - 1], points[i], colour, 2, cv::LINE_AA);
        for (const auto& p : points) cv::circle(canvas, p, 4, colour, repeat ? 2 : cv::FILLED, cv::LINE_AA);
        cv::line(canvas, {width - right + 15, legendY}, {width - right + 40, legendY}, colour, 2, cv::LINE_AA);
        cv::putText(
            canvas, methods[m], {width - right + 45, legendY + 5}, font, 0.42, cv::Scalar(30, 30, 30), 1, cv::LINE_AA);
        legendY += 22;
    }
    const MetricRow* ceiling = report.find("held-out", "all", "Noise ceiling (retest)", 0);
    if (ceiling && std::isfinite(ceiling->pairwise)) {
        const int y = yOf(ceiling->pairwise);
        for (int x = left; x < left + plotW; x += 12)
            cv::line(canvas, {x, y}, {x + 6, y}, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
        cv::putText(canvas, "noise ceiling (retest)", {width - right + 45, legendY + 5}, font, 0.42,
            cv::Scalar(30, 30, 30), 1, cv::LINE_AA);
        cv::line(
            canvas, {width - right + 15, legendY}, {width - right + 40, legendY}, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    }
    model::RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(std::size_t(width * height * 3));
    cv::Mat rgb(height, width, CV_8UC3, image.pixels.data());
    cv::cvtColor(canvas, rgb, cv::COLOR_BGR2RGB);
    const auto bytes = model::encodePng(image);
    if (!png.parent_path().empty()) fs::create_directories(png.parent_path());
    util::writeFileAtomically(png, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace tastelab::services

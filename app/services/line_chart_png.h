// A line chart written as a PNG without Qt: the one drawing behind the charts `tastelab-cli` and the benchmarks
// write (evaluation by N_ref, active questions by answers given).
#pragma once

#include "app/services/chart_palette.h"

#include <filesystem>
#include <string>
#include <vector>

namespace tastelab::services {

struct LineChartPoint {
    double x = 0;
    double y = 0;
};

struct LineChartSeries {
    std::string name;  // the legend's text
    ChartColour colour;
    std::vector<LineChartPoint> points;  // joined in this order
    bool markers = false;  // a dot on every point
    bool hollowMarkers = false;  // rings instead of dots, to tell apart series whose colours repeat
};

// A horizontal dashed line across the plot, e.g. a ceiling no method can pass; listed in the legend after the series.
struct LineChartReference {
    std::string name;
    ChartColour colour;
    double y = 0;
};

struct LineChartTick {
    double x = 0;
    std::string label;
};

struct LineChart {
    std::string title;
    std::string xTitle;
    double xMin = 0;  // at the plot's left edge; when xMax <= xMin every point sits in the middle
    double xMax = 1;
    std::vector<LineChartTick> xTicks;
    double yMin = 0;  // values outside [yMin, yMax] are drawn at the edge
    double yMax = 1;
    double yGridStep = 0.1;  // a grid line labelled in per cent every this much, from yMin
    std::vector<LineChartSeries> series;
    std::vector<LineChartReference> references;

    // Where text sits; the defaults suit short legend entries.
    int legendWidth = 200;  // the margin right of the plot, which holds the legend
    double legendFontScale = 0.45;
    int xTickLabelShift = 8;  // tick labels start this far left of their tick
    int xTitleShift = 60;  // the x title starts this far left of the plot's centre
};

// Draws `chart` (900 x 560 pixels) and writes it atomically to `png`, creating its folder.
void writeLineChartPng(const LineChart& chart, const std::filesystem::path& png);

}  // namespace tastelab::services

// The evaluation chart: which rows of the report become which lines of the shared line chart.
#include "app/services/reward/evaluation_chart.h"

#include "app/services/chart_palette.h"
#include "app/services/line_chart_png.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::services {

void writeEvaluationChart(const EvaluationReport& report, const std::filesystem::path& png)
{
    LineChart chart;
    chart.title = "Held-out people: pairwise accuracy (1 liked vs 1 disliked) by N_ref";
    chart.xTitle = "N_ref (answers representing the person)";
    chart.legendWidth = 260;
    chart.legendFontScale = 0.42;
    chart.xTickLabelShift = 6;
    chart.xTitleShift = 150;
    // From the lowest accuracy measured (chance, 50 %, at the highest) to 100 %, in steps of 10 %.
    double lowest = 0.5;
    for (const auto& r : report.rows) {
        if (r.people == "held-out" && r.images == "all" && std::isfinite(r.pairwise))
            lowest = std::min(lowest, r.pairwise);
    }
    chart.yMin = std::max(0.0, std::floor(lowest * 10 + 1e-9) / 10);
    chart.yMax = 1.0;
    chart.yGridStep = 0.1;
    // The N_ref values sit evenly spaced, one per column of the report.
    const int n = int(report.nRefs.size());
    chart.xMin = 0;
    chart.xMax = n - 1;
    for (int i = 0; i < n; ++i) chart.xTicks.push_back({double(i), std::to_string(report.nRefs[std::size_t(i)])});
    std::vector<std::string> methods;
    for (const auto& r : report.rows) {
        if (r.people == "held-out" && r.images == "all" && r.nRef > 0 && isChartedMethod(r.method)
            && std::find(methods.begin(), methods.end(), r.method) == methods.end()) {
            methods.push_back(r.method);
        }
    }
    // The references no method can pass (the oracle, the Bayes bound on the true attributes) come last, in grey, so
    // that the methods keep their palette colours whether a workspace has them (demo) or not.
    const auto isReference = [](const std::string& method) {
        return method.rfind("Oracle", 0) == 0 || method.rfind("Bound", 0) == 0;
    };
    const auto firstReference =
        std::stable_partition(methods.begin(), methods.end(), [&](const std::string& m) { return !isReference(m); });
    const auto methodCount = std::size_t(firstReference - methods.begin());
    for (std::size_t m = 0; m < methods.size(); ++m) {
        LineChartSeries series;
        series.name = methods[m];
        series.markers = true;
        if (m < methodCount) {
            series.colour = chartColour(m);
            // Past the palette's end the colours repeat: those series get hollow markers.
            series.hollowMarkers = m >= kChartColours;
        } else {
            const bool bound = methods[m].rfind("Bound", 0) == 0;
            // Two greys, both apart from the palette's black.
            series.colour = bound ? ChartColour{150, 150, 150} : ChartColour{95, 95, 95};
            series.hollowMarkers = bound;
            if (bound) series.name = "Bound (true attributes)";  // the legend's width; the table has the full name
        }
        for (int i = 0; i < n; ++i) {
            const MetricRow* r = report.find("held-out", "all", methods[m], report.nRefs[std::size_t(i)]);
            if (r && std::isfinite(r->pairwise)) series.points.push_back({double(i), r->pairwise});
        }
        chart.series.push_back(std::move(series));
    }
    const MetricRow* ceiling = report.find("held-out", "all", "Noise ceiling (retest)", 0);
    if (ceiling && std::isfinite(ceiling->pairwise))
        chart.references.push_back({"noise ceiling (retest)", ChartColour{0, 0, 0}, ceiling->pairwise});
    writeLineChartPng(chart, png);
}

}  // namespace tastelab::services

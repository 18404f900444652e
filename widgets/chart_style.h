// What every chart of the GUI shares: the colour-blind-safe series colours (services/chart_palette), a theme that
// follows the light or dark scheme, and axes with few, short tick labels (no elided "⋮" labels).
#pragma once

#include <QColor>

class QChart;
class QPalette;
class QValueAxis;
class QXYSeries;

namespace tastelab::widgets::charts {

bool isDark(const QPalette& palette);

// Series `index` in the shared palette; indexes past the palette repeat its colours.
QColor seriesColour(int index, bool dark);

// The chart's theme and background follow the palette. Call before colouring series: a theme recolours them.
void applyTheme(QChart* chart, const QPalette& palette);

// A line or scatter series in palette colour `index` (2 px lines); past the palette's end, lines are dotted.
void colourSeries(QXYSeries* series, int index, bool dark);

// An axis over [low, high] widened to steps of 1, 2 or 5 times a power of ten, with at most `maxTicks` ticks and
// labels with just the decimals the step needs.
struct NiceScale {
    double low = 0;
    double high = 1;
    double step = 0.2;
    int decimals = 1;
};
NiceScale niceScale(double low, double high, int maxTicks = 6);
void setNiceRange(QValueAxis* axis, double low, double high, int maxTicks = 6);

// Whole numbers from `first` to `last` (epochs, iterations, counts), every n-th labelled, at most `maxTicks` ticks.
void setWholeRange(QValueAxis* axis, int first, int last, int maxTicks = 7);

}  // namespace tastelab::widgets::charts

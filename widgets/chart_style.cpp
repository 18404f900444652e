// The shared chart look: palette colours, theme, and readable value axes.
#include "widgets/chart_style.h"

#include "app/services/chart_palette.h"

#include <QChart>
#include <QPalette>
#include <QPen>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace tastelab::widgets::charts {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor seriesColour(int index, bool dark)
{
    const services::ChartColour c = services::chartColour(std::size_t(std::max(0, index)), dark);
    return QColor(c.red, c.green, c.blue);
}

void applyTheme(QChart* chart, const QPalette& palette)
{
    chart->setTheme(isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setTitleBrush(palette.color(QPalette::Text));
}

void colourSeries(QXYSeries* series, int index, bool dark)
{
    QPen pen = series->pen();
    pen.setColor(seriesColour(index, dark));
    pen.setWidthF(2);
    if (index >= int(services::kChartColours) && pen.style() == Qt::SolidLine) pen.setStyle(Qt::DotLine);
    series->setPen(pen);
    series->setColor(seriesColour(index, dark));
}

NiceScale niceScale(double low, double high, int maxTicks)
{
    NiceScale s;
    if (!std::isfinite(low) || !std::isfinite(high)) return s;
    if (high < low) std::swap(low, high);
    if (high - low < 1e-12) {
        const double pad = std::max(std::abs(low) * 0.1, 1e-3);
        low -= pad;
        high += pad;
    }
    maxTicks = std::max(2, maxTicks);
    const double rough = (high - low) / double(maxTicks - 1);
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10 * power;
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        const double candidate = m * power;
        if (std::ceil(high / candidate - 1e-9) - std::floor(low / candidate + 1e-9) <= maxTicks - 1) {
            step = candidate;
            break;
        }
    }
    s.step = step;
    s.low = std::floor(low / step + 1e-9) * step;
    s.high = std::ceil(high / step - 1e-9) * step;
    s.decimals = std::max(0, -int(std::floor(std::log10(step) + 1e-9)));
    return s;
}

void setNiceRange(QValueAxis* axis, double low, double high, int maxTicks)
{
    const NiceScale s = niceScale(low, high, maxTicks);
    axis->setRange(s.low, s.high);
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setTickCount(int(std::lround((s.high - s.low) / s.step)) + 1);
    axis->setMinorTickCount(0);
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(s.decimals));
}

void setWholeRange(QValueAxis* axis, int first, int last, int maxTicks)
{
    last = std::max(last, first + 1);
    const NiceScale s = niceScale(first, last, maxTicks);
    const double step = std::max(1.0, std::round(s.step));
    axis->setRange(first, last);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setMinorTickCount(0);
    axis->setLabelFormat(QStringLiteral("%d"));
}

}  // namespace tastelab::widgets::charts

// ChartLegend: the entries are placed by hand in a grid of equal cells, each as wide as the longest name, so that no
// name is ever shortened; the height follows the number of rows the width allows.
#include "widgets/chart_legend.h"

#include <QAbstractSeries>
#include <QChart>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace tastelab::widgets {

namespace {

constexpr int kSwatchWidth = 28;
constexpr int kSwatchHeight = 14;
constexpr int kGap = 6;  // between a swatch and its name
constexpr int kColumnGap = 16;
constexpr int kRowGap = 2;

// A short stretch of the series' line, with its dash and its point marker, as the chart draws it.
QPixmap swatchOf(const QAbstractSeries* series, qreal ratio)
{
    QPixmap pixmap(QSize(kSwatchWidth, kSwatchHeight) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const auto* line = qobject_cast<const QXYSeries*>(series);
    QPen pen = line ? line->pen() : QPen(Qt::gray);
    pen.setWidthF(std::max(2.0, pen.widthF()));
    pen.setCapStyle(Qt::FlatCap);
    painter.setPen(pen);
    const qreal y = kSwatchHeight / 2.0;
    painter.drawLine(QPointF(1, y), QPointF(kSwatchWidth - 1, y));
    if (line && line->pointsVisible()) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(pen.color());
        painter.drawEllipse(QPointF(kSwatchWidth / 2.0, y), 3.5, 3.5);
    }
    return pixmap;
}

}  // namespace

ChartLegend::ChartLegend(QWidget* parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ChartLegend::showSeriesOf(QChart* chart)
{
    chart->legend()->hide();
    for (const Entry& entry : entries_) {
        delete entry.swatch;
        delete entry.name;
    }
    entries_.clear();
    for (QAbstractSeries* series : chart->series()) {
        if (series->name().isEmpty()) continue;
        Entry entry{new QLabel(this), new QLabel(series->name(), this)};
        entry.swatch->setPixmap(swatchOf(series, devicePixelRatioF()));
        entry.swatch->setFixedSize(kSwatchWidth, kSwatchHeight);
        entry.name->setTextFormat(Qt::PlainText);
        entry.swatch->show();
        entry.name->show();
        entries_.push_back(entry);
    }
    updateGeometry();
    arrange();
}

QString ChartLegend::text(int i) const
{
    return entries_.at(std::size_t(i)).name->text();
}

int ChartLegend::columnWidth() const
{
    int widest = 0;
    for (const Entry& entry : entries_) widest = std::max(widest, entry.name->sizeHint().width());
    return kSwatchWidth + kGap + widest;
}

int ChartLegend::rowHeight() const
{
    int height = kSwatchHeight;
    for (const Entry& entry : entries_) height = std::max(height, entry.name->sizeHint().height());
    return height;
}

int ChartLegend::columnsFor(int width) const
{
    return std::max(1, (width + kColumnGap) / (columnWidth() + kColumnGap));
}

int ChartLegend::heightForWidth(int width) const
{
    if (entries_.empty()) return 0;
    const int columns = columnsFor(width);
    const int rows = (count() + columns - 1) / columns;
    return rows * rowHeight() + (rows - 1) * kRowGap;
}

QSize ChartLegend::sizeHint() const
{
    // Three columns where there is room.
    const int columns = std::min(3, count());
    const int width = columns * columnWidth() + std::max(0, columns - 1) * kColumnGap;
    return {width, heightForWidth(width)};
}

QSize ChartLegend::minimumSizeHint() const
{
    return {entries_.empty() ? 0 : columnWidth(), heightForWidth(columnWidth())};
}

void ChartLegend::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrange();
}

void ChartLegend::arrange()
{
    const int needed = heightForWidth(width());
    // A layout that ignores height-for-width (a splitter above it) still gives the rows their room.
    if (minimumHeight() != needed) setMinimumHeight(needed);
    if (entries_.empty()) return;
    const int columns = columnsFor(width());
    const int cell = columnWidth();
    const int row = rowHeight();
    // The columns centred under the chart.
    const int used = columns * cell + (columns - 1) * kColumnGap;
    const int left = std::max(0, (width() - used) / 2);
    for (int i = 0; i < count(); ++i) {
        const int x = left + (i % columns) * (cell + kColumnGap);
        const int y = (i / columns) * (row + kRowGap);
        const Entry& entry = entries_.at(std::size_t(i));
        entry.swatch->move(x, y + (row - kSwatchHeight) / 2);
        entry.name->setGeometry(x + kSwatchWidth + kGap, y, cell - kSwatchWidth - kGap, row);
    }
}

}  // namespace tastelab::widgets

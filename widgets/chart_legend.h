// ChartLegend: a chart's legend as widgets under the chart, in as many columns as its width holds. QLegend lays its
// entries out in one row or one column and cuts their names where a dozen long method names do not fit.
#pragma once

#include <QWidget>

#include <vector>

class QChart;
class QLabel;

namespace tastelab::widgets {

class ChartLegend : public QWidget {
    Q_OBJECT

public:
    explicit ChartLegend(QWidget* parent = nullptr);

    // One entry per series of `chart`, in its order, drawn with the series' pen; hides the chart's own legend.
    void showSeriesOf(QChart* chart);
    int count() const { return static_cast<int>(entries_.size()); }
    // The name shown for entry `i`.
    QString text(int i) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Entry {
        QLabel* swatch;
        QLabel* name;
    };
    int columnWidth() const;
    int rowHeight() const;
    int columnsFor(int width) const;
    void arrange();

    std::vector<Entry> entries_;
};

}  // namespace tastelab::widgets

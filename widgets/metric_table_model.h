// The evaluation's metrics as a table: one row per cell and method, accuracies as percentages.
#pragma once

#include "app/services/reward/evaluation_report.h"

#include <QAbstractTableModel>

#include <vector>

namespace tastelab::widgets {

class MetricTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { People, Images, Method, NRef, Pairwise, Top1, Spearman, Pearson, MarginAccuracy, Mae, ColumnCount };
    // The unformatted value of a cell (a double, NaN where not measured), for sorting and tests.
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit MetricTableModel(QObject* parent = nullptr);

    // The translated name of a method as the evaluation names it ("Population model", ...).
    static QString methodLabel(const std::string& method);

    void setRows(std::vector<services::MetricRow> rows);
    const std::vector<services::MetricRow>& rows() const { return rows_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString cellText(const services::MetricRow& row, int column) const;

    std::vector<services::MetricRow> rows_;
};

}  // namespace tastelab::widgets

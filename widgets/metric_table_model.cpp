// MetricTableModel: formatting of the evaluation's rows (percentages with one decimal, "—" where a
// metric does not apply).
#include "widgets/metric_table_model.h"

#include <QLocale>

#include <cmath>

namespace tastelab::widgets {

namespace {

double cellValue(const services::MetricRow& row, int column)
{
    switch (column) {
    case MetricTableModel::NRef:
        return row.nRef;
    case MetricTableModel::Pairwise:
        return row.pairwise;
    case MetricTableModel::Top1:
        return row.top1;
    case MetricTableModel::Spearman:
        return row.spearman;
    case MetricTableModel::Pearson:
        return row.pearson;
    case MetricTableModel::MarginAccuracy:
        return row.marginAccuracy;
    case MetricTableModel::Mae:
        return row.mae;
    default:
        return std::nan("");
    }
}

}  // namespace

MetricTableModel::MetricTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MetricTableModel::setRows(std::vector<services::MetricRow> rows)
{
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

int MetricTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int MetricTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MetricTableModel::methodLabel(const std::string& method)
{
    if (method == "TasteLab (embedding)") return tr("TasteLab (embedding)");
    if (method == "TasteLab (in-context)") return tr("TasteLab (in-context)");
    if (method == "TasteLab (k-NN)") return tr("TasteLab (k-NN)");
    if (method == "TasteLab (mixture fit)") return tr("TasteLab (mixture fit)");
    if (method == "TasteLab (hierarchical)") return tr("TasteLab (hierarchical)");
    if (method == "TasteLab (posterior)") return tr("TasteLab (posterior)");
    if (method == "TasteLab (linear taste)") return tr("TasteLab (linear taste)");
    if (method == "TasteLab (linear taste, groups)") return tr("TasteLab (linear taste, groups)");
    if (method == "TasteLab (linear taste, groups) on CF images")
        return tr("TasteLab (linear taste, groups) on CF images");
    if (method == "CF MF fold-in") return tr("CF MF fold-in");
    if (method == "CF item k-NN") return tr("CF item k-NN");
    if (method == "Population model") return tr("Population model");
    if (method == "Person mean") return tr("Person mean");
    if (method == "Random") return tr("Random");
    if (method == "Noise ceiling (retest)") return tr("Noise ceiling (retest)");
    if (method == "Oracle (true taste)") return tr("Oracle (true taste)");
    if (method == "Bound (true attributes, N_ref answers)") return tr("Bound (true attributes, N_ref answers)");
    return QString::fromStdString(method);
}

QString MetricTableModel::cellText(const services::MetricRow& row, int column) const
{
    const QLocale locale;
    const QString none = tr("—");
    const double value = cellValue(row, column);
    switch (column) {
    case People:
        if (row.people == "seen") return tr("seen");
        if (row.people == "held-out") return tr("held-out");
        return QString::fromStdString(row.people);
    case Images:
        if (row.images == "new") return tr("new");
        if (row.images == "all") return tr("all");
        return QString::fromStdString(row.images);
    case Method:
        return methodLabel(row.method);
    case NRef:
        return row.nRef > 0 ? locale.toString(row.nRef) : none;
    case Pairwise:
    case Top1:
    case MarginAccuracy:
        return std::isfinite(value) ? tr("%1%").arg(locale.toString(100.0 * value, 'f', 1)) : none;
    case Spearman:
    case Pearson:
        return std::isfinite(value) ? locale.toString(value, 'f', 2) : none;
    case Mae:
        return std::isfinite(value) ? locale.toString(value, 'f', 3) : none;
    default:
        return {};
    }
}

QVariant MetricTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const services::MetricRow& row = rows_.at(std::size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        return cellText(row, index.column());
    case Qt::TextAlignmentRole:
        return index.column() >= NRef ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == Pairwise && row.pairs > 0) {
            const QLocale locale;
            return tr("%1 liked/disliked pairs from %2 people")
                .arg(locale.toString(qint64(row.pairs)), locale.toString(row.persons));
        }
        return {};
    case ValueRole:
        return cellValue(row, index.column());
    default:
        return {};
    }
}

QVariant MetricTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case People:
        return tr("People");
    case Images:
        return tr("Images");
    case Method:
        return tr("Method");
    case NRef:
        return tr("N_ref");
    case Pairwise:
        return tr("Pairwise");
    case Top1:
        return tr("1-vs-3 top-1");
    case Spearman:
        return tr("Spearman");
    case Pearson:
        return tr("Pearson");
    case MarginAccuracy:
        return tr("Margin accuracy");
    case Mae:
        return tr("MAE");
    default:
        return {};
    }
}

}  // namespace tastelab::widgets

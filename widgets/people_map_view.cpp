// PeopleMapView: one pair of scatter series per group (circles for people the model was trained
// on, squares for the others) so that colour shows the group and shape shows how a person is known.
#include "widgets/people_map_view.h"

#include "app/gui/background_task.h"
#include "app/services/reward/people_map.h"
#include "app/services/workspace.h"
#include "widgets/chart_style.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLocale>
#include <QPushButton>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace tastelab::widgets {

PeopleMapView::PeopleMapView(const QString& workspaceFolder, QWidget* parent)
    : QWidget(parent)
    , folder_(workspaceFolder)
{
    task_ = new gui::BackgroundTask(this);
    silhouette_ = new QLabel(this);
    legendNote_ = new QLabel(tr("Circles: people the model was trained on. Squares: people represented "
                                "from their answers only."),
        this);
    legendNote_->setWordWrap(true);
    refresh_ = new QPushButton(tr("Refresh"), this);
    connect(refresh_, &QPushButton::clicked, this, &PeopleMapView::refresh);
    auto* chart = new QChart;
    chart->setTitle(tr("People by taste"));
    chart_ = new QChartView(chart, this);
    chart_->setRenderHint(QPainter::Antialiasing);

    auto* top = new QHBoxLayout;
    top->addWidget(silhouette_, 1);
    top->addWidget(refresh_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(legendNote_);
    layout->addWidget(chart_, 1);
}

PeopleMapView::~PeopleMapView()
{
    task_->cancel();
    task_->wait();
}

QString PeopleMapView::silhouetteText() const
{
    return silhouette_->text();
}

void PeopleMapView::refresh()
{
    if (task_->isRunning()) return;
    refresh_->setEnabled(false);
    silhouette_->setText(tr("Computing the map of people…"));
    auto map = std::make_shared<services::PeopleMap>();
    task_->disconnect(this);
    connect(task_, &gui::BackgroundTask::finished, this, [this, map](bool, const QString& error) {
        refresh_->setEnabled(true);
        if (error.isEmpty()) {
            showMap(*map);
        } else {
            chart_->chart()->removeAllSeries();
            silhouette_->setText(tr("Cannot compute the map of people: %1").arg(error));
        }
        Q_EMIT mapShown(error.isEmpty() ? int(map->points.size()) : 0, error);
    });
    const std::filesystem::path root = folder_.toStdString();
    task_->start([root, map](gui::BackgroundTask&) {
        auto workspace = services::Workspace::open(root);  // this thread's own connection
        *map = services::peopleMap(workspace);
    });
}

void PeopleMapView::showMap(const services::PeopleMap& map)
{
    const QLocale locale;
    silhouette_->setText(std::isfinite(map.silhouette)
            ? tr("Silhouette: %1 (%2)").arg(locale.toString(map.silhouette, 'f', 2), groupSourceLabel(map.groupSource))
            : tr("Silhouette: not available (%1)").arg(groupSourceLabel(map.groupSource)));

    QChart* chart = chart_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    auto* x = new QValueAxis;
    x->setTitleText(tr("First principal component"));
    auto* y = new QValueAxis;
    y->setTitleText(tr("Second principal component"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);

    struct GroupSeries {
        QScatterSeries* seen = nullptr;
        QScatterSeries* heldOut = nullptr;
        QStringList seenNames;
        QStringList heldOutNames;
    };
    std::map<int, GroupSeries> groups;
    double minX = 0, maxX = 0, minY = 0, maxY = 0;
    bool first = true;
    for (const auto& point : map.points) {
        groups[point.group];
        if (first) {
            minX = maxX = point.x;
            minY = maxY = point.y;
            first = false;
        }
        minX = std::min(minX, point.x);
        maxX = std::max(maxX, point.x);
        minY = std::min(minY, point.y);
        maxY = std::max(maxY, point.y);
    }
    for (auto& [number, group] : groups) {
        // Groups are numbered from 0 by the service; people count from 1.
        group.seen = new QScatterSeries;
        group.seen->setName(tr("Group %1").arg(number + 1));
        group.seen->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        group.seen->setMarkerSize(11);
        group.heldOut = new QScatterSeries;
        group.heldOut->setName(group.seen->name());
        group.heldOut->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        group.heldOut->setMarkerSize(11);
    }
    for (const auto& point : map.points) {
        GroupSeries& group = groups[point.group];
        (point.seen ? group.seen : group.heldOut)->append(point.x, point.y);
        (point.seen ? group.seenNames : group.heldOutNames) << QString::fromStdString(point.person);
    }
    for (auto& [number, group] : groups) {
        for (auto [series, names] :
            {std::pair{group.seen, group.seenNames}, std::pair{group.heldOut, group.heldOutNames}}) {
            chart->addSeries(series);
            series->attachAxis(x);
            series->attachAxis(y);
            connect(series, &QScatterSeries::hovered, this, [this, series, names](const QPointF& at, bool state) {
                if (!state) {
                    QToolTip::hideText();
                    return;
                }
                const QList<QPointF> points = series->points();
                const auto index = points.indexOf(at);
                if (index >= 0 && index < names.size()) QToolTip::showText(QCursor::pos(), names.at(index), this);
            });
        }
        // The shared palette by group; the held-out squares in their group's colour need no legend entry.
        group.seen->setColor(charts::seriesColour(number, charts::isDark(palette())));
        group.seen->setBorderColor(palette().color(QPalette::Base));
        group.heldOut->setColor(group.seen->color());
        for (QLegendMarker* marker : chart->legend()->markers(group.heldOut)) marker->setVisible(false);
    }
    const double padX = std::max(1e-3, 0.08 * (maxX - minX));
    const double padY = std::max(1e-3, 0.08 * (maxY - minY));
    x->setRange(minX - padX, maxX + padX);
    y->setRange(minY - padY, maxY + padY);
}

QString PeopleMapView::groupSourceLabel(const std::string& source)
{
    if (source == "simulated taste groups") return tr("simulated taste groups");
    const std::string prefix = "k-means, k = ";
    if (source.rfind(prefix, 0) == 0)
        return tr("k-means, k = %1").arg(QString::fromStdString(source.substr(prefix.size())));
    return QString::fromStdString(source);
}

}  // namespace tastelab::widgets

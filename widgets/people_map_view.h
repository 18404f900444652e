// People as points: a 2-D projection of their representations, one colour per taste group, people
// represented from their answers (not trained on) drawn as squares; computed off the GUI thread.
#pragma once

#include <QString>
#include <QWidget>

class QChartView;
class QLabel;
class QPushButton;

namespace tastelab::gui {
class BackgroundTask;
}

namespace tastelab::services {
struct PeopleMap;
}

namespace tastelab::widgets {

class PeopleMapView : public QWidget {
    Q_OBJECT

public:
    explicit PeopleMapView(const QString& workspaceFolder, QWidget* parent = nullptr);
    ~PeopleMapView() override;

    // Recomputes the map from the newest checkpoint; the outcome arrives through mapShown.
    void refresh();
    QString silhouetteText() const;

Q_SIGNALS:
    // points: how many people are drawn; error is empty on success.
    void mapShown(int points, const QString& error);

private:
    static QString groupSourceLabel(const std::string& source);
    void showMap(const services::PeopleMap& map);

    QString folder_;
    gui::BackgroundTask* task_;
    QLabel* silhouette_;
    QLabel* legendNote_;
    QPushButton* refresh_;
    QChartView* chart_;
};

}  // namespace tastelab::widgets

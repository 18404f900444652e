// The reward model of one workspace: training and evaluation, taste profiles, the map of people.
#pragma once

#include <QTabWidget>

namespace tastelab::widgets {

class PeopleMapView;
class TasteProfileView;
class TrainingPanel;

class ModelPage : public QTabWidget {
    Q_OBJECT

public:
    explicit ModelPage(const QString& workspaceFolder, QWidget* parent = nullptr);

    QString workspaceFolder() const { return folder_; }
    TrainingPanel* trainingPanel() const { return training_; }
    TasteProfileView* tasteProfileView() const { return profile_; }
    PeopleMapView* peopleMapView() const { return map_; }

private:
    void showCurrentTab();

    QString folder_;
    TrainingPanel* training_;
    TasteProfileView* profile_;
    PeopleMapView* map_;
    // The profile and the map are computed when their tab is shown after a model changed.
    bool profileStale_ = true;
    bool mapStale_ = true;
};

}  // namespace tastelab::widgets

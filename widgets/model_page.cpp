// ModelPage: the three views share the workspace folder; each opens its own connection per task.
#include "widgets/model_page.h"

#include "widgets/people_map_view.h"
#include "widgets/taste_profile_view.h"
#include "widgets/training_panel.h"

namespace tastelab::widgets {

ModelPage::ModelPage(const QString& workspaceFolder, QWidget* parent)
    : QTabWidget(parent)
    , folder_(workspaceFolder)
{
    training_ = new TrainingPanel(folder_, this);
    profile_ = new TasteProfileView(folder_, this);
    map_ = new PeopleMapView(folder_, this);
    addTab(training_, tr("Training"));
    addTab(profile_, tr("Taste profile"));
    addTab(map_, tr("People map"));

    connect(training_, &TrainingPanel::trainingFinished, this, [this](bool cancelled, const QString& error) {
        if (cancelled || !error.isEmpty()) return;
        profile_->reloadPeople();
        profileStale_ = mapStale_ = true;
        showCurrentTab();
    });
    connect(this, &QTabWidget::currentChanged, this, &ModelPage::showCurrentTab);
}

void ModelPage::showCurrentTab()
{
    if (currentWidget() == profile_ && profileStale_ && !profile_->currentPerson().isEmpty()) {
        profileStale_ = false;
        profile_->showPerson(profile_->currentPerson());
    } else if (currentWidget() == map_ && mapStale_) {
        mapStale_ = false;
        map_->refresh();
    }
}

}  // namespace tastelab::widgets

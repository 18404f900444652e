// Wiring of the designer's three tabs.
#include "widgets/designer_page.h"

#include "widgets/library_view.h"
#include "widgets/participants_view.h"
#include "widgets/study_editor.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace tastelab::widgets {

DesignerPage::DesignerPage(const QString& workspaceFolder, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , tabs_(new QTabWidget(this))
    , library_(new LibraryView(workspaceFolder, tabs_))
    , studies_(new StudyEditor(workspaceFolder, undoStack, tabs_))
    , participants_(new ParticipantsView(workspaceFolder, undoStack, tabs_))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    tabs_->addTab(library_, tr("&Library"));
    tabs_->addTab(studies_, tr("St&udies"));  // Alt+S opens the Study menu
    tabs_->addTab(participants_, tr("&Participants"));
    layout->addWidget(tabs_);

    connect(library_, &LibraryView::importRequested, this, &DesignerPage::importRequested);
    connect(library_, &LibraryView::addToStudyRequested, this, &DesignerPage::addToCurrentStudy);
    connect(studies_, &StudyEditor::studiesChanged, participants_, &ParticipantsView::setStudies);
    connect(studies_, &StudyEditor::errorReported, this, &DesignerPage::errorReported);
    connect(studies_, &StudyEditor::startSessionRequested, this,
        [this](const QString& study) { Q_EMIT startSessionRequested(study, QString()); });
    connect(participants_, &ParticipantsView::startSessionRequested, this, &DesignerPage::startSessionRequested);
    participants_->setStudies(studies_->studyNames());
    // "Add selected images" on the Studies tab takes what is selected in the library.
    studies_->setImageSelectionProvider([this] { return library_->selectedImageIds(); });
}

void DesignerPage::reload()
{
    library_->reload();
    studies_->reload();
    participants_->reload();
    participants_->setStudies(studies_->studyNames());
}

void DesignerPage::addToCurrentStudy(const QList<qint64>& imageIds)
{
    if (studies_->currentStudy().isEmpty()) {
        Q_EMIT errorReported(tr("Choose or create a study on the Studies tab first."));
        tabs_->setCurrentWidget(studies_);
        return;
    }
    if (studies_->addItems(imageIds)) tabs_->setCurrentWidget(studies_);
}

}  // namespace tastelab::widgets

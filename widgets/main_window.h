// The main window: workspace lifecycle (new, open, recent, close), settings and about.
#pragma once

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QUndoStack;

namespace tastelab::gui {
class BackgroundTask;
}

namespace tastelab::services {
class Workspace;
}
namespace tastelab::gui {
class AppSettings;
}

namespace tastelab::widgets {

class ArtistPage;
class DesignerPage;
class GeneratePage;
class KioskGuard;
class LibraryPage;
class ModelPage;
class SteeringPage;
class RecentWorkspacesModel;
class StudyResultsPage;
class StudyRunner;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(gui::AppSettings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Each returns false and reports the problem (errorReported + a message box) on failure;
    // the workspace open before stays open then.
    bool createWorkspace(const QString& folder, const QString& name);
    bool openWorkspace(const QString& folder);
    void closeWorkspace();

    // Imports a folder into the open workspace off the GUI thread, with a progress window. Returns
    // false when no import could start; the outcome arrives through importFinished.
    bool importImages(const QString& folder, const QString& manifest = {}, bool referenceInPlace = false);
    // Opens the demo workspace in `folder`, building it first (off the GUI thread, with progress) when
    // the folder holds none. The outcome arrives through demoFinished.
    bool openDemo(const QString& folder);
    // Encodes the workspace's images into the embedding cache off the GUI thread, with progress.
    // backbone: "look", "clip:FOLDER", "siglip:FOLDER" or "mobilenet:FILE". Outcome: embeddingsFinished.
    bool computeEmbeddings(const QString& backbone);
    // Shows the reward-model page (training, taste profiles, map of people) for the open workspace;
    // nullptr without one.
    ModelPage* showModelPage();
    // The library (thumbnail grid, filters, detail pane, rating): the main page of an open workspace; nullptr
    // without one. The overview shows it with the side panel of counts open.
    LibraryPage* showLibrary();
    LibraryPage* libraryPage() const { return libraryPage_; }
    void showWorkspaceOverview();
    // The study designer (library, studies, participants), the results of studies, and artist mode; nullptr without
    // a workspace.
    DesignerPage* showDesigner();
    StudyResultsPage* showResults();
    ArtistPage* showArtistMode();
    // The Generate page (form, queue, gallery) for the open workspace; nullptr without one or in the kiosk.
    GeneratePage* showGeneratePage();
    // The Steer page (steering toward a person's taste, comparisons, stored runs); nullptr without a workspace or in
    // the kiosk.
    SteeringPage* showSteeringPage();
    // Runs a study for a participant (empty: typed after the consent) in this window. In kiosk mode the window goes
    // full screen and stays locked until the admin PIN is given; refused (nullptr and a message) without a PIN set.
    StudyRunner* startStudySession(const QString& study, const QString& participant, bool kiosk);
    KioskGuard* kioskGuard() const { return kiosk_; }
    QUndoStack* undoStack() const { return undoStack_; }

    bool hasWorkspace() const { return workspace_ != nullptr; }
    QString workspaceName() const;
    QString workspaceFolder() const;

Q_SIGNALS:
    void workspaceChanged();
    void errorReported(const QString& message);
    void importFinished(int imported, int duplicates, int rejected, bool cancelled, const QString& error);
    void demoFinished(bool opened, const QString& error);
    void embeddingsFinished(int encoded, int failed, bool cancelled, const QString& error);

public Q_SLOTS:
    void newWorkspaceInteractively();
    void openWorkspaceInteractively();
    void importImagesInteractively();
    void openDefaultDemo();
    void computeEmbeddingsInteractively();
    void runStudyInteractively();
    void setKioskPinInteractively();
    // Adds the demo study (simulated participants answer it) to the open workspace, off the GUI thread.
    void addDemoStudy();
    void showSettings();
    // The status bar's "Compute: auto (cpu)": the setting and the device it resolves to here, or why it cannot run.
    void showComputeDevice();
    void showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void rebuildRecentMenu();
    void workspaceOpened();
    void updateTitle();
    void reportError(const QString& title, const QString& message);
    void refreshWorkspacePage();
    void dropModelPage();
    void leaveKiosk();
    bool startImport(const QString& folder, const QString& manifest, bool referenceInPlace, const QStringList& files);
    void importDropped(const QStringList& paths);

    gui::AppSettings& settings_;
    std::unique_ptr<services::Workspace> workspace_;
    QString workspaceName_;
    RecentWorkspacesModel* recent_;
    QStackedWidget* pages_;
    WelcomePage* welcomePage_;
    LibraryPage* libraryPage_ = nullptr;  // made when a workspace opens, dropped when it closes
    QAction* libraryAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QAction* closeAction_ = nullptr;
    QAction* importAction_ = nullptr;
    gui::BackgroundTask* importTask_ = nullptr;
    gui::BackgroundTask* demoTask_ = nullptr;
    gui::BackgroundTask* embeddingTask_ = nullptr;
    gui::BackgroundTask* demoStudyTask_ = nullptr;
    QAction* embedAction_ = nullptr;
    QAction* trainAction_ = nullptr;
    QAction* overviewAction_ = nullptr;
    ModelPage* modelPage_ = nullptr;  // created on demand for the open workspace, like the pages below
    DesignerPage* designerPage_ = nullptr;
    StudyResultsPage* resultsPage_ = nullptr;
    ArtistPage* artistPage_ = nullptr;
    GeneratePage* generatePage_ = nullptr;
    QAction* generateAction_ = nullptr;
    SteeringPage* steeringPage_ = nullptr;
    QAction* steerAction_ = nullptr;
    StudyRunner* runner_ = nullptr;
    KioskGuard* kiosk_ = nullptr;
    QUndoStack* undoStack_;
    QAction* studyActions_[4] = {};
    QLabel* deviceLabel_;
};

}  // namespace tastelab::widgets

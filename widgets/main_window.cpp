// The main window.
#include "widgets/main_window.h"

#include "app/gui/app_icon.h"
#include "app/gui/app_settings.h"
#include "app/gui/background_task.h"
#include "app/services/build_info.h"
#include "app/services/demo.h"
#include "app/services/demo_study.h"
#include "app/services/embeddings.h"
#include "app/services/image_import.h"
#include "app/services/model_locator.h"
#include "app/services/workspace.h"
#include "storage/studies.h"
#include "widgets/about_dialog.h"
#include "widgets/artist_page.h"
#include "widgets/designer_page.h"
#include "widgets/generate_page.h"
#include "widgets/import_images_dialog.h"
#include "widgets/kiosk_guard.h"
#include "widgets/library_page.h"
#include "widgets/library_view.h"
#include "widgets/model_page.h"
#include "widgets/new_workspace_dialog.h"
#include "widgets/publish_dialog.h"
#include "widgets/recent_workspaces_model.h"
#include "widgets/settings_dialog.h"
#include "widgets/steering_page.h"
#include "widgets/study_results_page.h"
#include "widgets/study_runner.h"
#include "widgets/task_progress_dialog.h"
#include "widgets/welcome_page.h"

#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUndoStack>

namespace tastelab::widgets {

MainWindow::MainWindow(gui::AppSettings& settings, QWidget* parent)
    : QMainWindow(parent)
    , settings_(settings)
    , undoStack_(new QUndoStack(this))
{
    setWindowIcon(gui::appIcon());
    recent_ = new RecentWorkspacesModel(this);
    recent_->setFolders(settings_.recentWorkspaces);

    welcomePage_ = new WelcomePage(recent_, this);
    pages_ = new QStackedWidget(this);
    pages_->addWidget(welcomePage_);
    setCentralWidget(pages_);
    connect(welcomePage_, &WelcomePage::newWorkspaceRequested, this, &MainWindow::newWorkspaceInteractively);
    connect(welcomePage_, &WelcomePage::openWorkspaceRequested, this, &MainWindow::openWorkspaceInteractively);
    connect(welcomePage_, &WelcomePage::recentWorkspaceActivated, this, &MainWindow::openWorkspace);
    connect(welcomePage_, &WelcomePage::demoRequested, this, &MainWindow::openDefaultDemo);

    createMenus();

    deviceLabel_ = new QLabel(this);
    deviceLabel_->setObjectName(QStringLiteral("computeDeviceLabel"));
    showComputeDevice();
    statusBar()->addPermanentWidget(deviceLabel_);

    if (!restoreGeometry(settings_.mainWindowGeometry)) resize(1100, 760);
    restoreState(settings_.mainWindowState);
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspaceInteractively);
    newAction->setShortcut(QKeySequence::New);
    QAction* openAction = file->addAction(tr("&Open Workspace…"), this, &MainWindow::openWorkspaceInteractively);
    openAction->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open the &Demo"), this, &MainWindow::openDefaultDemo);
    closeAction_ = file->addAction(tr("&Close Workspace"), this, &MainWindow::closeWorkspace);
    closeAction_->setShortcut(QKeySequence::Close);
    file->addSeparator();
    importAction_ = file->addAction(tr("&Import Images…"), this, &MainWindow::importImagesInteractively);
    importAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    embedAction_ = file->addAction(tr("Compute &Embeddings…"), this, &MainWindow::computeEmbeddingsInteractively);
    libraryAction_ = file->addAction(tr("&Library"), this, &MainWindow::showLibrary);
    libraryAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    file->addSeparator();
    QAction* settingsAction = file->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settingsAction->setShortcut(QKeySequence::Preferences);
    settingsAction->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undoStack_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undoStack_->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* study = menuBar()->addMenu(tr("&Study"));
    studyActions_[0] = study->addAction(tr("&Designer"), this, &MainWindow::showDesigner);
    studyActions_[0]->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    studyActions_[1] = study->addAction(tr("&Run a Study…"), this, &MainWindow::runStudyInteractively);
    studyActions_[1]->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    studyActions_[2] = study->addAction(tr("R&esults"), this, &MainWindow::showResults);
    studyActions_[2]->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    studyActions_[3] = study->addAction(tr("&Artist Mode"), this, &MainWindow::showArtistMode);
    // Not Ctrl+A, which is Select All in every text field and list; Ctrl+Shift+A is Deselect in image editors.
    studyActions_[3]->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    study->addAction(tr("&Publish…"), this, [this] {
        if (!workspace_) return;
        // Serves until the dialog is closed (closing stops the server).
        PublishDialog dialog(workspaceFolder(), QString(), this);
        dialog.exec();
    });
    study->addSeparator();
    study->addAction(tr("Set the Kiosk P&IN…"), this, &MainWindow::setKioskPinInteractively);
    study->addAction(tr("Add a De&mo Study"), this, &MainWindow::addDemoStudy);

    QMenu* model = menuBar()->addMenu(tr("&Model"));
    trainAction_ = model->addAction(tr("&Train and Evaluate…"), this, &MainWindow::showModelPage);
    trainAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    overviewAction_ = model->addAction(tr("Workspace &Overview"), this, &MainWindow::showWorkspaceOverview);
    model->addSeparator();
    generateAction_ = model->addAction(tr("&Generate…"), this, &MainWindow::showGeneratePage);
    generateAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    steerAction_ = model->addAction(tr("&Steer…"), this, &MainWindow::showSteeringPage);
    steerAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About TasteLab"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);

    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList folders = recent_->folders();
    for (int i = 0; i < folders.size(); ++i) {
        const QString& folder = folders.at(i);
        // &1..&9 as mnemonics for the first nine entries.
        const QString label = i < 9 ? QStringLiteral("&%1  %2").arg(i + 1).arg(QDir::toNativeSeparators(folder))
                                    : QDir::toNativeSeparators(folder);
        recentMenu_->addAction(label, this, [this, folder] { openWorkspace(folder); });
    }
    if (!folders.isEmpty()) recentMenu_->addSeparator();
    QAction* clear = recentMenu_->addAction(tr("Clear &List"), this, [this] {
        settings_.recentWorkspaces = QStringList();
        recent_->setFolders({});
        rebuildRecentMenu();
    });
    clear->setEnabled(!folders.isEmpty());
}

bool MainWindow::createWorkspace(const QString& folder, const QString& name)
{
    try {
        auto workspace = std::make_unique<services::Workspace>(
            services::Workspace::create(folder.toStdString(), name.toStdString()));
        workspace_ = std::move(workspace);
    } catch (const std::exception& e) {
        reportError(tr("Cannot Create Workspace"), QString::fromStdString(e.what()));
        return false;
    }
    workspaceOpened();
    return true;
}

bool MainWindow::openWorkspace(const QString& folder)
{
    try {
        auto workspace = std::make_unique<services::Workspace>(services::Workspace::open(folder.toStdString()));
        workspace_ = std::move(workspace);
    } catch (const std::exception& e) {
        reportError(tr("Cannot Open Workspace"), QString::fromStdString(e.what()));
        recent_->setFolders(settings_.recentWorkspaces);  // greys out a folder that vanished
        return false;
    }
    workspaceOpened();
    return true;
}

void MainWindow::workspaceOpened()
{
    const QString folder = workspaceFolder();
    settings_.addRecentWorkspace(folder);
    recent_->setFolders(settings_.recentWorkspaces);
    rebuildRecentMenu();
    workspaceName_ = QString::fromStdString(workspace_->name());
    dropModelPage();
    libraryPage_ = new LibraryPage(folder, this);
    libraryPage_->setDevice(settings_.computeDevice.get());
    pages_->addWidget(libraryPage_);
    connect(libraryPage_, &LibraryPage::importRequested, this, &MainWindow::importDropped);
    connect(libraryPage_, &LibraryPage::sendToSteerRequested, this,
        [this](const QString& prompt, qint64 seed, const QString& person) {
            SteeringPage* page = showSteeringPage();
            if (!page) return;
            SteeringPage::Request request = page->request();
            request.prompt = prompt;
            request.seed = quint64(std::max<qint64>(0, seed));
            if (!person.isEmpty()) request.personA = person;
            page->setRequest(request);
        });
    connect(libraryPage_, &LibraryPage::rateTheseRequested, this,
        [this](const QString& person, const QList<qint64>& imageIds) {
            if (ArtistPage* page = showArtistMode()) page->startRating(person, imageIds);
        });
    refreshWorkspacePage();
    pages_->setCurrentWidget(libraryPage_);
    statusBar()->showMessage(tr("Opened workspace %1").arg(QDir::toNativeSeparators(folder)), 5000);
    updateTitle();
    Q_EMIT workspaceChanged();
}

void MainWindow::refreshWorkspacePage()
{
    if (workspace_ && libraryPage_) libraryPage_->showSummary(workspaceFolder(), workspace_->summary());
}

ModelPage* MainWindow::showModelPage()
{
    if (!workspace_) return nullptr;
    if (!modelPage_) {
        modelPage_ = new ModelPage(workspaceFolder(), this);
        pages_->addWidget(modelPage_);
    }
    pages_->setCurrentWidget(modelPage_);
    return modelPage_;
}

LibraryPage* MainWindow::showLibrary()
{
    if (!workspace_ || !libraryPage_ || kiosk_) return nullptr;
    refreshWorkspacePage();
    // Ratings given on other pages (artist mode, studies) show at once.
    libraryPage_->refreshRatings();
    pages_->setCurrentWidget(libraryPage_);
    return libraryPage_;
}

void MainWindow::showWorkspaceOverview()
{
    if (LibraryPage* page = showLibrary()) page->setOverviewVisible(true);
}

void MainWindow::dropModelPage()
{
    // Their destructors cancel and wait for their tasks, which use their own connections.
    delete modelPage_;
    modelPage_ = nullptr;
    undoStack_->clear();  // the commands hold the workspace's ids
    delete designerPage_;
    designerPage_ = nullptr;
    delete resultsPage_;
    resultsPage_ = nullptr;
    delete artistPage_;
    artistPage_ = nullptr;
    delete generatePage_;
    generatePage_ = nullptr;
    delete steeringPage_;
    steeringPage_ = nullptr;
    delete runner_;
    runner_ = nullptr;
    delete libraryPage_;
    libraryPage_ = nullptr;
}

GeneratePage* MainWindow::showGeneratePage()
{
    if (!workspace_ || kiosk_) return nullptr;
    if (!generatePage_) {
        generatePage_ =
            new GeneratePage(workspaceFolder(), settings_.modelsFolder, QString(), settings_.computeDevice, this);
        pages_->addWidget(generatePage_);
        // Generated images enter the library: the designer's library and the overview show them, ready to rate.
        connect(generatePage_, &GeneratePage::jobFinished, this, [this](int, GenerationQueueModel::State, int made) {
            if (made > 0 && designerPage_) designerPage_->library()->reload();
            if (made > 0 && libraryPage_) libraryPage_->reload();
            refreshWorkspacePage();
        });
    }
    pages_->setCurrentWidget(generatePage_);
    return generatePage_;
}

SteeringPage* MainWindow::showSteeringPage()
{
    if (!workspace_ || kiosk_) return nullptr;
    if (!steeringPage_) {
        steeringPage_ = new SteeringPage(workspaceFolder(), settings_.modelsFolder, QString(), this);
        steeringPage_->setDevice(settings_.computeDevice.get());
        pages_->addWidget(steeringPage_);
        // Steered images enter the library, ready to rate.
        connect(steeringPage_, &SteeringPage::steeringFinished, this, [this] {
            if (designerPage_) designerPage_->library()->reload();
            if (libraryPage_) libraryPage_->reload();
            refreshWorkspacePage();
        });
    } else {
        steeringPage_->reloadPeople();  // people and runs may have changed on other pages
        steeringPage_->reloadRuns();
    }
    pages_->setCurrentWidget(steeringPage_);
    return steeringPage_;
}

DesignerPage* MainWindow::showDesigner()
{
    if (!workspace_ || kiosk_) return nullptr;
    if (!designerPage_) {
        designerPage_ = new DesignerPage(workspaceFolder(), undoStack_, this);
        pages_->addWidget(designerPage_);
        connect(designerPage_, &DesignerPage::importRequested, this, &MainWindow::importDropped);
        connect(designerPage_, &DesignerPage::errorReported, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
        connect(designerPage_, &DesignerPage::startSessionRequested, this,
            [this](const QString& study, const QString& participant) { startStudySession(study, participant, false); });
    }
    pages_->setCurrentWidget(designerPage_);
    return designerPage_;
}

StudyResultsPage* MainWindow::showResults()
{
    if (!workspace_ || kiosk_) return nullptr;
    if (!resultsPage_) {
        resultsPage_ = new StudyResultsPage(workspaceFolder(), this);
        pages_->addWidget(resultsPage_);
    } else {
        resultsPage_->refresh();
    }
    pages_->setCurrentWidget(resultsPage_);
    return resultsPage_;
}

ArtistPage* MainWindow::showArtistMode()
{
    if (!workspace_ || kiosk_) return nullptr;
    if (!artistPage_) {
        artistPage_ = new ArtistPage(workspaceFolder(), this);
        artistPage_->setDevice(settings_.computeDevice.get());
        // Whether the artist wants to see the prediction while rating is theirs to keep across sittings.
        const QString key = QStringLiteral("artist/showPrediction");
        artistPage_->setShowPrediction(settings_.store().value(key, true).toBool());
        connect(artistPage_, &ArtistPage::showPredictionChanged, this, [this, key](bool show) {
            settings_.store().setValue(key, show);
            settings_.sync();
        });
        pages_->addWidget(artistPage_);
    }
    pages_->setCurrentWidget(artistPage_);
    return artistPage_;
}

StudyRunner* MainWindow::startStudySession(const QString& study, const QString& participant, bool kiosk)
{
    if (!workspace_ || kiosk_) return nullptr;
    if (kiosk && settings_.kioskPinHash.get().isEmpty()) {
        reportError(tr("Cannot Start the Kiosk"),
            tr("Set an administrator PIN first (Study > Set the Kiosk PIN…): without it the kiosk could not be "
               "left."));
        return nullptr;
    }
    delete runner_;
    StudyRunner::Options options;
    options.workspaceFolder = workspaceFolder();
    options.study = study;
    options.participant = participant;
    options.kiosk = kiosk;
    options.client = QStringLiteral("TasteLab %1").arg(QString::fromStdString(services::tastelabVersion()));
    runner_ = new StudyRunner(options, this);
    pages_->addWidget(runner_);
    pages_->setCurrentWidget(runner_);
    runner_->setFocus();
    connect(runner_, &StudyRunner::finished, this, [this] {
        if (designerPage_) designerPage_->reload();
    });
    if (kiosk) {
        menuBar()->hide();
        statusBar()->hide();
        kiosk_ = new KioskGuard(this, settings_.kioskPinHash, this);
        // A PIN stored in the old one-round SHA-256 format is replaced by its PBKDF2 hash once it has been typed.
        connect(kiosk_, &KioskGuard::pinHashUpgraded, this, [this](const QString& hash) {
            settings_.kioskPinHash = hash;
            settings_.sync();
        });
        connect(kiosk_, &KioskGuard::unlocked, this, &MainWindow::leaveKiosk);
    }
    return runner_;
}

void MainWindow::leaveKiosk()
{
    if (!kiosk_) return;
    kiosk_->deleteLater();
    kiosk_ = nullptr;
    menuBar()->show();
    statusBar()->show();
    showDesigner();
}

void MainWindow::runStudyInteractively()
{
    if (!workspace_) return;
    const auto studies = storage::StudyStore(workspace_->database()).listStudies();
    if (studies.empty()) {
        reportError(tr("No Study Yet"), tr("Create a study in the designer first (Study > Designer)."));
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Run a Study"));
    auto* form = new QFormLayout(&dialog);
    auto* studyBox = new QComboBox(&dialog);
    for (const auto& s : studies) studyBox->addItem(QString::fromStdString(s.name));
    auto* participant = new QLineEdit(&dialog);
    participant->setPlaceholderText(tr("Empty: the participant types it"));
    auto* kiosk = new QCheckBox(tr("Kiosk mode (full screen, locked with the admin PIN)"), &dialog);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(tr("Study:"), studyBox);
    form->addRow(tr("Participant id:"), participant);
    form->addRow(kiosk);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    startStudySession(studyBox->currentText(), participant->text().trimmed(), kiosk->isChecked());
}

void MainWindow::setKioskPinInteractively()
{
    if (kiosk_) return;
    bool ok = false;
    const QString pin = QInputDialog::getText(this, tr("Kiosk PIN"),
        tr("The PIN an administrator types to leave the kiosk (at least 4 characters):"), QLineEdit::Password,
        QString(), &ok);
    if (!ok) return;
    if (pin.size() < 4) {
        reportError(tr("Kiosk PIN"), tr("The PIN needs at least 4 characters."));
        return;
    }
    settings_.kioskPinHash = KioskGuard::hashPin(pin);
    settings_.sync();
    statusBar()->showMessage(tr("The kiosk PIN is set."), 5000);
}

void MainWindow::addDemoStudy()
{
    if (!workspace_ || kiosk_ || (demoStudyTask_ && demoStudyTask_->isRunning())) return;
    if (!demoStudyTask_) demoStudyTask_ = new gui::BackgroundTask(this);
    demoStudyTask_->disconnect(this);
    connect(demoStudyTask_, &gui::BackgroundTask::finished, this, [this](bool, const QString& error) {
        if (!error.isEmpty()) {
            reportError(tr("Cannot Add the Demo Study"), error);
            return;
        }
        statusBar()->showMessage(tr("Added the demo study with six simulated participants."), 8000);
        if (designerPage_) designerPage_->reload();
        showResults();
    });
    const std::filesystem::path root = workspace_->root();
    demoStudyTask_->start([root](gui::BackgroundTask&) {
        auto workspace = services::Workspace::open(root);
        services::DemoStudyOptions options;
        int n = 1;
        while (storage::StudyStore(workspace.database()).findStudyByName(options.name)) {
            options.name = "Demo study " + std::to_string(++n);
        }
        services::createDemoStudy(workspace, options);
    });
}

void MainWindow::importDropped(const QStringList& paths)
{
    QStringList files;
    for (const QString& path : paths) {
        if (QFileInfo(path).isDir()) {
            startImport(path, QString(), false, {});
            return;  // one import at a time: a folder wins over loose files
        }
        files << path;
    }
    if (!files.isEmpty()) startImport(QFileInfo(files.first()).absolutePath(), QString(), false, files);
}

void MainWindow::closeWorkspace()
{
    if (!workspace_) return;
    for (gui::BackgroundTask* task : {importTask_, embeddingTask_}) {
        if (task && task->isRunning()) {
            task->cancel();
            task->wait();
        }
    }
    dropModelPage();
    workspace_.reset();
    workspaceName_.clear();
    pages_->setCurrentWidget(welcomePage_);
    updateTitle();
    Q_EMIT workspaceChanged();
}

QString MainWindow::workspaceName() const
{
    return workspaceName_;
}

QString MainWindow::workspaceFolder() const
{
    return workspace_ ? QString::fromStdString(workspace_->root().string()) : QString();
}

void MainWindow::updateTitle()
{
    closeAction_->setEnabled(hasWorkspace());
    importAction_->setEnabled(hasWorkspace());
    embedAction_->setEnabled(hasWorkspace());
    trainAction_->setEnabled(hasWorkspace());
    overviewAction_->setEnabled(hasWorkspace());
    libraryAction_->setEnabled(hasWorkspace());
    generateAction_->setEnabled(hasWorkspace());
    steerAction_->setEnabled(hasWorkspace());
    for (QAction* action : studyActions_) action->setEnabled(hasWorkspace());
    setWindowTitle(hasWorkspace() ? tr("%1 — TasteLab").arg(workspaceName_) : tr("TasteLab"));
}

void MainWindow::newWorkspaceInteractively()
{
    NewWorkspaceDialog dialog(settings_.workspaceFolder, this);
    if (dialog.exec() != QDialog::Accepted) return;
    createWorkspace(dialog.workspaceFolder(), dialog.workspaceName());
}

void MainWindow::openWorkspaceInteractively()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Workspace"), settings_.workspaceFolder);
    if (!folder.isEmpty()) openWorkspace(folder);
}

void MainWindow::importImagesInteractively()
{
    if (!workspace_) return;
    ImportImagesDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) {
        importImages(dialog.folder(), dialog.manifest(), dialog.referenceInPlace());
    }
}

bool MainWindow::importImages(const QString& folder, const QString& manifest, bool referenceInPlace)
{
    return startImport(folder, manifest, referenceInPlace, {});
}

bool MainWindow::startImport(
    const QString& folder, const QString& manifest, bool referenceInPlace, const QStringList& files)
{
    if (!workspace_ || (importTask_ && importTask_->isRunning())) return false;
    if (!importTask_) importTask_ = new gui::BackgroundTask(this);
    auto report = std::make_shared<services::ImageImportReport>();
    const std::filesystem::path root = workspace_->root();
    const std::filesystem::path source = folder.toStdString();
    const std::string manifestFile = manifest.toStdString();
    std::vector<std::filesystem::path> fileList;
    for (const QString& file : files) fileList.emplace_back(file.toStdString());
    importTask_->disconnect(this);
    connect(importTask_, &gui::BackgroundTask::finished, this, [this, report](bool cancelled, const QString& error) {
        refreshWorkspacePage();
        if (designerPage_) designerPage_->library()->reload();
        if (libraryPage_) libraryPage_->reload();
        const int imported = int(report->imported.size());
        const int duplicates = int(report->duplicates.size());
        const int rejected = int(report->rejected.size());
        Q_EMIT importFinished(imported, duplicates, rejected, cancelled, error);
        if (!error.isEmpty()) {
            reportError(tr("Cannot Import Images"), error);
            return;
        }
        QString text = tr("%n image(s) imported.", nullptr, imported);
        if (duplicates) text += QLatin1Char(' ') + tr("%n duplicate(s) skipped.", nullptr, duplicates);
        if (rejected) text += QLatin1Char(' ') + tr("%n file(s) rejected.", nullptr, rejected);
        if (cancelled) text += QLatin1Char(' ') + tr("The import was cancelled.");
        QString details;
        for (const auto& r : report->rejected) {
            details +=
                tr("Rejected %1: %2").arg(QString::fromStdString(r.file.string()), QString::fromStdString(r.reason));
            details += QLatin1Char('\n');
        }
        for (const auto& w : report->manifestWarnings) details += QString::fromStdString(w) + QLatin1Char('\n');
        auto* box = new QMessageBox(rejected ? QMessageBox::Warning : QMessageBox::Information, tr("Import Finished"),
            text, QMessageBox::Ok, this);
        box->setDetailedText(details);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    auto* progress = new TaskProgressDialog(*importTask_, tr("Importing images"), this);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    importTask_->start([root, source, manifestFile, referenceInPlace, fileList, report](gui::BackgroundTask& task) {
        // One database connection per thread: the worker opens its own.
        auto workspace = services::Workspace::open(root);
        services::ImageImportOptions options;
        if (!manifestFile.empty()) options.manifest = manifestFile;
        options.copyIntoLibrary = !referenceInPlace;
        options.files = fileList;
        options.cancel = task.cancelFlag();
        options.onProgress = [&task](std::size_t done, std::size_t total) {
            task.reportProgress(qint64(done), qint64(total));
        };
        *report = services::importImages(workspace, source, options);
    });
    progress->open();
    return true;
}

void MainWindow::openDefaultDemo()
{
    openDemo(QDir(settings_.workspaceFolder).filePath(QStringLiteral("Demo")));
}

bool MainWindow::openDemo(const QString& folder)
{
    if (services::Workspace::isWorkspace(folder.toStdString())) {
        const bool opened = openWorkspace(folder);
        Q_EMIT demoFinished(opened, QString());
        return opened;
    }
    if (demoTask_ && demoTask_->isRunning()) return false;
    if (!demoTask_) demoTask_ = new gui::BackgroundTask(this);
    demoTask_->disconnect(this);
    connect(demoTask_, &gui::BackgroundTask::finished, this, [this, folder](bool cancelled, const QString& error) {
        if (!error.isEmpty()) {
            reportError(tr("Cannot Build the Demo"), error);
            Q_EMIT demoFinished(false, error);
        } else if (cancelled) {
            Q_EMIT demoFinished(false, QString());
        } else {
            Q_EMIT demoFinished(openWorkspace(folder), QString());
        }
    });
    auto* progress = new TaskProgressDialog(*demoTask_, tr("Building the demo workspace"), this);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    const std::filesystem::path root = folder.toStdString();
    demoTask_->start([root](gui::BackgroundTask& task) {
        services::DemoOptions options;
        options.cancel = task.cancelFlag();
        options.onProgress = [&task](std::size_t done, std::size_t total) {
            task.reportProgress(qint64(done), qint64(total));
        };
        services::buildDemoWorkspace(root, options);
    });
    progress->open();
    return true;
}

void MainWindow::computeEmbeddingsInteractively()
{
    if (!workspace_) return;
    QStringList labels{tr("Look features (built in)")};
    QStringList specs{QStringLiteral("look")};
    for (const auto& model : services::findModels(settings_.modelsFolder.get().toStdString())) {
        if (model.kind != services::ModelKind::Clip && model.kind != services::ModelKind::Siglip) continue;
        const QString kind = QString::fromStdString(services::toString(model.kind));
        labels << tr("%1 (%2)").arg(QString::fromStdString(model.name), kind);
        specs << kind + QLatin1Char(':') + QString::fromStdString(model.folder.string());
    }
    bool ok = false;
    const QString choice =
        QInputDialog::getItem(this, tr("Compute Embeddings"), tr("Encode the images with:"), labels, 0, false, &ok);
    if (ok) computeEmbeddings(specs.at(int(labels.indexOf(choice))));
}

bool MainWindow::computeEmbeddings(const QString& backbone)
{
    if (!workspace_ || (embeddingTask_ && embeddingTask_->isRunning())) return false;
    if (!embeddingTask_) embeddingTask_ = new gui::BackgroundTask(this);
    embeddingTask_->disconnect(this);
    auto report = std::make_shared<services::EmbeddingReport>();
    connect(embeddingTask_, &gui::BackgroundTask::finished, this, [this, report](bool cancelled, const QString& error) {
        Q_EMIT embeddingsFinished(int(report->encoded), int(report->failures.size()), cancelled, error);
        if (!error.isEmpty()) {
            reportError(tr("Cannot Compute Embeddings"), error);
            return;
        }
        QString text = tr("%n image(s) encoded with %1.", nullptr, int(report->encoded))
                           .arg(QString::fromStdString(report->backboneKey));
        if (report->alreadyCached)
            text += QLatin1Char(' ') + tr("%n already cached.", nullptr, int(report->alreadyCached));
        if (!report->failures.empty())
            text += QLatin1Char(' ') + tr("%n failed.", nullptr, int(report->failures.size()));
        if (cancelled) text += QLatin1Char(' ') + tr("Stopped before the end.");
        QString details;
        for (const auto& [file, reason] : report->failures) {
            details +=
                tr("%1: %2").arg(QString::fromStdString(file), QString::fromStdString(reason)) + QLatin1Char('\n');
        }
        auto* box = new QMessageBox(QMessageBox::Information, tr("Embeddings"), text, QMessageBox::Ok, this);
        box->setDetailedText(details);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    auto* progress = new TaskProgressDialog(*embeddingTask_, tr("Computing embeddings"), this);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    const std::filesystem::path root = workspace_->root();
    const std::string spec = backbone.toStdString();
    const std::string device = settings_.computeDevice.get().toStdString();
    embeddingTask_->start([root, spec, device, report](gui::BackgroundTask& task) {
        auto workspace = services::Workspace::open(root);  // this thread's own connection
        services::EmbeddingOptions options;
        options.backbone = spec;
        options.device = device;
        options.cancel = task.cancelFlag();
        options.onProgress = [&task](std::size_t done, std::size_t total) {
            task.reportProgress(qint64(done), qint64(total));
        };
        *report = services::encodeWorkspaceImages(workspace, options);
    });
    progress->open();
    return true;
}

void MainWindow::showComputeDevice()
{
    const QString setting = settings_.computeDevice.get();
    const services::ResolvedDevice resolved = services::resolveComputeDevice(setting.toStdString());
    if (resolved.ok) {
        deviceLabel_->setText(tr("Compute: %1 (%2)").arg(setting, QString::fromStdString(resolved.text)));
        deviceLabel_->setToolTip(tr("Models run here; change it in Settings > Compute."));
    } else {
        deviceLabel_->setText(tr("Compute: %1 is not available").arg(setting));
        deviceLabel_->setToolTip(QString::fromStdString(resolved.text));
    }
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(settings_, this);
    if (dialog.exec() == QDialog::Accepted) {
        showComputeDevice();
        if (generatePage_) generatePage_->setModelsFolder(settings_.modelsFolder);
        if (steeringPage_) steeringPage_->setDevice(settings_.computeDevice.get());
        if (generatePage_) generatePage_->setDevice(settings_.computeDevice.get());
        if (artistPage_) artistPage_->setDevice(settings_.computeDevice.get());
        if (libraryPage_) libraryPage_->setDevice(settings_.computeDevice.get());
    }
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::reportError(const QString& title, const QString& message)
{
    Q_EMIT errorReported(message);
    // Window-modal and non-blocking, so that the caller returns at once.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    settings_.mainWindowGeometry = saveGeometry();
    settings_.mainWindowState = saveState();
    settings_.sync();
    QMainWindow::closeEvent(event);
}

}  // namespace tastelab::widgets

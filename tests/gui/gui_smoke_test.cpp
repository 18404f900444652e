// The GUI on Qt's offscreen platform: the main window opens, a workspace is created and reopened,
// settings persist by name, and the German translation loads.
#include "app/gui/app_icon.h"
#include "app/gui/app_settings.h"
#include "app/gui/background_task.h"
#include "app/gui/color_scheme.h"
#include "app/gui/language.h"
#include "app/services/demo.h"
#include "app/services/reward/people_map.h"
#include "app/services/reward/taste_profile.h"
#include "app/services/reward/trainer.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/people.h"
#include "tests/support/gui_fixtures.h"
#include "widgets/about_dialog.h"
#include "widgets/main_window.h"
#include "widgets/model_page.h"
#include "widgets/people_map_view.h"
#include "widgets/settings_dialog.h"
#include "widgets/task_progress_dialog.h"
#include "widgets/taste_profile_view.h"
#include "widgets/training_panel.h"

#include <QComboBox>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>
#include <QThread>

#include <gmock/gmock.h>

using namespace tastelab;
using namespace tastelab::testing;
using ::testing::HasSubstr;

namespace {

class GuiTest : public FolderTest {
protected:
    void SetUp() override
    {
        gui::installTranslations(QStringLiteral("en"));
        settings_ = std::make_unique<gui::AppSettings>(std::make_unique<QSettings>(
            QString::fromStdString((dir_ / "settings.ini").string()), QSettings::IniFormat));
    }
    void TearDown() override { gui::installTranslations(QStringLiteral("en")); }

    std::unique_ptr<gui::AppSettings> settings_;
};

// A demo workspace small enough to build in a fraction of a second.
services::DemoOptions tinyDemo(int images, int agents)
{
    services::DemoOptions options;
    options.images = images;
    options.prompts = 2;
    options.agents = agents;
    options.heldOut = 1;
    options.coreItems = 2;
    options.ratingsPerAgent = 4;
    options.ratingsPerNewPerson = 4;
    options.repeatsPerAgent = 1;
    options.comparisonsPerAgent = 1;
    options.imageSize = 32;
    return options;
}

QStringList menuTitles(const QMainWindow& window)
{
    QStringList titles;
    for (QAction* action : window.menuBar()->actions()) titles << action->text();
    return titles;
}

}  // namespace

TEST_F(GuiTest, MainWindowOpensOnTheWelcomePage)
{
    widgets::MainWindow window(*settings_);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    EXPECT_EQ(window.windowTitle(), QStringLiteral("TasteLab"));
    EXPECT_FALSE(window.windowIcon().isNull());
    EXPECT_FALSE(window.hasWorkspace());
    EXPECT_EQ(menuTitles(window),
        (QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"), QStringLiteral("&Study"),
            QStringLiteral("&Model"), QStringLiteral("&Help")}));
}

TEST_F(GuiTest, IconIsCrispAtHighDpiSizes)
{
    const QIcon icon = gui::appIcon();
    ASSERT_FALSE(icon.isNull());
    EXPECT_GE(icon.availableSizes().size(), 6);
    EXPECT_EQ(icon.pixmap(QSize(256, 256)).size(), QSize(256, 256));
    // Not blank: the rendered SVG has opaque pixels of more than one colour.
    const QImage image = icon.pixmap(QSize(64, 64)).toImage();
    EXPECT_NE(image.pixelColor(32, 32), image.pixelColor(2, 2));
}

TEST_F(GuiTest, CreatesAndReopensAWorkspace)
{
    widgets::MainWindow window(*settings_);
    window.show();
    QSignalSpy changed(&window, &widgets::MainWindow::workspaceChanged);
    ASSERT_TRUE(window.createWorkspace(path("study"), QStringLiteral("Pilot study")));
    EXPECT_EQ(changed.count(), 1);
    EXPECT_TRUE(window.hasWorkspace());
    EXPECT_EQ(window.workspaceName(), QStringLiteral("Pilot study"));
    EXPECT_THAT(window.windowTitle().toStdString(), HasSubstr("Pilot study"));
    EXPECT_TRUE(std::filesystem::is_regular_file(dir_ / "study" / "tastelab.sqlite"));
    EXPECT_EQ(settings_->recentWorkspaces.get().value(0), path("study"));

    window.closeWorkspace();
    EXPECT_FALSE(window.hasWorkspace());
    EXPECT_EQ(window.windowTitle(), QStringLiteral("TasteLab"));

    ASSERT_TRUE(window.openWorkspace(path("study")));
    EXPECT_EQ(window.workspaceName(), QStringLiteral("Pilot study"));
}

TEST_F(GuiTest, ReportsAWorkspaceThatCannotBeOpened)
{
    widgets::MainWindow window(*settings_);
    window.show();
    QSignalSpy errors(&window, &widgets::MainWindow::errorReported);
    EXPECT_FALSE(window.openWorkspace(path("nothing-here")));
    ASSERT_EQ(errors.count(), 1);
    EXPECT_THAT(errors.at(0).at(0).toString().toStdString(), HasSubstr("nothing-here"));
    EXPECT_FALSE(window.hasWorkspace());
}

TEST_F(GuiTest, SettingsAreTypedAndEnumsStoredByName)
{
    settings_->colorScheme = gui::ColorScheme::Dark;
    settings_->language = QStringLiteral("de");
    settings_->sync();
    QSettings raw(path("settings.ini"), QSettings::IniFormat);
    EXPECT_EQ(raw.value(QStringLiteral("appearance/colorScheme")).toString(), QStringLiteral("Dark"));
    EXPECT_EQ(settings_->colorScheme.get(), gui::ColorScheme::Dark);
    // An unknown name falls back to the default instead of a wrong value.
    raw.setValue(QStringLiteral("appearance/colorScheme"), QStringLiteral("Purple"));
    raw.sync();
    gui::AppSettings reread(std::make_unique<QSettings>(path("settings.ini"), QSettings::IniFormat));
    EXPECT_EQ(reread.colorScheme.get(), gui::ColorScheme::System);
    EXPECT_EQ(reread.language.get(), QStringLiteral("de"));
}

TEST_F(GuiTest, RecentListIsNewestFirstWithoutDuplicatesAndBounded)
{
    for (int i = 0; i < gui::AppSettings::kMaxRecentWorkspaces + 3; ++i)
        settings_->addRecentWorkspace(path("w" + std::to_string(i)));
    settings_->addRecentWorkspace(path("w5"));
    const QStringList list = settings_->recentWorkspaces;
    EXPECT_EQ(list.size(), gui::AppSettings::kMaxRecentWorkspaces);
    EXPECT_EQ(list.first(), path("w5"));
    EXPECT_EQ(list.count(path("w5")), 1);
}

TEST_F(GuiTest, SettingsDialogSavesTheChosenColourScheme)
{
    widgets::SettingsDialog dialog(*settings_);
    QComboBox* schemes = dialog.colorSchemeBox();
    schemes->setCurrentIndex(schemes->findData(QVariant::fromValue(gui::ColorScheme::Dark)));
    dialog.save();
    EXPECT_EQ(settings_->colorScheme.get(), gui::ColorScheme::Dark);
    EXPECT_TRUE(gui::isDarkPaletteActive());
    gui::applyColorScheme(gui::ColorScheme::Light);
    EXPECT_FALSE(gui::isDarkPaletteActive());
}

TEST_F(GuiTest, SettingsListTheModelsFound)
{
    const auto config = dir_ / "models" / "my-clip" / "config.json";
    std::filesystem::create_directories(config.parent_path());
    const std::string text = R"({"model_type": "clip"})";
    tastelab::testing::writeBytes(config, std::vector<std::uint8_t>(text.begin(), text.end()));
    settings_->modelsFolder = path("models");
    widgets::SettingsDialog dialog(*settings_);
    const QStringList found = dialog.foundModels();
    ASSERT_FALSE(found.isEmpty());
    EXPECT_THAT(found.join(QLatin1Char('\n')).toStdString(), HasSubstr("my-clip (clip)"));
}

TEST_F(GuiTest, AboutListsQtAndTheLibraries)
{
    const std::string text = widgets::AboutDialog::versionsText().toStdString();
    for (const char* name : {"TasteLab", "Qt", "LibTorch", "CUDA", "OpenCV", "SQLite"}) {
        EXPECT_THAT(text, HasSubstr(name));
    }
    EXPECT_THAT(text, HasSubstr(qVersion()));
}

TEST_F(GuiTest, GermanTranslationLoadsAndIsUsed)
{
    bool hasGerman = false;
    for (const auto& language : gui::availableLanguages()) hasGerman |= language.code == QStringLiteral("de");
    ASSERT_TRUE(hasGerman) << "tastelab_de.qm is not embedded";
    ASSERT_TRUE(gui::installTranslations(QStringLiteral("de")));
    EXPECT_EQ(QCoreApplication::translate("tastelab::widgets::MainWindow", "&File"), QStringLiteral("&Datei"));
    widgets::MainWindow window(*settings_);
    EXPECT_EQ(menuTitles(window),
        (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Bearbeiten"), QStringLiteral("&Studie"),
            QStringLiteral("&Modell"), QStringLiteral("&Hilfe")}));
    EXPECT_EQ(gui::resolveLanguage(QStringLiteral("de")), QStringLiteral("de"));
    EXPECT_EQ(gui::resolveLanguage(QStringLiteral("xx")), QStringLiteral("en"));
}

TEST_F(GuiTest, BackgroundTaskReportsProgressAndFinishes)
{
    gui::BackgroundTask task;
    QSignalSpy progress(&task, &gui::BackgroundTask::progressChanged);
    QSignalSpy finished(&task, &gui::BackgroundTask::finished);
    widgets::TaskProgressDialog dialog(task, QStringLiteral("Counting"));
    task.start([](gui::BackgroundTask& t) {
        for (int i = 1; i <= 5; ++i) {
            QThread::msleep(20);
            t.reportProgress(i, 5);
        }
    });
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_FALSE(finished.at(0).at(0).toBool());
    EXPECT_TRUE(finished.at(0).at(1).toString().isEmpty());
    QCoreApplication::processEvents();
    ASSERT_GE(progress.count(), 5);
    const auto last = progress.at(progress.count() - 1);
    EXPECT_EQ(last.at(0).toLongLong(), 5);
    EXPECT_EQ(last.at(1).toLongLong(), 5);
    EXPECT_NEAR(last.at(2).toDouble(), 0.0, 1e-9);
    EXPECT_EQ(dialog.etaText(), QStringLiteral("Less than a second left"));
}

TEST_F(GuiTest, BackgroundTaskCancelReallyStops)
{
    gui::BackgroundTask task;
    QSignalSpy finished(&task, &gui::BackgroundTask::finished);
    std::atomic<int> iterations{0};
    task.start([&](gui::BackgroundTask& t) {
        for (int i = 0; i < 100000 && !t.isCancelled(); ++i) {
            ++iterations;
            QThread::msleep(1);
        }
    });
    QThread::msleep(50);
    task.cancel();
    ASSERT_TRUE(finished.wait(5000));
    EXPECT_TRUE(finished.at(0).at(0).toBool());
    EXPECT_LT(iterations.load(), 100000);
    EXPECT_FALSE(task.isRunning());
}

TEST_F(GuiTest, BackgroundTaskDeliversErrors)
{
    gui::BackgroundTask task;
    QSignalSpy finished(&task, &gui::BackgroundTask::finished);
    task.start([](gui::BackgroundTask&) { throw std::runtime_error("disk full while writing x.png"); });
    ASSERT_TRUE(finished.wait(5000));
    EXPECT_EQ(finished.at(0).at(1).toString(), QStringLiteral("disk full while writing x.png"));
}

TEST_F(GuiTest, EtaIsReadable)
{
    EXPECT_EQ(gui::BackgroundTask::formatEta(-1), QStringLiteral("Estimating time left…"));
    EXPECT_EQ(gui::BackgroundTask::formatEta(12.4), QStringLiteral("About 12 s left"));
    EXPECT_EQ(gui::BackgroundTask::formatEta(600), QStringLiteral("About 10 min left"));
    EXPECT_EQ(gui::BackgroundTask::formatEta(7200), QStringLiteral("About 2 h left"));
}

TEST_F(GuiTest, ImportsImagesOffTheGuiThread)
{
    widgets::MainWindow window(*settings_);
    window.show();
    ASSERT_TRUE(window.createWorkspace(path("ws"), QStringLiteral("Import")));
    std::filesystem::create_directories(dir_ / "in");
    for (int i = 0; i < 3; ++i) {
        model::RgbImage image;
        image.width = image.height = 16;
        image.pixels.assign(16 * 16 * 3, std::uint8_t(40 * i));
        tastelab::testing::writeBytes(dir_ / "in" / ("p" + std::to_string(i) + ".png"), model::encodePng(image));
    }
    tastelab::testing::writeBytes(dir_ / "in" / "bad.png", {'x'});
    QSignalSpy done(&window, &widgets::MainWindow::importFinished);
    ASSERT_TRUE(window.importImages(path("in")));
    ASSERT_TRUE(done.wait(20000));
    EXPECT_EQ(done.at(0).at(0).toInt(), 3);
    EXPECT_EQ(done.at(0).at(1).toInt(), 0);
    EXPECT_EQ(done.at(0).at(2).toInt(), 1);
    EXPECT_FALSE(done.at(0).at(3).toBool());
    EXPECT_TRUE(done.at(0).at(4).toString().isEmpty());
    EXPECT_EQ(window.findChildren<QMessageBox*>().size(), 1);
}

TEST_F(GuiTest, OpensAnExistingDemoWorkspace)
{
    services::buildDemoWorkspace(dir_ / "demo", tinyDemo(8, 3));
    widgets::MainWindow window(*settings_);
    window.show();
    QSignalSpy done(&window, &widgets::MainWindow::demoFinished);
    ASSERT_TRUE(window.openDemo(path("demo")));
    ASSERT_EQ(done.count(), 1);
    EXPECT_TRUE(done.at(0).at(0).toBool());
    EXPECT_EQ(window.workspaceName(), QStringLiteral("TasteLab demo"));
}

TEST_F(GuiTest, ComputesEmbeddingsOffTheGuiThread)
{
    services::buildDemoWorkspace(dir_ / "demo", tinyDemo(6, 2));
    widgets::MainWindow window(*settings_);
    window.show();
    ASSERT_TRUE(window.openWorkspace(path("demo")));
    QSignalSpy done(&window, &widgets::MainWindow::embeddingsFinished);
    ASSERT_TRUE(window.computeEmbeddings(QStringLiteral("look")));
    ASSERT_TRUE(done.wait(30000));
    EXPECT_EQ(done.at(0).at(0).toInt(), 6);
    EXPECT_EQ(done.at(0).at(1).toInt(), 0);
    EXPECT_TRUE(done.at(0).at(3).toString().isEmpty());
    QSignalSpy again(&window, &widgets::MainWindow::embeddingsFinished);
    ASSERT_TRUE(window.computeEmbeddings(QStringLiteral("nonsense")));
    ASSERT_TRUE(again.wait(30000));
    EXPECT_THAT(again.at(0).at(3).toString().toStdString(), HasSubstr("unknown backbone"));
}

TEST_F(GuiTest, MainWindowShowsTheModelPage)
{
    services::buildDemoWorkspace(dir_ / "demo", tinyDemo(6, 2));
    widgets::MainWindow window(*settings_);
    window.show();
    EXPECT_EQ(window.showModelPage(), nullptr);
    ASSERT_TRUE(window.openWorkspace(path("demo")));
    widgets::ModelPage* page = window.showModelPage();
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(qobject_cast<QStackedWidget*>(window.centralWidget())->currentWidget(), page);
    EXPECT_EQ(page->count(), 3);
    EXPECT_EQ(page->tabText(0), QStringLiteral("Training"));
    EXPECT_EQ(page->workspaceFolder(), path("demo"));
    EXPECT_EQ(page->tasteProfileView()->findChild<QComboBox*>()->count(), 2);
    EXPECT_EQ(window.showModelPage(), page);
    window.closeWorkspace();
    EXPECT_TRUE(window.findChildren<widgets::ModelPage*>().isEmpty());
}

TEST_F(GuiTest, ModelPageTrainsAndEvaluatesOffTheGuiThread)
{
    services::buildDemoWorkspace(dir_ / "demo", trainableDemo());
    widgets::ModelPage page(path("demo"));
    widgets::TrainingPanel* panel = page.trainingPanel();
    QSignalSpy finished(panel, &widgets::TrainingPanel::trainingFinished);
    ASSERT_TRUE(panel->startTraining(quickTraining(3), true));
    EXPECT_TRUE(panel->isRunning());
    EXPECT_FALSE(panel->startTraining(quickTraining(3), true));  // one at a time
    ASSERT_TRUE(finished.wait(120000));
    EXPECT_FALSE(finished.at(0).at(0).toBool());
    EXPECT_EQ(finished.at(0).at(1).toString(), QString());
    EXPECT_FALSE(panel->isRunning());
    EXPECT_GE(panel->curvePoints(), 1);
    EXPECT_GT(panel->metricRows(), 0);
    saveScreenshot(page, QStringLiteral("model-training"));
}

TEST_F(GuiTest, TrainingCancelStopsARunningTraining)
{
    services::buildDemoWorkspace(dir_ / "demo", trainableDemo());
    widgets::TrainingPanel panel(path("demo"));
    QSignalSpy progress(&panel, &widgets::TrainingPanel::progressReported);
    QSignalSpy finished(&panel, &widgets::TrainingPanel::trainingFinished);
    ASSERT_TRUE(panel.startTraining(quickTraining(500), false));
    // Waits for the first report, failing at once with the error when the training ends first.
    waitUntil([&] { return !progress.isEmpty() || !finished.isEmpty(); }, 120000, 10);
    ASSERT_FALSE(progress.isEmpty()) << "no progress; finished with: "
                                     << (finished.isEmpty() ? std::string("nothing")
                                                            : finished.at(0).at(1).toString().toStdString());
    panel.cancel();
    ASSERT_TRUE(finished.count() > 0 || finished.wait(10000));
    EXPECT_TRUE(finished.at(0).at(0).toBool());
    EXPECT_EQ(finished.at(0).at(1).toString(), QString());
    EXPECT_FALSE(panel.isRunning());
}

TEST_F(GuiTest, TasteProfileShowsEffectsAfterTraining)
{
    services::buildDemoWorkspace(dir_ / "demo", trainableDemo());
    {
        auto workspace = services::Workspace::open(dir_ / "demo");
        services::trainRewardModel(workspace, quickTraining(3));
    }
    widgets::TasteProfileView view(path("demo"));
    const QString person = view.currentPerson();
    ASSERT_FALSE(person.isEmpty());
    QSignalSpy shown(&view, &widgets::TasteProfileView::profileShown);
    view.showPerson(person);
    ASSERT_TRUE(shown.wait(60000));
    EXPECT_EQ(shown.at(0).at(1).toString(), QString());
    EXPECT_GT(shown.at(0).at(0).toInt(), 0);
    EXPECT_THAT(view.summaryText().toStdString(), ::testing::AnyOf(HasSubstr("Raises"), HasSubstr("Lowers")));
    saveScreenshot(view, QStringLiteral("model-taste-profile"));
}

TEST_F(GuiTest, PeopleMapShowsEveryone)
{
    services::buildDemoWorkspace(dir_ / "demo", trainableDemo());
    std::int64_t people = 0;
    {
        auto workspace = services::Workspace::open(dir_ / "demo");
        services::trainRewardModel(workspace, quickTraining(3));
        people = storage::PeopleStore(workspace.database()).count();
    }
    widgets::PeopleMapView view(path("demo"));
    QSignalSpy shown(&view, &widgets::PeopleMapView::mapShown);
    view.refresh();
    ASSERT_TRUE(shown.wait(60000));
    EXPECT_EQ(shown.at(0).at(1).toString(), QString());
    EXPECT_EQ(shown.at(0).at(0).toInt(), int(people));
    EXPECT_THAT(view.silhouetteText().toStdString(), HasSubstr("Silhouette"));
    saveScreenshot(view, QStringLiteral("model-people-map"));
}

int main(int argc, char** argv)
{
    return tastelab::testing::runGuiTests(argc, argv);
}

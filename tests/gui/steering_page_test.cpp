// The Steer page on Qt's offscreen platform, on a small demo workspace with a quickly trained reward model: a steer
// run through the form shows baseline and steered images with one curve point per evaluation and reopens from the
// database identically in a fresh page; A/B gives two steered images for the same prompt and seed; the comparison
// sheet decodes with its panels; a cancel stops a long run early and stores it as cancelled; the wipe moves with the
// arrow keys and paints the left image left of the line. A prompt refinement run fills the candidate strip best first
// with every scored candidate; accept, reject and rate on the cards reach the database, the run reopens with its
// verdicts, and a cancel stops it early. With TASTELAB_SCREENSHOTS=<folder> the page is saved as PNG.
#include "app/gui/app_settings.h"
#include "app/gui/background_task.h"
#include "app/services/demo.h"
#include "app/services/prompt_refinement.h"
#include "app/services/reward/trainer.h"
#include "app/services/steering.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"
#include "util/json.h"
#include "widgets/compare_view.h"
#include "widgets/main_window.h"
#include "widgets/prompt_strip.h"
#include "widgets/rating_slider.h"
#include "widgets/steering_page.h"

#include <QApplication>
#include <QDir>
#include <QImageReader>
#include <QLabel>
#include <QLineSeries>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

using namespace tastelab;
using tastelab::testing::TempDir;
using widgets::CompareView;
using widgets::PromptStrip;
using widgets::SteeringPage;

namespace {

QString qs(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

void saveScreenshot(QWidget& widget, const QString& name)
{
    const QString folder = qEnvironmentVariable("TASTELAB_SCREENSHOTS");
    if (folder.isEmpty()) return;
    widget.resize(1280, 860);
    widget.show();
    QTest::qWait(50);
    QDir().mkpath(folder);
    EXPECT_TRUE(widget.grab().save(folder + QLatin1Char('/') + name + QStringLiteral(".png")));
}

std::vector<double> storedTrajectory(const storage::SteeringRunRecord& run)
{
    std::vector<double> values;
    const util::JsonValue json = util::parseJson(run.trajectory);
    for (const auto& v : json.asArray()) values.push_back(v.asDouble());
    return values;
}

std::vector<QPointF> pointsOf(const QLineSeries* series)
{
    const auto points = series->points();
    return {points.begin(), points.end()};
}

class SteeringPageTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir_ = new TempDir;
        tastelab::testing::buildSmallDemo(dir_->path() / "demo", 6);
        std::filesystem::create_directories(dir_->path() / "models");
        std::filesystem::create_directories(dir_->path() / "hub");
    }
    static void TearDownTestSuite()
    {
        delete dir_;
        dir_ = nullptr;
    }

    static std::unique_ptr<SteeringPage> makePage()
    {
        auto page = std::make_unique<SteeringPage>(
            qs(dir_->path() / "demo"), qs(dir_->path() / "models"), qs(dir_->path() / "hub"));
        page->resize(1100, 800);
        page->show();
        return page;
    }
    static SteeringPage::Request request(const QString& a, const QString& b, const QString& prompt, int iterations)
    {
        SteeringPage::Request r;
        r.personA = a;
        r.personB = b;
        r.prompt = prompt;
        r.seed = 3;
        r.iterations = iterations;
        r.size = 64;
        r.contrast = 0.0;
        return r;
    }
    // Clicks Steer and waits for the end; returns (cancelled, error).
    static std::pair<bool, QString> steer(SteeringPage& page)
    {
        QSignalSpy finished(&page, &SteeringPage::steeringFinished);
        auto* button = page.findChild<QPushButton*>(QStringLiteral("steerButton"));
        EXPECT_TRUE(button && button->isEnabled());
        if (!button || !button->isEnabled()) return {false, QStringLiteral("no enabled Steer button")};
        QTest::mouseClick(button, Qt::LeftButton);
        EXPECT_TRUE(page.isSteering() || finished.count() == 1) << page.statusText().toStdString();
        if (!finished.wait(90000) && finished.isEmpty()) return {false, QStringLiteral("timed out")};
        return {finished.at(0).at(0).toBool(), finished.at(0).at(1).toString()};
    }
    static SteeringPage::Request refinement(const QString& person, const QString& prompt, int depth, int perParent)
    {
        SteeringPage::Request r = request(person, {}, prompt, 1);
        r.method = SteeringPage::Method::Prompt;
        r.beamWidth = 2;
        r.depth = depth;
        r.candidatesPerParent = perParent;
        return r;
    }
    static QPushButton* cardButton(PromptStrip& strip, qint64 imageId, const char* name)
    {
        QWidget* card = strip.cardOf(imageId);
        EXPECT_NE(card, nullptr) << "no card for image " << imageId;
        return card ? card->findChild<QPushButton*>(QString::fromLatin1(name)) : nullptr;
    }
    static storage::SteeringRunRecord run(qint64 id)
    {
        auto workspace = services::Workspace::open(dir_->path() / "demo");
        auto record = storage::RunStore(workspace.database()).steeringRun(id);
        EXPECT_TRUE(record) << "run " << id;
        return record.value_or(storage::SteeringRunRecord{});
    }
    static std::string pseudonymOf(std::int64_t personId)
    {
        auto workspace = services::Workspace::open(dir_->path() / "demo");
        return storage::PeopleStore(workspace.database()).findById(personId).value_or(storage::Person{}).pseudonym;
    }

    static TempDir* dir_;
};

TempDir* SteeringPageTest::dir_ = nullptr;

// The compute-device setting reaches the service: a device this machine lacks ends the steer with the service's
// message (which names the device), and nothing is stored.
TEST_F(SteeringPageTest, SteeringRunsOnTheComputeDeviceSetting)
{
    auto page = makePage();
    const int runsBefore = page->runs()->rowCount();
    page->setDevice(QStringLiteral("cuda:7"));
    page->setRequest(request(QStringLiteral("A14"), {}, QStringLiteral("a red circle"), 1));
    const auto [cancelled, error] = steer(*page);
    EXPECT_FALSE(cancelled);
    EXPECT_NE(error.indexOf(QStringLiteral("device 'cuda:7' is not available")), -1) << error.toStdString();
    page->reloadRuns();
    EXPECT_EQ(page->runs()->rowCount(), runsBefore);

    SteeringPage::Request refine = refinement(QStringLiteral("A14"), QStringLiteral("a red circle"), 0, 1);
    page->setRequest(refine);
    const auto [refineCancelled, refineError] = steer(*page);
    EXPECT_NE(refineError.indexOf(QStringLiteral("device 'cuda:7' is not available")), -1) << refineError.toStdString();
}

TEST_F(SteeringPageTest, ASteerShowsBothImagesAndTheCurveAndReopensIdenticallyInAFreshPage)
{
    auto page = makePage();
    ASSERT_EQ(page->generatorIds().value(0), QStringLiteral("procedural"));
    page->setRequest(request(QStringLiteral("A14"), {}, QStringLiteral("a watercolor painting of a lighthouse"), 6));
    const auto [cancelled, error] = steer(*page);
    ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_FALSE(cancelled);

    const SteeringPage::ShownRun shown = page->shownA();
    ASSERT_NE(shown.runId, 0);
    const auto stored = run(shown.runId);
    EXPECT_EQ(pseudonymOf(stored.personId), "A14");
    EXPECT_EQ(stored.prompt, "a watercolor painting of a lighthouse");
    EXPECT_EQ(stored.seed, 3);
    EXPECT_EQ(stored.status, storage::RunStatus::Finished);
    EXPECT_EQ(stored.baselineImageId.value_or(-1), shown.baselineImageId);
    EXPECT_EQ(stored.outputImageId.value_or(-1), shown.steeredImageId);

    // Both images are shown at the steered size, and the curve has the start plus one point per iteration, with the
    // stored values.
    CompareView* view = page->baselineView();
    ASSERT_TRUE(view->hasImages());
    EXPECT_EQ(view->leftImage().size(), QSize(64, 64));
    EXPECT_EQ(view->rightImage().size(), QSize(64, 64));
    const std::vector<double> trajectory = storedTrajectory(stored);
    ASSERT_EQ(trajectory.size(), 7u);
    const auto points = pointsOf(page->rewardSeries());
    ASSERT_EQ(points.size(), 7u);
    for (std::size_t i = 0; i < points.size(); ++i) {
        EXPECT_DOUBLE_EQ(points[i].x(), static_cast<double>(i));
        EXPECT_NEAR(points[i].y(), trajectory[i], 1e-12);
    }
    const double best = *std::max_element(trajectory.begin(), trajectory.end());
    EXPECT_GE(best, trajectory.front());
    EXPECT_NE(view->rightCaption().indexOf(QStringLiteral("A14")), -1) << view->rightCaption().toStdString();
    EXPECT_NE(view->rightCaption().indexOf(QString::number(best, 'f', 3)), -1) << view->rightCaption().toStdString();
    EXPECT_NE(view->leftCaption().indexOf(QString::number(trajectory.front(), 'f', 3)), -1);
    // The new run is listed first and selected.
    ASSERT_GE(page->runs()->rowCount(), 1);
    EXPECT_EQ(page->runs()->index(0).data(widgets::SteeringRunModel::RunIdRole).toLongLong(), shown.runId);
    EXPECT_EQ(page->runsView()->currentIndex().row(), 0);

    // A fresh page (as after a restart) reopens the run from the list with the same images, captions and curve.
    auto reopened = makePage();
    const int row = reopened->runs()->rowOf(shown.runId);
    ASSERT_GE(row, 0);
    QSignalSpy shownSpy(reopened.get(), &SteeringPage::runShown);
    reopened->runsView()->setCurrentIndex(reopened->runs()->index(row));
    ASSERT_EQ(shownSpy.count(), 1);
    EXPECT_EQ(shownSpy.at(0).at(0).toLongLong(), shown.runId);
    EXPECT_EQ(reopened->shownA().baselineImageId, shown.baselineImageId);
    EXPECT_EQ(reopened->shownA().steeredImageId, shown.steeredImageId);
    EXPECT_EQ(reopened->shownA().trajectory, shown.trajectory);
    EXPECT_EQ(reopened->baselineView()->leftImage(), view->leftImage());
    EXPECT_EQ(reopened->baselineView()->rightImage(), view->rightImage());
    EXPECT_EQ(reopened->baselineView()->leftCaption(), view->leftCaption());
    EXPECT_EQ(reopened->baselineView()->rightCaption(), view->rightCaption());
    EXPECT_EQ(pointsOf(reopened->rewardSeries()), points);
    // The form shows the run's settings again.
    EXPECT_EQ(reopened->request().personA, QStringLiteral("A14"));
    EXPECT_EQ(reopened->request().prompt, QStringLiteral("a watercolor painting of a lighthouse"));
    EXPECT_EQ(reopened->request().seed, 3u);
    EXPECT_EQ(reopened->request().iterations, 6);
    EXPECT_EQ(reopened->request().size, 64);
    EXPECT_DOUBLE_EQ(reopened->request().contrast, 0.0);
    saveScreenshot(*page, QStringLiteral("steering-page"));
    reopened->baselineView()->setMode(CompareView::Mode::Wipe);
    reopened->baselineView()->setWipePosition(0.4);
    saveScreenshot(*reopened, QStringLiteral("steering-page-wipe"));
}

TEST_F(SteeringPageTest, PersonAAndPersonBGetTwoSteeredImagesAndTheSheetExports)
{
    auto page = makePage();
    page->setRequest(request(QStringLiteral("A14"), QStringLiteral("A15"), QStringLiteral("a red fox in snow"), 6));
    const auto [cancelled, error] = steer(*page);
    ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_FALSE(cancelled);

    const auto a = page->shownA();
    const auto b = page->shownB();
    ASSERT_NE(a.runId, 0);
    ASSERT_NE(b.runId, 0);
    EXPECT_EQ(a.person, QStringLiteral("A14"));
    EXPECT_EQ(b.person, QStringLiteral("A15"));
    const auto storedB = run(b.runId);
    EXPECT_EQ(pseudonymOf(storedB.personId), "A15");
    EXPECT_EQ(storedB.prompt, "a red fox in snow");
    EXPECT_EQ(storedB.seed, 3);
    EXPECT_EQ(storedB.baselineImageId.value_or(-1), b.baselineImageId);
    // Two images, unless neither run improved on the shared start (then both are the unsteered image).
    const auto bestAtStart = [](const SteeringPage::ShownRun& r) {
        return std::max_element(r.trajectory.begin(), r.trajectory.end()) == r.trajectory.begin();
    };
    EXPECT_TRUE(a.steeredImageId != b.steeredImageId || (bestAtStart(a) && bestAtStart(b)));
    EXPECT_EQ(page->rewardSeriesB()->count(), 7);
    EXPECT_EQ(pointsOf(page->rewardSeriesB()).back().y(), storedTrajectory(storedB).back());
    ASSERT_TRUE(page->personView()->hasImages());
    EXPECT_EQ(page->personView()->leftImage(), page->baselineView()->rightImage());
    EXPECT_NE(page->personView()->rightCaption().indexOf(QStringLiteral("A15")), -1);

    // Reopening B's run shows it with A's as the partner.
    ASSERT_TRUE(page->openRun(b.runId));
    EXPECT_EQ(page->shownA().runId, b.runId);
    EXPECT_EQ(page->shownB().runId, a.runId);
    ASSERT_TRUE(page->openRun(a.runId));
    EXPECT_EQ(page->shownB().runId, b.runId);

    // The sheet: three 256 px panels (the 64 px images scaled to the 256 px minimum) with captions under a title.
    const QString file = qs(dir_->path() / "sheet.png");
    ASSERT_TRUE(page->exportSheet(file)) << page->statusText().toStdString();
    QImageReader reader(file);
    EXPECT_EQ(reader.format(), QByteArray("png"));
    const QImage sheet = reader.read();
    ASSERT_FALSE(sheet.isNull()) << reader.errorString().toStdString();
    EXPECT_GE(sheet.width(), 3 * 256);
    EXPECT_GT(sheet.height(), 256 + 2 * 14);
    EXPECT_EQ(sheet.pixelColor(0, 0), QColor(Qt::white));
    if (!qEnvironmentVariableIsEmpty("TASTELAB_SCREENSHOTS"))
        sheet.save(qEnvironmentVariable("TASTELAB_SCREENSHOTS") + QStringLiteral("/steering-sheet.png"));
    saveScreenshot(*page, QStringLiteral("steering-page-ab"));
}

TEST_F(SteeringPageTest, CancelStopsALongRunEarlyAndStoresItAsCancelled)
{
    auto page = makePage();
    page->setRequest(request(QStringLiteral("A13"), {}, QStringLiteral("a stone bridge over a river"), 1000));
    QSignalSpy finished(page.get(), &SteeringPage::steeringFinished);
    QSignalSpy progress(page->task(), &gui::BackgroundTask::progressChanged);
    ASSERT_TRUE(page->startSteering()) << page->statusText().toStdString();
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 3, 60000);
    auto* cancel = page->findChild<QPushButton*>(QStringLiteral("cancelButton"));
    ASSERT_TRUE(cancel && cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(finished.wait(30000) || finished.count() == 1);
    EXPECT_TRUE(finished.at(0).at(0).toBool());
    EXPECT_TRUE(finished.at(0).at(1).toString().isEmpty()) << finished.at(0).at(1).toString().toStdString();
    const int reports = static_cast<int>(progress.count());
    QTest::qWait(300);
    EXPECT_EQ(progress.count(), reports) << "progress went on after the task ended";
    EXPECT_FALSE(page->isSteering());

    const auto stored = run(page->shownA().runId);
    EXPECT_EQ(stored.status, storage::RunStatus::Cancelled);
    const auto trajectory = storedTrajectory(stored);
    EXPECT_GE(trajectory.size(), 1u);
    EXPECT_LT(trajectory.size(), 500u);
    EXPECT_TRUE(page->shownA().cancelled);
    EXPECT_EQ(page->runs()->index(page->runs()->rowOf(stored.id)).data(widgets::SteeringRunModel::CancelledRole),
        QVariant(true));
}

TEST_F(SteeringPageTest, AnIncompleteFormIsRefusedWithAReason)
{
    auto page = makePage();
    page->setRequest(request(QStringLiteral("A14"), {}, QString(), 5));
    EXPECT_FALSE(page->startSteering());
    EXPECT_FALSE(page->statusText().isEmpty());
    page->setRequest(request(QStringLiteral("A14"), QStringLiteral("A14"), QStringLiteral("a cat"), 5));
    EXPECT_FALSE(page->startSteering());
    EXPECT_FALSE(page->isSteering());
    EXPECT_FALSE(page->exportSheet(qs(dir_->path() / "nothing.png")));
    EXPECT_FALSE(std::filesystem::exists(dir_->path() / "nothing.png"));
}

// The form's checks and the options it runs are functions of the request alone, without a page or a workspace.
TEST(SteeringRequestTest, TheRequestIsCheckedAndTurnedIntoTheOptionsItRuns)
{
    SteeringPage::Request r;
    r.personA = QStringLiteral("A14");
    r.prompt = QStringLiteral("a lighthouse at dusk");
    r.seed = 7;
    r.iterations = 12;
    r.size = 128;
    r.contrast = 0.4;
    r.generator = QStringLiteral("sd-turbo");
    r.beamWidth = 2;
    r.depth = 3;
    r.candidatesPerParent = 5;
    r.device = QStringLiteral("cuda:1");
    EXPECT_EQ(SteeringPage::requestProblem(r).toStdString(), "");
    r.personB = QStringLiteral("A14");
    EXPECT_EQ(SteeringPage::requestProblem(r).toStdString(), "Choose two different people to compare.");
    r.method = SteeringPage::Method::Prompt;  // prompt refinement is for one person: B is not read
    EXPECT_EQ(SteeringPage::requestProblem(r).toStdString(), "");
    r.personB = QStringLiteral("B02");
    r.method = SteeringPage::Method::Noise;
    EXPECT_EQ(SteeringPage::requestProblem(r).toStdString(), "");
    SteeringPage::Request noPrompt = r;
    noPrompt.prompt.clear();
    EXPECT_EQ(SteeringPage::requestProblem(noPrompt).toStdString(), "Enter a prompt.");
    SteeringPage::Request nobody = noPrompt;
    nobody.personA.clear();
    EXPECT_EQ(SteeringPage::requestProblem(nobody).toStdString(), "Choose whom to steer for.");

    const QString folder = QStringLiteral("/models/sd-turbo");
    const services::SteerOptions noise = SteeringPage::steerOptions(r, folder);
    EXPECT_EQ(noise.person, "A14");
    EXPECT_EQ(noise.prompt, "a lighthouse at dusk");
    EXPECT_EQ(noise.seeds, std::vector<std::uint64_t>{7});
    EXPECT_EQ(noise.noise.iterations, 12);
    EXPECT_EQ(noise.size, 128);
    EXPECT_DOUBLE_EQ(noise.contrast, 0.4);
    EXPECT_EQ(noise.generator, "sd-turbo");
    EXPECT_EQ(noise.modelFolder, std::filesystem::path("/models/sd-turbo"));
    EXPECT_EQ(noise.device, "cuda:1");
    EXPECT_EQ(noise.cancel, nullptr);  // the task sets its own flag

    const services::PromptRefineOptions refine = SteeringPage::promptRefineOptions(r, folder);
    EXPECT_EQ(refine.person, "A14");
    EXPECT_EQ(refine.prompt, "a lighthouse at dusk");
    EXPECT_EQ(refine.seed, 7U);
    EXPECT_EQ(refine.generator, "sd-turbo");
    EXPECT_EQ(refine.modelFolder, std::filesystem::path("/models/sd-turbo"));
    EXPECT_EQ(refine.device, "cuda:1");
    EXPECT_EQ(refine.size, 128);
    EXPECT_DOUBLE_EQ(refine.contrast, 0.4);
    EXPECT_EQ(refine.beamWidth, 2);
    EXPECT_EQ(refine.depth, 3);
    EXPECT_EQ(refine.maxCandidatesPerParent, 5);
}

// Model > Steer… (Ctrl+Shift+S) opens the page for the open workspace, with its stored runs listed.
TEST_F(SteeringPageTest, TheMainWindowOpensThePageFromTheModelMenu)
{
    gui::AppSettings settings(std::make_unique<QSettings>(qs(dir_->path() / "settings.ini"), QSettings::IniFormat));
    settings.modelsFolder = qs(dir_->path() / "models");
    settings.computeDevice = QStringLiteral("cuda:9");  // the page runs on what Settings > Compute says
    widgets::MainWindow window(settings);
    QAction* steerAction = nullptr;
    for (QAction* menu : window.menuBar()->actions()) {
        for (QAction* action : menu->menu()->actions()) {
            if (action->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)) steerAction = action;
        }
    }
    ASSERT_NE(steerAction, nullptr);
    EXPECT_EQ(steerAction->text(), QStringLiteral("&Steer…"));
    EXPECT_FALSE(steerAction->isEnabled());  // no workspace yet
    EXPECT_EQ(window.showSteeringPage(), nullptr);
    ASSERT_TRUE(window.openWorkspace(qs(dir_->path() / "demo")));
    ASSERT_TRUE(steerAction->isEnabled());
    steerAction->trigger();
    auto* page = window.findChild<SteeringPage*>();
    ASSERT_NE(page, nullptr);
    EXPECT_TRUE(page->isVisibleTo(&window));
    EXPECT_EQ(page->device(), QStringLiteral("cuda:9"));
    EXPECT_EQ(page->request().device, QStringLiteral("cuda:9"));
    // The status bar says the setting cannot run here, and the tool tip says why.
    auto* computeLabel = window.findChild<QLabel*>(QStringLiteral("computeDeviceLabel"));
    ASSERT_NE(computeLabel, nullptr);
    EXPECT_EQ(computeLabel->text(), QStringLiteral("Compute: cuda:9 is not available"));
    EXPECT_NE(computeLabel->toolTip().indexOf(QStringLiteral("device 'cuda:9' is not available")), -1)
        << computeLabel->toolTip().toStdString();
    auto workspace = services::Workspace::open(dir_->path() / "demo");
    std::size_t stored = 0;
    for (const auto& person : storage::PeopleStore(workspace.database()).list())
        stored += storage::RunStore(workspace.database()).steeringRunsOf(person.id).size();
    EXPECT_EQ(page->runs()->rowCount(), static_cast<int>(stored));
}

TEST_F(SteeringPageTest, APromptRefinementFillsTheStripBestFirstAndKeepsVerdictsAndRatings)
{
    auto page = makePage();
    page->setRequest(refinement(QStringLiteral("A14"), QStringLiteral("a lighthouse at dusk"), 2, 4));
    EXPECT_EQ(page->request().method, SteeringPage::Method::Prompt);
    const auto [cancelled, error] = steer(*page);
    ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_FALSE(cancelled);

    const SteeringPage::ShownRun shown = page->shownA();
    ASSERT_NE(shown.runId, 0);
    EXPECT_EQ(shown.method, SteeringPage::Method::Prompt);
    const auto stored = run(shown.runId);
    EXPECT_EQ(stored.method, storage::SteeringMethod::Prompt);
    EXPECT_EQ(stored.status, storage::RunStatus::Finished);
    auto workspace = services::Workspace::open(dir_->path() / "demo");
    const services::PromptRefineReport report = services::reopenPromptRefinement(workspace, shown.runId);

    // Every scored candidate has a card, the best first, then by the search's score; the original is marked once.
    PromptStrip* strip = page->promptStrip();
    ASSERT_TRUE(strip->isVisible());
    const auto& candidates = strip->candidates();
    ASSERT_EQ(candidates.size(), report.evaluated.size());
    ASSERT_GE(candidates.size(), 3u);
    EXPECT_LE(candidates.size(), std::size_t{1 + 2 * 2 * 4});
    EXPECT_EQ(candidates.front().imageId, report.best.imageId);
    EXPECT_TRUE(candidates.front().best);
    for (std::size_t i = 1; i < candidates.size(); ++i) {
        EXPECT_GE(candidates[i - 1].objective, candidates[i].objective) << "card " << i;
        EXPECT_FALSE(candidates[i].best);
    }
    EXPECT_EQ(std::count_if(candidates.begin(), candidates.end(), [](const auto& c) { return c.original; }), 1);
    for (const auto& c : candidates) {
        EXPECT_EQ(c.original, c.imageId == report.original.imageId);
        EXPECT_EQ(c.edits.isEmpty(), c.original) << c.prompt.toStdString();
        EXPECT_EQ(c.preview.size(), QSize(64, 64));
    }
    auto* mark = strip->cardOf(report.best.imageId)->findChild<QLabel*>(QStringLiteral("markLabel"));
    ASSERT_NE(mark, nullptr);
    EXPECT_NE(mark->text().indexOf(QStringLiteral("Best")), -1);
    // The comparison shows the original against the best; the list marks the run as a prompt refinement.
    ASSERT_TRUE(page->baselineView()->hasImages());
    EXPECT_EQ(shown.baselineImageId, report.original.imageId);
    EXPECT_EQ(shown.steeredImageId, report.best.imageId);
    EXPECT_EQ(page->baselineView()->rightImage(), candidates.front().preview);
    EXPECT_NE(page->baselineView()->rightCaption().indexOf(QString::fromStdString(report.best.prompt)), -1);
    const int row = page->runs()->rowOf(shown.runId);
    ASSERT_GE(row, 0);
    EXPECT_TRUE(page->runs()->index(row).data(widgets::SteeringRunModel::PromptRefinementRole).toBool());
    EXPECT_NE(page->runs()->index(row).data().toString().indexOf(QStringLiteral("Prompt")), -1);

    // Accept on one card, reject on another: both in the database; a later verdict replaces the earlier one.
    const qint64 first = candidates.at(1).imageId;
    const qint64 second = candidates.at(2).imageId;
    QSignalSpy verdicts(strip, &PromptStrip::verdictGiven);
    QTest::mouseClick(cardButton(*strip, first, "acceptButton"), Qt::LeftButton);
    QTest::mouseClick(cardButton(*strip, second, "acceptButton"), Qt::LeftButton);
    QTest::mouseClick(cardButton(*strip, second, "rejectButton"), Qt::LeftButton);
    EXPECT_EQ(verdicts.count(), 3);
    EXPECT_EQ(strip->verdictOf(first), PromptStrip::Verdict::Accepted);
    EXPECT_EQ(strip->verdictOf(second), PromptStrip::Verdict::Rejected);
    auto kept = services::verdictsOf(workspace, shown.runId);
    std::sort(kept.begin(), kept.end());
    std::vector<std::pair<std::int64_t, bool>> expected{{first, true}, {second, false}};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(kept, expected);
    // The accepted candidate offers its prompt for the next run; the rejected one does not.
    QPushButton* use = cardButton(*strip, first, "useButton");
    ASSERT_TRUE(use && use->isVisible());
    EXPECT_FALSE(cardButton(*strip, second, "useButton")->isVisible());
    QTest::mouseClick(use, Qt::LeftButton);
    EXPECT_EQ(page->request().prompt, candidates.at(1).prompt);

    // A rating through the card becomes the person's slider answer for the image.
    const qint64 rated = candidates.front().imageId;
    QSignalSpy ratings(strip, &PromptStrip::rated);
    QTest::mouseClick(cardButton(*strip, rated, "rateButton"), Qt::LeftButton);
    auto* slider = strip->cardOf(rated)->findChild<widgets::RatingSlider*>();
    ASSERT_TRUE(slider && slider->isVisible());
    QPushButton* save = cardButton(*strip, rated, "saveButton");
    EXPECT_FALSE(save->isEnabled());  // the slider has not been moved
    slider->jumpToAnchor(3);
    ASSERT_TRUE(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    ASSERT_EQ(ratings.count(), 1);
    const qint64 answerId = ratings.at(0).at(2).toLongLong();
    EXPECT_NE(answerId, 0);
    EXPECT_DOUBLE_EQ(ratings.at(0).at(1).toDouble(), 0.75);
    const auto person = storage::PeopleStore(workspace.database()).findByPseudonym("A14");
    ASSERT_TRUE(person);
    const auto answers = storage::AnswerStore(workspace.database()).ratingsOf(person->id);
    const auto answer = std::find_if(answers.begin(), answers.end(), [&](const auto& a) { return a.id == answerId; });
    ASSERT_NE(answer, answers.end());
    EXPECT_EQ(answer->imageId, rated);
    EXPECT_DOUBLE_EQ(answer->value, 0.75);
    saveScreenshot(*page, QStringLiteral("steering-page-prompt"));

    // A fresh page reopens the run from the list with the same candidates, in order, and their verdicts.
    auto reopened = makePage();
    const int reopenedRow = reopened->runs()->rowOf(shown.runId);
    ASSERT_GE(reopenedRow, 0);
    reopened->runsView()->setCurrentIndex(reopened->runs()->index(reopenedRow));
    ASSERT_EQ(reopened->shownA().runId, shown.runId);
    EXPECT_EQ(reopened->request().method, SteeringPage::Method::Prompt);
    EXPECT_EQ(reopened->request().depth, 2);
    EXPECT_EQ(reopened->request().candidatesPerParent, 4);
    PromptStrip* again = reopened->promptStrip();
    EXPECT_TRUE(again->isVisible());
    ASSERT_EQ(again->count(), strip->count());
    for (int i = 0; i < again->count(); ++i) {
        const auto& a = again->candidates()[static_cast<std::size_t>(i)];
        const auto& b = candidates[static_cast<std::size_t>(i)];
        EXPECT_EQ(a.imageId, b.imageId);
        EXPECT_EQ(a.prompt, b.prompt);
        EXPECT_EQ(a.edits, b.edits);
        EXPECT_DOUBLE_EQ(a.predicted, b.predicted);
        EXPECT_EQ(again->verdictOf(a.imageId), strip->verdictOf(b.imageId));
    }
    EXPECT_EQ(again->verdictOf(first), PromptStrip::Verdict::Accepted);
    EXPECT_EQ(again->verdictOf(second), PromptStrip::Verdict::Rejected);
    EXPECT_EQ(reopened->baselineView()->rightCaption(), page->baselineView()->rightCaption());

    // A noise run afterwards hides the strip again, and the prompt run with the same prompt and seed is not shown as
    // its person-B partner (partners share the method).
    reopened->setRequest(request(QStringLiteral("A15"), {}, QStringLiteral("a lighthouse at dusk"), 2));
    const auto [noiseCancelled, noiseError] = steer(*reopened);
    ASSERT_TRUE(noiseError.isEmpty()) << noiseError.toStdString();
    EXPECT_EQ(reopened->shownA().method, SteeringPage::Method::Noise);
    EXPECT_FALSE(again->isVisible());
    EXPECT_EQ(reopened->shownB().runId, 0);
}

TEST_F(SteeringPageTest, CancelStopsAPromptRefinementEarly)
{
    auto page = makePage();
    page->setRequest(refinement(QStringLiteral("A13"), QStringLiteral("a stone bridge over a river"), 6, 16));
    const int total = 1 + 6 * 2 * 16;
    QSignalSpy finished(page.get(), &SteeringPage::steeringFinished);
    QSignalSpy progress(page->task(), &gui::BackgroundTask::progressChanged);
    ASSERT_TRUE(page->startSteering()) << page->statusText().toStdString();
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 60000);
    auto* cancel = page->findChild<QPushButton*>(QStringLiteral("cancelButton"));
    ASSERT_TRUE(cancel && cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(finished.wait(30000) || finished.count() == 1);
    EXPECT_TRUE(finished.at(0).at(0).toBool());
    EXPECT_TRUE(finished.at(0).at(1).toString().isEmpty()) << finished.at(0).at(1).toString().toStdString();
    const int reports = static_cast<int>(progress.count());
    QTest::qWait(300);
    EXPECT_EQ(progress.count(), reports) << "progress went on after the task ended";
    EXPECT_LT(progress.last().at(0).toLongLong(), total);

    // The service keeps what it scored as a cancelled run, and the strip shows exactly that.
    ASSERT_NE(page->shownA().runId, 0);
    const auto stored = run(page->shownA().runId);
    EXPECT_EQ(stored.method, storage::SteeringMethod::Prompt);
    EXPECT_EQ(stored.status, storage::RunStatus::Cancelled);
    EXPECT_TRUE(page->shownA().cancelled);
    auto workspace = services::Workspace::open(dir_->path() / "demo");
    const auto report = services::reopenPromptRefinement(workspace, stored.id);
    EXPECT_TRUE(report.cancelled);
    EXPECT_GE(page->promptStrip()->count(), 1);
    EXPECT_LT(page->promptStrip()->count(), total);
    EXPECT_EQ(page->promptStrip()->count(), static_cast<int>(report.evaluated.size()));
    EXPECT_EQ(page->promptStrip()->candidates().front().imageId, report.best.imageId);
}

QImage solid(QSize size, Qt::GlobalColor color)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(color);
    return image;
}

TEST(CompareViewTest, TheWipeMovesWithTheArrowKeysAndShowsTheLeftImageLeftOfTheLine)
{
    CompareView view;
    view.setImages(
        solid({100, 100}, Qt::red), QStringLiteral("left"), solid({100, 100}, Qt::blue), QStringLiteral("right"));
    view.resize(400, 300);
    view.show();
    view.setFocus();
    // Side by side, the arrow keys leave the wipe alone.
    QTest::keyClick(&view, Qt::Key_Right);
    EXPECT_DOUBLE_EQ(view.wipePosition(), 0.5);
    view.setMode(CompareView::Mode::Wipe);
    QSignalSpy moved(&view, &CompareView::wipePositionChanged);
    QTest::keyClick(&view, Qt::Key_Right);
    EXPECT_NEAR(view.wipePosition(), 0.55, 1e-12);
    QTest::keyClick(&view, Qt::Key_Left);
    QTest::keyClick(&view, Qt::Key_Left);
    EXPECT_NEAR(view.wipePosition(), 0.45, 1e-12);
    QTest::keyClick(&view, Qt::Key_Left, Qt::ShiftModifier);
    EXPECT_NEAR(view.wipePosition(), 0.44, 1e-12);
    EXPECT_EQ(moved.count(), 4);
    QTest::keyClick(&view, Qt::Key_End);
    EXPECT_DOUBLE_EQ(view.wipePosition(), 1.0);
    QTest::keyClick(&view, Qt::Key_Right);  // stays at the end
    EXPECT_DOUBLE_EQ(view.wipePosition(), 1.0);

    // The square image is centered: left of the line it is red, right of it blue.
    view.setWipePosition(0.5);
    const QImage shot = view.grab().toImage();
    const int midY = shot.height() / 2 - 20;  // above the captions' share of the height
    const int midX = shot.width() / 2;
    EXPECT_EQ(shot.pixelColor(midX - 30, midY), QColor(Qt::red));
    EXPECT_EQ(shot.pixelColor(midX + 30, midY), QColor(Qt::blue));
    QTest::keyClick(&view, Qt::Key_Home);
    EXPECT_DOUBLE_EQ(view.wipePosition(), 0.0);
    const QImage right = view.grab().toImage();
    EXPECT_EQ(right.pixelColor(midX - 30, midY), QColor(Qt::blue));

    // Dragging with the mouse puts the line where the pointer is.
    QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(midX, midY));
    EXPECT_NEAR(view.wipePosition(), 0.5, 0.02);
}

TEST(CompareViewTest, TheComparisonSheetLaysPanelsInARowAtTheTallestHeightWithCaptions)
{
    const QImage sheet = CompareView::comparisonSheet({{solid({200, 150}, Qt::red), QStringLiteral("first")},
                                                          {solid({150, 300}, Qt::blue), QStringLiteral("second")}},
        QStringLiteral("Title"));
    ASSERT_FALSE(sheet.isNull());
    // Heights 300: the first panel becomes 400 x 300, the second stays 150 x 300.
    EXPECT_GE(sheet.width(), 400 + 150);
    EXPECT_GE(sheet.height(), 300);
    EXPECT_EQ(sheet.pixelColor(0, 0), QColor(Qt::white));
    int redColumns = 0, blueColumns = 0, darkCaptionPixels = 0;
    int panelBottom = 0;
    for (int x = 0; x < sheet.width(); ++x) {
        bool red = false, blue = false;
        for (int y = 0; y < sheet.height(); ++y) {
            const QColor c = sheet.pixelColor(x, y);
            if (c == QColor(Qt::red)) {
                red = true;
                panelBottom = std::max(panelBottom, y);
            }
            blue |= c == QColor(Qt::blue);
        }
        redColumns += red;
        blueColumns += blue;
    }
    for (int y = panelBottom + 1; y < sheet.height(); ++y) {
        for (int x = 0; x < sheet.width(); ++x) darkCaptionPixels += sheet.pixelColor(x, y).lightness() < 128;
    }
    EXPECT_NEAR(redColumns, 400, 2);
    EXPECT_NEAR(blueColumns, 150, 2);
    EXPECT_GT(darkCaptionPixels, 0) << "no caption under the panels";
}

}  // namespace

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}

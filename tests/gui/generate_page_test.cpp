// The Generate page on a real workspace, offscreen: jobs queued from the form run one at a time off the GUI thread,
// their images enter the library and the gallery, a cancel stops a long batch early, settings come back from PNGs
// (opened or dropped) and from gallery images, and a missing SD-Turbo is explained with the folders searched.
#include "app/gui/app_settings.h"
#include "app/services/generation.h"
#include "app/services/workspace.h"
#include "model/diffusion/flux.h"
#include "model/diffusion/sd_turbo.h"
#include "model/io/image_io.h"
#include "storage/images.h"
#include "storage/people.h"
#include "tests/support/demo_support.h"
#include "tests/support/gui_fixtures.h"
#include "tests/support/tiny_flux.h"
#include "tests/support/tiny_sd_turbo.h"
#include "util/json.h"
#include "widgets/generate_page.h"
#include "widgets/library_model.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QUrl>

#include <gmock/gmock.h>

using namespace tastelab;
using tastelab::testing::saveScreenshot;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;
using State = widgets::GenerationQueueModel::State;

namespace {

const QSize kScreenshotSize(1280, 800);

class GeneratePageTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::create(dir_ / "ws", "Generate test"));
        std::filesystem::create_directories(dir_ / "models");
        std::filesystem::create_directories(dir_ / "hub");
    }

    QString path(const std::string& name) const { return QString::fromStdString((dir_ / name).string()); }
    std::unique_ptr<widgets::GeneratePage> makePage()
    {
        return std::make_unique<widgets::GeneratePage>(path("ws"), path("models"), path("hub"), QStringLiteral("cpu"));
    }
    template <typename T>
    T* child(QWidget& parent, const char* name)
    {
        T* widget = parent.findChild<T*>(QLatin1String(name));
        EXPECT_NE(widget, nullptr) << "no child named " << name;
        return widget;
    }
    // Types the form as a person would.
    void fill(widgets::GeneratePage& page, const QString& prompt, const QString& seed, int size, int batch)
    {
        auto* promptEdit = child<QPlainTextEdit>(page, "prompt");
        auto* seedEdit = child<QLineEdit>(page, "seed");
        promptEdit->clear();
        QTest::keyClicks(promptEdit, prompt);
        seedEdit->clear();
        QTest::keyClicks(seedEdit, seed);
        child<QSpinBox>(page, "size")->setValue(size);
        child<QSpinBox>(page, "batch")->setValue(batch);
    }
    std::int64_t imageCount() { return storage::ImageStore(workspace_->database()).count(); }

    TempDir dir_;
    std::unique_ptr<services::Workspace> workspace_;
};

}  // namespace

TEST_F(GeneratePageTest, QueuedJobsRunInOrderAndTheirImagesEnterTheLibraryAndTheGallery)
{
    auto page = makePage();
    QSignalSpy finished(page.get(), &widgets::GeneratePage::jobFinished);
    QSignalSpy stored(page.get(), &widgets::GeneratePage::imageStored);

    fill(*page, QStringLiteral("a red fox in the snow"), QStringLiteral("11"), 64, 2);
    QTest::mouseClick(child<QPushButton>(*page, "addToQueue"), Qt::LeftButton);
    EXPECT_TRUE(page->isRunning());
    fill(*page, QStringLiteral("a blue lighthouse"), QStringLiteral("20"), 128, 1);
    QTest::mouseClick(child<QPushButton>(*page, "addToQueue"), Qt::LeftButton);
    // "Generate" runs its settings before the jobs already waiting.
    fill(*page, QStringLiteral("a green meadow"), QStringLiteral("30"), 64, 1);
    QTest::mouseClick(child<QPushButton>(*page, "generate"), Qt::LeftButton);
    widgets::GenerationQueueModel* queue = page->queueModel();
    ASSERT_EQ(queue->rowCount(), 3);
    EXPECT_EQ(queue->job(0).state, State::Running);
    EXPECT_EQ(queue->job(1).settings.prompt, "a green meadow");
    EXPECT_EQ(queue->job(2).settings.prompt, "a blue lighthouse");

    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 3; }, 20000)) << page->statusText().toStdString();
    EXPECT_EQ(finished.at(0).at(0).toInt(), 1);
    EXPECT_EQ(finished.at(1).at(0).toInt(), 3);
    EXPECT_EQ(finished.at(2).at(0).toInt(), 2);
    for (int row = 0; row < 3; ++row) EXPECT_EQ(queue->job(row).state, State::Done) << row;
    EXPECT_EQ(queue->job(0).imagesMade, 2);
    EXPECT_EQ(stored.count(), 4);
    EXPECT_THAT(page->statusText().toStdString(), HasSubstr("ready to rate"));
    EXPECT_EQ(page->progressText(), QStringLiteral("Done"));

    // In the library (what the Library page lists) with their seeds, and in the gallery newest first.
    EXPECT_EQ(imageCount(), 4);
    widgets::LibraryModel library(path("ws"));
    EXPECT_EQ(library.rowCount(), 4);
    std::vector<std::int64_t> seeds;
    for (const auto& record : storage::ImageStore(workspace_->database()).list()) {
        EXPECT_EQ(record.origin, storage::ImageOrigin::Generated);
        seeds.push_back(record.seed.value_or(-1));
    }
    EXPECT_EQ(seeds, (std::vector<std::int64_t>{11, 12, 30, 20}));
    QAbstractItemModel* gallery = page->galleryModel();
    ASSERT_EQ(gallery->rowCount(), 4);
    EXPECT_EQ(gallery->index(0, 0).data(widgets::LibraryModel::ImageIdRole).toLongLong(), 4);
    EXPECT_EQ(gallery->index(3, 0).data(widgets::LibraryModel::ImageIdRole).toLongLong(), 1);
    EXPECT_EQ(gallery->index(0, 0).data(widgets::LibraryModel::SizeRole).toSize(), QSize(128, 128));
    // Thumbnails arrive from the thread pool.
    for (int row = 0; row < 4; ++row) gallery->index(row, 0).data(Qt::DecorationRole);
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return gallery->index(3, 0).data(widgets::LibraryModel::ThumbnailReadyRole).toBool(); }, 5000));
    saveScreenshot(*page, QStringLiteral("generate-page"), kScreenshotSize);
}

TEST_F(GeneratePageTest, CancelStopsALongBatchEarlyAndPendingJobsCanBeRemoved)
{
    auto page = makePage();
    QSignalSpy finished(page.get(), &widgets::GeneratePage::jobFinished);
    fill(*page, QStringLiteral("a storm over the sea"), QStringLiteral("5"), 512, 64);
    ASSERT_GT(page->addToQueue(), 0);
    fill(*page, QStringLiteral("waiting"), QStringLiteral("6"), 64, 1);
    ASSERT_GT(page->addToQueue(), 0);
    ASSERT_EQ(page->queueModel()->rowCount(), 2);
    auto* queueView = child<QListView>(*page, "queue");
    auto* remove = child<QPushButton>(*page, "removeJob");
    queueView->setCurrentIndex(page->queueModel()->index(0, 0));
    EXPECT_FALSE(remove->isEnabled());  // the running job is not removed, it is cancelled
    queueView->setCurrentIndex(page->queueModel()->index(1, 0));
    ASSERT_TRUE(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    EXPECT_EQ(page->queueModel()->rowCount(), 1);

    QSignalSpy stored(page.get(), &widgets::GeneratePage::imageStored);
    ASSERT_TRUE(QTest::qWaitFor([&] { return stored.count() >= 1; }, 20000));
    // The gallery grows while the batch runs; the image selected in it stays selected.
    auto* galleryView = child<QListView>(*page, "gallery");
    galleryView->setCurrentIndex(page->galleryModel()->index(0, 0));
    const qint64 selected = galleryView->currentIndex().data(widgets::LibraryModel::ImageIdRole).toLongLong();
    ASSERT_TRUE(QTest::qWaitFor([&] { return stored.count() >= 2; }, 20000));
    EXPECT_GE(page->galleryModel()->rowCount(), 2);
    EXPECT_EQ(galleryView->currentIndex().data(widgets::LibraryModel::ImageIdRole).toLongLong(), selected);
    EXPECT_TRUE(child<QPushButton>(*page, "useSettings")->isEnabled());
    auto* cancel = child<QPushButton>(*page, "cancel");
    ASSERT_TRUE(cancel->isEnabled());
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, 10000));
    EXPECT_LT(clock.elapsed(), 5000);
    EXPECT_EQ(finished.at(0).at(1).value<State>(), State::Cancelled);
    const int made = finished.at(0).at(2).toInt();
    EXPECT_GE(made, 2);
    EXPECT_LT(made, 64);
    EXPECT_EQ(imageCount(), made);
    EXPECT_EQ(page->queueModel()->job(0).state, State::Cancelled);
    EXPECT_EQ(page->progressText(), QStringLiteral("Cancelled"));
    EXPECT_FALSE(page->isRunning());
    EXPECT_FALSE(cancel->isEnabled());
}

TEST_F(GeneratePageTest, SettingsComeBackFromAPngOpenedOrDroppedAndFromAGalleryImage)
{
    services::GenerationSettings saved;
    saved.prompt = "ein Fuchs im Schnee, Ölgemälde";
    saved.negativePrompt = "blurry";
    saved.seed = 987654321012ULL;
    saved.size = 256;
    saved.batch = 1;
    const auto png = dir_ / "fox.png";
    model::RgbImage image{8, 8, std::vector<std::uint8_t>(8 * 8 * 3, 120)};
    tastelab::testing::writeBytes(png, model::encodePng(image, services::generationTextChunks(saved, "")));

    auto page = makePage();
    ASSERT_TRUE(page->restoreFromPng(QString::fromStdString(png.string()))) << page->statusText().toStdString();
    EXPECT_EQ(child<QPlainTextEdit>(*page, "prompt")->toPlainText(), QStringLiteral("ein Fuchs im Schnee, Ölgemälde"));
    EXPECT_EQ(child<QLineEdit>(*page, "negativePrompt")->text(), QStringLiteral("blurry"));
    EXPECT_EQ(child<QLineEdit>(*page, "seed")->text(), QStringLiteral("987654321012"));
    EXPECT_EQ(child<QSpinBox>(*page, "size")->value(), 256);
    services::GenerationSettings expected = saved;
    expected.device = "cpu";
    EXPECT_EQ(page->formSettings(), expected);

    // A PNG without settings says so; dropping a PNG with settings fills the form.
    const auto plain = dir_ / "plain.png";
    tastelab::testing::writeBytes(plain, model::encodePng(image));
    EXPECT_FALSE(page->restoreFromPng(QString::fromStdString(plain.string())));
    EXPECT_THAT(page->statusText().toStdString(), HasSubstr("plain.png carries no generation settings"));
    child<QPlainTextEdit>(*page, "prompt")->clear();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(png.string()))});
    page->resize(1000, 700);
    page->show();
    const QPoint centre = page->rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(page.get(), &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(page.get(), &drop);
    EXPECT_TRUE(drop.isAccepted());
    EXPECT_EQ(child<QPlainTextEdit>(*page, "prompt")->toPlainText(), QStringLiteral("ein Fuchs im Schnee, Ölgemälde"));

    // A gallery image: the large view's "Use These Settings" puts its own seed back.
    services::GenerationSettings made;
    made.prompt = "a quiet harbour";
    made.seed = 77;
    made.size = 64;
    made.batch = 2;
    const auto result = services::generateImages(*workspace_, made);
    ASSERT_EQ(result.images.size(), 2u);
    auto fresh = makePage();
    ASSERT_EQ(fresh->galleryModel()->rowCount(), 2);
    QDialog* view = fresh->openImage(result.images[1].imageId);
    ASSERT_NE(view, nullptr);
    auto* use = view->findChild<QPushButton*>(QStringLiteral("useSettings"));
    ASSERT_NE(use, nullptr);
    QTest::mouseClick(use, Qt::LeftButton);
    EXPECT_EQ(child<QPlainTextEdit>(*fresh, "prompt")->toPlainText(), QStringLiteral("a quiet harbour"));
    EXPECT_EQ(child<QLineEdit>(*fresh, "seed")->text(), QStringLiteral("78"));
    EXPECT_EQ(child<QSpinBox>(*fresh, "batch")->value(), 1);
    EXPECT_EQ(fresh->openImage(999), nullptr);
}

// "For me": best of N for a person with answers renders N candidates in the page's background task and keeps the K
// their taste model scores highest plus the most uncertain one, shown and stored best first with their scores.
TEST_F(GeneratePageTest, BestOfNForAPersonKeepsTheBestPredictedAndOneToExplore)
{
    services::DemoOptions demo = tastelab::testing::smallDemoOptions();
    demo.images = 30;
    demo.prompts = 3;
    demo.agents = 4;
    demo.heldOut = 1;
    demo.coreItems = 6;
    demo.ratingsPerAgent = 20;
    demo.ratingsPerNewPerson = 10;
    demo.repeatsPerAgent = 2;
    demo.comparisonsPerAgent = 2;
    services::buildDemoWorkspace(dir_ / "demo", demo);
    widgets::GeneratePage page(path("demo"), path("models"), path("hub"), QStringLiteral("cpu"));
    QSignalSpy finished(&page, &widgets::GeneratePage::jobFinished);
    QComboBox* people = page.bestOfPersonBox();
    ASSERT_EQ(people->count(), 4) << "the demo's raters, who have answers";
    const QString person = people->itemText(1);

    fill(page, QStringLiteral("a warm smooth garden"), QStringLiteral("50"), 64, 1);
    page.bestOfBox()->setChecked(true);
    EXPECT_FALSE(child<QSpinBox>(page, "batch")->isEnabled()) << "N takes the batch's place";
    page.bestOfCountBox()->setValue(6);
    page.bestOfKeepBox()->setValue(2);
    people->setCurrentIndex(1);
    const std::int64_t before = [&] {
        auto workspace = services::Workspace::open(dir_ / "demo");
        return storage::ImageStore(workspace.database()).count();
    }();
    QTest::mouseClick(child<QPushButton>(page, "generate"), Qt::LeftButton);
    ASSERT_TRUE(page.isRunning()) << page.statusText().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, 60000)) << page.statusText().toStdString();
    EXPECT_EQ(finished.at(0).at(1).value<State>(), State::Done) << page.statusText().toStdString();
    EXPECT_EQ(finished.at(0).at(2).toInt(), 3);
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("of 6 for " + person.toStdString()));

    // Shown: the two best-predicted in descending order, then the exploratory one, each labelled with its score.
    QListWidget* kept = page.bestOfResults();
    ASSERT_EQ(kept->count(), 3);
    EXPECT_TRUE(kept->isVisibleTo(&page));
    std::vector<std::int64_t> ids;
    for (int row = 0; row < 3; ++row) {
        const QListWidgetItem* item = kept->item(row);
        const double predicted = item->data(widgets::GeneratePage::PredictedRole).toDouble();
        EXPECT_THAT(item->text().toStdString(), HasSubstr(QString::number(predicted, 'f', 2).toStdString()));
        EXPECT_EQ(item->data(widgets::GeneratePage::ExploratoryRole).toBool(), row == 2) << row;
        EXPECT_EQ(item->text().contains(QStringLiteral("explore")), row == 2) << item->text().toStdString();
        EXPECT_FALSE(item->icon().isNull());
        ids.push_back(item->data(widgets::GeneratePage::ImageIdRole).toLongLong());
    }
    EXPECT_GE(kept->item(0)->data(widgets::GeneratePage::PredictedRole).toDouble(),
        kept->item(1)->data(widgets::GeneratePage::PredictedRole).toDouble());
    EXPECT_GE(kept->item(1)->data(widgets::GeneratePage::PredictedRole).toDouble(),
        kept->item(2)->data(widgets::GeneratePage::PredictedRole).toDouble())
        << "the exploratory pick is never better than a kept one";

    // Stored: exactly the three shown, with the person's taste mark in descending predicted order.
    auto workspace = services::Workspace::open(dir_ / "demo");
    storage::ImageStore images(workspace.database());
    EXPECT_EQ(images.count(), before + 3) << "the discarded candidates never enter the library";
    double previous = 2.0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto record = images.findById(ids[i]);
        ASSERT_TRUE(record) << ids[i];
        const auto parameters = util::parseJson(record->parameters, "parameters");
        const util::JsonValue* taste = parameters.find("taste");
        ASSERT_NE(taste, nullptr) << record->parameters;
        EXPECT_EQ(taste->find("person")->asString(), person.toStdString());
        EXPECT_EQ(taste->find("rank")->asInt(), std::int64_t(i + 1));
        EXPECT_EQ(taste->find("candidates")->asInt(), 6);
        EXPECT_EQ(taste->find("exploratory")->asBool(), i == 2);
        const double predicted = taste->find("predicted")->asDouble();
        EXPECT_DOUBLE_EQ(predicted, kept->item(int(i))->data(widgets::GeneratePage::PredictedRole).toDouble());
        EXPECT_LE(predicted, previous);
        previous = predicted;
        EXPECT_GE(record->seed.value_or(-1), 50);
        EXPECT_LT(record->seed.value_or(-1), 56);
    }
    saveScreenshot(page, QStringLiteral("generate-page-best-of-n"), kScreenshotSize);
}

TEST_F(GeneratePageTest, AMissingSdTurboIsExplainedWithTheFoldersSearched)
{
    auto page = makePage();
    auto* generator = child<QComboBox>(*page, "generator");
    ASSERT_EQ(generator->count(), 1);
    EXPECT_EQ(generator->currentText(), QStringLiteral("Procedural (built in)"));
    auto* note = child<QLabel>(*page, "modelNote");
    EXPECT_FALSE(note->isHidden());
    const std::string text = page->modelNote().toStdString();
    EXPECT_THAT(text, HasSubstr(QDir::toNativeSeparators(path("models")).toStdString()));
    EXPECT_THAT(text, HasSubstr(QDir::toNativeSeparators(path("hub")).toStdString()));
    EXPECT_THAT(text, HasSubstr("stabilityai/sd-turbo"));
    EXPECT_THAT(text, HasSubstr("Settings"));
    EXPECT_FALSE(child<QSpinBox>(*page, "steps")->isEnabled());
    EXPECT_EQ(child<QSpinBox>(*page, "size")->maximum(), 512);
    saveScreenshot(*page, QStringLiteral("generate-page-no-sd-turbo"), kScreenshotSize);

    // An invalid form is refused with the reason.
    child<QPlainTextEdit>(*page, "prompt")->clear();
    EXPECT_EQ(page->addToQueue(), 0);
    EXPECT_THAT(page->statusText().toStdString(), HasSubstr("the prompt is empty"));
}

// What the form allows follows from the generator's id alone, without a page.
TEST(GeneratePageFormTest, TheFormStateFollowsTheChosenGenerator)
{
    using widgets::GeneratePage;
    const GeneratePage::FormState procedural = GeneratePage::formStateFor("procedural");
    EXPECT_FALSE(procedural.stepsEnabled);
    EXPECT_FALSE(procedural.guidanceEnabled);
    EXPECT_EQ(procedural.stepsWhenChosen, 0);
    EXPECT_EQ(procedural.maxSize, 512);
    EXPECT_EQ(procedural.sizeStep, 64);

    const GeneratePage::FormState sdTurbo = GeneratePage::formStateFor("sd-turbo");
    EXPECT_TRUE(sdTurbo.stepsEnabled);
    EXPECT_TRUE(sdTurbo.guidanceEnabled);
    EXPECT_EQ(sdTurbo.stepsWhenChosen, 0);  // the person's steps stay
    EXPECT_EQ(sdTurbo.maxSize, 1024);
    EXPECT_EQ(sdTurbo.sizeStep, 8);

    // FLUX.1-schnell is distilled for four steps without guidance, on 16-pixel patches.
    const GeneratePage::FormState flux = GeneratePage::formStateFor("flux-schnell");
    EXPECT_TRUE(flux.stepsEnabled);
    EXPECT_FALSE(flux.guidanceEnabled);
    EXPECT_EQ(flux.stepsWhenChosen, 4);
    EXPECT_EQ(flux.maxSize, 1024);
    EXPECT_EQ(flux.sizeStep, 16);
}

TEST_F(GeneratePageTest, AnSdTurboInTheModelsFolderBecomesTheDefaultAndRunsStepByStep)
{
    try {
        tastelab::testing::writeTinySdTurboFolder(dir_ / "models" / "sd-turbo-tiny", 3);
    } catch (const std::exception& e) {
        GTEST_SKIP() << "SdTurboPipeline cannot write its tiny folder yet (" << e.what() << ")";
    }
    auto page = makePage();
    auto* generator = child<QComboBox>(*page, "generator");
    ASSERT_EQ(generator->count(), 2);
    EXPECT_THAT(generator->currentText().toStdString(), HasSubstr("SD-Turbo"));
    EXPECT_TRUE(page->modelNote().isEmpty());
    EXPECT_TRUE(child<QLabel>(*page, "modelNote")->isHidden());
    EXPECT_TRUE(child<QSpinBox>(*page, "steps")->isEnabled());

    fill(*page, QStringLiteral("a lighthouse at dusk"), QStringLiteral("3"), 64, 2);
    child<QSpinBox>(*page, "steps")->setValue(2);
    QStringList progressTexts;
    auto* progressLabel = child<QLabel>(*page, "progressText");
    QSignalSpy finished(page.get(), &widgets::GeneratePage::jobFinished);
    QObject::connect(
        page.get(), &widgets::GeneratePage::imageStored, page.get(), [&] { progressTexts << progressLabel->text(); });
    ASSERT_GT(page->addToQueue(), 0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, 30000)) << page->statusText().toStdString();
    EXPECT_EQ(finished.at(0).at(1).value<State>(), State::Done) << page->statusText().toStdString();
    ASSERT_EQ(progressTexts.size(), 2);
    EXPECT_THAT(progressTexts.at(0).toStdString(), HasSubstr("Image 1 of 2, step 2 of 2"));
    const auto records = storage::ImageStore(workspace_->database()).list();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].generator.value_or(""), "sd-turbo");
    EXPECT_EQ(records[1].seed.value_or(-1), 4);
    services::releaseCachedPipelines();
}

// FLUX.1-schnell in the models folder: listed after the procedural generator with its folder, four steps when chosen,
// no guidance (schnell is guidance-distilled), sizes in steps of 16, and its images made with four steps.
TEST_F(GeneratePageTest, AFluxSchnellInTheModelsFolderIsListedAndTakesFourSteps)
{
    tastelab::testing::writeTinyFluxFolder(dir_ / "models" / "FLUX.1-schnell", 3);
    auto page = makePage();
    auto* generator = child<QComboBox>(*page, "generator");
    int flux = -1;
    for (int i = 0; i < generator->count(); ++i) {
        if (generator->itemText(i).contains(QStringLiteral("FLUX.1-schnell"))) flux = i;
    }
    ASSERT_GE(flux, 0) << "the generators listed: " << generator->count();
    generator->setCurrentIndex(flux);
    EXPECT_EQ(page->formSettings().generator, "flux-schnell");
    EXPECT_EQ(child<QSpinBox>(*page, "steps")->value(), 4);
    EXPECT_FALSE(child<QDoubleSpinBox>(*page, "guidance")->isEnabled());
    EXPECT_EQ(child<QSpinBox>(*page, "size")->singleStep(), 16);

    fill(*page, QStringLiteral("a lighthouse at dusk"), QStringLiteral("7"), 64, 1);
    QSignalSpy finished(page.get(), &widgets::GeneratePage::jobFinished);
    ASSERT_GT(page->addToQueue(), 0) << page->statusText().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, 30000)) << page->statusText().toStdString();
    EXPECT_EQ(finished.at(0).at(1).value<State>(), State::Done) << page->statusText().toStdString();
    const auto records = storage::ImageStore(workspace_->database()).list();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].generator.value_or(""), "flux-schnell");
    const auto restored = services::storedSettings(*workspace_, records[0].id);
    ASSERT_TRUE(restored);
    EXPECT_EQ(restored->steps, 4);
    services::releaseCachedPipelines();
}

TEST_F(GeneratePageTest, TheMainWindowOpensThePageWithCtrlGAndDropsItWithTheWorkspace)
{
    workspace_.reset();
    // The main window looks in the Hugging Face cache the environment names: an empty one here.
    const QByteArray previousHub = qgetenv("HF_HUB_CACHE");
    qputenv("HF_HUB_CACHE", path("hub").toLocal8Bit());
    const auto restoreHub = qScopeGuard([&] {
        if (previousHub.isNull()) {
            qunsetenv("HF_HUB_CACHE");
        } else {
            qputenv("HF_HUB_CACHE", previousHub);
        }
    });
    gui::AppSettings settings(std::make_unique<QSettings>(path("settings.ini"), QSettings::IniFormat));
    settings.modelsFolder = path("models");
    widgets::MainWindow window(settings);
    QAction* generate = nullptr;
    for (QAction* menu : window.menuBar()->actions()) {
        for (QAction* action : menu->menu()->actions()) {
            if (action->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_G)) generate = action;
        }
    }
    ASSERT_NE(generate, nullptr);
    EXPECT_EQ(generate->text(), QStringLiteral("&Generate…"));
    EXPECT_FALSE(generate->isEnabled());  // no workspace yet
    EXPECT_EQ(window.showGeneratePage(), nullptr);
    ASSERT_TRUE(window.openWorkspace(path("ws")));
    ASSERT_TRUE(generate->isEnabled());
    generate->trigger();
    auto* page = window.findChild<widgets::GeneratePage*>();
    ASSERT_NE(page, nullptr);
    EXPECT_TRUE(page->isVisibleTo(&window));
    EXPECT_THAT(page->modelNote().toStdString(), HasSubstr(QDir::toNativeSeparators(path("models")).toStdString()));
    QSignalSpy finished(page, &widgets::GeneratePage::jobFinished);
    fill(*page, QStringLiteral("a small boat"), QStringLiteral("1"), 64, 1);
    ASSERT_GT(page->addToQueue(), 0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, 20000));
    window.closeWorkspace();  // the page goes with the workspace
    EXPECT_EQ(window.findChild<widgets::GeneratePage*>(), nullptr);
    EXPECT_EQ(storage::ImageStore(services::Workspace::open(dir_ / "ws").database()).count(), 1);
}

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}

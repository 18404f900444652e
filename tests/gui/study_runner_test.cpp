// A participant's whole session driven by the keyboard alone on Qt's offscreen platform, checked row by row in the
// database; the kiosk lock; and (with TASTELAB_SCREENSHOTS=DIR) pictures of the main study screens in light and dark.
#include "app/gui/app_settings.h"
#include "app/gui/color_scheme.h"
#include "app/services/demo.h"
#include "app/services/demo_study.h"
#include "app/services/image_library.h"
#include "app/services/study_plan.h"
#include "app/services/study_session.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/people.h"
#include "storage/statement.h"
#include "storage/studies.h"
#include "tests/support/gui_fixtures.h"
#include "widgets/artist_page.h"
#include "widgets/designer_page.h"
#include "widgets/kiosk_guard.h"
#include "widgets/main_window.h"
#include "widgets/pairwise_screen.h"
#include "widgets/rating_slider.h"
#include "widgets/slider_rating_screen.h"
#include "widgets/study_results_page.h"
#include "widgets/study_runner.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QLabel>
#include <QMenuBar>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QUndoStack>

#include <gmock/gmock.h>

#include <cmath>
#include <map>

using namespace tastelab;
using namespace tastelab::testing;

namespace {

using Stage = widgets::StudyRunner::Stage;

class StudyRunnerTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto workspace = services::Workspace::create(dir_ / "ws", "runner");
        for (int i = 0; i < 24; ++i) {
            model::RgbImage image;
            image.width = image.height = 64;
            image.pixels.resize(64 * 64 * 3);
            for (std::size_t p = 0; p < image.pixels.size(); ++p) {
                image.pixels[p] = static_cast<std::uint8_t>((p % 3 == 0          ? 9 * i
                                                                    : p % 3 == 1 ? 255 - 7 * i
                                                                                 : 128)
                    + p / 700);
            }
            images_.push_back(addTestImage(workspace, image, "a test image number " + std::to_string(i), i));
        }
    }

    // 18 regular items (slider and pairwise, one pair per item), 1 catch, 1 practice, 1 repeat, a break every 10.
    void createStudy()
    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        storage::StudyStore studies(workspace.database());
        storage::Study study;
        study.name = "keyboard";
        study.consentText = "Consent text for the test.";
        study.protocol.answerModes = storage::AnswerModes::SliderAndPairwise;
        study.protocol.repeats = 1;
        study.protocol.catchItems = 1;
        study.protocol.breakEvery = 10;
        study.protocol.seed = 77;
        study.protocol.settings = R"({"plan": {"pairsPerItem": 1}})";
        const auto id = studies.createStudy(study);
        for (int i = 0; i < 18; ++i) studies.addItem({0, id, images_[i], storage::ItemKind::Regular, {}, {}, {}});
        studies.addItem({0, id, images_[18], storage::ItemKind::Catch, 0.9, 1.0, "Move the slider fully to the right"});
        studies.addItem({0, id, images_[19], storage::ItemKind::Practice, {}, {}, {}});
    }

    static void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget* target = QApplication::focusWidget();
        ASSERT_NE(target, nullptr) << "no widget has the keyboard focus";
        QTest::keyClick(target, static_cast<Qt::Key>(key), modifiers);
    }

    TempDir dir_;
    std::vector<std::int64_t> images_;
};

TEST_F(StudyRunnerTest, AWholeSessionByKeyboardIsStoredRowByRow)
{
    createStudy();
    widgets::StudyRunner::Options options;
    options.workspaceFolder = toQString(dir_ / "ws");
    options.study = QStringLiteral("keyboard");
    options.client = QStringLiteral("test");
    widgets::StudyRunner runner(options);
    runner.resize(900, 700);
    runner.show();
    QApplication::setActiveWindow(&runner);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&runner));
    ASSERT_EQ(runner.stage(), Stage::Consent) << runner.errorText().toStdString();

    press(Qt::Key_Return);  // not accepted yet: the box is not ticked
    EXPECT_EQ(runner.stage(), Stage::Consent);
    press(Qt::Key_Space);
    press(Qt::Key_Return);
    ASSERT_EQ(runner.stage(), Stage::Participant);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("P-42"));
    press(Qt::Key_Return);
    ASSERT_EQ(runner.stage(), Stage::Instructions) << runner.errorText().toStdString();
    QSignalSpy shown(&runner, &widgets::StudyRunner::trialShown);
    press(Qt::Key_Return);
    ASSERT_EQ(runner.stage(), Stage::Trial);

    struct Expected {
        double value = -1;
        storage::PairChoice choice = storage::PairChoice::Left;
        bool slider = true;
    };
    std::map<int, Expected> expected;  // by the trial's position in the plan
    int position = 0, answered = 0, interludes = 0;
    while (runner.stage() != Stage::Finished) {
        ASSERT_LT(answered, 60) << "the session does not end";
        if (runner.stage() == Stage::Interlude) {
            ++interludes;
            press(Qt::Key_Return);
            continue;
        }
        ASSERT_EQ(runner.stage(), Stage::Trial) << runner.errorText().toStdString();
        ASSERT_FALSE(shown.isEmpty());
        position = shown.takeLast().at(0).toInt();
        QTest::qWait(15);  // the image is painted and some time passes before the answer
        Expected e;
        if (runner.sliderScreen()->isVisible()) {
            auto* slider = runner.sliderScreen()->slider();
            const double start = slider->value();
            press(Qt::Key_Return);  // the slider has not moved: nothing is submitted
            ASSERT_EQ(runner.stage(), Stage::Trial);
            EXPECT_DOUBLE_EQ(slider->value(), start);
            if (position % 7 == 3) {
                press(Qt::Key_5);  // the catch trial must end up here; any trial may
                e.value = 1.0;
            } else {
                press(Qt::Key_1 + position % 4);  // 0, .25, .5, .75
                for (int k = 0; k < position % 3; ++k) press(Qt::Key_Right);
                press(Qt::Key_Right, Qt::ShiftModifier);
                e.value = 0.25 * (position % 4) + 0.01 * (position % 3) + 0.001;
            }
        } else {
            ASSERT_TRUE(runner.pairwiseScreen()->isVisible());
            e.slider = false;
            const int key[] = {Qt::Key_1, Qt::Key_2, Qt::Key_T, Qt::Key_C};
            const storage::PairChoice choice[] = {storage::PairChoice::Left, storage::PairChoice::Right,
                storage::PairChoice::Tie, storage::PairChoice::CantDecide};
            press(key[position % 4]);
            e.choice = choice[position % 4];
            expected[position] = e;
            ++answered;
            continue;
        }
        expected[position] = e;
        press(Qt::Key_Return);
        ++answered;
    }
    ASSERT_EQ(runner.stage(), Stage::Finished);
    EXPECT_EQ(interludes, 3) << "after the practice and two breaks (every 10 of 29 counted trials)";
    EXPECT_EQ(runner.progressBar()->value(), runner.progressBar()->maximum());

    auto workspace = services::Workspace::open(dir_ / "ws");
    auto& db = workspace.database();
    const auto person = storage::PeopleStore(db).findByPseudonym("P-42");
    ASSERT_TRUE(person);
    const auto assignment = storage::StudyStore(db).findAssignment(1, person->id);
    ASSERT_TRUE(assignment);
    EXPECT_EQ(assignment->seed, services::planSeed(77, person->id)) << "the plan's seed is stored";
    ASSERT_EQ(assignment->trials.size(), 30u);  // 1 practice + 18 + 9 pairs + 1 catch + 1 repeat
    EXPECT_EQ(runner.completionCode().toStdString(), services::completionCodeFor("keyboard", "P-42", assignment->seed));

    storage::AnswerStore answers(db);
    const auto ratings = answers.ratingsOf(person->id);
    const auto choices = answers.comparisonsOf(person->id);
    EXPECT_EQ(ratings.size() + choices.size(), 29u) << "every counted trial once, practice not stored";
    std::set<double> starts;
    bool catchSeen = false, repeatSeen = false;
    for (const auto& r : ratings) {
        ASSERT_TRUE(r.trialPosition);
        const auto& trial = assignment->trials[static_cast<std::size_t>(*r.trialPosition)];
        ASSERT_FALSE(trial.isPractice);
        ASSERT_EQ(trial.mode, storage::TrialMode::Slider);
        EXPECT_EQ(r.imageId, *trial.imageId);
        const auto& e = expected.at(*r.trialPosition);
        if (trial.isCatch) {
            catchSeen = true;
            EXPECT_EQ(r.isCatch, true);
        }
        repeatSeen = repeatSeen || r.isRepeat;
        EXPECT_EQ(r.isRepeat, trial.isRepeat);
        EXPECT_NEAR(r.value, e.value, 1e-9) << "position " << *r.trialPosition;
        ASSERT_TRUE(r.startPosition);
        EXPECT_GE(*r.startPosition, 0.1);
        EXPECT_LE(*r.startPosition, 0.9);
        starts.insert(*r.startPosition);
        EXPECT_EQ(r.sliderMoved, std::optional<bool>(true));
        ASSERT_TRUE(r.responseMs);
        EXPECT_GT(*r.responseMs, 0);
        EXPECT_TRUE(r.shownAt && !r.shownAt->empty());
    }
    EXPECT_TRUE(catchSeen);
    EXPECT_TRUE(repeatSeen || std::any_of(choices.begin(), choices.end(), [](const auto& c) { return c.isRepeat; }));
    EXPECT_GT(starts.size(), ratings.size() / 2) << "slider starts are randomized per item";
    int designerOrderLeft = 0, pairs = 0;
    for (const auto& c : choices) {
        const auto& trial = assignment->trials[static_cast<std::size_t>(*c.trialPosition)];
        EXPECT_EQ(c.leftImageId, *trial.leftImageId) << "sides are stored as shown";
        EXPECT_EQ(c.rightImageId, *trial.rightImageId);
        EXPECT_EQ(c.choice, expected.at(*c.trialPosition).choice);
        ASSERT_TRUE(c.responseMs);
        EXPECT_GT(*c.responseMs, 0);
        if (!c.isRepeat) {
            ++pairs;
            designerOrderLeft += c.leftImageId < c.rightImageId;
        }
    }
    EXPECT_EQ(pairs, 9);
    EXPECT_TRUE(designerOrderLeft == 4 || designerOrderLeft == 5) << "sides are counterbalanced: " << designerOrderLeft;
}

TEST_F(StudyRunnerTest, KioskStaysLockedWithoutThePin)
{
    createStudy();
    gui::AppSettings settings(std::make_unique<QSettings>(toQString(dir_ / "settings.ini"), QSettings::IniFormat));
    widgets::MainWindow window(settings);
    window.show();
    ASSERT_TRUE(window.openWorkspace(toQString(dir_ / "ws")));
    EXPECT_EQ(window.startStudySession(QStringLiteral("keyboard"), QStringLiteral("K-1"), true), nullptr)
        << "no kiosk without an admin PIN";
    settings.kioskPinHash = widgets::KioskGuard::hashPin(QStringLiteral("2468"));
    EXPECT_FALSE(settings.kioskPinHash.get().contains(QStringLiteral("2468")));
    ASSERT_NE(window.startStudySession(QStringLiteral("keyboard"), QStringLiteral("K-1"), true), nullptr);
    auto* guard = window.kioskGuard();
    ASSERT_NE(guard, nullptr);
    EXPECT_TRUE(guard->isLocked());
    EXPECT_TRUE(window.windowState() & Qt::WindowFullScreen);
    EXPECT_FALSE(window.menuBar()->isVisible());

    EXPECT_FALSE(window.close()) << "closing is refused while locked";
    EXPECT_TRUE(window.isVisible());
    QTest::keyClick(&window, Qt::Key_Escape);
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QTest::keyClick(&window, Qt::Key_F4, Qt::AltModifier);
    EXPECT_TRUE(window.isVisible());
    EXPECT_EQ(window.showDesigner(), nullptr) << "no admin screen, so no other participant's data";
    EXPECT_EQ(window.showResults(), nullptr);
    window.setWindowState(Qt::WindowNoState);
    QTest::qWait(20);
    EXPECT_TRUE(window.windowState() & Qt::WindowFullScreen) << "the kiosk keeps itself full screen";

    EXPECT_FALSE(guard->unlock(QStringLiteral("1357")));
    EXPECT_FALSE(guard->unlock(QString()));
    EXPECT_EQ(guard->failedAttempts(), 2);
    EXPECT_TRUE(guard->isLocked());
    EXPECT_TRUE(guard->unlock(QStringLiteral("2468")));
    QTest::qWait(10);
    EXPECT_EQ(window.kioskGuard(), nullptr);
    EXPECT_TRUE(window.menuBar()->isVisible());
    EXPECT_NE(window.showDesigner(), nullptr);
    EXPECT_TRUE(window.close());
}

TEST_F(StudyRunnerTest, ArtistRatesByKeyboardAndTheGallerySortsByRating)
{
    widgets::ArtistPage page(toQString(dir_ / "ws"));
    page.resize(900, 700);
    page.show();
    QApplication::setActiveWindow(&page);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&page));
    ASSERT_TRUE(page.createArtist(QStringLiteral("ada"))) << page.statusText().toStdString();
    ASSERT_TRUE(page.startRating(QStringLiteral("ada"))) << page.statusText().toStdString();
    EXPECT_EQ(page.remaining(), 24);
    QSignalSpy rated(&page, &widgets::ArtistPage::rated);
    const int keys[] = {Qt::Key_2, Qt::Key_5, Qt::Key_1, Qt::Key_4};
    for (int key : keys) {
        QTest::qWait(10);
        press(key);
        press(Qt::Key_Return);
    }
    ASSERT_EQ(rated.count(), 4);
    EXPECT_EQ(page.remaining(), 20);
    page.showGallery();
    auto* gallery = page.gallery();
    ASSERT_EQ(gallery->rowCount(), 4);
    const double expected[] = {1.0, 0.75, 0.25, 0.0};
    for (int row = 0; row < 4; ++row) {
        EXPECT_DOUBLE_EQ(gallery->index(row).data(widgets::ArtistGalleryModel::RatingRole).toDouble(), expected[row]);
    }
    EXPECT_EQ(
        gallery->index(0).data(widgets::ArtistGalleryModel::ImageIdRole).toLongLong(), rated.at(1).at(0).toLongLong());
    EXPECT_FALSE(gallery->index(0).data(Qt::DecorationRole).value<QIcon>().isNull());

    // A new page (another sitting) starts from what is still unrated.
    widgets::ArtistPage again(toQString(dir_ / "ws"));
    ASSERT_TRUE(again.startRating(QStringLiteral("ada")));
    EXPECT_EQ(again.remaining(), 20);
}

// Starts rating as `name`, adding them first when the workspace has nobody of that name.
bool startAs(widgets::ArtistPage& page, const QString& name)
{
    page.createArtist(name);  // refused when they exist already, which is fine here
    return page.startRating(name);
}

// The artist's prediction comes from their taste model (PersonTasteModel), which needs no trained reward model.
TEST(ArtistPrediction, PredictsFromTheFirstImageAndFollowsEachAnswer)
{
    TempDir dir;
    services::buildDemoWorkspace(dir / "demo", trainableDemo(64));
    const QString folder = toQString(dir / "demo");
    // Before the artist answers, the taste model predicts from the other people's answers.
    widgets::ArtistPage early(folder);
    ASSERT_TRUE(startAs(early, QStringLiteral("ada")));
    const bool predictsEarly =
        QTest::qWaitFor([&] { return early.predictionText().contains(QStringLiteral("other people's")); }, 20000);
    EXPECT_TRUE(predictsEarly) << early.predictionText().toStdString();
    {
        // The first answer is learnt from with the next image, without reopening the workspace.
        QSignalSpy updated(&early, &widgets::ArtistPage::predictionUpdated);
        QTest::keyClick(early.screen(), Qt::Key_4);
        QTest::keyClick(early.screen(), Qt::Key_Return);
        ASSERT_TRUE(updated.wait(30000)) << early.predictionText().toStdString();
        EXPECT_TRUE(early.predictionText().contains(QStringLiteral("predicts")))
            << early.predictionText().toStdString();
        EXPECT_FALSE(early.predictionText().contains(QStringLiteral("other people's")))
            << early.predictionText().toStdString();
    }
    {
        // The prediction runs on the compute-device setting: one this machine lacks is named, not taken for a
        // missing model.
        widgets::ArtistPage page(folder);
        page.setDevice(QStringLiteral("cuda:9"));
        ASSERT_TRUE(startAs(page, QStringLiteral("cid")));
        const bool told = QTest::qWaitFor(
            [&] { return page.predictionText().contains(QStringLiteral("device 'cuda:9' is not available")); }, 20000);
        EXPECT_TRUE(told) << page.predictionText().toStdString();
    }
    widgets::ArtistPage page(folder);
    page.resize(900, 700);
    page.show();
    QSignalSpy updated(&page, &widgets::ArtistPage::predictionUpdated);
    ASSERT_TRUE(startAs(page, QStringLiteral("bea")));
    ASSERT_TRUE(updated.wait(30000)) << page.predictionText().toStdString();
    for (int answer = 0; answer < 3; ++answer) {
        updated.clear();
        QTest::keyClick(page.screen(), Qt::Key_5);
        QTest::keyClick(page.screen(), Qt::Key_Return);
        ASSERT_TRUE(updated.wait(30000)) << "no new prediction after answer " << answer;
        const double predicted = updated.last().at(1).toDouble();
        const double seconds = updated.last().at(2).toDouble();
        EXPECT_GT(predicted, 0.0);
        EXPECT_LT(predicted, 1.0);
        std::printf("[ figure ] artist representation refitted and the next image scored in %.3f s\n", seconds);
    }
    EXPECT_TRUE(page.predictionText().contains(QStringLiteral("predicts"))) << page.predictionText().toStdString();

    // Hidden, the prediction cannot anchor the rating: not shown and not computed. Shown again, it follows at once.
    QLabel* label = nullptr;
    for (auto* candidate : page.findChildren<QLabel*>()) {
        if (candidate->text() == page.predictionText()) label = candidate;
    }
    ASSERT_NE(label, nullptr);
    page.setShowPrediction(false);
    EXPECT_FALSE(label->isVisible());
    updated.clear();
    QTest::keyClick(page.screen(), Qt::Key_2);
    QTest::keyClick(page.screen(), Qt::Key_Return);
    EXPECT_FALSE(updated.wait(1500)) << "a hidden prediction is not computed";
    page.setShowPrediction(true);
    EXPECT_TRUE(label->isVisible());
    ASSERT_TRUE(updated.wait(30000));
}

TEST(KioskPin, IsSaltedAndChecked)
{
    const QString a = widgets::KioskGuard::hashPin(QStringLiteral("1234"));
    const QString b = widgets::KioskGuard::hashPin(QStringLiteral("1234"));
    EXPECT_NE(a, b) << "a random salt each time";
    EXPECT_TRUE(widgets::KioskGuard::checkPin(QStringLiteral("1234"), a));
    EXPECT_TRUE(widgets::KioskGuard::checkPin(QStringLiteral("1234"), b));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QStringLiteral("1235"), a));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QStringLiteral("1234"), QStringLiteral("garbage")));
}

TEST(KioskPin, IsPbkdf2WithAtLeast600000IterationsAndARandomSalt)
{
    const QString a = widgets::KioskGuard::hashPin(QStringLiteral("2468"));
    const QString b = widgets::KioskGuard::hashPin(QStringLiteral("2468"));
    const QStringList parts = a.split(QLatin1Char('$'));
    ASSERT_EQ(parts.size(), 4) << a.toStdString();
    EXPECT_EQ(parts[0], QStringLiteral("pbkdf2-sha256"));
    EXPECT_GE(parts[1].toInt(), 600000);
    EXPECT_EQ(QByteArray::fromBase64(parts[2].toLatin1()).size(), 16) << "a 16-byte salt";
    EXPECT_EQ(QByteArray::fromBase64(parts[3].toLatin1()).size(), 32);
    const QStringList other = b.split(QLatin1Char('$'));
    ASSERT_EQ(other.size(), 4);
    EXPECT_NE(parts[2], other[2]) << "a fresh random salt each time";
    EXPECT_NE(parts[3], other[3]);
    EXPECT_FALSE(a.contains(QStringLiteral("2468")));

    EXPECT_TRUE(widgets::KioskGuard::checkPin(QStringLiteral("2468"), a));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QStringLiteral("2469"), a));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QStringLiteral("24680"), a));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QString(), a));
    EXPECT_FALSE(widgets::KioskGuard::needsRehash(a));
    // A tampered hash, or one asking for an absurd number of iterations, never opens.
    QString tampered = a;
    tampered.replace(QStringLiteral("$600000$"), QStringLiteral("$600001$"));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QStringLiteral("2468"), tampered));
    QString huge = a;
    huge.replace(QStringLiteral("$600000$"), QStringLiteral("$2000000000$"));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QStringLiteral("2468"), huge));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QStringLiteral("2468"), QStringLiteral("pbkdf2-sha256$600000$$")));
}

TEST(KioskPin, AnOldSha256HashOpensOnceAndIsReplacedByPbkdf2)
{
    // The format of TasteLab 0.1: "<salt hex>:<sha256(salt hex + PIN) hex>".
    const QByteArray salt = QByteArray("0123456789abcdef").toHex();
    const QString legacy = QString::fromLatin1(QByteArray(salt + ':'
        + QCryptographicHash::hash(QByteArray(salt + QByteArray("2468")), QCryptographicHash::Sha256).toHex()));
    EXPECT_TRUE(widgets::KioskGuard::checkPin(QStringLiteral("2468"), legacy));
    EXPECT_FALSE(widgets::KioskGuard::checkPin(QStringLiteral("1357"), legacy));
    EXPECT_TRUE(widgets::KioskGuard::needsRehash(legacy));

    QWidget window;
    widgets::KioskGuard guard(&window, legacy);
    QSignalSpy upgraded(&guard, &widgets::KioskGuard::pinHashUpgraded);
    EXPECT_FALSE(guard.unlock(QStringLiteral("1357")));
    EXPECT_EQ(upgraded.count(), 0) << "a wrong PIN changes nothing";
    EXPECT_EQ(guard.pinHash(), legacy);
    EXPECT_TRUE(guard.unlock(QStringLiteral("2468")));
    ASSERT_EQ(upgraded.count(), 1);
    const QString replaced = upgraded.first().first().toString();
    EXPECT_TRUE(replaced.startsWith(QStringLiteral("pbkdf2-sha256$600000$"))) << replaced.toStdString();
    EXPECT_EQ(guard.pinHash(), replaced);
    EXPECT_TRUE(widgets::KioskGuard::checkPin(QStringLiteral("2468"), replaced));
    guard.lock();
    EXPECT_TRUE(guard.unlock(QStringLiteral("2468")));
    EXPECT_EQ(upgraded.count(), 1) << "upgraded once";
}

TEST_F(StudyRunnerTest, TheMainWindowSavesTheUpgradedKioskPin)
{
    createStudy();
    gui::AppSettings settings(std::make_unique<QSettings>(toQString(dir_ / "settings.ini"), QSettings::IniFormat));
    const QByteArray salt = QByteArray("fedcba9876543210").toHex();
    settings.kioskPinHash = QString::fromLatin1(QByteArray(salt + ':'
        + QCryptographicHash::hash(QByteArray(salt + QByteArray("8642")), QCryptographicHash::Sha256).toHex()));
    widgets::MainWindow window(settings);
    window.show();
    ASSERT_TRUE(window.openWorkspace(toQString(dir_ / "ws")));
    ASSERT_NE(window.startStudySession(QStringLiteral("keyboard"), QStringLiteral("K-2"), true), nullptr);
    ASSERT_NE(window.kioskGuard(), nullptr);
    EXPECT_TRUE(window.kioskGuard()->unlock(QStringLiteral("8642")));
    EXPECT_TRUE(settings.kioskPinHash.get().startsWith(QStringLiteral("pbkdf2-sha256$")))
        << settings.kioskPinHash.get().toStdString();
    EXPECT_TRUE(widgets::KioskGuard::checkPin(QStringLiteral("8642"), settings.kioskPinHash));
    QTest::qWait(10);
    EXPECT_TRUE(window.close());
}

// With TASTELAB_SCREENSHOTS=<folder>: the slider, pairwise, designer and results screens in light and dark.
TEST_F(StudyRunnerTest, ScreensRenderInLightAndDark)
{
    const QString folder = qEnvironmentVariable("TASTELAB_SCREENSHOTS");
    if (folder.isEmpty()) GTEST_SKIP() << "set TASTELAB_SCREENSHOTS=<folder> to save the study screens as PNG";
    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        services::DemoStudyOptions options;
        options.regularItems = 16;
        options.practiceItems = 0;
        options.participants = 6;
        services::createDemoStudy(workspace, options);
    }
    QDir().mkpath(folder);
    auto save = [&](QWidget& widget, const QString& name) {
        widget.resize(1100, 760);
        widget.show();
        QTest::qWait(120);
        EXPECT_TRUE(widget.grab().save(folder + QLatin1Char('/') + name + QStringLiteral(".png")))
            << name.toStdString();
    };
    for (const auto scheme : {gui::ColorScheme::Light, gui::ColorScheme::Dark}) {
        gui::applyColorScheme(scheme);
        const QString suffix = scheme == gui::ColorScheme::Light ? QStringLiteral("-light") : QStringLiteral("-dark");
        widgets::StudyRunner::Options options;
        options.workspaceFolder = toQString(dir_ / "ws");
        options.study = QStringLiteral("Demo study");
        options.participant = QStringLiteral("SHOT") + suffix;
        widgets::StudyRunner runner(options);
        save(runner, QStringLiteral("study-consent") + suffix);
        QApplication::setActiveWindow(&runner);
        ASSERT_TRUE(QTest::qWaitForWindowActive(&runner));
        press(Qt::Key_Space);
        press(Qt::Key_Return);
        ASSERT_EQ(runner.stage(), Stage::Instructions) << runner.errorText().toStdString();
        save(runner, QStringLiteral("study-instructions") + suffix);
        press(Qt::Key_Return);
        bool sliderSaved = false, pairSaved = false;
        for (int i = 0; i < 40 && !(sliderSaved && pairSaved); ++i) {
            QTest::qWait(60);
            if (runner.sliderScreen()->isVisible()) {
                press(Qt::Key_4);
                if (!sliderSaved) save(runner, QStringLiteral("study-slider") + suffix);
                sliderSaved = true;
                press(Qt::Key_Return);
            } else if (runner.pairwiseScreen()->isVisible()) {
                if (!pairSaved) save(runner, QStringLiteral("study-pairwise") + suffix);
                pairSaved = true;
                press(Qt::Key_1);
            } else {
                press(Qt::Key_Return);  // a break
            }
        }
        EXPECT_TRUE(sliderSaved && pairSaved);

        QUndoStack undo;
        widgets::DesignerPage designer(toQString(dir_ / "ws"), &undo);
        for (int tab = 0; tab < designer.tabs()->count(); ++tab) {
            designer.tabs()->setCurrentIndex(tab);
            save(designer, QStringLiteral("designer-%1").arg(tab + 1) + suffix);
        }
        widgets::StudyResultsPage results(toQString(dir_ / "ws"));
        QSignalSpy done(&results, &widgets::StudyResultsPage::resultsShown);
        results.showStudy(QStringLiteral("Demo study"));
        EXPECT_TRUE(done.wait(30000));
        save(results, QStringLiteral("results") + suffix);
    }
    gui::applyColorScheme(gui::ColorScheme::Light);
}

}  // namespace

int main(int argc, char** argv)
{
    return tastelab::testing::runGuiTests(argc, argv);
}

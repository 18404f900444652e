// The participant's screens are the participant's only, outside the kiosk too: while a study runs in the main window
// its menus, shortcuts and Settings cannot open, and they come back when the session ends; the consent box has the
// focus and Space ticks it; the image's prompt shows under a stimulus only when the study says so (off by default),
// which the study editor sets with a checkbox (undoable).
#include "app/gui/app_settings.h"
#include "app/services/image_library.h"
#include "app/services/study_plan.h"
#include "app/services/workspace.h"
#include "storage/studies.h"
#include "tests/support/gui_fixtures.h"
#include "widgets/designer_page.h"
#include "widgets/kiosk_guard.h"
#include "widgets/main_window.h"
#include "widgets/pairwise_screen.h"
#include "widgets/slider_rating_screen.h"
#include "widgets/study_editor.h"
#include "widgets/study_runner.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStackedWidget>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace tastelab;
using namespace tastelab::testing;
using Stage = widgets::StudyRunner::Stage;

namespace {

class ParticipantScreensTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto workspace = services::Workspace::create(dir_ / "ws", "participants");
        for (int i = 0; i < 6; ++i) {
            model::RgbImage image;
            image.width = image.height = 32;
            image.pixels.assign(32 * 32 * 3, static_cast<std::uint8_t>(30 + 35 * i));
            images_.push_back(addTestImage(workspace, image, "a secret prompt number " + std::to_string(i), i));
        }
        settings_ = std::make_unique<gui::AppSettings>(
            std::make_unique<QSettings>(toQString(dir_ / "settings.ini"), QSettings::IniFormat));
    }

    void createStudy(const std::string& name, storage::AnswerModes modes, const std::string& settings = "{}")
    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        storage::StudyStore studies(workspace.database());
        storage::Study study;
        study.name = name;
        study.protocol.answerModes = modes;
        study.protocol.requireMovement = false;
        study.protocol.seed = 5;
        study.protocol.settings = settings;
        const auto id = studies.createStudy(study);
        for (std::int64_t image : images_) studies.addItem({0, id, image, storage::ItemKind::Regular, {}, {}, {}});
    }

    std::unique_ptr<widgets::StudyRunner> runner(const QString& study)
    {
        widgets::StudyRunner::Options options;
        options.workspaceFolder = toQString(dir_ / "ws");
        options.study = study;
        options.participant = QStringLiteral("P-1");
        auto r = std::make_unique<widgets::StudyRunner>(options);
        r->resize(900, 700);
        r->show();
        QApplication::setActiveWindow(r.get());
        EXPECT_TRUE(QTest::qWaitForWindowActive(r.get()));
        return r;
    }

    // Consent and instructions passed: the first trial shows.
    static void toFirstTrial(widgets::StudyRunner& r)
    {
        r.consentBox()->setChecked(true);
        QTest::keyClick(&r, Qt::Key_Return);
        ASSERT_EQ(r.stage(), Stage::Instructions) << r.errorText().toStdString();
        QTest::keyClick(&r, Qt::Key_Return);
        ASSERT_EQ(r.stage(), Stage::Trial) << r.errorText().toStdString();
    }

    static QAction* findAction(QMenuBar* bar, const QString& text)
    {
        for (QAction* top : bar->actions()) {
            if (!top->menu()) continue;
            for (QAction* action : top->menu()->actions()) {
                if (action->text() == text) return action;
            }
        }
        return nullptr;
    }

    TempDir dir_;
    std::vector<std::int64_t> images_;
    std::unique_ptr<gui::AppSettings> settings_;
};

TEST_F(ParticipantScreensTest, MenusShortcutsAndSettingsAreLockedWhileAStudyRunsOutsideTheKiosk)
{
    createStudy("locked", storage::AnswerModes::Slider);
    widgets::MainWindow window(*settings_);
    window.resize(1100, 760);
    window.show();
    QApplication::setActiveWindow(&window);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    ASSERT_TRUE(window.openWorkspace(toQString(dir_ / "ws")));
    QAction* settingsAction = findAction(window.menuBar(), QStringLiteral("&Settings…"));
    ASSERT_NE(settingsAction, nullptr);
    // Offscreen Linux may have no key for "Preferences"; give it one so that the shortcut path is really tried.
    settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));

    // A window-wide shortcut outside the menus, as a page may have one.
    int pageShortcutFired = 0;
    auto* pageAction = new QAction(QStringLiteral("Page action"), &window);
    pageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    window.addAction(pageAction);
    QObject::connect(pageAction, &QAction::triggered, [&] { ++pageShortcutFired; });

    widgets::StudyRunner* r = window.startStudySession(QStringLiteral("locked"), QString(), false);
    ASSERT_NE(r, nullptr);
    ASSERT_EQ(r->stage(), Stage::Consent) << r->errorText().toStdString();
    auto* pages = qobject_cast<QStackedWidget*>(window.centralWidget());
    ASSERT_NE(pages, nullptr);
    ASSERT_EQ(pages->currentWidget(), r);

    // The consent box has the focus (the window gave it to the runner), and Space ticks it.
    EXPECT_EQ(QApplication::focusWidget(), r->consentBox());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    EXPECT_TRUE(r->consentBox()->isChecked());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    EXPECT_FALSE(r->consentBox()->isChecked()) << "Space toggles";

    // Menus and shortcuts do nothing for the participant; no dialog opens.
    EXPECT_NE(r->participantLock(), nullptr);
    EXPECT_FALSE(window.menuBar()->isEnabled());
    int dialogs = 0;
    QTimer closer;  // a dialog that opened would block exec(): count it and close it
    QObject::connect(&closer, &QTimer::timeout, [&] {
        if (QWidget* modal = QApplication::activeModalWidget()) {
            ++dialogs;
            modal->close();
        }
        if (QWidget* popup = QApplication::activePopupWidget()) {
            ++dialogs;
            popup->close();
        }
    });
    closer.start(20);
    for (const QKeySequence& keys : {QKeySequence(Qt::CTRL | Qt::Key_Comma), QKeySequence(Qt::CTRL | Qt::Key_D),
             QKeySequence(Qt::CTRL | Qt::Key_T), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
             QKeySequence(Qt::CTRL | Qt::Key_G), QKeySequence(Qt::CTRL | Qt::Key_O), QKeySequence(Qt::ALT | Qt::Key_F),
             QKeySequence(Qt::ALT | Qt::Key_S), QKeySequence(Qt::CTRL | Qt::Key_K)}) {
        QTest::keySequence(QApplication::focusWidget(), keys);
        QTest::qWait(40);
        EXPECT_EQ(pages->currentWidget(), r) << keys.toString().toStdString();
    }
    EXPECT_EQ(dialogs, 0);
    EXPECT_EQ(pageShortcutFired, 0);
    if (r->participantLock()) {
        EXPECT_GE(r->participantLock()->blockedShortcuts(), 1);
    }
    EXPECT_EQ(r->stage(), Stage::Consent);

    // The session ends (the experimenter's Ctrl+Shift+Q outside the kiosk): everything is back.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::qWait(20);
    EXPECT_EQ(r->stage(), Stage::Stopped);
    EXPECT_EQ(r->participantLock(), nullptr);
    EXPECT_TRUE(window.menuBar()->isEnabled());
    QTest::keySequence(QApplication::focusWidget(), QKeySequence(Qt::CTRL | Qt::Key_K));
    EXPECT_EQ(pageShortcutFired, 1);
    QTest::keySequence(QApplication::focusWidget(), QKeySequence(Qt::CTRL | Qt::Key_D));
    QTest::qWait(20);
    EXPECT_NE(qobject_cast<widgets::DesignerPage*>(pages->currentWidget()), nullptr)
        << "Ctrl+D opens the designer again";
    closer.stop();
}

TEST_F(ParticipantScreensTest, TheLockLastsUntilTheLastAnswerAndIsGivenBackAfter)
{
    createStudy("whole", storage::AnswerModes::Slider);
    widgets::MainWindow window(*settings_);
    window.show();
    QApplication::setActiveWindow(&window);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    ASSERT_TRUE(window.openWorkspace(toQString(dir_ / "ws")));
    widgets::StudyRunner* r = window.startStudySession(QStringLiteral("whole"), QStringLiteral("W-1"), false);
    ASSERT_NE(r, nullptr);
    toFirstTrial(*r);
    for (int i = 0; i < 20 && r->stage() == Stage::Trial; ++i) {
        EXPECT_FALSE(window.menuBar()->isEnabled()) << "trial " << i;
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_5);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    }
    ASSERT_EQ(r->stage(), Stage::Finished) << r->errorText().toStdString();
    EXPECT_TRUE(window.menuBar()->isEnabled());
    EXPECT_EQ(r->participantLock(), nullptr);
}

TEST_F(ParticipantScreensTest, ThePromptIsHiddenUnlessTheStudyShowsIt)
{
    createStudy("hidden", storage::AnswerModes::SliderAndPairwise);
    createStudy("shown", storage::AnswerModes::SliderAndPairwise, R"({"display": {"showPrompt": true}})");
    for (const bool show : {false, true}) {
        auto r = runner(show ? QStringLiteral("shown") : QStringLiteral("hidden"));
        toFirstTrial(*r);
        bool sawSlider = false, sawPair = false;
        for (int i = 0; i < 40 && r->stage() == Stage::Trial && !(sawSlider && sawPair); ++i) {
            if (r->sliderScreen()->isVisible()) {
                auto* prompt = r->sliderScreen()->findChild<QLabel*>(QStringLiteral("promptLabel"));
                ASSERT_NE(prompt, nullptr);
                EXPECT_EQ(prompt->isVisible(), show);
                EXPECT_EQ(prompt->text().startsWith(QStringLiteral("a secret prompt")), show)
                    << prompt->text().toStdString();
                sawSlider = true;
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_3);
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
            } else {
                int shownPrompts = 0;
                for (const char* name : {"leftPrompt", "rightPrompt", "sharedPrompt"}) {
                    auto* label = r->pairwiseScreen()->findChild<QLabel*>(QLatin1String(name));
                    ASSERT_NE(label, nullptr) << name;
                    if (label->isVisible() && label->text().contains(QStringLiteral("secret"))) ++shownPrompts;
                }
                EXPECT_EQ(shownPrompts > 0, show);
                sawPair = true;
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_1);
            }
        }
        EXPECT_TRUE(sawSlider && sawPair);
    }
}

TEST_F(ParticipantScreensTest, TheStudyEditorSetsShowPromptOffByDefaultAndUndoably)
{
    QUndoStack stack;
    widgets::StudyEditor editor(toQString(dir_ / "ws"), &stack);
    ASSERT_TRUE(editor.createStudy(QStringLiteral("Display")));
    auto* box = editor.findChild<QCheckBox*>(QStringLiteral("showPrompt"));
    ASSERT_NE(box, nullptr);
    EXPECT_FALSE(box->isChecked());
    auto stored = [&] {
        auto workspace = services::Workspace::open(dir_ / "ws");
        return storage::StudyStore(workspace.database()).findStudyByName("Display").value_or(storage::Study{});
    };
    EXPECT_FALSE(services::displaySettings(stored()).showPrompt);
    box->setChecked(true);
    EXPECT_TRUE(services::displaySettings(stored()).showPrompt);
    EXPECT_NE(stored().protocol.settings.find("\"showPrompt\":true"), std::string::npos) << stored().protocol.settings;
    stack.undo();
    EXPECT_FALSE(services::displaySettings(stored()).showPrompt);
    EXPECT_FALSE(box->isChecked());
}

TEST(StudyDisplaySettings, ReadAndWriteKeepOtherKeysAndRefuseABadValue)
{
    storage::Study study;
    study.name = "S";
    study.protocol.settings = R"({"plan": {"pairsPerItem": 1}, "display": {"other": 2}})";
    EXPECT_FALSE(services::displaySettings(study).showPrompt);
    study.protocol.settings = services::withShowPrompt(study.protocol.settings, true);
    EXPECT_TRUE(services::displaySettings(study).showPrompt);
    EXPECT_EQ(services::planSettings(study).pairsPerItem, 1);
    EXPECT_NE(study.protocol.settings.find("\"other\":2"), std::string::npos) << study.protocol.settings;
    study.protocol.settings = R"({"display": {"showPrompt": "yes"}})";
    try {
        services::displaySettings(study);
        ADD_FAILURE() << "a string is not a boolean";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("display.showPrompt"), std::string::npos) << e.what();
    }
}

}  // namespace

int main(int argc, char** argv)
{
    return tastelab::testing::runGuiTests(argc, argv);
}

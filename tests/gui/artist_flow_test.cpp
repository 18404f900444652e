// Artist mode without traps, driven by real key events on Qt's offscreen platform and checked row by row in the
// database: an untouched slider is no answer, the last rating can be taken back (as a retraction row), a person is
// chosen from a list or created on purpose, the Artist Mode shortcut is not Select All, and the prediction line
// comes from the artist's taste model without any trained reward model.
#include "app/gui/app_settings.h"
#include "app/services/active_questions.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/statement.h"
#include "tests/support/test_support.h"
#include "widgets/artist_page.h"
#include "widgets/main_window.h"
#include "widgets/rating_slider.h"
#include "widgets/slider_rating_screen.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <gmock/gmock.h>

#include <cstdio>
#include <functional>
#include <map>

using namespace tastelab;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

QString qs(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

class ArtistFlowTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto workspace = services::Workspace::create(dir_ / "ws", "artist");
        for (int i = 0; i < 6; ++i) {
            model::RgbImage image;
            image.width = image.height = 32;
            // A grey of its own with a little texture: a perfectly flat image may have no usable look vector.
            image.pixels.resize(32 * 32 * 3);
            for (std::size_t p = 0; p < image.pixels.size(); ++p)
                image.pixels[p] = static_cast<std::uint8_t>(30 * i + (p * 7 + p / 96 * 13) % 40);
            services::GeneratedImage info;
            info.generator = "test";
            info.prompt = "prompt " + std::to_string(i / 3);  // added in runs: three of each
            info.seed = i;
            services::addGeneratedImage(workspace, image, info);
        }
    }

    std::int64_t count(const std::string& sql)
    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        auto statement = workspace.database().prepare(sql);
        return statement.step() ? statement.columnInt(0) : -1;
    }

    static void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget* target = QApplication::focusWidget();
        ASSERT_NE(target, nullptr) << "no widget has the keyboard focus";
        QTest::keyClick(target, static_cast<Qt::Key>(key), modifiers);
    }

    void showAndActivate(QWidget& widget)
    {
        widget.resize(900, 700);
        widget.show();
        QApplication::setActiveWindow(&widget);
        ASSERT_TRUE(QTest::qWaitForWindowActive(&widget));
    }

    TempDir dir_;
};

TEST_F(ArtistFlowTest, EnterOnAnUntouchedSliderStoresNothingAndSaysWhatToDo)
{
    widgets::ArtistPage page(qs(dir_ / "ws"));
    showAndActivate(page);
    ASSERT_TRUE(page.createArtist(QStringLiteral("ada"))) << page.statusText().toStdString();
    ASSERT_TRUE(page.startRating(QStringLiteral("ada"))) << page.statusText().toStdString();
    QSignalSpy rated(&page, &widgets::ArtistPage::rated);
    press(Qt::Key_Return);
    press(Qt::Key_Enter);
    EXPECT_EQ(rated.count(), 0);
    EXPECT_EQ(page.remaining(), 6);
    EXPECT_EQ(count("SELECT count(*) FROM ratings"), 0) << "no 0.50 stored for an untouched slider";
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("Move the slider first"));
    EXPECT_FALSE(page.screen()->submitButton()->isEnabled());

    press(Qt::Key_Right);
    press(Qt::Key_Return);
    ASSERT_EQ(rated.count(), 1);
    EXPECT_EQ(count("SELECT count(*) FROM ratings WHERE slider_moved = 1"), 1);
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("5 image"));
}

TEST_F(ArtistFlowTest, ImagesAreNotServedInRunsOfOnePrompt)
{
    widgets::ArtistPage page(qs(dir_ / "ws"));
    showAndActivate(page);
    ASSERT_TRUE(page.createArtist(QStringLiteral("ada")));
    ASSERT_TRUE(page.startRating(QStringLiteral("ada")));
    QSignalSpy rated(&page, &widgets::ArtistPage::rated);
    for (int i = 0; i < 6; ++i) {
        press(Qt::Key_1 + i % 5);
        press(Qt::Key_Return);
    }
    ASSERT_EQ(rated.count(), 6);
    auto workspace = services::Workspace::open(dir_ / "ws");
    storage::ImageStore images(workspace.database());
    std::string previous;
    for (int i = 0; i < rated.count(); ++i) {
        const auto image = images.findById(rated.at(i).at(0).toLongLong());
        ASSERT_TRUE(image);
        EXPECT_NE(image->prompt.value_or(std::string()), previous) << "the same prompt twice in a row at " << i;
        previous = image->prompt.value_or(std::string());
    }
}

TEST_F(ArtistFlowTest, BackspaceAndCtrlZTakeTheLastRatingBackAsARetractionRow)
{
    widgets::ArtistPage page(qs(dir_ / "ws"));
    showAndActivate(page);
    ASSERT_TRUE(page.createArtist(QStringLiteral("ada")));
    ASSERT_TRUE(page.startRating(QStringLiteral("ada")));
    EXPECT_FALSE(page.screen()->backButton()->isVisibleTo(&page)) << "nothing to take back yet";
    EXPECT_FALSE(page.takeBackLastRating());
    QSignalSpy rated(&page, &widgets::ArtistPage::rated);
    press(Qt::Key_2);
    press(Qt::Key_Return);
    press(Qt::Key_4);
    press(Qt::Key_Return);
    ASSERT_EQ(rated.count(), 2);
    EXPECT_EQ(page.remaining(), 4);
    const qint64 first = rated.at(0).at(0).toLongLong();
    const qint64 second = rated.at(1).at(0).toLongLong();
    // The person's current ratings (what training and the taste model count), image -> value.
    const auto current = [&] {
        auto workspace = services::Workspace::open(dir_ / "ws");
        auto person = storage::PeopleStore(workspace.database()).findByPseudonym("ada");
        std::map<std::int64_t, double> values;
        if (!person) return values;
        for (const auto& r : storage::AnswerStore(workspace.database()).ratingsOf(person->id))
            values[r.imageId] = r.value;
        return values;
    };
    const std::string image = std::to_string(second);

    press(Qt::Key_Backspace);
    EXPECT_EQ(page.remaining(), 5);
    EXPECT_EQ(page.statusText().toStdString(), "Rating taken back");
    EXPECT_DOUBLE_EQ(page.screen()->slider()->value(), 0.75) << "the slider starts at the value taken back";
    EXPECT_EQ(count("SELECT count(*) FROM ratings"), 3) << "a retraction row added, nothing deleted";
    EXPECT_EQ(count("SELECT count(*) FROM ratings t JOIN ratings old ON old.id = t.revises_id WHERE t.image_id = "
                  + image + " AND t.retracted = 1 AND old.retracted = 0 AND old.value = 0.75"),
        1);
    EXPECT_EQ(current().count(second), 0u) << "a rating taken back no longer counts";
    EXPECT_EQ(current().count(first), 1u) << "only the last rating is taken back";

    press(Qt::Key_Return);
    EXPECT_EQ(rated.count(), 2) << "the earlier rating is not confirmed by an untouched Enter";
    press(Qt::Key_5);
    press(Qt::Key_Return);
    ASSERT_EQ(rated.count(), 3);
    EXPECT_EQ(rated.at(2).at(0).toLongLong(), second) << "the same image, rated again";
    EXPECT_EQ(count("SELECT count(*) FROM ratings"), 4) << "nothing deleted";
    // The chain rating (0.75) -> retraction -> new rating (1.0), the new one current.
    EXPECT_EQ(count("SELECT count(*) FROM ratings r JOIN ratings t ON t.id = r.revises_id JOIN ratings old ON old.id = "
                    "t.revises_id WHERE r.image_id = "
                  + image
                  + " AND t.image_id = r.image_id AND old.image_id = r.image_id AND old.value = 0.75 AND "
                    "old.retracted = 0 AND t.retracted = 1 AND r.retracted = 0 AND r.value = 1"),
        1);
    {
        const auto values = current();
        EXPECT_EQ(values.size(), 2u);
        ASSERT_EQ(values.count(second), 1u) << "rated again, it counts again";
        EXPECT_DOUBLE_EQ(values.at(second), 1.0);
    }

    // Ctrl+Z does the same, from wherever the focus is on the rating screen; leaving without rating again leaves
    // the rating taken back.
    press(Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(page.remaining(), 5);
    EXPECT_EQ(rated.count(), 3);
    EXPECT_EQ(page.statusText().toStdString(), "Rating taken back");
    EXPECT_DOUBLE_EQ(page.screen()->slider()->value(), 1.0);
    EXPECT_EQ(count("SELECT count(*) FROM ratings WHERE retracted = 1"), 2);
    EXPECT_EQ(current().count(second), 0u);
}

// Any rated image can be rated again from the gallery: it is shown next with the slider at its rating, the answer is
// a revision of that rating, and rating then goes on with the image that was next.
TEST_F(ArtistFlowTest, AnImageOfTheGalleryIsRatedAgainAsARevision)
{
    widgets::ArtistPage page(qs(dir_ / "ws"));
    showAndActivate(page);
    ASSERT_TRUE(page.createArtist(QStringLiteral("gus")));
    ASSERT_TRUE(page.startRating(QStringLiteral("gus")));
    QSignalSpy rated(&page, &widgets::ArtistPage::rated);
    press(Qt::Key_1);
    press(Qt::Key_Return);
    press(Qt::Key_5);
    press(Qt::Key_Return);
    ASSERT_EQ(rated.count(), 2);
    const qint64 first = rated.at(0).at(0).toLongLong();
    const int remaining = page.remaining();
    EXPECT_FALSE(page.rateAgain(-1)) << "an image that is not in the gallery";

    page.showGallery();
    const QModelIndex firstInGallery = [&] {
        for (int row = 0; row < page.gallery()->rowCount(); ++row) {
            const QModelIndex index = page.gallery()->index(row);
            if (index.data(widgets::ArtistGalleryModel::ImageIdRole).toLongLong() == first) return index;
        }
        return QModelIndex();
    }();
    ASSERT_TRUE(firstInGallery.isValid());
    auto* view = page.findChild<QListView*>(QStringLiteral("artistGallery"));
    ASSERT_NE(view, nullptr);
    Q_EMIT view->activated(firstInGallery);  // what a double-click or Enter on it does
    EXPECT_EQ(page.remaining(), remaining + 1);
    EXPECT_DOUBLE_EQ(page.screen()->slider()->value(), 0.0) << "the slider starts at the earlier rating";
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("Rate this image again"));
    press(Qt::Key_3);
    press(Qt::Key_Return);
    ASSERT_EQ(rated.count(), 3);
    EXPECT_EQ(rated.at(2).at(0).toLongLong(), first);
    EXPECT_EQ(page.remaining(), remaining) << "rating goes on where it was";
    EXPECT_EQ(count("SELECT count(*) FROM ratings r JOIN ratings old ON old.id = r.revises_id WHERE r.image_id = "
                  + std::to_string(first) + " AND old.value = 0 AND r.value = 0.5"),
        1);
}

TEST_F(ArtistFlowTest, APersonIsChosenFromTheListOrCreatedOnPurpose)
{
    widgets::ArtistPage page(qs(dir_ / "ws"));
    showAndActivate(page);
    QComboBox* box = page.artistBox();
    EXPECT_FALSE(box->isEditable());
    EXPECT_FALSE(page.startRating(QString()));
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("New Artist"));

    EXPECT_FALSE(page.createArtist(QStringLiteral("   ")));
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("Type a name"));
    ASSERT_TRUE(page.createArtist(QStringLiteral("Mia")));
    EXPECT_EQ(box->count(), 1);
    EXPECT_EQ(box->currentText(), QStringLiteral("Mia"));
    EXPECT_FALSE(page.createArtist(QStringLiteral(" Mia ")));
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("already an artist called 'Mia'"));

    // Typing in the list selects at most; it never appends to a name or makes a person.
    box->setFocus();
    QTest::keyClicks(box, QStringLiteral("Mia"));
    EXPECT_EQ(box->count(), 1);
    EXPECT_EQ(box->currentText(), QStringLiteral("Mia"));
    EXPECT_FALSE(page.startRating(QStringLiteral("MiaMia")));
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("no artist called 'MiaMia'"));
    EXPECT_EQ(count("SELECT count(*) FROM people"), 1);

    // The New Artist… button asks for the name.
    auto* button = page.findChild<QPushButton*>(QStringLiteral("newArtist"));
    ASSERT_NE(button, nullptr);
    bool answered = false;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget())) {
            dialog->setTextValue(QStringLiteral("Noa"));
            dialog->accept();
            answered = true;
        }
    });
    poll.start(20);
    QTest::mouseClick(button, Qt::LeftButton);
    poll.stop();
    EXPECT_TRUE(answered);
    EXPECT_EQ(box->count(), 2);
    EXPECT_EQ(box->currentText(), QStringLiteral("Noa"));
    EXPECT_EQ(count("SELECT count(*) FROM people WHERE pseudonym = 'Noa' AND role = 'artist'"), 1);
    ASSERT_TRUE(page.startRating(box->currentText()));
    EXPECT_EQ(page.remaining(), 6);
}

TEST_F(ArtistFlowTest, ArtistModeShortcutIsNotSelectAllAndClashesWithNothing)
{
    gui::AppSettings settings(std::make_unique<QSettings>(qs(dir_ / "settings.ini"), QSettings::IniFormat));
    widgets::MainWindow window(settings);
    showAndActivate(window);
    ASSERT_TRUE(window.openWorkspace(qs(dir_ / "ws")));

    QAction* artist = nullptr;
    std::map<QString, QString> owner;  // shortcut -> action
    std::function<void(QMenu*)> walk = [&](QMenu* menu) {
        for (QAction* action : menu->actions()) {
            if (action->menu()) walk(action->menu());
            if (action->text() == QStringLiteral("&Artist Mode")) artist = action;
            for (const QKeySequence& key : action->shortcuts()) {
                const QString text = key.toString(QKeySequence::PortableText);
                EXPECT_FALSE(owner.count(text)) << text.toStdString() << " is used by both "
                                                << owner[text].toStdString() << " and " << action->text().toStdString();
                owner[text] = action->text();
            }
        }
    };
    for (QAction* top : window.menuBar()->actions()) {
        if (top->menu()) walk(top->menu());
    }
    ASSERT_NE(artist, nullptr);
    ASSERT_FALSE(artist->shortcut().isEmpty());
    for (const QKeySequence& selectAll : QKeySequence::keyBindings(QKeySequence::SelectAll)) {
        EXPECT_NE(artist->shortcut(), selectAll);
    }
    for (const QKeySequence& deselect : QKeySequence::keyBindings(QKeySequence::Deselect)) {
        EXPECT_NE(artist->shortcut(), deselect);
    }

    // The shortcut opens artist mode; there, Ctrl+Z takes the rating back instead of reaching Edit > Undo.
    QTest::keySequence(&window, artist->shortcut());
    auto* page = qobject_cast<widgets::ArtistPage*>(window.findChild<QStackedWidget*>()->currentWidget());
    ASSERT_NE(page, nullptr);
    ASSERT_TRUE(page->createArtist(QStringLiteral("ada")));
    ASSERT_TRUE(page->startRating(QStringLiteral("ada")));
    press(Qt::Key_3);
    press(Qt::Key_Right);
    press(Qt::Key_Return);
    EXPECT_EQ(page->remaining(), 5);
    press(Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(page->remaining(), 6);
}

TEST_F(ArtistFlowTest, HidingThePredictionIsRemembered)
{
    const QString ini = qs(dir_ / "settings.ini");
    {
        gui::AppSettings settings(std::make_unique<QSettings>(ini, QSettings::IniFormat));
        widgets::MainWindow window(settings);
        ASSERT_TRUE(window.openWorkspace(qs(dir_ / "ws")));
        widgets::ArtistPage* page = window.showArtistMode();
        ASSERT_NE(page, nullptr);
        EXPECT_TRUE(page->showPrediction()) << "shown until the artist hides it";
        QSignalSpy changed(page, &widgets::ArtistPage::showPredictionChanged);
        auto* box = page->findChild<QCheckBox*>();
        ASSERT_NE(box, nullptr);
        EXPECT_EQ(box->text(), QStringLiteral("Show my model's prediction"));
        box->click();
        EXPECT_FALSE(page->showPrediction());
        ASSERT_EQ(changed.count(), 1);
        EXPECT_FALSE(changed.at(0).at(0).toBool());
    }
    gui::AppSettings settings(std::make_unique<QSettings>(ini, QSettings::IniFormat));
    widgets::MainWindow window(settings);
    ASSERT_TRUE(window.openWorkspace(qs(dir_ / "ws")));
    widgets::ArtistPage* page = window.showArtistMode();
    ASSERT_NE(page, nullptr);
    EXPECT_FALSE(page->showPrediction());
}

TEST_F(ArtistFlowTest, ThePredictionComesFromTheTasteModelWithoutATrainedRewardModel)
{
    ASSERT_EQ(count("SELECT count(*) FROM model_checkpoints"), 0) << "the workspace must have no reward model";
    widgets::ArtistPage page(qs(dir_ / "ws"));
    showAndActivate(page);
    ASSERT_TRUE(page.createArtist(QStringLiteral("ada")));
    ASSERT_TRUE(page.startRating(QStringLiteral("ada")));
    // No answers and no one else to learn a prior from: nothing to predict yet, and the page says so.
    const bool toldToRate =
        QTest::qWaitFor([&] { return page.predictionText().contains(QStringLiteral("Rate a few images")); }, 60000);
    EXPECT_TRUE(toldToRate) << page.predictionText().toStdString();

    // One answer and the taste model predicts the next image, refitted off the GUI thread.
    QSignalSpy updated(&page, &widgets::ArtistPage::predictionUpdated);
    QSignalSpy rated(&page, &widgets::ArtistPage::rated);
    press(Qt::Key_Right);
    press(Qt::Key_Return);
    ASSERT_EQ(rated.count(), 1) << page.statusText().toStdString() << " focus: "
                                << (QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className()
                                                                : "none");
    ASSERT_TRUE(updated.wait(60000)) << page.predictionText().toStdString();
    EXPECT_THAT(page.predictionText().toStdString(), HasSubstr("predicts"));
    EXPECT_THAT(page.predictionText().toStdString(), HasSubstr("1 answer"));
    const qint64 imageId = updated.last().at(0).toLongLong();
    const double predicted = updated.last().at(1).toDouble();
    const double seconds = updated.last().at(2).toDouble();
    EXPECT_LT(seconds, 1.0) << "the person's model updates within a second of each answer";
    std::printf("[ figure ] taste model refitted and the next image scored in %.4f s\n", seconds);
    // The same prediction as the artist's taste model built here from the stored answer (no reward model exists).
    auto workspace = services::Workspace::open(dir_ / "ws");
    const auto person = storage::PeopleStore(workspace.database()).findByPseudonym("ada");
    ASSERT_TRUE(person);
    services::PersonTasteModel taste(workspace, person->id);
    EXPECT_EQ(taste.answers(), 1u);
    EXPECT_NEAR(predicted, taste.predict({imageId}).at(0).score, 1e-9);
    EXPECT_EQ(count("SELECT count(*) FROM model_checkpoints"), 0);
}

}  // namespace

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}

// The library page, driven like a person would (key presses on the grid, the person filter) on Qt's offscreen
// platform, and checked against the rows in SQLite: filters hide what they should, sorts by rating and predicted score
// order as expected, the keys 1-5 store the five anchors for the selected person (a second key a revision row), the
// detail pane lists every rating with who, and an empty workspace invites an import.
#include "app/gui/app_settings.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/people.h"
#include "storage/statement.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"
#include "widgets/library_detail_pane.h"
#include "widgets/library_model.h"
#include "widgets/library_page.h"
#include "widgets/library_view.h"
#include "widgets/main_window.h"
#include "widgets/rating_slider.h"
#include "widgets/workspace_page.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QListView>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>
#include <QUrl>

#include <gmock/gmock.h>

using namespace tastelab;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;
using Filter = widgets::LibraryFilterModel;

namespace {

QString qs(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

model::RgbImage filled(int shade, int side = 24)
{
    model::RgbImage image;
    image.width = image.height = side;
    image.pixels.assign(std::size_t(side * side * 3), static_cast<std::uint8_t>(shade));
    return image;
}

// The ids of the rows the proxy shows, in order.
QList<qint64> shownIds(const QAbstractItemModel& model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        ids.append(model.index(row, 0).data(widgets::LibraryModel::ImageIdRole).toLongLong());
    }
    return ids;
}

class LibraryPageTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto workspace = services::Workspace::create(dir_ / "ws", "library");
        // Eight images: "fox" prompts from sd-turbo, "whale" prompts from procedural.
        for (int i = 0; i < 8; ++i) {
            services::GeneratedImage info;
            info.generator = i % 2 == 0 ? "sd-turbo" : "procedural";
            info.prompt = i % 2 == 0 ? "a red fox " + std::to_string(i) : "a blue whale " + std::to_string(i);
            info.seed = 1000 + i;
            ids_.push_back(services::addGeneratedImage(workspace, filled(20 + 25 * i), info));
        }
        storage::PeopleStore people(workspace.database());
        storage::Person ada;
        ada.pseudonym = "ada";
        ada.role = storage::PersonRole::Artist;
        ada_ = people.insert(ada);
        storage::Person bob;
        bob.pseudonym = "bob";
        bob_ = people.insert(bob);
        storage::AnswerStore answers(workspace.database());
        auto rate = [&answers](std::int64_t person, std::int64_t image, double value) {
            storage::SliderRating rating;
            rating.personId = person;
            rating.imageId = image;
            rating.value = value;
            answers.recordRating(rating);
        };
        rate(ada_, ids_[0], 0.9);
        rate(ada_, ids_[1], 0.2);
        rate(ada_, ids_[2], 0.6);
        rate(bob_, ids_[0], 0.4);
        rate(bob_, ids_[3], 0.8);
    }

    QString folder() const { return qs(dir_ / "ws"); }

    void showAndActivate(QWidget& widget)
    {
        widget.resize(1280, 800);
        widget.show();
        QApplication::setActiveWindow(&widget);
        ASSERT_TRUE(QTest::qWaitForWindowActive(&widget));
    }

    TempDir dir_;
    std::vector<std::int64_t> ids_;
    std::int64_t ada_ = 0;
    std::int64_t bob_ = 0;
};

TEST_F(LibraryPageTest, FiltersHideWhatTheyShould)
{
    widgets::LibraryPage page(folder());
    widgets::LibraryView* view = page.library();
    Filter* filter = view->filterModel();
    ASSERT_EQ(filter->rowCount(), 8);
    filter->sortBy(Filter::SortKey::Date, Qt::AscendingOrder);

    filter->setPromptFilter(QStringLiteral("FOX"));
    EXPECT_EQ(shownIds(*filter).size(), 4);
    for (const qint64 id : shownIds(*filter)) EXPECT_EQ((id - ids_[0]) % 2, 0) << "only the fox images";
    filter->setPromptFilter({});

    filter->setGenerator(QStringLiteral("procedural"));
    EXPECT_EQ(shownIds(*filter), (QList<qint64>{ids_[1], ids_[3], ids_[5], ids_[7]}));
    filter->setGenerator({});

    // Everyone: rated means rated by anyone.
    filter->setRatingFilter(Filter::RatingFilter::Rated);
    EXPECT_EQ(shownIds(*filter), (QList<qint64>{ids_[0], ids_[1], ids_[2], ids_[3]}));
    filter->setRatingFilter(Filter::RatingFilter::Unrated);
    EXPECT_EQ(shownIds(*filter), (QList<qint64>{ids_[4], ids_[5], ids_[6], ids_[7]}));

    // The person filter: rated and unrated are now theirs.
    view->selectPerson(bob_);
    ASSERT_EQ(view->selectedPersonName(), QStringLiteral("bob"));
    filter->setRatingFilter(Filter::RatingFilter::Rated);
    EXPECT_EQ(shownIds(*filter), (QList<qint64>{ids_[0], ids_[3]}));
    filter->setRatingFilter(Filter::RatingFilter::Unrated);
    EXPECT_EQ(shownIds(*filter).size(), 6);
    EXPECT_FALSE(shownIds(*filter).contains(ids_[3]));

    // A rating range: ada's 0.5..1 keeps 0.9 and 0.6; everyone's mean of image 0 is 0.65.
    view->selectPerson(ada_);
    filter->setRatingRange(0.5, 1.0);
    EXPECT_EQ(shownIds(*filter), (QList<qint64>{ids_[0], ids_[2]}));
    filter->setRatingRange(0.0, 0.3);
    EXPECT_EQ(shownIds(*filter), (QList<qint64>{ids_[1]}));
    view->selectPerson(0);
    filter->setRatingRange(0.7, 1.0);
    EXPECT_EQ(shownIds(*filter), (QList<qint64>{ids_[3]})) << "image 0's mean is 0.65";
}

TEST_F(LibraryPageTest, SortsByTheSelectedPersonsRatingAndPredictedScore)
{
    widgets::LibraryPage page(folder());
    widgets::LibraryView* view = page.library();
    Filter* filter = view->filterModel();
    view->selectPerson(ada_);
    filter->sortBy(Filter::SortKey::MeanRating, Qt::DescendingOrder);
    const QList<qint64> byRating = shownIds(*filter);
    ASSERT_EQ(byRating.size(), 8);
    EXPECT_EQ(byRating.mid(0, 3), (QList<qint64>{ids_[0], ids_[2], ids_[1]})) << "ada's 0.9, 0.6, 0.2, unrated last";
    view->selectPerson(bob_);
    EXPECT_EQ(shownIds(*filter).mid(0, 2), (QList<qint64>{ids_[3], ids_[0]}));

    // Predicted scores (as the scoring task hands them over): the sort follows them, unscored images last.
    QHash<qint64, double> scores;
    const double given[] = {0.3, 0.95, 0.1, 0.5, 0.7, 0.2, 0.85};
    for (int i = 0; i < 7; ++i) scores.insert(ids_[std::size_t(i)], given[i]);
    view->model()->setPredictedScores(scores);
    filter->sortBy(Filter::SortKey::PredictedScore, Qt::DescendingOrder);
    EXPECT_EQ(
        shownIds(*filter), (QList<qint64>{ids_[1], ids_[6], ids_[4], ids_[3], ids_[0], ids_[5], ids_[2], ids_[7]}));
    filter->sortBy(Filter::SortKey::PredictedScore, Qt::AscendingOrder);
    EXPECT_EQ(shownIds(*filter).first(), ids_[7]) << "unscored sorts lowest";
    EXPECT_EQ(shownIds(*filter).at(1), ids_[2]);
    // Another person's scores are never shown under this one.
    view->selectPerson(ada_);
    EXPECT_FALSE(view->model()->hasPredictedScores());
}

TEST_F(LibraryPageTest, KeyFourStoresThreeQuartersForTheSelectedPersonAndASecondKeyARevision)
{
    widgets::LibraryPage page(folder());
    showAndActivate(page);
    QListView* grid = page.library()->listView();
    ASSERT_TRUE(page.selectImage(ids_[5]));
    grid->setFocus();

    // Nobody chosen: nothing is stored, and the page says why.
    QTest::keyClick(grid, Qt::Key_4);
    auto workspace = services::Workspace::open(dir_ / "ws");
    auto count = [&workspace](const std::string& sql) {
        auto statement = workspace.database().prepare(sql);
        return statement.step() ? statement.columnInt(0) : -1;
    };
    EXPECT_EQ(count("SELECT count(*) FROM ratings"), 5);
    EXPECT_THAT(page.statusText().toStdString(), HasSubstr("person"));

    page.library()->selectPerson(bob_);
    ASSERT_TRUE(page.selectImage(ids_[5]));
    QSignalSpy rated(&page, &widgets::LibraryPage::rated);
    QTest::keyClick(grid, Qt::Key_4);
    ASSERT_EQ(rated.count(), 1);
    const std::string where = "FROM ratings r JOIN sessions s ON s.id = r.session_id WHERE r.image_id = "
        + std::to_string(ids_[5]) + " AND r.person_id = " + std::to_string(bob_);
    {
        auto statement = workspace.database().prepare("SELECT r.value, r.source, s.mode, r.revises_id " + where);
        ASSERT_TRUE(statement.step());
        EXPECT_DOUBLE_EQ(statement.columnDouble(0), 0.75);
        EXPECT_EQ(statement.columnText(1), "app");
        EXPECT_EQ(statement.columnText(2), "artist");
        EXPECT_TRUE(statement.isNull(3));
        EXPECT_FALSE(statement.step());
    }
    // The keypad's 2 too: a revision of the first row, which stays.
    QTest::keyClick(grid, Qt::Key_2, Qt::KeypadModifier);
    {
        auto statement = workspace.database().prepare("SELECT r.id, r.value, r.revises_id " + where + " ORDER BY r.id");
        ASSERT_TRUE(statement.step());
        const std::int64_t first = statement.columnInt(0);
        EXPECT_DOUBLE_EQ(statement.columnDouble(1), 0.75);
        ASSERT_TRUE(statement.step());
        EXPECT_DOUBLE_EQ(statement.columnDouble(1), 0.25);
        EXPECT_EQ(statement.columnOptionalInt(2), first);
        EXPECT_FALSE(statement.step());
    }
    const QModelIndex source = page.library()->model()->index(page.library()->model()->rowOf(ids_[5]));
    EXPECT_DOUBLE_EQ(source.data(widgets::LibraryModel::PersonRatingRole).toDouble(), 0.25);
    EXPECT_EQ(count("SELECT count(*) FROM ratings WHERE person_id = " + std::to_string(ada_)), 3) << "ada untouched";

    // Each key is its anchor: 1 -> 0, 5 -> 1.
    ASSERT_TRUE(page.selectImage(ids_[6]));
    QTest::keyClick(grid, Qt::Key_1);
    ASSERT_TRUE(page.selectImage(ids_[7]));
    QTest::keyClick(grid, Qt::Key_5);
    EXPECT_EQ(count("SELECT count(*) FROM ratings WHERE value = 0 AND image_id = " + std::to_string(ids_[6])), 1);
    EXPECT_EQ(count("SELECT count(*) FROM ratings WHERE value = 1 AND image_id = " + std::to_string(ids_[7])), 1);
}

TEST_F(LibraryPageTest, TheDetailPaneShowsEveryRatingWithWho)
{
    widgets::LibraryPage page(folder());
    showAndActivate(page);
    page.library()->selectPerson(ada_);
    ASSERT_TRUE(page.selectImage(ids_[0]));
    widgets::LibraryDetailPane* pane = page.detailPane();
    EXPECT_EQ(pane->imageId(), ids_[0]);
    EXPECT_THAT(pane->promptText().toStdString(), HasSubstr("a red fox 0"));
    ASSERT_EQ(pane->ratings().size(), 2);
    EXPECT_EQ(pane->ratings().at(0).person, QStringLiteral("ada"));
    EXPECT_DOUBLE_EQ(pane->ratings().at(0).value, 0.9);
    EXPECT_EQ(pane->ratings().at(1).person, QStringLiteral("bob"));
    EXPECT_DOUBLE_EQ(pane->ratings().at(1).value, 0.4);
    ASSERT_EQ(pane->ratingsView()->topLevelItemCount(), 2);
    EXPECT_EQ(pane->ratingsView()->topLevelItem(1)->text(0), QStringLiteral("bob"));
    EXPECT_EQ(pane->ratingsView()->topLevelItem(1)->text(1), QLocale().toString(0.4, 'f', 2));
    EXPECT_DOUBLE_EQ(pane->slider()->value(), 0.9) << "the slider starts at ada's rating";

    // Ada re-rates with the slider and Rate: a third row, and her first one is marked replaced.
    pane->resetSlider(0.3);
    pane->rateButton()->click();
    ASSERT_EQ(pane->ratings().size(), 3);
    EXPECT_TRUE(pane->ratings().at(0).replaced);
    EXPECT_FALSE(pane->ratings().at(1).replaced);
    EXPECT_EQ(pane->ratings().at(2).person, QStringLiteral("ada"));
    EXPECT_DOUBLE_EQ(pane->ratings().at(2).value, 0.3);
    EXPECT_THAT(pane->ratingsView()->topLevelItem(0)->text(3).toStdString(), HasSubstr("replaced"));

    // Several selected: the pane says how many.
    page.library()->listView()->selectAll();
    EXPECT_EQ(pane->imageId(), 0);
}

TEST_F(LibraryPageTest, AnEmptyWorkspaceInvitesAnImportAndDropsAskForOne)
{
    services::Workspace::create(dir_ / "empty", "empty");
    widgets::LibraryPage page(qs(dir_ / "empty"));
    showAndActivate(page);
    EXPECT_TRUE(page.library()->showsInvitation());
    EXPECT_TRUE(page.library()->emptyInvitation()->isVisible());
    QSignalSpy imports(&page, &widgets::LibraryPage::importRequested);
    QMimeData mime;
    const QString file = qs(dir_ / "new.png");
    mime.setUrls({QUrl::fromLocalFile(file)});
    QWidget* target = page.library();
    const QPoint centre = target->rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    ASSERT_EQ(imports.count(), 1);
    EXPECT_EQ(imports.at(0).at(0).toStringList(), QStringList{file});

    widgets::LibraryPage full(folder());
    EXPECT_FALSE(full.library()->showsInvitation());
}

TEST_F(LibraryPageTest, TheLibraryIsTheMainPageOfAnOpenWorkspace)
{
    gui::AppSettings settings(std::make_unique<QSettings>(qs(dir_ / "settings.ini"), QSettings::IniFormat));
    widgets::MainWindow window(settings);
    ASSERT_TRUE(window.openWorkspace(folder()));
    auto* pages = qobject_cast<QStackedWidget*>(window.centralWidget());
    ASSERT_TRUE(pages);
    widgets::LibraryPage* page = window.libraryPage();
    ASSERT_TRUE(page);
    EXPECT_EQ(pages->currentWidget(), page);
    EXPECT_EQ(page->library()->model()->rowCount(), 8);
    window.resize(1280, 800);
    window.show();
    page->setOverviewVisible(false);
    EXPECT_FALSE(page->overviewVisible());
    window.showWorkspaceOverview();
    EXPECT_TRUE(page->overviewVisible()) << "the counts come back in the side panel";
    window.closeWorkspace();
    EXPECT_EQ(window.libraryPage(), nullptr);
}

// End to end with a trained model: the scores are computed off the GUI thread for the selected person, one per image,
// and the predicted sort follows them. Also prints the time to open and scroll this workspace.
TEST(LibraryPagePredictionTest, ScoresEveryImageForTheSelectedPersonInTheBackground)
{
    TempDir dir;
    tastelab::testing::buildSmallDemo(dir / "demo", 1);
    widgets::LibraryPage page(qs(dir / "demo"));
    page.resize(1280, 800);
    page.show();
    QSignalSpy finished(&page, &widgets::LibraryPage::predictionsFinished);
    auto* library = page.library();
    ASSERT_GT(library->model()->people().size(), 1);
    library->selectPerson(library->model()->people().at(1).first);
    ASSERT_TRUE(finished.wait(120000)) << page.statusText().toStdString();
    ASSERT_EQ(finished.at(0).at(1).toString(), QString());
    const int images = library->model()->rowCount();
    EXPECT_EQ(finished.at(0).at(0).toInt(), images);
    library->filterModel()->sortBy(Filter::SortKey::PredictedScore, Qt::DescendingOrder);
    double previous = 2.0;
    for (int row = 0; row < library->filterModel()->rowCount(); ++row) {
        const QVariant score = library->filterModel()->index(row, 0).data(widgets::LibraryModel::PredictedScoreRole);
        ASSERT_TRUE(score.isValid()) << "row " << row;
        EXPECT_GE(score.toDouble(), 0.0);
        EXPECT_LE(score.toDouble(), 1.0);
        EXPECT_LE(score.toDouble(), previous);
        previous = score.toDouble();
    }
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

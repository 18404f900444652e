// The designer's library and participants views on Qt's offscreen platform: rows and roles match
// what was stored, filters and sorting narrow and order as computed here, thumbnails arrive, drops
// ask for an import, and people edits undo and redo through the stack (never deleting answers).
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "storage/people.h"
#include "storage/studies.h"
#include "tests/support/gui_fixtures.h"
#include "widgets/library_model.h"
#include "widgets/library_view.h"
#include "widgets/participants_view.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QListView>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QUndoStack>
#include <QUrl>

#include <gmock/gmock.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

using namespace tastelab;
using tastelab::testing::saveScreenshot;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

namespace {

struct Inserted {
    qint64 id = 0;
    std::string prompt;
    std::string generator;
    QColor color;
    std::vector<double> ratings;  // not counting attention checks
    QStringList studies;
};

std::optional<double> meanOf(const std::vector<double>& values)
{
    if (values.empty()) return std::nullopt;
    double sum = 0;
    for (double v : values) sum += v;
    return sum / double(values.size());
}

model::RgbImage filled(const QColor& color, int width, int height)
{
    model::RgbImage image;
    image.width = width;
    image.height = height;
    for (int i = 0; i < width * height; ++i) {
        image.pixels.push_back(std::uint8_t(color.red()));
        image.pixels.push_back(std::uint8_t(color.green()));
        image.pixels.push_back(std::uint8_t(color.blue()));
    }
    return image;
}

class DesignerTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto workspace = services::Workspace::create(dir_ / "ws", "Designer");
        const std::vector<std::string> prompts = {"warm sunset over the sea", "cold blue mountain",
            "Warm pastel flowers", "a cat", "neon city at night", "WARM bread on a table", "minimal grey square",
            "portrait of an old sailor with a long white beard in oil paint", "cold morning fog", "red apple",
            "warmth of a fireplace", "green forest"};
        for (int i = 0; i < int(prompts.size()); ++i) {
            Inserted image;
            image.prompt = prompts[std::size_t(i)];
            image.generator = i % 3 == 0 ? "sd-turbo" : "procedural-v1";
            image.color = QColor(20 * i, 230 - 15 * i, (60 + 37 * i) % 256);
            services::GeneratedImage info;
            info.generator = image.generator;
            info.prompt = image.prompt;
            info.seed = i;
            image.id = services::addGeneratedImage(workspace, filled(image.color, 24 + i, 20), info);
            images_.push_back(image);
        }

        storage::Database& db = workspace.database();
        storage::PeopleStore people(db);
        const std::int64_t ada = people.insert(storage::Person{});  // P0001
        const std::int64_t bob = people.insert(storage::Person{});  // P0002
        storage::AnswerStore answers(db);
        const auto rate = [&](std::int64_t person, int image, double value, bool isCatch = false) {
            storage::SliderRating rating;
            rating.personId = person;
            rating.imageId = images_[std::size_t(image)].id;
            rating.value = value;
            rating.isCatch = isCatch;
            const std::int64_t id = answers.recordRating(rating);
            if (!isCatch) images_[std::size_t(image)].ratings.push_back(value);
            return id;
        };
        rate(ada, 0, 0.2);
        rate(bob, 0, 0.4);
        rate(ada, 1, 0.9);
        rate(ada, 2, 0.6);
        rate(bob, 2, 0.8);
        rate(bob, 3, 0.55);
        rate(ada, 3, 1.0, true);  // an attention check says nothing of taste
        rate(ada, 7, 0.1);

        storage::StudyStore studies(db);
        for (const auto& [name, members] :
            std::map<std::string, std::vector<int>>{{"Pilot", {4, 5}}, {"Main", {5, 6}}}) {
            storage::Study study;
            study.name = name;
            const std::int64_t studyId = studies.createStudy(study);
            for (int member : members) {
                storage::StudyItem item;
                item.studyId = studyId;
                item.imageId = images_[std::size_t(member)].id;
                studies.addItem(item);
                images_[std::size_t(member)].studies.append(QString::fromStdString(name));
            }
        }
    }

    QString folder() const { return QString::fromStdString((dir_ / "ws").string()); }

    // The ids a filter should leave, computed from what SetUp inserted.
    std::vector<qint64> idsWhere(const std::function<bool(const Inserted&)>& keep) const
    {
        std::vector<qint64> ids;
        for (const Inserted& image : images_) {
            if (keep(image)) ids.push_back(image.id);
        }
        return ids;
    }

    static std::vector<qint64> idsOf(const QAbstractItemModel& model)
    {
        std::vector<qint64> ids;
        for (int row = 0; row < model.rowCount(); ++row) {
            ids.push_back(model.index(row, 0).data(widgets::LibraryModel::ImageIdRole).toLongLong());
        }
        return ids;
    }

    static bool containsCaseInsensitive(const std::string& text, const std::string& part)
    {
        return QString::fromStdString(text).contains(QString::fromStdString(part), Qt::CaseInsensitive);
    }

    TempDir dir_;
    std::vector<Inserted> images_;
};

TEST_F(DesignerTest, LibraryModelHasOneRowPerImageWithItsRoles)
{
    widgets::LibraryModel model(folder());
    ASSERT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
    ASSERT_EQ(model.rowCount(), int(images_.size()));
    for (std::size_t i = 0; i < images_.size(); ++i) {
        const Inserted& image = images_[i];
        SCOPED_TRACE(image.prompt);
        const int row = model.rowOf(image.id);
        ASSERT_GE(row, 0);
        const QModelIndex index = model.index(row);
        EXPECT_EQ(index.data(widgets::LibraryModel::ImageIdRole).toLongLong(), image.id);
        EXPECT_EQ(index.data(widgets::LibraryModel::PromptRole).toString().toStdString(), image.prompt);
        EXPECT_EQ(index.data(widgets::LibraryModel::GeneratorRole).toString().toStdString(), image.generator);
        EXPECT_EQ(index.data(widgets::LibraryModel::SizeRole).toSize(), QSize(24 + int(i), 20));
        EXPECT_EQ(index.data(widgets::LibraryModel::OriginRole).toString(), QStringLiteral("generated"));
        EXPECT_TRUE(QFile::exists(index.data(widgets::LibraryModel::FilePathRole).toString()));
        EXPECT_TRUE(QFile::exists(index.data(widgets::LibraryModel::ThumbnailPathRole).toString()));
        EXPECT_EQ(index.data(widgets::LibraryModel::RatingCountRole).toInt(), int(image.ratings.size()));
        const QVariant mean = index.data(widgets::LibraryModel::MeanRatingRole);
        if (const auto expected = meanOf(image.ratings)) {
            ASSERT_TRUE(mean.isValid());
            EXPECT_NEAR(mean.toDouble(), *expected, 1e-9);
        } else {
            EXPECT_FALSE(mean.isValid());
        }
        EXPECT_EQ(index.data(widgets::LibraryModel::StudiesRole).toStringList(), image.studies);
        EXPECT_THAT(index.data(Qt::ToolTipRole).toString().toStdString(), HasSubstr(image.generator));

        const QString display = index.data(Qt::DisplayRole).toString();
        if (image.prompt.size() <= 40) {
            EXPECT_EQ(display.toStdString(), image.prompt);
        } else {
            EXPECT_LE(display.size(), 40);
            EXPECT_TRUE(display.endsWith(QChar(0x2026))) << display.toStdString();
            EXPECT_TRUE(QString::fromStdString(image.prompt).startsWith(display.chopped(1)));
        }
    }
    EXPECT_EQ(model.rowOf(999999), -1);
    EXPECT_EQ(model.generators(), (QStringList{QStringLiteral("procedural-v1"), QStringLiteral("sd-turbo")}));
    EXPECT_EQ(model.studies(), (QStringList{QStringLiteral("Main"), QStringLiteral("Pilot")}));
}

TEST_F(DesignerTest, DraggedImagesCarryTheirIds)
{
    widgets::LibraryModel model(folder());
    const QModelIndexList rows = {model.index(model.rowOf(images_[3].id)), model.index(model.rowOf(images_[8].id))};
    std::unique_ptr<QMimeData> mime(model.mimeData(rows));
    ASSERT_TRUE(mime);
    EXPECT_TRUE(mime->hasFormat(widgets::LibraryModel::imageIdsMimeType()));
    EXPECT_EQ(widgets::LibraryModel::imageIdsFromMimeData(mime.get()), (QList<qint64>{images_[3].id, images_[8].id}));
    EXPECT_TRUE(model.flags(rows.first()) & Qt::ItemIsDragEnabled);
}

TEST_F(DesignerTest, EachFilterNarrowsToTheExpectedImages)
{
    using Filter = widgets::LibraryFilterModel;
    widgets::LibraryModel model(folder());
    widgets::LibraryFilterModel filter;
    filter.setSourceModel(&model);
    ASSERT_EQ(filter.rowCount(), int(images_.size()));

    filter.setPromptFilter(QStringLiteral("warm"));
    const auto warm = idsWhere([](const Inserted& i) { return containsCaseInsensitive(i.prompt, "warm"); });
    ASSERT_EQ(warm.size(), 4u);  // "warm", "Warm", "WARM" and "warmth": the filter ignores case
    EXPECT_THAT(idsOf(filter), UnorderedElementsAreArray(warm));
    filter.setPromptFilter({});

    filter.setGenerator(QStringLiteral("sd-turbo"));
    const auto turbo = idsWhere([](const Inserted& i) { return i.generator == "sd-turbo"; });
    ASSERT_EQ(turbo.size(), 4u);
    EXPECT_THAT(idsOf(filter), UnorderedElementsAreArray(turbo));
    filter.setGenerator({});

    filter.setStudy(QStringLiteral("Main"));
    EXPECT_THAT(idsOf(filter), UnorderedElementsAreArray(idsWhere([](const Inserted& i) {
        return i.studies.contains(QStringLiteral("Main"));
    })));
    filter.setStudy({});

    filter.setRatingFilter(Filter::RatingFilter::Unrated);
    EXPECT_THAT(
        idsOf(filter), UnorderedElementsAreArray(idsWhere([](const Inserted& i) { return i.ratings.empty(); })));
    filter.setRatingFilter(Filter::RatingFilter::Rated);
    const auto rated = idsWhere([](const Inserted& i) { return !i.ratings.empty(); });
    ASSERT_EQ(rated.size(), 5u);
    EXPECT_THAT(idsOf(filter), UnorderedElementsAreArray(rated));
    filter.setRatingFilter(Filter::RatingFilter::AtLeast, 0.6);
    const auto liked = idsWhere([](const Inserted& i) { return meanOf(i.ratings).value_or(-1) >= 0.6; });
    ASSERT_EQ(liked.size(), 2u);  // 0.9 and 0.7; 0.55 would be 1.0 if the attention check counted
    EXPECT_THAT(idsOf(filter), UnorderedElementsAreArray(liked));

    // Filters combine.
    filter.setRatingFilter(Filter::RatingFilter::Rated);
    filter.setPromptFilter(QStringLiteral("WARM"));
    EXPECT_THAT(idsOf(filter), UnorderedElementsAreArray(idsWhere([](const Inserted& i) {
        return !i.ratings.empty() && containsCaseInsensitive(i.prompt, "warm");
    })));
    filter.setGenerator(QStringLiteral("no such generator"));
    EXPECT_EQ(filter.rowCount(), 0);
}

TEST_F(DesignerTest, SortsByMeanRatingWithUnratedLast)
{
    widgets::LibraryModel model(folder());
    widgets::LibraryFilterModel filter;
    filter.setSourceModel(&model);
    filter.sortBy(widgets::LibraryFilterModel::SortKey::MeanRating, Qt::DescendingOrder);

    std::vector<const Inserted*> rated;
    for (const Inserted& image : images_) {
        if (!image.ratings.empty()) rated.push_back(&image);
    }
    std::sort(rated.begin(), rated.end(),
        [](const Inserted* a, const Inserted* b) { return *meanOf(a->ratings) > *meanOf(b->ratings); });
    const std::vector<qint64> order = idsOf(filter);
    ASSERT_EQ(order.size(), images_.size());
    for (std::size_t i = 0; i < rated.size(); ++i) EXPECT_EQ(order[i], rated[i]->id) << "position " << i;
    for (std::size_t i = rated.size(); i < order.size(); ++i) {
        EXPECT_FALSE(filter.index(int(i), 0).data(widgets::LibraryModel::MeanRatingRole).isValid());
    }

    filter.sortBy(widgets::LibraryFilterModel::SortKey::MeanRating, Qt::AscendingOrder);
    EXPECT_EQ(idsOf(filter).back(), rated.front()->id);

    filter.sortBy(widgets::LibraryFilterModel::SortKey::Prompt, Qt::AscendingOrder);
    EXPECT_EQ(filter.index(0, 0).data(widgets::LibraryModel::PromptRole).toString(), QStringLiteral("a cat"));
}

TEST_F(DesignerTest, ThumbnailsArriveOffTheGuiThreadAndShowTheImage)
{
    widgets::LibraryModel model(folder());
    QSignalSpy ready(&model, &widgets::LibraryModel::thumbnailReady);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        EXPECT_FALSE(index.data(Qt::DecorationRole).value<QIcon>().isNull());  // the placeholder
        EXPECT_FALSE(index.data(widgets::LibraryModel::ThumbnailReadyRole).toBool());
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return ready.count() == model.rowCount(); }, 10000));

    for (const Inserted& image : images_) {
        SCOPED_TRACE(image.prompt);
        const QModelIndex index = model.index(model.rowOf(image.id));
        EXPECT_TRUE(index.data(widgets::LibraryModel::ThumbnailReadyRole).toBool());
        const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
        ASSERT_FALSE(icon.isNull());
        const QImage pixels = icon.pixmap(widgets::LibraryModel::kThumbnailSide).toImage();
        ASSERT_FALSE(pixels.isNull());
        // The centre of the thumbnail is the colour the image was filled with (JPEG: give or take a little).
        const QColor centre = pixels.pixelColor(pixels.width() / 2, pixels.height() / 2);
        EXPECT_NEAR(centre.red(), image.color.red(), 12);
        EXPECT_NEAR(centre.green(), image.color.green(), 12);
        EXPECT_NEAR(centre.blue(), image.color.blue(), 12);
    }
}

TEST_F(DesignerTest, DroppedFilesAndFoldersAskForAnImport)
{
    widgets::LibraryView view(folder());
    view.resize(900, 600);
    view.show();
    QSignalSpy imports(&view, &widgets::LibraryView::importRequested);

    const QString file = QString::fromStdString((dir_ / "dropped.png").string());
    tastelab::testing::writeBytes(dir_ / "dropped.png", model::encodePng(filled(Qt::red, 8, 8)));
    const QString folderPath = QString::fromStdString((dir_ / "batch").string());
    QDir().mkpath(folderPath);

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file), QUrl::fromLocalFile(folderPath)});
    const QPoint centre = view.rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &drop);
    EXPECT_TRUE(drop.isAccepted());
    ASSERT_EQ(imports.count(), 1);
    EXPECT_EQ(imports.at(0).at(0).toStringList(), (QStringList{file, folderPath}));

    // Something that is not a local file is not taken.
    QMimeData remote;
    remote.setUrls({QUrl(QStringLiteral("https://example.org/a.png"))});
    QDragEnterEvent remoteEnter(centre, Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &remoteEnter);
    EXPECT_FALSE(remoteEnter.isAccepted());
    QDropEvent remoteDrop(QPointF(centre), Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &remoteDrop);
    EXPECT_EQ(imports.count(), 1);
}

TEST_F(DesignerTest, LibraryViewCountsWhatItShowsAndReloads)
{
    widgets::LibraryView view(folder());
    EXPECT_EQ(view.listView()->viewMode(), QListView::IconMode);
    EXPECT_EQ(view.listView()->selectionMode(), QAbstractItemView::ExtendedSelection);
    EXPECT_THAT(view.countText().toStdString(), HasSubstr("12 of 12 image"));

    view.filterModel()->setGenerator(QStringLiteral("sd-turbo"));
    EXPECT_THAT(view.countText().toStdString(), HasSubstr("4 of 12 image"));
    view.filterModel()->setGenerator({});

    view.listView()->selectionModel()->select(
        view.filterModel()->mapFromSource(view.model()->index(view.model()->rowOf(images_[5].id))),
        QItemSelectionModel::Select);
    EXPECT_EQ(view.selectedImageIds(), QList<qint64>{images_[5].id});

    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        services::GeneratedImage info;
        info.generator = "sd-turbo";
        info.prompt = "a new import";
        services::addGeneratedImage(workspace, filled(Qt::blue, 10, 10), info);
    }
    view.reload();
    EXPECT_EQ(view.model()->rowCount(), 13);
    EXPECT_THAT(view.countText().toStdString(), HasSubstr("13 of 13 image"));

    view.show();
    saveScreenshot(view, QStringLiteral("designer-library-light"));
}

class ParticipantsTest : public DesignerTest {
protected:
    std::optional<storage::Person> person(const std::string& pseudonym)
    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        return storage::PeopleStore(workspace.database()).findByPseudonym(pseudonym);
    }
    std::int64_t peopleCount()
    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        return storage::PeopleStore(workspace.database()).count();
    }
    QUndoStack stack_;
};

TEST_F(ParticipantsTest, BulkCreationUndoesAndRedoes)
{
    widgets::ParticipantsView view(folder(), &stack_);
    QAbstractItemModel* model = view.model();
    ASSERT_EQ(model->rowCount(), 2);  // the two raters of SetUp

    const QStringList created = view.createParticipants(3, QStringLiteral("P"), storage::PersonRole::Participant);
    EXPECT_EQ(created, (QStringList{QStringLiteral("P0003"), QStringLiteral("P0004"), QStringLiteral("P0005")}));
    EXPECT_EQ(model->rowCount(), 5);
    EXPECT_EQ(peopleCount(), 5);
    ASSERT_EQ(stack_.count(), 1);
    // "participants" once the English plural forms are in; "participant(s)" before.
    EXPECT_THAT(stack_.undoText().toStdString(), HasSubstr("Create 3 participant"));

    stack_.undo();
    EXPECT_EQ(peopleCount(), 2);
    EXPECT_FALSE(person("P0003"));
    EXPECT_EQ(model->rowCount(), 2);

    stack_.redo();
    EXPECT_EQ(peopleCount(), 5);
    for (const QString& pseudonym : created) {
        const auto found = person(pseudonym.toStdString());
        ASSERT_TRUE(found) << pseudonym.toStdString();
        EXPECT_EQ(found->role, storage::PersonRole::Participant);
    }
    EXPECT_EQ(model->rowCount(), 5);
    EXPECT_TRUE(view.message().isEmpty());

    // A bad prefix is refused with a message, and nothing is pushed.
    EXPECT_TRUE(view.createParticipants(2, QStringLiteral("  "), storage::PersonRole::Artist).isEmpty());
    EXPECT_THAT(view.message().toStdString(), HasSubstr("prefix"));
    EXPECT_EQ(stack_.count(), 1);
    EXPECT_EQ(peopleCount(), 5);
}

TEST_F(ParticipantsTest, InlineDemographicEditIsStoredAndUndone)
{
    widgets::ParticipantsView view(folder(), &stack_);
    QAbstractItemModel* model = view.model();
    auto* participants = static_cast<widgets::ParticipantsModel*>(model);
    const int row = participants->rowOfPseudonym(QStringLiteral("P0002"));
    ASSERT_GE(row, 0);
    const QModelIndex age = model->index(row, widgets::ParticipantsModel::AgeRange);
    EXPECT_TRUE(model->flags(age) & Qt::ItemIsEditable);
    EXPECT_FALSE(model->flags(model->index(row, widgets::ParticipantsModel::Pseudonym)) & Qt::ItemIsEditable);

    ASSERT_TRUE(model->setData(age, QStringLiteral("25-34")));
    EXPECT_EQ(person("P0002")->ageRange, std::optional<std::string>("25-34"));
    EXPECT_EQ(model->index(row, widgets::ParticipantsModel::AgeRange).data().toString(), QStringLiteral("25-34"));
    ASSERT_EQ(stack_.count(), 1);

    ASSERT_TRUE(model->setData(model->index(row, widgets::ParticipantsModel::DisplayName), QStringLiteral(" Bob ")));
    EXPECT_EQ(person("P0002")->displayName, std::optional<std::string>("Bob"));

    stack_.undo();
    EXPECT_FALSE(person("P0002")->displayName);
    stack_.undo();
    EXPECT_FALSE(person("P0002")->ageRange);
    EXPECT_TRUE(model->index(row, widgets::ParticipantsModel::AgeRange).data().toString().isEmpty());
    stack_.redo();
    EXPECT_EQ(person("P0002")->ageRange, std::optional<std::string>("25-34"));
    EXPECT_FALSE(person("P0001")->ageRange);  // only the edited person changed
}

TEST_F(ParticipantsTest, UndoOfCreationIsRefusedOnceSomeoneHasAnswered)
{
    widgets::ParticipantsView view(folder(), &stack_);
    const QStringList created = view.createParticipants(2, QStringLiteral("S"), storage::PersonRole::Participant);
    ASSERT_EQ(created, (QStringList{QStringLiteral("S0001"), QStringLiteral("S0002")}));

    std::int64_t ratingId = 0;
    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        storage::SliderRating rating;
        rating.personId = storage::PeopleStore(workspace.database()).findByPseudonym("S0002")->id;
        rating.imageId = images_[0].id;
        rating.value = 0.75;
        ratingId = storage::AnswerStore(workspace.database()).recordRating(rating);
    }
    view.reload();
    auto* participants = static_cast<widgets::ParticipantsModel*>(view.model());
    const int row = participants->rowOfPseudonym(QStringLiteral("S0002"));
    EXPECT_EQ(view.model()->index(row, widgets::ParticipantsModel::Answers).data().toString(), QStringLiteral("1"));

    stack_.undo();
    EXPECT_THAT(view.message().toStdString(), HasSubstr("S0002"));
    EXPECT_THAT(view.message().toStdString(), HasSubstr("1 rating"));
    EXPECT_TRUE(person("S0001"));  // all or none
    EXPECT_TRUE(person("S0002"));
    {
        auto workspace = services::Workspace::open(dir_ / "ws");
        const auto rating = storage::AnswerStore(workspace.database()).rating(ratingId);
        ASSERT_TRUE(rating);
        EXPECT_DOUBLE_EQ(rating->value, 0.75);
    }
    EXPECT_FALSE(stack_.canUndo());  // the creation stays and leaves the history
    EXPECT_FALSE(stack_.canRedo());
}

TEST_F(ParticipantsTest, StartSessionNamesTheStudyAndTheSelectedParticipant)
{
    widgets::ParticipantsView view(folder(), &stack_);
    view.setStudies({QStringLiteral("Pilot"), QStringLiteral("Main")});
    QSignalSpy started(&view, &widgets::ParticipantsView::startSessionRequested);
    auto* participants = static_cast<widgets::ParticipantsModel*>(view.model());
    view.tableView()->selectRow(participants->rowOfPseudonym(QStringLiteral("P0002")));

    QPushButton* start = nullptr;
    for (QPushButton* button : view.findChildren<QPushButton*>()) {
        if (button->text() == QStringLiteral("Start session")) start = button;
    }
    ASSERT_TRUE(start);
    EXPECT_FALSE(start->isEnabled());  // no study chosen yet
    auto* studies = view.findChild<QComboBox*>();
    ASSERT_TRUE(studies);
    studies->setCurrentIndex(1);
    ASSERT_TRUE(start->isEnabled());
    start->click();
    ASSERT_EQ(started.count(), 1);
    EXPECT_EQ(started.at(0).at(0).toString(), QStringLiteral("Main"));
    EXPECT_EQ(started.at(0).at(1).toString(), QStringLiteral("P0002"));

    // Newly created people can be edited at once.
    const QStringList created = view.createParticipants(3, QStringLiteral("P"), storage::PersonRole::Participant);
    ASSERT_EQ(created.size(), 3);
    const int row = participants->rowOfPseudonym(created.first());
    ASSERT_TRUE(participants->setData(
        participants->index(row, widgets::ParticipantsModel::DisplayName), QStringLiteral("Ada")));
    ASSERT_TRUE(
        participants->setData(participants->index(row, widgets::ParticipantsModel::Gender), QStringLiteral("female")));
    EXPECT_EQ(person(created.first().toStdString())->displayName, std::optional<std::string>("Ada"));
    EXPECT_EQ(person(created.first().toStdString())->gender, std::optional<std::string>("female"));
    EXPECT_EQ(stack_.count(), 3);

    saveScreenshot(view, QStringLiteral("designer-participants-light"));
}

}  // namespace

int main(int argc, char** argv)
{
    return tastelab::testing::runGuiTests(argc, argv);
}

// The study editor on a real workspace: every edit lands in the database through the undo stack, undo and
// redo bring the stored values and the form back, and a study with participant plans cannot change.
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/people.h"
#include "storage/studies.h"
#include "tests/support/gui_fixtures.h"
#include "widgets/study_editor.h"

#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

#include <gmock/gmock.h>

using namespace tastelab;
using tastelab::testing::saveScreenshot;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

const QSize kScreenshotSize(1280, 760);

class StudyEditorTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::create(dir_ / "ws", "Editor test"));
        for (int i = 0; i < 4; ++i) {
            model::RgbImage image;
            image.width = 16;
            image.height = 16;
            image.pixels.assign(16 * 16 * 3, static_cast<std::uint8_t>(40 + 50 * i));
            services::GeneratedImage info;
            info.generator = "procedural-v1";
            info.prompt = "test prompt " + std::to_string(i);
            images_.append(services::addGeneratedImage(*workspace_, image, info));
        }
    }

    QString folder() const { return QString::fromStdString((dir_ / "ws").string()); }
    storage::StudyStore store() { return storage::StudyStore(workspace_->database()); }
    storage::Study stored(const std::string& name)
    {
        const auto study = store().findStudyByName(name);
        EXPECT_TRUE(study) << "no study named " << name;
        return study.value_or(storage::Study{});
    }
    std::int64_t rows(const std::string& sql)
    {
        auto s = workspace_->database().prepare(sql);
        s.step();
        return s.columnInt(0);
    }
    template <typename T>
    T* child(QWidget& parent, const char* name)
    {
        T* widget = parent.findChild<T*>(QLatin1String(name));
        EXPECT_NE(widget, nullptr) << "no child named " << name;
        return widget;
    }

    TempDir dir_;
    std::unique_ptr<services::Workspace> workspace_;
    QList<qint64> images_;
    QUndoStack stack_;
};

}  // namespace

TEST_F(StudyEditorTest, FieldEditsAreStoredAndUndone)
{
    widgets::StudyEditor editor(folder(), &stack_);
    QSignalSpy changed(&editor, &widgets::StudyEditor::studiesChanged);
    ASSERT_TRUE(editor.createStudy(QStringLiteral("Pilot")));
    EXPECT_EQ(editor.studyNames(), QStringList{QStringLiteral("Pilot")});
    EXPECT_EQ(editor.currentStudy(), QStringLiteral("Pilot"));
    ASSERT_GE(changed.count(), 1);
    EXPECT_EQ(changed.last().at(0).toStringList(), QStringList{QStringLiteral("Pilot")});
    const storage::Study created = stored("Pilot");
    EXPECT_EQ(created.protocol.answerModes, storage::AnswerModes::Slider);
    EXPECT_EQ(created.protocol.anchorLabels[0], "Strongly dislike");
    EXPECT_EQ(created.protocol.anchorLabels[4], "Strongly like");
    EXPECT_GT(created.protocol.seed, 0);
    EXPECT_EQ(created.protocol.repeats, 0);

    auto* repeats = child<QSpinBox>(editor, "repeats");
    auto* anchor = child<QLineEdit>(editor, "anchor5");
    ASSERT_TRUE(repeats && anchor);
    repeats->setValue(3);
    EXPECT_EQ(stored("Pilot").protocol.repeats, 3);
    anchor->clear();
    QTest::keyClicks(anchor, QStringLiteral("Love it"));
    QTest::keyClick(anchor, Qt::Key_Return);
    EXPECT_EQ(stored("Pilot").protocol.anchorLabels[4], "Love it");
    EXPECT_EQ(stack_.count(), 3);

    stack_.undo();
    EXPECT_EQ(stored("Pilot").protocol.anchorLabels[4], "Strongly like");
    EXPECT_EQ(anchor->text(), QStringLiteral("Strongly like"));
    EXPECT_EQ(stored("Pilot").protocol.repeats, 3);
    stack_.undo();
    EXPECT_EQ(stored("Pilot").protocol.repeats, 0);
    EXPECT_EQ(repeats->value(), 0);
    stack_.redo();
    stack_.redo();
    EXPECT_EQ(stored("Pilot").protocol.repeats, 3);
    EXPECT_EQ(repeats->value(), 3);
    EXPECT_EQ(stored("Pilot").protocol.anchorLabels[4], "Love it");
    EXPECT_EQ(anchor->text(), QStringLiteral("Love it"));

    // Consecutive steps of one spin box are one undo step.
    repeats->setValue(4);
    repeats->setValue(5);
    EXPECT_EQ(stack_.count(), 4);
    EXPECT_EQ(stored("Pilot").protocol.repeats, 5);
    stack_.undo();
    EXPECT_EQ(stored("Pilot").protocol.repeats, 3);
    EXPECT_EQ(repeats->value(), 3);

    // Plain text edits commit when focus leaves them.
    auto* instructions = child<QPlainTextEdit>(editor, "instructions");
    ASSERT_TRUE(instructions);
    instructions->setPlainText(QStringLiteral("Rate quickly."));
    QFocusEvent focusOut(QEvent::FocusOut);
    QApplication::sendEvent(instructions, &focusOut);
    EXPECT_EQ(stored("Pilot").instructions, "Rate quickly.");

    // The exclusion rule goes into the settings JSON next to what is already there.
    storage::Study withSettings = stored("Pilot");
    withSettings.protocol.settings = R"({"timeLimitS":30})";
    store().updateStudy(withSettings);
    editor.reload();
    auto* rate = child<QDoubleSpinBox>(editor, "minCatchPassRate");
    ASSERT_TRUE(rate);
    EXPECT_EQ(rate->value(), 75.0);  // the default the results apply when the settings name no rule
    rate->setValue(80);
    EXPECT_EQ(stored("Pilot").protocol.settings, R"({"timeLimitS":30,"exclusion":{"minCatchPassRate":0.8}})");
    stack_.undo();
    EXPECT_EQ(stored("Pilot").protocol.settings, R"({"timeLimitS":30})");
    EXPECT_EQ(rate->value(), 75.0);

    // Undoing everything removes the study; redoing brings it back under its old id.
    while (stack_.canUndo()) stack_.undo();
    EXPECT_EQ(rows("SELECT count(*) FROM studies"), 0);
    EXPECT_TRUE(editor.studyNames().isEmpty());
    EXPECT_EQ(editor.currentStudy(), QString());
    stack_.redo();
    EXPECT_EQ(stored("Pilot").id, created.id);
    EXPECT_EQ(stored("Pilot").protocol.seed, created.protocol.seed);
    EXPECT_EQ(editor.studyNames(), QStringList{QStringLiteral("Pilot")});
}

TEST_F(StudyEditorTest, ItemsAreAddedEditedAndUndone)
{
    widgets::StudyEditor editor(folder(), &stack_);
    ASSERT_TRUE(editor.createStudy(QStringLiteral("Pilot")));
    const std::int64_t studyId = stored("Pilot").id;
    ASSERT_TRUE(editor.addItems({images_[0], images_[1], images_[2]}));
    ASSERT_TRUE(editor.addItems({images_[3]}, storage::ItemKind::Catch));
    EXPECT_EQ(rows("SELECT count(*) FROM study_items WHERE kind = 'regular'"), 3);
    EXPECT_EQ(rows("SELECT count(*) FROM study_items WHERE kind = 'catch'"), 1);

    QAbstractItemModel* model = editor.itemsModel();
    ASSERT_EQ(model->rowCount(), 4);
    EXPECT_EQ(model->index(3, 0).data(widgets::StudyItemsModel::ImageIdRole).toLongLong(), images_[3]);
    EXPECT_EQ(model->index(3, 0).data(widgets::StudyItemsModel::KindRole).toInt(),
        static_cast<int>(storage::ItemKind::Catch));
    EXPECT_EQ(model->index(0, widgets::StudyItemsModel::Prompt).data().toString(), QStringLiteral("test prompt 0"));

    // The catch range and instruction are edited in the table.
    ASSERT_TRUE(model->setData(model->index(3, widgets::StudyItemsModel::CatchRange), QStringLiteral("0.75-1")));
    ASSERT_TRUE(model->setData(
        model->index(3, widgets::StudyItemsModel::Instruction), QStringLiteral("Move the slider to the far right")));
    auto items = store().items(studyId);
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[3].kind, storage::ItemKind::Catch);
    EXPECT_EQ(items[3].catchMin, 0.75);
    EXPECT_EQ(items[3].catchMax, 1.0);
    EXPECT_EQ(items[3].instruction, "Move the slider to the far right");
    EXPECT_EQ(model->index(3, 0).data(widgets::StudyItemsModel::CatchMinRole).toDouble(), 0.75);
    EXPECT_EQ(model->index(3, widgets::StudyItemsModel::CatchRange).data().toString(), QStringLiteral("0.75–1.00"));

    // Turning a regular item into a catch item gives it a passing range.
    ASSERT_TRUE(
        model->setData(model->index(1, widgets::StudyItemsModel::Kind), static_cast<int>(storage::ItemKind::Catch)));
    items = store().items(studyId);
    EXPECT_EQ(items[1].kind, storage::ItemKind::Catch);
    EXPECT_EQ(items[1].catchMin, 0.9);
    EXPECT_EQ(items[1].catchMax, 1.0);
    saveScreenshot(editor, QStringLiteral("designer-study-light"), kScreenshotSize);

    stack_.undo();  // kind
    stack_.undo();  // instruction
    stack_.undo();  // range
    items = store().items(studyId);
    EXPECT_EQ(items[1].kind, storage::ItemKind::Regular);
    EXPECT_FALSE(items[1].catchMin);
    EXPECT_EQ(items[3].catchMin, 0.9);
    EXPECT_EQ(items[3].instruction, "Move the slider fully to the right");
    stack_.undo();  // the catch item
    EXPECT_EQ(rows("SELECT count(*) FROM study_items"), 3);
    EXPECT_EQ(model->rowCount(), 3);
    const auto regular = store().items(studyId);
    stack_.undo();  // the three regular items
    EXPECT_EQ(rows("SELECT count(*) FROM study_items"), 0);
    EXPECT_EQ(model->rowCount(), 0);
    stack_.redo();
    const auto back = store().items(studyId);
    ASSERT_EQ(back.size(), 3u);
    for (std::size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i].id, regular[i].id);

    // Removing items is undone under the same ids.
    ASSERT_TRUE(editor.removeItems({back[1].id}));
    EXPECT_EQ(rows("SELECT count(*) FROM study_items"), 2);
    stack_.undo();
    ASSERT_TRUE(store().findItem(back[1].id));
    EXPECT_EQ(store().findItem(back[1].id)->imageId, images_[1]);

    // The same image twice as the same kind is refused with a message.
    QSignalSpy errors(&editor, &widgets::StudyEditor::errorReported);
    EXPECT_FALSE(editor.addItems({images_[0]}));
    ASSERT_EQ(errors.count(), 1);
    EXPECT_THAT(errors.at(0).at(0).toString().toStdString(), HasSubstr("already holds image"));
    EXPECT_EQ(rows("SELECT count(*) FROM study_items"), 3);
}

TEST_F(StudyEditorTest, AStudyWithAPlanIsLockedAndCanBeDuplicated)
{
    widgets::StudyEditor editor(folder(), &stack_);
    ASSERT_TRUE(editor.createStudy(QStringLiteral("Pilot")));
    ASSERT_TRUE(editor.addItems({images_[0], images_[1]}));
    EXPECT_FALSE(editor.isLocked());
    const storage::Study before = stored("Pilot");
    const auto itemsBefore = store().items(before.id);

    storage::Person person;
    storage::Assignment plan;
    plan.studyId = before.id;
    plan.personId = storage::PeopleStore(workspace_->database()).insert(person);
    plan.seed = 11;
    plan.trials.push_back({0, 0, storage::TrialMode::Slider, images_[0], {}, {}, false, false, false});
    store().createAssignment(plan);
    editor.reload();
    ASSERT_TRUE(editor.isLocked());
    auto* note = child<QWidget>(editor, "lockNote");
    auto* repeats = child<QSpinBox>(editor, "repeats");
    ASSERT_TRUE(note && repeats);
    EXPECT_FALSE(note->isHidden());
    EXPECT_FALSE(repeats->isEnabled());

    QSignalSpy errors(&editor, &widgets::StudyEditor::errorReported);
    const int steps = stack_.count();
    EXPECT_FALSE(editor.addItems({images_[2]}));
    EXPECT_FALSE(editor.removeItems({itemsBefore[0].id}));
    storage::StudyItem changedItem = itemsBefore[0];
    changedItem.kind = storage::ItemKind::Practice;
    EXPECT_FALSE(editor.editItem(changedItem));
    EXPECT_FALSE(editor.itemsModel()->setData(
        editor.itemsModel()->index(0, widgets::StudyItemsModel::Instruction), QStringLiteral("x")));
    repeats->setValue(7);  // even when driven past the disabled control
    EXPECT_FALSE(editor.removeStudy());
    EXPECT_EQ(errors.count(), 5);
    EXPECT_THAT(errors.at(0).at(0).toString().toStdString(), HasSubstr("locked"));
    EXPECT_EQ(stack_.count(), steps);
    EXPECT_EQ(repeats->value(), 0);
    EXPECT_TRUE(storage::sameContent(stored("Pilot"), before));
    const auto itemsAfter = store().items(before.id);
    ASSERT_EQ(itemsAfter.size(), itemsBefore.size());
    for (std::size_t i = 0; i < itemsAfter.size(); ++i) {
        EXPECT_TRUE(storage::sameContent(itemsAfter[i], itemsBefore[i]));
    }

    // A duplicate is an editable copy with the same items.
    ASSERT_TRUE(editor.duplicateStudy(QStringLiteral("Pilot v2")));
    EXPECT_EQ(editor.currentStudy(), QStringLiteral("Pilot v2"));
    EXPECT_FALSE(editor.isLocked());
    EXPECT_TRUE(note->isHidden());
    EXPECT_TRUE(repeats->isEnabled());
    const storage::Study copy = stored("Pilot v2");
    EXPECT_NE(copy.id, before.id);
    EXPECT_EQ(copy.protocol.seed, before.protocol.seed);
    const auto copyItems = store().items(copy.id);
    ASSERT_EQ(copyItems.size(), 2u);
    EXPECT_EQ(copyItems[0].imageId, images_[0]);
    EXPECT_EQ(copyItems[1].imageId, images_[1]);
    ASSERT_TRUE(editor.addItems({images_[2]}));
    EXPECT_EQ(store().items(copy.id).size(), 3u);
    EXPECT_EQ(store().items(before.id).size(), 2u);

    // A name in use is an error for both a duplicate and a new study.
    errors.clear();
    EXPECT_FALSE(editor.duplicateStudy(QStringLiteral("Pilot")));
    EXPECT_FALSE(editor.createStudy(QStringLiteral("Pilot v2")));
    ASSERT_EQ(errors.count(), 2);
    EXPECT_THAT(errors.at(0).at(0).toString().toStdString(), HasSubstr("already exists"));
    EXPECT_EQ(rows("SELECT count(*) FROM studies"), 2);

    // The locked study can still be renamed.
    ASSERT_TRUE(editor.selectStudy(QStringLiteral("Pilot")));
    auto* name = child<QLineEdit>(editor, "name");
    ASSERT_TRUE(name);
    EXPECT_TRUE(name->isEnabled());
    name->setText(QStringLiteral("Pilot (run 1)"));
    Q_EMIT name->editingFinished();
    EXPECT_EQ(store().findStudy(before.id)->name, "Pilot (run 1)");
    EXPECT_EQ(editor.currentStudy(), QStringLiteral("Pilot (run 1)"));
}

int main(int argc, char** argv)
{
    return tastelab::testing::runGuiTests(argc, argv);
}

// Undoable study edits: each command writes through storage::StudyStore at once in redo() and undo(),
// and undo puts back the exact rows (same ids, same timestamps), so later commands on the stack still match.
#pragma once

#include "storage/database.h"
#include "storage/studies.h"

#include <QCoreApplication>
#include <QString>
#include <QUndoCommand>

#include <functional>
#include <memory>
#include <vector>

namespace tastelab::widgets {

// The connection the commands write through and where a step that cannot be applied is reported (the study
// was locked meanwhile, a name was taken). Shared by the editor and its commands, so that commands left on a
// stack that outlives the editor still hold a live connection.
struct StudyCommandContext {
    explicit StudyCommandContext(storage::Database database)
        : db(std::move(database))
    {
    }

    storage::Database db;
    std::function<void(const QString& message)> reportError;
};
using StudyContextPtr = std::shared_ptr<StudyCommandContext>;

// The study fields the editor commits one at a time; consecutive edits of one field merge into one command.
enum class StudyField {
    Name,
    Instructions,
    ConsentText,
    AnswerModes,
    AnchorLabels,
    Repeats,
    CatchItems,
    BlockSize,
    BreakEvery,
    PracticeItems,
    RequireMovement,
    AllowRevisions,
    Seed,
    ExclusionRule,
    ShowPrompt,
};

// Base of the study commands: runs a storage step and, when it throws, reports the message and makes the
// command obsolete so that QUndoStack drops it instead of keeping a step that did not happen.
class StudyCommand : public QUndoCommand {
    Q_DECLARE_TR_FUNCTIONS(StudyCommand)

public:
    explicit StudyCommand(StudyContextPtr context, QUndoCommand* parent = nullptr);

    // False when the last redo() or undo() failed (the command is then obsolete).
    bool succeeded() const { return succeeded_; }

protected:
    void apply(const std::function<void(storage::StudyStore&)>& step);

    StudyContextPtr context_;

private:
    bool succeeded_ = true;
};

// A new empty study, or with `sourceStudyId` a copy of that study (protocol and items) under a new name.
class CreateStudyCommand : public StudyCommand {
    Q_DECLARE_TR_FUNCTIONS(CreateStudyCommand)

public:
    CreateStudyCommand(StudyContextPtr context, storage::Study study);
    CreateStudyCommand(StudyContextPtr context, std::int64_t sourceStudyId, const QString& newName);

    void redo() override;
    void undo() override;
    std::int64_t studyId() const { return created_.id; }

private:
    storage::Study created_;  // what redo() writes; id and createdAt known after the first redo()
    std::vector<storage::StudyItem> items_;
    std::int64_t sourceStudyId_ = 0;
};

class RemoveStudyCommand : public StudyCommand {
    Q_DECLARE_TR_FUNCTIONS(RemoveStudyCommand)

public:
    RemoveStudyCommand(StudyContextPtr context, std::int64_t studyId, const QString& name);

    void redo() override;
    void undo() override;

private:
    std::int64_t studyId_;
    storage::Study removed_;
    std::vector<storage::StudyItem> items_;
};

class EditStudyCommand : public StudyCommand {
    Q_DECLARE_TR_FUNCTIONS(EditStudyCommand)

public:
    EditStudyCommand(StudyContextPtr context, storage::Study before, storage::Study after, StudyField field);

    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    const storage::Study& before() const { return before_; }
    const storage::Study& after() const { return after_; }
    StudyField field() const { return field_; }
    static QString fieldLabel(StudyField field);

private:
    storage::Study before_;
    storage::Study after_;
    StudyField field_;
};

// Adds images as items of one kind; catch items start with the range and instruction given.
class AddStudyItemsCommand : public StudyCommand {
    Q_DECLARE_TR_FUNCTIONS(AddStudyItemsCommand)

public:
    AddStudyItemsCommand(StudyContextPtr context, std::int64_t studyId, std::vector<std::int64_t> imageIds,
        storage::ItemKind kind, const storage::StudyItem& catchDefaults = {});

    void redo() override;
    void undo() override;
    // The rows as written, ids included (empty before the first redo()).
    const std::vector<storage::StudyItem>& items() const { return items_; }

private:
    std::int64_t studyId_;
    std::vector<std::int64_t> imageIds_;
    storage::ItemKind kind_;
    storage::StudyItem catchDefaults_;
    std::vector<storage::StudyItem> items_;
};

class RemoveStudyItemsCommand : public StudyCommand {
    Q_DECLARE_TR_FUNCTIONS(RemoveStudyItemsCommand)

public:
    RemoveStudyItemsCommand(StudyContextPtr context, std::vector<std::int64_t> itemIds);

    void redo() override;
    void undo() override;

private:
    std::vector<std::int64_t> itemIds_;
    std::vector<storage::StudyItem> removed_;
};

// Kind, catch range and instruction of one item.
class EditStudyItemCommand : public StudyCommand {
    Q_DECLARE_TR_FUNCTIONS(EditStudyItemCommand)

public:
    EditStudyItemCommand(StudyContextPtr context, storage::StudyItem before, storage::StudyItem after);

    void redo() override;
    void undo() override;

private:
    storage::StudyItem before_;
    storage::StudyItem after_;
};

}  // namespace tastelab::widgets

// The study commands: first redo() writes new rows and remembers them; later redo()/undo() calls put back
// or take away exactly those rows, so ids stay valid for the commands above them on the stack.
#include "widgets/study_commands.h"

#include "storage/storage_error.h"

#include <utility>

namespace tastelab::widgets {

namespace {

// Ids of the edit commands, one per field, so that only edits of the same field merge.
constexpr int kEditStudyIdBase = 0x57d0;

}  // namespace

StudyCommand::StudyCommand(StudyContextPtr context, QUndoCommand* parent)
    : QUndoCommand(parent)
    , context_(std::move(context))
{
}

void StudyCommand::apply(const std::function<void(storage::StudyStore&)>& step)
{
    try {
        storage::StudyStore studies(context_->db);
        step(studies);
        succeeded_ = true;
    } catch (const std::exception& e) {
        succeeded_ = false;
        setObsolete(true);
        if (context_->reportError) {
            context_->reportError(tr("%1 failed: %2").arg(text(), QString::fromStdString(e.what())));
        }
    }
}

CreateStudyCommand::CreateStudyCommand(StudyContextPtr context, storage::Study study)
    : StudyCommand(std::move(context))
    , created_(std::move(study))
{
    created_.id = 0;
    setText(tr("Create study “%1”").arg(QString::fromStdString(created_.name)));
}

CreateStudyCommand::CreateStudyCommand(StudyContextPtr context, std::int64_t sourceStudyId, const QString& newName)
    : StudyCommand(std::move(context))
    , sourceStudyId_(sourceStudyId)
{
    created_.name = newName.toStdString();
    setText(tr("Duplicate study as “%1”").arg(newName));
}

void CreateStudyCommand::redo()
{
    apply([this](storage::StudyStore& studies) {
        if (created_.id != 0) {
            studies.restoreStudy(created_, items_);
            return;
        }
        const std::int64_t id =
            sourceStudyId_ != 0 ? studies.duplicateStudy(sourceStudyId_, created_.name) : studies.createStudy(created_);
        created_ = *studies.findStudy(id);
        items_ = studies.items(id);
    });
}

void CreateStudyCommand::undo()
{
    apply([this](storage::StudyStore& studies) { studies.removeStudy(created_.id); });
}

RemoveStudyCommand::RemoveStudyCommand(StudyContextPtr context, std::int64_t studyId, const QString& name)
    : StudyCommand(std::move(context))
    , studyId_(studyId)
{
    setText(tr("Remove study “%1”").arg(name));
}

void RemoveStudyCommand::redo()
{
    apply([this](storage::StudyStore& studies) {
        context_->db.writeTransaction([&] {
            const auto study = studies.findStudy(studyId_);
            if (!study) throw storage::StorageError("the study no longer exists");
            removed_ = *study;
            items_ = studies.items(studyId_);
            studies.removeStudy(studyId_);
        });
    });
}

void RemoveStudyCommand::undo()
{
    apply([this](storage::StudyStore& studies) { studies.restoreStudy(removed_, items_); });
}

EditStudyCommand::EditStudyCommand(
    StudyContextPtr context, storage::Study before, storage::Study after, StudyField field)
    : StudyCommand(std::move(context))
    , before_(std::move(before))
    , after_(std::move(after))
    , field_(field)
{
    setText(fieldLabel(field));
}

QString EditStudyCommand::fieldLabel(StudyField field)
{
    switch (field) {
    case StudyField::Name:
        return tr("Rename study");
    case StudyField::Instructions:
        return tr("Edit instructions");
    case StudyField::ConsentText:
        return tr("Edit consent text");
    case StudyField::AnswerModes:
        return tr("Change answer modes");
    case StudyField::AnchorLabels:
        return tr("Edit anchor labels");
    case StudyField::Repeats:
        return tr("Change repeats");
    case StudyField::CatchItems:
        return tr("Change catch items");
    case StudyField::BlockSize:
        return tr("Change block size");
    case StudyField::BreakEvery:
        return tr("Change break interval");
    case StudyField::PracticeItems:
        return tr("Change practice items");
    case StudyField::RequireMovement:
        return tr("Change “require movement”");
    case StudyField::AllowRevisions:
        return tr("Change “allow revisions”");
    case StudyField::Seed:
        return tr("Change seed");
    case StudyField::ExclusionRule:
        return tr("Change exclusion rule");
    case StudyField::ShowPrompt:
        return tr("Change “show the prompt”");
    }
    return tr("Edit study");
}

void EditStudyCommand::redo()
{
    apply([this](storage::StudyStore& studies) { studies.updateStudy(after_); });
}

void EditStudyCommand::undo()
{
    apply([this](storage::StudyStore& studies) { studies.updateStudy(before_); });
}

int EditStudyCommand::id() const
{
    return kEditStudyIdBase + static_cast<int>(field_);
}

bool EditStudyCommand::mergeWith(const QUndoCommand* other)
{
    const auto* edit = dynamic_cast<const EditStudyCommand*>(other);
    if (edit == nullptr || edit->isObsolete() || edit->field_ != field_ || edit->before_.id != before_.id
        || !sameContent(edit->before_, after_)) {
        return false;
    }
    after_ = edit->after_;
    // Typing a value and then the old one again leaves nothing to undo.
    setObsolete(sameContent(before_, after_));
    return true;
}

AddStudyItemsCommand::AddStudyItemsCommand(StudyContextPtr context, std::int64_t studyId,
    std::vector<std::int64_t> imageIds, storage::ItemKind kind, const storage::StudyItem& catchDefaults)
    : StudyCommand(std::move(context))
    , studyId_(studyId)
    , imageIds_(std::move(imageIds))
    , kind_(kind)
    , catchDefaults_(catchDefaults)
{
    const int count = static_cast<int>(imageIds_.size());
    switch (kind) {
    case storage::ItemKind::Regular:
        setText(tr("Add %n item(s)", nullptr, count));
        break;
    case storage::ItemKind::Catch:
        setText(tr("Add %n catch item(s)", nullptr, count));
        break;
    case storage::ItemKind::Practice:
        setText(tr("Add %n practice item(s)", nullptr, count));
        break;
    }
}

void AddStudyItemsCommand::redo()
{
    apply([this](storage::StudyStore& studies) {
        context_->db.writeTransaction([&] {
            if (!items_.empty()) {
                studies.restoreItems(items_);
                return;
            }
            std::vector<storage::StudyItem> added;
            for (const std::int64_t imageId : imageIds_) {
                storage::StudyItem item;
                item.studyId = studyId_;
                item.imageId = imageId;
                item.kind = kind_;
                if (kind_ == storage::ItemKind::Catch) {
                    item.catchMin = catchDefaults_.catchMin;
                    item.catchMax = catchDefaults_.catchMax;
                    item.instruction = catchDefaults_.instruction;
                }
                item.id = studies.addItem(item);
                added.push_back(item);
            }
            items_ = std::move(added);
        });
    });
}

void AddStudyItemsCommand::undo()
{
    apply([this](storage::StudyStore& studies) {
        context_->db.writeTransaction([&] {
            for (const storage::StudyItem& item : items_) studies.removeItem(item.id);
        });
    });
}

RemoveStudyItemsCommand::RemoveStudyItemsCommand(StudyContextPtr context, std::vector<std::int64_t> itemIds)
    : StudyCommand(std::move(context))
    , itemIds_(std::move(itemIds))
{
    setText(tr("Remove %n item(s)", nullptr, static_cast<int>(itemIds_.size())));
}

void RemoveStudyItemsCommand::redo()
{
    apply([this](storage::StudyStore& studies) {
        context_->db.writeTransaction([&] {
            std::vector<storage::StudyItem> removed;
            for (const std::int64_t id : itemIds_) {
                const auto item = studies.findItem(id);
                if (!item) throw storage::StorageError("study item " + std::to_string(id) + " no longer exists");
                removed.push_back(*item);
                studies.removeItem(id);
            }
            removed_ = std::move(removed);
        });
    });
}

void RemoveStudyItemsCommand::undo()
{
    apply([this](storage::StudyStore& studies) { studies.restoreItems(removed_); });
}

EditStudyItemCommand::EditStudyItemCommand(StudyContextPtr context, storage::StudyItem before, storage::StudyItem after)
    : StudyCommand(std::move(context))
    , before_(std::move(before))
    , after_(std::move(after))
{
    setText(tr("Edit study item"));
}

void EditStudyItemCommand::redo()
{
    apply([this](storage::StudyStore& studies) { studies.updateItem(after_); });
}

void EditStudyItemCommand::undo()
{
    apply([this](storage::StudyStore& studies) { studies.updateItem(before_); });
}

}  // namespace tastelab::widgets

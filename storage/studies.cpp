// Reading and writing studies, items and assignments.
#include "storage/studies.h"

#include "storage/database.h"
#include "storage/rows.h"
#include "storage/storage_error.h"
#include "util/clock.h"
#include "util/format_error.h"
#include "util/json.h"

#include <fmt/format.h>

namespace tastelab::storage {
namespace {

constexpr const char* kStudyColumns =
    "id, name, instructions, consent_text, answer_modes, anchor_labels, repeats, catch_items, block_size, "
    "break_every, practice_items, require_movement, allow_revisions, seed, settings, created_at";

AnswerModes parseAnswerModes(const std::string& text)
{
    if (text == "pairwise") return AnswerModes::Pairwise;
    if (text == "slider,pairwise") return AnswerModes::SliderAndPairwise;
    return AnswerModes::Slider;
}

ItemKind parseItemKind(const std::string& text)
{
    if (text == "catch") return ItemKind::Catch;
    if (text == "practice") return ItemKind::Practice;
    return ItemKind::Regular;
}

Study readStudy(const Statement& s)
{
    Study st;
    st.id = s.columnInt(0);
    st.name = s.columnText(1);
    st.instructions = s.columnText(2);
    st.consentText = s.columnText(3);
    StudyProtocol& p = st.protocol;
    p.answerModes = parseAnswerModes(s.columnText(4));
    const util::JsonValue labels = util::parseJson(s.columnText(5), "studies.anchor_labels");
    if (!labels.isArray() || labels.asArray().size() != p.anchorLabels.size()) {
        throw StorageError(fmt::format("study '{}' has malformed anchor labels", st.name));
    }
    for (std::size_t i = 0; i < p.anchorLabels.size(); ++i) p.anchorLabels[i] = labels.asArray()[i].asString();
    p.repeats = static_cast<int>(s.columnInt(6));
    p.catchItems = static_cast<int>(s.columnInt(7));
    p.blockSize = static_cast<int>(s.columnInt(8));
    p.breakEvery = static_cast<int>(s.columnInt(9));
    p.practiceItems = static_cast<int>(s.columnInt(10));
    p.requireMovement = s.columnInt(11) != 0;
    p.allowRevisions = s.columnInt(12) != 0;
    p.seed = s.columnInt(13);
    p.settings = s.columnText(14);
    st.createdAt = s.columnText(15);
    return st;
}

constexpr const char* kItemColumns = "id, study_id, image_id, kind, catch_min, catch_max, instruction";

StudyItem readItem(const Statement& s)
{
    StudyItem item;
    item.id = s.columnInt(0);
    item.studyId = s.columnInt(1);
    item.imageId = s.columnInt(2);
    item.kind = parseItemKind(s.columnText(3));
    item.catchMin = s.columnOptionalDouble(4);
    item.catchMax = s.columnOptionalDouble(5);
    item.instruction = s.columnOptionalText(6);
    return item;
}

// The first protocol field (as a person reads it) in which the two differ, or empty.
std::string_view protocolDifference(const StudyProtocol& a, const StudyProtocol& b)
{
    if (a.answerModes != b.answerModes) return "answer modes";
    if (a.anchorLabels != b.anchorLabels) return "anchor labels";
    if (a.repeats != b.repeats) return "repeats";
    if (a.catchItems != b.catchItems) return "catch items";
    if (a.blockSize != b.blockSize) return "block size";
    if (a.breakEvery != b.breakEvery) return "break every";
    if (a.practiceItems != b.practiceItems) return "practice items";
    if (a.requireMovement != b.requireMovement) return "require movement";
    if (a.allowRevisions != b.allowRevisions) return "allow revisions";
    if (a.seed != b.seed) return "seed";
    if (a.settings != b.settings) return "settings";
    return {};
}

std::string_view contentDifference(const Study& a, const Study& b)
{
    if (a.instructions != b.instructions) return "instructions";
    if (a.consentText != b.consentText) return "consent text";
    return protocolDifference(a.protocol, b.protocol);
}

void validateStudy(const Study& study)
{
    if (study.name.empty()) throw StorageError("a study needs a name");
    const StudyProtocol& p = study.protocol;
    for (std::size_t i = 0; i < p.anchorLabels.size(); ++i) {
        if (p.anchorLabels[i].empty()) {
            throw StorageError(
                fmt::format("study '{}': anchor label {} of {} is empty", study.name, i + 1, p.anchorLabels.size()));
        }
    }
    const std::pair<const char*, int> counts[] = {{"repeats", p.repeats}, {"catch items", p.catchItems},
        {"block size", p.blockSize}, {"break every", p.breakEvery}, {"practice items", p.practiceItems}};
    for (const auto& [field, value] : counts) {
        if (value < 0) {
            throw StorageError(fmt::format("study '{}': {} must be 0 or more, not {}", study.name, field, value));
        }
    }
    if (!p.settings.empty()) {
        util::JsonValue settings;
        try {
            settings = util::parseJson(p.settings, "studies.settings");
        } catch (const util::FormatError& e) {
            throw StorageError(fmt::format("study '{}': settings are not valid JSON ({})", study.name, e.what()));
        }
        if (!settings.isObject()) {
            throw StorageError(fmt::format(
                "study '{}': settings must be a JSON object, not {}", study.name, util::jsonTypeName(settings.type())));
        }
    }
}

void validateItem(const StudyItem& item)
{
    for (const auto& [field, value] : {std::pair{"catch_min", item.catchMin}, std::pair{"catch_max", item.catchMax}}) {
        if (value && !(*value >= 0.0 && *value <= 1.0)) {
            throw StorageError(
                fmt::format("study item for image {}: {} must lie in 0..1, not {}", item.imageId, field, *value));
        }
    }
    if (item.kind == ItemKind::Catch && (!item.catchMin || !item.catchMax || *item.catchMin > *item.catchMax)) {
        throw StorageError(fmt::format("study item for image {}: a catch item needs the range of answers that pass "
                                       "(catch_min <= catch_max)",
            item.imageId));
    }
}

}  // namespace

bool sameContent(const StudyProtocol& a, const StudyProtocol& b)
{
    return protocolDifference(a, b).empty();
}

bool sameContent(const Study& a, const Study& b)
{
    return a.name == b.name && contentDifference(a, b).empty();
}

bool sameContent(const StudyItem& a, const StudyItem& b)
{
    return a.imageId == b.imageId && a.kind == b.kind && a.catchMin == b.catchMin && a.catchMax == b.catchMax
        && a.instruction == b.instruction;
}

std::string_view toString(AnswerModes modes)
{
    switch (modes) {
    case AnswerModes::Slider:
        return "slider";
    case AnswerModes::Pairwise:
        return "pairwise";
    case AnswerModes::SliderAndPairwise:
        return "slider,pairwise";
    }
    return "slider";
}

std::string_view toString(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Regular:
        return "regular";
    case ItemKind::Catch:
        return "catch";
    case ItemKind::Practice:
        return "practice";
    }
    return "regular";
}

std::string_view toString(TrialMode mode)
{
    return mode == TrialMode::Pairwise ? "pairwise" : "slider";
}

std::int64_t StudyStore::createStudy(const Study& study)
{
    return insertStudy(study, false);
}

namespace {

// Binds ?1..?14 (name to settings), the columns INSERT and UPDATE share.
Statement& bindStudyFields(Statement& statement, const Study& study)
{
    const StudyProtocol& p = study.protocol;
    util::JsonValue::Array labels;
    for (const auto& label : p.anchorLabels) labels.emplace_back(label);
    return statement.bind(1, study.name)
        .bind(2, study.instructions)
        .bind(3, study.consentText)
        .bind(4, toString(p.answerModes))
        .bind(5, util::toJson(util::JsonValue(std::move(labels))))
        .bind(6, p.repeats)
        .bind(7, p.catchItems)
        .bind(8, p.blockSize)
        .bind(9, p.breakEvery)
        .bind(10, p.practiceItems)
        .bind(11, p.requireMovement ? 1 : 0)
        .bind(12, p.allowRevisions ? 1 : 0)
        .bind(13, p.seed)
        .bind(14, p.settings.empty() ? std::string("{}") : p.settings);
}

}  // namespace

std::int64_t StudyStore::insertStudy(const Study& study, bool keepId)
{
    validateStudy(study);
    return db_.writeTransaction([&] {
        if (findStudyByName(study.name)) {
            throw StorageError(fmt::format("a study named '{}' already exists", study.name));
        }
        if (keepId && findStudy(study.id)) {
            throw StorageError(fmt::format("cannot restore study '{}': its id {} is taken", study.name, study.id));
        }
        auto insert = db_.prepare(
            "INSERT INTO studies (id, name, instructions, consent_text, answer_modes, anchor_labels, repeats, "
            "catch_items, block_size, break_every, practice_items, require_movement, allow_revisions, seed, "
            "settings, created_at) "
            "VALUES (?16, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
        bindStudyFields(insert, study)
            .bind(15, study.createdAt.empty() ? util::utcTimestamp() : study.createdAt)
            .bind(16, keepId ? std::optional<std::int64_t>(study.id) : std::nullopt)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<Study> StudyStore::findStudy(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM studies WHERE id = ?1", kStudyColumns));
    s.bind(1, id);
    return firstRow(s, readStudy);
}

std::optional<Study> StudyStore::findStudyByName(std::string_view name)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM studies WHERE name = ?1", kStudyColumns));
    s.bind(1, name);
    return firstRow(s, readStudy);
}

std::vector<Study> StudyStore::listStudies()
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM studies ORDER BY id", kStudyColumns));
    return allRows(s, readStudy);
}

void StudyStore::updateStudy(const Study& study)
{
    validateStudy(study);
    db_.writeTransaction([&] {
        const std::optional<Study> stored = findStudy(study.id);
        if (!stored) throw StorageError(fmt::format("study {} ('{}') does not exist", study.id, study.name));
        if (const auto other = findStudyByName(study.name); other && other->id != study.id) {
            throw StorageError(fmt::format("a study named '{}' already exists", study.name));
        }
        if (const std::string_view field = contentDifference(*stored, study); !field.empty()) {
            refuseWhenLocked(study.id, field);
        }
        auto update = db_.prepare(
            "UPDATE studies SET name = ?1, instructions = ?2, consent_text = ?3, answer_modes = ?4, "
            "anchor_labels = ?5, repeats = ?6, catch_items = ?7, block_size = ?8, break_every = ?9, "
            "practice_items = ?10, require_movement = ?11, allow_revisions = ?12, seed = ?13, settings = ?14 "
            "WHERE id = ?15");
        bindStudyFields(update, study).bind(15, study.id).run();
    });
}

void StudyStore::removeStudy(std::int64_t id)
{
    db_.writeTransaction([&] {
        const std::optional<Study> study = findStudy(id);
        if (!study) throw StorageError(fmt::format("study {} does not exist", id));
        refuseWhenLocked(id, "removal");
        // Sessions and answers may name a study without a plan (imports, the artist's own sessions).
        for (const char* table : {"sessions", "ratings", "comparisons"}) {
            auto count = db_.prepare(fmt::format("SELECT count(*) FROM {} WHERE study_id = ?1", table));
            count.bind(1, id);
            count.step();
            if (const std::int64_t n = count.columnInt(0); n > 0) {
                throw StorageError(
                    fmt::format("study '{}' cannot be removed: {} {} refer to it", study->name, n, table));
            }
        }
        db_.prepare("DELETE FROM study_items WHERE study_id = ?1").bind(1, id).run();
        db_.prepare("DELETE FROM studies WHERE id = ?1").bind(1, id).run();
    });
}

std::int64_t StudyStore::duplicateStudy(std::int64_t id, std::string newName)
{
    return db_.writeTransaction([&] {
        std::optional<Study> copy = findStudy(id);
        if (!copy) throw StorageError(fmt::format("study {} does not exist", id));
        copy->name = std::move(newName);
        copy->createdAt.clear();
        const std::int64_t copyId = insertStudy(*copy, false);
        for (StudyItem item : items(id)) {
            item.studyId = copyId;
            insertItem(item, false);
        }
        return copyId;
    });
}

void StudyStore::restoreStudy(const Study& study, const std::vector<StudyItem>& studyItems)
{
    db_.writeTransaction([&] {
        insertStudy(study, true);
        for (const StudyItem& item : studyItems) {
            if (item.studyId != study.id) {
                throw StorageError(fmt::format(
                    "cannot restore study '{}': item {} belongs to study {}", study.name, item.id, item.studyId));
            }
            insertItem(item, true);
        }
    });
}

std::int64_t StudyStore::assignmentCount(std::int64_t studyId)
{
    auto s = db_.prepare("SELECT count(*) FROM assignments WHERE study_id = ?1");
    s.bind(1, studyId);
    s.step();
    return s.columnInt(0);
}

void StudyStore::refuseWhenLocked(std::int64_t studyId, std::string_view change)
{
    const std::int64_t plans = assignmentCount(studyId);
    if (plans == 0) return;
    const std::optional<Study> study = findStudy(studyId);
    throw StorageError(fmt::format("study '{}' is locked (participant plans: {}), so its {} cannot change any more "
                                   "(duplicate the study to edit a copy)",
        study ? study->name : std::to_string(studyId), plans, change));
}

std::int64_t StudyStore::addItem(const StudyItem& item)
{
    return insertItem(item, false);
}

std::int64_t StudyStore::insertItem(const StudyItem& item, bool keepId)
{
    validateItem(item);
    return db_.writeTransaction([&] {
        const std::optional<Study> study = findStudy(item.studyId);
        if (!study) throw StorageError(fmt::format("study {} does not exist", item.studyId));
        refuseWhenLocked(item.studyId, "items");
        auto image = db_.prepare("SELECT 1 FROM images WHERE id = ?1");
        image.bind(1, item.imageId);
        if (!image.step()) {
            throw StorageError(fmt::format("study '{}': image {} is not in the workspace", study->name, item.imageId));
        }
        auto same = db_.prepare("SELECT id FROM study_items WHERE study_id = ?1 AND image_id = ?2 AND kind = ?3");
        same.bind(1, item.studyId).bind(2, item.imageId).bind(3, toString(item.kind));
        if (same.step()) {
            throw StorageError(fmt::format(
                "study '{}' already holds image {} as a {} item", study->name, item.imageId, toString(item.kind)));
        }
        if (keepId && findItem(item.id)) {
            throw StorageError(
                fmt::format("cannot restore item {} of study '{}': the id is taken", item.id, study->name));
        }
        db_.prepare("INSERT INTO study_items (id, study_id, image_id, kind, catch_min, catch_max, instruction) "
                    "VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)")
            .bind(1, item.studyId)
            .bind(2, item.imageId)
            .bind(3, toString(item.kind))
            .bind(4, item.catchMin)
            .bind(5, item.catchMax)
            .bind(6, item.instruction)
            .bind(7, keepId ? std::optional<std::int64_t>(item.id) : std::nullopt)
            .run();
        return db_.lastInsertId();
    });
}

std::vector<StudyItem> StudyStore::items(std::int64_t studyId)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM study_items WHERE study_id = ?1 ORDER BY id", kItemColumns));
    s.bind(1, studyId);
    return allRows(s, readItem);
}

std::optional<StudyItem> StudyStore::findItem(std::int64_t itemId)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM study_items WHERE id = ?1", kItemColumns));
    s.bind(1, itemId);
    return firstRow(s, readItem);
}

void StudyStore::updateItem(const StudyItem& item)
{
    validateItem(item);
    db_.writeTransaction([&] {
        const std::optional<StudyItem> stored = findItem(item.id);
        if (!stored) throw StorageError(fmt::format("study item {} does not exist", item.id));
        if (item.studyId != stored->studyId) {
            throw StorageError(fmt::format("study item {} belongs to study {}; it cannot move to study {}", item.id,
                stored->studyId, item.studyId));
        }
        refuseWhenLocked(item.studyId, "items");
        auto same =
            db_.prepare("SELECT id FROM study_items WHERE study_id = ?1 AND image_id = ?2 AND kind = ?3 AND id <> ?4");
        same.bind(1, item.studyId).bind(2, item.imageId).bind(3, toString(item.kind)).bind(4, item.id);
        if (same.step()) {
            throw StorageError(fmt::format("study {} already holds image {} as a {} item (item {})", item.studyId,
                item.imageId, toString(item.kind), same.columnInt(0)));
        }
        db_.prepare("UPDATE study_items SET image_id = ?1, kind = ?2, catch_min = ?3, catch_max = ?4, "
                    "instruction = ?5 WHERE id = ?6")
            .bind(1, item.imageId)
            .bind(2, toString(item.kind))
            .bind(3, item.catchMin)
            .bind(4, item.catchMax)
            .bind(5, item.instruction)
            .bind(6, item.id)
            .run();
    });
}

void StudyStore::removeItem(std::int64_t itemId)
{
    db_.writeTransaction([&] {
        const std::optional<StudyItem> stored = findItem(itemId);
        if (!stored) throw StorageError(fmt::format("study item {} does not exist", itemId));
        refuseWhenLocked(stored->studyId, "items");
        db_.prepare("DELETE FROM study_items WHERE id = ?1").bind(1, itemId).run();
    });
}

void StudyStore::restoreItems(const std::vector<StudyItem>& studyItems)
{
    db_.writeTransaction([&] {
        for (const StudyItem& item : studyItems) insertItem(item, true);
    });
}

std::int64_t StudyStore::createAssignment(const Assignment& assignment)
{
    return db_.writeTransaction([&] {
        if (findAssignment(assignment.studyId, assignment.personId)) {
            throw StorageError(
                fmt::format("person {} already has a plan for study {}", assignment.personId, assignment.studyId));
        }
        db_.prepare("INSERT INTO assignments (study_id, person_id, seed, created_at) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, assignment.studyId)
            .bind(2, assignment.personId)
            .bind(3, assignment.seed)
            .bind(4, assignment.createdAt.empty() ? util::utcTimestamp() : assignment.createdAt)
            .run();
        const std::int64_t id = db_.lastInsertId();
        auto insert = db_.prepare(
            "INSERT INTO assignment_trials (assignment_id, position, block, mode, image_id, left_image_id, "
            "right_image_id, is_repeat, is_catch, is_practice) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        for (const Trial& t : assignment.trials) {
            insert.bind(1, id)
                .bind(2, t.position)
                .bind(3, t.block)
                .bind(4, toString(t.mode))
                .bind(5, t.imageId)
                .bind(6, t.leftImageId)
                .bind(7, t.rightImageId)
                .bind(8, t.isRepeat ? 1 : 0)
                .bind(9, t.isCatch ? 1 : 0)
                .bind(10, t.isPractice ? 1 : 0)
                .run();
        }
        return id;
    });
}

std::optional<Assignment> StudyStore::findAssignment(std::int64_t studyId, std::int64_t personId)
{
    auto s = db_.prepare(
        "SELECT id, study_id, person_id, seed, created_at FROM assignments WHERE study_id = ?1 AND person_id = ?2");
    s.bind(1, studyId).bind(2, personId);
    if (!s.step()) return std::nullopt;
    Assignment a;
    a.id = s.columnInt(0);
    a.studyId = s.columnInt(1);
    a.personId = s.columnInt(2);
    a.seed = s.columnInt(3);
    a.createdAt = s.columnText(4);
    auto t = db_.prepare("SELECT position, block, mode, image_id, left_image_id, right_image_id, is_repeat, "
                         "is_catch, is_practice FROM assignment_trials WHERE assignment_id = ?1 ORDER BY position");
    t.bind(1, a.id);
    while (t.step()) {
        Trial trial;
        trial.position = static_cast<int>(t.columnInt(0));
        trial.block = static_cast<int>(t.columnInt(1));
        trial.mode = t.columnText(2) == "pairwise" ? TrialMode::Pairwise : TrialMode::Slider;
        trial.imageId = t.columnOptionalInt(3);
        trial.leftImageId = t.columnOptionalInt(4);
        trial.rightImageId = t.columnOptionalInt(5);
        trial.isRepeat = t.columnInt(6) != 0;
        trial.isCatch = t.columnInt(7) != 0;
        trial.isPractice = t.columnInt(8) != 0;
        a.trials.push_back(trial);
    }
    return a;
}

}  // namespace tastelab::storage

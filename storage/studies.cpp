// Reading and writing studies, items and assignments.
#include "storage/studies.h"

#include "storage/clock.h"
#include "storage/database.h"
#include "storage/json.h"
#include "storage/storage_error.h"

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
    const JsonValue labels = parseJson(s.columnText(5), "studies.anchor_labels");
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

}  // namespace

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
    if (study.name.empty()) throw StorageError("a study needs a name");
    JsonValue::Array labels;
    for (const auto& label : study.protocol.anchorLabels) labels.emplace_back(label);
    const StudyProtocol& p = study.protocol;
    return db_.writeTransaction([&] {
        if (findStudyByName(study.name)) {
            throw StorageError(fmt::format("a study named '{}' already exists", study.name));
        }
        db_.prepare("INSERT INTO studies (name, instructions, consent_text, answer_modes, anchor_labels, repeats, "
                    "catch_items, block_size, break_every, practice_items, require_movement, allow_revisions, seed, "
                    "settings, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
            .bind(1, study.name)
            .bind(2, study.instructions)
            .bind(3, study.consentText)
            .bind(4, toString(p.answerModes))
            .bind(5, toJson(JsonValue(std::move(labels))))
            .bind(6, p.repeats)
            .bind(7, p.catchItems)
            .bind(8, p.blockSize)
            .bind(9, p.breakEvery)
            .bind(10, p.practiceItems)
            .bind(11, p.requireMovement ? 1 : 0)
            .bind(12, p.allowRevisions ? 1 : 0)
            .bind(13, p.seed)
            .bind(14, p.settings.empty() ? std::string("{}") : p.settings)
            .bind(15, study.createdAt.empty() ? utcTimestamp() : study.createdAt)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<Study> StudyStore::findStudy(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM studies WHERE id = ?1", kStudyColumns));
    s.bind(1, id);
    return s.step() ? std::optional<Study>(readStudy(s)) : std::nullopt;
}

std::optional<Study> StudyStore::findStudyByName(std::string_view name)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM studies WHERE name = ?1", kStudyColumns));
    s.bind(1, name);
    return s.step() ? std::optional<Study>(readStudy(s)) : std::nullopt;
}

std::vector<Study> StudyStore::listStudies()
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM studies ORDER BY id", kStudyColumns));
    std::vector<Study> out;
    while (s.step()) out.push_back(readStudy(s));
    return out;
}

std::int64_t StudyStore::addItem(const StudyItem& item)
{
    if (item.kind == ItemKind::Catch && (!item.catchMin || !item.catchMax || *item.catchMin > *item.catchMax)) {
        throw StorageError("a catch item needs the range of answers that pass (catch_min <= catch_max)");
    }
    return db_.writeTransaction([&] {
        db_.prepare("INSERT INTO study_items (study_id, image_id, kind, catch_min, catch_max, instruction) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .bind(1, item.studyId)
            .bind(2, item.imageId)
            .bind(3, toString(item.kind))
            .bind(4, item.catchMin)
            .bind(5, item.catchMax)
            .bind(6, item.instruction)
            .run();
        return db_.lastInsertId();
    });
}

std::vector<StudyItem> StudyStore::items(std::int64_t studyId)
{
    auto s = db_.prepare("SELECT id, study_id, image_id, kind, catch_min, catch_max, instruction FROM study_items "
                         "WHERE study_id = ?1 ORDER BY id");
    s.bind(1, studyId);
    std::vector<StudyItem> out;
    while (s.step()) {
        StudyItem item;
        item.id = s.columnInt(0);
        item.studyId = s.columnInt(1);
        item.imageId = s.columnInt(2);
        item.kind = parseItemKind(s.columnText(3));
        item.catchMin = s.columnOptionalDouble(4);
        item.catchMax = s.columnOptionalDouble(5);
        item.instruction = s.columnOptionalText(6);
        out.push_back(std::move(item));
    }
    return out;
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
            .bind(4, assignment.createdAt.empty() ? utcTimestamp() : assignment.createdAt)
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

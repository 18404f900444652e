// Recording and reading answers.
#include "storage/answers.h"

#include "storage/database.h"
#include "storage/rows.h"
#include "storage/storage_error.h"
#include "util/clock.h"

#include <fmt/format.h>

#include <cmath>

namespace tastelab::storage {
namespace {

// Ratings and comparisons share their bookkeeping columns. A table's own columns come first in every statement
// here and the shared ones follow, so that one reader, one binder and one query serve both tables.
constexpr const char* kSharedReadColumns = "id, person_id, session_id, study_id, trial_position, response_ms, "
                                           "shown_at, answered_at, is_repeat, is_catch, revises_id, source, "
                                           "retracted, chosen_by";
constexpr const char* kSharedWrittenColumns = "person_id, session_id, study_id, trial_position, response_ms, "
                                              "shown_at, answered_at, is_repeat, is_catch, revises_id, source, "
                                              "client_key, client_response_ms, chosen_by";
constexpr int kSharedWrittenCount = 14;

AnswerSource parseSource(const std::string& text)
{
    if (text == "import") return AnswerSource::Import;
    if (text == "simulated") return AnswerSource::Simulated;
    return AnswerSource::App;
}

std::optional<int> optionalInt(const std::optional<std::int64_t>& v)
{
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

// Reads kSharedReadColumns, starting at column `first`, into a SliderRating or a PairwiseChoice.
template <typename Answer>
void readSharedColumns(const Statement& s, int first, Answer& a)
{
    a.id = s.columnInt(first);
    a.personId = s.columnInt(first + 1);
    a.sessionId = s.columnOptionalInt(first + 2);
    a.studyId = s.columnOptionalInt(first + 3);
    a.trialPosition = optionalInt(s.columnOptionalInt(first + 4));
    a.responseMs = s.columnOptionalInt(first + 5);
    a.shownAt = s.columnOptionalText(first + 6);
    a.answeredAt = s.columnText(first + 7);
    a.isRepeat = s.columnInt(first + 8) != 0;
    a.isCatch = s.columnInt(first + 9) != 0;
    a.revisesId = s.columnOptionalInt(first + 10);
    a.source = parseSource(s.columnText(first + 11));
    a.retracted = s.columnInt(first + 12) != 0;
    a.chosenBy = s.columnOptionalText(first + 13);
}

// Binds kSharedWrittenColumns of a new answer to the parameters from `first` on.
template <typename Answer>
Statement& bindSharedColumns(Statement& s, int first, const Answer& a)
{
    return s.bind(first, a.personId)
        .bind(first + 1, a.sessionId)
        .bind(first + 2, a.studyId)
        .bind(first + 3, a.trialPosition)
        .bind(first + 4, a.responseMs)
        .bind(first + 5, a.shownAt)
        .bind(first + 6, a.answeredAt.empty() ? util::utcTimestamp() : a.answeredAt)
        .bind(first + 7, a.isRepeat ? 1 : 0)
        .bind(first + 8, a.isCatch ? 1 : 0)
        .bind(first + 9, a.revisesId)
        .bind(first + 10, toString(a.source))
        .bind(first + 11, a.clientKey)
        .bind(first + 12, a.clientResponseMs)
        .bind(first + 13, a.chosenBy);
}

// A table's own columns, from column 0 in the order of its `ownColumns` below.
void readRatingColumns(const Statement& s, SliderRating& r)
{
    r.imageId = s.columnInt(0);
    r.value = s.columnDouble(1);
    r.startPosition = s.columnOptionalDouble(2);
    if (auto moved = s.columnOptionalInt(3)) r.sliderMoved = *moved != 0;
    r.originalValue = s.columnOptionalDouble(4);
    r.scaleMin = s.columnOptionalDouble(5);
    r.scaleMax = s.columnOptionalDouble(6);
}

void readComparisonColumns(const Statement& s, PairwiseChoice& c)
{
    c.leftImageId = s.columnInt(0);
    c.rightImageId = s.columnInt(1);
    c.choice = parsePairChoice(s.columnText(2));
}

// What sets one answer table apart from the other.
template <typename Answer>
struct AnswerTable {
    const char* name;
    const char* ownColumns;
    int ownCount;
    void (*readOwnColumns)(const Statement&, Answer&);
    const char* what;  // in messages: "rating"
};

const AnswerTable<SliderRating> kRatings{"ratings",
    "image_id, value, start_position, slider_moved, original_value, scale_min, scale_max", 7, readRatingColumns,
    "rating"};
const AnswerTable<PairwiseChoice> kComparisons{
    "comparisons", "left_image_id, right_image_id, choice", 3, readComparisonColumns, "comparison"};

// The INSERT of a new answer: the table's own columns as ?1.., then the shared ones.
template <typename Answer>
std::string insertSql(const AnswerTable<Answer>& table)
{
    std::string parameters;
    for (int i = 1; i <= table.ownCount + kSharedWrittenCount; ++i)
        parameters += fmt::format("{}?{}", i > 1 ? ", " : "", i);
    return fmt::format(
        "INSERT INTO {} ({}, {}) VALUES ({})", table.name, table.ownColumns, kSharedWrittenColumns, parameters);
}

// The answers whose `keyColumn` is `key`, in answer order; with `currentOnly`, rows replaced by a revision and
// retractions are left out.
template <typename Answer>
std::vector<Answer> selectAnswers(
    Database& db, const AnswerTable<Answer>& table, std::string_view keyColumn, std::int64_t key, bool currentOnly)
{
    const std::string current = currentOnly
        ? fmt::format(
            "AND a.retracted = 0 AND NOT EXISTS (SELECT 1 FROM {} later WHERE later.revises_id = a.id)", table.name)
        : std::string();
    auto s = db.prepare(fmt::format("SELECT {}, {} FROM {} a WHERE a.{} = ?1 {} ORDER BY id", table.ownColumns,
        kSharedReadColumns, table.name, keyColumn, current));
    s.bind(1, key);
    return allRows(s, [&table](const Statement& row) {
        Answer answer;
        table.readOwnColumns(row, answer);
        readSharedColumns(row, table.ownCount, answer);
        return answer;
    });
}

void requireUnitInterval(double value, const char* field)
{
    if (!std::isfinite(value) || value < 0.0 || value > 1.0) {
        throw StorageError(fmt::format("{} must lie in 0..1, got {}", field, value));
    }
}

void requireRow(Database& db, const char* table, std::int64_t id, const char* what)
{
    auto s = db.prepare(fmt::format("SELECT 1 FROM {} WHERE id = ?1", table));
    s.bind(1, id);
    if (!s.step()) throw StorageError(fmt::format("{} {} does not exist", what, id));
}

// Only the current row of a revision chain can be taken back, and only once.
void requireRetractable(Database& db, const char* table, std::int64_t id, const char* what)
{
    auto s = db.prepare(fmt::format("SELECT retracted, EXISTS (SELECT 1 FROM {0} later WHERE later.revises_id = "
                                    "?1) FROM {0} WHERE id = ?1",
        table));
    s.bind(1, id);
    if (!s.step()) throw StorageError(fmt::format("{} {} does not exist", what, id));
    if (s.columnInt(0) != 0) throw StorageError(fmt::format("{} {} is itself a retraction", what, id));
    if (s.columnInt(1) != 0) {
        throw StorageError(
            fmt::format("{} {} was already revised or taken back: take back its latest revision", what, id));
    }
}

// Takes answer `id` back: a new row repeats its own columns and names it as revised, with `retracted` set, the
// session `sessionId` (when given) and no timing of its own. Returns the new row's id.
template <typename Answer>
std::int64_t retractAnswer(
    Database& db, const AnswerTable<Answer>& table, std::int64_t id, std::optional<std::int64_t> sessionId)
{
    return db.writeTransaction([&] {
        requireRetractable(db, table.name, id, table.what);
        db.prepare(fmt::format("INSERT INTO {0} ({1}, person_id, session_id, study_id, trial_position, response_ms, "
                               "shown_at, answered_at, is_repeat, is_catch, revises_id, source, retracted, chosen_by) "
                               "SELECT {1}, person_id, coalesce(?2, session_id), study_id, trial_position, NULL, NULL, "
                               "?3, is_repeat, is_catch, id, 'app', 1, chosen_by FROM {0} WHERE id = ?1",
                       table.name, table.ownColumns))
            .bind(1, id)
            .bind(2, sessionId)
            .bind(3, util::utcTimestamp())
            .run();
        return db.lastInsertId();
    });
}

}  // namespace

std::string_view toString(AnswerSource source)
{
    switch (source) {
    case AnswerSource::App:
        return "app";
    case AnswerSource::Import:
        return "import";
    case AnswerSource::Simulated:
        return "simulated";
    }
    return "app";
}

std::string_view toString(PairChoice choice)
{
    switch (choice) {
    case PairChoice::Left:
        return "left";
    case PairChoice::Right:
        return "right";
    case PairChoice::Tie:
        return "tie";
    case PairChoice::CantDecide:
        return "cant_decide";
    }
    return "left";
}

PairChoice parsePairChoice(std::string_view text)
{
    if (text == "left") return PairChoice::Left;
    if (text == "right") return PairChoice::Right;
    if (text == "tie") return PairChoice::Tie;
    if (text == "cant_decide") return PairChoice::CantDecide;
    throw StorageError(fmt::format("unknown pairwise choice '{}': use left, right, tie or cant_decide", text));
}

std::int64_t AnswerStore::recordRating(const SliderRating& r)
{
    requireUnitInterval(r.value, "rating value");
    if (r.startPosition) requireUnitInterval(*r.startPosition, "slider start position");
    if (r.responseMs && *r.responseMs < 0) throw StorageError("response time cannot be negative");
    return db_.writeTransaction([&] {
        requireRow(db_, "people", r.personId, "person");
        requireRow(db_, "images", r.imageId, "image");
        if (r.revisesId) requireRow(db_, "ratings", *r.revisesId, "the revised rating");
        auto insert = db_.prepare(insertSql(kRatings));
        insert.bind(1, r.imageId)
            .bind(2, r.value)
            .bind(3, r.startPosition)
            .bind(4, r.sliderMoved ? std::optional<int>(*r.sliderMoved ? 1 : 0) : std::nullopt)
            .bind(5, r.originalValue)
            .bind(6, r.scaleMin)
            .bind(7, r.scaleMax);
        bindSharedColumns(insert, kRatings.ownCount + 1, r).run();
        return db_.lastInsertId();
    });
}

std::int64_t AnswerStore::recordComparison(const PairwiseChoice& c)
{
    if (c.leftImageId == c.rightImageId) throw StorageError("a pairwise comparison needs two different images");
    if (c.responseMs && *c.responseMs < 0) throw StorageError("response time cannot be negative");
    return db_.writeTransaction([&] {
        requireRow(db_, "people", c.personId, "person");
        requireRow(db_, "images", c.leftImageId, "image");
        requireRow(db_, "images", c.rightImageId, "image");
        if (c.revisesId) requireRow(db_, "comparisons", *c.revisesId, "the revised comparison");
        auto insert = db_.prepare(insertSql(kComparisons));
        insert.bind(1, c.leftImageId).bind(2, c.rightImageId).bind(3, toString(c.choice));
        bindSharedColumns(insert, kComparisons.ownCount + 1, c).run();
        return db_.lastInsertId();
    });
}

std::int64_t AnswerStore::retractRating(std::int64_t ratingId, std::optional<std::int64_t> sessionId)
{
    return retractAnswer(db_, kRatings, ratingId, sessionId);
}

std::int64_t AnswerStore::retractComparison(std::int64_t comparisonId, std::optional<std::int64_t> sessionId)
{
    return retractAnswer(db_, kComparisons, comparisonId, sessionId);
}

std::optional<SliderRating> AnswerStore::rating(std::int64_t id)
{
    auto rows = selectAnswers(db_, kRatings, "id", id, false);
    return rows.empty() ? std::nullopt : std::optional<SliderRating>(rows.front());
}

std::optional<PairwiseChoice> AnswerStore::comparison(std::int64_t id)
{
    auto rows = selectAnswers(db_, kComparisons, "id", id, false);
    return rows.empty() ? std::nullopt : std::optional<PairwiseChoice>(rows.front());
}

std::vector<SliderRating> AnswerStore::ratingsOf(std::int64_t personId, bool currentOnly)
{
    return selectAnswers(db_, kRatings, "person_id", personId, currentOnly);
}

std::vector<PairwiseChoice> AnswerStore::comparisonsOf(std::int64_t personId, bool currentOnly)
{
    return selectAnswers(db_, kComparisons, "person_id", personId, currentOnly);
}

AnswerCounts AnswerStore::counts()
{
    auto s = db_.prepare("SELECT (SELECT count(*) FROM ratings), (SELECT count(*) FROM comparisons)");
    s.step();
    return {s.columnInt(0), s.columnInt(1)};
}

}  // namespace tastelab::storage

// Recording and reading answers.
#include "storage/answers.h"

#include "storage/database.h"
#include "storage/storage_error.h"
#include "util/clock.h"

#include <fmt/format.h>

#include <cmath>

namespace tastelab::storage {
namespace {

constexpr const char* kRatingColumns =
    "id, person_id, image_id, session_id, study_id, trial_position, value, start_position, slider_moved, "
    "response_ms, shown_at, answered_at, is_repeat, is_catch, revises_id, source, original_value, scale_min, "
    "scale_max, retracted, chosen_by";
constexpr const char* kComparisonColumns =
    "id, person_id, left_image_id, right_image_id, choice, session_id, study_id, trial_position, response_ms, "
    "shown_at, answered_at, is_repeat, is_catch, revises_id, source, retracted, chosen_by";

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

SliderRating readRating(const Statement& s)
{
    SliderRating r;
    r.id = s.columnInt(0);
    r.personId = s.columnInt(1);
    r.imageId = s.columnInt(2);
    r.sessionId = s.columnOptionalInt(3);
    r.studyId = s.columnOptionalInt(4);
    r.trialPosition = optionalInt(s.columnOptionalInt(5));
    r.value = s.columnDouble(6);
    r.startPosition = s.columnOptionalDouble(7);
    if (auto moved = s.columnOptionalInt(8)) r.sliderMoved = *moved != 0;
    r.responseMs = s.columnOptionalInt(9);
    r.shownAt = s.columnOptionalText(10);
    r.answeredAt = s.columnText(11);
    r.isRepeat = s.columnInt(12) != 0;
    r.isCatch = s.columnInt(13) != 0;
    r.revisesId = s.columnOptionalInt(14);
    r.source = parseSource(s.columnText(15));
    r.originalValue = s.columnOptionalDouble(16);
    r.scaleMin = s.columnOptionalDouble(17);
    r.scaleMax = s.columnOptionalDouble(18);
    r.retracted = s.columnInt(19) != 0;
    r.chosenBy = s.columnOptionalText(20);
    return r;
}

PairwiseChoice readComparison(const Statement& s)
{
    PairwiseChoice c;
    c.id = s.columnInt(0);
    c.personId = s.columnInt(1);
    c.leftImageId = s.columnInt(2);
    c.rightImageId = s.columnInt(3);
    c.choice = parsePairChoice(s.columnText(4));
    c.sessionId = s.columnOptionalInt(5);
    c.studyId = s.columnOptionalInt(6);
    c.trialPosition = optionalInt(s.columnOptionalInt(7));
    c.responseMs = s.columnOptionalInt(8);
    c.shownAt = s.columnOptionalText(9);
    c.answeredAt = s.columnText(10);
    c.isRepeat = s.columnInt(11) != 0;
    c.isCatch = s.columnInt(12) != 0;
    c.revisesId = s.columnOptionalInt(13);
    c.source = parseSource(s.columnText(14));
    c.retracted = s.columnInt(15) != 0;
    c.chosenBy = s.columnOptionalText(16);
    return c;
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
        db_.prepare("INSERT INTO ratings (person_id, image_id, session_id, study_id, trial_position, value, "
                    "start_position, slider_moved, response_ms, shown_at, answered_at, is_repeat, is_catch, "
                    "revises_id, source, original_value, scale_min, scale_max, client_key, client_response_ms, "
                    "chosen_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                    "?18, ?19, ?20, ?21)")
            .bind(1, r.personId)
            .bind(2, r.imageId)
            .bind(3, r.sessionId)
            .bind(4, r.studyId)
            .bind(5, r.trialPosition)
            .bind(6, r.value)
            .bind(7, r.startPosition)
            .bind(8, r.sliderMoved ? std::optional<int>(*r.sliderMoved ? 1 : 0) : std::nullopt)
            .bind(9, r.responseMs)
            .bind(10, r.shownAt)
            .bind(11, r.answeredAt.empty() ? util::utcTimestamp() : r.answeredAt)
            .bind(12, r.isRepeat ? 1 : 0)
            .bind(13, r.isCatch ? 1 : 0)
            .bind(14, r.revisesId)
            .bind(15, toString(r.source))
            .bind(16, r.originalValue)
            .bind(17, r.scaleMin)
            .bind(18, r.scaleMax)
            .bind(19, r.clientKey)
            .bind(20, r.clientResponseMs)
            .bind(21, r.chosenBy)
            .run();
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
        db_.prepare("INSERT INTO comparisons (person_id, left_image_id, right_image_id, choice, session_id, study_id, "
                    "trial_position, response_ms, shown_at, answered_at, is_repeat, is_catch, revises_id, source, "
                    "client_key, client_response_ms, chosen_by) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)")
            .bind(1, c.personId)
            .bind(2, c.leftImageId)
            .bind(3, c.rightImageId)
            .bind(4, toString(c.choice))
            .bind(5, c.sessionId)
            .bind(6, c.studyId)
            .bind(7, c.trialPosition)
            .bind(8, c.responseMs)
            .bind(9, c.shownAt)
            .bind(10, c.answeredAt.empty() ? util::utcTimestamp() : c.answeredAt)
            .bind(11, c.isRepeat ? 1 : 0)
            .bind(12, c.isCatch ? 1 : 0)
            .bind(13, c.revisesId)
            .bind(14, toString(c.source))
            .bind(15, c.clientKey)
            .bind(16, c.clientResponseMs)
            .bind(17, c.chosenBy)
            .run();
        return db_.lastInsertId();
    });
}

std::int64_t AnswerStore::retractRating(std::int64_t ratingId, std::optional<std::int64_t> sessionId)
{
    return db_.writeTransaction([&] {
        requireRetractable(db_, "ratings", ratingId, "rating");
        db_.prepare("INSERT INTO ratings (person_id, image_id, session_id, study_id, trial_position, value, "
                    "start_position, slider_moved, response_ms, shown_at, answered_at, is_repeat, is_catch, "
                    "revises_id, source, original_value, scale_min, scale_max, retracted, chosen_by) "
                    "SELECT person_id, image_id, coalesce(?2, session_id), study_id, trial_position, value, "
                    "start_position, slider_moved, NULL, NULL, ?3, is_repeat, is_catch, id, 'app', original_value, "
                    "scale_min, scale_max, 1, chosen_by FROM ratings WHERE id = ?1")
            .bind(1, ratingId)
            .bind(2, sessionId)
            .bind(3, util::utcTimestamp())
            .run();
        return db_.lastInsertId();
    });
}

std::int64_t AnswerStore::retractComparison(std::int64_t comparisonId, std::optional<std::int64_t> sessionId)
{
    return db_.writeTransaction([&] {
        requireRetractable(db_, "comparisons", comparisonId, "comparison");
        db_.prepare("INSERT INTO comparisons (person_id, left_image_id, right_image_id, choice, session_id, study_id, "
                    "trial_position, response_ms, shown_at, answered_at, is_repeat, is_catch, revises_id, source, "
                    "retracted, chosen_by) "
                    "SELECT person_id, left_image_id, right_image_id, choice, coalesce(?2, session_id), study_id, "
                    "trial_position, NULL, NULL, ?3, is_repeat, is_catch, id, 'app', 1, chosen_by "
                    "FROM comparisons WHERE id = ?1")
            .bind(1, comparisonId)
            .bind(2, sessionId)
            .bind(3, util::utcTimestamp())
            .run();
        return db_.lastInsertId();
    });
}

std::optional<SliderRating> AnswerStore::rating(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM ratings WHERE id = ?1", kRatingColumns));
    s.bind(1, id);
    return s.step() ? std::optional<SliderRating>(readRating(s)) : std::nullopt;
}

std::optional<PairwiseChoice> AnswerStore::comparison(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM comparisons WHERE id = ?1", kComparisonColumns));
    s.bind(1, id);
    return s.step() ? std::optional<PairwiseChoice>(readComparison(s)) : std::nullopt;
}

std::vector<SliderRating> AnswerStore::ratingsOf(std::int64_t personId, bool currentOnly)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM ratings r WHERE person_id = ?1 {} ORDER BY id", kRatingColumns,
        currentOnly ? "AND r.retracted = 0 AND NOT EXISTS (SELECT 1 FROM ratings later WHERE later.revises_id = r.id)"
                    : ""));
    s.bind(1, personId);
    std::vector<SliderRating> out;
    while (s.step()) out.push_back(readRating(s));
    return out;
}

std::vector<PairwiseChoice> AnswerStore::comparisonsOf(std::int64_t personId, bool currentOnly)
{
    auto s =
        db_.prepare(fmt::format("SELECT {} FROM comparisons c WHERE person_id = ?1 {} ORDER BY id", kComparisonColumns,
            currentOnly
                ? "AND c.retracted = 0 AND NOT EXISTS (SELECT 1 FROM comparisons later WHERE later.revises_id = c.id)"
                : ""));
    s.bind(1, personId);
    std::vector<PairwiseChoice> out;
    while (s.step()) out.push_back(readComparison(s));
    return out;
}

AnswerCounts AnswerStore::counts()
{
    auto s = db_.prepare("SELECT (SELECT count(*) FROM ratings), (SELECT count(*) FROM comparisons)");
    s.step();
    return {s.columnInt(0), s.columnInt(1)};
}

}  // namespace tastelab::storage

// Answers: slider ratings and pairwise choices. Each is committed, durably, before record*()
// returns its id; a revision is a new row that names the row it replaces, never an overwrite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tastelab::storage {

class Database;

enum class AnswerSource { App, Import, Simulated };
enum class PairChoice { Left, Right, Tie, CantDecide };

struct SliderRating {
    std::int64_t id = 0;
    std::int64_t personId = 0;
    std::int64_t imageId = 0;
    std::optional<std::int64_t> sessionId;
    std::optional<std::int64_t> studyId;
    std::optional<int> trialPosition;
    double value = 0.0;  // 0..1
    std::optional<double> startPosition;  // where the slider started (randomized), 0..1
    std::optional<bool> sliderMoved;
    std::optional<std::int64_t> responseMs;  // from stimulus onset (first paint) to the answer
    std::optional<std::string> shownAt;
    // Browser answers: the page's idempotency key (unique per person) and the response time it measured itself.
    std::optional<std::string> clientKey;
    std::optional<std::int64_t> clientResponseMs;
    std::string answeredAt;  // set on insert when empty
    bool isRepeat = false;
    bool isCatch = false;
    std::optional<std::int64_t> revisesId;
    AnswerSource source = AnswerSource::App;
    std::optional<double> originalValue;  // imported answers: the value on its original scale
    std::optional<double> scaleMin;
    std::optional<double> scaleMax;
    bool retracted = false;  // this row takes back the rating it revises
    // How the image was picked: an artist's question strategy ("informative", "random", "unrated"), "best-of-n";
    // empty for answers from before schema version 4 and for studies.
    std::optional<std::string> chosenBy;
};

struct PairwiseChoice {
    std::int64_t id = 0;
    std::int64_t personId = 0;
    std::int64_t leftImageId = 0;  // as shown
    std::int64_t rightImageId = 0;
    PairChoice choice = PairChoice::Left;
    std::optional<std::int64_t> sessionId;
    std::optional<std::int64_t> studyId;
    std::optional<int> trialPosition;
    std::optional<std::int64_t> responseMs;
    std::optional<std::string> shownAt;
    std::optional<std::string> clientKey;  // as in SliderRating
    std::optional<std::int64_t> clientResponseMs;
    std::string answeredAt;
    bool isRepeat = false;
    bool isCatch = false;
    std::optional<std::int64_t> revisesId;
    AnswerSource source = AnswerSource::App;
    bool retracted = false;  // this row takes back the comparison it revises
    std::optional<std::string> chosenBy;  // as in SliderRating
};

struct AnswerCounts {
    std::int64_t ratings = 0;
    std::int64_t comparisons = 0;
};

class AnswerStore {
public:
    explicit AnswerStore(Database& db)
        : db_(db)
    {
    }

    // Validates, inserts and commits; returns the new id. Throws StorageError naming the field
    // for an invalid answer (value outside 0..1 or not finite, a revision of a missing row, ...).
    std::int64_t recordRating(const SliderRating& rating);
    std::int64_t recordComparison(const PairwiseChoice& choice);

    std::optional<SliderRating> rating(std::int64_t id);
    std::optional<PairwiseChoice> comparison(std::int64_t id);
    // Takes an answer back: adds a revision row that repeats it with `retracted` set, so nothing is deleted and
    // the answer stops counting. Only the current row of a chain can be taken back. Returns the new row's id.
    std::int64_t retractRating(std::int64_t ratingId, std::optional<std::int64_t> sessionId = std::nullopt);
    std::int64_t retractComparison(std::int64_t comparisonId, std::optional<std::int64_t> sessionId = std::nullopt);

    // A person's ratings in answer order; with `currentOnly`, rows replaced by a revision and retractions are
    // left out.
    std::vector<SliderRating> ratingsOf(std::int64_t personId, bool currentOnly = true);
    std::vector<PairwiseChoice> comparisonsOf(std::int64_t personId, bool currentOnly = true);
    AnswerCounts counts();

private:
    Database& db_;
};

std::string_view toString(AnswerSource source);
std::string_view toString(PairChoice choice);
PairChoice parsePairChoice(std::string_view text);

}  // namespace tastelab::storage

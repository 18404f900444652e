// Studies (protocol, consent, instructions), their items, and each participant's seeded plan.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tastelab::storage {

class Database;

enum class AnswerModes { Slider, Pairwise, SliderAndPairwise };
enum class ItemKind { Regular, Catch, Practice };
enum class TrialMode { Slider, Pairwise };

struct StudyProtocol {
    AnswerModes answerModes = AnswerModes::Slider;
    std::array<std::string, 5> anchorLabels{"Strongly dislike", "Dislike", "Neutral", "Like", "Strongly like"};
    int repeats = 0;  // items shown twice, for test-retest reliability
    int catchItems = 0;  // attention checks mixed in
    int blockSize = 0;  // shuffle within blocks of this many trials (0: one block)
    int breakEvery = 0;  // a pause every N trials (0: none)
    int practiceItems = 0;  // shown first, not stored as data
    bool requireMovement = true;
    bool allowRevisions = false;
    std::int64_t seed = 0;  // the study's base seed; each assignment stores its own
    std::string settings = "{}";  // JSON object for anything else (time limits, exclusion rule, ...)
};

struct Study {
    std::int64_t id = 0;
    std::string name;
    std::string instructions;
    std::string consentText;
    StudyProtocol protocol;
    std::string createdAt;
};

struct StudyItem {
    std::int64_t id = 0;
    std::int64_t studyId = 0;
    std::int64_t imageId = 0;
    ItemKind kind = ItemKind::Regular;
    std::optional<double> catchMin;  // a catch answer passes when it lies in [catchMin, catchMax]
    std::optional<double> catchMax;
    std::optional<std::string> instruction;  // e.g. "Move the slider fully to the right"
};

struct Trial {
    int position = 0;
    int block = 0;
    TrialMode mode = TrialMode::Slider;
    std::optional<std::int64_t> imageId;  // slider
    std::optional<std::int64_t> leftImageId;  // pairwise, as shown
    std::optional<std::int64_t> rightImageId;
    bool isRepeat = false;
    bool isCatch = false;
    bool isPractice = false;
};

struct Assignment {
    std::int64_t id = 0;
    std::int64_t studyId = 0;
    std::int64_t personId = 0;
    std::int64_t seed = 0;
    std::string createdAt;
    std::vector<Trial> trials;  // in the order they are shown
};

class StudyStore {
public:
    explicit StudyStore(Database& db)
        : db_(db)
    {
    }

    std::int64_t createStudy(const Study& study);
    std::optional<Study> findStudy(std::int64_t id);
    std::optional<Study> findStudyByName(std::string_view name);
    std::vector<Study> listStudies();

    // Writes name, texts and protocol. Once a participant has a plan only a rename is accepted: the
    // answers must keep matching the protocol they were given under. Throws StorageError naming the field.
    void updateStudy(const Study& study);
    // Removes the study and its items; refused once plans, sessions or answers refer to it.
    void removeStudy(std::int64_t id);
    // A new study (named `newName`, seed and all of the protocol kept) holding the same items. Returns its id.
    std::int64_t duplicateStudy(std::int64_t id, std::string newName);
    // Puts back a removed study and its items under their old ids and timestamps (undo).
    void restoreStudy(const Study& study, const std::vector<StudyItem>& items);
    std::int64_t assignmentCount(std::int64_t studyId);

    // Adding, changing and removing items is refused once the study has plans (assignmentCount > 0).
    std::int64_t addItem(const StudyItem& item);
    std::vector<StudyItem> items(std::int64_t studyId);
    std::optional<StudyItem> findItem(std::int64_t itemId);
    void updateItem(const StudyItem& item);
    void removeItem(std::int64_t itemId);
    // Puts back removed items under their old ids (undo).
    void restoreItems(const std::vector<StudyItem>& items);

    // Stores the plan and its trials in one transaction. Throws StorageError when the person
    // already has a plan for this study.
    std::int64_t createAssignment(const Assignment& assignment);
    std::optional<Assignment> findAssignment(std::int64_t studyId, std::int64_t personId);

private:
    std::int64_t insertStudy(const Study& study, bool keepId);
    std::int64_t insertItem(const StudyItem& item, bool keepId);
    void refuseWhenLocked(std::int64_t studyId, std::string_view change);

    Database& db_;
};

// Field by field, ignoring ids and timestamps.
bool sameContent(const Study& a, const Study& b);
bool sameContent(const StudyProtocol& a, const StudyProtocol& b);
bool sameContent(const StudyItem& a, const StudyItem& b);

std::string_view toString(AnswerModes modes);
std::string_view toString(ItemKind kind);
std::string_view toString(TrialMode mode);

}  // namespace tastelab::storage

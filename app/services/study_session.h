// One participant working through a study, as the GUI's study runner drives it (and tests and scripts do without a
// GUI): the seeded plan is made on the first visit, every answer is stored the moment it is given, going back stores
// a revision as a new row, checkpoints mark where a later visit resumes, and the end gives a completion code.
#pragma once

#include "storage/answers.h"
#include "storage/people.h"
#include "storage/sessions.h"
#include "storage/studies.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace tastelab::services {

class Workspace;

class StudySessionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SessionStart {
    std::string study;  // by name
    std::string participant;  // pseudonym
    bool createParticipant = true;  // an unknown pseudonym becomes a new participant (else an error)
    storage::SessionMode mode = storage::SessionMode::Study;
    std::string client;  // program and version, stored with the session
};

struct SliderResponse {
    double value = 0;  // 0..1
    double startPosition = 0;
    bool moved = false;
    std::int64_t responseMs = 0;
    std::string shownAt;  // UTC ISO 8601, when the image was first painted
};

struct PairResponse {
    storage::PairChoice choice = storage::PairChoice::Left;
    std::int64_t responseMs = 0;
    std::string shownAt;
};

// What a browser sends beside an answer (served studies): its idempotency key and the response time it measured from
// the image's first paint.
struct BrowserAnswer {
    std::string key;
    std::optional<std::int64_t> responseMs;
};

struct StimulusImage {
    std::int64_t id = 0;
    std::string path;  // absolute file
    std::string prompt;
};

class StudySession {
public:
    // Opens the participant's plan for the study (made and stored on the first visit) and a session, or resumes the
    // open one at its latest checkpoint. Throws StudySessionError naming the study or participant when either is
    // unknown, when the plan cannot be made, or when the participant already completed the study.
    StudySession(Workspace& workspace, const SessionStart& start);

    const storage::Study& study() const { return study_; }
    const storage::Person& participant() const { return person_; }
    const storage::Assignment& plan() const { return plan_; }
    std::int64_t sessionId() const { return sessionId_; }
    // Where this visit began: 0 for a first visit, else the checkpoint it resumed at.
    int resumedAt() const { return resumedAt_; }
    bool isResumed() const { return resumed_; }

    int position() const { return position_; }
    int trialCount() const { return static_cast<int>(plan_.trials.size()); }
    bool finished() const { return position_ >= trialCount(); }
    const storage::Trial& currentTrial() const;
    // Progress over the trials that count (practice left out).
    int mainTrialCount() const;
    int mainTrialsDone() const;

    // The slider's start for the current trial: drawn from the plan seed and the position (uniform in 0.1..0.9), so a
    // resumed or revised trial starts where it did the first time.
    double startPosition() const;
    // The instruction of a catch item ("Move the slider fully to the right"), when the current trial has one.
    std::optional<std::string> instruction() const;
    StimulusImage image(std::int64_t imageId) const;

    // Store the answer to the current trial (practice answers are not stored: returns 0) and move on. A trial
    // answered before (after going back, or after resuming behind a checkpoint) is stored as a revision of the
    // earlier row. Checkpoints are written at block ends, breaks and the end of the practice.
    std::int64_t answerSlider(
        const SliderResponse& response, const std::optional<BrowserAnswer>& browser = std::nullopt);
    std::int64_t answerPair(const PairResponse& response, const std::optional<BrowserAnswer>& browser = std::nullopt);

    bool canGoBack() const;  // the study allows revisions and a previous, non-practice trial exists
    void goBack();
    // True right after an answer that ends a stretch of `breakEvery` counted trials (and more trials follow).
    bool breakDue() const { return breakDue_; }
    // True right after the last practice trial was answered.
    bool practiceJustEnded() const { return practiceEnded_; }

    // A resume point at the current position, durable when it returns.
    void checkpoint();
    // Marks the session completed (only when finished()) and returns the completion code.
    std::string complete();
    // "TL-" and eight hex digits derived from the study, the participant and the plan seed; the lab can recompute it.
    std::string completionCode() const;

private:
    std::int64_t storeSlider(const SliderResponse& response);
    void advance();

    Workspace& workspace_;
    storage::Study study_;
    storage::Person person_;
    storage::Assignment plan_;
    std::map<std::int64_t, storage::StudyItem> catchItems_;  // by image id
    std::int64_t sessionId_ = 0;
    int position_ = 0;
    int resumedAt_ = 0;
    bool resumed_ = false;
    bool breakDue_ = false;
    bool practiceEnded_ = false;
    std::map<int, std::int64_t> ratingAt_;  // position -> current rating row
    std::map<int, std::int64_t> choiceAt_;  // position -> current comparison row
};

// The completion code for a participant's plan, as StudySession::completionCode() gives it.
std::string completionCodeFor(const std::string& study, const std::string& pseudonym, std::int64_t planSeed);

}  // namespace tastelab::services

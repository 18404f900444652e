// Running one participant's visit to a study: plan, answers, revisions, checkpoints, completion.
#include "app/services/study_session.h"

#include "app/services/image_library.h"
#include "app/services/study_plan.h"
#include "app/services/workspace.h"
#include "storage/images.h"
#include "util/sha256.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace tastelab::services {

namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

}  // namespace

std::string completionCodeFor(const std::string& study, const std::string& pseudonym, std::int64_t planSeed)
{
    const std::string digest =
        util::sha256Hex(fmt::format("tastelab-completion\n{}\n{}\n{}", study, pseudonym, planSeed));
    std::string code = "TL-" + digest.substr(0, 8);
    std::transform(
        code.begin(), code.end(), code.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return code;
}

StudySession::StudySession(Workspace& workspace, const SessionStart& start)
    : workspace_(workspace)
{
    auto& db = workspace_.database();
    storage::StudyStore studies(db);
    auto study = studies.findStudyByName(start.study);
    if (!study) throw StudySessionError(fmt::format("there is no study named '{}' in this workspace", start.study));
    study_ = *study;

    const std::string pseudonym = trimmed(start.participant);
    if (pseudonym.empty()) throw StudySessionError("a participant id is needed to start a session");
    storage::PeopleStore people(db);
    auto person = people.findByPseudonym(pseudonym);
    if (!person) {
        if (!start.createParticipant) {
            throw StudySessionError(fmt::format("there is no participant '{}' in this workspace", pseudonym));
        }
        storage::Person created;
        created.pseudonym = pseudonym;
        created.role = storage::PersonRole::Participant;
        people.insert(created);
        person = people.findByPseudonym(pseudonym);
    }
    person_ = *person;

    const auto items = studies.items(study_.id);
    for (const auto& item : items) {
        if (item.kind == storage::ItemKind::Catch) catchItems_[item.imageId] = item;
    }
    auto plan = studies.findAssignment(study_.id, person_.id);
    if (!plan) {
        storage::Assignment made;
        try {
            made = buildStudyPlan(study_, items, person_.id, planSeed(study_.protocol.seed, person_.id));
        } catch (const std::invalid_argument& e) {
            throw StudySessionError(e.what());
        }
        studies.createAssignment(made);
        plan = studies.findAssignment(study_.id, person_.id);
    }
    plan_ = *plan;

    storage::SessionStore sessions(db);
    const auto previous = sessions.latestForAssignment(plan_.id);
    if (previous && previous->status == storage::SessionStatus::Completed) {
        throw StudySessionError(fmt::format("participant '{}' has already completed study '{}' (completion code {})",
            person_.pseudonym, study_.name, completionCode()));
    }
    if (previous) {
        resumed_ = true;
        resumedAt_ = sessions.latestCheckpoint(previous->id).value_or(0);
        position_ = resumedAt_;
    }
    if (previous && previous->status == storage::SessionStatus::Open) {
        sessionId_ = previous->id;
    } else {
        storage::Session session;
        session.personId = person_.id;
        session.studyId = study_.id;
        session.assignmentId = plan_.id;
        session.mode = start.mode;
        session.client = start.client;
        sessionId_ = sessions.start(session);
        if (resumed_) sessions.checkpoint(sessionId_, position_);
    }

    // Answers already given in this study, so that answering a trial again stores a revision.
    storage::AnswerStore answers(db);
    for (const auto& rating : answers.ratingsOf(person_.id)) {
        if (rating.studyId == study_.id && rating.trialPosition) ratingAt_[*rating.trialPosition] = rating.id;
    }
    for (const auto& choice : answers.comparisonsOf(person_.id)) {
        if (choice.studyId == study_.id && choice.trialPosition) choiceAt_[*choice.trialPosition] = choice.id;
    }
}

const storage::Trial& StudySession::currentTrial() const
{
    if (finished()) throw std::logic_error("the study session has no current trial: every trial is answered");
    return plan_.trials[static_cast<std::size_t>(position_)];
}

int StudySession::mainTrialCount() const
{
    return static_cast<int>(
        std::count_if(plan_.trials.begin(), plan_.trials.end(), [](const auto& t) { return !t.isPractice; }));
}

int StudySession::mainTrialsDone() const
{
    return static_cast<int>(std::count_if(
        plan_.trials.begin(), plan_.trials.begin() + position_, [](const auto& t) { return !t.isPractice; }));
}

double StudySession::startPosition() const
{
    const auto bits = static_cast<std::uint64_t>(planSeed(plan_.seed, position_ + 1));
    const double unit = static_cast<double>(bits >> 10) / static_cast<double>(1ULL << 53);
    return 0.1 + 0.8 * unit;
}

std::optional<std::string> StudySession::instruction() const
{
    const auto& trial = currentTrial();
    if (!trial.isCatch || !trial.imageId) return std::nullopt;
    const auto it = catchItems_.find(*trial.imageId);
    if (it == catchItems_.end()) return std::nullopt;
    return it->second.instruction;
}

StimulusImage StudySession::image(std::int64_t imageId) const
{
    storage::ImageStore images(workspace_.database());
    const auto record = images.findById(imageId);
    if (!record) {
        throw StudySessionError(
            fmt::format("image {} of study '{}' is missing from the workspace", imageId, study_.name));
    }
    StimulusImage image;
    image.id = imageId;
    try {
        image.path = verifiedImageFile(workspace_, *record).string();
    } catch (const ImageFileError& e) {
        throw StudySessionError(fmt::format("study '{}': {}", study_.name, e.what()));
    }
    image.prompt = record->prompt.value_or(std::string());
    return image;
}

std::int64_t StudySession::answerSlider(const SliderResponse& response, const std::optional<BrowserAnswer>& browser)
{
    const auto& trial = currentTrial();
    if (trial.mode != storage::TrialMode::Slider) throw std::logic_error("the current trial is a pairwise choice");
    std::int64_t id = 0;
    if (!trial.isPractice) {
        storage::SliderRating rating;
        rating.personId = person_.id;
        rating.imageId = *trial.imageId;
        rating.sessionId = sessionId_;
        rating.studyId = study_.id;
        rating.trialPosition = position_;
        rating.value = response.value;
        rating.startPosition = response.startPosition;
        rating.sliderMoved = response.moved;
        rating.responseMs = response.responseMs;
        if (!response.shownAt.empty()) rating.shownAt = response.shownAt;
        if (browser) {
            rating.clientKey = browser->key;
            rating.clientResponseMs = browser->responseMs;
        }
        rating.isRepeat = trial.isRepeat;
        rating.isCatch = trial.isCatch;
        if (const auto it = ratingAt_.find(position_); it != ratingAt_.end()) rating.revisesId = it->second;
        id = storage::AnswerStore(workspace_.database()).recordRating(rating);
        ratingAt_[position_] = id;
    }
    advance();
    return id;
}

std::int64_t StudySession::answerPair(const PairResponse& response, const std::optional<BrowserAnswer>& browser)
{
    const auto& trial = currentTrial();
    if (trial.mode != storage::TrialMode::Pairwise) throw std::logic_error("the current trial is a slider rating");
    std::int64_t id = 0;
    if (!trial.isPractice) {
        storage::PairwiseChoice choice;
        choice.personId = person_.id;
        choice.leftImageId = *trial.leftImageId;
        choice.rightImageId = *trial.rightImageId;
        choice.choice = response.choice;
        choice.sessionId = sessionId_;
        choice.studyId = study_.id;
        choice.trialPosition = position_;
        choice.responseMs = response.responseMs;
        if (!response.shownAt.empty()) choice.shownAt = response.shownAt;
        if (browser) {
            choice.clientKey = browser->key;
            choice.clientResponseMs = browser->responseMs;
        }
        choice.isRepeat = trial.isRepeat;
        choice.isCatch = trial.isCatch;
        if (const auto it = choiceAt_.find(position_); it != choiceAt_.end()) choice.revisesId = it->second;
        id = storage::AnswerStore(workspace_.database()).recordComparison(choice);
        choiceAt_[position_] = id;
    }
    advance();
    return id;
}

void StudySession::advance()
{
    const auto& answered = plan_.trials[static_cast<std::size_t>(position_)];
    ++position_;
    practiceEnded_ = answered.isPractice && (finished() || !currentTrial().isPractice);
    const int every = study_.protocol.breakEvery;
    const int done = mainTrialsDone();
    breakDue_ = !finished() && !answered.isPractice && every > 0 && done > 0 && done % every == 0;
    const bool blockEnds = !finished() && !answered.isPractice && currentTrial().block != answered.block;
    if (practiceEnded_ || breakDue_ || blockEnds) checkpoint();
}

bool StudySession::canGoBack() const
{
    return study_.protocol.allowRevisions && position_ > 0
        && !plan_.trials[static_cast<std::size_t>(position_ - 1)].isPractice;
}

void StudySession::goBack()
{
    if (!canGoBack()) throw std::logic_error("this study does not allow going back here");
    --position_;
    breakDue_ = false;
    practiceEnded_ = false;
}

void StudySession::checkpoint()
{
    storage::SessionStore(workspace_.database()).checkpoint(sessionId_, position_);
}

std::string StudySession::complete()
{
    if (!finished()) {
        throw std::logic_error(
            fmt::format("{} of {} trials are still to be answered", trialCount() - position_, trialCount()));
    }
    storage::SessionStore sessions(workspace_.database());
    sessions.checkpoint(sessionId_, position_);
    sessions.finish(sessionId_, storage::SessionStatus::Completed);
    return completionCode();
}

std::string StudySession::completionCode() const
{
    return completionCodeFor(study_.name, person_.pseudonym, plan_.seed);
}

}  // namespace tastelab::services

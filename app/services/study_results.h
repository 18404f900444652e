// What a study found: per participant (completion, consistency, attention checks, exclusion), per image
// (rating summary, pairwise wins) and for the study (agreement, response times, side bias). Shared by the
// results page and `tastelab-cli results`.
#pragma once

#include "storage/agreement.h"
#include "storage/studies.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

// Read from the study's settings JSON: {"exclusion": {"minCatchPassRate": 0.75}}.
struct ExclusionRule {
    double minCatchPassRate = 0.75;  // a participant with catch items and a lower pass rate is excluded
};

struct ParticipantResult {
    std::int64_t personId = 0;
    std::string pseudonym;
    int plannedTrials = 0;  // non-practice trials of the assignment
    int answeredTrials = 0;  // current answers given in this study
    bool completed = false;  // a session ended as completed, or every planned trial has an answer
    double meanRating = 0;  // first-occurrence regular (non-catch, non-repeat) slider answers; NaN if none
    double sdRating = 0;
    double testRetest = 0;  // Pearson r between first and repeated ratings of the same image; NaN if < 3 pairs
    int repeatPairs = 0;
    int catchTotal = 0;
    int catchPassed = 0;
    bool excluded = false;
    std::string exclusionReason;  // empty when not excluded
    double medianResponseMs = 0;  // NaN if none
};

struct ImageResult {
    std::int64_t imageId = 0;
    std::string sha256;
    std::string prompt;
    std::string path;  // absolute file
    storage::ItemSummary ratings;  // included participants' first ratings, 10 bins over 0..1
    int pairwiseShown = 0;
    int pairwiseWins = 0;
};

struct StudyResults {
    storage::Study study;
    ExclusionRule rule;
    std::vector<ParticipantResult> participants;  // by pseudonym
    std::vector<ImageResult> images;  // the study's regular images, by id
    std::vector<double> responseTimesMs;  // every current answer of the study, every participant
    double rtMedian = 0;  // NaN without response times
    double rtP90 = 0;
    int includedParticipants = 0;
    int excludedParticipants = 0;
    double alphaInterval = 0;  // Krippendorff's alpha (interval) over included participants x images
    // ICC(2,1)/(2,k) on the complete sub-matrix (images every included rater rated); nullopt when < 2x2.
    // ICC(2,1)/(2,k) on the images every included rater rated; when fewer than two, on those rated by everyone who
    // completed the study (icc->raters says how many raters it used).
    std::optional<storage::Icc> icc;
    int iccImages = 0;  // units used for the ICC
    int pairLeft = 0;  // choices of included participants, to check for a side bias
    int pairRight = 0;
    int pairTie = 0;
    int pairCantDecide = 0;
};

// Only current answers count (a revision replaces the row it names). Throws std::invalid_argument naming the
// study when it is unknown, and naming the field when its settings hold an invalid exclusion rule.
StudyResults computeStudyResults(Workspace& workspace, const std::string& studyName);

// Parses the exclusion rule of a study's settings; the defaults when the settings do not name one.
ExclusionRule parseExclusionRule(const std::string& settingsJson, const std::string& studyName);

// Percentile with linear interpolation between order statistics (R's type 7); NaN for no values.
double percentile(std::vector<double> values, double fraction);

// Everything above as one JSON object; NaN becomes null.
std::string studyResultsJson(const StudyResults& results);

// participants.csv and images.csv in `folder` (created when missing), each written atomically. NaN is an empty
// field.
void writeResultTables(const StudyResults& results, const std::filesystem::path& folder);

// The column names of the two tables, in order.
const std::vector<std::string>& participantTableColumns();
const std::vector<std::string>& imageTableColumns();

}  // namespace tastelab::services

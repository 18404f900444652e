// Measuring active questions against random order on a demo workspace: simulated raters (the demo's held-out
// agents, whose true taste is in simulation/agents.json) answer as new artists through ArtistSession, one question
// at a time, and after each answer their taste model's held-out pairwise accuracy is taken. No Qt.
#pragma once

#include "app/services/active_questions.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

struct ActiveEvaluationOptions {
    std::vector<QuestionStrategy> strategies{QuestionStrategy::Informative, QuestionStrategy::Random};
    int maxAnswers = 60;
    int raters = 15;  // the first this many held-out agents of agents.json
    double testShare = 1.0 / 3.0;  // images kept out of the questions, on which accuracy is measured
    std::uint64_t seed = 1;
    TasteModelOptions model;  // priorExcluded is filled in: every held-out agent and every simulated artist
    std::function<void(int done, int total)> onProgress;
};

struct ActiveCurve {
    QuestionStrategy strategy = QuestionStrategy::Informative;
    // accuracy[r][n - 1]: rater r's pairwise accuracy on the test images after n answers (n = 1..maxAnswers):
    // the share of test pairs with different true utility that the model orders as the rater's true utility does.
    std::vector<std::vector<double>> accuracy;
    std::vector<double> meanAccuracy;  // over raters, per n
};

struct ActiveEvaluation {
    std::vector<ActiveCurve> curves;
    std::vector<std::string> raters;  // agent pseudonyms
    int testImages = 0;
    int poolImages = 0;
    double maxUpdateSeconds = 0;  // the slowest model update after an answer (ArtistSession::lastUpdateSeconds)
    double meanUpdateSeconds = 0;
    double maxChooseSeconds = 0;  // the slowest choice of the next question
    double seconds = 0;
};

// Throws std::runtime_error when the workspace has no simulation/agents.json or too few held-out agents, and when a
// simulated artist of this seed exists already (evaluate a fresh copy of the demo).
ActiveEvaluation evaluateActiveQuestions(Workspace& demo, const ActiveEvaluationOptions& options = {});

// The smallest number of answers (linearly interpolated between whole answers) at which `curve` reaches `accuracy`;
// a negative value when it never does.
double answersToReach(const std::vector<double>& meanAccuracy, double accuracy);

// Mean pairwise accuracy against answers, one line per curve (several evaluations, e.g. worlds, averaged), as PNG.
void writeActiveChart(
    const std::vector<ActiveCurve>& curves, const std::string& title, const std::filesystem::path& png);

}  // namespace tastelab::services

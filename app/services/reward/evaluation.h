// The evaluation protocol of the personal reward model: a personal and a population model trained on one split, seen
// people on images never trained on, held-out people represented from N_ref of their answers, the baselines (person
// mean, random, the demo's oracle), the noise ceiling of repeated answers, and the optional loss ablation. No Qt.
#pragma once

#include "app/services/reward/evaluation_report.h"
#include "app/services/reward/trainer.h"

#include <vector>

namespace tastelab::services {

class Workspace;

struct EvaluationOptions {
    TrainOptions train;  // split, backbone, epochs, ...; save is ignored (evaluation saves nothing)
    std::vector<int> nRefs{1, 2, 4, 8, 16, 32};
    int primaryNRef = 8;
    double tieMargin = 0.1;
    bool ablation = false;  // also train one model per switched-off loss
    int repetitions = 3;  // reference draws averaged per person and N_ref
    // Diagnostic for demo workspaces: train and evaluate on the images' true attribute vectors (what the
    // simulated raters judge) instead of the backbone's, to tell how much of the gap to the oracle is the
    // features and how much the model. Images without attributes are refused by name.
    bool trueAttributes = false;
};

EvaluationReport evaluateRewardModel(Workspace& workspace, const EvaluationOptions& options);

}  // namespace tastelab::services

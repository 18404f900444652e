// The collaborative-filtering baselines of the evaluation: item k-NN and matrix-factorization fold-in, fitted on the
// trained people's answers to the trained images, predicting a held-out person from their N_ref answers. Internal to
// app/services/reward/*.cpp.
#pragma once

#include "app/services/reward/splits.h"
#include "model/reward/collaborative_filtering.h"
#include "model/reward/reward_training.h"

#include <string>
#include <vector>

namespace tastelab::services::reward_internal {

struct Answers;

class CollaborativeBaselines {
public:
    CollaborativeBaselines(const Answers& a, const Split& split);

    struct Prediction {
        std::string method;  // "CF item k-NN", "CF MF fold-in"
        model::Episode episode;  // the episode's images that trained people rated (the others cannot be predicted)
        std::vector<double> scores;  // parallel to episode.images
    };
    // Nothing when no trained person rated any image.
    std::vector<Prediction> predict(const model::Episode& episode) const;

private:
    std::vector<int> column_;  // image row -> column of the trained matrix, -1 when untrained
    std::vector<model::ItemKnn> knn_;  // empty or one
    std::vector<model::MatrixFactorization> mf_;
};

}  // namespace tastelab::services::reward_internal

// Building the trained rating matrix from the split and asking both baselines for an episode.
#include "app/services/reward/cf_baselines.h"

#include "app/services/reward/answers.h"

#include <algorithm>

namespace tastelab::services::reward_internal {

CollaborativeBaselines::CollaborativeBaselines(const Answers& a, const Split& split)
{
    column_.assign(a.images.size(), -1);
    int items = 0;
    for (std::size_t i = 0; i < a.images.size(); ++i) {
        if (split.image[i] == Train) column_[i] = items++;
    }
    std::vector<model::KnownRating> ratings;
    int users = 0;
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] != Train) continue;
        bool any = false;
        for (const auto& [image, value] : a.answers[p].first) {
            const int item = column_[std::size_t(image)];
            if (item < 0) continue;
            ratings.push_back({users, item, double(value)});
            any = true;
        }
        users += any;
    }
    if (ratings.empty()) return;
    knn_.emplace_back(ratings, users, items);
    mf_.emplace_back(ratings, users, items);
}

std::vector<CollaborativeBaselines::Prediction> CollaborativeBaselines::predict(const model::Episode& episode) const
{
    if (knn_.empty()) return {};
    model::FoldInAnswers references;
    for (std::size_t r = 0; r < episode.referenceImages.size(); ++r) {
        const int item = column_[std::size_t(episode.referenceImages[r])];
        if (item >= 0) references.emplace_back(item, double(episode.referenceValues[r]));
    }
    model::Episode rated;
    rated.referenceImages = episode.referenceImages;
    rated.referenceValues = episode.referenceValues;
    std::vector<int> items;
    for (std::size_t i = 0; i < episode.images.size(); ++i) {
        const int item = column_[std::size_t(episode.images[i])];
        if (item < 0 || !knn_[0].knows(item)) continue;
        rated.images.push_back(episode.images[i]);
        rated.values.push_back(episode.values[i]);
        items.push_back(item);
    }
    if (items.empty()) return {};
    Prediction knn{"CF item k-NN", rated, {}}, mf{"CF MF fold-in", rated, {}};
    const auto person = mf_[0].foldIn(references);
    for (int item : items) {
        knn.scores.push_back(knn_[0].predict(references, item).value_or(0.5));
        mf.scores.push_back(mf_[0].predict(person, item).value_or(0.5));
    }
    return {std::move(knn), std::move(mf)};
}

}  // namespace tastelab::services::reward_internal

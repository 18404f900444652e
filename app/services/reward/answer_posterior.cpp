// Filling the known people's score matrix from the trained model.
#include "app/services/reward/answer_posterior.h"

#include "model/reward/reward_training.h"

#include <cmath>

namespace tastelab::services::reward_internal {

std::optional<model::AnswerSpacePosterior> makeAnswerPosterior(const Answers& a, const Split& split,
    const model::RewardModel& model, const at::Tensor& images, const at::Tensor& prompts,
    const std::vector<int>& embeddingOf)
{
    if (!model.config().personalized) return std::nullopt;
    std::vector<std::vector<double>> scores;
    double squared = 0;
    std::size_t answers = 0;
    model::Episode everything;
    for (std::size_t i = 0; i < a.images.size(); ++i) everything.images.push_back(int(i));
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] != Train || embeddingOf[p] < 0) continue;
        everything.person = embeddingOf[p];
        auto row = model::predictEpisode(model, images, prompts, everything, model::PersonMode::Embedding).scores;
        for (const auto& [image, value] : a.answers[p].first) {
            if (split.image[std::size_t(image)] != Train) continue;
            squared += std::pow(double(value) - row[std::size_t(image)], 2);
            ++answers;
        }
        scores.push_back(std::move(row));
    }
    if (scores.size() < 2) return std::nullopt;
    return model::AnswerSpacePosterior(scores, answers ? std::sqrt(squared / double(answers)) : 0.1);
}

}  // namespace tastelab::services::reward_internal

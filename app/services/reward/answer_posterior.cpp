// Filling the known people's score matrix and their residuals around the mixture fit, from the trained model; the
// linear taste model's prior from the trained people's answers.
#include "app/services/reward/answer_posterior.h"

#include "model/reward/reward_training.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>

namespace tastelab::services::reward_internal {
namespace {

constexpr std::int64_t kResidualComponents = 8;  // principal components the residual is fitted over

}  // namespace

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

std::optional<model::ResidualPosterior> makeResidualPosterior(const Answers& a, const Split& split,
    const model::RewardModel& model, const at::Tensor& images, const at::Tensor& prompts)
{
    if (!model.config().personalized) return std::nullopt;
    std::vector<model::KnownResiduals> known;
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] != Train) continue;
        model::Episode e;
        for (const auto& [image, value] : a.answers[p].first) {
            if (split.image[std::size_t(image)] != Train) continue;
            e.referenceImages.push_back(image);
            e.referenceValues.push_back(value);
        }
        if (e.referenceImages.size() < 2) continue;
        e.images = e.referenceImages;
        e.values = e.referenceValues;
        const auto mixture = model::predictEpisode(model, images, prompts, e, model::PersonMode::MixtureFit).scores;
        model::KnownResiduals k;
        k.images = e.images;
        for (std::size_t i = 0; i < mixture.size(); ++i) k.residuals.push_back(double(e.values[i]) - mixture[i]);
        known.push_back(std::move(k));
    }
    if (known.size() < 2) return std::nullopt;
    // Whitened principal components of the standardised image vectors: the look features are strongly collinear, and
    // their near-null directions let a residual fit to a few answers run away. 8 components beat 16 and 32 (and the
    // item tower's vectors) on demo worlds 7 and 8.
    at::Tensor components;
    {
        at::NoGradGuard noGrad;
        at::Tensor x = model.normalizeImages(images).to(at::kDouble).cpu();
        x = x - x.mean(0, true);
        const auto svd = at::linalg_svd(x, false);
        const at::Tensor& u = std::get<0>(svd);
        const std::int64_t keep = std::min<std::int64_t>(kResidualComponents, u.size(1));
        components = (u.slice(1, 0, keep) * std::sqrt(double(x.size(0)))).contiguous();
    }
    const auto rows = std::size_t(components.size(0)), dims = std::size_t(components.size(1));
    const double* data = components.data_ptr<double>();
    std::vector<std::vector<double>> features(rows);
    for (std::size_t i = 0; i < rows; ++i) features[i].assign(data + i * dims, data + (i + 1) * dims);
    return model::ResidualPosterior(features, known);
}

MixtureWithResidual predictMixtureWithResidual(const model::RewardModel& model, const at::Tensor& images,
    const at::Tensor& prompts, const model::Episode& episode, const model::ResidualPosterior* residual)
{
    // Each fit scores the references (for their residuals) and the targets together.
    auto fitMixture = [&](const std::vector<double>& values) {
        model::Episode both = episode;
        both.referenceValues.assign(values.begin(), values.end());
        both.images = episode.referenceImages;
        both.images.insert(both.images.end(), episode.images.begin(), episode.images.end());
        return model::predictEpisode(model, images, prompts, both, model::PersonMode::MixtureFit).scores;
    };
    const std::vector<double> values(episode.referenceValues.begin(), episode.referenceValues.end());
    if (!residual) {
        const auto scores = fitMixture(values);
        MixtureWithResidual out;
        out.mixtureScores.assign(scores.begin() + std::ptrdiff_t(values.size()), scores.end());
        out.scores = out.mixtureScores;
        return out;
    }
    auto fit = residual->predictWithPrior(fitMixture, episode.referenceImages, values, episode.images);
    return {std::move(fit.prior), std::move(fit.scores)};
}

std::optional<PersonTasteModel> makeLinearTaste(const Answers& a, const Split& split, TasteModelOptions options)
{
    const at::Tensor vectors = a.imageVectors.to(at::kCPU, at::kFloat).contiguous();
    if (vectors.dim() != 2 || vectors.size(0) != std::int64_t(a.images.size())) return std::nullopt;
    const auto dims = vectors.size(1);
    const float* data = vectors.data_ptr<float>();
    std::vector<std::pair<std::int64_t, std::vector<float>>> rows;
    for (std::int64_t i = 0; i < vectors.size(0); ++i)
        rows.emplace_back(i, std::vector<float>(data + i * dims, data + (i + 1) * dims));
    std::vector<ImageAnswers> known;
    for (std::size_t p = 0; p < a.people.size(); ++p) {
        if (split.person[p] != Train) continue;
        ImageAnswers given;
        for (const auto& [image, value] : a.answers[p].first) {
            if (split.image[std::size_t(image)] == Train) given.emplace_back(image, value);
        }
        known.push_back(std::move(given));
    }
    if (known.size() < 2) return std::nullopt;
    auto m = PersonTasteModel::fromAnswers(rows, known, std::move(options));
    if (m.priorPeople() < 2) return std::nullopt;
    return m;
}

std::vector<double> predictLinearTaste(PersonTasteModel& model, const model::Episode& episode)
{
    ImageAnswers given;
    for (std::size_t i = 0; i < episode.referenceImages.size(); ++i)
        given.emplace_back(episode.referenceImages[i], episode.referenceValues[i]);
    model.setAnswers(given);
    const std::vector<std::int64_t> ids(episode.images.begin(), episode.images.end());
    std::vector<double> scores;
    for (const auto& prediction : model.predict(ids)) scores.push_back(prediction.score);
    return scores;
}

}  // namespace tastelab::services::reward_internal

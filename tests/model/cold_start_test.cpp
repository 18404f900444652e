// The answer-space posterior: on known people drawn from a few taste directions, a new person's held-back scores are
// recovered better with every answer, and with no answer the prediction is the known people's mean.
#include "model/reward/cold_start.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace tastelab::model;

namespace {

struct Taste {
    std::vector<std::vector<double>> known;  // [people][images]
    std::vector<double> newcomer;
};

// Scores = 0.5 + sum of three taste directions over images with person-specific loadings.
Taste tasteWorld(unsigned seed, int people = 30, int images = 200)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<std::vector<double>> directions(3, std::vector<double>(std::size_t(images)));
    for (auto& d : directions)
        for (double& v : d) v = 0.1 * normal(rng);
    auto person = [&] {
        std::vector<double> row(std::size_t(images), 0.5);
        for (const auto& d : directions) {
            const double loading = normal(rng);
            for (int i = 0; i < images; ++i) row[std::size_t(i)] += loading * d[std::size_t(i)];
        }
        return row;
    };
    Taste t;
    for (int p = 0; p < people; ++p) t.known.push_back(person());
    t.newcomer = person();
    return t;
}

double rmse(const std::vector<double>& predicted, const std::vector<double>& truth, int from)
{
    double s = 0;
    for (std::size_t i = std::size_t(from); i < truth.size(); ++i)
        s += std::pow(predicted[i - std::size_t(from)] - truth[i], 2);
    return std::sqrt(s / double(truth.size() - std::size_t(from)));
}

}  // namespace

TEST(AnswerSpacePosterior, ImprovesWithEveryAnswerAndRecoversANewPerson)
{
    const Taste t = tasteWorld(7);
    const AnswerSpacePosterior posterior(t.known, 0.05);
    EXPECT_GE(posterior.rank(), 3);
    std::vector<int> targets;
    for (int i = 40; i < 200; ++i) targets.push_back(i);
    std::vector<double> errors;
    for (int n : {0, 2, 8, 32}) {
        std::vector<int> references;
        std::vector<float> values;
        for (int i = 0; i < n; ++i) {
            references.push_back(i);
            values.push_back(float(t.newcomer[std::size_t(i)] + (i % 2 ? 0.03 : -0.03)));  // answer noise
        }
        errors.push_back(rmse(posterior.predict(references, values, targets), t.newcomer, 40));
    }
    for (std::size_t k = 1; k < errors.size(); ++k) EXPECT_LT(errors[k], errors[k - 1]) << "step " << k;
    EXPECT_LT(errors.back(), 0.3 * errors.front());
}

TEST(AnswerSpacePosterior, WithoutAnswersPredictsTheKnownPeoplesMean)
{
    const AnswerSpacePosterior posterior({{0.2, 0.8}, {0.4, 0.6}}, 0.1);
    const auto p = posterior.predict({}, {}, {0, 1});
    EXPECT_NEAR(p[0], 0.3, 1e-9);
    EXPECT_NEAR(p[1], 0.7, 1e-9);
}

TEST(AnswerSpacePosterior, RefusesRaggedScoresAndUnknownImages)
{
    EXPECT_THROW(AnswerSpacePosterior({{0.1, 0.2}, {0.3}}, 0.1), std::invalid_argument);
    EXPECT_THROW(AnswerSpacePosterior({{0.1, 0.2}}, 0.1), std::invalid_argument);
    const AnswerSpacePosterior posterior({{0.2, 0.8}, {0.4, 0.6}}, 0.1);
    EXPECT_THROW(posterior.predict({5}, {0.5f}, {0}), std::invalid_argument);
}

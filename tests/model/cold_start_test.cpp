// The answer-space posterior: on known people drawn from a few taste directions, a new person's held-back scores are
// recovered better with every answer, and with no answer the prediction is the known people's mean. The residual
// posterior: where people differ in directions a prototype mixture cannot express, the mixture stalls as answers grow
// and the mixture plus the residual keeps gaining.
#include "model/reward/cold_start.h"

#include "model/reward/collaborative_filtering.h"

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

namespace {

// People whose taste has two "prototype" directions (features 0 and 1) that a mixture can express, and four more
// (features 2..5) in which each person differs and which the mixture cannot express.
struct ResidualWorld {
    std::vector<std::vector<double>> features;  // [images][6]
    std::mt19937 rng;
    std::normal_distribution<double> normal{0.0, 1.0};

    explicit ResidualWorld(unsigned seed, int images = 300)
        : rng(seed)
    {
        for (int i = 0; i < images; ++i) {
            std::vector<double> x(6);
            for (double& v : x) v = normal(rng);
            features.push_back(x);
        }
    }
    // A person's answers on every image: 0.5 + 0.06 (x . w) with answer noise 0.03.
    std::vector<double> person()
    {
        std::vector<double> w(6);
        for (std::size_t k = 0; k < 6; ++k) w[k] = (k < 2 ? 1.0 : 0.6) * normal(rng);
        std::vector<double> answers;
        for (const auto& x : features) {
            double u = 0;
            for (std::size_t k = 0; k < 6; ++k) u += w[k] * x[k];
            answers.push_back(0.5 + 0.06 * u + 0.03 * normal(rng));
        }
        return answers;
    }
};

// The stand-in for the mixture fit: least squares over a bias and the two prototype features (a small ridge keeps
// it defined for few answers), predicted on every image.
std::vector<double> prototypeFit(
    const ResidualWorld& world, const std::vector<int>& references, const std::vector<double>& answers)
{
    std::vector<double> a(9, 0.0), b(3, 0.0);
    for (int image : references) {
        const auto& x = world.features[std::size_t(image)];
        const double row[3] = {1.0, x[0], x[1]};
        for (std::size_t i = 0; i < 3; ++i) {
            b[i] += row[i] * answers[std::size_t(image)];
            for (std::size_t j = 0; j < 3; ++j) a[i * 3 + j] += row[i] * row[j];
        }
    }
    const auto w = solveRidge(a, b, {1e-3, 1e-2, 1e-2});
    std::vector<double> out;
    for (const auto& x : world.features) out.push_back(w[0] + w[1] * x[0] + w[2] * x[1]);
    return out;
}

}  // namespace

TEST(ResidualPosterior, KeepsGainingWhereAPrototypeMixtureStalls)
{
    ResidualWorld world(11);
    const int images = int(world.features.size());
    std::vector<int> everything(static_cast<std::size_t>(images));
    for (int i = 0; i < images; ++i) everything[std::size_t(i)] = i;
    // Known people: residuals of their answers around the prototype fit to all of them.
    std::vector<KnownResiduals> known;
    for (int p = 0; p < 40; ++p) {
        const auto answers = world.person();
        const auto fit = prototypeFit(world, everything, answers);
        KnownResiduals k;
        for (int i = 0; i < images; i += 2) {  // each known person answered half of the images
            k.images.push_back(i);
            k.residuals.push_back(answers[std::size_t(i)] - fit[std::size_t(i)]);
        }
        known.push_back(std::move(k));
    }
    const ResidualPosterior residual(world.features, known);
    EXPECT_NEAR(residual.noise(), 0.03, 0.01);
    // New people: references are the first N images, targets the last 200.
    const std::vector<int> sizes{8, 16, 32};
    std::vector<double> mixtureError(sizes.size(), 0.0), residualError(sizes.size(), 0.0);
    const int newcomers = 30;
    for (int p = 0; p < newcomers; ++p) {
        const auto answers = world.person();
        for (std::size_t s = 0; s < sizes.size(); ++s) {
            std::vector<int> references, targets;
            for (int i = 0; i < sizes[s]; ++i) references.push_back(i);
            for (int i = images - 200; i < images; ++i) targets.push_back(i);
            // The prior: the prototype fit to the given values, scored on the references, then the targets.
            const auto fitPrior = [&](const std::vector<double>& values) {
                std::vector<double> given = answers;
                for (std::size_t q = 0; q < references.size(); ++q) given[std::size_t(references[q])] = values[q];
                const auto all = prototypeFit(world, references, given);
                std::vector<double> out;
                for (int image : references) out.push_back(all[std::size_t(image)]);
                for (int image : targets) out.push_back(all[std::size_t(image)]);
                return out;
            };
            std::vector<double> values;
            for (int image : references) values.push_back(answers[std::size_t(image)]);
            const auto fit = residual.predictWithPrior(fitPrior, references, values, targets);
            double m = 0, r = 0;
            for (std::size_t t = 0; t < targets.size(); ++t) {
                const auto image = std::size_t(targets[t]);
                m += std::pow(fit.prior[t] - answers[image], 2);
                r += std::pow(fit.scores[t] - answers[image], 2);
            }
            mixtureError[s] += std::sqrt(m / double(targets.size())) / newcomers;
            residualError[s] += std::sqrt(r / double(targets.size())) / newcomers;
        }
    }
    // The mixture stalls: four more answers per direction it can express buy it little.
    EXPECT_GT(mixtureError[2], 0.9 * mixtureError[0]);
    // The residual posterior is no worse with few answers and keeps gaining with more.
    EXPECT_LT(residualError[0], 1.02 * mixtureError[0]);
    EXPECT_LT(residualError[1], 0.9 * residualError[0]);
    EXPECT_LT(residualError[2], 0.9 * residualError[1]);
    EXPECT_LT(residualError[2], 0.7 * mixtureError[2]);
}

TEST(ResidualPosterior, WithoutAnswersPredictsNoResidualAndRefusesBadInput)
{
    const std::vector<std::vector<double>> features{{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}};
    const std::vector<KnownResiduals> known{{{0, 1}, {0.1, -0.1}}, {{1, 2}, {0.2, 0.1}}};
    const ResidualPosterior residual(features, known);
    for (double r : residual.predict({}, {}, {0, 1, 2})) EXPECT_EQ(r, 0.0);
    EXPECT_THROW(residual.predict({3}, {0.1}, {0}), std::invalid_argument);
    EXPECT_THROW(residual.predict({0}, {}, {0}), std::invalid_argument);
    EXPECT_THROW(ResidualPosterior({{1.0}, {1.0, 2.0}}, known), std::invalid_argument);
    EXPECT_THROW(ResidualPosterior(features, {{{0}, {0.1}}}), std::invalid_argument);
    EXPECT_THROW(ResidualPosterior(features, {{{0, 7}, {0.1, 0.2}}, {{1}, {0.1}}}), std::invalid_argument);
}

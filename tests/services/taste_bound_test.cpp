// The Bayes bound on a new person's answers: the posterior against hand-worked closed forms (one taste group, then
// two, where the marginal likelihood decides between them), the prior from known tastes, and the evaluation's
// "Bound" row on the small demo, which must sit between the population model and the oracle.
#include "app/services/reward/evaluation.h"
#include "app/services/reward/taste_bound.h"
#include "tests/services/reward_fixture.h"
#include "util/json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tastelab::services {
namespace {

constexpr const char* kBound = "Bound (true attributes, N_ref answers)";

double logit(double p)
{
    return std::log(p / (1 - p));
}

// One attribute, two answers: theta = [bias, w], prior N(m, S), answers y_k = bias + w x_k + N(0, sigma^2).
struct HandCase {
    double m[2];
    double s[2][2];
    double sigma = 0.5;
    double x[2] = {0.3, -0.2};
    double y[2] = {logit(0.8), logit(0.35)};

    // Posterior mean by the precision form: (S^-1 + Phi^T Phi / sigma^2)^-1 (S^-1 m + Phi^T y / sigma^2).
    void posterior(double theta[2]) const
    {
        const double det = s[0][0] * s[1][1] - s[0][1] * s[1][0];
        const double inv[2][2] = {{s[1][1] / det, -s[0][1] / det}, {-s[1][0] / det, s[0][0] / det}};
        const double v = sigma * sigma;
        const double p[2][2] = {{inv[0][0] + 2 / v, inv[0][1] + (x[0] + x[1]) / v},
            {inv[1][0] + (x[0] + x[1]) / v, inv[1][1] + (x[0] * x[0] + x[1] * x[1]) / v}};
        const double rhs[2] = {inv[0][0] * m[0] + inv[0][1] * m[1] + (y[0] + y[1]) / v,
            inv[1][0] * m[0] + inv[1][1] * m[1] + (x[0] * y[0] + x[1] * y[1]) / v};
        const double pd = p[0][0] * p[1][1] - p[0][1] * p[1][0];
        theta[0] = (p[1][1] * rhs[0] - p[0][1] * rhs[1]) / pd;
        theta[1] = (-p[1][0] * rhs[0] + p[0][0] * rhs[1]) / pd;
    }

    // Density of the two answers under the prior: N(y; Phi m, Phi S Phi^T + sigma^2 I), written out for 2 x 2.
    double likelihood() const
    {
        double c[2][2], r[2];
        for (int k = 0; k < 2; ++k) {
            const double phiK[2] = {1, x[k]};
            r[k] = y[k] - (m[0] + m[1] * x[k]);
            for (int l = 0; l < 2; ++l) {
                const double phiL[2] = {1, x[l]};
                c[k][l] = (k == l ? sigma * sigma : 0.0);
                for (int i = 0; i < 2; ++i) {
                    for (int j = 0; j < 2; ++j) c[k][l] += phiK[i] * s[i][j] * phiL[j];
                }
            }
        }
        const double det = c[0][0] * c[1][1] - c[0][1] * c[1][0];
        const double quad = (c[1][1] * r[0] * r[0] - 2 * c[0][1] * r[0] * r[1] + c[0][0] * r[1] * r[1]) / det;
        return std::exp(-0.5 * quad) / (2 * 3.14159265358979323846 * std::sqrt(det));
    }

    TasteComponent component(double share) const { return {share, {m[0], m[1]}, {s[0][0], s[0][1], s[1][0], s[1][1]}}; }
};

std::vector<double> bound(const std::vector<TasteComponent>& prior, const HandCase& h, std::vector<double> targets)
{
    std::vector<std::vector<double>> target;
    for (double t : targets) target.push_back({t});
    return posteriorMeanUtilities(prior, h.sigma, {{h.x[0]}, {h.x[1]}}, {h.y[0], h.y[1]}, target);
}

TEST(TasteBound, OneGroupMatchesTheClosedFormPosterior)
{
    const HandCase h{{0.2, 1.5}, {{0.09, 0.1}, {0.1, 2.0}}};
    double theta[2];
    h.posterior(theta);
    const auto u = bound({h.component(1.0)}, h, {0.4, -0.1});
    ASSERT_EQ(u.size(), 2u);
    EXPECT_NEAR(u[0], theta[0] + theta[1] * 0.4, 1e-9);
    EXPECT_NEAR(u[1], theta[0] - theta[1] * 0.1, 1e-9);
    // With no answers the prediction is the prior mean.
    const auto none = posteriorMeanUtilities({h.component(1.0)}, h.sigma, {}, {}, {{0.4}});
    EXPECT_NEAR(none[0], 0.2 + 1.5 * 0.4, 1e-12);
}

TEST(TasteBound, TwoGroupsAreWeighedByShareTimesMarginalLikelihood)
{
    // The answers like the attribute (0.8 where it is high, 0.35 where low): group a, the smaller, should win.
    const HandCase a{{0.0, 0.8}, {{0.1, 0.0}, {0.0, 0.5}}};
    const HandCase b{{0.0, -0.8}, {{0.1, 0.0}, {0.0, 0.5}}};
    double ta[2], tb[2];
    a.posterior(ta);
    b.posterior(tb);
    const double wa = 0.3 * a.likelihood(), wb = 0.7 * b.likelihood();
    const double ra = wa / (wa + wb), rb = wb / (wa + wb);
    ASSERT_GT(ra, 0.5);
    ASSERT_LT(ra, 0.95);  // both groups matter, so the weighting is tested
    const double x = 0.25;
    const double expected = ra * (ta[0] + ta[1] * x) + rb * (tb[0] + tb[1] * x);
    const auto u = bound({a.component(0.3), b.component(0.7)}, a, {x});
    EXPECT_NEAR(u[0], expected, 1e-9);
}

TEST(TasteBound, PriorHasOneComponentPerGroupWithItsShareAndMean)
{
    std::vector<KnownTaste> people{{0, 0.1, {1.0, 0.0}}, {0, -0.1, {1.4, 0.2}}, {0, 0.3, {0.6, -0.2}},
        {1, 0.0, {-1.0, 2.0}}, {1, 0.2, {-1.2, 1.6}}};
    const auto prior = tastePrior(people);
    ASSERT_EQ(prior.size(), 2u);
    EXPECT_DOUBLE_EQ(prior[0].share, 0.6);
    EXPECT_DOUBLE_EQ(prior[1].share, 0.4);
    EXPECT_NEAR(prior[0].mean[0], 0.1, 1e-12);  // the bias: everyone's mean
    EXPECT_NEAR(prior[0].mean[1], 1.0, 1e-12);
    EXPECT_NEAR(prior[0].mean[2], 0.0, 1e-12);
    EXPECT_NEAR(prior[1].mean[1], -1.1, 1e-12);
    EXPECT_NEAR(prior[1].mean[2], 1.8, 1e-12);
    for (const auto& c : prior) {
        ASSERT_EQ(c.covariance.size(), 9u);
        for (int i = 0; i < 3; ++i) EXPECT_GT(c.covariance[i * 3 + i], 0.0);
        EXPECT_DOUBLE_EQ(c.covariance[1 * 3 + 2], c.covariance[2 * 3 + 1]);
        EXPECT_DOUBLE_EQ(c.covariance[0 * 3 + 1], 0.0);  // the bias is independent of the weights
    }
    // The smaller group's mean is less certain: its covariance is wider.
    EXPECT_GT(prior[1].covariance[4], prior[0].covariance[4]);
    EXPECT_TRUE(tastePrior({people[0], people[3]}).empty());  // no spread can be estimated
}

TEST_F(RewardServiceTest, BoundRowLiesBetweenThePopulationModelAndTheOracle)
{
    auto workspace = open();
    EvaluationOptions options;
    options.train = quick(6);
    options.nRefs = {2, 8};
    options.primaryNRef = 8;
    options.repetitions = 2;
    const EvaluationReport report = evaluateRewardModel(workspace, options);
    for (int n : {2, 8}) {
        const MetricRow* row = report.find("held-out", "all", kBound, n);
        ASSERT_NE(row, nullptr) << n;
        const MetricRow* oracle = report.find("held-out", "all", "Oracle (true taste)", n);
        const MetricRow* population = report.find("held-out", "all", "Population model", n);
        ASSERT_NE(oracle, nullptr);
        ASSERT_NE(population, nullptr);
        EXPECT_EQ(row->pairs, oracle->pairs) << "the same episodes and targets";
        EXPECT_EQ(row->persons, 4);
        EXPECT_LE(row->pairwise, oracle->pairwise + 0.02) << n;
        EXPECT_GE(row->pairwise, population->pairwise - 0.02) << n;
        EXPECT_GT(row->pairwise, 0.7) << n;
        EXPECT_TRUE(std::isnan(row->mae)) << "utilities are logits, not slider values";
        EXPECT_NE(report.find("held-out", "new", kBound, n), nullptr);
    }
    // Only held-out people are bounded, and the reports carry the row.
    for (const auto& row : report.rows) EXPECT_FALSE(row.method == kBound && row.people != "held-out");
    EXPECT_NE(report.toText().find(kBound), std::string::npos);
    EXPECT_NE(report.toJson().find(kBound), std::string::npos);
}

}  // namespace
}  // namespace tastelab::services

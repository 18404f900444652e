// Agreement statistics: expected values come from cited published worked examples or are worked out by
// hand in the comments, never copied from the code's own output.
#include "storage/agreement.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

using namespace tastelab::storage;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = 1e-12;

// The message of the std::invalid_argument that `call` throws, or "" if it throws none.
template <typename Call>
std::string invalidArgumentMessage(Call call)
{
    try {
        call();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Departmental Papers (ASC), Annenberg
// School for Communication, University of Pennsylvania; section "C. Nominal data, any number of observers,
// missing data" and the example reused for the ordinal, interval and ratio metrics. The reliability data matrix
// (observers A..D as columns here, units 1..12 as rows, "." = missing) is reproduced from memory of that paper
// (it is also the example in Wikipedia's "Krippendorff's alpha" article); as a check, it reproduces all four
// published alphas below, which an off-by-one entry would not. Unit 12 has a single value and is not pairable,
// leaving n = 40 pairable values.
RatingMatrix krippendorff2011Example()
{
    const double x = kNaN;
    return {
        // A  B  C  D
        {1, 1, x, 1},  // unit 1
        {2, 2, 3, 2},  // unit 2
        {3, 3, 3, 3},  // unit 3
        {3, 3, 3, 3},  // unit 4
        {2, 2, 2, 2},  // unit 5
        {1, 2, 3, 4},  // unit 6
        {4, 4, 4, 4},  // unit 7
        {1, 1, 2, 1},  // unit 8
        {2, 2, 2, 2},  // unit 9
        {x, 5, 5, 5},  // unit 10
        {x, x, 1, 1},  // unit 11
        {x, x, 3, x},  // unit 12
    };
}

// Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater reliability.
// Psychological Bulletin, 86(2), 420-428; Table 2: 6 targets (rows) rated by 4 judges (columns).
RatingMatrix shroutFleiss1979Table2()
{
    return {
        {9, 2, 5, 8},
        {6, 1, 3, 2},
        {8, 4, 6, 8},
        {7, 1, 2, 6},
        {10, 5, 6, 9},
        {6, 2, 4, 7},
    };
}

}  // namespace

TEST(Agreement, KrippendorffAlphaReproducesKrippendorff2011Example)
{
    // Published in Krippendorff (2011), section C: alpha_nominal = 0.743, alpha_ordinal = 0.815,
    // alpha_interval = 0.849, alpha_ratio = 0.797 (three decimals, so a tolerance of half a unit in the last).
    const RatingMatrix data = krippendorff2011Example();
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Nominal), 0.743, 0.0005);
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Ordinal), 0.815, 0.0005);
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Interval), 0.849, 0.0005);
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Ratio), 0.797, 0.0005);
    EXPECT_NEAR(krippendorffAlpha(data), 0.849, 0.0005);  // interval is the default
}

TEST(Agreement, KrippendorffAlphaNominalBinaryByHand)
{
    // Two observers, ten units, no missing data (the binary example of Krippendorff 2011, section A, whose
    // published alpha is 0.095). Pairs: units 1, 3, 6, 9 disagree (0-1), unit 2 agrees on 1, units 4, 5, 7, 8,
    // 10 agree on 0. Coincidences (each pair counted both ways, weight 1/(m-1) = 1): o00 = 10, o01 = o10 = 4,
    // o11 = 2; n0 = 14, n1 = 6, n = 20. alpha = 1 - (n - 1) * o01 / (n0 * n1) = 1 - 19 * 4 / 84 = 2 / 21.
    const RatingMatrix data = {{0, 1}, {1, 1}, {0, 1}, {0, 0}, {0, 0}, {0, 1}, {0, 0}, {0, 0}, {1, 0}, {0, 0}};
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Nominal), 2.0 / 21.0, kEps);
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Nominal), 0.095, 0.0005);
    // With only two values every metric's difference is a constant times the nominal one, so alpha is the same
    // (ratio excepted: 0 and 1 give ((1 - 0) / (1 + 0))^2 = 1, also the same).
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Interval), 2.0 / 21.0, kEps);
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Ordinal), 2.0 / 21.0, kEps);
    EXPECT_NEAR(krippendorffAlpha(data, AlphaMetric::Ratio), 2.0 / 21.0, kEps);
}

TEST(Agreement, KrippendorffAlphaIsOneForPerfectAgreement)
{
    const RatingMatrix data = {{1, 1, 1}, {2, 2, kNaN}, {5, 5, 5}, {3, kNaN, 3}, {4, kNaN, kNaN}};
    for (const AlphaMetric metric :
        {AlphaMetric::Nominal, AlphaMetric::Ordinal, AlphaMetric::Interval, AlphaMetric::Ratio})
        EXPECT_DOUBLE_EQ(krippendorffAlpha(data, metric), 1.0);
}

TEST(Agreement, KrippendorffAlphaIsNaNWithoutPairableValuesOrExpectedDisagreement)
{
    // A single rater leaves no unit with two ratings.
    EXPECT_TRUE(std::isnan(krippendorffAlpha({{1}, {2}, {3}})));
    EXPECT_TRUE(std::isnan(krippendorffAlpha({{1, kNaN}, {kNaN, 2}, {3, kNaN}})));
    EXPECT_TRUE(std::isnan(krippendorffAlpha({})));
    // Everyone always gives the same value: no disagreement is expected, so alpha is undefined.
    EXPECT_TRUE(std::isnan(krippendorffAlpha({{3, 3}, {3, 3}}, AlphaMetric::Nominal)));
}

TEST(Agreement, KrippendorffAlphaRejectsRaggedMatrices)
{
    const std::string message = invalidArgumentMessage([] { krippendorffAlpha({{1, 2}, {1, 2}, {3}}); });
    EXPECT_NE(message.find("unit 2"), std::string::npos) << message;
}

TEST(Agreement, Icc2ReproducesShroutFleiss1979Table2)
{
    const Icc icc = icc2(shroutFleiss1979Table2());
    EXPECT_EQ(icc.units, 6);
    EXPECT_EQ(icc.raters, 4);
    // Published (Shrout & Fleiss 1979, analysis of the Table 2 data): BMS = 11.24, JMS = 32.49, EMS = 1.02
    // (WMS = 6.26 is the one-way within-target mean square for ICC(1), not used here); ICC(2,1) = .29,
    // ICC(2,4) = .62.
    EXPECT_NEAR(icc.msRows, 11.24, 0.005);
    EXPECT_NEAR(icc.msColumns, 32.49, 0.005);
    EXPECT_NEAR(icc.msError, 1.02, 0.005);
    EXPECT_NEAR(icc.single, 0.29, 0.005);
    EXPECT_NEAR(icc.average, 0.62, 0.005);

    // Exactly, by hand: N = 24, T = 127, sum of squares 841, row sums 24 12 26 16 30 19, column sums 46 15 26 40.
    // SS_rows = 2913/4 - 127^2/24 = 1349/24, SS_cols = 4617/6 - 127^2/24 = 2339/24,
    // SS_total = 841 - 127^2/24 = 4055/24, SS_error = 367/24; MS = SS / 5, / 3, / 15.
    const double bms = 1349.0 / 120, jms = 2339.0 / 72, ems = 367.0 / 360;
    EXPECT_NEAR(icc.msRows, bms, 1e-9);
    EXPECT_NEAR(icc.msColumns, jms, 1e-9);
    EXPECT_NEAR(icc.msError, ems, 1e-9);
    EXPECT_NEAR(icc.single, (bms - ems) / (bms + 3 * ems + 4 * (jms - ems) / 6), 1e-9);
    EXPECT_NEAR(icc.average, (bms - ems) / (bms + (jms - ems) / 6), 1e-9);
}

TEST(Agreement, Icc2RejectsMissingRatingsRaggedAndTooSmallMatrices)
{
    RatingMatrix data = shroutFleiss1979Table2();
    data[1][2] = kNaN;
    const std::string missing = invalidArgumentMessage([&data] { icc2(data); });
    EXPECT_NE(missing.find("unit 1"), std::string::npos) << missing;
    EXPECT_NE(missing.find("rater 2"), std::string::npos) << missing;

    EXPECT_THROW(icc2({{1, 2, 3}, {1, 2}}), std::invalid_argument);
    EXPECT_THROW(icc2({{1, 2, 3}}), std::invalid_argument);  // one unit
    EXPECT_THROW(icc2({{1}, {2}}), std::invalid_argument);  // one rater
    EXPECT_THROW(icc2({}), std::invalid_argument);
}

TEST(Agreement, TestRetestCorrelationByHandSkippingMissingPairs)
{
    // Complete pairs (1, 2) (2, 4) (3, 5) (4, 9): dx = -1.5 -.5 .5 1.5, dy = -3 -1 0 4;
    // Sxy = 4.5 + .5 + 0 + 6 = 11, Sxx = 5, Syy = 26; r = 11 / sqrt(130). The NaN pairs must not count.
    EXPECT_NEAR(testRetestCorrelation({1, kNaN, 2, 3, 7, 4}, {2, 8, 4, 5, kNaN, 9}), 11 / std::sqrt(130.0), kEps);
    EXPECT_NEAR(testRetestCorrelation({1, 2, 3}, {30, 20, 10}), -1.0, kEps);
    // Fewer than 3 complete pairs.
    EXPECT_TRUE(std::isnan(testRetestCorrelation({1, 2, kNaN}, {1, 2, 3})));
    EXPECT_TRUE(std::isnan(testRetestCorrelation({}, {})));
    // No variance in one session.
    EXPECT_TRUE(std::isnan(testRetestCorrelation({1, 2, 3}, {5, 5, 5})));
    EXPECT_THROW(testRetestCorrelation({1, 2}, {1, 2, 3}), std::invalid_argument);
}

TEST(Agreement, SummarizeByHand)
{
    // Values 0, .1, .25, .5, 1 (the NaN is skipped): mean 1.85 / 5 = .37; deviations -.37 -.27 -.12 .13 .63,
    // squares .1369 .0729 .0144 .0169 .3969 sum .638; SD = sqrt(.638 / 4) = sqrt(.1595).
    // Four bins [0, .25) [.25, .5) [.5, .75) [.75, 1]: 0 and .1 -> 0, .25 -> 1, .5 -> 2, 1 (= hi) -> 3.
    const ItemSummary s = summarize({0, 0.1, 0.25, kNaN, 0.5, 1.0}, 4);
    EXPECT_EQ(s.count, 5);
    EXPECT_NEAR(s.mean, 0.37, kEps);
    EXPECT_NEAR(s.sd, std::sqrt(0.1595), kEps);
    EXPECT_EQ(s.histogram, (std::vector<int>{2, 1, 1, 1}));

    // Default ten bins over [0, 1]: 1 goes in the last bin, not an eleventh.
    EXPECT_EQ(summarize({1.0}).histogram, (std::vector<int>{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));

    // A 1-5 scale in four bins of width 1: 1 -> 0, 2 -> 1, 3 -> 2, 4 and 5 (= hi) -> 3. Out-of-range values
    // count towards mean and SD but no bin: mean of 1 2 3 4 5 9 = 4.
    const ItemSummary likert = summarize({1, 2, 3, 4, 5, 9}, 4, 1, 5);
    EXPECT_EQ(likert.histogram, (std::vector<int>{1, 1, 1, 2}));
    EXPECT_EQ(likert.count, 6);
    EXPECT_DOUBLE_EQ(likert.mean, 4.0);
}

TEST(Agreement, SummarizeEdgeCases)
{
    const ItemSummary empty = summarize({});
    EXPECT_EQ(empty.count, 0);
    EXPECT_TRUE(std::isnan(empty.mean));
    EXPECT_EQ(empty.histogram, std::vector<int>(10, 0));
    const ItemSummary one = summarize({0.5}, 2);
    EXPECT_DOUBLE_EQ(one.mean, 0.5);
    EXPECT_TRUE(std::isnan(one.sd));  // sample SD needs two values
    EXPECT_EQ(one.histogram, (std::vector<int>{0, 1}));
    EXPECT_THROW(summarize({0.5}, 0), std::invalid_argument);
    EXPECT_THROW(summarize({0.5}, 4, 1, 1), std::invalid_argument);
}

// The shared dense Cholesky: the factor, solves, inverse and log-determinant of a 3 x 3 matrix worked by hand, the
// pivot floor and the refusal of an indefinite matrix.
#include "util/dense_cholesky.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace {

using namespace tastelab::util;

// A = L L^T with L = [2 0 0; 6 1 0; -8 5 3], worked by hand.
const std::vector<double> kA = {4, 12, -16, 12, 37, -43, -16, -43, 98};

TEST(DenseCholesky, FactorsAKnownMatrixIntoItsLowerFactorAndZeroesTheUpperTriangle)
{
    std::vector<double> l = kA;
    ASSERT_TRUE(choleskyInPlace(l, 3));
    const std::vector<double> expected = {2, 0, 0, 6, 1, 0, -8, 5, 3};
    for (std::size_t i = 0; i < 9; ++i) EXPECT_DOUBLE_EQ(l[i], expected[i]) << "entry " << i;
}

TEST(DenseCholesky, SolvesAgainstAKnownSolution)
{
    std::vector<double> l = kA;
    ASSERT_TRUE(choleskyInPlace(l, 3));
    // A [1 2 3]^T = [-20 -43 192]^T; L z = b gives z = [-10 17 9] by hand.
    std::vector<double> z = {-20, -43, 192};
    solveLowerInPlace(l, 3, z);
    EXPECT_DOUBLE_EQ(z[0], -10);
    EXPECT_DOUBLE_EQ(z[1], 17);
    EXPECT_DOUBLE_EQ(z[2], 9);
    solveUpperTransposedInPlace(l, 3, z);
    EXPECT_DOUBLE_EQ(z[0], 1);
    EXPECT_DOUBLE_EQ(z[1], 2);
    EXPECT_DOUBLE_EQ(z[2], 3);
    const std::vector<double> x = choleskySolve(l, 3, {-20, -43, 192});
    ASSERT_EQ(x.size(), 3u);
    EXPECT_DOUBLE_EQ(x[0], 1);
    EXPECT_DOUBLE_EQ(x[1], 2);
    EXPECT_DOUBLE_EQ(x[2], 3);
}

TEST(DenseCholesky, InverseMatchesTheHandValueAndTimesTheMatrixIsTheIdentity)
{
    std::vector<double> l = kA;
    ASSERT_TRUE(choleskyInPlace(l, 3));
    const std::vector<double> inverse = inverseFromCholesky(l, 3);
    // L^-1 = [1/2 0 0; -3 1 0; 19/3 -5/3 1/3] by hand, and A^-1 = L^-T L^-1.
    const std::vector<double> expected = {
        1777.0 / 36, -122.0 / 9, 19.0 / 9, -122.0 / 9, 34.0 / 9, -5.0 / 9, 19.0 / 9, -5.0 / 9, 1.0 / 9};
    ASSERT_EQ(inverse.size(), 9u);
    for (std::size_t i = 0; i < 9; ++i) EXPECT_NEAR(inverse[i], expected[i], 1e-12) << "entry " << i;
    for (std::size_t i = 0; i < 3; ++i) {
        for (std::size_t j = 0; j < 3; ++j) {
            EXPECT_EQ(inverse[i * 3 + j], inverse[j * 3 + i]);
            double s = 0;
            for (std::size_t k = 0; k < 3; ++k) s += inverse[i * 3 + k] * kA[k * 3 + j];
            EXPECT_NEAR(s, i == j ? 1.0 : 0.0, 1e-12) << "(" << i << ", " << j << ")";
        }
    }
}

TEST(DenseCholesky, LogDeterminantIsTwiceTheLogOfTheDiagonalProduct)
{
    std::vector<double> l = kA;
    ASSERT_TRUE(choleskyInPlace(l, 3));
    // det A = (2 * 1 * 3)^2 = 36.
    EXPECT_NEAR(logDeterminantFromCholesky(l, 3), std::log(36.0), 1e-14);
}

TEST(DenseCholesky, FloorReplacesSmallAndNegativePivotsOnly)
{
    // [1 2; 2 1]: the second pivot is 1 - 4 = -3, floored to 0.25, so L11 = 0.5.
    std::vector<double> negative = {1, 2, 2, 1};
    choleskyInPlaceFloored(negative, 2, 0.25);
    EXPECT_DOUBLE_EQ(negative[0], 1);
    EXPECT_DOUBLE_EQ(negative[1], 0);
    EXPECT_DOUBLE_EQ(negative[2], 2);
    EXPECT_DOUBLE_EQ(negative[3], 0.5);
    // [1 1; 1 1] is singular: the second pivot is 0, floored likewise.
    std::vector<double> singular = {1, 1, 1, 1};
    choleskyInPlaceFloored(singular, 2, 0.25);
    EXPECT_DOUBLE_EQ(singular[3], 0.5);
    // A pivot equal to the floor stays: [4 2; 2 1.25] has second pivot 1.25 - 1 = 0.25.
    std::vector<double> equal = {4, 2, 2, 1.25};
    choleskyInPlaceFloored(equal, 2, 0.25);
    EXPECT_DOUBLE_EQ(equal[3], 0.5);
    // Pivots above the floor are untouched: [4 2; 2 2] gives L = [2 0; 1 1].
    std::vector<double> fine = {4, 2, 2, 2};
    choleskyInPlaceFloored(fine, 2, 0.25);
    EXPECT_DOUBLE_EQ(fine[0], 2);
    EXPECT_DOUBLE_EQ(fine[2], 1);
    EXPECT_DOUBLE_EQ(fine[3], 1);
    // A NaN pivot is not floored.
    std::vector<double> nan = {std::numeric_limits<double>::quiet_NaN(), 0, 0, 1};
    choleskyInPlaceFloored(nan, 2, 0.25);
    EXPECT_TRUE(std::isnan(nan[0]));
}

TEST(DenseCholesky, RefusesIndefiniteSingularAndNanMatrices)
{
    std::vector<double> indefinite = {1, 2, 2, 1};
    EXPECT_FALSE(choleskyInPlace(indefinite, 2));
    std::vector<double> negativeFirst = {-1, 0, 0, 1};
    EXPECT_FALSE(choleskyInPlace(negativeFirst, 2));
    std::vector<double> singular = {1, 1, 1, 1};
    EXPECT_FALSE(choleskyInPlace(singular, 2));
    std::vector<double> nan = {1, 0, 0, std::numeric_limits<double>::quiet_NaN()};
    EXPECT_FALSE(choleskyInPlace(nan, 2));
    // The 3 x 3 matrix with its last diagonal lowered below 64 + 25 = 89 is indefinite.
    std::vector<double> lowered = kA;
    lowered[8] = 88;
    EXPECT_FALSE(choleskyInPlace(lowered, 3));
}

}  // namespace

// Dense Cholesky factorisation of small symmetric positive definite matrices (row-major std::vector<double>) and the
// solves, inverse and log-determinant built on it: one copy for the Bayesian heads and ridge solves, no Torch needed.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace tastelab::util {
namespace detail {

// A = L L^T row by row (L_ij = (a_ij - sum_{k<j} L_ik L_jk) / L_jj for j < i, then row i's pivot), L written over
// the lower triangle of `a` [n x n] and the strict upper triangle zeroed; only the lower triangle of `a` is read. With
// `floored`, a pivot d <= pivotFloor becomes pivotFloor (a NaN pivot is kept); without, the first pivot that is not
// > 0 (or is NaN) stops the factorisation with false. Column by column gives the same numbers but trips GCC 12's
// -Waggressive-loop-optimizations at -O1 for a constant n of 2.
inline bool factorLower(std::vector<double>& a, std::size_t n, bool floored, double pivotFloor)
{
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            double s = a[i * n + j];
            for (std::size_t k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = s / a[j * n + j];
        }
        double d = a[i * n + i];
        for (std::size_t k = 0; k < i; ++k) d -= a[i * n + k] * a[i * n + k];
        if (floored) {
            if (d <= pivotFloor) d = pivotFloor;
        } else if (!(d > 0.0)) {
            return false;
        }
        a[i * n + i] = std::sqrt(d);
        for (std::size_t k = i + 1; k < n; ++k) a[i * n + k] = 0.0;
    }
    return true;
}

}  // namespace detail

// Factors the symmetric positive definite `a` [n x n] in place into its lower Cholesky factor L (A = L L^T; the
// strict upper triangle is zeroed, only the lower triangle of `a` is read). Returns false, leaving `a` unspecified,
// when a pivot is not > 0 or is NaN (the matrix is not numerically positive definite).
[[nodiscard]] inline bool choleskyInPlace(std::vector<double>& a, std::size_t n)
{
    return detail::factorLower(a, n, false, 0.0);
}

// As choleskyInPlace, for a matrix known to be positive definite up to rounding: every pivot d <= pivotFloor (> 0)
// is replaced by pivotFloor, so the factorisation always completes. A NaN pivot is not floored and spreads NaN.
inline void choleskyInPlaceFloored(std::vector<double>& a, std::size_t n, double pivotFloor)
{
    detail::factorLower(a, n, true, pivotFloor);
}

// Solves L z = b in place by forward substitution; L is a lower factor [n x n], b has at least n entries.
inline void solveLowerInPlace(const std::vector<double>& l, std::size_t n, std::vector<double>& b)
{
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < i; ++k) b[i] -= l[i * n + k] * b[k];
        b[i] /= l[i * n + i];
    }
}

// Solves L^T x = z in place by back substitution, reading L's lower triangle only.
inline void solveUpperTransposedInPlace(const std::vector<double>& l, std::size_t n, std::vector<double>& b)
{
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t k = i + 1; k < n; ++k) b[i] -= l[k * n + i] * b[k];
        b[i] /= l[i * n + i];
    }
}

// Solves A x = b from A's lower Cholesky factor L.
inline std::vector<double> choleskySolve(const std::vector<double>& l, std::size_t n, std::vector<double> b)
{
    solveLowerInPlace(l, n, b);
    solveUpperTransposedInPlace(l, n, b);
    return b;
}

// A^-1 = L^-T L^-1 from A's lower Cholesky factor L [n x n]; the result is exactly symmetric.
inline std::vector<double> inverseFromCholesky(const std::vector<double>& l, std::size_t n)
{
    std::vector<double> li(n * n, 0.0);  // L^-1, lower, by forward substitution row by row
    for (std::size_t i = 0; i < n; ++i) {
        li[i * n + i] = 1.0 / l[i * n + i];
        for (std::size_t j = 0; j < i; ++j) {
            double s = 0.0;
            for (std::size_t k = j; k < i; ++k) s += l[i * n + k] * li[k * n + j];
            li[i * n + j] = -s / l[i * n + i];
        }
    }
    std::vector<double> inverse(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            double s = 0.0;
            for (std::size_t k = i; k < n; ++k) s += li[k * n + i] * li[k * n + j];
            inverse[i * n + j] = inverse[j * n + i] = s;
        }
    }
    return inverse;
}

// log det A = 2 sum_i log L_ii from A's lower Cholesky factor L.
inline double logDeterminantFromCholesky(const std::vector<double>& l, std::size_t n)
{
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += 2.0 * std::log(l[i * n + i]);
    return s;
}

}  // namespace tastelab::util

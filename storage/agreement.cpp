// Agreement statistics: plain loops over std::vector; matrix shapes are checked up front so that a caller's
// mistake is reported by unit and rater rather than read past the end.
#include "storage/agreement.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>

namespace tastelab::storage {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Every unit must have the same number of raters; returns that number (0 for no units).
std::size_t requireRectangular(const RatingMatrix& ratings, const char* function)
{
    if (ratings.empty()) return 0;
    const std::size_t raters = ratings.front().size();
    for (std::size_t u = 1; u < ratings.size(); ++u)
        if (ratings[u].size() != raters)
            throw std::invalid_argument(std::string(function) + ": unit " + std::to_string(u) + " has "
                + std::to_string(ratings[u].size()) + " ratings, unit 0 has " + std::to_string(raters)
                + " (one column per rater, NaN where a rater did not rate)");
    return raters;
}

// Krippendorff's (2011) difference functions; `cumulative[i]` is the sum of the marginal counts n_g of the
// distinct values up to and including index i, which the ordinal metric needs.
double squaredDifference(AlphaMetric metric, const std::vector<double>& values, const std::vector<double>& counts,
    const std::vector<double>& cumulative, std::size_t c, std::size_t k)
{
    if (c == k) return 0;
    switch (metric) {
    case AlphaMetric::Nominal:
        return 1;
    case AlphaMetric::Ordinal: {
        // (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 over the ordered values between c and k.
        const std::size_t low = std::min(c, k), high = std::max(c, k);
        const double between = cumulative[high] - (low == 0 ? 0 : cumulative[low - 1]);
        const double d = between - (counts[c] + counts[k]) / 2;
        return d * d;
    }
    case AlphaMetric::Interval: {
        const double d = values[c] - values[k];
        return d * d;
    }
    case AlphaMetric::Ratio: {
        const double sum = values[c] + values[k];
        if (sum == 0) return 0;  // only for x and -x, which ratio-scale data cannot hold
        const double d = (values[c] - values[k]) / sum;
        return d * d;
    }
    }
    return 0;
}

}  // namespace

double krippendorffAlpha(const RatingMatrix& ratings, AlphaMetric metric)
{
    requireRectangular(ratings, "krippendorffAlpha");

    // Pairable values: those in units that at least two raters rated.
    std::vector<std::vector<double>> units;
    std::vector<double> values;
    for (const auto& row : ratings) {
        std::vector<double> unit;
        for (const double v : row)
            if (!std::isnan(v)) unit.push_back(v);
        if (unit.size() < 2) continue;
        values.insert(values.end(), unit.begin(), unit.end());
        units.push_back(std::move(unit));
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    const std::size_t distinct = values.size();
    const auto indexOf = [&values](double v) {
        return static_cast<std::size_t>(std::lower_bound(values.begin(), values.end(), v) - values.begin());
    };

    // Coincidence matrix: within a unit of m values every ordered pair of different raters adds 1 / (m - 1).
    std::vector<std::vector<double>> coincidences(distinct, std::vector<double>(distinct, 0.0));
    for (const auto& unit : units) {
        const double weight = 1.0 / static_cast<double>(unit.size() - 1);
        for (std::size_t i = 0; i < unit.size(); ++i)
            for (std::size_t j = 0; j < unit.size(); ++j)
                if (i != j) coincidences[indexOf(unit[i])][indexOf(unit[j])] += weight;
    }
    std::vector<double> counts(distinct, 0.0), cumulative(distinct, 0.0);
    double n = 0;
    for (std::size_t c = 0; c < distinct; ++c) {
        for (std::size_t k = 0; k < distinct; ++k) counts[c] += coincidences[c][k];
        n += counts[c];
        cumulative[c] = n;
    }
    if (n < 2) return kNaN;

    double observed = 0, expected = 0;
    for (std::size_t c = 0; c < distinct; ++c)
        for (std::size_t k = 0; k < distinct; ++k) {
            const double delta = squaredDifference(metric, values, counts, cumulative, c, k);
            observed += coincidences[c][k] * delta;
            expected += counts[c] * counts[k] * delta;
        }
    if (expected == 0) return kNaN;
    // alpha = 1 - D_o / D_e with D_o = observed / n and D_e = expected / (n (n - 1)).
    return 1.0 - (n - 1) * observed / expected;
}

Icc icc2(const RatingMatrix& ratings)
{
    const std::size_t k = requireRectangular(ratings, "icc2");
    const std::size_t n = ratings.size();
    if (n < 2 || k < 2)
        throw std::invalid_argument("icc2: needs at least 2 units and 2 raters, got " + std::to_string(n)
            + " units and " + std::to_string(k) + " raters");
    for (std::size_t u = 0; u < n; ++u)
        for (std::size_t r = 0; r < k; ++r)
            if (!std::isfinite(ratings[u][r]))
                throw std::invalid_argument("icc2: unit " + std::to_string(u) + " has no rating from rater "
                    + std::to_string(r) + " (ICC(2) needs every rater to rate every unit)");

    std::vector<double> rowMeans(n, 0.0), columnMeans(k, 0.0);
    double grand = 0;
    for (std::size_t u = 0; u < n; ++u)
        for (std::size_t r = 0; r < k; ++r) {
            rowMeans[u] += ratings[u][r];
            columnMeans[r] += ratings[u][r];
            grand += ratings[u][r];
        }
    const double nd = static_cast<double>(n), kd = static_cast<double>(k);
    for (double& m : rowMeans) m /= kd;
    for (double& m : columnMeans) m /= nd;
    grand /= nd * kd;

    double ssRows = 0, ssColumns = 0, ssTotal = 0;
    for (const double m : rowMeans) ssRows += kd * (m - grand) * (m - grand);
    for (const double m : columnMeans) ssColumns += nd * (m - grand) * (m - grand);
    for (const auto& row : ratings)
        for (const double v : row) ssTotal += (v - grand) * (v - grand);
    const double ssError = std::max(0.0, ssTotal - ssRows - ssColumns);

    Icc icc;
    icc.units = static_cast<int>(n);
    icc.raters = static_cast<int>(k);
    icc.msRows = ssRows / (nd - 1);
    icc.msColumns = ssColumns / (kd - 1);
    icc.msError = ssError / ((nd - 1) * (kd - 1));
    // Shrout & Fleiss (1979), equations for Case 2: BMS, JMS and EMS in their notation.
    const double singleDenominator = icc.msRows + (kd - 1) * icc.msError + kd * (icc.msColumns - icc.msError) / nd;
    const double averageDenominator = icc.msRows + (icc.msColumns - icc.msError) / nd;
    icc.single = singleDenominator == 0 ? kNaN : (icc.msRows - icc.msError) / singleDenominator;
    icc.average = averageDenominator == 0 ? kNaN : (icc.msRows - icc.msError) / averageDenominator;
    return icc;
}

double testRetestCorrelation(const std::vector<double>& first, const std::vector<double>& second)
{
    if (first.size() != second.size())
        throw std::invalid_argument("testRetestCorrelation: the two sessions have different lengths ("
            + std::to_string(first.size()) + " and " + std::to_string(second.size()) + ")");
    std::vector<double> x, y;
    for (std::size_t i = 0; i < first.size(); ++i)
        if (!std::isnan(first[i]) && !std::isnan(second[i])) {
            x.push_back(first[i]);
            y.push_back(second[i]);
        }
    if (x.size() < 3) return kNaN;

    const double count = static_cast<double>(x.size());
    double meanX = 0, meanY = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        meanX += x[i];
        meanY += y[i];
    }
    meanX /= count;
    meanY /= count;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - meanX) * (y[i] - meanY);
        sxx += (x[i] - meanX) * (x[i] - meanX);
        syy += (y[i] - meanY) * (y[i] - meanY);
    }
    if (sxx == 0 || syy == 0) return kNaN;
    return sxy / std::sqrt(sxx * syy);
}

ItemSummary summarize(const std::vector<double>& values, int bins, double lo, double hi)
{
    if (bins < 1) throw std::invalid_argument("summarize: bins must be at least 1, got " + std::to_string(bins));
    if (!(lo < hi))
        throw std::invalid_argument("summarize: the histogram range needs lo < hi, got [" + std::to_string(lo) + ", "
            + std::to_string(hi) + "]");

    ItemSummary summary;
    summary.histogram.assign(static_cast<std::size_t>(bins), 0);
    double sum = 0;
    for (const double v : values) {
        if (std::isnan(v)) continue;
        ++summary.count;
        sum += v;
        if (v < lo || v > hi) continue;
        // A value equal to hi would land one past the end; it belongs to the last (closed) bin.
        const auto bin = std::min(static_cast<int>((v - lo) / (hi - lo) * bins), bins - 1);
        ++summary.histogram[static_cast<std::size_t>(bin)];
    }
    if (summary.count == 0) {
        summary.mean = kNaN;
        summary.sd = kNaN;
        return summary;
    }
    summary.mean = sum / summary.count;
    if (summary.count < 2) {
        summary.sd = kNaN;
        return summary;
    }
    double squares = 0;
    for (const double v : values)
        if (!std::isnan(v)) squares += (v - summary.mean) * (v - summary.mean);
    summary.sd = std::sqrt(squares / (summary.count - 1));
    return summary;
}

}  // namespace tastelab::storage

// Agreement statistics for rating studies: how far raters agree (Krippendorff's alpha, ICC), how stable
// one rater is over time (test-retest correlation), and per-item summaries. Plain C++, no Qt, no torch.
#pragma once

#include <vector>

namespace tastelab::storage {

// ratings[unit][rater]: NaN (std::numeric_limits<double>::quiet_NaN()) where that rater did not rate that unit.
using RatingMatrix = std::vector<std::vector<double>>;

enum class AlphaMetric { Nominal, Ordinal, Interval, Ratio };

// Krippendorff's alpha; units with fewer than 2 ratings are ignored (pairable values only). NaN when fewer than
// 2 pairable values or no disagreement expected. Ordinal uses the rank-based metric over the observed values
// (Krippendorff 2011), ratio ((c-k)/(c+k))^2.
double krippendorffAlpha(const RatingMatrix& ratings, AlphaMetric metric = AlphaMetric::Interval);

// Shrout & Fleiss (1979) two-way random effects, absolute agreement: ICC(2,1) single rater and ICC(2,k) mean of
// k raters. Needs a complete matrix (no NaN; throws std::invalid_argument naming the unit and rater otherwise),
// >= 2 units and >= 2 raters.
struct Icc {
    double single = 0;
    double average = 0;
    double msRows = 0, msColumns = 0, msError = 0;
    int units = 0;
    int raters = 0;
};
Icc icc2(const RatingMatrix& ratings);

// Pearson correlation between two equally long vectors ignoring pairs where either is NaN (test-retest); NaN if
// < 3 pairs (or either side has zero variance).
double testRetestCorrelation(const std::vector<double>& first, const std::vector<double>& second);

// Per-item descriptive statistics: mean, sample SD (n-1), count, and a histogram of `bins` equal bins over
// [lo, hi]. NaN values are skipped; values outside [lo, hi] count towards mean and SD but no bin, and a value
// equal to hi goes in the last bin. Mean and SD are NaN for no values, SD NaN for one.
struct ItemSummary {
    double mean = 0;
    double sd = 0;
    int count = 0;
    std::vector<int> histogram;
};
ItemSummary summarize(const std::vector<double>& values, int bins = 10, double lo = 0.0, double hi = 1.0);

}  // namespace tastelab::storage

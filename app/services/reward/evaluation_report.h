// What the evaluation protocol measures: one row per method and cell (seen or held-out people, new or all images,
// N_ref), the loss ablation, and the report as JSON and as the table `tastelab-cli eval` prints. No Qt.
#pragma once

#include "app/services/reward/trainer.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace tastelab::services {

struct MetricRow {
    std::string people;  // "seen" or "held-out"
    std::string images;  // "new" (never trained on) or "all"
    std::string method;  // "TasteLab (embedding)", "TasteLab (in-context)", "Population model", ...
    int nRef = 0;  // references used to represent the person; 0 where it does not apply
    double pairwise = std::numeric_limits<double>::quiet_NaN();  // 1 liked vs 1 disliked, top-1
    double top1 = std::numeric_limits<double>::quiet_NaN();  // 1 liked vs 3 disliked
    double top2 = std::numeric_limits<double>::quiet_NaN();
    double top3 = std::numeric_limits<double>::quiet_NaN();
    double spearman = std::numeric_limits<double>::quiet_NaN();  // mean over people
    double pearson = std::numeric_limits<double>::quiet_NaN();
    double marginAccuracy = std::numeric_limits<double>::quiet_NaN();  // all pairs apart by >= the tie margin
    double mae = std::numeric_limits<double>::quiet_NaN();  // on the 0..1 slider scale
    std::int64_t pairs = 0;  // liked/disliked pairs behind `pairwise`
    int persons = 0;
};

struct AblationRow {
    std::string variant;  // "all losses", "without regression", ...
    double seenPairwise = std::numeric_limits<double>::quiet_NaN();
    double heldOutPairwise = std::numeric_limits<double>::quiet_NaN();
};
struct EvaluationReport {
    std::vector<MetricRow> rows;
    std::vector<AblationRow> ablation;
    std::vector<int> nRefs;
    int primaryNRef = 8;
    double tieMargin = 0.1;
    std::string backbone;
    std::vector<std::string> heldOutPeople;
    int heldOutImages = 0;
    TrainReport training;  // the personalized model's training
    double seconds = 0;

    // The row for a method and cell; nullptr when absent.
    const MetricRow* find(
        const std::string& people, const std::string& images, const std::string& method, int nRef = 0) const;
    std::string toJson() const;
    // The table printed by `tastelab-cli eval` and `tastelab-cli demo`.
    std::string toText() const;
};

// Whether the accuracy-by-N_ref charts (exports/eval.png and the model page) draw this held-out method: TasteLab's
// linear taste models and hierarchical fit, the baselines and the references. The other cold starts (in-context,
// k-NN, mixture fit, answer-space posterior) and the cold start on the collaborative filters' images are in the table
// only; with them the palette's colours would repeat.
bool isChartedMethod(const std::string& method);

}  // namespace tastelab::services

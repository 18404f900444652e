// The evaluation report as JSON (exports/eval.json) and as the table `tastelab-cli eval` and the demo print.
#include "app/services/reward/evaluation_report.h"

#include "util/json.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace tastelab::services {
namespace {

std::string percent(double value)
{
    return std::isfinite(value) ? fmt::format("{:5.1f}", 100.0 * value) : std::string("    -");
}

std::string fixed(double value)
{
    return std::isfinite(value) ? fmt::format("{:5.2f}", value) : std::string("    -");
}

util::JsonValue number(double value)
{
    return std::isfinite(value) ? util::JsonValue(value) : util::JsonValue(nullptr);
}

}  // namespace

const MetricRow* EvaluationReport::find(
    const std::string& people, const std::string& images, const std::string& method, int nRef) const
{
    for (const auto& row : rows) {
        if (row.people == people && row.images == images && row.method == method && row.nRef == nRef) return &row;
    }
    return nullptr;
}

std::string EvaluationReport::toJson() const
{
    using util::JsonValue;
    JsonValue::Array rowList, ablationList, nRefList, heldOut;
    for (const auto& r : rows) {
        rowList.emplace_back(JsonValue::Object{
            {"people", JsonValue(r.people)},
            {"images", JsonValue(r.images)},
            {"method", JsonValue(r.method)},
            {"n_ref", JsonValue(r.nRef)},
            {"pairwise_accuracy", number(r.pairwise)},
            {"one_vs_three_top1", number(r.top1)},
            {"one_vs_three_top2", number(r.top2)},
            {"one_vs_three_top3", number(r.top3)},
            {"spearman", number(r.spearman)},
            {"pearson", number(r.pearson)},
            {"margin_accuracy", number(r.marginAccuracy)},
            {"mae", number(r.mae)},
            {"pairs", JsonValue(r.pairs)},
            {"persons", JsonValue(r.persons)},
        });
    }
    for (const auto& r : ablation) {
        ablationList.emplace_back(
            JsonValue::Object{{"variant", JsonValue(r.variant)}, {"seen_pairwise_accuracy", number(r.seenPairwise)},
                {"held_out_pairwise_accuracy", number(r.heldOutPairwise)}});
    }
    for (int n : nRefs) nRefList.emplace_back(n);
    for (const auto& name : heldOutPeople) heldOut.emplace_back(name);
    JsonValue::Array curve;
    for (const auto& e : training.curve) {
        curve.emplace_back(JsonValue::Object{{"epoch", JsonValue(e.epoch)}, {"train_loss", number(e.trainLoss)},
            {"validation_loss", number(e.validationLoss)}, {"validation_accuracy", number(e.validationAccuracy)}});
    }
    return util::toJson(JsonValue(JsonValue::Object{
        {"backbone", JsonValue(backbone)},
        {"tie_margin", JsonValue(tieMargin)},
        {"n_refs", JsonValue(std::move(nRefList))},
        {"primary_n_ref", JsonValue(primaryNRef)},
        {"held_out_people", JsonValue(std::move(heldOut))},
        {"held_out_images", JsonValue(heldOutImages)},
        {"best_epoch", JsonValue(training.bestEpoch)},
        {"training_curve", JsonValue(std::move(curve))},
        {"rows", JsonValue(std::move(rowList))},
        {"ablation", JsonValue(std::move(ablationList))},
        {"seconds", JsonValue(seconds)},
    }));
}

std::string EvaluationReport::toText() const
{
    std::string out =
        fmt::format("Personal reward model on {} (tie margin {:.2f}; accuracies in %)\n", backbone, tieMargin);
    out += fmt::format("Held out: {} people ({}), {} images never trained on\n", heldOutPeople.size(),
        fmt::join(heldOutPeople, " "), heldOutImages);
    // The method column fits the longest name (the bound's is long).
    std::size_t width = 24;
    for (const auto& r : rows) width = std::max(width, r.method.size());
    out += fmt::format("{:<9} {:<6} {:<{}} {:>5} {:>9} {:>16} {:>8} {:>8} {:>7} {:>5} {:>6}\n", "people", "images",
        "method", width, "N_ref", "pairwise", "1v3 top-1/2/3", "Spearman", "Pearson", "margin", "MAE", "pairs");
    auto print = [&](const MetricRow& r) {
        out += fmt::format("{:<9} {:<6} {:<{}} {:>5} {:>9} {:>16} {:>8} {:>8} {:>7} {:>5} {:>6}\n", r.people, r.images,
            r.method, width, r.nRef ? std::to_string(r.nRef) : std::string("-"), percent(r.pairwise),
            fmt::format("{}/{}/{}", percent(r.top1), percent(r.top2), percent(r.top3)), fixed(r.spearman),
            fixed(r.pearson), percent(r.marginAccuracy), fixed(r.mae), r.pairs);
    };
    for (const auto& r : rows) {
        if (r.nRef == 0 || r.nRef == primaryNRef) print(r);
    }
    out += "\nHeld-out people, pairwise accuracy by N_ref (all images):\n";
    std::vector<std::string> methods;
    for (const auto& r : rows) {
        if (r.people == "held-out" && r.images == "all" && r.nRef > 0
            && std::find(methods.begin(), methods.end(), r.method) == methods.end()) {
            methods.push_back(r.method);
        }
    }
    out += fmt::format("{:<{}}", "method", width);
    for (int n : nRefs) out += fmt::format(" {:>6}", fmt::format("N={}", n));
    out += "\n";
    for (const auto& method : methods) {
        out += fmt::format("{:<{}}", method, width);
        for (int n : nRefs) {
            const MetricRow* r = find("held-out", "all", method, n);
            out += fmt::format(" {:>6}", r ? percent(r->pairwise) : std::string("-"));
        }
        out += "\n";
    }
    if (std::any_of(rows.begin(), rows.end(), [](const MetricRow& r) { return r.method.rfind("CF ", 0) == 0; })) {
        out += "CF rows (collaborative filtering, fitted on the trained people's answers) are scored on the images "
               "trained people rated; the others cannot be predicted without pixels. \"TasteLab (linear taste, groups) "
               "on CF images\" is TasteLab's cold start on those same answers.\n";
    }
    if (std::any_of(rows.begin(), rows.end(), [](const MetricRow& r) { return r.method.rfind("Bound ", 0) == 0; })) {
        out += "Bound rows (demo only): the best any method could do from N_ref answers, the Bayes posterior of the "
               "person's taste on the images' true attributes with the taste groups of the trained raters as prior.\n";
    }
    if (!ablation.empty()) {
        out +=
            fmt::format("\nAblation (pairwise accuracy; held-out people with N_ref = {}, mixture fit):\n", primaryNRef);
        for (const auto& r : ablation) {
            out += fmt::format("  {:<40} seen {:>6}  held-out {:>6}\n", r.variant, percent(r.seenPairwise),
                percent(r.heldOutPairwise));
        }
    }
    return out;
}

bool isChartedMethod(const std::string& method)
{
    static const char* const hidden[] = {"TasteLab (in-context)", "TasteLab (k-NN)", "TasteLab (mixture fit)",
        "TasteLab (posterior)", "TasteLab (linear taste, groups) on CF images"};
    return std::none_of(std::begin(hidden), std::end(hidden), [&](const char* h) { return method == h; });
}

}  // namespace tastelab::services

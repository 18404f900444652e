// Long reward work tells the truth: training and the evaluation protocol report their phases in order with an
// overall fraction that never goes back and only reaches the end at the end, the reported total time is the time it
// really took, and a cancel stops the evaluation within a second wherever it is.
#include "app/services/reward/evaluation.h"
#include "tests/services/reward_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace tastelab::services {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Recorded {
    TrainingProgress progress;
    double at = 0;  // seconds since the call started, on the test's clock
};

// The reports are in order: phases never go back, the overall fraction never decreases, fractions stay in 0..1.
void expectOrdered(const std::vector<Recorded>& reports)
{
    ASSERT_FALSE(reports.empty());
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const TrainingProgress& p = reports[i].progress;
        EXPECT_GE(p.phaseFraction, 0.0) << p.phase;
        EXPECT_LE(p.phaseFraction, 1.0) << p.phase;
        EXPECT_GE(p.overallFraction, 0.0) << p.phase;
        EXPECT_LE(p.overallFraction, 1.0) << p.phase;
        EXPECT_GT(p.phaseCount, p.phaseIndex) << p.phase;
        if (i == 0) continue;
        const TrainingProgress& before = reports[i - 1].progress;
        EXPECT_GE(p.overallFraction, before.overallFraction) << before.phase << " -> " << p.phase << " at " << i;
        EXPECT_GE(p.phaseIndex, before.phaseIndex) << before.phase << " -> " << p.phase << " at " << i;
    }
}

class EvaluationProgressTest : public RewardServiceTest {
protected:
    static EvaluationOptions evaluation(int epochs = 6)
    {
        EvaluationOptions o;
        o.train = quick(epochs);
        o.train.patience = epochs;  // no early stop: the epochs are the work
        return o;
    }
};

TEST_F(EvaluationProgressTest, TrainingReportsItsPhasesAndItsRealTime)
{
    auto workspace = open();
    std::vector<Recorded> reports;
    TrainOptions options = quick(6);
    const auto start = Clock::now();
    options.onProgress = [&](const TrainingProgress& p) { reports.push_back({p, secondsSince(start)}); };
    const TrainReport report = trainRewardModel(workspace, options);
    const double wall = secondsSince(start);
    ASSERT_FALSE(report.cancelled);
    expectOrdered(reports);
    std::vector<std::string> phases;
    for (const auto& r : reports)
        if (phases.empty() || phases.back() != r.progress.phase) phases.push_back(r.progress.phase);
    EXPECT_EQ(phases, (std::vector<std::string>{"preparing", "training", "saving"}));
    EXPECT_DOUBLE_EQ(reports.back().progress.overallFraction, 1.0);
    // The reported total is the time it took, not the time of one part of it.
    EXPECT_NEAR(report.seconds, wall, 0.05 + 0.05 * wall);
    EXPECT_LE(reports.back().progress.elapsedSeconds, report.seconds + 1e-6);
}

TEST_F(EvaluationProgressTest, EvaluationReportsEveryPhaseInOrderUntilItReallyEnds)
{
    auto workspace = open();
    std::vector<Recorded> reports;
    EvaluationOptions options = evaluation();
    const auto start = Clock::now();
    options.train.onProgress = [&](const TrainingProgress& p) { reports.push_back({p, secondsSince(start)}); };
    const EvaluationReport report = evaluateRewardModel(workspace, options);
    const double wall = secondsSince(start);
    ASSERT_FALSE(report.training.cancelled);
    expectOrdered(reports);

    std::vector<std::string> phases;
    std::vector<int> nRefs;
    for (const auto& r : reports) {
        if (phases.empty() || phases.back() != r.progress.phase) phases.push_back(r.progress.phase);
        if (r.progress.phase == "sweep" && (nRefs.empty() || nRefs.back() != r.progress.nRef))
            nRefs.push_back(r.progress.nRef);
    }
    EXPECT_EQ(phases, (std::vector<std::string>{"preparing", "training", "population", "seen", "sweep"}));
    // Each N_ref is a phase of its own, in order, and the reports say which N_ref runs.
    EXPECT_EQ(nRefs, options.nRefs);
    std::vector<int> sweepPhases;
    for (const auto& r : reports) {
        EXPECT_EQ(r.progress.phaseCount, 4 + int(options.nRefs.size()));
        if (r.progress.phase == "sweep" && (sweepPhases.empty() || sweepPhases.back() != r.progress.phaseIndex))
            sweepPhases.push_back(r.progress.phaseIndex);
    }
    std::vector<int> expected(options.nRefs.size());
    std::iota(expected.begin(), expected.end(), 4);  // after preparing, training, population and seen
    EXPECT_EQ(sweepPhases, expected);
    // The population model reports its epochs too: no silent stretch after the personal model's last epoch.
    EXPECT_GE(std::count_if(reports.begin(), reports.end(),
                  [](const Recorded& r) { return r.progress.phase == "population" && r.progress.epoch > 0; }),
        1);

    EXPECT_DOUBLE_EQ(reports.back().progress.overallFraction, 1.0);
    // "Done" is not said before the work is: the first report at 99 % comes near the real end.
    const auto nearlyDone = std::find_if(
        reports.begin(), reports.end(), [](const Recorded& r) { return r.progress.overallFraction >= 0.99; });
    ASSERT_NE(nearlyDone, reports.end());
    EXPECT_GE(nearlyDone->at, 0.75 * wall) << "99 % reported at " << nearlyDone->at << " s of " << wall << " s";
    // The total is the whole evaluation's time.
    EXPECT_NEAR(report.seconds, wall, 0.05 + 0.05 * wall);
}

// Cancels from another thread as soon as `phase` is reported, and measures until the evaluation returns.
double cancelDuring(Workspace& workspace, EvaluationOptions options, const std::string& phase, bool* cancelled)
{
    std::atomic<bool> cancel{false};
    std::atomic<bool> reached{false};
    options.train.cancel = &cancel;
    options.train.onProgress = [&](const TrainingProgress& p) {
        if (p.phase == phase) reached = true;
    };
    std::atomic<bool> returned{false};
    Clock::time_point returnedAt;
    EvaluationReport report;
    std::thread worker([&] {
        report = evaluateRewardModel(workspace, options);
        returnedAt = Clock::now();
        returned = true;
    });
    const auto start = Clock::now();
    while (!reached && !returned && secondsSince(start) < 300)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto cancelledAt = Clock::now();
    cancel = true;
    worker.join();
    *cancelled = report.training.cancelled && reached;
    return std::chrono::duration<double>(returnedAt - cancelledAt).count();
}

TEST_F(EvaluationProgressTest, CancelStopsTheEvaluationWithinASecondInEveryPhase)
{
    auto workspace = open();
    for (const std::string phase : {"training", "population", "sweep", "ablation"}) {
        SCOPED_TRACE(phase);
        // Each phase far longer than a second, the ones before it short enough to reach it soon.
        EvaluationOptions options = evaluation(phase == "training" || phase == "population" ? 400 : 30);
        options.repetitions = phase == "sweep" ? 400 : 1;
        options.ablation = phase == "ablation";
        bool cancelled = false;
        const double seconds = cancelDuring(workspace, options, phase, &cancelled);
        EXPECT_TRUE(cancelled) << "the evaluation ended before it could be cancelled in " << phase;
        EXPECT_LT(seconds, 1.0) << "took " << seconds << " s to stop in " << phase;
    }
}

}  // namespace
}  // namespace tastelab::services

// Creating the demo study and letting simulated participants answer it.
#include "app/services/demo_study.h"

#include "app/services/study_session.h"
#include "app/services/workspace.h"
#include "storage/images.h"
#include "storage/studies.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

namespace tastelab::services {

namespace {

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

DemoStudySummary createDemoStudy(Workspace& workspace, const DemoStudyOptions& options)
{
    auto& db = workspace.database();
    const int needed = options.regularItems + options.catchItems + options.practiceItems;
    const auto images = storage::ImageStore(db).list(needed);
    if (static_cast<int>(images.size()) < needed) {
        throw std::invalid_argument(fmt::format(
            "the demo study needs {} images and the workspace has {}", needed, storage::ImageStore(db).count()));
    }
    storage::StudyStore studies(db);
    storage::Study study;
    study.name = options.name;
    study.instructions = "Rate how much you like each image, and choose between pairs. Go with your first impression.";
    study.consentText = "This is a demonstration study of TasteLab. Answers are stored on this computer under a "
                        "pseudonymous id and used only to show how a study works.";
    study.protocol.answerModes =
        options.pairwise ? storage::AnswerModes::SliderAndPairwise : storage::AnswerModes::Slider;
    study.protocol.repeats = options.repeats;
    study.protocol.catchItems = options.catchItems;
    study.protocol.practiceItems = options.practiceItems;
    study.protocol.blockSize = options.blockSize;
    study.protocol.breakEvery = options.breakEvery;
    study.protocol.seed = static_cast<std::int64_t>(options.seed & 0x7fffffff);
    study.protocol.settings = R"({"exclusion": {"minCatchPassRate": 0.75}, "plan": {"pairsPerItem": 2}})";
    DemoStudySummary summary;
    summary.studyId = studies.createStudy(study);
    std::size_t next = 0;
    for (int i = 0; i < options.regularItems; ++i) {
        studies.addItem({0, summary.studyId, images[next++].id, storage::ItemKind::Regular, {}, {}, {}});
    }
    for (int i = 0; i < options.catchItems; ++i) {
        studies.addItem({0, summary.studyId, images[next++].id, storage::ItemKind::Catch, 0.9, 1.0,
            "Attention check: move the slider fully to the right"});
    }
    for (int i = 0; i < options.practiceItems; ++i) {
        studies.addItem({0, summary.studyId, images[next++].id, storage::ItemKind::Practice, {}, {}, {}});
    }

    std::mt19937_64 rng(options.seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::lognormal_distribution<double> responseTime(std::log(1800.0), 0.45);
    std::map<std::int64_t, double> shared;  // the part of the taste everyone has
    for (const auto& image : images) shared[image.id] = 1.2 * normal(rng);

    for (int p = 0; p < options.participants; ++p) {
        SessionStart start;
        start.study = options.name;
        start.participant = fmt::format("SIM-{:02d}", p + 1);
        start.mode = storage::SessionMode::Simulated;
        start.client = "demo study";
        StudySession session(workspace, start);
        ++summary.participants;
        const bool careless = p == 1;  // ignores the catch instructions
        const bool leavesEarly = p == 2 && options.participants > 2;
        std::map<std::int64_t, double> personal;
        for (const auto& image : images) personal[image.id] = 0.7 * normal(rng);
        auto utility = [&](std::int64_t id) { return shared[id] + personal[id] + 0.35 * normal(rng); };
        const int stopAt = leavesEarly ? session.trialCount() / 2 : session.trialCount();
        while (!session.finished() && session.position() < stopAt) {
            const auto& trial = session.currentTrial();
            const auto ms = static_cast<std::int64_t>(responseTime(rng));
            if (trial.mode == storage::TrialMode::Slider) {
                double value = sigmoid(utility(*trial.imageId));
                if (trial.isCatch && !careless) value = 0.97;
                const auto id = session.answerSlider({value, session.startPosition(), true, ms, {}});
                summary.ratings += id > 0;
            } else {
                const double left = utility(*trial.leftImageId), right = utility(*trial.rightImageId);
                const auto choice = std::abs(left - right) < 0.08 ? storage::PairChoice::Tie
                    : left > right                                ? storage::PairChoice::Left
                                                                  : storage::PairChoice::Right;
                const auto id = session.answerPair({choice, ms, {}});
                summary.comparisons += id > 0;
            }
        }
        if (session.finished()) {
            session.complete();
            ++summary.completed;
        }
    }
    return summary;
}

}  // namespace tastelab::services

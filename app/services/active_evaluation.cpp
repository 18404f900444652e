// Simulated artists answering active and random questions on a demo workspace, and the chart of their accuracy.
#include "app/services/active_evaluation.h"

#include "app/services/artist_session.h"
#include "app/services/chart_palette.h"
#include "app/services/line_chart_png.h"
#include "app/services/workspace.h"
#include "storage/images.h"
#include "storage/people.h"
#include "util/bounded_file.h"
#include "util/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

using Clock = std::chrono::steady_clock;

struct Agent {
    std::string pseudonym;
    bool heldOut = false;
    double bias = 0;
    double noiseSigma = 0;
    std::map<std::string, double> weights;
};

std::vector<Agent> readAgentFile(const fs::path& file)
{
    std::error_code missing;
    if (!fs::exists(file, missing)) {
        throw std::runtime_error(fmt::format("{} is missing: active questions are evaluated on a demo workspace "
                                             "(tastelab-cli demo DIR)",
            file.string()));
    }
    const util::JsonValue doc =
        util::parseJson(util::readFileBounded(file, util::kMaxConfigFileBytes, "simulation answer key"), file.string());
    std::vector<Agent> agents;
    const util::JsonValue* list = doc.find("agents");
    if (!list) throw std::runtime_error(fmt::format("{}: no \"agents\" list", file.string()));
    for (const auto& entry : list->asArray()) {
        Agent a;
        a.pseudonym = entry.find("pseudonym")->asString();
        a.heldOut = entry.find("held_out")->asBool();
        a.bias = entry.find("bias")->asDouble();
        const util::JsonValue* noise = entry.find("noise_sigma");
        a.noiseSigma = noise ? noise->asDouble() : 0.0;
        for (const auto& [name, value] : entry.find("weights")->asObject()) a.weights[name] = value.asDouble();
        agents.push_back(std::move(a));
    }
    return agents;
}

double utilityOf(const Agent& agent, const std::map<std::string, double>& attributes)
{
    double u = agent.bias;
    for (const auto& [name, weight] : agent.weights) {
        const auto it = attributes.find(name);
        if (it != attributes.end()) u += weight * (it->second - 0.5);
    }
    return u;
}

double pairwiseAccuracy(const std::vector<double>& truth, const std::vector<double>& predicted)
{
    double agree = 0, pairs = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        for (std::size_t j = i + 1; j < truth.size(); ++j) {
            const double t = truth[i] - truth[j];
            if (std::abs(t) < 1e-9) continue;
            const double p = predicted[i] - predicted[j];
            pairs += 1;
            if (p * t > 0)
                agree += 1;
            else if (p == 0)
                agree += 0.5;
        }
    }
    return pairs > 0 ? agree / pairs : 0.5;
}

}  // namespace

ActiveEvaluation evaluateActiveQuestions(Workspace& demo, const ActiveEvaluationOptions& options)
{
    const auto started = Clock::now();
    if (options.maxAnswers < 1) throw std::invalid_argument("the evaluation needs at least one answer per rater");
    const std::vector<Agent> agents = readAgentFile(demo.root() / "simulation" / "agents.json");
    storage::Database& db = demo.database();
    storage::PeopleStore people(db);

    // The images with their true attributes, split once into the questions' pool and the test images.
    std::vector<std::pair<std::int64_t, std::map<std::string, double>>> images;
    for (const auto& image : storage::ImageStore(db).list()) {
        try {
            const util::JsonValue p = util::parseJson(image.parameters);
            const util::JsonValue* attributes = p.find("attributes");
            if (!attributes || !attributes->isObject()) continue;
            std::map<std::string, double> values;
            for (const auto& [name, value] : attributes->asObject()) values[name] = value.asDouble();
            images.emplace_back(image.id, std::move(values));
        } catch (const std::exception&) {
            continue;  // not a demo image
        }
    }
    std::mt19937_64 split(options.seed);
    for (std::size_t i = images.size(); i > 1; --i) std::swap(images[i - 1], images[split() % i]);
    const std::size_t tests = std::size_t(std::lround(double(images.size()) * options.testShare));
    if (tests < 2 || images.size() - tests < std::size_t(options.maxAnswers)) {
        throw std::runtime_error(fmt::format("{} demo images are too few for {} answers and a test share of {:.2f}",
            images.size(), options.maxAnswers, options.testShare));
    }
    std::vector<std::int64_t> testIds, poolIds;
    for (std::size_t i = 0; i < images.size(); ++i) (i < tests ? testIds : poolIds).push_back(images[i].first);

    std::vector<const Agent*> raters;
    std::vector<std::int64_t> excluded;
    for (const auto& agent : agents) {
        if (!agent.heldOut) continue;
        if (const auto person = people.findByPseudonym(agent.pseudonym)) excluded.push_back(person->id);
        if (int(raters.size()) < options.raters) raters.push_back(&agent);
    }
    if (raters.empty()) throw std::runtime_error("the demo workspace has no held-out agents to play new artists");
    // Simulated artists of earlier runs are copies of held-out agents: they must not inform anyone's prior either.
    for (const auto& person : people.list()) {
        if (person.pseudonym.rfind("sim-", 0) == 0) excluded.push_back(person.id);
    }

    ActiveEvaluation result;
    result.testImages = int(testIds.size());
    result.poolImages = int(poolIds.size());
    for (const Agent* agent : raters) result.raters.push_back(agent->pseudonym);
    for (auto strategy : options.strategies) {
        ActiveCurve curve;
        curve.strategy = strategy;
        result.curves.push_back(curve);
    }
    const int total = int(raters.size() * options.strategies.size());
    int done = 0;
    double updateSum = 0;
    int updates = 0;
    for (std::size_t r = 0; r < raters.size(); ++r) {
        const Agent& agent = *raters[r];
        std::map<std::int64_t, double> utility;
        for (const auto& [id, attributes] : images) utility[id] = utilityOf(agent, attributes);
        std::vector<double> testTruth;
        for (auto id : testIds) testTruth.push_back(utility[id]);
        for (std::size_t s = 0; s < options.strategies.size(); ++s) {
            const QuestionStrategy strategy = options.strategies[s];
            const std::string pseudonym =
                fmt::format("sim-{}-{}-{}", toString(strategy), options.seed, agent.pseudonym);
            if (people.findByPseudonym(pseudonym)) {
                throw std::runtime_error(fmt::format("the simulated artist '{}' exists already: evaluate a fresh copy "
                                                     "of the demo workspace, or another seed",
                    pseudonym));
            }
            ArtistSession session(demo, pseudonym, "active evaluation");
            TasteModelOptions modelOptions = options.model;
            modelOptions.priorExcluded.insert(modelOptions.priorExcluded.end(), excluded.begin(), excluded.end());
            session.adoptTasteModel(std::make_unique<PersonTasteModel>(demo, session.artist().id, modelOptions));
            excluded.push_back(session.artist().id);
            session.setStrategy(strategy);
            // The same answer noise for both strategies' n-th answer (common random numbers).
            std::mt19937_64 noise(options.seed * 1000003u + r);
            std::normal_distribution<double> gauss(0.0, agent.noiseSigma);
            std::vector<std::int64_t> left = poolIds;
            std::vector<double> accuracy;
            for (int n = 1; n <= options.maxAnswers; ++n) {
                const auto chooseStarted = Clock::now();
                const auto picked = session.tasteModel().choose(
                    left, strategy, 1, options.seed * 7919u + std::uint64_t(r) * 104729u + std::uint64_t(n));
                result.maxChooseSeconds = std::max(
                    result.maxChooseSeconds, std::chrono::duration<double>(Clock::now() - chooseStarted).count());
                if (picked.empty()) break;
                const std::int64_t id = picked.front();
                left.erase(std::find(left.begin(), left.end(), id));
                const double value = 1.0 / (1.0 + std::exp(-(utility[id] + gauss(noise))));
                session.rate(id, value, 0.5, true, 1000, {});
                result.maxUpdateSeconds = std::max(result.maxUpdateSeconds, session.lastUpdateSeconds());
                updateSum += session.lastUpdateSeconds();
                ++updates;
                std::vector<double> predicted;
                for (const auto& p : session.tasteModel().predict(testIds)) predicted.push_back(p.score);
                accuracy.push_back(pairwiseAccuracy(testTruth, predicted));
            }
            result.curves[s].accuracy.push_back(std::move(accuracy));
            if (options.onProgress) options.onProgress(++done, total);
        }
    }
    for (auto& curve : result.curves) {
        curve.meanAccuracy.assign(std::size_t(options.maxAnswers), 0.0);
        for (const auto& rater : curve.accuracy)
            for (std::size_t n = 0; n < rater.size(); ++n)
                curve.meanAccuracy[n] += rater[n] / double(curve.accuracy.size());
    }
    result.meanUpdateSeconds = updates > 0 ? updateSum / updates : 0.0;
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return result;
}

double answersToReach(const std::vector<double>& meanAccuracy, double accuracy)
{
    for (std::size_t i = 0; i < meanAccuracy.size(); ++i) {
        if (meanAccuracy[i] >= accuracy) {
            if (i == 0) return 1.0;
            const double below = meanAccuracy[i - 1];
            return double(i) + (accuracy - below) / (meanAccuracy[i] - below);  // answers i .. i + 1
        }
    }
    return -1.0;
}

void writeActiveChart(const std::vector<ActiveCurve>& curves, const std::string& title, const fs::path& png)
{
    LineChart chart;
    chart.title = title;
    chart.xTitle = "answers given";
    std::size_t n = 0;
    double lo = 1.0, hi = 0.5;
    for (const auto& c : curves) {
        n = std::max(n, c.meanAccuracy.size());
        for (double v : c.meanAccuracy) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    // From the worst to the best mean accuracy (the top at least 50 %), widened to whole tenths; grid lines every 5 %.
    chart.yMin = std::floor(lo * 10.0) / 10.0;
    chart.yMax = std::min(1.0, std::ceil(hi * 10.0) / 10.0);
    if (chart.yMax <= chart.yMin) chart.yMax = chart.yMin + 0.1;
    chart.yGridStep = 0.05;
    chart.xMin = 1.0;
    chart.xMax = 1.0 + std::max(double(n) - 1.0, 1.0);
    for (std::size_t a = 5; a <= n; a += 5) chart.xTicks.push_back({double(a), std::to_string(a)});
    // The palette every other chart uses (chart_palette.h: Okabe-Ito, safe for colour-blind readers).
    for (std::size_t c = 0; c < curves.size(); ++c) {
        LineChartSeries series;
        series.name = std::string(toString(curves[c].strategy));
        series.colour = chartColour(c);
        for (std::size_t i = 0; i < curves[c].meanAccuracy.size(); ++i)
            series.points.push_back({double(i + 1), curves[c].meanAccuracy[i]});
        chart.series.push_back(std::move(series));
    }
    writeLineChartPng(chart, png);
}

}  // namespace tastelab::services

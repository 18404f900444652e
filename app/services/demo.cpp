// Building the demo: render, store, calibrate the agents on what was rendered, then let each agent
// answer in its own session, one committed answer at a time.
#include "app/services/demo.h"

#include "app/services/build_info.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "model/procedural/procedural_generator.h"
#include "model/procedural/simulated_rater.h"
#include "storage/answers.h"
#include "storage/people.h"
#include "storage/sessions.h"
#include "util/atomic_file.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

using Clock = std::chrono::steady_clock;

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    const double n = double(x.size());
    if (x.size() < 2) return 0.0;
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

double logit(double p)
{
    return std::log(p / (1.0 - p));
}

std::string attributesJson(const model::AttributeVector& attributes)
{
    util::JsonValue::Object object;
    for (int a = 0; a < model::kVisualAttributeCount; ++a) {
        // Rounded so that the JSON stays readable; 1e-4 is far below anything a rater can tell.
        object.emplace_back(std::string(model::visualAttributeNames()[a]),
            util::JsonValue(std::round(double(attributes[a]) * 1e4) / 1e4));
    }
    return util::toJson(util::JsonValue(std::move(object)));
}

std::vector<std::string> attributeNames(const std::vector<int>& indices)
{
    std::vector<std::string> names;
    for (int a : indices) names.emplace_back(model::visualAttributeNames()[a]);
    return names;
}

void validate(const DemoOptions& o)
{
    if (o.prompts < 1 || o.images < o.prompts) throw std::invalid_argument("the demo needs images >= prompts >= 1");
    if (o.agents < 2 || o.heldOut < 0 || o.heldOut >= o.agents || o.groups < 1) {
        throw std::invalid_argument("the demo needs at least two agents, fewer held out than agents, and a group");
    }
    if (o.coreItems > o.images || o.ratingsPerAgent > o.images || o.ratingsPerNewPerson > o.images
        || o.coreItems > std::min(o.ratingsPerAgent, o.ratingsPerNewPerson)) {
        throw std::invalid_argument("the demo's rating counts must fit the number of images, core items first");
    }
    if (o.repeatsPerAgent > std::min(o.ratingsPerAgent, o.ratingsPerNewPerson) / 2) {
        throw std::invalid_argument("repeats must be at most half of each agent's ratings");
    }
}

}  // namespace

int demoWorldVersion(Workspace& workspace)
{
    auto statement = workspace.database().prepare("SELECT value FROM workspace_info WHERE key = 'demo'");
    if (!statement.step()) {
        throw std::invalid_argument(
            fmt::format("{} is not a demo workspace (it has no procedural world)", workspace.root().string()));
    }
    return model::ProceduralGenerator::versionOf(statement.columnText(0));
}

std::vector<std::string> demoPrompts(int count, std::uint64_t seed)
{
    std::vector<const model::LexiconEntry*> subjects;
    std::vector<const model::LexiconEntry*> styles;
    for (const auto& entry : model::proceduralLexicon()) {
        (entry.category == model::WordCategory::Subject ? subjects : styles).push_back(&entry);
    }
    std::mt19937_64 rng(seed);
    std::vector<std::string> prompts;
    while (static_cast<int>(prompts.size()) < count) {
        const auto* subject = subjects[rng() % subjects.size()];
        const auto* first = styles[rng() % styles.size()];
        const auto* second = styles[rng() % styles.size()];
        std::string prompt = fmt::format("a {} {}", first->word, subject->word);
        if (second->category != first->category && rng() % 2 == 0) {
            prompt = fmt::format("a {} {} {}", first->word, second->word, subject->word);
        }
        if (std::find(prompts.begin(), prompts.end(), prompt) == prompts.end()) prompts.push_back(prompt);
    }
    return prompts;
}

DemoReport buildDemoWorkspace(const fs::path& root, const DemoOptions& options)
{
    validate(options);
    DemoReport report;
    model::ProceduralConfig config;
    config.size = options.imageSize;
    config.version = options.worldVersion;
    const model::ProceduralGenerator generator(config);
    report.world = generator.id();
    auto workspace = Workspace::create(root, "TasteLab demo");
    storage::Database& db = workspace.database();
    db.writeTransaction(
        [&] { db.prepare("INSERT INTO workspace_info (key, value) VALUES ('demo', ?1)").bind(1, report.world).run(); });
    const std::size_t totalSteps = std::size_t(options.images + options.agents);
    std::size_t done = 0;
    auto progress = [&] {
        if (options.onProgress) options.onProgress(++done, totalSteps);
    };
    auto cancelled = [&] { return options.cancel && options.cancel->load(); };

    // 1. Images: images/prompts seeds per prompt, rendered in one batch per prompt.
    report.prompts = demoPrompts(options.prompts, options.seed);
    std::vector<std::int64_t> imageIds;
    std::vector<model::AttributeVector> attributes;
    const auto renderStart = Clock::now();
    at::NoGradGuard noGrad;
    for (int p = 0; p < options.prompts && !report.cancelled; ++p) {
        const int count = options.images / options.prompts + (p < options.images % options.prompts ? 1 : 0);
        std::vector<std::uint64_t> seeds;
        for (int i = 0; i < count; ++i) seeds.push_back(options.seed * 100003 + std::uint64_t(p) * 1000 + i);
        const auto started = Clock::now();
        const model::ProceduralImages out = generator.render(generator.noiseForSeeds(seeds), {report.prompts[p]});
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count() / count;
        const at::Tensor attrs = out.attributes.contiguous();
        for (int i = 0; i < count; ++i) {
            if (cancelled()) {
                report.cancelled = true;
                break;
            }
            model::AttributeVector a{};
            for (int k = 0; k < model::kVisualAttributeCount; ++k) a[k] = attrs[i][k].item<float>();
            GeneratedImage info;
            info.generator = report.world;
            info.prompt = report.prompts[p];
            info.seed = static_cast<std::int64_t>(seeds[i]);
            info.parameters = fmt::format(R"({{"size":{},"attributes":{}}})", options.imageSize, attributesJson(a));
            info.durationMs = ms;
            imageIds.push_back(addGeneratedImage(workspace, model::tensorToImage(out.images[i]), info));
            attributes.push_back(a);
            progress();
        }
    }
    report.images = static_cast<int>(imageIds.size());
    report.renderSeconds = std::chrono::duration<double>(Clock::now() - renderStart).count();
    if (report.cancelled) return report;

    // 2. Agents, calibrated on the rendered pool.
    model::PopulationConfig population;
    population.raters = options.agents;
    population.groups = options.groups;
    population.seed = options.seed * 7919 + 1;
    std::vector<model::SimulatedRater> agents = model::createRaterPopulation(population);
    for (auto& agent : agents) agent.calibrate(attributes);

    // 3. Answers. Core items first (shared), then each agent's own, shuffled; repeats at the end.
    std::mt19937_64 planRng(options.seed * 31 + 5);
    std::vector<int> order(imageIds.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), planRng);
    const std::vector<int> core(order.begin(), order.begin() + options.coreItems);
    std::vector<std::vector<double>> coreAnswers;
    const auto answerStart = Clock::now();
    storage::PeopleStore people(db);
    storage::SessionStore sessions(db);
    storage::AnswerStore answers(db);
    util::JsonValue::Array agentJson;
    for (std::size_t n = 0; n < agents.size(); ++n) {
        if (cancelled()) {
            report.cancelled = true;
            break;
        }
        const model::SimulatedRater& agent = agents[n];
        const bool heldOut = static_cast<int>(n) >= options.agents - options.heldOut;
        std::mt19937_64 rng(options.seed * 1000003 + n);
        storage::Person person;
        person.pseudonym = agent.profile().name;
        person.displayName = fmt::format("Simulated rater {}", agent.profile().name);
        const std::int64_t personId = people.insert(person);
        storage::Session session;
        session.personId = personId;
        session.mode = storage::SessionMode::Simulated;
        session.client = "TasteLab " + tastelabVersion() + " demo";
        const std::int64_t sessionId = sessions.start(session);

        const int wanted = heldOut ? options.ratingsPerNewPerson : options.ratingsPerAgent;
        std::vector<int> items = core;
        std::vector<int> rest;
        for (int i : order) {
            if (std::find(core.begin(), core.end(), i) == core.end()) rest.push_back(i);
        }
        std::shuffle(rest.begin(), rest.end(), rng);
        items.insert(items.end(), rest.begin(), rest.begin() + (wanted - options.coreItems));
        std::shuffle(items.begin(), items.end(), rng);
        // Repeats come from the first half and are asked again at the very end: far apart.
        std::vector<int> repeats(items.begin(), items.begin() + options.repeatsPerAgent);

        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        std::lognormal_distribution<double> responseMs(std::log(1800.0), 0.45);
        std::map<int, double> firstAnswer;
        std::vector<double> test, retest;
        int position = 0;
        auto rateItem = [&](int item, bool isRepeat) {
            storage::SliderRating r;
            r.personId = personId;
            r.imageId = imageIds[static_cast<std::size_t>(item)];
            r.sessionId = sessionId;
            r.trialPosition = position++;
            r.value = agent.rate(attributes[static_cast<std::size_t>(item)], rng);
            r.startPosition = uniform(rng);
            r.sliderMoved = true;
            r.responseMs = static_cast<std::int64_t>(responseMs(rng));
            r.isRepeat = isRepeat;
            r.source = storage::AnswerSource::Simulated;
            answers.recordRating(r);
            ++report.ratings;
            if (isRepeat) {
                ++report.repeats;
                test.push_back(logit(firstAnswer[item]));
                retest.push_back(logit(r.value));
            } else {
                firstAnswer[item] = r.value;
            }
        };
        for (int item : items) rateItem(item, false);
        for (int item : repeats) rateItem(item, true);
        std::vector<double> mine;
        for (int item : core) mine.push_back(firstAnswer[item]);
        coreAnswers.push_back(mine);

        for (int c = 0; c < options.comparisonsPerAgent; ++c) {
            const int left = items[rng() % items.size()];
            int right = items[rng() % items.size()];
            if (right == left)
                right = items[(std::find(items.begin(), items.end(), left) - items.begin() + 1) % items.size()];
            storage::PairwiseChoice choice;
            choice.personId = personId;
            choice.leftImageId = imageIds[static_cast<std::size_t>(left)];
            choice.rightImageId = imageIds[static_cast<std::size_t>(right)];
            const auto picked = agent.choose(
                attributes[static_cast<std::size_t>(left)], attributes[static_cast<std::size_t>(right)], rng);
            choice.choice = picked == model::SimulatedRater::Choice::Left ? storage::PairChoice::Left
                : picked == model::SimulatedRater::Choice::Right          ? storage::PairChoice::Right
                                                                          : storage::PairChoice::Tie;
            choice.sessionId = sessionId;
            choice.trialPosition = position++;
            choice.responseMs = static_cast<std::int64_t>(responseMs(rng) * 1.3);
            choice.source = storage::AnswerSource::Simulated;
            answers.recordComparison(choice);
            ++report.comparisons;
        }
        sessions.finish(sessionId, storage::SessionStatus::Completed);

        DemoAgentSummary summary;
        summary.pseudonym = agent.profile().name;
        summary.group = agent.profile().group;
        summary.heldOut = heldOut;
        summary.reliability = agent.profile().reliability;
        summary.measuredRetest = pearson(test, retest);
        summary.liked = attributeNames(agent.profile().liked);
        summary.disliked = attributeNames(agent.profile().disliked);
        report.agents.push_back(summary);

        util::JsonValue::Object weights;
        for (int a = 0; a < model::kVisualAttributeCount; ++a) {
            weights.emplace_back(
                std::string(model::visualAttributeNames()[a]), util::JsonValue(double(agent.profile().weights[a])));
        }
        util::JsonValue::Array liked, disliked;
        for (const auto& name : summary.liked) liked.emplace_back(name);
        for (const auto& name : summary.disliked) disliked.emplace_back(name);
        agentJson.emplace_back(util::JsonValue::Object{
            {"pseudonym", util::JsonValue(summary.pseudonym)},
            {"group", util::JsonValue(summary.group)},
            {"held_out", util::JsonValue(heldOut)},
            {"reliability", util::JsonValue(double(agent.profile().reliability))},
            {"noise_sigma", util::JsonValue(double(agent.profile().noiseSigma))},
            {"bias", util::JsonValue(double(agent.profile().bias))},
            {"weights", util::JsonValue(std::move(weights))},
            {"liked", util::JsonValue(std::move(liked))},
            {"disliked", util::JsonValue(std::move(disliked))},
        });
        progress();
    }
    report.answerSeconds = std::chrono::duration<double>(Clock::now() - answerStart).count();

    // 4. Agreement on the shared core items, within and between taste groups.
    double within = 0, between = 0;
    int withinCount = 0, betweenCount = 0;
    for (std::size_t i = 0; i < coreAnswers.size(); ++i) {
        for (std::size_t j = i + 1; j < coreAnswers.size(); ++j) {
            const double r = pearson(coreAnswers[i], coreAnswers[j]);
            if (report.agents[i].group == report.agents[j].group) {
                within += r;
                ++withinCount;
            } else {
                between += r;
                ++betweenCount;
            }
        }
    }
    report.withinGroupAgreement = withinCount ? within / withinCount : 0.0;
    report.betweenGroupAgreement = betweenCount ? between / betweenCount : 0.0;

    // 5. The agents' true taste, for evaluation: what a model should recover.
    util::JsonValue::Array names;
    for (auto name : model::visualAttributeNames()) names.emplace_back(std::string(name));
    const util::JsonValue document(util::JsonValue::Object{
        {"generator", util::JsonValue(report.world)},
        {"seed", util::JsonValue(static_cast<std::int64_t>(options.seed))},
        {"attributes", util::JsonValue(std::move(names))},
        {"agents", util::JsonValue(std::move(agentJson))},
    });
    fs::create_directories(workspace.root() / "simulation");
    report.agentsFile = workspace.root() / "simulation" / "agents.json";
    util::writeFileAtomically(report.agentsFile, util::toJson(document) + "\n");
    return report;
}

}  // namespace tastelab::services

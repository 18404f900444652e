// Prompt refinement: the vocabulary and its edits against hand-listed expectations, and the beam search on a small
// trained demo workspace: same seed for every candidate, sorted beams whose best never falls, a stored run that
// reopens with its candidates, a simulated rater's true taste served, cancel, and the person's verdicts and ratings.
#include "app/services/demo.h"
#include "app/services/prompt_refinement.h"
#include "app/services/reward/scorer.h"
#include "app/services/workspace.h"
#include "model/diffusion/flux.h"
#include "model/diffusion/sd_turbo.h"
#include "model/io/image_io.h"
#include "model/procedural/procedural_generator.h"
#include "model/procedural/procedural_lexicon.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_flux.h"
#include "tests/support/tiny_sd_turbo.h"
#include "util/json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace tastelab::services {
namespace {

using tastelab::testing::TempDir;

std::vector<std::string> describeAll(const std::vector<PromptEdit>& edits)
{
    std::vector<std::string> out;
    for (const auto& edit : edits) out.push_back(edit.describe());
    return out;
}

// The words of a prompt, lower case and sorted: two prompts with the same key render the same procedural image.
std::string wordKey(const std::string& prompt)
{
    std::string cleaned;
    for (char c : prompt) cleaned += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : ' ';
    std::istringstream in(cleaned);
    std::vector<std::string> words;
    for (std::string word; in >> word;) words.push_back(word);
    std::sort(words.begin(), words.end());
    std::string key;
    for (const auto& word : words) key += word + ' ';
    return key;
}

TEST(PromptVocabulary, HasTheEightCategoriesAndNoSharedWords)
{
    const auto& vocabulary = promptVocabulary();
    const std::vector<std::string> names = {
        "art style", "color", "detail", "medium", "saturation", "lighting", "composition", "viewpoint"};
    ASSERT_EQ(vocabulary.size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(vocabulary[i].name, names[i]);
        EXPECT_GE(vocabulary[i].modifiers.size(), 5u) << names[i];
        for (const auto& modifier : vocabulary[i].modifiers) {
            // Alone in a prompt, a modifier is found as itself only: no modifier hides inside another one.
            EXPECT_EQ(modifiersIn(modifier), std::vector<std::string>{modifier});
            // At least one of its words moves the procedural generator, so each edit changes the demo's images.
            std::istringstream words(modifier);
            bool known = false;
            for (std::string word; words >> word;) {
                const auto* entry = model::findLexiconWord(word);
                known = known || (entry && entry->category != model::WordCategory::Subject);
            }
            EXPECT_TRUE(known) << modifier;
        }
    }
    EXPECT_TRUE(modifiersIn("an inkwell on a darkened table").empty());  // whole words only
    EXPECT_EQ(modifiersIn("A DARK fox in Oil  Painting"), (std::vector<std::string>{"oil painting", "dark"}));
}

TEST(PromptEdits, APromptWithoutModifiersGetsEveryAddition)
{
    const auto edits = candidateEdits("a fox in a harbour");
    // 8 art styles + 8 colors + 6 details + 8 media + 7 saturations + 8 lightings + 7 compositions + 5 viewpoints.
    ASSERT_EQ(edits.size(), 57u);
    for (const auto& edit : edits) EXPECT_EQ(edit.kind, PromptEdit::Kind::Add);
    EXPECT_EQ(edits.front().describe(), "add 'impressionist'");
    EXPECT_EQ(edits.front().category, "art style");
    EXPECT_EQ(edits[8].describe(), "add 'warm'");  // the first color
    EXPECT_EQ(edits[22].describe(), "add 'watercolor'");  // the first medium
    EXPECT_EQ(edits.back().describe(), "add 'framed'");
    EXPECT_EQ(candidateEdits("a fox in a harbour").size(), 57u);  // deterministic
    EXPECT_EQ(describeAll(candidateEdits("")), describeAll(edits));
}

TEST(PromptEdits, PresentModifiersAreRemovedOrSwappedWithinTheirCategory)
{
    const auto edits = candidateEdits("a dark watercolor of a fox, vibrant");
    // One modifier present in medium, saturation and lighting: each gives a removal and a swap to every other
    // modifier of its category, as many edits as an addition each would: 57 again.
    ASSERT_EQ(edits.size(), 57u);
    EXPECT_EQ(edits[22].describe(), "remove 'watercolor'");
    EXPECT_EQ(edits[22].kind, PromptEdit::Kind::Remove);
    EXPECT_EQ(edits[22].category, "medium");
    EXPECT_EQ(edits[23].describe(), "swap 'watercolor' -> 'oil painting'");
    EXPECT_EQ(edits[29].describe(), "swap 'watercolor' -> 'mosaic'");
    EXPECT_EQ(edits[30].describe(), "remove 'vibrant'");
    EXPECT_EQ(edits[31].describe(), "swap 'vibrant' -> 'vivid'");
    EXPECT_EQ(edits[37].describe(), "remove 'dark'");
    EXPECT_EQ(edits[38].describe(), "swap 'dark' -> 'bright'");
    EXPECT_EQ(edits[39].describe(), "swap 'dark' -> 'dramatic lighting'");
    EXPECT_EQ(edits[45].describe(), "add 'centered'");

    // Two of one category: two removals and 2 x 5 swaps to the other five, never to each other; 50 additions.
    const auto two = candidateEdits("a vivid and vibrant fox");
    ASSERT_EQ(two.size(), 62u);
    const auto texts = describeAll(two);
    EXPECT_EQ(std::count(texts.begin(), texts.end(), "swap 'vibrant' -> 'vivid'"), 0);
    EXPECT_EQ(std::count(texts.begin(), texts.end(), "swap 'vivid' -> 'neon'"), 1);
    EXPECT_EQ(
        std::count_if(two.begin(), two.end(), [](const PromptEdit& e) { return e.kind == PromptEdit::Kind::Remove; }),
        2);
}

TEST(PromptEdits, ApplyingAndUndoingAnEditGivesTheOriginalBack)
{
    EXPECT_EQ(applyEdit("a fox", {PromptEdit::Kind::Add, "medium", "", "watercolor"}), "a fox, watercolor");
    EXPECT_EQ(applyEdit("a fox, ", {PromptEdit::Kind::Add, "medium", "", "ink"}), "a fox, ink");
    EXPECT_EQ(applyEdit("a dark fox", {PromptEdit::Kind::Swap, "lighting", "dark", "backlit"}), "a backlit fox");
    EXPECT_EQ(applyEdit("A Dark fox", {PromptEdit::Kind::Remove, "lighting", "dark", ""}), "A fox");
    EXPECT_EQ(applyEdit("a fox, vivid, dark", {PromptEdit::Kind::Remove, "saturation", "vivid", ""}), "a fox, dark");
    EXPECT_EQ(applyEdit("a fox, soft light", {PromptEdit::Kind::Remove, "lighting", "soft light", ""}), "a fox");
    EXPECT_THROW(applyEdit("a fox", {PromptEdit::Kind::Remove, "lighting", "dark", ""}), std::invalid_argument);
    EXPECT_THROW(applyEdit("a darkness", {PromptEdit::Kind::Swap, "lighting", "dark", "moody"}), std::invalid_argument);

    for (const std::string prompt : {"a fox in a harbour", "a dark watercolor of a fox, vibrant"}) {
        for (const PromptEdit& edit : candidateEdits(prompt)) {
            const std::string edited = applyEdit(prompt, edit);
            EXPECT_NE(edited, prompt) << edit.describe();
            PromptEdit undo = edit;
            if (edit.kind == PromptEdit::Kind::Add) {
                undo = {PromptEdit::Kind::Remove, edit.category, edit.to, ""};
            } else if (edit.kind == PromptEdit::Kind::Swap) {
                undo = {PromptEdit::Kind::Swap, edit.category, edit.to, edit.from};
            } else {
                continue;  // a removal's undo is an addition at the end: not the same text
            }
            EXPECT_EQ(applyEdit(edited, undo), prompt) << edit.describe();
        }
    }
}

class PromptRefinementTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir_ = new TempDir;
        tastelab::testing::buildSmallDemo(dir_->path() / "demo", 10);
    }
    static void TearDownTestSuite()
    {
        delete dir_;
        dir_ = nullptr;
    }
    Workspace open() { return Workspace::open(dir_->path() / "demo"); }
    static PromptRefineOptions small()
    {
        PromptRefineOptions o;
        o.person = "A03";
        o.prompt = "a fox in a harbour, dark";
        o.seed = 11;
        o.size = 64;
        o.beamWidth = 3;
        o.depth = 2;
        o.maxCandidatesPerParent = 6;
        return o;
    }

    static TempDir* dir_;
};

TempDir* PromptRefinementTest::dir_ = nullptr;

// Each beam is the best `width` of everything scored up to its depth (recomputed from the evaluated list), which
// holds only when the parents compete with their children.
void expectBeamsAreTheBestScoredSoFar(const PromptRefineReport& report, std::size_t width)
{
    for (std::size_t d = 0; d < report.beams.size(); ++d) {
        std::vector<double> upTo;
        for (const auto& candidate : report.evaluated) {
            if (candidate.depth <= static_cast<int>(d) + 1) upTo.push_back(candidate.objective);
        }
        std::sort(upTo.rbegin(), upTo.rend());
        upTo.resize(std::min(width, upTo.size()));
        ASSERT_EQ(report.beams[d].size(), upTo.size()) << "depth " << d + 1;
        for (std::size_t i = 0; i < upTo.size(); ++i)
            EXPECT_DOUBLE_EQ(report.beams[d][i].objective, upTo[i]) << "depth " << d + 1 << ", rank " << i + 1;
    }
}

TEST_F(PromptRefinementTest, BeamSearchKeepsTheSeedSortsItsBeamsAndStoresARunThatReopens)
{
    auto workspace = open();
    PromptRefineOptions options = small();
    std::vector<int> progress;
    int lastTotal = 0;
    options.onProgress = [&](int done, int total, double) {
        progress.push_back(done);
        lastTotal = total;
    };
    const PromptRefineReport report = refinePrompt(workspace, options);
    EXPECT_FALSE(report.cancelled);
    EXPECT_EQ(lastTotal, 1 + 2 * 3 * 6);
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back(), lastTotal);
    EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));

    // The original, six children of it, then at most six children of each of the three kept.
    ASSERT_GE(report.evaluated.size(), 7u);
    EXPECT_LE(report.evaluated.size(), 25u);
    EXPECT_EQ(report.evaluated.front().prompt, options.prompt);
    EXPECT_EQ(report.original.imageId, report.evaluated.front().imageId);
    storage::ImageStore images(workspace.database());
    model::ProceduralConfig config;
    config.size = 64;
    const model::ProceduralGenerator generator(config);
    const at::Tensor seed11 = generator.noiseForSeeds({11});
    std::vector<std::string> prompts;
    for (const auto& candidate : report.evaluated) {
        const auto image = images.findById(candidate.imageId);
        ASSERT_TRUE(image) << candidate.prompt;
        EXPECT_EQ(image->seed, std::optional<std::int64_t>(11)) << candidate.prompt;
        EXPECT_EQ(image->generator, std::optional<std::string>("procedural-v1"));
        // The stored picture is the candidate's prompt rendered here from seed 11's noise (up to 8-bit rounding).
        const at::Tensor stored =
            model::imageToTensor(model::decodeImageFile(workspace.libraryDir() / image->libraryPath.value_or("")));
        const at::Tensor rendered = generator.render(seed11, {candidate.prompt}, 64).images[0];
        EXPECT_LT(stored.to(at::kFloat).sub(rendered).abs().max().item<double>(), 1.5 / 255) << candidate.prompt;
        // The prompt is the original with the candidate's edits applied in order, one per depth.
        std::string prompt = options.prompt;
        for (const auto& edit : candidate.edits) prompt = applyEdit(prompt, edit);
        EXPECT_EQ(candidate.prompt, prompt);
        EXPECT_EQ(candidate.edits.size(), static_cast<std::size_t>(candidate.depth));
        EXPECT_GT(candidate.predicted, 0.0);
        EXPECT_LT(candidate.predicted, 1.0);
        prompts.push_back(wordKey(candidate.prompt));
    }
    std::sort(prompts.begin(), prompts.end());
    EXPECT_EQ(std::adjacent_find(prompts.begin(), prompts.end()), prompts.end())
        << "the same words were scored twice (in another order)";

    ASSERT_EQ(report.beams.size(), 2u);
    double previous = report.original.objective;
    for (const auto& beam : report.beams) {
        ASSERT_EQ(beam.size(), 3u);
        for (std::size_t i = 1; i < beam.size(); ++i) {
            EXPECT_GE(beam[i - 1].objective, beam[i].objective);
            EXPECT_NE(beam[i - 1].imageId, beam[i].imageId);
        }
        EXPECT_GE(beam.front().objective, previous);  // parents stay in the beam
        previous = beam.front().objective;
    }
    expectBeamsAreTheBestScoredSoFar(report, 3);
    // No evaluated candidate beats the best.
    for (const auto& candidate : report.evaluated) EXPECT_LE(candidate.objective, report.best.objective);
    EXPECT_EQ(report.best.imageId, report.beams.back().front().imageId);

    const auto run = storage::RunStore(workspace.database()).steeringRun(report.runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->method, storage::SteeringMethod::Prompt);
    EXPECT_EQ(run->status, storage::RunStatus::Finished);
    EXPECT_EQ(run->prompt, options.prompt);
    EXPECT_EQ(run->seed, 11);
    EXPECT_EQ(run->baselineImageId, std::optional<std::int64_t>(report.original.imageId));
    EXPECT_EQ(run->outputImageId, std::optional<std::int64_t>(report.best.imageId));
    EXPECT_TRUE(run->checkpointId.has_value());
    const auto trajectory = util::parseJson(run->trajectory).asArray();
    ASSERT_EQ(trajectory.size(), 3u);
    EXPECT_DOUBLE_EQ(trajectory[0].asDouble(), report.original.objective);
    EXPECT_DOUBLE_EQ(trajectory[2].asDouble(), report.best.objective);
    const auto settings = util::parseJson(run->settings);
    EXPECT_EQ(settings.find("method")->asString(), "prompt");
    EXPECT_EQ(settings.find("beamWidth")->asInt(), 3);
    EXPECT_EQ(settings.find("depth")->asInt(), 2);
    EXPECT_DOUBLE_EQ(settings.find("contrast")->asDouble(), kDefaultSteeringContrast);
    const auto& stored = settings.find("candidates")->asArray();
    ASSERT_EQ(stored.size(), report.evaluated.size());
    for (std::size_t i = 0; i < stored.size(); ++i) {
        EXPECT_EQ(stored[i].find("prompt")->asString(), report.evaluated[i].prompt);
        EXPECT_EQ(stored[i].find("image_id")->asInt(), report.evaluated[i].imageId);
        EXPECT_DOUBLE_EQ(stored[i].find("predicted")->asDouble(), report.evaluated[i].predicted);
        EXPECT_EQ(stored[i].find("edits")->asArray().size(), report.evaluated[i].edits.size());
    }
    const auto json = util::parseJson(promptRefineReportJson(report));
    EXPECT_EQ(json.find("run_id")->asInt(), report.runId);
    EXPECT_EQ(json.find("beams")->asArray().size(), 2u);

    // Reopened from the database: the same candidates, edits, beams and best.
    const PromptRefineReport reopened = reopenPromptRefinement(workspace, report.runId);
    EXPECT_EQ(reopened.person, "A03");
    EXPECT_EQ(reopened.seed, 11u);
    EXPECT_EQ(reopened.generator, "procedural-v1");
    EXPECT_FALSE(reopened.cancelled);
    ASSERT_EQ(reopened.evaluated.size(), report.evaluated.size());
    for (std::size_t i = 0; i < report.evaluated.size(); ++i) {
        const auto &a = reopened.evaluated[i], &b = report.evaluated[i];
        EXPECT_EQ(a.prompt, b.prompt);
        EXPECT_EQ(a.imageId, b.imageId);
        EXPECT_EQ(a.depth, b.depth);
        EXPECT_DOUBLE_EQ(a.objective, b.objective);
        EXPECT_EQ(describeAll(a.edits), describeAll(b.edits));
        for (std::size_t k = 0; k < a.edits.size(); ++k) EXPECT_EQ(a.edits[k].kind, b.edits[k].kind);
    }
    ASSERT_EQ(reopened.beams.size(), report.beams.size());
    for (std::size_t d = 0; d < report.beams.size(); ++d) {
        ASSERT_EQ(reopened.beams[d].size(), report.beams[d].size());
        for (std::size_t i = 0; i < report.beams[d].size(); ++i)
            EXPECT_EQ(reopened.beams[d][i].imageId, report.beams[d][i].imageId);
    }
    EXPECT_EQ(reopened.best.imageId, report.best.imageId);
    EXPECT_EQ(reopened.original.prompt, options.prompt);
    EXPECT_THROW(reopenPromptRefinement(workspace, 999999), std::invalid_argument);

    // The same search again gives the same candidates (deterministic sampling) and the same images.
    options.onProgress = nullptr;
    const PromptRefineReport again = refinePrompt(workspace, options);
    ASSERT_EQ(again.evaluated.size(), report.evaluated.size());
    for (std::size_t i = 0; i < again.evaluated.size(); ++i) {
        EXPECT_EQ(again.evaluated[i].prompt, report.evaluated[i].prompt);
        EXPECT_EQ(again.evaluated[i].imageId, report.evaluated[i].imageId);
    }
}

// One edit per parent over four depths: children often lose to their parents, which must then stay.
TEST_F(PromptRefinementTest, ParentsNoChildBeatsStayInTheBeam)
{
    auto workspace = open();
    PromptRefineOptions options = small();
    options.beamWidth = 2;
    options.depth = 4;
    options.maxCandidatesPerParent = 1;
    const auto report = refinePrompt(workspace, options);
    ASSERT_EQ(report.beams.size(), 4u);
    expectBeamsAreTheBestScoredSoFar(report, 2);
    bool parentKept = false;
    for (std::size_t d = 0; d < report.beams.size(); ++d) {
        for (const auto& kept : report.beams[d]) parentKept = parentKept || kept.depth < static_cast<int>(d) + 1;
    }
    EXPECT_TRUE(parentKept) << "no parent outscored a child: this search does not test what it should";
}

// With contrast 0 the objective is the person's own predicted value, which the scorer gives for the stored images
// too (from the saved PNG, so up to 8-bit rounding, and with the candidate's own prompt, where the search scores every
// picture with the original prompt); the predicted value agrees with it.
TEST_F(PromptRefinementTest, PredictedValuesAgreeWithScoringTheStoredImages)
{
    auto workspace = open();
    PromptRefineOptions options = small();
    options.contrast = 0.0;
    options.depth = 1;
    const PromptRefineReport report = refinePrompt(workspace, options);
    ScoreOptions scoreOptions;
    scoreOptions.device = "cpu";
    RewardScorer scorer(workspace, scoreOptions);
    const auto person = storage::PeopleStore(workspace.database()).findByPseudonym("A03");
    scorer.refresh(person->id);
    for (const auto& candidate : report.evaluated) {
        EXPECT_DOUBLE_EQ(candidate.objective, candidate.predicted);
        EXPECT_NEAR(scorer.score(person->id, {candidate.imageId}).at(0), candidate.predicted, 0.03) << candidate.prompt;
    }
    EXPECT_GE(report.best.predicted, report.original.predicted);
}

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    const double n = static_cast<double>(x.size());
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i] / n;
        my += y[i] / n;
    }
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

// The demo's held-out simulated raters have known attribute weights (simulation/agents.json) and are represented from
// their answers alone, like a new person. Re-rendering every candidate here and computing the rater's true utility
// from its attributes: the person's predictions must rank the candidates like their true taste, and the chosen prompt
// must please them more than the original (contrast 0: the objective is their own prediction).
TEST_F(PromptRefinementTest, TheChosenPromptPleasesHeldOutSimulatedRatersByTheirTrueTaste)
{
    auto workspace = open();
    std::ifstream in(workspace.root() / "simulation" / "agents.json");
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = util::parseJson(text.str());
    struct Agent {
        std::string pseudonym;
        double bias = 0;
        std::vector<double> weights;
    };
    std::vector<Agent> agents;
    for (const auto& a : doc.find("agents")->asArray()) {
        if (!a.find("held_out")->asBool()) continue;
        Agent agent{a.find("pseudonym")->asString(), a.find("bias")->asDouble(), {}};
        for (auto name : model::visualAttributeNames())
            agent.weights.push_back(a.find("weights")->find(std::string(name))->asDouble());
        agents.push_back(std::move(agent));
    }
    ASSERT_EQ(agents.size(), 4u);

    model::ProceduralConfig config;
    config.size = 64;
    const model::ProceduralGenerator generator(config);
    // Eight seeds x four raters: one seed's four answers are luck (with the same model, seeds 2, 5 and 8 each had only
    // two of four improve, the other five seeds three or four).
    int improved = 0, cases = 0;
    double meanCorrelation = 0;
    for (const std::uint64_t seed : {1, 2, 3, 4, 5, 6, 7, 8}) {
        const auto noise = generator.noiseForSeeds({seed});
        auto utility = [&](const Agent& agent, const std::string& prompt) {
            const at::Tensor attributes = generator.render(noise, {prompt}, 64).attributes[0].to(at::kDouble);
            double u = agent.bias;
            for (std::size_t k = 0; k < agent.weights.size(); ++k)
                u += agent.weights[k] * (attributes[static_cast<std::int64_t>(k)].item<double>() - 0.5);
            return u;
        };
        for (const Agent& agent : agents) {
            PromptRefineOptions options = small();
            options.person = agent.pseudonym;
            options.prompt = "a lighthouse on a hill";
            options.seed = seed;
            options.contrast = 0.0;
            options.maxCandidatesPerParent = 16;
            const auto report = refinePrompt(workspace, options);
            std::vector<double> predicted, truth;
            for (const auto& candidate : report.evaluated) {
                predicted.push_back(candidate.predicted);
                truth.push_back(utility(agent, candidate.prompt));
            }
            std::set<std::string> keys;
            for (const auto& candidate : report.evaluated)
                EXPECT_TRUE(keys.insert(wordKey(candidate.prompt)).second) << candidate.prompt << ": scored twice";
            const double r = pearson(predicted, truth);
            meanCorrelation += r;
            const double before = truth.front(), after = utility(agent, report.best.prompt);
            improved += after > before;
            ++cases;
            std::printf(
                "seed %d %s: '%s': true utility %.2f -> %.2f (best candidate %.2f), r %.2f over %zu candidates\n",
                int(seed), agent.pseudonym.c_str(), report.best.prompt.c_str(), before, after,
                *std::max_element(truth.begin(), truth.end()), r, truth.size());
        }
    }
    meanCorrelation /= double(cases);
    // Seen: 23 of 32 improved, mean r 0.38 (per case -0.20 to 0.72; A13 is the rater the small world models worst).
    // A choice blind to the person's taste improves about half (16 of 32; 21 or more has a chance of about 5 %).
    EXPECT_GE(improved, 21) << "of " << cases << " rater x seed cases";
    EXPECT_GT(meanCorrelation, 0.25);
}

// Through SD-Turbo (a tiny random model written as a diffusers folder): every candidate comes from the same seeded
// noise, each prompt's image differs from the original's, and the images carry the generator and the model.
TEST_F(PromptRefinementTest, SdTurboCandidatesShareTheSeedAndCarryTheModel)
{
    auto workspace = open();
    const std::filesystem::path folder = workspace.root() / "models" / "sd-turbo-tiny";
    tastelab::testing::writeTinySdTurboFolder(folder, 3);
    PromptRefineOptions options = small();
    options.generator = "sd-turbo";
    options.modelFolder = folder;
    options.depth = 1;
    options.maxCandidatesPerParent = 3;
    const auto report = refinePrompt(workspace, options);
    EXPECT_EQ(report.generator, "sd-turbo");
    ASSERT_EQ(report.evaluated.size(), 4u);
    storage::ImageStore images(workspace.database());
    std::set<std::string> hashes;
    for (const auto& candidate : report.evaluated) {
        const auto image = images.findById(candidate.imageId);
        ASSERT_TRUE(image);
        EXPECT_EQ(image->generator.value_or(""), "sd-turbo");
        EXPECT_EQ(image->seed, std::optional<std::int64_t>(11));
        EXPECT_EQ(image->prompt.value_or(""), candidate.prompt);
        EXPECT_EQ(image->width, 64);
        hashes.insert(image->sha256);
    }
    EXPECT_EQ(hashes.size(), 4u);  // the prompt changed every image
    const auto settings = util::parseJson(storage::RunStore(workspace.database()).steeringRun(report.runId)->settings);
    EXPECT_EQ(settings.find("generator")->asString(), "sd-turbo");
    EXPECT_EQ(settings.find("steps")->asInt(), 1);
    options.modelFolder = workspace.root() / "absent";
    EXPECT_ANY_THROW(refinePrompt(workspace, options));
}

// Through FLUX.1-schnell (a tiny random model): the candidates are four-step renders of the same seed's noise.
TEST_F(PromptRefinementTest, FluxCandidatesShareTheSeedAndTakeFourSteps)
{
    auto workspace = open();
    const std::filesystem::path folder = workspace.root() / "models" / "flux-schnell-tiny";
    tastelab::testing::writeTinyFluxFolder(folder, 3);
    PromptRefineOptions options = small();
    options.generator = "flux-schnell";
    options.modelFolder = folder;
    options.depth = 1;
    options.maxCandidatesPerParent = 2;
    const auto report = refinePrompt(workspace, options);
    EXPECT_EQ(report.generator, "flux-schnell");
    ASSERT_EQ(report.evaluated.size(), 3u);
    storage::ImageStore images(workspace.database());
    std::set<std::string> hashes;
    for (const auto& candidate : report.evaluated) {
        const auto image = images.findById(candidate.imageId);
        ASSERT_TRUE(image);
        EXPECT_EQ(image->generator.value_or(""), "flux-schnell");
        EXPECT_EQ(image->seed, std::optional<std::int64_t>(11));
        EXPECT_EQ(image->width, 64);
        hashes.insert(image->sha256);
    }
    EXPECT_EQ(hashes.size(), 3u);
    const auto settings = util::parseJson(storage::RunStore(workspace.database()).steeringRun(report.runId)->settings);
    EXPECT_EQ(settings.find("generator")->asString(), "flux-schnell");
    EXPECT_EQ(settings.find("steps")->asInt(), 4);
}

TEST_F(PromptRefinementTest, CancelStopsAfterTheOriginalAndStoresACancelledRun)
{
    auto workspace = open();
    std::atomic<bool> cancel{false};
    PromptRefineOptions options = small();
    options.cancel = &cancel;
    options.onProgress = [&](int, int, double) { cancel = true; };
    const auto report = refinePrompt(workspace, options);
    EXPECT_TRUE(report.cancelled);
    EXPECT_EQ(report.evaluated.size(), 1u);
    EXPECT_EQ(report.best.imageId, report.original.imageId);
    const auto run = storage::RunStore(workspace.database()).steeringRun(report.runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, storage::RunStatus::Cancelled);
    EXPECT_EQ(run->outputImageId, std::optional<std::int64_t>(report.original.imageId));
    const auto reopened = reopenPromptRefinement(workspace, report.runId);
    EXPECT_TRUE(reopened.cancelled);
    EXPECT_EQ(reopened.best.imageId, report.original.imageId);
}

// A diffusion model renders candidates one at a time: cancel stops after the image in progress, not after the
// parent's whole batch, and what was rendered is kept.
TEST_F(PromptRefinementTest, CancelStopsWithinAParentsBatchOfDiffusionRenders)
{
    auto workspace = open();
    const std::filesystem::path folder = workspace.root() / "models" / "sd-turbo-tiny-cancel";
    tastelab::testing::writeTinySdTurboFolder(folder, 5);
    std::atomic<bool> cancel{false};
    PromptRefineOptions options = small();
    options.generator = "sd-turbo";
    options.modelFolder = folder;
    options.depth = 1;
    options.maxCandidatesPerParent = 4;
    options.cancel = &cancel;
    std::vector<int> progress;
    options.onProgress = [&](int done, int, double) {
        progress.push_back(done);
        if (done >= 2) cancel = true;  // after the original and the first child
    };
    const auto report = refinePrompt(workspace, options);
    EXPECT_TRUE(report.cancelled);
    EXPECT_EQ(report.evaluated.size(), 2u);
    EXPECT_EQ(progress.front(), 1);
    EXPECT_EQ(progress.at(1), 2);
    const auto run = storage::RunStore(workspace.database()).steeringRun(report.runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, storage::RunStatus::Cancelled);
}

TEST_F(PromptRefinementTest, VerdictsAreKeptOnTheRunAndRatingsJoinThePersonsAnswers)
{
    auto workspace = open();
    PromptRefineOptions options = small();
    options.depth = 1;
    options.maxCandidatesPerParent = 3;
    const auto report = refinePrompt(workspace, options);
    ASSERT_EQ(report.evaluated.size(), 4u);
    const std::int64_t a = report.evaluated[1].imageId, b = report.evaluated[2].imageId;
    recordVerdict(workspace, report.runId, a, true);
    recordVerdict(workspace, report.runId, b, true);
    recordVerdict(workspace, report.runId, b, false);  // changed their mind
    auto verdicts = verdictsOf(workspace, report.runId);
    std::sort(verdicts.begin(), verdicts.end());
    std::vector<std::pair<std::int64_t, bool>> expected{{a, true}, {b, false}};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(verdicts, expected);
    // Reopened from the database: the settings carry them next to the candidates.
    const auto settings = util::parseJson(storage::RunStore(workspace.database()).steeringRun(report.runId)->settings);
    EXPECT_EQ(settings.find("verdicts")->find(std::to_string(b))->asString(), "rejected");
    EXPECT_EQ(settings.find("candidates")->asArray().size(), 4u);
    EXPECT_THROW(recordVerdict(workspace, report.runId, 999999, true), std::invalid_argument);
    EXPECT_THROW(recordVerdict(workspace, 999999, a, true), std::invalid_argument);

    const auto person = storage::PeopleStore(workspace.database()).findByPseudonym("A03");
    storage::AnswerStore answers(workspace.database());
    const auto before = answers.ratingsOf(person->id).size();
    const std::int64_t first = rateCandidate(workspace, "A03", a, 0.8);
    const std::int64_t second = rateCandidate(workspace, "A03", a, 0.3);
    const auto current = answers.ratingsOf(person->id);
    EXPECT_EQ(current.size(), before + 1);  // the second rating revises the first
    const auto found = std::find_if(current.begin(), current.end(), [&](const auto& r) { return r.imageId == a; });
    ASSERT_NE(found, current.end());
    EXPECT_EQ(found->id, second);
    EXPECT_DOUBLE_EQ(found->value, 0.3);
    EXPECT_EQ(found->revisesId, std::optional<std::int64_t>(first));
    EXPECT_EQ(found->source, storage::AnswerSource::App);
    EXPECT_THROW(rateCandidate(workspace, "nobody", a, 0.5), std::invalid_argument);
    EXPECT_THROW(rateCandidate(workspace, "A03", 999999, 0.5), std::invalid_argument);
    EXPECT_ANY_THROW(rateCandidate(workspace, "A03", a, 1.5));
}

TEST_F(PromptRefinementTest, BadRequestsSayWhatIsWrong)
{
    auto workspace = open();
    PromptRefineOptions options = small();
    options.person = "nobody";
    EXPECT_THROW(refinePrompt(workspace, options), std::invalid_argument);
    options = small();
    options.prompt = "  ";
    EXPECT_THROW(refinePrompt(workspace, options), std::invalid_argument);
    options = small();
    options.generator = "dall-e";
    EXPECT_THROW(refinePrompt(workspace, options), std::invalid_argument);
    options = small();
    options.beamWidth = 0;
    EXPECT_THROW(refinePrompt(workspace, options), std::invalid_argument);
}

}  // namespace
}  // namespace tastelab::services

// Study results against statistics worked out by hand: the ratings of four included raters are Shrout &
// Fleiss's (1979) Table 2 (divided by 10), so the ICCs are the published ones; alpha, test-retest and
// response-time percentiles are computed here from their definitions.
#include "app/services/study_results.h"

#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "storage/people.h"
#include "storage/sessions.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"
#include "util/csv.h"
#include "util/json.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

using namespace tastelab;
using ::testing::HasSubstr;

namespace {

// Shrout & Fleiss (1979), Table 2: six targets rated by four judges; ICC(2,1) = .29, ICC(2,4) = .62.
constexpr double kShroutFleiss[6][4] = {
    {9, 2, 5, 8}, {6, 1, 3, 2}, {8, 4, 6, 8}, {7, 1, 2, 6}, {10, 5, 6, 9}, {6, 2, 4, 7}};

// Krippendorff's alpha (interval) for a complete matrix, straight from its definition:
// 1 - D_o / D_e, D_o the mean squared difference within units, D_e over all pairs of values.
double alphaByDefinition(const std::vector<std::vector<double>>& units)
{
    std::vector<double> all;
    double within = 0;
    for (const auto& unit : units) {
        for (std::size_t i = 0; i < unit.size(); ++i)
            for (std::size_t j = 0; j < unit.size(); ++j) within += (unit[i] - unit[j]) * (unit[i] - unit[j]);
        all.insert(all.end(), unit.begin(), unit.end());
    }
    const double m = static_cast<double>(units.front().size());
    const double n = static_cast<double>(all.size());
    const double observed = within / (m - 1) / n;
    double between = 0;
    for (const double a : all)
        for (const double b : all) between += (a - b) * (a - b);
    const double expected = between / (n * (n - 1));
    return 1.0 - observed / expected;
}

// Median and 90th percentile by sorting and interpolating between neighbours (R's default, type 7).
double percentileByHand(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    const double h = (static_cast<double>(v.size()) - 1) * p;
    const double lower = v[static_cast<std::size_t>(h)];
    const double upper = v[std::min(v.size() - 1, static_cast<std::size_t>(h) + 1)];
    return lower + (h - std::floor(h)) * (upper - lower);
}

model::RgbImage solid(int index)
{
    model::RgbImage image;
    image.width = 4;
    image.height = 4;
    for (int i = 0; i < 16; ++i)
        image.pixels.insert(image.pixels.end(),
            {std::uint8_t(20 * index + 5), std::uint8_t(255 - 20 * index), std::uint8_t(i * 7 + index)});
    return image;
}

std::string readText(const std::filesystem::path& file)
{
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class StudyResultsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto ws = services::Workspace::create(dir_ / "ws", "results");
        workspace_ = std::make_unique<services::Workspace>(std::move(ws));
        storage::Database& db = workspace_->database();
        for (int i = 0; i < 8; ++i) {
            services::GeneratedImage info;
            info.generator = "test";
            info.prompt = i < 6 ? "regular " + std::to_string(i) : "catch " + std::to_string(i - 6);
            (i < 6 ? regular_ : catch_).push_back(services::addGeneratedImage(*workspace_, solid(i), info));
        }

        storage::StudyStore studies(db);
        storage::Study study;
        study.name = "Pilot";
        study.protocol.repeats = 4;
        study.protocol.catchItems = 2;
        study.protocol.settings = R"({"exclusion": {"minCatchPassRate": 0.75}})";
        studyId_ = studies.createStudy(study);
        for (const auto image : regular_) studies.addItem({0, studyId_, image, storage::ItemKind::Regular, {}, {}, {}});
        studies.addItem({0, studyId_, catch_[0], storage::ItemKind::Catch, 0.9, 1.0, "Move the slider to the right"});
        studies.addItem({0, studyId_, catch_[1], storage::ItemKind::Catch, 0.0, 0.1, "Move the slider to the left"});

        storage::PeopleStore people(db);
        for (int p = 0; p < 6; ++p) {
            storage::Person person;
            person.pseudonym = "R" + std::to_string(p + 1);
            people_.push_back(people.insert(person));
        }
    }

    storage::Database& db() { return workspace_->database(); }

    // A plan: one practice trial, the six regular images, the two catch items, `repeats` repeated images,
    // a pairwise trial and `extra` trials never answered.
    std::int64_t plan(int person, int repeats, int extra = 0)
    {
        storage::Assignment a;
        a.studyId = studyId_;
        a.personId = people_[std::size_t(person)];
        a.seed = person;
        int position = 0;
        storage::Trial practice;
        practice.position = position++;
        practice.imageId = regular_[0];
        practice.isPractice = true;
        a.trials.push_back(practice);
        const auto slider = [&](std::int64_t image, bool repeat, bool isCatch) {
            storage::Trial t;
            t.position = position++;
            t.imageId = image;
            t.isRepeat = repeat;
            t.isCatch = isCatch;
            a.trials.push_back(t);
        };
        for (const auto image : regular_) slider(image, false, false);
        for (const auto image : catch_) slider(image, false, true);
        for (int r = 0; r < repeats; ++r) slider(regular_[std::size_t(r)], true, false);
        storage::Trial pair;
        pair.position = position++;
        pair.mode = storage::TrialMode::Pairwise;
        pair.leftImageId = regular_[0];
        pair.rightImageId = regular_[1];
        a.trials.push_back(pair);
        for (int e = 0; e < extra; ++e) slider(regular_[std::size_t(e)], true, false);
        return storage::StudyStore(db()).createAssignment(a);
    }

    std::int64_t session(int person, std::int64_t assignment, std::optional<storage::SessionStatus> end)
    {
        storage::SessionStore sessions(db());
        storage::Session s;
        s.personId = people_[std::size_t(person)];
        s.studyId = studyId_;
        s.assignmentId = assignment;
        const auto id = sessions.start(s);
        if (end) sessions.finish(id, *end);
        return id;
    }

    // Records a slider answer in the study; its response time is 100 ms times the person's answer count, and
    // it joins the study's list of current response times unless it is about to be revised.
    std::int64_t rate(int person, std::int64_t session, std::int64_t image, double value, bool repeat = false,
        bool isCatch = false, std::optional<std::int64_t> revises = {}, bool willBeRevised = false)
    {
        storage::SliderRating r;
        r.personId = people_[std::size_t(person)];
        r.imageId = image;
        r.sessionId = session;
        r.studyId = studyId_;
        r.value = value;
        r.isRepeat = repeat;
        r.isCatch = isCatch;
        r.revisesId = revises;
        r.responseMs = willBeRevised ? 99999 : 100 * ++answerCount_[person];
        if (!willBeRevised) times_.push_back(double(*r.responseMs));
        return storage::AnswerStore(db()).recordRating(r);
    }

    void choose(int person, std::int64_t session, std::int64_t left, std::int64_t right, storage::PairChoice choice)
    {
        storage::PairwiseChoice c;
        c.personId = people_[std::size_t(person)];
        c.leftImageId = left;
        c.rightImageId = right;
        c.choice = choice;
        c.sessionId = session;
        c.studyId = studyId_;
        c.responseMs = 100 * ++answerCount_[person];
        times_.push_back(double(*c.responseMs));
        storage::AnswerStore(db()).recordComparison(c);
    }

    // R1..R4 rate the six images as Shrout & Fleiss's four judges; R5 rates them reversed and fails a catch
    // item; R6 has a plan and nothing else.
    void fillStudy()
    {
        const std::optional<storage::SessionStatus> open;
        const std::int64_t sessions[5] = {session(0, plan(0, 4), storage::SessionStatus::Completed),
            session(1, plan(1, 2, 1), open), session(2, plan(2, 0), storage::SessionStatus::Abandoned),
            session(3, plan(3, 0), storage::SessionStatus::Completed),
            session(4, plan(4, 0), storage::SessionStatus::Completed)};
        session(5, plan(5, 0), open);

        for (int judge = 0; judge < 4; ++judge) {
            for (std::size_t image = 0; image < 6; ++image) {
                const double value = kShroutFleiss[image][judge] / 10.0;
                if (judge == 0 && image == 0) {
                    // R1 first answers 0.1, then revises it to the table's 0.9.
                    const auto original = rate(judge, sessions[judge], regular_[image], 0.1, false, false, {}, true);
                    rate(judge, sessions[judge], regular_[image], value, false, false, original);
                } else {
                    rate(judge, sessions[judge], regular_[image], value);
                }
            }
            // Both attention checks passed; R4's first lies exactly on the edge of its range.
            rate(judge, sessions[judge], catch_[0], judge == 3 ? 0.9 : 0.95, false, true);
            rate(judge, sessions[judge], catch_[1], 0.05, false, true);
        }
        // R1's repeats: first .9 .6 .8 .7, then .8 .6 .9 .6 (r = sqrt(0.6)).
        const double retest[4] = {0.8, 0.6, 0.9, 0.6};
        for (std::size_t i = 0; i < 4; ++i) rate(0, sessions[0], regular_[i], retest[i], true);
        rate(1, sessions[1], regular_[0], 0.3, true);
        rate(1, sessions[1], regular_[1], 0.1, true);

        choose(0, sessions[0], regular_[0], regular_[1], storage::PairChoice::Left);
        choose(1, sessions[1], regular_[1], regular_[0], storage::PairChoice::Right);
        choose(2, sessions[2], regular_[2], regular_[3], storage::PairChoice::Tie);
        choose(3, sessions[3], regular_[4], regular_[5], storage::PairChoice::CantDecide);

        // R5: the table reversed, one of two attention checks failed (50% < 75%), a choice against the others.
        for (std::size_t image = 0; image < 6; ++image)
            rate(4, sessions[4], regular_[image], 1.0 - kShroutFleiss[image][0] / 10.0);
        rate(4, sessions[4], catch_[0], 0.95, false, true);
        rate(4, sessions[4], catch_[1], 0.5, false, true);
        choose(4, sessions[4], regular_[0], regular_[1], storage::PairChoice::Right);

        // An answer outside the study does not count.
        storage::SliderRating elsewhere;
        elsewhere.personId = people_[0];
        elsewhere.imageId = regular_[5];
        elsewhere.value = 0.0;
        elsewhere.responseMs = 50000;
        storage::AnswerStore(db()).recordRating(elsewhere);
    }

    const services::ParticipantResult& participant(const services::StudyResults& results, const std::string& name)
    {
        for (const auto& p : results.participants)
            if (p.pseudonym == name) return p;
        throw std::runtime_error("no participant " + name);
    }

    tastelab::testing::TempDir dir_;
    std::unique_ptr<services::Workspace> workspace_;
    std::vector<std::int64_t> regular_, catch_, people_;
    std::int64_t studyId_ = 0;
    std::map<int, int> answerCount_;
    std::vector<double> times_;
};

TEST_F(StudyResultsTest, AgreementOverIncludedRatersMatchesThePublishedIcc)
{
    fillStudy();
    const auto results = services::computeStudyResults(*workspace_, "Pilot");
    EXPECT_EQ(results.study.name, "Pilot");
    EXPECT_DOUBLE_EQ(results.rule.minCatchPassRate, 0.75);
    EXPECT_EQ(results.includedParticipants, 5);  // R1..R4 and R6, who answered nothing
    EXPECT_EQ(results.excludedParticipants, 1);

    ASSERT_TRUE(results.icc.has_value());
    EXPECT_EQ(results.icc->raters, 4);  // R5 is excluded, R6 rated nothing
    EXPECT_EQ(results.icc->units, 6);
    EXPECT_EQ(results.iccImages, 6);
    EXPECT_NEAR(results.icc->single, 0.29, 0.005);
    EXPECT_NEAR(results.icc->average, 0.62, 0.005);

    std::vector<std::vector<double>> table;
    for (const auto& row : kShroutFleiss) table.push_back({row[0] / 10, row[1] / 10, row[2] / 10, row[3] / 10});
    EXPECT_NEAR(results.alphaInterval, alphaByDefinition(table), 1e-12);
    EXPECT_GT(results.alphaInterval, 0.0);
}

TEST_F(StudyResultsTest, ParticipantsCompletionConsistencyAndAttentionChecks)
{
    fillStudy();
    const auto results = services::computeStudyResults(*workspace_, "Pilot");
    ASSERT_EQ(results.participants.size(), 6u);
    EXPECT_EQ(results.participants.front().pseudonym, "R1");
    EXPECT_EQ(results.participants.back().pseudonym, "R6");

    const auto& r1 = participant(results, "R1");
    EXPECT_EQ(r1.plannedTrials, 13);  // 6 regular + 2 catch + 4 repeats + 1 pair; the practice trial is not
    EXPECT_EQ(r1.answeredTrials, 13);  // the revised row is replaced, not added
    EXPECT_TRUE(r1.completed);
    // First-occurrence ratings: 9 6 8 7 10 6 (tenths); repeats and catch items are left out.
    EXPECT_NEAR(r1.meanRating, 46.0 / 60.0, 1e-12);
    EXPECT_NEAR(r1.sdRating, std::sqrt(2.0 / 75.0), 1e-12);
    // x = .9 .6 .8 .7, y = .8 .6 .9 .6: Sxy = .045, Sxx = .05, Syy = .0675, r = .045 / sqrt(.003375) = sqrt(.6).
    EXPECT_EQ(r1.repeatPairs, 4);
    EXPECT_NEAR(r1.testRetest, std::sqrt(0.6), 1e-12);
    EXPECT_EQ(r1.catchTotal, 2);
    EXPECT_EQ(r1.catchPassed, 2);
    EXPECT_FALSE(r1.excluded);
    EXPECT_TRUE(r1.exclusionReason.empty());
    // 13 current answers at 100..1300 ms; the revised original (99999 ms) is gone.
    EXPECT_DOUBLE_EQ(r1.medianResponseMs, 700);

    const auto& r2 = participant(results, "R2");
    EXPECT_EQ(r2.plannedTrials, 12);
    EXPECT_EQ(r2.answeredTrials, 11);
    EXPECT_FALSE(r2.completed);  // session still open and one trial unanswered
    EXPECT_EQ(r2.repeatPairs, 2);
    EXPECT_TRUE(std::isnan(r2.testRetest));  // fewer than 3 pairs

    const auto& r3 = participant(results, "R3");
    EXPECT_TRUE(r3.completed);  // abandoned, but every planned trial answered
    EXPECT_DOUBLE_EQ(r3.medianResponseMs, 500);  // 100..900

    const auto& r4 = participant(results, "R4");
    EXPECT_EQ(r4.catchPassed, 2);  // 0.9 lies in [0.9, 1]

    const auto& r5 = participant(results, "R5");
    EXPECT_EQ(r5.catchTotal, 2);
    EXPECT_EQ(r5.catchPassed, 1);
    EXPECT_TRUE(r5.excluded);
    EXPECT_THAT(r5.exclusionReason, HasSubstr("1 of 2"));
    EXPECT_THAT(r5.exclusionReason, HasSubstr("75%"));

    const auto& r6 = participant(results, "R6");
    EXPECT_EQ(r6.plannedTrials, 9);
    EXPECT_EQ(r6.answeredTrials, 0);
    EXPECT_FALSE(r6.completed);
    EXPECT_FALSE(r6.excluded);
    EXPECT_TRUE(std::isnan(r6.meanRating));
    EXPECT_TRUE(std::isnan(r6.medianResponseMs));
}

TEST_F(StudyResultsTest, ImagesPairwiseAndResponseTimes)
{
    fillStudy();
    const auto results = services::computeStudyResults(*workspace_, "Pilot");
    ASSERT_EQ(results.images.size(), 6u);  // catch images are not results
    const auto& first = results.images[0];
    EXPECT_EQ(first.imageId, regular_[0]);
    EXPECT_EQ(first.prompt, "regular 0");
    EXPECT_EQ(first.sha256.size(), 64u);
    EXPECT_TRUE(std::filesystem::exists(first.path)) << first.path;
    EXPECT_TRUE(std::filesystem::path(first.path).is_absolute());
    // .9 .2 .5 .8 from the included raters (R5's .1 is left out): mean .6, SD sqrt(.3 / 3).
    EXPECT_EQ(first.ratings.count, 4);
    EXPECT_NEAR(first.ratings.mean, 0.6, 1e-12);
    EXPECT_NEAR(first.ratings.sd, std::sqrt(0.1), 1e-12);
    ASSERT_EQ(first.ratings.histogram.size(), 10u);
    EXPECT_EQ(first.ratings.histogram[1], 0);
    EXPECT_EQ(first.ratings.histogram[2], 1);
    EXPECT_EQ(first.ratings.histogram[9], 1);

    // Included choices: R1 picks image 0 on the left, R2 image 0 on the right, R3 a tie, R4 can't decide.
    EXPECT_EQ(results.pairLeft, 1);
    EXPECT_EQ(results.pairRight, 1);
    EXPECT_EQ(results.pairTie, 1);
    EXPECT_EQ(results.pairCantDecide, 1);
    EXPECT_EQ(results.images[0].pairwiseShown, 2);
    EXPECT_EQ(results.images[0].pairwiseWins, 2);
    EXPECT_EQ(results.images[1].pairwiseShown, 2);
    EXPECT_EQ(results.images[1].pairwiseWins, 0);
    EXPECT_EQ(results.images[2].pairwiseShown, 1);
    EXPECT_EQ(results.images[2].pairwiseWins, 0);

    // Every current answer of every participant, excluded ones too, and nothing outside the study.
    std::vector<double> got = results.responseTimesMs;
    std::vector<double> want = times_;
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want);
    EXPECT_EQ(want.size(), 13u + 11u + 9u + 9u + 9u);
    EXPECT_DOUBLE_EQ(results.rtMedian, percentileByHand(times_, 0.5));
    EXPECT_DOUBLE_EQ(results.rtP90, percentileByHand(times_, 0.9));
}

TEST_F(StudyResultsTest, IccUsesOnlyImagesEveryIncludedRaterRated)
{
    // Three raters; the third skips image 5, so the ICC has five units while alpha uses all six.
    const std::optional<storage::SessionStatus> open;
    for (int judge = 0; judge < 3; ++judge) {
        const auto s = session(judge, plan(judge, 0), open);
        for (std::size_t image = 0; image < (judge == 2 ? 5u : 6u); ++image)
            rate(judge, s, regular_[image], kShroutFleiss[image][judge] / 10.0);
    }
    const auto results = services::computeStudyResults(*workspace_, "Pilot");
    EXPECT_EQ(results.iccImages, 5);
    ASSERT_TRUE(results.icc.has_value());
    EXPECT_EQ(results.icc->units, 5);
    EXPECT_EQ(results.icc->raters, 3);
    EXPECT_EQ(results.images[5].ratings.count, 2);
    // No catch answers: nobody is excluded.
    EXPECT_EQ(results.excludedParticipants, 0);
}

TEST_F(StudyResultsTest, IccFallsBackToThoseWhoCompletedWhenAnEarlyLeaverBreaksTheMatrix)
{
    // Three raters completed all six images; a fourth stopped after one image. Every-rater coverage would leave a
    // single image, so the ICC is taken over the three who completed: 6 units, 3 raters.
    for (int judge = 0; judge < 3; ++judge) {
        const auto s = session(judge, plan(judge, 0), storage::SessionStatus::Completed);
        for (std::size_t image = 0; image < 6; ++image)
            rate(judge, s, regular_[image], kShroutFleiss[image][judge] / 10.0);
    }
    const auto early = session(3, plan(3, 0), std::nullopt);
    rate(3, early, regular_[0], 0.4);
    const auto results = services::computeStudyResults(*workspace_, "Pilot");
    ASSERT_TRUE(results.icc.has_value());
    EXPECT_EQ(results.iccImages, 6);
    EXPECT_EQ(results.icc->raters, 3);
    const auto reference = storage::icc2(
        {{0.9, 0.2, 0.5}, {0.6, 0.1, 0.3}, {0.8, 0.4, 0.6}, {0.7, 0.1, 0.2}, {1.0, 0.5, 0.6}, {0.6, 0.2, 0.4}});
    EXPECT_NEAR(results.icc->single, reference.single, 1e-12);
}

TEST_F(StudyResultsTest, NoIccWithFewerThanTwoRaters)
{
    const auto s = session(0, plan(0, 0), std::nullopt);
    for (std::size_t image = 0; image < 6; ++image) rate(0, s, regular_[image], 0.5);
    const auto results = services::computeStudyResults(*workspace_, "Pilot");
    EXPECT_FALSE(results.icc.has_value());
    EXPECT_TRUE(std::isnan(results.alphaInterval));
}

TEST_F(StudyResultsTest, UnknownStudyIsAnErrorNamingIt)
{
    try {
        services::computeStudyResults(*workspace_, "Main study");
        FAIL() << "expected an error";
    } catch (const std::exception& e) {
        EXPECT_THAT(e.what(), HasSubstr("'Main study'"));
        EXPECT_THAT(e.what(), HasSubstr("'Pilot'"));  // what there is instead
    }
}

TEST_F(StudyResultsTest, ExclusionRuleComesFromTheSettings)
{
    EXPECT_DOUBLE_EQ(services::parseExclusionRule("{}", "s").minCatchPassRate, 0.75);
    EXPECT_DOUBLE_EQ(
        services::parseExclusionRule(R"({"exclusion": {"minCatchPassRate": 0.5}})", "s").minCatchPassRate, 0.5);
    try {
        services::parseExclusionRule(R"({"exclusion": {"minCatchPassRate": "high"}})", "Lenient");
        FAIL() << "expected an error";
    } catch (const std::exception& e) {
        EXPECT_THAT(e.what(), HasSubstr("exclusion.minCatchPassRate"));
        EXPECT_THAT(e.what(), HasSubstr("'Lenient'"));
    }
    EXPECT_THROW(
        services::parseExclusionRule(R"({"exclusion": {"minCatchPassRate": 1.5}})", "s"), std::invalid_argument);

    // With a 50% rule, R5's one passed check of two is enough.
    storage::Study lenient;
    lenient.name = "Lenient";
    lenient.protocol.settings = R"({"exclusion": {"minCatchPassRate": 0.5}})";
    const auto id = storage::StudyStore(db()).createStudy(lenient);
    storage::StudyStore(db()).addItem({0, id, catch_[0], storage::ItemKind::Catch, 0.9, 1.0, {}});
    storage::SliderRating r;
    r.personId = people_[4];
    r.imageId = catch_[0];
    r.studyId = id;
    r.isCatch = true;
    r.value = 0.95;
    storage::AnswerStore(db()).recordRating(r);
    r.value = 0.2;
    storage::AnswerStore(db()).recordRating(r);
    const auto results = services::computeStudyResults(*workspace_, "Lenient");
    ASSERT_EQ(results.participants.size(), 1u);
    EXPECT_EQ(results.participants[0].catchPassed, 1);
    EXPECT_FALSE(results.participants[0].excluded);
}

TEST_F(StudyResultsTest, TablesAndJson)
{
    fillStudy();
    const auto results = services::computeStudyResults(*workspace_, "Pilot");
    services::writeResultTables(results, dir_ / "tables" / "pilot");

    const auto participants =
        util::parseCsv(readText(dir_ / "tables" / "pilot" / "participants.csv"), "participants.csv");
    ASSERT_EQ(participants.size(), 1u + 6u);
    ASSERT_EQ(participants[0].fields.size(), 14u);
    EXPECT_EQ(participants[0].fields[0], "person_id");
    EXPECT_EQ(participants[0].fields[1], "pseudonym");
    EXPECT_EQ(participants[0].fields[11], "excluded");
    EXPECT_EQ(participants[5].fields[1], "R5");
    EXPECT_EQ(participants[5].fields[11], "1");
    EXPECT_EQ(participants[2].fields[7], "");  // R2's test-retest is not defined
    EXPECT_EQ(participants[6].fields[2], "9");

    const auto images = util::parseCsv(readText(dir_ / "tables" / "pilot" / "images.csv"), "images.csv");
    ASSERT_EQ(images.size(), 1u + 6u);
    EXPECT_EQ(images[0].fields[0], "image_id");
    EXPECT_EQ(images[0].fields[4], "n");
    EXPECT_EQ(images[0].fields.size(), 7u + 10u + 2u);
    EXPECT_EQ(images[1].fields[2], "regular 0");
    EXPECT_EQ(images[1].fields[4], "4");
    EXPECT_DOUBLE_EQ(std::stod(images[1].fields[5]), results.images[0].ratings.mean);

    const auto json = util::parseJson(services::studyResultsJson(results));
    const auto* summary = json.find("summary");
    ASSERT_NE(summary, nullptr);
    EXPECT_EQ(summary->find("includedParticipants")->asInt(), 5);
    EXPECT_NEAR(summary->find("icc21")->asDouble(), 0.29, 0.005);
    EXPECT_EQ(json.find("participants")->asArray().size(), 6u);
    EXPECT_TRUE(json.find("participants")->asArray()[1].find("testRetest")->isNull());
    EXPECT_EQ(json.find("images")->asArray().size(), 6u);
}

}  // namespace

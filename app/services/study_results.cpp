// Study results: one pass over each participant's current answers in the study, then the agreement
// statistics of storage/agreement.h on the included participants' first ratings.
#include "app/services/study_results.h"

#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/people.h"
#include "util/atomic_file.h"
#include "util/csv.h"
#include "util/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

namespace tastelab::services {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct CatchRange {
    double min = 0;
    double max = 1;
};

double median(std::vector<double> values)
{
    return percentile(std::move(values), 0.5);
}

// The people who took part: a plan, or an answer given in the study.
std::vector<std::int64_t> participantIds(storage::Database& db, std::int64_t studyId)
{
    auto s = db.prepare("SELECT person_id FROM assignments WHERE study_id = ?1 "
                        "UNION SELECT person_id FROM ratings WHERE study_id = ?1 "
                        "UNION SELECT person_id FROM comparisons WHERE study_id = ?1");
    s.bind(1, studyId);
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.columnInt(0));
    return ids;
}

bool hasCompletedSession(storage::Database& db, std::int64_t studyId, std::int64_t personId)
{
    auto s =
        db.prepare("SELECT 1 FROM sessions WHERE study_id = ?1 AND person_id = ?2 AND status = 'completed' LIMIT 1");
    s.bind(1, studyId).bind(2, personId);
    return s.step();
}

std::string formatRate(double rate)
{
    return fmt::format("{:.0f}%", 100.0 * rate);
}

// A participant's answers in the study, sorted out the way the statistics need them.
struct ParticipantAnswers {
    std::map<std::int64_t, double> firstRatings;  // image -> first regular rating
    std::map<std::int64_t, double> repeatRatings;  // image -> first repeated rating
    std::vector<storage::PairwiseChoice> comparisons;
    std::vector<double> responseTimes;
};

// NaN is an empty CSV field and a JSON null.
std::string csvNumber(double value)
{
    return std::isfinite(value) ? fmt::format("{}", value) : std::string();
}

util::JsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? util::JsonValue(value) : util::JsonValue();
}

void writeTable(const std::filesystem::path& file, const std::vector<std::string>& header,
    const std::vector<std::vector<std::string>>& rows)
{
    std::string text;
    util::appendCsvRow(text, header);
    for (const auto& row : rows) util::appendCsvRow(text, row);
    util::writeFileAtomically(file, text);
}

}  // namespace

double percentile(std::vector<double> values, double fraction)
{
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
    if (values.empty()) return kNaN;
    std::sort(values.begin(), values.end());
    const double position = std::clamp(fraction, 0.0, 1.0) * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double weight = position - static_cast<double>(below);
    return values[below] + weight * (values[above] - values[below]);
}

ExclusionRule parseExclusionRule(const std::string& settingsJson, const std::string& studyName)
{
    ExclusionRule rule;
    const std::string source = "settings of study '" + studyName + "'";
    const util::JsonValue settings = util::parseJson(settingsJson, source);
    const util::JsonValue* exclusion = settings.find("exclusion");
    if (!exclusion || exclusion->isNull()) return rule;
    if (!exclusion->isObject())
        throw std::invalid_argument(source
            + ": 'exclusion' must be an object such as {\"minCatchPassRate\": 0.75}, found "
            + std::string(util::jsonTypeName(exclusion->type())));
    if (const util::JsonValue* rate = exclusion->find("minCatchPassRate")) {
        if (!rate->isNumber() || !(rate->asDouble() >= 0.0 && rate->asDouble() <= 1.0))
            throw std::invalid_argument(source
                + ": 'exclusion.minCatchPassRate' must be a number between 0 and 1, found " + util::toJson(*rate));
        rule.minCatchPassRate = rate->asDouble();
    }
    return rule;
}

StudyResults computeStudyResults(Workspace& workspace, const std::string& studyName)
{
    storage::Database& db = workspace.database();
    storage::StudyStore studies(db);
    const auto study = studies.findStudyByName(studyName);
    if (!study) {
        std::string known;
        for (const auto& s : studies.listStudies()) known += (known.empty() ? "'" : ", '") + s.name + "'";
        throw std::invalid_argument("unknown study '" + studyName + "' (the workspace has "
            + (known.empty() ? std::string("no studies") : "the studies " + known) + ")");
    }

    StudyResults results;
    results.study = *study;
    results.rule = parseExclusionRule(study->protocol.settings, study->name);

    std::set<std::int64_t> regularImages;
    std::map<std::int64_t, CatchRange> catchRanges;
    for (const auto& item : studies.items(study->id)) {
        if (item.kind == storage::ItemKind::Regular) regularImages.insert(item.imageId);
        if (item.kind == storage::ItemKind::Catch)
            catchRanges[item.imageId] = CatchRange{item.catchMin.value_or(0.0), item.catchMax.value_or(1.0)};
    }

    storage::PeopleStore people(db);
    storage::AnswerStore answers(db);
    std::vector<ParticipantAnswers> answersOf;
    std::set<std::int64_t> answeredImages;  // regular images someone rated or compared
    for (const std::int64_t personId : participantIds(db, study->id)) {
        ParticipantResult p;
        p.personId = personId;
        const auto person = people.findById(personId);
        p.pseudonym = person ? person->pseudonym : fmt::format("#{}", personId);
        if (const auto plan = studies.findAssignment(study->id, personId))
            p.plannedTrials = static_cast<int>(
                std::count_if(plan->trials.begin(), plan->trials.end(), [](const auto& t) { return !t.isPractice; }));

        ParticipantAnswers a;
        std::vector<double> firstValues;
        for (const auto& r : answers.ratingsOf(personId)) {
            if (r.studyId != study->id) continue;
            ++p.answeredTrials;
            if (r.responseMs) a.responseTimes.push_back(static_cast<double>(*r.responseMs));
            const bool catchImageOnly = catchRanges.count(r.imageId) && !regularImages.count(r.imageId);
            if (r.isCatch || catchImageOnly) {
                const auto range = catchRanges.find(r.imageId);
                if (range == catchRanges.end())
                    throw std::invalid_argument(fmt::format("study '{}': rating {} of {} is marked as an attention "
                                                            "check, but image {} is not a catch item of the study",
                        study->name, r.id, p.pseudonym, r.imageId));
                ++p.catchTotal;
                if (r.value >= range->second.min && r.value <= range->second.max) ++p.catchPassed;
                continue;
            }
            if (r.isRepeat) {
                a.repeatRatings.emplace(r.imageId, r.value);  // the first repeat of the image
                continue;
            }
            if (a.firstRatings.emplace(r.imageId, r.value).second) {
                firstValues.push_back(r.value);
                answeredImages.insert(r.imageId);
            }
        }
        for (auto& c : answers.comparisonsOf(personId)) {
            if (c.studyId != study->id) continue;
            ++p.answeredTrials;
            if (c.responseMs) a.responseTimes.push_back(static_cast<double>(*c.responseMs));
            answeredImages.insert(c.leftImageId);
            answeredImages.insert(c.rightImageId);
            a.comparisons.push_back(std::move(c));
        }

        const storage::ItemSummary summary = storage::summarize(firstValues);
        p.meanRating = summary.mean;
        p.sdRating = summary.sd;
        std::vector<double> first, second;
        for (const auto& [image, value] : a.repeatRatings) {
            const auto original = a.firstRatings.find(image);
            if (original == a.firstRatings.end()) continue;  // a repeat whose first showing is not answered
            first.push_back(original->second);
            second.push_back(value);
        }
        p.repeatPairs = static_cast<int>(first.size());
        p.testRetest = storage::testRetestCorrelation(first, second);
        p.medianResponseMs = median(a.responseTimes);
        p.completed = hasCompletedSession(db, study->id, personId)
            || (p.plannedTrials > 0 && p.answeredTrials >= p.plannedTrials);
        if (p.catchTotal > 0) {
            const double rate = static_cast<double>(p.catchPassed) / p.catchTotal;
            if (rate < results.rule.minCatchPassRate) {
                p.excluded = true;
                p.exclusionReason = fmt::format("passed {} of {} attention checks ({}; the study requires {})",
                    p.catchPassed, p.catchTotal, formatRate(rate), formatRate(results.rule.minCatchPassRate));
            }
        }
        results.responseTimesMs.insert(results.responseTimesMs.end(), a.responseTimes.begin(), a.responseTimes.end());
        results.participants.push_back(std::move(p));
        answersOf.push_back(std::move(a));
    }

    // By pseudonym, keeping each participant's answers beside it.
    std::vector<std::size_t> order(results.participants.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return results.participants[x].pseudonym < results.participants[y].pseudonym;
    });
    {
        std::vector<ParticipantResult> sortedParticipants;
        std::vector<ParticipantAnswers> sortedAnswers;
        for (const std::size_t i : order) {
            sortedParticipants.push_back(std::move(results.participants[i]));
            sortedAnswers.push_back(std::move(answersOf[i]));
        }
        results.participants = std::move(sortedParticipants);
        answersOf = std::move(sortedAnswers);
    }

    results.rtMedian = median(results.responseTimesMs);
    results.rtP90 = percentile(results.responseTimesMs, 0.9);

    // The images: the study's regular items and anything else answered outside the attention checks.
    std::set<std::int64_t> imageIds = regularImages;
    for (const std::int64_t id : answeredImages)
        if (!catchRanges.count(id) || regularImages.count(id)) imageIds.insert(id);
    storage::ImageStore imageStore(db);
    std::map<std::int64_t, std::size_t> row;
    for (const std::int64_t id : imageIds) {
        ImageResult image;
        image.imageId = id;
        if (const auto record = imageStore.findById(id)) {
            image.sha256 = record->sha256;
            image.prompt = record->prompt.value_or("");
            if (record->libraryPath)
                image.path = (workspace.libraryDir() / *record->libraryPath).string();
            else if (record->externalPath)
                image.path = *record->externalPath;
        }
        row[id] = results.images.size();
        results.images.push_back(std::move(image));
    }

    // Agreement over the included participants who gave slider ratings: rows are images, columns raters.
    std::vector<const ParticipantAnswers*> raters;
    std::vector<bool> raterCompleted;
    for (std::size_t i = 0; i < results.participants.size(); ++i) {
        const ParticipantResult& p = results.participants[i];
        if (p.excluded) {
            ++results.excludedParticipants;
            continue;
        }
        ++results.includedParticipants;
        if (!answersOf[i].firstRatings.empty()) {
            raters.push_back(&answersOf[i]);
            raterCompleted.push_back(p.completed);
        }
        for (const auto& c : answersOf[i].comparisons) {
            // Pairs of attention-check images have no row; their choices still count towards the side bias.
            const auto left = row.find(c.leftImageId);
            const auto right = row.find(c.rightImageId);
            if (left != row.end()) ++results.images[left->second].pairwiseShown;
            if (right != row.end()) ++results.images[right->second].pairwiseShown;
            switch (c.choice) {
            case storage::PairChoice::Left:
                ++results.pairLeft;
                if (left != row.end()) ++results.images[left->second].pairwiseWins;
                break;
            case storage::PairChoice::Right:
                ++results.pairRight;
                if (right != row.end()) ++results.images[right->second].pairwiseWins;
                break;
            case storage::PairChoice::Tie:
                ++results.pairTie;
                break;
            case storage::PairChoice::CantDecide:
                ++results.pairCantDecide;
                break;
            }
        }
    }

    storage::RatingMatrix matrix;
    storage::RatingMatrix complete;
    for (ImageResult& image : results.images) {
        std::vector<double> unit;
        for (const ParticipantAnswers* r : raters) {
            const auto found = r->firstRatings.find(image.imageId);
            unit.push_back(found == r->firstRatings.end() ? kNaN : found->second);
        }
        image.ratings = storage::summarize(unit);
        if (!unit.empty() && std::none_of(unit.begin(), unit.end(), [](double v) { return std::isnan(v); }))
            complete.push_back(unit);
        matrix.push_back(std::move(unit));
    }
    results.alphaInterval = storage::krippendorffAlpha(matrix, storage::AlphaMetric::Interval);
    // The ICC needs a complete matrix. When someone who stopped early leaves too few images rated by everyone, it
    // is computed over the participants who completed the study instead (the rater count says how many).
    std::size_t iccRaters = raters.size();
    if (complete.size() < 2) {
        complete.clear();
        iccRaters = static_cast<std::size_t>(std::count(raterCompleted.begin(), raterCompleted.end(), true));
        for (const auto& unit : matrix) {
            std::vector<double> kept;
            for (std::size_t r = 0; r < unit.size(); ++r) {
                if (raterCompleted[r]) kept.push_back(unit[r]);
            }
            if (!kept.empty() && std::none_of(kept.begin(), kept.end(), [](double v) { return std::isnan(v); }))
                complete.push_back(std::move(kept));
        }
    }
    results.iccImages = static_cast<int>(complete.size());
    if (complete.size() >= 2 && iccRaters >= 2) results.icc = storage::icc2(complete);
    return results;
}

std::string studyResultsJson(const StudyResults& results)
{
    using util::JsonValue;
    JsonValue root = JsonValue::Object{};
    JsonValue& study = root.set("study", JsonValue::Object{});
    study.set("id", results.study.id);
    study.set("name", results.study.name);
    root.set("exclusion", JsonValue::Object{}).set("minCatchPassRate", results.rule.minCatchPassRate);

    JsonValue& summary = root.set("summary", JsonValue::Object{});
    summary.set("includedParticipants", results.includedParticipants);
    summary.set("excludedParticipants", results.excludedParticipants);
    summary.set("krippendorffAlphaInterval", jsonNumber(results.alphaInterval));
    if (results.icc) {
        summary.set("icc21", jsonNumber(results.icc->single));
        summary.set("icc2k", jsonNumber(results.icc->average));
        summary.set("iccRaters", results.icc->raters);
    } else {
        summary.set("icc21", JsonValue());
        summary.set("icc2k", JsonValue());
        summary.set("iccRaters", 0);
    }
    summary.set("iccImages", results.iccImages);
    summary.set("responseTimes", static_cast<std::int64_t>(results.responseTimesMs.size()));
    summary.set("responseMsMedian", jsonNumber(results.rtMedian));
    summary.set("responseMsP90", jsonNumber(results.rtP90));
    JsonValue& pairs = summary.set("pairwiseChoices", JsonValue::Object{});
    pairs.set("left", results.pairLeft);
    pairs.set("right", results.pairRight);
    pairs.set("tie", results.pairTie);
    pairs.set("cantDecide", results.pairCantDecide);

    JsonValue participants = JsonValue::Array{};
    for (const auto& p : results.participants) {
        JsonValue o = JsonValue::Object{};
        o.set("personId", p.personId);
        o.set("pseudonym", p.pseudonym);
        o.set("plannedTrials", p.plannedTrials);
        o.set("answeredTrials", p.answeredTrials);
        o.set("completed", p.completed);
        o.set("meanRating", jsonNumber(p.meanRating));
        o.set("sdRating", jsonNumber(p.sdRating));
        o.set("testRetest", jsonNumber(p.testRetest));
        o.set("repeatPairs", p.repeatPairs);
        o.set("catchTotal", p.catchTotal);
        o.set("catchPassed", p.catchPassed);
        o.set("excluded", p.excluded);
        o.set("exclusionReason", p.exclusionReason);
        o.set("medianResponseMs", jsonNumber(p.medianResponseMs));
        participants.push(std::move(o));
    }
    root.set("participants", std::move(participants));

    JsonValue images = JsonValue::Array{};
    for (const auto& image : results.images) {
        JsonValue o = JsonValue::Object{};
        o.set("imageId", image.imageId);
        o.set("sha256", image.sha256);
        o.set("prompt", image.prompt);
        o.set("path", image.path);
        o.set("n", image.ratings.count);
        o.set("mean", jsonNumber(image.ratings.mean));
        o.set("sd", jsonNumber(image.ratings.sd));
        JsonValue histogram = JsonValue::Array{};
        for (const int count : image.ratings.histogram) histogram.push(count);
        o.set("histogram", std::move(histogram));
        o.set("pairwiseShown", image.pairwiseShown);
        o.set("pairwiseWins", image.pairwiseWins);
        images.push(std::move(o));
    }
    root.set("images", std::move(images));
    return util::toJson(root);
}

const std::vector<std::string>& participantTableColumns()
{
    static const std::vector<std::string> columns{"person_id", "pseudonym", "planned_trials", "answered_trials",
        "completed", "mean_rating", "sd_rating", "test_retest", "repeat_pairs", "catch_total", "catch_passed",
        "excluded", "exclusion_reason", "median_response_ms"};
    return columns;
}

const std::vector<std::string>& imageTableColumns()
{
    static const std::vector<std::string> columns = [] {
        std::vector<std::string> c{"image_id", "sha256", "prompt", "path", "n", "mean", "sd"};
        for (int bin = 0; bin < 10; ++bin) c.push_back(fmt::format("bin_{:.1f}_{:.1f}", bin / 10.0, (bin + 1) / 10.0));
        c.insert(c.end(), {"pairwise_shown", "pairwise_wins"});
        return c;
    }();
    return columns;
}

void writeResultTables(const StudyResults& results, const std::filesystem::path& folder)
{
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw std::runtime_error("cannot create the folder '" + folder.string() + "': " + ec.message());

    std::vector<std::vector<std::string>> rows;
    for (const auto& p : results.participants) {
        rows.push_back({std::to_string(p.personId), p.pseudonym, std::to_string(p.plannedTrials),
            std::to_string(p.answeredTrials), p.completed ? "1" : "0", csvNumber(p.meanRating), csvNumber(p.sdRating),
            csvNumber(p.testRetest), std::to_string(p.repeatPairs), std::to_string(p.catchTotal),
            std::to_string(p.catchPassed), p.excluded ? "1" : "0", p.exclusionReason, csvNumber(p.medianResponseMs)});
    }
    writeTable(folder / "participants.csv", participantTableColumns(), rows);

    rows.clear();
    for (const auto& image : results.images) {
        std::vector<std::string> r{std::to_string(image.imageId), image.sha256, image.prompt, image.path,
            std::to_string(image.ratings.count), csvNumber(image.ratings.mean), csvNumber(image.ratings.sd)};
        for (std::size_t bin = 0; bin < 10; ++bin)
            r.push_back(std::to_string(bin < image.ratings.histogram.size() ? image.ratings.histogram[bin] : 0));
        r.push_back(std::to_string(image.pairwiseShown));
        r.push_back(std::to_string(image.pairwiseWins));
        rows.push_back(std::move(r));
    }
    writeTable(folder / "images.csv", imageTableColumns(), rows);
}

}  // namespace tastelab::services

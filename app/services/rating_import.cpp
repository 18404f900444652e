// Legacy ratings: validate every line first, then store all of them in one transaction.
#include "app/services/rating_import.h"

#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/csv.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/storage_error.h"
#include "storage/studies.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

std::optional<double> parseNumber(const std::string& text)
{
    if (text.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size() && std::isfinite(value)) return value;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

struct PendingRating {
    std::size_t line = 0;
    std::string person;
    std::int64_t imageId = 0;
    std::optional<std::int64_t> studyId;
    double value = 0;
    double original = 0;
    double scaleMin = 0;
    double scaleMax = 1;
    std::optional<std::int64_t> responseMs;
    std::optional<std::string> answeredAt;
};

}  // namespace

std::optional<std::pair<double, double>> parseScale(const std::string& text)
{
    static const std::regex pattern(R"(^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(?:\.\.|-|,|\s)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$)");
    std::smatch match;
    if (!std::regex_match(text, match, pattern)) return std::nullopt;
    const double lo = std::stod(match[1]);
    const double hi = std::stod(match[2]);
    if (!(lo < hi)) return std::nullopt;
    return std::make_pair(lo, hi);
}

RatingImportReport importRatings(Workspace& workspace, const fs::path& file, const RatingImportOptions& options)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) throw RatingImportError(fmt::format("cannot read '{}'", file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    const std::string source = file.filename().string();

    std::optional<storage::CsvTable> table;
    try {
        table.emplace(storage::parseCsv(text.str(), source), source);
        table->requireRectangular();
    } catch (const storage::StorageError& e) {
        throw RatingImportError(fmt::format("'{}' is malformed: {}", file.string(), e.what()));
    }
    std::size_t personColumn = 0;
    std::size_t imageColumn = 0;
    std::size_t valueColumn = 0;
    try {
        personColumn = table->requireColumn("person");
        imageColumn = table->requireColumn("image");
        valueColumn = table->requireColumn("value");
    } catch (const storage::StorageError& e) {
        throw RatingImportError(e.what());
    }
    const auto scaleColumn = table->column("scale");
    const auto scaleMinColumn = table->column("scale_min");
    const auto scaleMaxColumn = table->column("scale_max");
    const auto responseColumn = table->column("response_ms");
    auto timeColumn = table->column("timestamp");
    if (!timeColumn) timeColumn = table->column("answered_at");
    const auto studyColumn = table->column("study");
    if (!scaleColumn && !(scaleMinColumn && scaleMaxColumn) && !(options.scaleMin && options.scaleMax)) {
        throw RatingImportError(fmt::format("{}: the scale is unknown: add a 'scale' column (for example 1..7), "
                                            "'scale_min' and 'scale_max' columns, or give --scale",
            source));
    }

    storage::Database& db = workspace.database();
    storage::ImageStore images(db);
    storage::PeopleStore people(db);
    storage::StudyStore studies(db);
    std::map<std::string, std::int64_t> imageCache;
    std::map<std::string, std::optional<std::int64_t>> studyCache;

    RatingImportReport report;
    std::vector<PendingRating> pending;
    static const std::regex isoTime(R"(^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$)");

    for (const auto& row : table->rows()) {
        auto problem = [&](const std::string& what) {
            report.problems.push_back(fmt::format("{}:{}: {}", source, row.line, what));
        };
        const std::size_t before = report.problems.size();
        PendingRating r;
        r.line = row.line;
        r.person = row.fields[personColumn];
        if (r.person.empty()) problem("the person is empty");

        const std::string& imageRef = row.fields[imageColumn];
        if (auto cached = imageCache.find(imageRef); cached != imageCache.end()) {
            r.imageId = cached->second;
        } else if (imageRef.empty()) {
            problem("the image is empty");
        } else {
            std::optional<storage::ImageRecord> image;
            if (imageRef.size() == 64 && imageRef.find_first_not_of("0123456789abcdef") == std::string::npos) {
                image = images.findBySha256(imageRef);
            }
            if (!image) image = images.findByPath(imageRef);
            if (!image) {
                auto byName = images.findByOriginalName(fs::path(imageRef).filename().string());
                if (byName.size() == 1)
                    image = byName.front();
                else if (byName.size() > 1) {
                    problem(fmt::format("the image '{}' is ambiguous: {} images have that file name; use the hash",
                        imageRef, byName.size()));
                }
            }
            if (image) {
                r.imageId = image->id;
                imageCache.emplace(imageRef, image->id);
            } else if (report.problems.size() == before) {
                problem(fmt::format("unknown image '{}' (not a hash, path or file name in this workspace)", imageRef));
            }
        }

        double lo = options.scaleMin.value_or(0);
        double hi = options.scaleMax.value_or(1);
        bool scaleOk = options.scaleMin && options.scaleMax;
        if (scaleColumn && !row.fields[*scaleColumn].empty()) {
            if (auto scale = parseScale(row.fields[*scaleColumn])) {
                std::tie(lo, hi) = *scale;
                scaleOk = true;
            } else {
                problem(fmt::format("the scale '{}' is not of the form min..max", row.fields[*scaleColumn]));
                scaleOk = false;
            }
        } else if (scaleMinColumn && scaleMaxColumn) {
            const auto a = parseNumber(row.fields[*scaleMinColumn]);
            const auto b = parseNumber(row.fields[*scaleMaxColumn]);
            if (a && b && *a < *b) {
                lo = *a;
                hi = *b;
                scaleOk = true;
            } else {
                problem("scale_min and scale_max must be numbers with scale_min < scale_max");
                scaleOk = false;
            }
        } else if (!scaleOk) {
            problem("no scale for this line");
        }
        const auto value = parseNumber(row.fields[valueColumn]);
        if (!value) {
            problem(fmt::format("the value '{}' is not a number", row.fields[valueColumn]));
        } else if (scaleOk && (*value < lo || *value > hi)) {
            problem(fmt::format("the value {} lies outside the scale {}..{}", row.fields[valueColumn], lo, hi));
        } else if (scaleOk) {
            r.original = *value;
            r.scaleMin = lo;
            r.scaleMax = hi;
            r.value = (*value - lo) / (hi - lo);
        }
        if (responseColumn && !row.fields[*responseColumn].empty()) {
            const auto ms = parseNumber(row.fields[*responseColumn]);
            if (!ms || *ms < 0)
                problem(fmt::format("response_ms '{}' is not a time in milliseconds", row.fields[*responseColumn]));
            else
                r.responseMs = static_cast<std::int64_t>(std::llround(*ms));
        }
        if (timeColumn && !row.fields[*timeColumn].empty()) {
            if (!std::regex_match(row.fields[*timeColumn], isoTime)) {
                problem(fmt::format(
                    "the timestamp '{}' is not ISO 8601 (for example 2024-05-01T14:03:00Z)", row.fields[*timeColumn]));
            } else {
                r.answeredAt = row.fields[*timeColumn];
            }
        }
        if (studyColumn && !row.fields[*studyColumn].empty()) {
            const std::string& name = row.fields[*studyColumn];
            auto it = studyCache.find(name);
            if (it == studyCache.end()) {
                auto study = studies.findStudyByName(name);
                it = studyCache.emplace(name, study ? std::optional<std::int64_t>(study->id) : std::nullopt).first;
            }
            if (!it->second) problem(fmt::format("unknown study '{}'", name));
            r.studyId = it->second;
        }
        if (!r.person.empty() && !options.addUnknownPeople && !people.findByPseudonym(r.person)) {
            problem(fmt::format("unknown person '{}' (add them first, or import with --add-people)", r.person));
        }
        if (report.problems.size() == before) pending.push_back(std::move(r));
    }

    if (!report.problems.empty() && !options.skipInvalidLines) {
        std::string message =
            fmt::format("'{}' has {} bad line(s); nothing was imported:", file.string(), report.problems.size());
        for (const auto& p : report.problems) message += "\n  " + p;
        throw RatingImportError(message);
    }

    db.writeTransaction([&] {
        storage::AnswerStore answers(db);
        std::map<std::string, std::int64_t> personIds;
        for (const PendingRating& r : pending) {
            auto id = personIds.find(r.person);
            if (id == personIds.end()) {
                std::int64_t personId = 0;
                if (auto person = people.findByPseudonym(r.person)) {
                    personId = person->id;
                } else {
                    storage::Person added;
                    added.pseudonym = r.person;
                    personId = people.insert(added);
                    report.peopleAdded.push_back(r.person);
                }
                id = personIds.emplace(r.person, personId).first;
            }
            storage::SliderRating rating;
            rating.personId = id->second;
            rating.imageId = r.imageId;
            rating.studyId = r.studyId;
            rating.value = r.value;
            rating.responseMs = r.responseMs;
            if (r.answeredAt) rating.answeredAt = *r.answeredAt;
            rating.source = storage::AnswerSource::Import;
            rating.originalValue = r.original;
            rating.scaleMin = r.scaleMin;
            rating.scaleMax = r.scaleMax;
            answers.recordRating(rating);
            ++report.imported;
        }
    });
    return report;
}

}  // namespace tastelab::services

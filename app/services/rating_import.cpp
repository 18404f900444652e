// Legacy ratings: validate every line first, then store all of them in one transaction.
#include "app/services/rating_import.h"

#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/storage_error.h"
#include "storage/studies.h"
#include "util/bounded_file.h"
#include "util/csv.h"
#include "util/text_safety.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

// Bounds on what a line may hold: scales (and so values) within +-kMaxScaleMagnitude, response times up to an hour.
constexpr double kMaxScaleMagnitude = 1e6;
constexpr double kMaxResponseMs = 3600000;
constexpr std::size_t kMaxNumberChars = 32;
constexpr std::size_t kMaxTimestampChars = 40;
constexpr std::uintmax_t kMaxFileBytes = 256u << 20;

const char* const kPlainDecimal = "a plain decimal number such as 4, -2 or 3.5 (no spaces, exponents, hexadecimal, inf "
                                  "or nan)";

// A plain decimal: an optional '-', digits and at most one '.', at most kMaxNumberChars long. Everything strtod would
// also take ("0x1p3", "1e3", "inf", "nan", " 5", "+5") is refused, and the result never depends on the locale.
std::optional<double> parseDecimal(std::string_view text)
{
    if (text.empty() || text.size() > kMaxNumberChars) return std::nullopt;
    std::size_t i = text.front() == '-' ? 1 : 0;
    std::size_t digits = 0;
    bool point = false;
    for (std::size_t k = i; k < text.size(); ++k) {
        if (text[k] >= '0' && text[k] <= '9') {
            ++digits;
        } else if (text[k] == '.' && !point) {
            point = true;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0) return std::nullopt;
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

// Text from the file, quoted in a message: control characters and invalid UTF-8 escaped.
std::string shown(std::string_view text)
{
    return util::printableForTerminal(text);
}

int daysInMonth(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// Why an ISO 8601 timestamp is not a real moment (a 30 February, a 25th hour), or nullopt. `text` matches the ISO 8601
// pattern of importRatings().
std::optional<std::string> calendarProblem(const std::string& text)
{
    const auto number = [&](std::size_t at, std::size_t count) {
        int value = 0;
        for (std::size_t k = 0; k < count; ++k) value = value * 10 + (text[at + k] - '0');
        return value;
    };
    static const char* const kMonths[] = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
    if (year < 1900 || year > 2100) return fmt::format("the year {} lies outside 1900..2100", year);
    if (month < 1 || month > 12) return fmt::format("there is no month {:02} (months are 01..12)", month);
    if (day < 1 || day > daysInMonth(year, month)) {
        return fmt::format(
            "there is no day {:02} in {} {} (it has {} days)", day, kMonths[month - 1], year, daysInMonth(year, month));
    }
    if (text.size() == 10) return std::nullopt;
    const int hour = number(11, 2), minute = number(14, 2);
    if (hour > 23) return fmt::format("there is no hour {} (hours are 00..23)", hour);
    if (minute > 59) return fmt::format("there is no minute {} (minutes are 00..59)", minute);
    if (text.size() > 16 && text[16] == ':' && number(17, 2) > 59) {
        return fmt::format("there is no second {} (seconds are 00..59)", number(17, 2));
    }
    const std::size_t zone = text.find_first_of("+-", 16);
    if (zone != std::string::npos) {
        const int offsetHours = number(zone + 1, 2);
        const int offsetMinutes = number(zone + (text[zone + 3] == ':' ? 4 : 3), 2);
        if (offsetHours > 14 || offsetMinutes > 59) {
            return fmt::format(
                "the UTC offset {} does not exist (offsets lie within -14:00..+14:00)", text.substr(zone));
        }
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

std::optional<std::pair<double, double>> parseScale(const std::string& text, std::string* problem)
{
    const auto fail = [&](std::string why) -> std::optional<std::pair<double, double>> {
        if (problem) *problem = std::move(why);
        return std::nullopt;
    };
    static const std::regex pattern(R"(^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(?:\.\.|-|,|\s)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$)");
    std::smatch match;
    if (!std::regex_match(text, match, pattern)) {
        return fail(fmt::format("the scale '{}' is not of the form min..max (for example 1..7, with plain decimal "
                                "numbers)",
            shown(text)));
    }
    const auto lo = parseDecimal(match.str(1));
    const auto hi = parseDecimal(match.str(2));
    if (!lo || !hi) {
        return fail(fmt::format("the scale '{}' is not of the form min..max: '{}' is not {}", shown(text),
            lo ? match.str(2) : match.str(1), kPlainDecimal));
    }
    if (std::abs(*lo) > kMaxScaleMagnitude || std::abs(*hi) > kMaxScaleMagnitude) {
        return fail(fmt::format(
            "the scale '{}' reaches beyond -{:.0f}..{:.0f}", shown(text), kMaxScaleMagnitude, kMaxScaleMagnitude));
    }
    if (!(*lo < *hi)) {
        return fail(
            fmt::format("the scale '{}' is empty or reversed: its minimum must lie below its maximum", shown(text)));
    }
    return std::make_pair(*lo, *hi);
}

RatingImportReport importRatings(Workspace& workspace, const fs::path& file, const RatingImportOptions& options)
{
    std::error_code sizeError;
    if (const auto bytes = fs::file_size(file, sizeError); !sizeError && bytes > kMaxFileBytes) {
        throw RatingImportError(fmt::format("'{}' is too large to import ({} bytes; at most {} MiB): split it",
            file.string(), bytes, kMaxFileBytes >> 20));
    }
    std::string contents;
    try {  // only a regular file (a FIFO or a device is refused unopened), no line over 1 MiB
        contents = util::readTextFileBounded(file, kMaxFileBytes, util::kMaxTextLineBytes, "rating file");
    } catch (const storage::StorageError& e) {
        throw RatingImportError(e.what());
    }
    const std::string source = shown(file.filename().string());

    std::optional<util::CsvTable> table;
    try {
        table.emplace(util::parseCsv(contents, source), source);
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
    static const std::regex isoTime(
        R"(^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$)");
    const std::string timeName = table->column("timestamp") ? "timestamp" : "answered_at";

    for (const auto& row : table->rows()) {
        auto problem = [&](const std::string& what) {
            report.problems.push_back(fmt::format("{}:{}: {}", source, row.line, what));
        };
        const std::size_t before = report.problems.size();
        PendingRating r;
        r.line = row.line;
        r.person = row.fields[personColumn];
        if (r.person.empty()) {
            problem("the person is empty");
        } else if (const auto bad = storage::pseudonymProblem(r.person)) {
            problem(*bad);
        }

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
                        shown(imageRef), byName.size()));
                }
            }
            if (image) {
                r.imageId = image->id;
                imageCache.emplace(imageRef, image->id);
            } else if (report.problems.size() == before) {
                problem(fmt::format(
                    "unknown image '{}' (not a hash, path or file name in this workspace)", shown(imageRef)));
            }
        }

        double lo = options.scaleMin.value_or(0);
        double hi = options.scaleMax.value_or(1);
        bool scaleOk = options.scaleMin && options.scaleMax;
        if (scaleColumn && !row.fields[*scaleColumn].empty()) {
            std::string why;
            if (auto scale = parseScale(row.fields[*scaleColumn], &why)) {
                std::tie(lo, hi) = *scale;
                scaleOk = true;
            } else {
                problem(why);
                scaleOk = false;
            }
        } else if (scaleMinColumn && scaleMaxColumn) {
            const auto a = parseDecimal(row.fields[*scaleMinColumn]);
            const auto b = parseDecimal(row.fields[*scaleMaxColumn]);
            if (!a || !b) {
                problem(fmt::format("scale_min '{}' and scale_max '{}' must each be {}",
                    shown(row.fields[*scaleMinColumn]), shown(row.fields[*scaleMaxColumn]), kPlainDecimal));
                scaleOk = false;
            } else if (std::abs(*a) > kMaxScaleMagnitude || std::abs(*b) > kMaxScaleMagnitude) {
                problem(fmt::format("scale_min {} and scale_max {} must lie within -{:.0f}..{:.0f}", *a, *b,
                    kMaxScaleMagnitude, kMaxScaleMagnitude));
                scaleOk = false;
            } else if (!(*a < *b)) {
                problem(fmt::format("scale_min {} must lie below scale_max {}", *a, *b));
                scaleOk = false;
            } else {
                lo = *a;
                hi = *b;
                scaleOk = true;
            }
        } else if (!scaleOk) {
            problem("no scale for this line");
        }
        const auto value = parseDecimal(row.fields[valueColumn]);
        if (!value) {
            problem(
                fmt::format("the value '{}' is not a number: write {}", shown(row.fields[valueColumn]), kPlainDecimal));
        } else if (scaleOk && (*value < lo || *value > hi)) {
            problem(fmt::format("the value {} lies outside the scale {}..{}", row.fields[valueColumn], lo, hi));
        } else if (scaleOk) {
            r.original = *value;
            r.scaleMin = lo;
            r.scaleMax = hi;
            r.value = (*value - lo) / (hi - lo);
        }
        if (responseColumn && !row.fields[*responseColumn].empty()) {
            const std::string& field = row.fields[*responseColumn];
            const auto ms = parseDecimal(field);
            if (!ms) {
                problem(fmt::format(
                    "response_ms '{}' is not a time in milliseconds: write {}", shown(field), kPlainDecimal));
            } else if (*ms < 0) {
                problem(fmt::format("response_ms {} is negative", field));
            } else if (*ms > kMaxResponseMs) {
                problem(
                    fmt::format("response_ms {} is more than an hour ({:.0f} ms): response times are in milliseconds",
                        field, kMaxResponseMs));
            } else {
                r.responseMs = static_cast<std::int64_t>(std::llround(*ms));
            }
        }
        if (timeColumn && !row.fields[*timeColumn].empty()) {
            const std::string& field = row.fields[*timeColumn];
            if (field.size() > kMaxTimestampChars || !std::regex_match(field, isoTime)) {
                problem(fmt::format(
                    "the {} '{}' is not ISO 8601 (for example 2024-05-01T14:03:00Z)", timeName, shown(field)));
            } else if (const auto why = calendarProblem(field)) {
                problem(fmt::format("the {} '{}' is not a real date and time: {}", timeName, field, *why));
            } else {
                r.answeredAt = field;
            }
        }
        if (studyColumn && !row.fields[*studyColumn].empty()) {
            const std::string& name = row.fields[*studyColumn];
            auto it = studyCache.find(name);
            if (it == studyCache.end()) {
                auto study = studies.findStudyByName(name);
                it = studyCache.emplace(name, study ? std::optional<std::int64_t>(study->id) : std::nullopt).first;
            }
            if (!it->second) problem(fmt::format("unknown study '{}'", shown(name)));
            r.studyId = it->second;
        }
        if (!r.person.empty() && !options.addUnknownPeople && !people.findByPseudonym(r.person)) {
            problem(fmt::format("unknown person '{}' (add them first, or import with --add-people)", shown(r.person)));
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

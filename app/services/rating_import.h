// Importing answers collected elsewhere (legacy lab data) from a long-format CSV:
//   person, image, value, [scale | scale_min, scale_max], [response_ms], [timestamp], [study]
// `image` is a SHA-256, a path inside the library or an external path, or a file name known to the
// workspace. Values are mapped from their scale (for example 1..7) to 0..1.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

struct RatingImportOptions {
    std::optional<double> scaleMin;  // the scale when the file has no scale columns
    std::optional<double> scaleMax;
    bool addUnknownPeople = false;  // create participants for unknown pseudonyms instead of refusing
    bool skipInvalidLines = false;  // import the good lines even when some are bad
};

struct RatingImportReport {
    std::int64_t imported = 0;
    std::vector<std::string> peopleAdded;
    std::vector<std::string> problems;  // "<file>:<line>: ..." for each bad line
};

class RatingImportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// All or nothing unless `skipInvalidLines`: with any bad line, throws RatingImportError listing
// every bad line by number and stores nothing. Every field is checked before anything is stored: numbers must be
// plain decimals (no exponents, hexadecimal, inf, nan or spaces), scales lie within -1000000..1000000, response
// times within 0..3600000 ms, timestamps are ISO 8601 and real dates and times (no 30 February, no hour 24) in
// 1900..2100, pseudonyms valid UTF-8 without control characters; text quoted in messages has its control
// characters escaped. Files above 256 MiB are refused.
RatingImportReport importRatings(
    Workspace& workspace, const std::filesystem::path& file, const RatingImportOptions& options = {});

// Parses "1..7", "0-100", "1,5" or "1 7" into (min, max): plain decimal numbers within -1000000..1000000, the
// minimum below the maximum. Returns nullopt when it is not such a scale, and then sets `problem` (when given) to
// why, for example "the scale '5..1' is empty or reversed: its minimum must lie below its maximum".
std::optional<std::pair<double, double>> parseScale(const std::string& text, std::string* problem = nullptr);

}  // namespace tastelab::services

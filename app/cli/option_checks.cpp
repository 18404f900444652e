// The validators of option_checks.h: the option's text is checked (and integers normalised) before CLI11 converts it.
#include "app/cli/option_checks.h"

#include "util/text_safety.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

namespace tastelab::cli {
namespace {

constexpr std::size_t kMaxNumberChars = 64;

std::string shown(const std::string& text)
{
    return util::printableForTerminal(text.size() > kMaxNumberChars ? text.substr(0, kMaxNumberChars) + "..." : text);
}

}  // namespace

CLI::Validator integerIn(std::int64_t min, std::int64_t max)
{
    const std::string range = fmt::format("{}..{}", min, max);
    return CLI::Validator(
        [min, max, range](std::string& text) -> std::string {
            const bool negative = !text.empty() && text.front() == '-';
            std::string digits = text.substr(negative ? 1 : 0);
            if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
                return fmt::format("'{}' is not a whole number in decimal digits (such as 42; no '+', spaces, "
                                   "hexadecimal or exponents); give one in {}",
                    shown(text), range);
            }
            digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
            const std::string normalised = (negative && digits != "0" ? "-" : "") + digits;
            std::int64_t value = 0;
            const auto result = std::from_chars(normalised.data(), normalised.data() + normalised.size(), value);
            if (result.ec != std::errc() || value < min || value > max) {
                return fmt::format("{} is out of range: give a whole number in {}", shown(text), range);
            }
            text = normalised;
            return std::string();
        },
        fmt::format("INT in [{}]", range));
}

CLI::Validator seedValue()
{
    return integerIn(0, static_cast<std::int64_t>(kMaxSeed));
}

CLI::Validator numberIn(double min, double max, bool excludeMin)
{
    const std::string range = fmt::format("{}{}, {}]", excludeMin ? "(" : "[", min, max);
    return CLI::Validator(
        [min, max, excludeMin, range](std::string& text) -> std::string {
            double value = 0;
            const char* first = text.data();
            const char* last = text.data() + text.size();
            // from_chars takes no '+', no spaces and (in the general format) no hexadecimal; inf and nan are
            // caught below.
            const auto result = std::from_chars(first, last, value, std::chars_format::general);
            const bool parsed = result.ec == std::errc() || result.ec == std::errc::result_out_of_range;
            if (text.empty() || result.ptr != last || !parsed || (result.ec == std::errc() && !std::isfinite(value))) {
                return fmt::format(
                    "'{}' is not a decimal number (such as 0.5 or 3e-4; no hexadecimal, inf or nan); give one in {}",
                    shown(text), range);
            }
            if (result.ec != std::errc() || value < min || value > max || (excludeMin && value <= min)) {
                return fmt::format("{} is out of range: give a number in {}", shown(text), range);
            }
            return std::string();
        },
        fmt::format("NUMBER in {}", range));
}

}  // namespace tastelab::cli

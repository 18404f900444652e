// UTC timestamps with milliseconds; they sort as text in time order.
#include "util/clock.h"

#include <fmt/format.h>

#include <ctime>

namespace tastelab::util {

std::string utcTimestamp(std::chrono::system_clock::time_point when)
{
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(when.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    long millis = static_cast<long>(ms % 1000);
    if (millis < 0) {  // before 1970: floor, not truncate
        millis += 1000;
        --seconds;
    }
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
        tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

std::string utcTimestamp()
{
    return utcTimestamp(std::chrono::system_clock::now());
}

namespace {

std::string formatNow(const char* format)
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, format, &tm);
    return buffer;
}

}  // namespace

std::string utcTimestampSeconds()
{
    return formatNow("%Y-%m-%dT%H:%M:%SZ");
}

std::string utcFileStamp()
{
    return formatNow("%Y%m%d-%H%M%S");
}

}  // namespace tastelab::util

// UTC timestamps: the stored form (milliseconds, floored before 1970) and the two whole-second forms.
#include "util/clock.h"

#include <gmock/gmock.h>

#include <chrono>

namespace {

using namespace std::chrono;
using tastelab::util::utcFileStamp;
using tastelab::util::utcTimestamp;
using tastelab::util::utcTimestampSeconds;

TEST(Clock, StoredTimestampsAreUtcWithMilliseconds)
{
    EXPECT_EQ(utcTimestamp(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
    // 2001-09-09T01:46:40Z is 1,000,000,000 s after the epoch.
    EXPECT_EQ(utcTimestamp(system_clock::time_point{milliseconds{1'000'000'000'123}}), "2001-09-09T01:46:40.123Z");
    // One millisecond before the epoch floors to the previous second.
    EXPECT_EQ(utcTimestamp(system_clock::time_point{milliseconds{-1}}), "1969-12-31T23:59:59.999Z");
}

TEST(Clock, WholeSecondFormsHaveTheirShapeAndShowTheSameMoment)
{
    const std::string before = utcTimestamp();
    const std::string seconds = utcTimestampSeconds();
    const std::string stamp = utcFileStamp();
    const std::string after = utcTimestampSeconds();
    EXPECT_THAT(seconds, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
    EXPECT_THAT(stamp, ::testing::MatchesRegex("[0-9]{8}-[0-9]{6}"));
    EXPECT_LE(before.substr(0, 19), seconds.substr(0, 19));
    if (seconds == after) {  // no second boundary between the readings: the stamp shows the same moment
        EXPECT_EQ(stamp,
            seconds.substr(0, 4) + seconds.substr(5, 2) + seconds.substr(8, 2) + "-" + seconds.substr(11, 2)
                + seconds.substr(14, 2) + seconds.substr(17, 2));
    }
}

}  // namespace

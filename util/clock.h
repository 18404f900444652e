// Timestamps as stored in the database: UTC, ISO 8601, millisecond precision.
#pragma once

#include <chrono>
#include <string>

namespace tastelab::util {

// "2026-11-23T18:43:44.123Z"
std::string utcTimestamp(std::chrono::system_clock::time_point when);
std::string utcTimestamp();

}  // namespace tastelab::util

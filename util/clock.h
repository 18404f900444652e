// Timestamps as stored in the database (UTC, ISO 8601, millisecond precision) and in file names.
#pragma once

#include <chrono>
#include <string>

namespace tastelab::util {

// "2026-11-23T18:43:44.123Z"
std::string utcTimestamp(std::chrono::system_clock::time_point when);
std::string utcTimestamp();
// "2026-11-23T18:43:44Z": whole seconds, for facts written once (a workspace's creation).
std::string utcTimestampSeconds();
// "20261123-184344": for file names (backups set aside), sorts in time order and has no ':'.
std::string utcFileStamp();

}  // namespace tastelab::util

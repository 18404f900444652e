// Strict checks for numeric options. CLI11 reads integers with strtoll/strtoull in base 0 and reals with strtold, so
// on its own it takes "0x10" as 16, "010" as 8, "-1" as 2^64-1 for an unsigned seed, a value past the type's range
// as the largest one, and "nan" or "inf" for a real (which then passes CLI::Range, since NaN compares false). These
// validators see the text first: each failure names the option (CLI11 prefixes it) and exits with status 2.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>

namespace tastelab::cli {

// The largest seed TasteLab takes: seeds are stored as SQLite (signed 64-bit) integers.
constexpr std::uint64_t kMaxSeed = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

// Decimal integers only (an optional '-' and digits: no '+', spaces, hexadecimal, octal or exponents) within
// [min, max]. Leading zeros are dropped, so that "010" is ten and not eight. Use with ->transform().
CLI::Validator integerIn(std::int64_t min, std::int64_t max);
// The same for seeds: 0..kMaxSeed.
CLI::Validator seedValue();
// Finite decimal numbers (an exponent is allowed: 3e-4; no hexadecimal, inf or nan) within [min, max], or
// (min, max] with `excludeMin` (for a learning rate, which must be above 0). Use with ->check().
CLI::Validator numberIn(double min, double max, bool excludeMin = false);

}  // namespace tastelab::cli

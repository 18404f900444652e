// FNV-1a, 64 bit: a stable hash of text for prompt words and hashed features. Stable across
// platforms and versions, unlike std::hash, so that hashed embeddings never change.
#pragma once

#include <cstdint>
#include <string_view>

namespace tastelab::util {

inline std::uint64_t fnv1a64(std::string_view text)
{
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

}  // namespace tastelab::util

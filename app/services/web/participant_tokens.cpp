// Tokens through OpenSSL: RAND_bytes for the randomness, EVP SHA-256 for the stored hash.
#include "app/services/web/participant_tokens.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace tastelab::services::web {
namespace {

constexpr std::size_t kTokenBytes = 24;  // 192 bits, above the 128 the issue asks for

std::string hex(const unsigned char* data, std::size_t size)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[data[i] >> 4]);
        out.push_back(kDigits[data[i] & 0xF]);
    }
    return out;
}

}  // namespace

std::string newToken()
{
    std::array<unsigned char, kTokenBytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("OpenSSL could not draw random bytes for a participant token");
    }
    return hex(bytes.data(), bytes.size());
}

std::string tokenHash(std::string_view token)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(token.data(), token.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 || size != 32) {
        throw std::runtime_error("OpenSSL could not compute a SHA-256");
    }
    return hex(digest.data(), size);
}

bool looksLikeToken(std::string_view text)
{
    return text.size() == kTokenBytes * 2 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
}

bool sameSecret(std::string_view a, std::string_view b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace tastelab::services::web

// The secrets of a served study: participant link tokens and the admin token. A token is 192 random bits from
// OpenSSL's CSPRNG, written as 48 lowercase hex digits; the database keeps only its SHA-256.
#pragma once

#include <string>
#include <string_view>

namespace tastelab::services::web {

// 24 random bytes as hex. Throws std::runtime_error when OpenSSL cannot draw random bytes.
std::string newToken();
// SHA-256 of the token's text, 64 lowercase hex digits (what participant_links.token_hash holds).
std::string tokenHash(std::string_view token);
// True for text that can be a token (48 lowercase hex digits): anything else is refused before any look-up.
bool looksLikeToken(std::string_view text);
// Compares without an early exit, so that the time taken says nothing about how much of a secret matched.
bool sameSecret(std::string_view a, std::string_view b);

}  // namespace tastelab::services::web

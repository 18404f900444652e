// The links of a study served over HTTP: one per participant, known to the server only by the SHA-256 of its token,
// so that a copied database opens no study. Also the look-ups a served study needs (an answer by its browser key,
// progress per participant).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tastelab::storage {

class Database;

struct ParticipantLink {
    std::int64_t id = 0;
    std::int64_t studyId = 0;
    std::int64_t personId = 0;
    std::string tokenHash;  // SHA-256 of the token, 64 lowercase hex digits
    std::optional<std::string> externalId;  // e.g. a panel's participant id
    std::string createdAt;  // set on insert when empty
    std::optional<std::string> revokedAt;
};

// An answer stored with a browser's idempotency key.
struct ClientAnswer {
    bool isRating = true;  // else a comparison
    std::int64_t id = 0;
    std::optional<int> trialPosition;
};

// One participant's progress in a served study.
struct LinkProgress {
    std::int64_t personId = 0;
    std::string pseudonym;
    std::optional<std::string> externalId;
    int plannedTrials = 0;  // 0 until the first visit makes the plan
    int answeredTrials = 0;  // trial positions with a current answer (practice is not stored)
    int checkpoint = 0;  // latest resume point
    std::string status;  // "not started", "open", "completed", "abandoned"
    std::optional<std::string> lastAnswerAt;
    bool revoked = false;
};

class ParticipantLinkStore {
public:
    explicit ParticipantLinkStore(Database& db)
        : db_(db)
    {
    }

    // Inserts and commits; returns the id. Throws StorageError naming the field for a malformed hash or external
    // id, and when the person already has a link to the study or the external id is taken.
    std::int64_t create(const ParticipantLink& link);
    // Only links that are not revoked.
    std::optional<ParticipantLink> findByTokenHash(const std::string& tokenHash);
    std::optional<ParticipantLink> findByExternalId(std::int64_t studyId, const std::string& externalId);
    std::vector<ParticipantLink> forStudy(std::int64_t studyId);
    // A new token for an existing link (the old one stops working): how a returning panel participant gets in again.
    void replaceToken(std::int64_t linkId, const std::string& tokenHash);
    void revoke(std::int64_t linkId);
    std::vector<LinkProgress> progress(std::int64_t studyId);

private:
    Database& db_;
};

// Throws StorageError unless `hash` is 64 lowercase hex digits.
void requireTokenHash(const std::string& hash);

// The rating or comparison `personId` stored with `clientKey`, if any.
std::optional<ClientAnswer> findClientAnswer(Database& db, std::int64_t personId, const std::string& clientKey);

}  // namespace tastelab::storage

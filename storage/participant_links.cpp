// Reading and writing participant links, and the look-ups of a served study.
#include "storage/participant_links.h"

#include "storage/database.h"
#include "storage/rows.h"
#include "storage/storage_error.h"
#include "util/clock.h"

#include <fmt/format.h>

#include <algorithm>

namespace tastelab::storage {
namespace {

constexpr const char* kColumns = "id, study_id, person_id, token_hash, external_id, created_at, revoked_at";

ParticipantLink readLink(const Statement& s)
{
    ParticipantLink l;
    l.id = s.columnInt(0);
    l.studyId = s.columnInt(1);
    l.personId = s.columnInt(2);
    l.tokenHash = s.columnText(3);
    l.externalId = s.columnOptionalText(4);
    l.createdAt = s.columnText(5);
    l.revokedAt = s.columnOptionalText(6);
    return l;
}

}  // namespace

void requireTokenHash(const std::string& hash)
{
    const bool hex =
        std::all_of(hash.begin(), hash.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    if (hash.size() != 64 || !hex) {
        throw StorageError("participant link token_hash must be a SHA-256 as 64 lowercase hex digits");
    }
}

std::int64_t ParticipantLinkStore::create(const ParticipantLink& link)
{
    requireTokenHash(link.tokenHash);
    if (link.externalId && (link.externalId->empty() || link.externalId->size() > 128)) {
        throw StorageError("participant link external_id must be 1 to 128 bytes");
    }
    return db_.writeTransaction([&] {
        auto taken = db_.prepare("SELECT 1 FROM participant_links WHERE study_id = ?1 AND person_id = ?2");
        taken.bind(1, link.studyId).bind(2, link.personId);
        if (taken.step()) {
            throw StorageError(fmt::format("person {} already has a link to study {}", link.personId, link.studyId));
        }
        db_.prepare("INSERT INTO participant_links (study_id, person_id, token_hash, external_id, created_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, link.studyId)
            .bind(2, link.personId)
            .bind(3, link.tokenHash)
            .bind(4, link.externalId)
            .bind(5, link.createdAt.empty() ? util::utcTimestamp() : link.createdAt)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<ParticipantLink> ParticipantLinkStore::findByTokenHash(const std::string& tokenHash)
{
    auto s = db_.prepare(
        fmt::format("SELECT {} FROM participant_links WHERE token_hash = ?1 AND revoked_at IS NULL", kColumns));
    s.bind(1, tokenHash);
    return firstRow(s, readLink);
}

std::optional<ParticipantLink> ParticipantLinkStore::findByExternalId(
    std::int64_t studyId, const std::string& externalId)
{
    auto s = db_.prepare(fmt::format(
        "SELECT {} FROM participant_links WHERE study_id = ?1 AND external_id = ?2 AND revoked_at IS NULL", kColumns));
    s.bind(1, studyId).bind(2, externalId);
    return firstRow(s, readLink);
}

std::vector<ParticipantLink> ParticipantLinkStore::forStudy(std::int64_t studyId)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM participant_links WHERE study_id = ?1 ORDER BY id", kColumns));
    s.bind(1, studyId);
    return allRows(s, readLink);
}

void ParticipantLinkStore::replaceToken(std::int64_t linkId, const std::string& tokenHash)
{
    requireTokenHash(tokenHash);
    db_.writeTransaction([&] {
        db_.prepare("UPDATE participant_links SET token_hash = ?2 WHERE id = ?1 AND revoked_at IS NULL")
            .bind(1, linkId)
            .bind(2, tokenHash)
            .run();
        if (db_.changes() != 1)
            throw StorageError(fmt::format("participant link {} does not exist or is revoked", linkId));
    });
}

void ParticipantLinkStore::revoke(std::int64_t linkId)
{
    db_.writeTransaction([&] {
        db_.prepare("UPDATE participant_links SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")
            .bind(1, linkId)
            .bind(2, util::utcTimestamp())
            .run();
    });
}

std::vector<LinkProgress> ParticipantLinkStore::progress(std::int64_t studyId)
{
    // One row per link; counts are over current answers (not replaced by a revision, not retracted) of this study.
    auto s = db_.prepare(R"sql(
        SELECT l.person_id, p.pseudonym, l.external_id, l.revoked_at IS NOT NULL,
            (SELECT count(*) FROM assignment_trials t JOIN assignments a ON a.id = t.assignment_id
                WHERE a.study_id = l.study_id AND a.person_id = l.person_id AND t.is_practice = 0),
            (SELECT count(DISTINCT trial_position) FROM (
                SELECT r.trial_position FROM ratings r WHERE r.person_id = l.person_id AND r.study_id = l.study_id
                    AND r.retracted = 0 AND NOT EXISTS (SELECT 1 FROM ratings n WHERE n.revises_id = r.id)
                UNION ALL
                SELECT c.trial_position FROM comparisons c WHERE c.person_id = l.person_id AND c.study_id = l.study_id
                    AND c.retracted = 0 AND NOT EXISTS (SELECT 1 FROM comparisons n WHERE n.revises_id = c.id))),
            (SELECT s.status FROM sessions s WHERE s.person_id = l.person_id AND s.study_id = l.study_id
                ORDER BY s.id DESC LIMIT 1),
            (SELECT c.next_position FROM session_checkpoints c JOIN sessions s ON s.id = c.session_id
                WHERE s.person_id = l.person_id AND s.study_id = l.study_id ORDER BY c.id DESC LIMIT 1),
            (SELECT max(at) FROM (
                SELECT max(answered_at) AS at FROM ratings WHERE person_id = l.person_id AND study_id = l.study_id
                UNION ALL
                SELECT max(answered_at) FROM comparisons WHERE person_id = l.person_id AND study_id = l.study_id))
        FROM participant_links l JOIN people p ON p.id = l.person_id
        WHERE l.study_id = ?1 ORDER BY l.id)sql");
    s.bind(1, studyId);
    std::vector<LinkProgress> out;
    while (s.step()) {
        LinkProgress p;
        p.personId = s.columnInt(0);
        p.pseudonym = s.columnText(1);
        p.externalId = s.columnOptionalText(2);
        p.revoked = s.columnInt(3) != 0;
        p.plannedTrials = static_cast<int>(s.columnInt(4));
        p.answeredTrials = static_cast<int>(s.columnInt(5));
        p.status = s.columnOptionalText(6).value_or("not started");
        p.checkpoint = static_cast<int>(s.columnOptionalInt(7).value_or(0));
        p.lastAnswerAt = s.columnOptionalText(8);
        out.push_back(std::move(p));
    }
    return out;
}

std::optional<ClientAnswer> findClientAnswer(Database& db, std::int64_t personId, const std::string& clientKey)
{
    auto s =
        db.prepare("SELECT 1, id, trial_position FROM ratings WHERE person_id = ?1 AND client_key = ?2 "
                   "UNION ALL SELECT 0, id, trial_position FROM comparisons WHERE person_id = ?1 AND client_key = ?2");
    s.bind(1, personId).bind(2, clientKey);
    if (!s.step()) return std::nullopt;
    ClientAnswer a;
    a.isRating = s.columnInt(0) != 0;
    a.id = s.columnInt(1);
    if (auto p = s.columnOptionalInt(2)) a.trialPosition = static_cast<int>(*p);
    return a;
}

}  // namespace tastelab::storage

// Reading and writing sessions and checkpoints.
#include "storage/sessions.h"

#include "storage/database.h"
#include "storage/storage_error.h"
#include "util/clock.h"

#include <fmt/format.h>

namespace tastelab::storage {

std::string_view toString(SessionMode mode)
{
    switch (mode) {
    case SessionMode::Study:
        return "study";
    case SessionMode::Artist:
        return "artist";
    case SessionMode::Kiosk:
        return "kiosk";
    case SessionMode::Simulated:
        return "simulated";
    }
    return "study";
}

std::string_view toString(SessionStatus status)
{
    switch (status) {
    case SessionStatus::Open:
        return "open";
    case SessionStatus::Completed:
        return "completed";
    case SessionStatus::Abandoned:
        return "abandoned";
    }
    return "open";
}

std::int64_t SessionStore::start(const Session& session)
{
    return db_.writeTransaction([&] {
        db_.prepare("INSERT INTO sessions (person_id, study_id, assignment_id, mode, client, started_at, status) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open')")
            .bind(1, session.personId)
            .bind(2, session.studyId)
            .bind(3, session.assignmentId)
            .bind(4, toString(session.mode))
            .bind(5, session.client)
            .bind(6, session.startedAt.empty() ? util::utcTimestamp() : session.startedAt)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<Session> SessionStore::latestForAssignment(std::int64_t assignmentId)
{
    auto s = db_.prepare("SELECT id FROM sessions WHERE assignment_id = ?1 ORDER BY id DESC LIMIT 1");
    s.bind(1, assignmentId);
    if (!s.step()) return std::nullopt;
    return find(s.columnInt(0));
}

std::optional<Session> SessionStore::find(std::int64_t id)
{
    auto s = db_.prepare("SELECT id, person_id, study_id, assignment_id, mode, client, started_at, ended_at, status "
                         "FROM sessions WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    Session session;
    session.id = s.columnInt(0);
    session.personId = s.columnInt(1);
    session.studyId = s.columnOptionalInt(2);
    session.assignmentId = s.columnOptionalInt(3);
    const std::string mode = s.columnText(4);
    session.mode = mode == "artist" ? SessionMode::Artist
        : mode == "kiosk"           ? SessionMode::Kiosk
        : mode == "simulated"       ? SessionMode::Simulated
                                    : SessionMode::Study;
    session.client = s.columnText(5);
    session.startedAt = s.columnText(6);
    session.endedAt = s.columnOptionalText(7);
    const std::string status = s.columnText(8);
    session.status = status == "completed" ? SessionStatus::Completed
        : status == "abandoned"            ? SessionStatus::Abandoned
                                           : SessionStatus::Open;
    return session;
}

std::int64_t SessionStore::checkpoint(std::int64_t sessionId, int nextPosition)
{
    if (nextPosition < 0) throw StorageError("a checkpoint position cannot be negative");
    return db_.writeTransaction([&] {
        db_.prepare("INSERT INTO session_checkpoints (session_id, next_position, created_at) VALUES (?1, ?2, ?3)")
            .bind(1, sessionId)
            .bind(2, nextPosition)
            .bind(3, util::utcTimestamp())
            .run();
        return db_.lastInsertId();
    });
}

std::optional<int> SessionStore::latestCheckpoint(std::int64_t sessionId)
{
    auto s =
        db_.prepare("SELECT next_position FROM session_checkpoints WHERE session_id = ?1 ORDER BY id DESC LIMIT 1");
    s.bind(1, sessionId);
    return s.step() ? std::optional<int>(static_cast<int>(s.columnInt(0))) : std::nullopt;
}

void SessionStore::finish(std::int64_t sessionId, SessionStatus status)
{
    db_.writeTransaction([&] {
        auto s = db_.prepare("UPDATE sessions SET status = ?2, ended_at = ?3 WHERE id = ?1");
        s.bind(1, sessionId).bind(2, toString(status)).bind(3, util::utcTimestamp()).run();
        if (db_.changes() == 0) {
            throw StorageError(fmt::format("no session {} to finish", sessionId));
        }
    });
}

}  // namespace tastelab::storage

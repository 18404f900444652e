// Rating sessions and their checkpoints: where a participant may resume.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tastelab::storage {

class Database;

enum class SessionMode { Study, Artist, Kiosk, Simulated };
enum class SessionStatus { Open, Completed, Abandoned };

struct Session {
    std::int64_t id = 0;
    std::int64_t personId = 0;
    std::optional<std::int64_t> studyId;
    std::optional<std::int64_t> assignmentId;
    SessionMode mode = SessionMode::Study;
    std::string client;  // program and version that ran it
    std::string startedAt;
    std::optional<std::string> endedAt;
    SessionStatus status = SessionStatus::Open;
};

class SessionStore {
public:
    explicit SessionStore(Database& db)
        : db_(db)
    {
    }

    std::int64_t start(const Session& session);
    std::optional<Session> find(std::int64_t id);
    // The most recent session of one participant's plan (any status), to resume or to refuse a second run.
    std::optional<Session> latestForAssignment(std::int64_t assignmentId);
    // Records that the participant may resume at `nextPosition`; durable when it returns.
    std::int64_t checkpoint(std::int64_t sessionId, int nextPosition);
    std::optional<int> latestCheckpoint(std::int64_t sessionId);
    void finish(std::int64_t sessionId, SessionStatus status);

private:
    Database& db_;
};

std::string_view toString(SessionMode mode);
std::string_view toString(SessionStatus status);

}  // namespace tastelab::storage

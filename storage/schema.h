// The workspace schema and its migrations. Each version is one step run in its own transaction;
// PRAGMA user_version records the last step applied.
#pragma once

namespace tastelab::storage {

class Database;

// The newest schema this program knows. A database with a higher user_version is refused.
inline constexpr int kSchemaVersion = 4;

// Applies every missing step in order. A failing step rolls back alone: the database stays at the
// previous version, intact, and the error names the step.
void migrate(Database& db);

}  // namespace tastelab::storage

// Schema history. Never edit a released step: add a new one at the end and raise kSchemaVersion.
#include "storage/schema.h"

#include "storage/database.h"
#include "storage/storage_error.h"

#include <fmt/format.h>

#include <array>

namespace tastelab::storage {
namespace {

struct Migration {
    int version;
    const char* summary;
    const char* sql;
};

// Version 1: the workspace itself. `workspace_info` holds the workspace's own facts as key/value
// pairs (name, created_at, created_by); later versions add the rating data.
const std::array<Migration, 1> kMigrations = {{
    {1, "workspace information",
        R"sql(
        CREATE TABLE workspace_info (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );
        )sql"},
}};

static_assert(kMigrations.size() == kSchemaVersion, "every schema version needs exactly one migration");

}  // namespace

void migrate(Database& db)
{
    if (db.schemaVersion() >= kSchemaVersion) return;  // the common case takes no write lock
    for (const Migration& step : kMigrations) {
        // Re-read inside the write lock: another process may have migrated meanwhile.
        db.writeTransaction([&] {
            if (db.schemaVersion() >= step.version) return;
            try {
                db.exec(step.sql);
                db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
                db.exec(fmt::format("PRAGMA user_version = {}", step.version));
            } catch (const StorageError& e) {
                throw StorageError(fmt::format("cannot upgrade '{}' to schema version {} ({}): {}", db.path().string(),
                    step.version, step.summary, e.what()));
            }
        });
    }
}

}  // namespace tastelab::storage

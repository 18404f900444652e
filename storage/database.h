// One connection to a TasteLab workspace database. Opening checks that the file is ours and not
// newer than this program before anything is written, then brings the schema up to date.
#pragma once

#include "storage/statement.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

struct sqlite3;

namespace tastelab::storage {

// Written into the database header (PRAGMA application_id) so that a stray SQLite file is refused.
inline constexpr std::int32_t kApplicationId = 0x54534C42;  // "TSLB"

std::string sqliteVersion();

// The database files (the file, its -wal, -shm and -journal) of every database this process opened, so
// that a writer given a path by the user (an export, a report, a backup) cannot replace one of them.
// Compared by name and by stat(), so a link to the database is found too. Returns the database file
// that `target` would replace, if any.
std::optional<std::filesystem::path> openedDatabaseFileAt(const std::filesystem::path& target);
// Throws StorageError naming `what`, the target and the database file when `target` is one of them.
void refuseDatabaseFile(const std::filesystem::path& target, std::string_view what);

class Database {
public:
    enum class OpenMode {
        CreateIfMissing,  // a missing file becomes a new, empty TasteLab database
        ExistingOnly,  // a missing file is an error
    };

    // Throws StorageError, leaving the file untouched, when it is not a TasteLab database or was
    // written by a newer TasteLab. Connections belong to one thread: open one per thread.
    static Database open(const std::filesystem::path& file, OpenMode mode);

    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Statement prepare(std::string_view sql);
    void exec(std::string_view sql);

    // Runs `work` inside BEGIN IMMEDIATE ... COMMIT: the write lock is taken up front (a deferred
    // transaction that later writes gets SQLITE_BUSY at once under WAL). Any exception rolls back.
    // When this returns, the data is committed and, with synchronous=FULL, durable.
    // Called inside another writeTransaction it becomes a savepoint: an exception undoes only the
    // inner work, and the data is committed with the outer transaction.
    template <typename Work>
    decltype(auto) writeTransaction(Work&& work)
    {
        const bool nested = inTransaction();
        exec(nested ? "SAVEPOINT nested_write" : "BEGIN IMMEDIATE");
        try {
            if constexpr (std::is_void_v<decltype(work())>) {
                work();
                exec(nested ? "RELEASE nested_write" : "COMMIT");
            } else {
                decltype(auto) result = work();
                exec(nested ? "RELEASE nested_write" : "COMMIT");
                return result;
            }
        } catch (...) {
            nested ? rollbackSavepointQuietly() : rollbackQuietly();
            throw;
        }
    }

    bool inTransaction() const;
    int schemaVersion();
    std::int64_t lastInsertId() const;
    // Rows changed by the last INSERT, UPDATE or DELETE.
    std::int64_t changes() const;
    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    Database(sqlite3* db, std::filesystem::path path)
        : db_(db)
        , path_(std::move(path))
    {
    }
    void rollbackQuietly() noexcept;
    void rollbackSavepointQuietly() noexcept;

    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
};

}  // namespace tastelab::storage

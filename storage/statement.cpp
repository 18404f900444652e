// Thin RAII layer over sqlite3_stmt; every failure becomes a StorageError naming the SQL and the file.
#include "storage/statement.h"

#include "storage/storage_error.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <utility>

namespace tastelab::storage {

Statement::Statement(sqlite3* db, std::string_view sql)
    : db_(db)
{
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        fail(rc, fmt::format("cannot prepare '{}'", sql));
    }
}

Statement::~Statement()
{
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr))
    , stmt_(std::exchange(other.stmt_, nullptr))
{
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value)
{
    if (const int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) fail(rc, "cannot bind");
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    if (const int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK) fail(rc, "cannot bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    const int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(rc, "cannot bind");
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t)
{
    if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail(rc, "cannot bind");
    return *this;
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t size)
{
    // A zero-length blob must still be a blob, not NULL: SQLite treats a null pointer as NULL.
    static const char empty = 0;
    const int rc = sqlite3_bind_blob64(stmt_, index, size ? data : &empty, size, SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(rc, "cannot bind");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(rc, "cannot run");
}

void Statement::run()
{
    while (step()) { }
    reset();
}

void Statement::reset()
{
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::columnInt(int column) const
{
    return sqlite3_column_int64(stmt_, column);
}

double Statement::columnDouble(int column) const
{
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::columnText(int column) const
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return text ? std::string(text, static_cast<std::size_t>(size)) : std::string();
}

std::vector<std::uint8_t> Statement::columnBlob(int column) const
{
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data ? std::vector<std::uint8_t>(data, data + size) : std::vector<std::uint8_t>();
}

std::optional<std::int64_t> Statement::columnOptionalInt(int column) const
{
    return isNull(column) ? std::nullopt : std::optional<std::int64_t>(columnInt(column));
}

std::optional<double> Statement::columnOptionalDouble(int column) const
{
    return isNull(column) ? std::nullopt : std::optional<double>(columnDouble(column));
}

std::optional<std::string> Statement::columnOptionalText(int column) const
{
    return isNull(column) ? std::nullopt : std::optional<std::string>(columnText(column));
}

void Statement::fail(int code, std::string_view what) const
{
    const char* file = db_ ? sqlite3_db_filename(db_, "main") : nullptr;
    const char* sql = stmt_ ? sqlite3_sql(stmt_) : nullptr;
    throw StorageError(fmt::format("{}{}{}: {} (database '{}')", what, sql ? " '" : "", sql ? sql : "",
        db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code), file ? file : ""));
}

}  // namespace tastelab::storage

// Creating and opening workspace folders.
#include "app/services/workspace.h"
#include "util/clock.h"

#include "app/services/build_info.h"
#include "storage/storage_error.h"
#include "util/file_mode.h"

#include <fmt/format.h>

#include <ctime>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

std::string readInfo(storage::Database& db, const char* key)
{
    auto stmt = db.prepare("SELECT value FROM workspace_info WHERE key = ?1");
    stmt.bind(1, key);
    return stmt.step() ? stmt.columnText(0) : std::string();
}

std::size_t countRegularFiles(const fs::path& dir)
{
    std::error_code ec;
    std::size_t count = 0;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) ++count;
    }
    return count;
}

}  // namespace

bool Workspace::isWorkspace(const fs::path& root)
{
    std::error_code ec;
    return fs::is_regular_file(root / kDatabaseFile, ec);
}

Workspace Workspace::create(const fs::path& root, const std::string& name)
{
    if (name.empty()) {
        throw WorkspaceError("a workspace needs a name");
    }
    std::error_code ec;
    if (isWorkspace(root)) {
        throw WorkspaceError(fmt::format("'{}' already holds a TasteLab workspace; open it instead", root.string()));
    }
    if (fs::exists(root, ec)) {
        if (!fs::is_directory(root, ec)) {
            throw WorkspaceError(fmt::format("cannot create a workspace at '{}': it is a file", root.string()));
        }
        if (!fs::is_empty(root, ec)) {
            throw WorkspaceError(
                fmt::format("cannot create a workspace in '{}': the folder is not empty; choose an empty or new folder",
                    root.string()));
        }
    }
    fs::create_directories(root, ec);
    if (ec) {
        throw WorkspaceError(fmt::format("cannot create folder '{}': {}", root.string(), ec.message()));
    }
    try {
        util::restrictToOwner(root);  // 0700 unless the user chose to share (util/file_mode.h)
    } catch (const storage::StorageError& e) {
        throw WorkspaceError(e.what());
    }

    try {
        auto db = storage::Database::open(root / kDatabaseFile, storage::Database::OpenMode::CreateIfMissing);
        db.writeTransaction([&] {
            auto insert = db.prepare("INSERT INTO workspace_info (key, value) VALUES (?1, ?2)");
            insert.bind(1, "name").bind(2, name).run();
            insert.bind(1, "created_at").bind(2, util::utcTimestampSeconds()).run();
            insert.bind(1, "created_by").bind(2, "TasteLab " + tastelabVersion()).run();
        });
        Workspace workspace(fs::absolute(root), std::move(db));
        workspace.ensureFolders();
        return workspace;
    } catch (const storage::StorageError& e) {
        throw WorkspaceError(e.what());
    }
}

Workspace Workspace::open(const fs::path& root)
{
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        throw WorkspaceError(fmt::format("no workspace at '{}': the folder does not exist", root.string()));
    }
    if (!isWorkspace(root)) {
        throw WorkspaceError(
            fmt::format("'{}' is not a TasteLab workspace: it has no {}", root.string(), kDatabaseFile));
    }
    try {
        Workspace workspace(fs::absolute(root),
            storage::Database::open(root / kDatabaseFile, storage::Database::OpenMode::ExistingOnly));
        workspace.ensureFolders();
        return workspace;
    } catch (const storage::StorageError& e) {
        throw WorkspaceError(e.what());
    }
}

void Workspace::ensureFolders() const
{
    for (const fs::path& dir : {libraryDir(), modelsDir(), exportsDir(), thumbnailsDir()}) {
        try {
            util::createFolders(dir);  // new ones 0700 unless the user chose to share (util/file_mode.h)
        } catch (const storage::StorageError& e) {
            throw WorkspaceError(e.what());
        }
    }
}

void refuseWorkspacePath(const fs::path& root, const fs::path& target, const std::string& option, bool isFolder)
{
    const fs::path database = root / Workspace::kDatabaseFile;
    std::error_code ec;
    auto resolve = [](const fs::path& path) {
        std::error_code e;
        const auto resolved = fs::weakly_canonical(fs::absolute(path, e), e);
        return e ? fs::absolute(path).lexically_normal() : resolved;
    };
    const fs::path path = resolve(target);
    auto refuse = [&](const std::string& what) {
        throw WorkspaceError(
            fmt::format("{} '{}' is refused: it {} of the workspace '{}'; nothing was written (choose a "
                        "path outside the workspace's database, library, models and thumbnails)",
                option, target.string(), what, root.string()));
    };
    if (!isFolder) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            fs::path own = database;
            own += suffix;
            if (path == resolve(own) || fs::equivalent(target, own, ec)) refuse("is the database file " + own.string());
        }
    }
    for (const fs::path& dir : {root / "library", root / "models", root / "thumbnails"}) {
        const fs::path base = resolve(dir);
        const auto relative = path.lexically_relative(base);
        if (!relative.empty() && *relative.begin() != "..") {
            refuse(fmt::format("is inside the {} folder", dir.filename().string()));
        }
    }
}

std::string Workspace::name()
{
    return readInfo(db_, "name");
}

WorkspaceSummary Workspace::summary()
{
    WorkspaceSummary s;
    s.name = readInfo(db_, "name");
    s.createdAt = readInfo(db_, "created_at");
    s.createdBy = readInfo(db_, "created_by");
    s.schemaVersion = db_.schemaVersion();
    std::error_code ec;
    s.databaseBytes = fs::file_size(databasePath(), ec);
    if (ec) s.databaseBytes = 0;
    s.libraryFiles = countRegularFiles(libraryDir());
    s.modelFiles = countRegularFiles(modelsDir());
    auto counts = db_.prepare("SELECT (SELECT count(*) FROM images), (SELECT count(*) FROM people), "
                              "(SELECT count(*) FROM studies), (SELECT count(*) FROM ratings), "
                              "(SELECT count(*) FROM comparisons)");
    if (counts.step()) {
        s.images = counts.columnInt(0);
        s.people = counts.columnInt(1);
        s.studies = counts.columnInt(2);
        s.ratings = counts.columnInt(3);
        s.comparisons = counts.columnInt(4);
    }
    return s;
}

}  // namespace tastelab::services

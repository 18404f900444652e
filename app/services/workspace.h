// A workspace is one folder holding everything of one project: the SQLite database, the image
// library and the trained models. The GUI and tastelab-cli open it the same way.
//
//   <root>/tastelab.sqlite   ratings, people, studies, runs (storage/)
//   <root>/library/          image files, named by content hash
//   <root>/models/           reward-model checkpoints
//   <root>/thumbnails/       small JPEG previews, named by content hash
//   <root>/exports/          exports written by studies and steering runs
#pragma once

#include "storage/database.h"

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace tastelab::services {

class WorkspaceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct WorkspaceSummary {
    std::string name;
    std::string createdAt;  // UTC, ISO 8601
    std::string createdBy;  // "TasteLab 0.1.0"
    int schemaVersion = 0;
    std::uintmax_t databaseBytes = 0;
    std::size_t libraryFiles = 0;
    std::size_t modelFiles = 0;
    std::int64_t images = 0;
    std::int64_t people = 0;
    std::int64_t studies = 0;
    std::int64_t ratings = 0;
    std::int64_t comparisons = 0;
};

// Throws WorkspaceError when writing `target` (a file, or with `isFolder` a folder to write into) would
// replace or mix with the own files of the workspace in `root`: the database and its -wal, -shm and
// -journal, or anything in library/, models/ or thumbnails/. Names `option` (e.g. "--out") and the target.
// Compared by name after resolving links, and by stat() for another name of the same file.
void refuseWorkspacePath(const std::filesystem::path& root, const std::filesystem::path& target,
    const std::string& option, bool isFolder = false);

class Workspace {
public:
    static constexpr const char* kDatabaseFile = "tastelab.sqlite";

    // Creates the folder (or uses an empty existing one) and a new database. Refuses a folder that
    // already holds a workspace or other files, so that nothing is mixed or overwritten.
    static Workspace create(const std::filesystem::path& root, const std::string& name);
    // Opens an existing workspace; the error says what is missing or wrong.
    static Workspace open(const std::filesystem::path& root);
    static bool isWorkspace(const std::filesystem::path& root);

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path databasePath() const { return root_ / kDatabaseFile; }
    std::filesystem::path libraryDir() const { return root_ / "library"; }
    std::filesystem::path modelsDir() const { return root_ / "models"; }
    std::filesystem::path exportsDir() const { return root_ / "exports"; }
    std::filesystem::path thumbnailsDir() const { return root_ / "thumbnails"; }

    // refuseWorkspacePath for this workspace.
    void refuseOwnPath(const std::filesystem::path& target, const std::string& option, bool isFolder = false) const
    {
        refuseWorkspacePath(root_, target, option, isFolder);
    }

    std::string name();
    WorkspaceSummary summary();
    storage::Database& database() { return db_; }

private:
    Workspace(std::filesystem::path root, storage::Database db)
        : root_(std::move(root))
        , db_(std::move(db))
    {
    }
    void ensureFolders() const;

    std::filesystem::path root_;
    storage::Database db_;
};

}  // namespace tastelab::services

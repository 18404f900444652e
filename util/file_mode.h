// Who may read what TasteLab creates. By default the owner only: the database (and so its -wal and -shm files, which
// SQLite creates with the database's mode), backups, exports, images, checkpoints and every file written through
// AtomicFile are 0600, the workspace's folders 0700, so that answers and models stay private on a shared machine.
// The user can choose otherwise (TASTELAB_SHARED_FILES=1 in the environment, `tastelab-cli --shared-files`, or the
// GUI's "Share workspace files with my group"): then files and folders are created as by any other program, with
// the permissions the process umask leaves (for example 0640 and 0750 under umask 027).
#pragma once

#include <filesystem>

namespace tastelab::util {

enum class FileSharing {
    OwnerOnly,  // 0600 files, 0700 folders (the default)
    FollowUmask,  // 0666 and 0777 less the umask
};

// The current policy. Until setFileSharing() is called it is FollowUmask when the environment variable
// TASTELAB_SHARED_FILES is 1, true, yes or on (any case), and OwnerOnly otherwise.
FileSharing fileSharing();
void setFileSharing(FileSharing sharing);
// Whether TASTELAB_SHARED_FILES asks for shared files.
bool sharedFilesRequestedByEnvironment();

// The mode to create new files and folders with (the umask still applies on top).
unsigned newFileMode();  // 0600 or 0666
unsigned newFolderMode();  // 0700 or 0777

// Creates `file` empty with newFileMode() unless it exists. SQLite then keeps that mode and gives the -wal, -shm and
// -journal files beside it the same. Returns false when the file could not be created; the caller's own open of it
// then says why.
bool createFileIfMissing(const std::filesystem::path& file);
// With OwnerOnly: sets the mode of an existing file to 0600 (a folder to 0700); does nothing with FollowUmask.
// Throws DataError naming the path.
void restrictToOwner(const std::filesystem::path& path);
// Creates `dir` and its missing parents, each new one with newFolderMode(). Returns whether `dir` was created.
// Throws DataError naming the folder.
bool createFolders(const std::filesystem::path& dir);

}  // namespace tastelab::util

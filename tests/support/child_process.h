// Child processes for the durability tests: a helper program started with its stdout on a pipe, its acknowledgement
// lines read back (complete lines only), and its exit status. POSIX only.
#pragma once

#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace tastelab::testing {

struct ChildProcess {
    pid_t pid = -1;
    int out = -1;  // read end of the child's stdout; -1 when it could not be started
};

// Starts `program` with `args`, its stdout on a pipe; pid -1 when it could not be started.
inline ChildProcess spawnWithOutputPipe(const std::string& program, const std::vector<std::string>& args)
{
    int fds[2];
    if (pipe(fds) != 0) return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ChildProcess child;
    const int rc = posix_spawn(&child.pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return {};
    }
    child.out = fds[0];
    return child;
}

// The next complete line of the child's output, read byte by byte (nothing after it is consumed), or nullopt once
// the child closed its output.
inline std::optional<std::string> readLine(int fd)
{
    std::string line;
    char c;
    while (read(fd, &c, 1) == 1) {
        if (c == '\n') return line;
        line += c;
    }
    return std::nullopt;
}

// Reads until the child closes its output, then closes `fd`. Complete lines only: a half-written line was never an
// acknowledgement.
inline std::vector<std::string> readCompleteLines(int fd)
{
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        lines.push_back(text.substr(start, end - start));
    }
    return lines;
}

// The raw wait status (use WIFEXITED/WEXITSTATUS/WIFSIGNALED on it).
inline int waitExit(pid_t pid)
{
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

}  // namespace tastelab::testing

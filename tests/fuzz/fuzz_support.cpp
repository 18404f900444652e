#include "tests/fuzz/fuzz_target.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>

namespace tastelab::fuzz {
namespace {

std::optional<std::filesystem::path>& scratchPath()
{
    static std::optional<std::filesystem::path> path;
    return path;
}

bool validName(std::string_view name)
{
    if (name.empty() || name.size() > 64) return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
            || c == '.' || c == '/' || c == '-';
        if (!ok) return false;
    }
    // Every path component is a plain name: not empty, not "." or "..".
    for (std::size_t start = 0; start <= name.size();) {
        const std::size_t slash = std::min(name.find('/', start), name.size());
        const std::string_view part = name.substr(start, slash - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = slash + 1;
    }
    return true;
}

// The name of a header line "==> NAME <==" starting at `at` (a line start), or nullopt; `end` gets the position
// after the line's newline (or the end of the text).
std::optional<std::string> headerAt(std::string_view text, std::size_t at, std::size_t& end)
{
    if (text.compare(at, 4, "==> ") != 0) return std::nullopt;
    const std::size_t newline = text.find('\n', at);
    const std::size_t lineEnd = newline == std::string_view::npos ? text.size() : newline;
    const std::string_view line = text.substr(at, lineEnd - at);
    if (line.size() < 9 || line.substr(line.size() - 4) != " <==") return std::nullopt;
    const std::string_view name = line.substr(4, line.size() - 8);
    if (!validName(name)) return std::nullopt;
    end = newline == std::string_view::npos ? text.size() : newline + 1;
    return std::string(name);
}

}  // namespace

namespace {

std::string& refusal()
{
    static std::string message;
    return message;
}

}  // namespace

int refuse(const std::exception& error)
{
    refusal() = error.what();
    return kRefused;
}

const std::string& lastRefusal()
{
    return refusal();
}

const std::filesystem::path& scratchDir()
{
    auto& path = scratchPath();
    if (!path) {
        path = std::filesystem::temp_directory_path() / ("tastelab-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(*path);
    }
    return *path;
}

void removeScratchDir()
{
    auto& path = scratchPath();
    if (!path) return;
    std::error_code ec;
    std::filesystem::remove_all(*path, ec);
    path.reset();
}

std::filesystem::path writeScratchFile(const std::string& name, const void* data, std::size_t size)
{
    const std::filesystem::path file = scratchDir() / name;
    std::filesystem::create_directories(file.parent_path());
    std::FILE* out = std::fopen(file.c_str(), "wb");
    if (!out) throw std::runtime_error("fuzz harness: cannot write " + file.string());
    const std::size_t written = size == 0 ? 0 : std::fwrite(data, 1, size, out);
    const bool closed = std::fclose(out) == 0;
    if (written != size || !closed) throw std::runtime_error("fuzz harness: cannot write " + file.string());
    return file;
}

std::vector<std::pair<std::string, std::string>> splitFiles(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::map<std::string, std::size_t> index;
    std::vector<std::pair<std::string, std::string>> files;
    std::optional<std::string> current;
    std::size_t contentStart = 0;
    auto finish = [&](std::size_t contentEnd) {
        if (!current) return;
        if (contentEnd > contentStart && text[contentEnd - 1] == '\n') --contentEnd;
        std::string content(text.substr(contentStart, contentEnd - contentStart));
        const auto [it, inserted] = index.emplace(*current, files.size());
        if (inserted) {
            files.emplace_back(*current, std::move(content));
        } else {
            files[it->second].second = std::move(content);
        }
    };
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = 0;
        if (auto name = headerAt(text, at, end)) {
            finish(at);
            current = std::move(name);
            contentStart = end;
            at = end;
            continue;
        }
        const std::size_t newline = text.find('\n', at);
        at = newline == std::string_view::npos ? text.size() : newline + 1;
    }
    finish(text.size());
    return files;
}

std::string joinFiles(const std::vector<std::pair<std::string, std::string>>& files)
{
    std::string out;
    for (const auto& [name, content] : files) {
        out += "==> " + name + " <==\n";
        out += content;
        out += '\n';
    }
    return out;
}

std::filesystem::path writeScratchFolder(const std::string& folder, const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path dir = scratchDir() / folder;
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir);
    for (const auto& [name, content] : splitFiles(data, size)) writeScratchFile(folder + "/" + name, content);
    return dir;
}

}  // namespace tastelab::fuzz

#ifdef TASTELAB_LIBFUZZER
// libFuzzer's entry point for the harness named by TASTELAB_LIBFUZZER; the harness's own exceptions escape and abort,
// which libFuzzer reports as a crash with the input.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    (void)::tastelab::fuzz::TASTELAB_LIBFUZZER(data, size);
    return 0;
}
#endif

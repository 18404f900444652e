// tastelab-cli with hostile or careless input: numeric options out of range or in other bases, impossible dates,
// control characters and invalid UTF-8 in names and prompts; and the modes of what it creates (owner-only unless
// sharing is chosen). A real process, its output and its exit status.
#include "model/io/image_io.h"
#include "tests/support/test_support.h"
#include "util/csv.h"
#include "util/utf8.h"

#include <gmock/gmock.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

using tastelab::testing::TempDir;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

struct Result {
    int status = -1;
    std::string output;  // stdout and stderr together
};

std::string quote(const std::string& arg)
{
    std::string out = "'";
    for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// `prefix` goes before the command in the shell: "umask 022;", "TASTELAB_SHARED_FILES=1".
Result run(const std::vector<std::string>& args, const std::string& prefix = "umask 022;")
{
    std::string command = prefix + " " + quote(TASTELAB_CLI);
    for (const auto& arg : args) command += " " + quote(arg);
    command += " 2>&1";
    Result result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

unsigned modeOf(const fs::path& path)
{
    struct stat info { };
    if (::stat(path.c_str(), &info) != 0) return 07777;
    return info.st_mode & 0777;
}

void writeText(const fs::path& file, const std::string& text)
{
    tastelab::testing::writeBytes(file, std::vector<std::uint8_t>(text.begin(), text.end()));
}

std::string readText(const fs::path& file)
{
    const auto bytes = tastelab::testing::readBytes(file);
    return std::string(bytes.begin(), bytes.end());
}

void writePng(const fs::path& file, std::uint8_t red)
{
    tastelab::model::RgbImage image;
    image.width = image.height = 8;
    for (int i = 0; i < 64; ++i) image.pixels.insert(image.pixels.end(), {red, 40, 90});
    tastelab::testing::writeBytes(file, tastelab::model::encodePng(image));
}

// Refused while the command line is read (status 2), with the option named, before the workspace is looked at.
void expectRefused(const std::vector<std::string>& args, const std::string& option, const std::string& why)
{
    const Result r = run(args);
    std::string line;
    for (const auto& a : args) line += a + " ";
    EXPECT_EQ(r.status, 2) << line << "\n" << r.output;
    EXPECT_THAT(r.output, HasSubstr(option + ": ")) << line;
    EXPECT_THAT(r.output, HasSubstr(why)) << line;
}

}  // namespace

TEST(CliInput, NumericOptionsAreDecimalAndInRange)
{
    const std::string ws = "/nonexistent/ws";  // valid options would fail later, with status 1
    const char* notWhole = "is not a whole number in decimal digits";
    expectRefused({"train", ws, "--seed", "-1"}, "--seed", "is out of range: give a whole number in 0..");
    expectRefused({"train", ws, "--seed", "18446744073709551616"}, "--seed", "is out of range");
    expectRefused({"train", ws, "--seed", "9223372036854775808"}, "--seed", "is out of range");
    expectRefused({"train", ws, "--seed", "0x10"}, "--seed", notWhole);
    expectRefused({"train", ws, "--seed", " 5"}, "--seed", notWhole);
    expectRefused({"train", ws, "--seed", "+5"}, "--seed", notWhole);
    expectRefused({"train", ws, "--seed", "1e3"}, "--seed", notWhole);
    expectRefused({"train", ws, "--patience", "-1"}, "--patience", "is out of range");
    expectRefused({"train", ws, "--epochs", "0"}, "--epochs", "is out of range");
    expectRefused({"train", ws, "--learning-rate", "nan"}, "--learning-rate", "is not a decimal number");
    expectRefused({"train", ws, "--learning-rate", "0"}, "--learning-rate", "is out of range");
    expectRefused({"train", ws, "--learning-rate", "0x1p-3"}, "--learning-rate", "is not a decimal number");
    expectRefused({"train", ws, "--dropout", "nan"}, "--dropout", "is not a decimal number");
    expectRefused({"train", ws, "--weight-decay", "1e400"}, "--weight-decay", "is out of range");
    expectRefused({"steer", ws, "--lr", "nan"}, "--lr", "is not a decimal number");
    expectRefused({"steer", ws, "--lr", "inf"}, "--lr", "is not a decimal number");
    expectRefused({"steer", ws, "--patience", "-3"}, "--patience", "is out of range");
    expectRefused({"steer", ws, "--seed", "1", "--seed", "-1"}, "--seed", "is out of range");
    expectRefused({"steer", ws, "--iterations", "0x10"}, "--iterations", notWhole);
    expectRefused({"steer", ws, "--size", "1e3"}, "--size", notWhole);
    expectRefused({"generate", ws, "--seed", "9223372036854775808"}, "--seed", "is out of range");
    expectRefused({"generate", ws, "--batch", "0x2"}, "--batch", notWhole);
    expectRefused({"generate", ws, "--guidance", "inf"}, "--guidance", "is not a decimal number");
    expectRefused({"generate", ws, "--steps", "5"}, "--steps", "is out of range");
    expectRefused({"generate", ws, "--size", "99999999999999999999"}, "--size", "is out of range");
    expectRefused({"demo", ws, "--seed", "-1"}, "--seed", "is out of range");
    expectRefused({"demo", ws, "--images", "-5"}, "--images", "is out of range");
    expectRefused({"embed", ws, "--batch", "0"}, "--batch", "is out of range");
    // In range and decimal: read, then the missing workspace is the failure.
    EXPECT_EQ(run({"train", ws, "--seed", "9223372036854775807", "--learning-rate", "3e-4"}).status, 1);
}

TEST(CliInput, LeadingZerosAreDecimalAndSeedsOfABatchStayInRange)
{
    TempDir dir;
    const std::string ws = (dir / "ws").string();
    ASSERT_EQ(run({"init", ws}).status, 0);
    const Result generated =
        run({"generate", ws, "--prompt", "a fox", "--generator", "procedural", "--size", "64", "--seed", "010"});
    ASSERT_EQ(generated.status, 0) << generated.output;
    EXPECT_THAT(generated.output, ::testing::ContainsRegex("\n +[0-9]+ +10 +")) << "010 is ten, not eight (octal)";
    const Result overflow = run({"generate", ws, "--prompt", "a fox", "--generator", "procedural", "--size", "64",
        "--seed", "9223372036854775807", "--batch", "2"});
    EXPECT_EQ(overflow.status, 1) << overflow.output;
    EXPECT_THAT(overflow.output, HasSubstr("too large"));
}

TEST(CliInput, ImpossibleDatesAndSkippedLinesExitNonZero)
{
    TempDir dir;
    const std::string ws = (dir / "ws").string();
    ASSERT_EQ(run({"init", ws}).status, 0);
    fs::create_directories(dir / "in");
    writePng(dir / "in" / "red.png", 250);
    ASSERT_EQ(run({"import", ws, (dir / "in").string()}).status, 0);

    writeText(dir / "dates.csv",
        "person,image,value,scale,timestamp\nR1,red.png,5,1..5,2026-02-30\nR1,red.png,2,1..5,2024-02-29\n");
    const Result refused = run({"import-ratings", ws, (dir / "dates.csv").string(), "--add-people"});
    EXPECT_EQ(refused.status, 1);
    EXPECT_THAT(refused.output, HasSubstr("dates.csv:2: the timestamp '2026-02-30' is not a real date and time"));
    EXPECT_THAT(refused.output, HasSubstr("nothing was imported"));
    EXPECT_THAT(run({"info", ws}).output, ::testing::ContainsRegex("Answers +0 rating"));

    const Result skipped = run({"import-ratings", ws, (dir / "dates.csv").string(), "--add-people", "--skip-invalid"});
    EXPECT_EQ(skipped.status, 1) << "a line was rejected, so the import is not complete";
    EXPECT_THAT(skipped.output, HasSubstr("1 rating(s) imported, 1 line(s) skipped"));
    EXPECT_THAT(skipped.output, HasSubstr("1 line(s) were rejected"));
    EXPECT_THAT(run({"info", ws}).output, ::testing::ContainsRegex("Answers +1 rating"));

    writeText(dir / "scale.csv", "person,image,value\nR1,red.png,5\n");
    const Result scale = run({"import-ratings", ws, (dir / "scale.csv").string(), "--scale", "5..1"});
    EXPECT_EQ(scale.status, 2);
    EXPECT_THAT(scale.output, HasSubstr("--scale: the scale '5..1' is empty or reversed"));

    writeText(dir / "in" / "broken.png", "not a png");
    const Result import = run({"import", ws, (dir / "in").string()});
    EXPECT_EQ(import.status, 1) << import.output;
    EXPECT_THAT(import.output, HasSubstr("1 file(s) were rejected"));
}

TEST(CliInput, ControlCharactersAndInvalidUtf8AreNeverEchoedRaw)
{
    TempDir dir;
    const std::string ws = (dir / "ws").string();
    ASSERT_EQ(run({"init", ws}).status, 0);
    fs::create_directories(dir / "in");
    // File names are stored as they are (they name real files), printed escaped, exported as valid UTF-8.
    writePng(dir / "in" / "red\x1B[2J.png", 250);
    writePng(dir / "in" / "caf\xE9.png", 120);
    const Result import = run({"import", ws, (dir / "in").string()});
    ASSERT_EQ(import.status, 0) << import.output;
    EXPECT_EQ(import.output.find('\x1B'), std::string::npos) << import.output;
    EXPECT_TRUE(tastelab::util::isValidUtf8(import.output)) << import.output;
    EXPECT_THAT(import.output, HasSubstr("red\\x1B[2J.png"));
    EXPECT_THAT(import.output, HasSubstr("caf\\xE9.png"));

    writeText(dir / "r.csv", "person,image,value,scale\n\"R\x1B]0;owned\x07\",caf\xC3\xA9.png,3,1..5\n");
    const Result person = run({"import-ratings", ws, (dir / "r.csv").string(), "--add-people"});
    EXPECT_EQ(person.status, 1);
    EXPECT_THAT(person.output, HasSubstr("the pseudonym 'R\\x1B]0;owned\\x07' holds a control character"));
    EXPECT_EQ(person.output.find('\x1B'), std::string::npos) << person.output;

    writeText(dir / "ok.csv", "person,image,value,scale\nR1,red\x1B[2J.png,3,1..5\n");
    ASSERT_EQ(run({"import-ratings", ws, (dir / "ok.csv").string(), "--add-people"}).status, 0);
    const Result jsonl = run({"export", ws, "--format", "jsonl", "--out", (dir / "a.jsonl").string()});
    ASSERT_EQ(jsonl.status, 0) << jsonl.output;
    const std::string exported = readText(dir / "a.jsonl");
    EXPECT_TRUE(tastelab::util::isValidUtf8(exported));
    EXPECT_EQ(exported.find('\x1B'), std::string::npos) << "escaped as \\u001b in JSON";
    EXPECT_THAT(exported, HasSubstr("red\\u001b[2J.png"));

    const Result prompt = run({"generate", ws, "--prompt", "a fox\x1B]0;owned\x07", "--generator", "procedural"});
    EXPECT_EQ(prompt.status, 1);
    EXPECT_THAT(prompt.output, HasSubstr("the prompt 'a fox\\x1B]0;owned\\x07' holds a control character"));
    EXPECT_EQ(prompt.output.find('\x1B'), std::string::npos);
    const Result latin1 = run({"generate", ws, "--prompt", "caf\xE9", "--generator", "procedural"});
    EXPECT_EQ(latin1.status, 1);
    EXPECT_THAT(latin1.output, HasSubstr("is not valid UTF-8"));
    EXPECT_THAT(run({"info", ws}).output, ::testing::ContainsRegex("Images +2")) << "nothing was generated";

    const Result bad = run({"info", dir.path().string() + "/no\x1B[2Jthing"});
    EXPECT_EQ(bad.status, 1);
    EXPECT_THAT(bad.output, HasSubstr("no\\x1B[2Jthing"));
    EXPECT_EQ(bad.output.find('\x1B'), std::string::npos);
}

TEST(CliInput, WhatTheWorkspaceCreatesIsOwnerOnlyUnlessShared)
{
    TempDir dir;
    const std::string ws = (dir / "demo").string();
    ASSERT_EQ(run({"demo", ws, "--images", "40", "--prompts", "4", "--agents", "8", "--held-out", "2", "--ratings",
                      "30", "--core", "6", "--no-eval"})
                  .status,
        0);
    EXPECT_EQ(modeOf(ws), 0700u);
    EXPECT_EQ(modeOf(dir / "demo" / "tastelab.sqlite"), 0600u);
    for (const char* folder : {"library", "models", "exports", "thumbnails"}) {
        EXPECT_EQ(modeOf(dir / "demo" / folder), 0700u) << folder;
    }
    for (const auto& entry : fs::directory_iterator(dir / "demo")) {
        if (entry.is_regular_file()) {
            EXPECT_EQ(modeOf(entry.path()), 0600u) << entry.path();  // -wal, -shm
        }
    }
    ASSERT_EQ(run({"train", ws, "--epochs", "2", "--quiet"}).status, 0);
    int checkpoints = 0;
    for (const auto& entry : fs::directory_iterator(dir / "demo" / "models")) {
        EXPECT_EQ(modeOf(entry.path()), 0600u) << entry.path();
        ++checkpoints;
    }
    EXPECT_GT(checkpoints, 0);
    ASSERT_EQ(run({"backup", ws, "--out", (dir / "backup.sqlite").string()}).status, 0);
    EXPECT_EQ(modeOf(dir / "backup.sqlite"), 0600u);
    ASSERT_EQ(run({"export", ws, "--out", (dir / "answers.csv").string()}).status, 0);
    EXPECT_EQ(modeOf(dir / "answers.csv"), 0600u);

    // The user's choice: the umask decides, by environment variable or option.
    const std::string shared = (dir / "shared").string();
    ASSERT_EQ(run({"init", shared}, "umask 027; TASTELAB_SHARED_FILES=1").status, 0);
    EXPECT_EQ(modeOf(shared), 0750u);
    EXPECT_EQ(modeOf(dir / "shared" / "tastelab.sqlite"), 0640u);
    EXPECT_EQ(modeOf(dir / "shared" / "library"), 0750u);
    ASSERT_EQ(
        run({"--shared-files", "export", shared, "--out", (dir / "shared.csv").string()}, "umask 022;").status, 0);
    EXPECT_EQ(modeOf(dir / "shared.csv"), 0644u);
    ASSERT_EQ(run({"export", shared, "--out", (dir / "private.csv").string()}, "umask 022;").status, 0);
    EXPECT_EQ(modeOf(dir / "private.csv"), 0600u);
}

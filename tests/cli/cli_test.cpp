// tastelab-cli as a user runs it: a real process, its output and its exit status.
#include "app/services/generator_catalog.h"
#include "app/services/workspace.h"
#include "model/diffusion/flux.h"
#include "model/diffusion/sd_turbo.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_flux.h"
#include "tests/support/tiny_sd_turbo.h"
#include "util/csv.h"
#include "util/json.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

using tastelab::testing::TempDir;
using ::testing::HasSubstr;

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

Result run(const std::vector<std::string>& args)
{
    std::string command = quote(TASTELAB_CLI);
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

}  // namespace

TEST(Cli, VersionNamesEveryLibrary)
{
    const Result r = run({"--version"});
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("TasteLab"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("LibTorch +" TASTELAB_EXPECTED_TORCH));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("CUDA +(not compiled in|compiled in, no GPU found|[0-9]+ GPU)"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("OpenCV +" TASTELAB_EXPECTED_OPENCV));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("SQLite +" TASTELAB_EXPECTED_SQLITE));
    EXPECT_THAT(r.output, ::testing::Not(HasSubstr("Qt ")));  // the CLI has no Qt
}

TEST(Cli, HelpListsTheSubcommands)
{
    const Result r = run({"--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_THAT(r.output, ::testing::ContainsRegex("init +Create a new workspace"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("info +Show what a workspace holds"));
    for (const char* command : {"import", "import-ratings", "export", "backup", "check", "demo", "embed", "models"}) {

        EXPECT_THAT(r.output, ::testing::ContainsRegex(std::string("\n  ") + command + " +[A-Z]")) << command;
    }
}

TEST(Cli, UsageErrorsExitWithTwo)
{
    EXPECT_EQ(run({}).status, 2);
    EXPECT_EQ(run({"frobnicate"}).status, 2);
    EXPECT_EQ(run({"info"}).status, 2);  // WORKSPACE is required
}

TEST(Cli, InitThenInfo)
{
    TempDir dir;
    const std::string root = (dir / "lab ws").string();
    const Result init = run({"init", root, "--name", "Lab study"});
    ASSERT_EQ(init.status, 0) << init.output;
    EXPECT_THAT(init.output, HasSubstr("Created workspace 'Lab study'"));

    const Result info = run({"info", root});
    ASSERT_EQ(info.status, 0) << info.output;
    EXPECT_THAT(info.output, ::testing::ContainsRegex("Workspace +Lab study"));
    EXPECT_THAT(info.output, HasSubstr("schema version"));
    EXPECT_THAT(info.output, ::testing::ContainsRegex("Library files +0"));
    EXPECT_THAT(info.output, ::testing::ContainsRegex("Images +0"));
}

TEST(Cli, InitNamesTheWorkspaceAfterItsFolderByDefault)
{
    TempDir dir;
    ASSERT_EQ(run({"init", (dir / "portraits").string()}).status, 0);
    EXPECT_THAT(run({"info", (dir / "portraits").string()}).output, ::testing::ContainsRegex("Workspace +portraits"));
}

TEST(Cli, FailuresSayWhatAndExitWithOne)
{
    TempDir dir;
    const Result missing = run({"info", (dir / "absent").string()});
    EXPECT_EQ(missing.status, 1);
    EXPECT_THAT(missing.output, HasSubstr("error:"));
    EXPECT_THAT(missing.output, HasSubstr("absent"));

    ASSERT_EQ(run({"init", (dir / "w").string()}).status, 0);
    const Result again = run({"init", (dir / "w").string()});
    EXPECT_EQ(again.status, 1);
    EXPECT_THAT(again.output, HasSubstr("already holds a TasteLab workspace"));
}

namespace {

void writeText(const std::filesystem::path& file, const std::string& text)
{
    tastelab::testing::writeBytes(file, std::vector<std::uint8_t>(text.begin(), text.end()));
}

tastelab::model::RgbImage solid(std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    tastelab::model::RgbImage image;
    image.width = 8;
    image.height = 8;
    for (int i = 0; i < 64; ++i) image.pixels.insert(image.pixels.end(), {r, g, b});
    return image;
}

}  // namespace

TEST(Cli, ImportRateExportBackupCheck)
{
    TempDir dir;
    const std::string ws = (dir / "ws").string();
    ASSERT_EQ(run({"init", ws}).status, 0);
    std::filesystem::create_directories(dir / "in");
    tastelab::testing::writeBytes(dir / "in" / "red.png", tastelab::model::encodePng(solid(255, 0, 0)));
    tastelab::testing::writeBytes(dir / "in" / "blue.png", tastelab::model::encodePng(solid(0, 0, 255)));
    writeText(dir / "in" / "broken.png", "not a png");
    writeText(dir / "manifest.csv", "file,prompt,seed\nred.png,a red square,1\nblue.png,a blue square,2\n");

    const Result import = run({"import", ws, (dir / "in").string(), "--manifest", (dir / "manifest.csv").string()});
    ASSERT_EQ(import.status, 1) << import.output;  // the good files are in, but one was rejected
    EXPECT_THAT(import.output, HasSubstr("2 imported, 0 duplicate(s), 1 rejected"));
    EXPECT_THAT(import.output, ::testing::ContainsRegex("rejected +.*broken.png: .*not a supported image"));

    writeText(dir / "ratings.csv", "person,image,value,scale\nR1,red.png,5,1..5\nR1,blue.png,2,1..5\n");
    const Result refused = run({"import-ratings", ws, (dir / "ratings.csv").string()});
    EXPECT_EQ(refused.status, 1);
    EXPECT_THAT(refused.output, HasSubstr("ratings.csv:2: unknown person 'R1'"));
    const Result rated = run({"import-ratings", ws, (dir / "ratings.csv").string(), "--add-people"});
    ASSERT_EQ(rated.status, 0) << rated.output;
    EXPECT_THAT(rated.output, HasSubstr("2 rating(s) imported"));

    const Result csv = run({"export", ws, "--format", "csv", "--out", (dir / "answers.csv").string()});
    ASSERT_EQ(csv.status, 0) << csv.output;
    EXPECT_THAT(csv.output, HasSubstr("2 rating(s) and 0 comparison(s)"));
    const auto bytes = tastelab::testing::readBytes(dir / "answers.csv");
    const std::string text(bytes.begin(), bytes.end());
    EXPECT_THAT(text, HasSubstr("a red square"));
    EXPECT_THAT(text, HasSubstr(",R1,"));
    EXPECT_EQ(run({"export", ws, "--format", "xml", "--out", (dir / "x").string()}).status, 2);

    const Result backup = run({"backup", ws, "--out", (dir / "backup.sqlite").string()});
    ASSERT_EQ(backup.status, 0) << backup.output;
    EXPECT_EQ(run({"backup", ws, "--out", (dir / "backup.sqlite").string()}).status, 1);  // no silent overwrite

    const Result info = run({"info", ws});
    EXPECT_THAT(info.output, ::testing::ContainsRegex("Images +2"));
    EXPECT_THAT(info.output, ::testing::ContainsRegex("People +1"));
    EXPECT_THAT(info.output, ::testing::ContainsRegex("Answers +2 rating\\(s\\), 0 comparison"));

    const Result check = run({"check", ws});
    ASSERT_EQ(check.status, 0) << check.output;
    EXPECT_THAT(check.output, ::testing::ContainsRegex("Schema version +4"));
    EXPECT_THAT(check.output, ::testing::ContainsRegex("images +2"));
    EXPECT_THAT(check.output, ::testing::ContainsRegex("ratings +2"));
    EXPECT_THAT(check.output, HasSubstr("Integrity       ok"));
}

TEST(Cli, DemoBuildsAWorkspaceAndSaysWhatItDid)
{
    TempDir dir;
    const std::string ws = (dir / "demo").string();
    const Result demo = run({"demo", ws, "--images", "12", "--prompts", "3", "--agents", "4", "--held-out", "1",
        "--ratings", "8", "--core", "4", "--no-eval"});
    ASSERT_EQ(demo.status, 0) << demo.output;
    EXPECT_THAT(demo.output, HasSubstr("procedural"));
    EXPECT_THAT(demo.output, HasSubstr("not AI-generated"));
    EXPECT_THAT(demo.output, ::testing::ContainsRegex("Images +12 over 3 prompts"));
    EXPECT_THAT(demo.output, ::testing::ContainsRegex("Raters +4 simulated raters in 4 taste groups, 1 held out"));
    EXPECT_THAT(demo.output, ::testing::ContainsRegex("Test-retest"));
    EXPECT_THAT(run({"info", ws}).output, ::testing::ContainsRegex("People +4"));
    const Result again = run({"demo", ws});
    EXPECT_EQ(again.status, 1);
    EXPECT_THAT(again.output, HasSubstr("already holds"));
}

TEST(Cli, DemoTrainsEvaluatesAndPrintsTheTargets)
{
    TempDir dir;
    const std::string ws = (dir / "demo").string();
    const Result demo = run({"demo", ws, "--images", "60", "--prompts", "6", "--agents", "12", "--held-out", "3",
        "--ratings", "40", "--core", "8"});
    ASSERT_EQ(demo.status, 0) << demo.output;
    EXPECT_THAT(demo.output, HasSubstr("Population model"));
    EXPECT_THAT(demo.output, HasSubstr("Noise ceiling (retest)"));
    // The targets are checked on the mean of three splits, each split's figure listed.
    EXPECT_THAT(demo.output,
        ::testing::ContainsRegex(
            "held-out raters +TasteLab [0-9.]+ % \\([0-9.]+, [0-9.]+, [0-9.]+\\), population [0-9.]+ %"));
    EXPECT_THAT(
        demo.output, ::testing::ContainsRegex("images' true attributes.*\n +held-out raters +TasteLab [0-9.]+ %"));
    EXPECT_TRUE(std::filesystem::exists(dir / "demo" / "exports" / "eval.json"));
    EXPECT_TRUE(std::filesystem::exists(dir / "demo" / "exports" / "eval.png"));
    // Steering: 3 held-out raters x 4 prompts, and the cross-over over raters of different groups.
    EXPECT_THAT(
        demo.output, ::testing::ContainsRegex("true rating raised above the unsteered image: [0-9]+ of 12 cases"));
    EXPECT_THAT(demo.output, ::testing::ContainsRegex("cross-over, .*: [0-9]+ of [0-9]+ pairs"));
}

// Active questions, taste scores and best-of-N on a small demo: the person's taste model needs no training run.
TEST(Cli, NextScoreAndBestOfNFollowThePersonsTasteModel)
{
    TempDir dir;
    const std::string ws = (dir / "demo").string();
    const Result demo = run({"demo", ws, "--images", "30", "--prompts", "3", "--agents", "4", "--held-out", "1",
        "--ratings", "16", "--core", "6", "--no-eval"});
    ASSERT_EQ(demo.status, 0) << demo.output;

    // next: three distinct unrated images, each with a predicted score on the slider's scale.
    const Result next = run({"next", ws, "--person", "A01", "--count", "3", "--strategy", "informative"});
    ASSERT_EQ(next.status, 0) << next.output;
    const std::regex row(R"(^ +([0-9]+) +([0-9]+\.[0-9]{3}) +([0-9]+\.[0-9]{3}) +(\S.*)$)");
    std::set<std::int64_t> asked;
    std::istringstream lines(next.output);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (!std::regex_match(line, m, row)) continue;
        asked.insert(std::stoll(m[1]));
        const double predicted = std::stod(m[2]);
        EXPECT_GE(predicted, 0.0) << line;
        EXPECT_LE(predicted, 1.0) << line;
    }
    EXPECT_EQ(asked.size(), 3u) << next.output;
    {
        auto workspace = tastelab::services::Workspace::open(dir / "demo");
        const auto person = tastelab::storage::PeopleStore(workspace.database()).findByPseudonym("A01");
        ASSERT_TRUE(person);
        for (const auto& rating : tastelab::storage::AnswerStore(workspace.database()).ratingsOf(person->id)) {
            EXPECT_EQ(asked.count(rating.imageId), 0u) << "image " << rating.imageId << " is rated already";
        }
    }

    // score: the ranking printed to the top 5, and the CSV (header, rows best first).
    const std::string csv = (dir / "scores.csv").string();
    const Result score =
        run({"score", ws, "--person", "A01", "--library", "--model", "taste", "--csv", csv, "--top", "5"});
    ASSERT_EQ(score.status, 0) << score.output;
    std::ifstream in(csv);
    ASSERT_TRUE(in) << csv;
    std::stringstream text;
    text << in.rdbuf();
    const auto records = tastelab::util::parseCsv(text.str(), csv);
    ASSERT_GE(records.size(), 6u) << text.str();
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{"rank", "file", "image_id", "score", "uncertainty"}));
    const std::regex printed(R"(^ +([1-9][0-9]*) +([0-9]\.[0-9]{3}) +[0-9]+\.[0-9]{2} +(\S.*)$)");
    std::vector<std::string> shownFiles;
    std::istringstream scoreLines(score.output);
    for (std::string line; std::getline(scoreLines, line);) {
        std::smatch m;
        if (std::regex_match(line, m, printed)) shownFiles.push_back(m[3]);
    }
    ASSERT_EQ(shownFiles.size(), 5u) << "--top 5 prints five rows\n" << score.output;
    double previous = 2.0;
    for (std::size_t i = 1; i < records.size(); ++i) {
        ASSERT_EQ(records[i].fields.size(), 5u);
        EXPECT_EQ(records[i].fields[0], std::to_string(i));
        const double value = std::stod(records[i].fields[3]);
        EXPECT_LE(value, previous) << "row " << i << " is not sorted by score, descending";
        previous = value;
        if (i <= 5) {
            EXPECT_EQ(records[i].fields[1], shownFiles[i - 1]) << "the printed top 5 are the CSV's first";
        }
    }

    // generate --best-of 6 --keep 2: three images stored, ranks 1 and 2 and the exploratory one.
    const std::size_t before = [&] {
        auto workspace = tastelab::services::Workspace::open(dir / "demo");
        return tastelab::storage::ImageStore(workspace.database()).list().size();
    }();
    const Result generate = run({"generate", ws, "--generator", "procedural", "--prompt", "a warm garden", "--size",
        "64", "--seed", "70", "--best-of", "6", "--keep", "2", "--person", "A01"});
    ASSERT_EQ(generate.status, 0) << generate.output;
    auto workspace = tastelab::services::Workspace::open(dir / "demo");
    const auto images = tastelab::storage::ImageStore(workspace.database()).list();
    ASSERT_EQ(images.size(), before + 3) << "only the kept candidates enter the library";
    std::vector<std::int64_t> ranks;
    int exploratory = 0;
    for (const auto& image : images) {
        const auto parameters = tastelab::util::parseJson(image.parameters, "parameters");
        const tastelab::util::JsonValue* taste = parameters.find("taste");
        if (!taste) continue;
        EXPECT_EQ(taste->find("person")->asString(), "A01");
        EXPECT_EQ(taste->find("candidates")->asInt(), 6);
        ranks.push_back(taste->find("rank")->asInt());
        if (taste->find("exploratory")->asBool()) {
            ++exploratory;
            EXPECT_EQ(taste->find("rank")->asInt(), 3) << "the exploratory pick comes after the kept ones";
        }
    }
    EXPECT_EQ(ranks, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(exploratory, 1);
}

TEST(Cli, TrainEvalAndScoreARewardModel)
{
    TempDir dir;
    const std::string ws = (dir / "demo").string();
    ASSERT_EQ(run({"demo", ws, "--images", "40", "--prompts", "4", "--agents", "8", "--held-out", "2", "--ratings",
                      "30", "--core", "6", "--no-eval"})
                  .status,
        0);
    const Result help = run({"train", "--help"});
    EXPECT_THAT(help.output, HasSubstr("Held out"));
    EXPECT_THAT(run({"eval", "--help"}).output, HasSubstr("noise ceiling"));

    const Result train = run({"train", ws, "--epochs", "2", "--quiet"});
    ASSERT_EQ(train.status, 0) << train.output;
    EXPECT_THAT(train.output, ::testing::ContainsRegex("Checkpoint .*reward-look-v3-.*\\.safetensors"));

    const std::string json = (dir / "eval.json").string();
    const Result eval = run({"eval", ws, "--epochs", "2", "--n-ref", "1,2", "--repetitions", "1", "--quiet", "--json",
        json, "--chart", (dir / "eval.png").string()});
    ASSERT_EQ(eval.status, 0) << eval.output;
    EXPECT_THAT(eval.output, HasSubstr("TasteLab (mixture fit)"));
    EXPECT_TRUE(std::filesystem::exists(json));

    std::string image;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "demo" / "library")) {
        if (entry.is_regular_file()) image = entry.path().string();
    }
    const Result score = run({"score", ws, "--person", "A01", image});
    ASSERT_EQ(score.status, 0) << score.output;
    EXPECT_THAT(score.output, ::testing::ContainsRegex("0\\.[0-9]{3} +0\\.[0-9]{2} +" + image));
    const Result profile = run({"profile", ws, "--person", "A01"});
    ASSERT_EQ(profile.status, 0) << profile.output;
    EXPECT_THAT(profile.output, HasSubstr("Taste profile of A01 (procedural attributes, on cpu)"));
    EXPECT_THAT(profile.output, HasSubstr("warmth"));
    const Result people = run({"people", ws});
    ASSERT_EQ(people.status, 0) << people.output;
    EXPECT_THAT(
        people.output, ::testing::ContainsRegex("Silhouette -?[0-9.]+ \\(simulated taste groups\\), 8 people, on cpu"));
    const Result nobody = run({"score", ws, "--person", "Z99", image});
    EXPECT_EQ(nobody.status, 1);
    EXPECT_THAT(nobody.output, HasSubstr("no person 'Z99'"));

    // One device policy (issue 23): every command that runs a model takes --device, and a device this machine does
    // not have is a clear error naming it (and, on a CPU-only LibTorch, which LibTorch is loaded), whatever the
    // command, before anything is written.
    const bool cpuOnly = run({"--version"}).output.find("not compiled in") != std::string::npos;
    const std::string refs = (dir / "refs").string();
    for (const char* sub : {"liked", "disliked"}) {
        std::filesystem::create_directories(dir / "refs" / sub);
        std::filesystem::copy_file(image, dir / "refs" / sub / "a.png");
        std::filesystem::copy_file(image, dir / "refs" / sub / "b.png");
    }
    const std::vector<std::vector<std::string>> modelCommands{{"embed", ws}, {"train", ws, "--epochs", "1", "--quiet"},
        {"eval", ws, "--epochs", "1", "--n-ref", "1", "--repetitions", "1", "--quiet"},
        {"score", ws, "--person", "A01", image}, {"references", refs}, {"profile", ws, "--person", "A01"},
        {"people", ws}, {"generate", ws, "--prompt", "a red circle", "--batch", "1"},
        {"steer", ws, "--person", "A01", "--prompt", "a red circle", "--iterations", "1"},
        {"steer", ws, "--person", "A01", "--prompt", "a red circle", "--method", "prompt", "--depth", "0"},
        {"steer", ws, "--demo-eval", "--demo-prompts", "1", "--iterations", "1"}};
    const auto imagesBefore = run({"info", ws}).output;
    for (auto args : modelCommands) {
        args.insert(args.end(), {"--device", "cuda:7"});
        const Result r = run(args);
        const std::string command = fmt::format("{}", fmt::join(args, " "));
        EXPECT_EQ(r.status, 1) << command << "\n" << r.output;
        EXPECT_THAT(r.output, HasSubstr("device 'cuda:7' is not available")) << command;
        if (cpuOnly) {
            EXPECT_THAT(r.output, ::testing::ContainsRegex("LibTorch [0-9.]+, CPU only")) << command;
        }
    }
    EXPECT_EQ(run({"info", ws}).output, imagesBefore) << "a refused device must not add images or runs";
    // auto is the CPU here, and every report says where the work ran.
    if (cpuOnly) {
        EXPECT_THAT(train.output, ::testing::ContainsRegex("best epoch [0-9]+ of [0-9]+, [0-9.]+ s on cpu"));
        EXPECT_THAT(eval.output, ::testing::ContainsRegex("\\([0-9.]+ s on cpu\\)"));
        EXPECT_THAT(score.output, HasSubstr("Scored 1 image(s) on cpu"));
        EXPECT_THAT(run({"embed", ws}).output, HasSubstr(" on cpu in "));
        EXPECT_THAT(run({"references", refs}).output, HasSubstr(" on cpu: liked ranked above disliked"));
    }
    const Result steered = run({"steer", ws, "--person", "A01", "--prompt", "a red circle", "--iterations", "2",
        "--size", "64", "--device", "auto", "--out", (dir / "steer").string()});
    ASSERT_EQ(steered.status, 0) << steered.output;
    if (cpuOnly) {
        EXPECT_THAT(steered.output, HasSubstr(" s on cpu; images and steer.json"));
    }
}

TEST(Cli, ReferencesChecksTheViperSet)
{
    TASTELAB_REQUIRE_SHARED_DATA("viper-one-user/liked");
    const Result r = run({"references", (tastelab::testing::sharedData() / "viper-one-user").string()});
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, ::testing::ContainsRegex("liked ranked above disliked in [0-9.]+ % of 64 pairs"));
}

namespace {

// A study in a workspace made by the CLI: P1 and P2 rate three images alike, P3 rates them reversed and fails
// the attention check. Alpha and the ICCs of P1/P2 are worked out in ResultsSummarisesAStudy.
void addStudy(const std::string& ws)
{
    using namespace tastelab::storage;
    auto db = Database::open(std::filesystem::path(ws) / "tastelab.sqlite", Database::OpenMode::ExistingOnly);
    ImageStore images(db);
    std::vector<std::int64_t> ids;
    for (const char* name : {"a.png", "b.png", "c.png", "d.png"})
        ids.push_back(images.findByOriginalName(name).at(0).id);
    StudyStore studies(db);
    Study study;
    study.name = "Pilot";
    const auto studyId = studies.createStudy(study);
    for (std::size_t i = 0; i < 3; ++i) studies.addItem({0, studyId, ids[i], ItemKind::Regular, {}, {}, {}});
    studies.addItem({0, studyId, ids[3], ItemKind::Catch, 0.9, 1.0, {}});

    const double values[3][3] = {{0.2, 0.5, 0.8}, {0.3, 0.6, 0.9}, {0.9, 0.5, 0.1}};
    PeopleStore people(db);
    AnswerStore answers(db);
    std::int64_t ms = 1000;
    for (int p = 0; p < 3; ++p) {
        Person person;
        person.pseudonym = "P" + std::to_string(p + 1);
        const auto personId = people.insert(person);
        Assignment plan;
        plan.studyId = studyId;
        plan.personId = personId;
        for (int t = 0; t < 4; ++t) {
            Trial trial;
            trial.position = t;
            trial.imageId = ids[std::size_t(t)];
            trial.isCatch = t == 3;
            plan.trials.push_back(trial);
        }
        studies.createAssignment(plan);
        for (int t = 0; t < 4; ++t) {
            SliderRating r;
            r.personId = personId;
            r.imageId = ids[std::size_t(t)];
            r.studyId = studyId;
            r.trialPosition = t;
            r.isCatch = t == 3;
            r.value = t == 3 ? (p == 2 ? 0.2 : 0.95) : values[p][t];
            r.responseMs = ms;
            ms += 100;
            answers.recordRating(r);
        }
    }
}

}  // namespace

TEST(Cli, ResultsSummarisesAStudy)
{
    TempDir dir;
    const std::string ws = (dir / "ws").string();
    ASSERT_EQ(run({"init", ws}).status, 0);
    std::filesystem::create_directories(dir / "in");
    const std::uint8_t shades[4] = {10, 80, 160, 240};
    for (int i = 0; i < 4; ++i) {
        const std::string name = std::string(1, char('a' + i)) + ".png";
        tastelab::testing::writeBytes(dir / "in" / name, tastelab::model::encodePng(solid(shades[i], 0, 0)));
    }
    ASSERT_EQ(run({"import", ws, (dir / "in").string()}).status, 0);
    addStudy(ws);

    EXPECT_THAT(run({"--help"}).output, ::testing::ContainsRegex("\n  results +[A-Z]"));
    EXPECT_THAT(run({"results", "--help"}).output, HasSubstr("minCatchPassRate"));

    const std::string json = (dir / "out" / "results.json").string();
    std::filesystem::create_directories(dir / "out");
    const Result r = run({"results", ws, "--study", "Pilot", "--json", json, "--tables", (dir / "tables").string(),
        "--export-answers", (dir / "out" / "answers.csv").string()});
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("3 participant(s), 2 included, 1 excluded; 3 image(s)"));
    // P1: planned 4, answered 4, done, mean .5, SD .3, no repeats, catch 1/1, median 1150 ms.
    EXPECT_THAT(r.output, ::testing::ContainsRegex("P1 +4 +4 +yes +0\\.50 +0\\.30 +- +0 +1/1 +1150 +no"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("P3 +4 +4 +yes +0\\.50 +0\\.40 +- +0 +0/1 +1950 +yes"));
    // P1/P2 over three images: D_o = .06 / 6, D_e = 4.5 / 30, alpha = 1 - 1/15 = .93; MSR .18, MSC .015, MSE 0:
    // ICC(2,1) = .18 / .19 = .95, ICC(2,k) = .18 / .185 = .97.
    EXPECT_THAT(r.output,
        HasSubstr("Krippendorff's alpha (interval) 0.93, ICC(2,1) 0.95, ICC(2,k) 0.97 "
                  "(3 image(s) x 2 rater(s))"));
    // 12 answers at 1000..2100 ms: median (1500 + 1600) / 2, p90 1900 + .9 * 100.
    EXPECT_THAT(r.output, HasSubstr("median 1550 ms, p90 1990 ms (12 answer(s))"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("excluded +P3: passed 0 of 1 attention checks"));

    const auto jsonBytes = tastelab::testing::readBytes(json);
    const auto parsed = tastelab::util::parseJson(std::string(jsonBytes.begin(), jsonBytes.end()));
    EXPECT_EQ(parsed.find("summary")->find("excludedParticipants")->asInt(), 1);
    EXPECT_EQ(parsed.find("participants")->asArray().size(), 3u);
    EXPECT_TRUE(std::filesystem::exists(dir / "tables" / "participants.csv"));
    EXPECT_TRUE(std::filesystem::exists(dir / "tables" / "images.csv"));
    const auto answers = tastelab::testing::readBytes(dir / "out" / "answers.csv");
    EXPECT_EQ(std::count(answers.begin(), answers.end(), '\n'), 1 + 12);

    const Result unknown = run({"results", ws, "--study", "Main"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_THAT(unknown.output, HasSubstr("unknown study 'Main'"));
    const Result badExtension =
        run({"results", ws, "--study", "Pilot", "--export-answers", (dir / "answers.xlsx").string()});
    EXPECT_EQ(badExtension.status, 1);
    EXPECT_THAT(badExtension.output, HasSubstr("must end in .csv or .jsonl"));
    EXPECT_EQ(run({"results", ws}).status, 2);  // --study is required
}

TEST(Cli, SteerExplainsItselfAndNeedsAModel)
{
    const Result help = run({"steer", "--help"});
    ASSERT_EQ(help.status, 0);
    EXPECT_THAT(help.output, HasSubstr("Nesterov"));
    EXPECT_THAT(help.output, HasSubstr("steer.json"));
    TempDir dir;
    const std::string root = (dir / "ws").string();
    ASSERT_EQ(run({"init", root}).status, 0);
    const Result prompt = run({"steer", root, "--person", "P1", "--prompt", "a lighthouse", "--method", "prompt"});
    EXPECT_EQ(prompt.status, 1);
    EXPECT_THAT(prompt.output, HasSubstr("no person 'P1'"));
    const Result noPerson = run({"steer", root, "--person", "P1", "--prompt", "a lighthouse"});
    EXPECT_EQ(noPerson.status, 1);
    EXPECT_THAT(noPerson.output, HasSubstr("no person 'P1'"));
}

// Prompt refinement from the command line: a beam over modifier edits on a small trained demo, printed depth by depth,
// with the original, the best, every candidate and refine.json written.
TEST(Cli, SteerByPromptWritesTheCandidatesAndPrintsTheBeam)
{
    TempDir dir;
    const std::string ws = (dir / "demo").string();
    ASSERT_EQ(run({"demo", ws, "--images", "40", "--prompts", "4", "--agents", "8", "--held-out", "2", "--ratings",
                      "30", "--core", "6", "--no-eval"})
                  .status,
        0);
    ASSERT_EQ(run({"train", ws, "--epochs", "2", "--quiet"}).status, 0);
    EXPECT_THAT(run({"steer", "--help"}).output, HasSubstr("refine.json"));
    const std::string out = (dir / "refine").string();
    const Result r = run({"steer", ws, "--person", "A01", "--prompt", "a fox in a harbour, dark", "--method", "prompt",
        "--seed", "4", "--size", "64", "--beam", "2", "--depth", "2", "--candidates", "3", "--out", out});
    ASSERT_EQ(r.status, 0) << r.output;
    // The original at depth 0, then two kept candidates at each of two depths, with the edits that made them.
    EXPECT_THAT(
        r.output, ::testing::ContainsRegex("\n +0 +1 +-?[0-9.]+ +0\\.[0-9]{3} +[0-9]+ +a fox in a harbour, dark\n"));
    EXPECT_THAT(
        r.output, ::testing::ContainsRegex("\n +2 +2 +-?[0-9.]+ +0\\.[0-9]{3} +[0-9]+ +.*\\((add|remove|swap) '"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("[0-9]+ candidates scored in"));
    for (const char* file : {"original.png", "best.png", "candidate-0.png", "candidate-3.png", "refine.json"})
        EXPECT_TRUE(std::filesystem::exists(dir / "refine" / file)) << file;
    std::ifstream in(dir / "refine" / "refine.json");
    std::stringstream text;
    text << in.rdbuf();
    const auto json = tastelab::util::parseJson(text.str());
    EXPECT_EQ(json.find("method")->asString(), "prompt");
    EXPECT_EQ(json.find("seed")->asInt(), 4);
    EXPECT_EQ(json.find("beams")->asArray().size(), 2u);
    EXPECT_EQ(json.find("trajectory")->asArray().size(), 3u);
    const auto& evaluated = json.find("evaluated")->asArray();
    EXPECT_GE(evaluated.size(), 4u);
    EXPECT_TRUE(
        std::filesystem::exists(dir / "refine" / ("candidate-" + std::to_string(evaluated.size() - 1) + ".png")));
    const Result twoSeeds =
        run({"steer", ws, "--person", "A01", "--prompt", "a fox", "--method", "prompt", "--seed", "1", "--seed", "2"});
    EXPECT_NE(twoSeeds.status, 0);
    EXPECT_THAT(twoSeeds.output, HasSubstr("one --seed"));
}

namespace {

// HF_HUB_CACHE pointed at an empty folder for the child processes, so that a real cache never changes the outcome.
class ScopedHubCache {
public:
    explicit ScopedHubCache(const std::filesystem::path& folder)
    {
        if (const char* old = std::getenv("HF_HUB_CACHE")) previous_ = old;
        std::filesystem::create_directories(folder);
        setenv("HF_HUB_CACHE", folder.c_str(), 1);
    }
    ~ScopedHubCache()
    {
        if (previous_) {
            setenv("HF_HUB_CACHE", previous_->c_str(), 1);
        } else {
            unsetenv("HF_HUB_CACHE");
        }
    }
    ScopedHubCache(const ScopedHubCache&) = delete;
    ScopedHubCache& operator=(const ScopedHubCache&) = delete;

private:
    std::optional<std::string> previous_;
};

}  // namespace

TEST(Cli, GenerateExplainsWhereItLooksForSdTurbo)
{
    const Result help = run({"generate", "--help"});
    ASSERT_EQ(help.status, 0);
    EXPECT_THAT(help.output, HasSubstr("--models-folder"));
    EXPECT_THAT(help.output, HasSubstr("Hugging Face cache"));
    EXPECT_THAT(help.output, HasSubstr("stabilityai/sd-turbo"));
    EXPECT_THAT(help.output, HasSubstr("--from-png"));
    EXPECT_THAT(run({"--help"}).output, ::testing::ContainsRegex("\n  generate +Generate images"));
}

// The generators, their sizes and steps in the help are the catalog's (app/services/generator_catalog.h).
TEST(Cli, GenerateAndSteerTakeTheirGeneratorRulesFromTheCatalog)
{
    for (const char* command : {"generate", "steer"}) {
        SCOPED_TRACE(command);
        const Result help = run({command, "--help"});
        ASSERT_EQ(help.status, 0);
        EXPECT_THAT(help.output, HasSubstr(tastelab::services::knownGeneratorsText()));
        EXPECT_THAT(help.output, HasSubstr(tastelab::services::stepRulesText()));
    }
    EXPECT_THAT(run({"generate", "--help"}).output, HasSubstr(tastelab::services::sizeRulesText()));
    const Result unknown = run({"generate", "/nonexistent", "--prompt", "a fox", "--generator", "dall-e"});
    EXPECT_NE(unknown.status, 0);
    EXPECT_THAT(unknown.output, HasSubstr("dall-e"));
}

TEST(Cli, GenerateStoresImagesWithTheirSettingsAndRestoresThemFromAPng)
{
    TempDir dir;
    ScopedHubCache hub(dir / "hub");
    const std::string root = (dir / "ws").string();
    ASSERT_EQ(run({"init", root}).status, 0);
    const Result made = run({"generate", root, "--prompt", "a red fox in the snow", "--seed", "7", "--batch", "2",
        "--size", "64", "--out", (dir / "out").string()});
    ASSERT_EQ(made.status, 0) << made.output;
    // No SD-Turbo anywhere: the procedural generator, and a note that says where SD-Turbo was looked for.
    EXPECT_THAT(made.output, HasSubstr("No SD-Turbo model was found"));
    EXPECT_THAT(made.output, HasSubstr((dir / "hub").string()));
    EXPECT_THAT(made.output, ::testing::ContainsRegex("\n +1 +7 +[0-9.]+ +[^\n]*out/1-7\\.png\n"));
    EXPECT_THAT(made.output, ::testing::ContainsRegex("\n +2 +8 +[0-9.]+ +[^\n]*out/2-8\\.png\n"));
    EXPECT_THAT(made.output, HasSubstr("2 image(s) with procedural-v1"));
    EXPECT_THAT(run({"info", root}).output, ::testing::ContainsRegex("Images +2"));
    const auto text = tastelab::model::readPngTextChunks(dir / "out" / "2-8.png");
    ASSERT_EQ(text.size(), 2u);
    EXPECT_THAT(text[0].second, ::testing::StartsWith("a red fox in the snow\nSteps: 1, CFG scale: 0, Seed: 8, "));

    // The PNG's settings come back; --seed given as well wins, and the same seed makes the same file.
    const Result again = run({"generate", root, "--from-png", (dir / "out" / "2-8.png").string(), "--seed", "9",
        "--out", (dir / "again").string()});
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_THAT(again.output, HasSubstr("seed 8, 1 step(s), 64 px, generator procedural"));
    EXPECT_THAT(again.output, ::testing::ContainsRegex("\n +3 +9 +[0-9.]+ "));
    const Result same =
        run({"generate", root, "--from-png", (dir / "out" / "1-7.png").string(), "--out", (dir / "same").string()});
    ASSERT_EQ(same.status, 0) << same.output;
    EXPECT_THAT(same.output, ::testing::ContainsRegex("\n +1 +7 +"));  // the same image, already in the library
    EXPECT_EQ(
        tastelab::testing::readBytes(dir / "same" / "1-7.png"), tastelab::testing::readBytes(dir / "out" / "1-7.png"));
}

TEST(Cli, GenerateRefusesWhatItCannotDo)
{
    TempDir dir;
    ScopedHubCache hub(dir / "hub");
    const std::string root = (dir / "ws").string();
    ASSERT_EQ(run({"init", root}).status, 0);
    const Result noModel = run({"generate", root, "--prompt", "a fox", "--generator", "sd-turbo", "--models-folder",
        (dir / "models").string()});
    EXPECT_EQ(noModel.status, 1);
    EXPECT_THAT(noModel.output, HasSubstr("No SD-Turbo model was found"));
    EXPECT_THAT(noModel.output, HasSubstr((dir / "models").string()));
    const Result size = run({"generate", root, "--prompt", "a fox", "--generator", "procedural", "--size", "1000"});
    EXPECT_EQ(size.status, 1);
    EXPECT_THAT(size.output, HasSubstr("size is 1000, but procedural images are 64 to 512 pixels a side"));
    EXPECT_EQ(run({"generate", root}).status, 2);  // no prompt
    EXPECT_EQ(run({"generate", root, "--prompt", "x", "--steps", "9"}).status, 2);
    tastelab::testing::writeBytes(
        dir / "plain.png", tastelab::model::encodePng(tastelab::model::RgbImage{1, 1, {1, 2, 3}}));
    const Result plain = run({"generate", root, "--from-png", (dir / "plain.png").string()});
    EXPECT_EQ(plain.status, 1);
    EXPECT_THAT(plain.output, HasSubstr("carries no generation settings"));
    EXPECT_THAT(run({"info", root}).output, ::testing::ContainsRegex("Images +0"));
}

TEST(Cli, GenerateFindsSdTurboInTheModelsFolderAndRunsItStepByStep)
{
    TempDir dir;
    ScopedHubCache hub(dir / "hub");
    try {
        tastelab::testing::writeTinySdTurboFolder(dir / "models" / "sd-turbo-tiny", 2);
    } catch (const std::exception& e) {
        GTEST_SKIP() << "SdTurboPipeline cannot write its tiny folder yet (" << e.what() << ")";
    }
    const std::string root = (dir / "ws").string();
    ASSERT_EQ(run({"init", root}).status, 0);
    const std::string models = (dir / "models").string();
    const Result made = run({"generate", root, "--prompt", "a lighthouse", "--models-folder", models, "--steps", "2",
        "--size", "64", "--seed", "5", "--device", "cpu", "--out", (dir / "out").string()});
    ASSERT_EQ(made.status, 0) << made.output;
    EXPECT_THAT(made.output, HasSubstr("SD-Turbo: " + (dir / "models" / "sd-turbo-tiny").string()));
    EXPECT_THAT(made.output, HasSubstr("  step 1/2"));
    EXPECT_THAT(made.output, HasSubstr("  step 2/2"));
    EXPECT_THAT(made.output, HasSubstr("1 image(s) with sd-turbo ("));
    const auto text = tastelab::model::readPngTextChunks(dir / "out" / "1-5.png");
    ASSERT_EQ(text.size(), 2u);
    EXPECT_THAT(text[0].second, HasSubstr("Steps: 2, Sampler: Euler, Schedule type: Trailing, CFG scale: 0, Seed: 5"));

    // The PNG names SD-Turbo: without one on this machine that is an error that says where it looked.
    const Result elsewhere = run({"generate", root, "--from-png", (dir / "out" / "1-5.png").string()});
    EXPECT_EQ(elsewhere.status, 1);
    EXPECT_THAT(elsewhere.output, HasSubstr("No SD-Turbo model was found"));
    const Result again = run({"generate", root, "--from-png", (dir / "out" / "1-5.png").string(), "--models-folder",
        models, "--device", "cpu", "--out", (dir / "again").string()});
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_EQ(
        tastelab::testing::readBytes(dir / "again" / "1-5.png"), tastelab::testing::readBytes(dir / "out" / "1-5.png"));
}

// FLUX.1-schnell from --model (the pipeline class in model_index.json says which generator it is): four steps by
// default, the PNG says flow matching, and --from-png finds the model again in the models folder.
TEST(Cli, GenerateRunsFluxSchnellFromItsFolderWithFourSteps)
{
    TempDir dir;
    ScopedHubCache hub(dir / "hub");
    const auto folder = dir / "models" / "FLUX.1-schnell";
    tastelab::testing::writeTinyFluxFolder(folder, 2);
    const std::string root = (dir / "ws").string();
    ASSERT_EQ(run({"init", root}).status, 0);
    const Result made = run({"generate", root, "--prompt", "a lighthouse", "--model", folder.string(), "--size", "64",
        "--seed", "5", "--device", "cpu", "--out", (dir / "out").string()});
    ASSERT_EQ(made.status, 0) << made.output;
    EXPECT_THAT(made.output, HasSubstr("  step 4/4"));
    EXPECT_THAT(made.output, HasSubstr("1 image(s) with flux-schnell ("));
    const auto text = tastelab::model::readPngTextChunks(dir / "out" / "1-5.png");
    ASSERT_EQ(text.size(), 2u);
    EXPECT_THAT(text[0].second, HasSubstr("Steps: 4, Sampler: Euler (flow matching), CFG scale: 0, Seed: 5"));

    const Result lost = run({"generate", root, "--from-png", (dir / "out" / "1-5.png").string()});
    EXPECT_EQ(lost.status, 1);
    EXPECT_THAT(lost.output, HasSubstr("No FLUX.1-schnell model was found"));
    const Result again = run({"generate", root, "--from-png", (dir / "out" / "1-5.png").string(), "--models-folder",
        (dir / "models").string(), "--device", "cpu", "--out", (dir / "again").string()});
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_EQ(
        tastelab::testing::readBytes(dir / "again" / "1-5.png"), tastelab::testing::readBytes(dir / "out" / "1-5.png"));
    const Result size = run({"generate", root, "--prompt", "a fox", "--model", folder.string(), "--size", "72"});
    EXPECT_EQ(size.status, 1);
    EXPECT_THAT(size.output, HasSubstr("multiple of 16"));
}

// No option that names an output can replace the workspace's own files: the database (by any name), its
// WAL, or anything in library/, models/ and thumbnails/. The audit's export over the database exited 0.
TEST(Cli, NoOutputOptionCanOverwriteTheWorkspacesOwnFiles)
{
    TempDir dir;
    const auto ws = dir / "ws";
    ASSERT_EQ(run({"init", ws.string()}).status, 0);
    const auto db = ws / "tastelab.sqlite";
    std::filesystem::create_symlink(db, dir / "alias.sqlite");
    std::filesystem::create_hard_link(db, dir / "hardlink.sqlite");
    const auto before = tastelab::testing::readBytes(db);
    const std::vector<std::vector<std::string>> attempts = {
        {"export", ws.string(), "--out", db.string()},
        {"export", ws.string(), "--out", (dir / "alias.sqlite").string()},
        {"export", ws.string(), "--out", (dir / "hardlink.sqlite").string()},
        {"export", ws.string(), "--out", (ws / "tastelab.sqlite-wal").string()},
        {"export", ws.string(), "--out", (ws / "library" / "x.csv").string()},
        {"export", ws.string(), "--out", (ws / "." / "models" / ".." / "tastelab.sqlite").string()},
        {"backup", ws.string(), "--out", db.string(), "--overwrite"},
        {"eval", ws.string(), "--json", db.string()},
        {"eval", ws.string(), "--chart", (ws / "thumbnails" / "chart.png").string()},
        {"results", ws.string(), "--study", "S", "--json", db.string()},
        {"results", ws.string(), "--study", "S", "--tables", (ws / "models").string()},
        {"results", ws.string(), "--study", "S", "--export-answers", (dir / "alias.sqlite").string() + ".csv"},
        {"generate", ws.string(), "--prompt", "a red circle", "--size", "64", "--out", (ws / "library").string()},
    };
    for (const auto& args : attempts) {
        const Result r = run(args);
        std::string joined;
        for (const auto& a : args) joined += a + " ";
        EXPECT_EQ(r.status, 1) << joined << "\n" << r.output;
        EXPECT_THAT(r.output, ::testing::ContainsRegex("is refused|refusing to write|unknown study|no study"))
            << joined << "\n"
            << r.output;
    }
    // The ones that name the option say which one.
    EXPECT_THAT(run(attempts[0]).output, HasSubstr("--out '" + db.string() + "' is refused: it is the database file"));
    EXPECT_THAT(run(attempts[6]).output, HasSubstr("--out"));
    EXPECT_THAT(run(attempts[8]).output, HasSubstr("inside the thumbnails folder"));
    EXPECT_EQ(tastelab::testing::readBytes(db), before);
    const Result check = run({"check", ws.string()});
    EXPECT_EQ(check.status, 0) << check.output;
}

// Restoring a backup: checked first, refused while the workspace is open elsewhere, the live files kept
// aside (never deleted) and the backup's answers back. Copying a backup over the database by hand while
// its old -wal remains gives "malformed"; the message says what to do.
TEST(Cli, RestoreChecksTheBackupAndKeepsTheLiveFilesAside)
{
    TempDir dir;
    const auto ws = dir / "ws";
    ASSERT_EQ(run({"init", ws.string()}).status, 0);
    auto addRatings = [&](int n) {
        auto db = tastelab::storage::Database::open(
            ws / "tastelab.sqlite", tastelab::storage::Database::OpenMode::ExistingOnly);
        tastelab::storage::Person person;
        const auto personId = tastelab::storage::PeopleStore(db).insert(person);
        tastelab::storage::ImageRecord image;
        image.sha256 = std::string(63, 'a') + char('0' + n % 10);
        image.externalPath = "/nowhere.png";
        image.width = image.height = 8;
        image.format = "png";
        image.byteSize = 1;
        const auto imageId = tastelab::storage::ImageStore(db).insert(image);
        tastelab::storage::AnswerStore answers(db);
        for (int i = 0; i < n; ++i) {
            tastelab::storage::SliderRating r;
            r.personId = personId;
            r.imageId = imageId;
            r.value = 0.5;
            answers.recordRating(r);
        }
    };
    addRatings(3);
    ASSERT_EQ(run({"backup", ws.string(), "--out", (dir / "backup.sqlite").string()}).status, 0);
    addRatings(4);  // after the backup: 7 ratings live

    // A file that is not a backup is refused, and nothing changes.
    writeText(dir / "junk.sqlite", "not a database");
    const Result junk = run({"restore", ws.string(), "--from", (dir / "junk.sqlite").string()});
    EXPECT_EQ(junk.status, 1);
    EXPECT_THAT(junk.output, HasSubstr("junk.sqlite' cannot be restored"));
    EXPECT_THAT(run({"info", ws.string()}).output, ::testing::ContainsRegex("Answers +7 rating"));

    // Refused while another process has the workspace open.
    {
        FILE* holder = popen(("sqlite3 " + quote((ws / "tastelab.sqlite").string()) + " > /dev/null").c_str(), "w");
        ASSERT_NE(holder, nullptr);
        fputs("SELECT count(*) FROM ratings;\n", holder);
        fflush(holder);
        bool refused = false;
        for (int i = 0; i < 50 && !refused; ++i) {
            const Result busy = run({"restore", ws.string(), "--from", (dir / "backup.sqlite").string()});
            refused = busy.status == 1 && busy.output.find("is open in another program") != std::string::npos;
            if (!refused) {
                ASSERT_THAT(busy.output, Not(HasSubstr("Restored"))) << "restored under an open connection";
                usleep(100000);
            }
        }
        pclose(holder);
        EXPECT_TRUE(refused);
    }

    const Result restored = run({"restore", ws.string(), "--from", (dir / "backup.sqlite").string()});
    ASSERT_EQ(restored.status, 0) << restored.output;
    EXPECT_THAT(restored.output, HasSubstr("3 rating(s)"));
    EXPECT_THAT(restored.output, HasSubstr("Integrity       ok"));
    EXPECT_THAT(run({"info", ws.string()}).output, ::testing::ContainsRegex("Answers +3 rating"));
    // The live database was kept aside, whole: it still opens with its 7 ratings.
    std::vector<std::filesystem::path> aside;
    for (const auto& entry : std::filesystem::directory_iterator(ws)) {
        const auto name = entry.path().filename().string();
        if (name.find(".before-restore-") != std::string::npos && name.find("-wal") == std::string::npos
            && name.find("-shm") == std::string::npos)
            aside.push_back(entry.path());
    }
    ASSERT_EQ(aside.size(), 1u);
    {
        auto old =
            tastelab::storage::Database::open(aside.front(), tastelab::storage::Database::OpenMode::ExistingOnly);
        EXPECT_EQ(tastelab::storage::AnswerStore(old).counts().ratings, 7);
    }
}

// A linked image (import --link) replaced on disk by another picture is named by `check` and never
// embedded under the old image's hash; one only touched (same bytes) is still used.
TEST(Cli, ALinkedImageReplacedOnDiskIsNamedAndNotUsed)
{
    TempDir dir;
    const auto ws = dir / "ws";
    ASSERT_EQ(run({"init", ws.string()}).status, 0);
    std::filesystem::create_directories(dir / "in");
    tastelab::testing::writeBytes(dir / "in" / "red.png", tastelab::model::encodePng(solid(255, 0, 0)));
    tastelab::testing::writeBytes(dir / "in" / "blue.png", tastelab::model::encodePng(solid(0, 0, 255)));
    ASSERT_EQ(run({"import", ws.string(), (dir / "in").string(), "--link"}).status, 0);
    EXPECT_EQ(run({"check", ws.string()}).status, 0);

    // Touched only: same bytes, new time. Still fine.
    std::filesystem::last_write_time(dir / "in" / "blue.png", std::filesystem::file_time_type::clock::now());
    // Replaced by another picture of the same size in bytes is the hard case: size alone does not tell.
    auto green = tastelab::model::encodePng(solid(0, 255, 0));
    auto red = tastelab::testing::readBytes(dir / "in" / "red.png");
    green.resize(red.size(), 0);  // trailing bytes after IEND are ignored by decoders
    tastelab::testing::writeBytes(dir / "in" / "red.png", green);

    const Result check = run({"check", ws.string()});
    EXPECT_EQ(check.status, 1) << check.output;
    EXPECT_THAT(check.output,
        ::testing::ContainsRegex("file problem: image [0-9]+: its linked file '.*red.png' holds "
                                 "other bytes"));
    EXPECT_THAT(check.output, HasSubstr("Image files     1 of 2 ok"));
    const Result embed = run({"embed", ws.string(), "--backbone", "look"});
    EXPECT_THAT(embed.output, HasSubstr("red.png"));
    auto db =
        tastelab::storage::Database::open(ws / "tastelab.sqlite", tastelab::storage::Database::OpenMode::ExistingOnly);
    auto s = db.prepare("SELECT count(*) FROM embeddings");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.columnInt(0), 1) << "only the unchanged image is embedded";
}

// Test helper process for services_write_paths_test: performs one of the workspace's write paths again
// and again, through the same services the GUI and tastelab-cli use, and prints one line per write once
// the service call returned (an acknowledgement), until it is killed.
//   services_write_paths_writer WORKSPACE MODE SEED
// MODE and the lines it prints:
//   answers      "rating ID" and "comparison ID"
//   import       "image ID" for each image of a folder of three new PNGs copied into the library
//   link-import  "image ID" for each image of such a folder, referenced where it is
//   ratings      "ratings BATCH" after a CSV of kRatingsPerBatch answers with response times
//                BATCH*10 .. BATCH*10+4 was imported
//   generate     "image ID" for each image of a procedural batch of two
//   train        "checkpoint ID" after a short training run saved its checkpoint
//   steer        "steer RUN" after a short steering run finished
#include "app/services/generation.h"
#include "app/services/image_import.h"
#include "app/services/rating_import.h"
#include "app/services/reward/trainer.h"
#include "app/services/steering.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "util/atomic_file.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <random>
#include <string>

namespace {

using namespace tastelab;

constexpr int kRatingsPerBatch = 5;

void acknowledge(const std::string& line)
{
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

std::int64_t firstId(storage::Database& db, const char* sql)
{
    auto s = db.prepare(sql);
    if (!s.step()) throw std::runtime_error(fmt::format("the workspace has nothing for '{}'", sql));
    return s.columnInt(0);
}

void writeRandomPng(const std::filesystem::path& file, std::mt19937_64& rng)
{
    model::RgbImage image;
    image.width = image.height = 16;
    image.pixels.resize(16 * 16 * 3);
    for (auto& p : image.pixels) p = static_cast<std::uint8_t>(rng());
    const auto bytes = model::encodePng(image);
    util::writeFileAtomically(file, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

int run(const std::filesystem::path& root, const std::string& mode, std::uint64_t seed)
{
    auto workspace = services::Workspace::open(root);
    auto& db = workspace.database();
    std::mt19937_64 rng(seed);
    const std::int64_t person = firstId(db, "SELECT id FROM people ORDER BY id");
    const std::int64_t imageA = firstId(db, "SELECT id FROM images ORDER BY id");
    const std::int64_t imageB = firstId(db, "SELECT id FROM images ORDER BY id DESC");
    acknowledge("ready");  // the test's random moment to kill starts here, after the libraries loaded
    for (std::int64_t round = 0;; ++round) {
        if (mode == "answers") {
            storage::AnswerStore answers(db);
            storage::SliderRating rating;
            rating.personId = person;
            rating.imageId = imageA;
            rating.value = static_cast<double>(rng() % 1000) / 999.0;
            acknowledge(fmt::format("rating {}", answers.recordRating(rating)));
            storage::PairwiseChoice choice;
            choice.personId = person;
            choice.leftImageId = imageA;
            choice.rightImageId = imageB;
            acknowledge(fmt::format("comparison {}", answers.recordComparison(choice)));
        } else if (mode == "import" || mode == "link-import") {
            const auto folder = root.parent_path() / fmt::format("incoming-{}-{}", seed, round);
            std::filesystem::create_directories(folder);
            for (int i = 0; i < 3; ++i) writeRandomPng(folder / fmt::format("picture-{}.png", i), rng);
            services::ImageImportOptions options;
            options.copyIntoLibrary = mode == "import";
            options.threads = 1;
            const auto report = services::importImages(workspace, folder, options);
            for (const auto& image : report.imported) acknowledge(fmt::format("image {}", image.imageId));
        } else if (mode == "ratings") {
            const std::int64_t batch =
                static_cast<std::int64_t>(seed % 300) * 1000 + round % 1000;  // * 10 stays under 1 h
            auto pseudonym = db.prepare("SELECT pseudonym FROM people WHERE id = ?1");
            pseudonym.bind(1, person).step();
            auto sha = db.prepare("SELECT sha256 FROM images WHERE id = ?1");
            sha.bind(1, imageA).step();
            std::string csv = "person,image,value,scale,response_ms\n";
            for (int i = 0; i < kRatingsPerBatch; ++i) {
                csv += fmt::format(
                    "{},{},{},1..7,{}\n", pseudonym.columnText(0), sha.columnText(0), 1 + (rng() % 7), batch * 10 + i);
            }
            const auto file = root.parent_path() / fmt::format("ratings-{}.csv", seed);
            util::writeFileAtomically(file, csv);
            services::importRatings(workspace, file);
            acknowledge(fmt::format("ratings {}", batch));
        } else if (mode == "generate") {
            services::GenerationSettings settings;
            settings.prompt = "a red circle";
            settings.seed = rng() % 1000000;
            settings.size = 64;
            settings.batch = 2;
            const auto result = services::generateImages(workspace, settings);
            for (const auto& image : result.images) acknowledge(fmt::format("image {}", image.imageId));
        } else if (mode == "train") {
            services::TrainOptions train;
            train.epochs = 2;
            train.device = "cpu";
            const auto report = services::trainRewardModel(workspace, train);
            acknowledge(fmt::format("checkpoint {}", report.checkpointId));
        } else if (mode == "steer") {
            auto pseudonym = db.prepare("SELECT pseudonym FROM people WHERE id = ?1");
            pseudonym.bind(1, person).step();
            services::SteerOptions steer;
            steer.person = pseudonym.columnText(0);
            steer.prompt = "a red circle";
            steer.seeds = {rng() % 1000};
            steer.noise.iterations = 3;
            steer.size = 64;
            const auto report = services::steerNoise(workspace, steer);
            for (const auto& s : report.seeds) acknowledge(fmt::format("steer {}", s.runId));
        } else {
            std::fprintf(stderr, "services_write_paths_writer: unknown mode '%s'\n", mode.c_str());
            return 2;
        }
    }
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: services_write_paths_writer WORKSPACE MODE SEED\n");
        return 2;
    }
    try {
        return run(argv[1], argv[2], std::strtoull(argv[3], nullptr, 10));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "services_write_paths_writer: %s\n", e.what());
        return 1;
    }
}

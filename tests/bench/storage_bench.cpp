// Storage benchmark (prints its figures; not a test): durable single-answer commit latency,
// import throughput for 1024x1024 PNGs, and export rows per second.
// Usage: storage_bench [--answers N] [--images N] [--rows N] [--dir FOLDER]
#include "app/services/image_import.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "storage/export.h"
#include "storage/images.h"
#include "storage/people.h"
#include "util/sha256.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace tastelab;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since)
{
    return std::chrono::duration<double>(Clock::now() - since).count();
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const std::size_t index = std::min(values.size() - 1, static_cast<std::size_t>(p / 100.0 * values.size()));
    return values[index];
}

// A picture with smooth gradients and fine noise, so that PNG compression works as on real images.
model::RgbImage syntheticPicture(int side, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> noise(-6, 6);
    model::RgbImage image;
    image.width = image.height = side;
    image.pixels.resize(std::size_t(side) * side * 3);
    const int phase = static_cast<int>(seed % 97);
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            std::uint8_t* p = &image.pixels[(std::size_t(y) * side + x) * 3];
            p[0] = static_cast<std::uint8_t>(std::clamp((x + phase) * 255 / side + noise(rng), 0, 255));
            p[1] = static_cast<std::uint8_t>(std::clamp(y * 255 / side + noise(rng), 0, 255));
            p[2] = static_cast<std::uint8_t>(std::clamp(((x ^ y) & 0xff) / 2 + 64 + noise(rng), 0, 255));
        }
    }
    return image;
}

}  // namespace

int main(int argc, char** argv)
{
    int answers = 2000;
    int images = 48;
    int rows = 100000;
    fs::path base = fs::temp_directory_path();
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--answers"))
            answers = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--images"))
            images = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--rows"))
            rows = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--dir"))
            base = argv[i + 1];
    }
    const fs::path root = base / fmt::format("tastelab-storage-bench-{}", ::getpid());
    fs::remove_all(root);
    auto workspace = services::Workspace::create(root / "ws", "bench");
    storage::Database& db = workspace.database();
    fmt::print("storage_bench: workspace in {} ({} cores)\n", root.string(), std::thread::hardware_concurrency());

    // 1. Durable single-answer commits: each recordRating is its own BEGIN IMMEDIATE ... COMMIT with
    //    synchronous=FULL, as when a participant presses Enter.
    storage::Person person;
    const std::int64_t personId = storage::PeopleStore(db).insert(person);
    storage::ImageRecord stimulus;
    stimulus.sha256 = util::sha256Hex(std::string("stimulus"));
    stimulus.externalPath = "/stimulus.png";
    stimulus.width = stimulus.height = 1024;
    stimulus.format = "png";
    stimulus.byteSize = 1;
    const std::int64_t imageId = storage::ImageStore(db).insert(stimulus);
    storage::AnswerStore store(db);
    std::vector<double> latencies;
    latencies.reserve(answers);
    for (int i = 0; i < answers; ++i) {
        storage::SliderRating r;
        r.personId = personId;
        r.imageId = imageId;
        r.value = (i % 1000) / 999.0;
        r.startPosition = 0.5;
        r.sliderMoved = true;
        r.responseMs = 1000 + i;
        const auto start = Clock::now();
        store.recordRating(r);
        latencies.push_back(seconds(start) * 1000.0);
    }
    fmt::print("commit latency (durable single answer, n={}): p50 {:.3f} ms, p99 {:.3f} ms, max {:.3f} ms\n", answers,
        percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));

    // 2. Import throughput for 1024x1024 PNGs.
    const fs::path incoming = root / "incoming";
    fs::create_directories(incoming);
    std::uint64_t pngBytes = 0;
    for (int i = 0; i < images; ++i) {
        const auto png = model::encodePng(syntheticPicture(1024, static_cast<std::uint32_t>(i + 1)));
        pngBytes += png.size();
        std::FILE* f = std::fopen((incoming / fmt::format("img{:03}.png", i)).c_str(), "wb");
        std::fwrite(png.data(), 1, png.size(), f);
        std::fclose(f);
    }
    const auto importStart = Clock::now();
    const auto report = services::importImages(workspace, incoming);
    const double importSeconds = seconds(importStart);
    fmt::print("import: {} PNGs of 1024x1024 ({:.1f} MB) in {:.2f} s: {:.1f} images/s ({} rejected)\n",
        report.imported.size(), pngBytes / 1e6, importSeconds, report.imported.size() / importSeconds,
        report.rejected.size());

    // 3. Export rows per second.
    db.writeTransaction([&] {
        for (int i = 0; i < rows; ++i) {
            storage::SliderRating r;
            r.personId = personId;
            r.imageId = imageId;
            r.value = (i % 997) / 996.0;
            r.responseMs = i;
            store.recordRating(r);
        }
    });
    const std::int64_t total = store.counts().ratings;
    for (auto format : {storage::ExportFormat::Csv, storage::ExportFormat::JsonLines}) {
        const auto start = Clock::now();
        storage::ExportOptions options;
        options.format = format;
        const auto summary = storage::exportAnswers(
            db, options, root / (format == storage::ExportFormat::Csv ? "answers.csv" : "answers.jsonl"));
        const double s = seconds(start);
        fmt::print("export {}: {} rows in {:.2f} s: {:.0f} rows/s\n",
            format == storage::ExportFormat::Csv ? "csv" : "jsonl", summary.ratings + summary.comparisons, s,
            (summary.ratings + summary.comparisons) / s);
    }
    (void)total;
    fs::remove_all(root);
    return 0;
}

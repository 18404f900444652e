// Submit-to-next-image latency of the study runner: a participant session on Qt's platform (offscreen unless
// QT_QPA_PLATFORM says otherwise) over 1024x1024 PNG images, driven by real key events. For each trial the clock
// starts when the Enter key event is sent and stops when the next image has been painted (the canvas's firstPainted),
// so it covers storing the answer (SQLite, synchronous=FULL), planning the next trial, taking the prefetched image and
// painting it. Prints p50/p95/p99 and the prefetch hits. Target: p95 <= 16 ms on a 2-core machine.
//
//   rating_latency_bench [--trials N] [--think-ms MS] [--size PX]
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"
#include "widgets/image_canvas.h"
#include "widgets/slider_rating_screen.h"
#include "widgets/study_runner.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace tastelab;

namespace {

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(rank);
    const auto hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (rank - static_cast<double>(lo));
}

// A photo-like test image: smooth gradients plus noise, so PNG decoding costs what it does for real images.
model::RgbImage testImage(int size, int seed)
{
    model::RgbImage image;
    image.width = image.height = size;
    image.pixels.resize(static_cast<std::size_t>(size) * size * 3);
    std::mt19937 rng(static_cast<unsigned>(seed));
    std::uniform_int_distribution<int> noise(-12, 12);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            auto* p = &image.pixels[(static_cast<std::size_t>(y) * size + x) * 3];
            p[0] = static_cast<std::uint8_t>(std::clamp((x * 255 / size + seed * 37) % 256 + noise(rng), 0, 255));
            p[1] = static_cast<std::uint8_t>(std::clamp((y * 255 / size + seed * 11) % 256 + noise(rng), 0, 255));
            p[2] = static_cast<std::uint8_t>(std::clamp(((x + y) * 128 / size + seed * 5) % 256 + noise(rng), 0, 255));
        }
    }
    return image;
}

}  // namespace

int main(int argc, char** argv)
{
    int trials = 60;
    int thinkMs = 300;
    int size = 1024;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--trials") == 0) trials = std::max(5, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--think-ms") == 0) thinkMs = std::max(0, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--size") == 0) size = std::max(64, std::atoi(argv[i + 1]));
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    tastelab::testing::TempDir dir;
    {
        auto workspace = services::Workspace::create(dir / "ws", "latency");
        storage::StudyStore studies(workspace.database());
        storage::Study study;
        study.name = "latency";
        study.protocol.seed = 1;
        const auto id = studies.createStudy(study);
        std::printf("Writing %d PNG images of %dx%d...\n", trials + 1, size, size);
        for (int i = 0; i <= trials; ++i) {
            services::GeneratedImage info;
            info.generator = "bench";
            info.prompt = "latency benchmark image " + std::to_string(i);
            info.seed = i;
            const auto imageId = services::addGeneratedImage(workspace, testImage(size, i), info);
            studies.addItem({0, id, imageId, storage::ItemKind::Regular, {}, {}, {}});
        }
    }

    widgets::StudyRunner::Options options;
    options.workspaceFolder = QString::fromStdString((dir / "ws").string());
    options.study = QStringLiteral("latency");
    options.participant = QStringLiteral("BENCH");
    widgets::StudyRunner runner(options);
    runner.resize(1280, 1000);
    runner.show();
    QApplication::setActiveWindow(&runner);
    if (!QTest::qWaitForWindowActive(&runner)) std::printf("note: the window did not become active\n");
    auto key = [](int k) { QTest::keyClick(QApplication::focusWidget(), static_cast<Qt::Key>(k)); };
    key(Qt::Key_Space);
    key(Qt::Key_Return);  // consent
    key(Qt::Key_Return);  // instructions
    if (runner.stage() != widgets::StudyRunner::Stage::Trial) {
        std::fprintf(stderr, "the runner did not reach the trials: %s\n", qPrintable(runner.errorText()));
        return 1;
    }

    QSignalSpy painted(runner.sliderScreen(), &widgets::SliderRatingScreen::stimulusPainted);
    painted.wait(2000);
    std::vector<double> latencies;
    QSize drawn;
    for (int t = 0; t < trials && runner.stage() == widgets::StudyRunner::Stage::Trial; ++t) {
        QTest::qWait(thinkMs);  // the participant looks and moves the slider
        key(Qt::Key_4);
        painted.clear();
        QElapsedTimer clock;
        clock.start();
        key(Qt::Key_Return);
        if (runner.stage() != widgets::StudyRunner::Stage::Trial) break;  // the last answer
        if (painted.isEmpty() && !painted.wait(5000)) {
            std::fprintf(stderr, "trial %d: the next image was not painted within 5 s\n", t);
            return 1;
        }
        latencies.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
        drawn = runner.sliderScreen()->canvas()->drawnPixelSize();
    }
    if (latencies.size() < 3) {
        std::fprintf(stderr, "too few trials measured\n");
        return 1;
    }
    std::printf("Submit -> next %dx%d image painted (drawn at %dx%d device pixels), %zu trials, think time %d ms:\n",
        size, size, drawn.width(), drawn.height(), latencies.size(), thinkMs);
    std::printf("  p50 %.2f ms   p95 %.2f ms   p99 %.2f ms   max %.2f ms\n", percentile(latencies, 50),
        percentile(latencies, 95), percentile(latencies, 99), *std::max_element(latencies.begin(), latencies.end()));
    std::printf("  prefetch hits %d, misses %d; target p95 <= 16 ms: %s\n", runner.prefetchHits(),
        runner.prefetchMisses(), percentile(latencies, 95) <= 16.0 ? "met" : "NOT met");
    return 0;
}

// Opening and scrolling the library of a large workspace on Qt's platform (offscreen unless QT_QPA_PLATFORM says
// otherwise): the time from constructing the library page to its first paint, the GUI thread's time per scroll step
// (scroll a screen down, paint synchronously) as p50/p95/max, and how long the thumbnails on screen take to arrive
// once scrolling stops. Builds a workspace of N generated 96 px images (with 500 ratings) unless one is given.
//
//   library_scroll_bench [--images N] [--workspace DIR] [--steps N]
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/people.h"
#include "tests/support/test_support.h"
#include "widgets/library_model.h"
#include "widgets/library_page.h"
#include "widgets/library_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <cstring>
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

void buildWorkspace(const std::filesystem::path& folder, int images)
{
    auto workspace = services::Workspace::create(folder, "bench");
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < images; ++i) {
        model::RgbImage image;
        image.width = image.height = 96;
        image.pixels.resize(96 * 96 * 3);
        for (std::size_t p = 0; p < image.pixels.size(); ++p) image.pixels[p] = std::uint8_t((p * (i + 7)) / 97);
        services::GeneratedImage info;
        info.generator = i % 3 == 0 ? "sd-turbo" : "procedural";
        info.prompt = "prompt " + std::to_string(i % 40);
        info.seed = i;
        services::addGeneratedImage(workspace, image, info);
        if ((i + 1) % 1000 == 0) std::printf("  built %d images in %.1f s\n", i + 1, double(clock.elapsed()) / 1000);
    }
    storage::PeopleStore people(workspace.database());
    storage::Person person;
    person.pseudonym = "rater";
    const auto personId = people.insert(person);
    storage::AnswerStore answers(workspace.database());
    for (int i = 0; i < std::min(images, 500); ++i) {
        storage::SliderRating rating;
        rating.personId = personId;
        rating.imageId = i + 1;
        rating.value = (i % 11) / 10.0;
        answers.recordRating(rating);
    }
}

int visibleMissing(QListView* list)
{
    int missing = 0;
    const QRect area = list->viewport()->rect();
    for (int row = 0; row < list->model()->rowCount(); ++row) {
        const QModelIndex index = list->model()->index(row, 0);
        if (!list->visualRect(index).intersects(area)) continue;
        if (!index.data(widgets::LibraryModel::ThumbnailReadyRole).toBool()) ++missing;
    }
    return missing;
}

}  // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int images = 5000;
    int steps = 60;
    std::string folder;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--images") == 0) images = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--workspace") == 0) folder = argv[i + 1];
        if (std::strcmp(argv[i], "--steps") == 0) steps = std::atoi(argv[i + 1]);
    }
    tastelab::testing::TempDir temp;
    if (folder.empty()) {
        folder = (temp / "ws").string();
        std::printf("building a workspace of %d images...\n", images);
        buildWorkspace(folder, images);
    }

    QElapsedTimer clock;
    clock.start();
    widgets::LibraryPage page(QString::fromStdString(folder));
    const double constructed = double(clock.nsecsElapsed()) / 1e6;
    page.resize(1920, 1080);
    page.show();
    QListView* list = page.library()->listView();
    list->viewport()->repaint();
    const double firstPaint = double(clock.nsecsElapsed()) / 1e6;
    QApplication::processEvents();
    while (visibleMissing(list) > 0 && clock.elapsed() < 60000) QTest::qWait(5);
    const double firstScreen = double(clock.nsecsElapsed()) / 1e6;
    std::printf("%d images: page built in %.0f ms, first paint at %.0f ms, first screen of thumbnails at %.0f ms\n",
        page.library()->model()->rowCount(), constructed, firstPaint, firstScreen);

    // Scrolling: one screen per step, as fast as the GUI thread allows, then waiting for the thumbnails.
    QScrollBar* bar = list->verticalScrollBar();
    std::vector<double> frames;
    std::vector<double> settle;
    const int page_ = std::max(1, bar->pageStep());
    for (int step = 0; step < steps; ++step) {
        const int target = (step * page_) % std::max(1, bar->maximum() + 1);
        QElapsedTimer frame;
        frame.start();
        bar->setValue(target);
        list->viewport()->repaint();
        QApplication::processEvents();
        frames.push_back(double(frame.nsecsElapsed()) / 1e6);
        // Every fifth step the scroll stops: how long until the screen's thumbnails are all there.
        if (step % 5 == 4) {
            QElapsedTimer wait;
            wait.start();
            while (visibleMissing(list) > 0 && wait.elapsed() < 30000) QTest::qWait(2);
            settle.push_back(double(wait.nsecsElapsed()) / 1e6);
        }
    }
    std::printf("scroll step (GUI thread, scroll + paint + events): p50 %.1f ms, p95 %.1f ms, max %.1f ms over %zu\n",
        percentile(frames, 50), percentile(frames, 95), *std::max_element(frames.begin(), frames.end()), frames.size());
    if (!settle.empty()) {
        std::printf("thumbnails of a screen after the scroll stops: p50 %.0f ms, max %.0f ms\n", percentile(settle, 50),
            *std::max_element(settle.begin(), settle.end()));
    }
    return 0;
}

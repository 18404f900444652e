// What the GUI tests share: the offscreen main, a test with its own folder, small workspaces with test images, a
// study with rated people, the small trainable demo, waiting for background work, and optional screenshots.
#pragma once

#include "app/services/demo.h"
#include "app/services/reward/trainer.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"

#include <QSize>
#include <QString>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

class QWidget;

namespace tastelab::testing {

// The main of every GUI test: gtest, Qt's offscreen platform (unless QT_QPA_PLATFORM names another), QStandardPaths
// in test mode (so that no test reads or writes the user's own settings) and a QApplication.
int runGuiTests(int& argc, char** argv);

QString toQString(const std::filesystem::path& path);

// A test with a temporary folder of its own; path("ws") names an entry in it.
class FolderTest : public ::testing::Test {
protected:
    QString path(const std::string& name) const { return toQString(dir_ / name); }

    TempDir dir_;
};

// A 16 x 16 image in one colour, different for each index 0..4.
model::RgbImage solidImage(int index);

// Stores `image` in the workspace as a generated image of generator "test"; returns its id.
std::int64_t addTestImage(
    services::Workspace& workspace, const model::RgbImage& image, const std::string& prompt, std::int64_t seed = 0);

// Creates study `name` with `imageIds` as its regular items; returns the study's id.
std::int64_t createStudyOf(
    storage::StudyStore& studies, const std::string& name, const std::vector<std::int64_t>& imageIds);

// Adds a person called `pseudonym` with an assignment of `trials` in study `studyId`; returns the person's id.
std::int64_t addAssignedPerson(storage::Database& db, std::int64_t studyId, const std::string& pseudonym,
    const std::vector<storage::Trial>& trials);

// The slider trial at `position` on image `imageId`.
storage::Trial sliderTrial(int position, std::int64_t imageId);

// A slider answer `value` given at trial `position` of study `studyId`, `responseMs` after the image showed.
storage::SliderRating sliderAnswer(std::int64_t personId, std::int64_t studyId, int position, std::int64_t imageId,
    double value, std::int64_t responseMs);

// A demo workspace with enough answers to train on in a few seconds.
services::DemoOptions trainableDemo(int imageSize = 32);

// Small and quick: `epochs` epochs on the CPU, a quarter of the people held out.
services::TrainOptions quickTraining(int epochs);

// Waits for background work: processes events for `stepMs` at a time until `done` or `timeoutMs` passed; returns
// `done()`.
bool waitUntil(const std::function<bool()>& done, int timeoutMs, int stepMs);

// With TASTELAB_SCREENSHOTS=<folder>, saves `widget` at `size` as <folder>/<name>.png for a reviewer to look at.
void saveScreenshot(QWidget& widget, const QString& name, QSize size = QSize(1100, 760));

}  // namespace tastelab::testing

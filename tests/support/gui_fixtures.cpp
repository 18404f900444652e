// What the GUI tests share; see gui_fixtures.h.
#include "tests/support/gui_fixtures.h"

#include "app/services/image_library.h"
#include "storage/people.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTest>
#include <QWidget>

namespace tastelab::testing {

int runGuiTests(int& argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}

QString toQString(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

model::RgbImage solidImage(int index)
{
    model::RgbImage image;
    image.width = 16;
    image.height = 16;
    for (int i = 0; i < 256; ++i)
        image.pixels.insert(image.pixels.end(), {std::uint8_t(60 * index), std::uint8_t(200 - 40 * index), 90});
    return image;
}

std::int64_t addTestImage(
    services::Workspace& workspace, const model::RgbImage& image, const std::string& prompt, std::int64_t seed)
{
    services::GeneratedImage info;
    info.generator = "test";
    info.prompt = prompt;
    info.seed = seed;
    return services::addGeneratedImage(workspace, image, info);
}

std::int64_t createStudyOf(
    storage::StudyStore& studies, const std::string& name, const std::vector<std::int64_t>& imageIds)
{
    storage::Study study;
    study.name = name;
    const auto studyId = studies.createStudy(study);
    for (const auto id : imageIds) studies.addItem({0, studyId, id, storage::ItemKind::Regular, {}, {}, {}});
    return studyId;
}

std::int64_t addAssignedPerson(storage::Database& db, std::int64_t studyId, const std::string& pseudonym,
    const std::vector<storage::Trial>& trials)
{
    storage::Person person;
    person.pseudonym = pseudonym;
    const auto personId = storage::PeopleStore(db).insert(person);
    storage::Assignment plan;
    plan.studyId = studyId;
    plan.personId = personId;
    plan.trials = trials;
    storage::StudyStore(db).createAssignment(plan);
    return personId;
}

storage::Trial sliderTrial(int position, std::int64_t imageId)
{
    storage::Trial trial;
    trial.position = position;
    trial.imageId = imageId;
    return trial;
}

storage::SliderRating sliderAnswer(std::int64_t personId, std::int64_t studyId, int position, std::int64_t imageId,
    double value, std::int64_t responseMs)
{
    storage::SliderRating rating;
    rating.personId = personId;
    rating.imageId = imageId;
    rating.studyId = studyId;
    rating.trialPosition = position;
    rating.value = value;
    rating.responseMs = responseMs;
    return rating;
}

services::DemoOptions trainableDemo(int imageSize)
{
    services::DemoOptions options;
    options.images = 40;
    options.prompts = 4;
    options.agents = 8;
    options.heldOut = 2;
    options.groups = 2;
    options.coreItems = 4;
    options.ratingsPerAgent = 20;
    options.ratingsPerNewPerson = 12;
    options.repeatsPerAgent = 2;
    options.comparisonsPerAgent = 6;
    options.imageSize = imageSize;
    return options;
}

services::TrainOptions quickTraining(int epochs)
{
    services::TrainOptions options;
    options.epochs = epochs;
    options.patience = epochs;
    options.device = "cpu";
    options.split.heldOutPeopleFraction = 0.25;
    return options;
}

bool waitUntil(const std::function<bool()>& done, int timeoutMs, int stepMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs) QTest::qWait(stepMs);
    return done();
}

void saveScreenshot(QWidget& widget, const QString& name, QSize size)
{
    const QString folder = qEnvironmentVariable("TASTELAB_SCREENSHOTS");
    if (folder.isEmpty()) return;
    widget.resize(size);
    widget.show();
    QTest::qWait(50);
    QDir().mkpath(folder);
    EXPECT_TRUE(widget.grab().save(folder + QLatin1Char('/') + name + QStringLiteral(".png")));
}

}  // namespace tastelab::testing

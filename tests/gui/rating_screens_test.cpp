// The answer screens of the rating studio: slider keys and mouse, submit rules and timing, the canvas's
// pixel-exact drawing and onset signal, the prefetcher's cache, errors and shutdown, and the pairwise keys.
#include "widgets/image_canvas.h"
#include "widgets/image_prefetcher.h"
#include "widgets/pairwise_screen.h"
#include "widgets/rating_slider.h"
#include "widgets/slider_rating_screen.h"

#include "tests/support/gui_fixtures.h"

#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <stdexcept>

using tastelab::widgets::ImageCanvas;
using tastelab::widgets::ImagePrefetcher;
using tastelab::widgets::PairAnswer;
using tastelab::widgets::PairAnswerChoice;
using tastelab::widgets::PairStimulus;
using tastelab::widgets::PairwiseScreen;
using tastelab::widgets::RatingSlider;
using tastelab::widgets::SliderAnswer;
using tastelab::widgets::SliderRatingScreen;
using tastelab::widgets::SliderStimulus;

namespace {

QString writePng(const tastelab::testing::TempDir& dir, const std::string& name, QSize size, QColor colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    const QString path = QString::fromStdString((dir / name).string());
    EXPECT_TRUE(image.save(path, "PNG")) << path.toStdString();
    return path;
}

bool waitUntil(const std::function<bool()>& condition, int timeoutMs = 5000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs) return false;
        QTest::qWait(5);
    }
    return true;
}

// A shown slider screen whose first stimulus has been painted.
struct SliderFixture {
    tastelab::testing::TempDir dir;
    ImagePrefetcher prefetcher;
    SliderRatingScreen screen{&prefetcher};
    QString imagePath = writePng(dir, "a.png", QSize(120, 80), Qt::darkGreen);

    SliderStimulus stimulus(quint64 token, double start = 0.5)
    {
        SliderStimulus s;
        s.token = token;
        s.imagePath = imagePath;
        s.prompt = QStringLiteral("a red bicycle");
        s.startPosition = start;
        return s;
    }

    // Shows the stimulus and waits for its onset; false when it never painted.
    bool showAndWait(const SliderStimulus& s)
    {
        QSignalSpy painted(&screen, &SliderRatingScreen::stimulusPainted);
        screen.showStimulus(s);
        if (!screen.isVisible()) {
            screen.resize(640, 520);
            screen.show();
            if (!QTest::qWaitForWindowExposed(&screen)) return false;
        }
        screen.activateWindow();
        screen.setFocus();
        return painted.count() > 0 || painted.wait(3000);
    }
};

}  // namespace

TEST(RatingSlider, DefaultsAndReset)
{
    RatingSlider slider;
    const QStringList anchors = slider.anchorLabels();
    ASSERT_EQ(anchors.size(), 5);
    EXPECT_EQ(anchors.first(), QStringLiteral("Strongly dislike"));
    EXPECT_EQ(anchors.at(2), QStringLiteral("Neutral"));
    EXPECT_EQ(anchors.last(), QStringLiteral("Strongly like"));
    EXPECT_THROW(slider.setAnchorLabels({QStringLiteral("a"), QStringLiteral("b")}), std::invalid_argument);

    QSignalSpy movedSpy(&slider, &RatingSlider::movedChanged);
    slider.reset(0.3);
    EXPECT_DOUBLE_EQ(slider.value(), 0.3);
    EXPECT_DOUBLE_EQ(slider.startPosition(), 0.3);
    EXPECT_FALSE(slider.moved());
    slider.jumpToAnchor(3);
    EXPECT_DOUBLE_EQ(slider.value(), 0.75);
    EXPECT_TRUE(slider.moved());
    slider.nudge(5);
    EXPECT_DOUBLE_EQ(slider.value(), 1.0);
    slider.reset(1.7);  // clamped
    EXPECT_DOUBLE_EQ(slider.value(), 1.0);
    EXPECT_FALSE(slider.moved());
    ASSERT_EQ(movedSpy.count(), 2);
    EXPECT_TRUE(movedSpy.at(0).at(0).toBool());
    EXPECT_FALSE(movedSpy.at(1).at(0).toBool());
    EXPECT_GT(slider.sizeHint().height(), 0);
    // Narrow sliders wrap their labels onto more lines.
    EXPECT_GT(slider.heightForWidth(120), slider.heightForWidth(900));
}

TEST(RatingSlider, OwnKeysWhenFocused)
{
    RatingSlider slider;
    slider.resize(400, slider.sizeHint().height());
    slider.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&slider));
    slider.reset(0.2);
    QTest::keyClick(&slider, Qt::Key_Right);
    EXPECT_NEAR(slider.value(), 0.21, 1e-12);
    QTest::keyClick(&slider, Qt::Key_Left, Qt::ShiftModifier);
    EXPECT_NEAR(slider.value(), 0.209, 1e-12);
    QTest::keyClick(&slider, Qt::Key_End);
    EXPECT_DOUBLE_EQ(slider.value(), 1.0);
    QTest::keyClick(&slider, Qt::Key_Home);
    EXPECT_DOUBLE_EQ(slider.value(), 0.0);
    EXPECT_TRUE(slider.moved());
}

TEST(RatingSlider, MouseMapsTrackPositionToValue)
{
    RatingSlider slider;
    slider.resize(500, slider.sizeHint().height());
    slider.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&slider));
    slider.reset(0.5);
    const double y = slider.trackRect().center().y();
    const double tolerance = 1.0 / slider.trackRect().width() + 1e-9;

    // The track is symmetric in the widget, so its middle is the widget's middle.
    QTest::mouseClick(&slider, Qt::LeftButton, {}, QPoint(250, int(y)));
    EXPECT_NEAR(slider.value(), 0.5, tolerance);
    EXPECT_TRUE(slider.moved());
    QTest::mouseClick(&slider, Qt::LeftButton, {}, QPoint(0, int(y)));
    EXPECT_DOUBLE_EQ(slider.value(), 0.0);
    QTest::mouseClick(&slider, Qt::LeftButton, {}, QPoint(499, int(y)));
    EXPECT_DOUBLE_EQ(slider.value(), 1.0);

    const QRectF track = slider.trackRect();
    const int x30 = int(std::lround(track.left() + 0.3 * track.width()));
    QTest::mouseClick(&slider, Qt::LeftButton, {}, QPoint(x30, int(y)));
    EXPECT_NEAR(slider.value(), 0.3, tolerance);
    // Values are continuous: a click between two hundredths is not rounded to one.
    const double exact = (x30 - track.left()) / track.width();
    EXPECT_DOUBLE_EQ(slider.value(), exact);

    // Dragging with the button held follows the mouse.
    const int x80 = int(std::lround(track.left() + 0.8 * track.width()));
    QMouseEvent drag(QEvent::MouseMove, QPointF(x80, y), slider.mapToGlobal(QPointF(x80, y)), Qt::NoButton,
        Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&slider, &drag);
    EXPECT_NEAR(slider.value(), 0.8, tolerance);
}

TEST(SliderRatingScreen, KeysNudgeJumpAndClamp)
{
    SliderFixture f;
    ASSERT_TRUE(f.showAndWait(f.stimulus(1, 0.5)));
    RatingSlider* slider = f.screen.slider();
    EXPECT_DOUBLE_EQ(slider->value(), 0.5);
    EXPECT_FALSE(slider->moved());

    QTest::keyClick(&f.screen, Qt::Key_Right);
    EXPECT_NEAR(slider->value(), 0.51, 1e-12);
    EXPECT_TRUE(slider->moved());
    QTest::keyClick(&f.screen, Qt::Key_Right, Qt::ShiftModifier);
    EXPECT_NEAR(slider->value(), 0.511, 1e-12);
    QTest::keyClick(&f.screen, Qt::Key_Left);
    EXPECT_NEAR(slider->value(), 0.501, 1e-12);
    QTest::keyClick(&f.screen, Qt::Key_5);
    EXPECT_DOUBLE_EQ(slider->value(), 1.0);
    QTest::keyClick(&f.screen, Qt::Key_Right);
    EXPECT_DOUBLE_EQ(slider->value(), 1.0);
    QTest::keyClick(&f.screen, Qt::Key_3);
    EXPECT_DOUBLE_EQ(slider->value(), 0.5);
    QTest::keyClick(&f.screen, Qt::Key_2);
    EXPECT_DOUBLE_EQ(slider->value(), 0.25);
    QTest::keyClick(&f.screen, Qt::Key_1);
    EXPECT_DOUBLE_EQ(slider->value(), 0.0);
    QTest::keyClick(&f.screen, Qt::Key_Left, Qt::ShiftModifier);
    EXPECT_DOUBLE_EQ(slider->value(), 0.0);
}

TEST(SliderRatingScreen, KeysReachTheScreenWhenAButtonHasFocus)
{
    SliderFixture f;
    SliderStimulus s = f.stimulus(2, 0.4);
    s.allowBack = true;
    ASSERT_TRUE(f.showAndWait(s));
    QPushButton* back = f.screen.backButton();
    ASSERT_TRUE(back->isVisible());
    back->setFocus();
    ASSERT_TRUE(back->hasFocus());
    // A QPushButton alone would move the focus on Right; the screen takes the key instead.
    QTest::keyClick(back, Qt::Key_Right);
    EXPECT_NEAR(f.screen.slider()->value(), 0.41, 1e-12);
    EXPECT_TRUE(back->hasFocus());
    QTest::keyClick(back, Qt::Key_4);
    EXPECT_DOUBLE_EQ(f.screen.slider()->value(), 0.75);
}

TEST(SliderRatingScreen, EnterSubmitsOnlyAfterMovementAndOnce)
{
    SliderFixture f;
    QSignalSpy submitted(&f.screen, &SliderRatingScreen::submitted);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    ASSERT_TRUE(f.showAndWait(f.stimulus(42, 0.62)));
    const QDateTime painted = QDateTime::currentDateTimeUtc();

    EXPECT_FALSE(f.screen.canSubmit());
    EXPECT_FALSE(f.screen.submitButton()->isEnabled());
    QTest::keyClick(&f.screen, Qt::Key_Return);
    QTest::keyClick(&f.screen, Qt::Key_Enter);
    EXPECT_EQ(submitted.count(), 0);

    QTest::qWait(40);
    QTest::keyClick(&f.screen, Qt::Key_Left);
    EXPECT_TRUE(f.screen.canSubmit());
    EXPECT_TRUE(f.screen.submitButton()->isEnabled());
    QTest::keyClick(&f.screen, Qt::Key_Return);
    ASSERT_EQ(submitted.count(), 1);
    QTest::keyClick(&f.screen, Qt::Key_Return);
    f.screen.submitButton()->click();
    EXPECT_EQ(submitted.count(), 1);
    EXPECT_FALSE(f.screen.canSubmit());

    const auto answer = submitted.at(0).at(0).value<SliderAnswer>();
    EXPECT_EQ(answer.token, 42u);
    EXPECT_NEAR(answer.value, 0.61, 1e-12);
    EXPECT_DOUBLE_EQ(answer.startPosition, 0.62);
    EXPECT_TRUE(answer.moved);
    EXPECT_GE(answer.responseMs, 40);
    EXPECT_LT(answer.responseMs, 60000);
    ASSERT_TRUE(answer.shownAt.isValid());
    EXPECT_EQ(answer.shownAt.timeSpec(), Qt::UTC);
    EXPECT_GE(answer.shownAt, before);
    EXPECT_LE(answer.shownAt, painted);

    // The next stimulus can be answered again, and the slider starts unanswered at its new start.
    f.screen.showStimulus(f.stimulus(43, 0.1));
    EXPECT_FALSE(f.screen.slider()->moved());
    EXPECT_DOUBLE_EQ(f.screen.slider()->value(), 0.1);
    QTest::keyClick(&f.screen, Qt::Key_4);
    QTest::keyClick(&f.screen, Qt::Key_Enter);
    ASSERT_EQ(submitted.count(), 2);
    const auto second = submitted.at(1).at(0).value<SliderAnswer>();
    EXPECT_EQ(second.token, 43u);
    EXPECT_DOUBLE_EQ(second.value, 0.75);
    EXPECT_DOUBLE_EQ(second.startPosition, 0.1);
}

TEST(SliderRatingScreen, WithoutRequiredMovementSubmitsTheStartPosition)
{
    SliderFixture f;
    QSignalSpy submitted(&f.screen, &SliderRatingScreen::submitted);
    SliderStimulus s = f.stimulus(7, 0.35);
    s.requireMovement = false;
    s.instruction = QStringLiteral("Please move the slider to Like.");
    s.anchorLabels = QStringList{
        QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("D"), QStringLiteral("E")};
    ASSERT_TRUE(f.showAndWait(s));
    EXPECT_EQ(f.screen.slider()->anchorLabels(), s.anchorLabels);
    EXPECT_TRUE(f.screen.canSubmit());
    QTest::keyClick(&f.screen, Qt::Key_Return);
    ASSERT_EQ(submitted.count(), 1);
    const auto answer = submitted.at(0).at(0).value<SliderAnswer>();
    EXPECT_FALSE(answer.moved);
    EXPECT_DOUBLE_EQ(answer.value, 0.35);

    // Empty labels restore the defaults; a wrong count is refused before anything changes.
    f.screen.showStimulus(f.stimulus(8));
    EXPECT_EQ(f.screen.slider()->anchorLabels(), RatingSlider::defaultAnchorLabels());
    SliderStimulus bad = f.stimulus(9);
    bad.anchorLabels = QStringList{QStringLiteral("only one")};
    EXPECT_THROW(f.screen.showStimulus(bad), std::invalid_argument);
}

TEST(SliderRatingScreen, BackspaceOnlyWhenAllowed)
{
    SliderFixture f;
    QSignalSpy back(&f.screen, &SliderRatingScreen::backRequested);
    ASSERT_TRUE(f.showAndWait(f.stimulus(1)));
    EXPECT_FALSE(f.screen.backButton()->isVisible());
    QTest::keyClick(&f.screen, Qt::Key_Backspace);
    EXPECT_EQ(back.count(), 0);

    SliderStimulus s = f.stimulus(2);
    s.allowBack = true;
    f.screen.showStimulus(s);
    EXPECT_TRUE(f.screen.backButton()->isVisible());
    QTest::keyClick(&f.screen, Qt::Key_Backspace);
    EXPECT_EQ(back.count(), 1);
}

TEST(SliderRatingScreen, UnreadableImageIsReportedAndShown)
{
    SliderFixture f;
    QSignalSpy failed(&f.screen, &SliderRatingScreen::imageFailed);
    SliderStimulus s = f.stimulus(5);
    s.imagePath = QString::fromStdString((f.dir / "missing.png").string());
    f.screen.showStimulus(s);
    ASSERT_EQ(failed.count(), 1);
    EXPECT_EQ(failed.at(0).at(0).toULongLong(), 5u);
    EXPECT_TRUE(failed.at(0).at(1).toString().contains(QStringLiteral("missing.png")));
    EXPECT_FALSE(f.screen.canvas()->hasImage());
    EXPECT_TRUE(f.screen.canvas()->placeholderText().contains(QStringLiteral("missing.png")));
}

TEST(ImageCanvas, DrawsTheFitInDevicePixelsAndSignalsOnsetOncePerToken)
{
    ImageCanvas canvas;
    canvas.resize(300, 200);
    QSignalSpy painted(&canvas, &ImageCanvas::firstPainted);
    QImage wide(400, 100, QImage::Format_RGB32);
    wide.fill(QColor(250, 10, 10));
    canvas.setImage(wide, 7);
    canvas.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&canvas));
    ASSERT_TRUE(painted.count() > 0 || painted.wait(3000));

    const qreal ratio = canvas.devicePixelRatioF();
    EXPECT_EQ(canvas.targetPixelSize(), QSize(int(300 * ratio), int(200 * ratio)));
    // 400x100 into 300x200: the width limits, so 300x75 (times the ratio).
    EXPECT_EQ(canvas.drawnPixelSize(), QSize(int(300 * ratio), int(75 * ratio)));
    const QImage shot = canvas.grab().toImage();
    const QPoint centre(shot.width() / 2, shot.height() / 2);
    EXPECT_EQ(QColor(shot.pixel(centre)), QColor(250, 10, 10));
    // Centred vertically: the top rows are background, not image.
    EXPECT_NE(QColor(shot.pixel(centre.x(), 2)), QColor(250, 10, 10));

    canvas.repaint();
    canvas.repaint();
    ASSERT_EQ(painted.count(), 1);
    EXPECT_EQ(painted.at(0).at(0).toULongLong(), 7u);

    QImage tall(50, 100, QImage::Format_RGB32);
    tall.fill(Qt::blue);
    canvas.setImage(tall, 8);
    ASSERT_TRUE(painted.wait(3000));
    canvas.repaint();
    ASSERT_EQ(painted.count(), 2);
    EXPECT_EQ(painted.at(1).at(0).toULongLong(), 8u);
    EXPECT_EQ(canvas.token(), 8u);
    EXPECT_EQ(canvas.drawnPixelSize(), QSize(int(100 * ratio), int(200 * ratio)));

    // An image of exactly the target size is drawn as it is.
    QImage exact(canvas.targetPixelSize(), QImage::Format_RGB32);
    exact.fill(Qt::green);
    canvas.setImage(exact, 9);
    ASSERT_TRUE(painted.wait(3000));
    EXPECT_EQ(canvas.drawnPixelSize(), canvas.targetPixelSize());

    canvas.clear();
    canvas.repaint();
    EXPECT_FALSE(canvas.hasImage());
    EXPECT_EQ(painted.count(), 3);
}

TEST(ImagePrefetcher, ReturnsAReadyScaledImageAsAHit)
{
    tastelab::testing::TempDir dir;
    const QString path = writePng(dir, "wide.png", QSize(200, 100), Qt::yellow);
    ImagePrefetcher prefetcher;
    prefetcher.setTargetSize(QSize(80, 80));
    QSignalSpy ready(&prefetcher, &ImagePrefetcher::ready);
    EXPECT_FALSE(prefetcher.isReady(path));
    prefetcher.prefetch(path);
    ASSERT_TRUE(ready.wait(5000));
    EXPECT_EQ(ready.at(0).at(0).toString(), path);
    EXPECT_TRUE(prefetcher.isReady(path));

    const QImage image = prefetcher.image(path);
    EXPECT_EQ(image.size(), QSize(80, 40));
    EXPECT_EQ(QColor(image.pixel(40, 20)), QColor(Qt::yellow));
    EXPECT_EQ(prefetcher.hits(), 1);
    EXPECT_EQ(prefetcher.misses(), 0);
    EXPECT_TRUE(prefetcher.errorString(path).isEmpty());

    // Another target size drops what was scaled for the old one.
    prefetcher.setTargetSize(QSize(20, 20));
    EXPECT_FALSE(prefetcher.isReady(path));
    EXPECT_EQ(prefetcher.image(path).size(), QSize(20, 10));
    EXPECT_EQ(prefetcher.misses(), 1);
}

TEST(ImagePrefetcher, DecodesOnTheCallingThreadOnAMiss)
{
    tastelab::testing::TempDir dir;
    const QString path = writePng(dir, "tall.png", QSize(30, 60), Qt::cyan);
    ImagePrefetcher prefetcher;
    prefetcher.setTargetSize(QSize(100, 100));
    std::atomic<QThread*> loadedOn{nullptr};
    prefetcher.setLoader([&](const QString& file, QString* error) {
        loadedOn = QThread::currentThread();
        return ImagePrefetcher::readImage(file, error);
    });
    const QImage image = prefetcher.image(path);
    EXPECT_EQ(image.size(), QSize(50, 100));  // scaled up to fit the target
    EXPECT_EQ(loadedOn.load(), QThread::currentThread());
    EXPECT_EQ(prefetcher.misses(), 1);
    EXPECT_EQ(prefetcher.hits(), 0);
    // Decoded once, kept: the second request is a hit.
    EXPECT_TRUE(prefetcher.isReady(path));
    prefetcher.image(path);
    EXPECT_EQ(prefetcher.hits(), 1);
}

TEST(ImagePrefetcher, WaitsForAPendingJob)
{
    tastelab::testing::TempDir dir;
    const QString path = writePng(dir, "slow.png", QSize(40, 40), Qt::magenta);
    ImagePrefetcher prefetcher;
    std::atomic<int> loads{0};
    prefetcher.setLoader([&](const QString& file, QString* error) {
        QThread::msleep(150);
        ++loads;
        return ImagePrefetcher::readImage(file, error);
    });
    prefetcher.prefetch(path);
    const QImage image = prefetcher.image(path);
    EXPECT_EQ(image.size(), QSize(40, 40));
    EXPECT_EQ(loads.load(), 1);
    EXPECT_EQ(prefetcher.hits(), 1);
    EXPECT_EQ(prefetcher.misses(), 0);
}

TEST(ImagePrefetcher, CapacityDropsTheLeastRecentlyUsed)
{
    tastelab::testing::TempDir dir;
    const QString a = writePng(dir, "a.png", QSize(10, 10), Qt::red);
    const QString b = writePng(dir, "b.png", QSize(10, 10), Qt::green);
    const QString c = writePng(dir, "c.png", QSize(10, 10), Qt::blue);
    ImagePrefetcher prefetcher;
    prefetcher.setCapacity(2);
    prefetcher.prefetch(a);
    prefetcher.prefetch(b);
    ASSERT_TRUE(waitUntil([&] { return prefetcher.isReady(a) && prefetcher.isReady(b); }));
    prefetcher.prefetch(a);  // a is now more recent than b
    prefetcher.prefetch(c);
    ASSERT_TRUE(waitUntil([&] { return prefetcher.isReady(c); }));
    EXPECT_TRUE(prefetcher.isReady(a));
    EXPECT_FALSE(prefetcher.isReady(b));
}

TEST(ImagePrefetcher, TruncatedPngNamesTheFile)
{
    tastelab::testing::TempDir dir;
    QImage noise(64, 64, QImage::Format_RGB32);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) noise.setPixel(x, y, qRgb((x * 37 + y * 11) % 256, (x * y) % 256, (y * 53) % 256));
    const QString path = QString::fromStdString((dir / "broken-stimulus.png").string());
    ASSERT_TRUE(noise.save(path, "PNG"));
    auto bytes = tastelab::testing::readBytes(dir / "broken-stimulus.png");
    ASSERT_GT(bytes.size(), 200u);
    bytes.resize(bytes.size() / 2);
    tastelab::testing::writeBytes(dir / "broken-stimulus.png", bytes);

    ImagePrefetcher prefetcher;
    EXPECT_TRUE(prefetcher.image(path).isNull());
    const QString error = prefetcher.errorString(path);
    EXPECT_TRUE(error.contains(QStringLiteral("broken-stimulus.png"))) << error.toStdString();

    // The same through a background job.
    ImagePrefetcher background;
    QSignalSpy ready(&background, &ImagePrefetcher::ready);
    background.prefetch(path);
    ASSERT_TRUE(ready.wait(5000));
    EXPECT_TRUE(background.isReady(path));
    EXPECT_TRUE(background.image(path).isNull());
    EXPECT_TRUE(background.errorString(path).contains(QStringLiteral("broken-stimulus.png")));

    // A loader that fails without a reason still gets an error naming the file.
    ImagePrefetcher silent;
    silent.setLoader([](const QString&, QString*) { return QImage(); });
    EXPECT_TRUE(silent.image(QStringLiteral("/nowhere/quiet.png")).isNull());
    EXPECT_TRUE(silent.errorString(QStringLiteral("/nowhere/quiet.png")).contains(QStringLiteral("quiet.png")));
}

TEST(ImagePrefetcher, DestructorWaitsForRunningJobsAndCancelsQueuedOnes)
{
    std::atomic<int> started{0};
    std::atomic<int> finished{0};
    {
        ImagePrefetcher prefetcher;
        prefetcher.setLoader([&](const QString&, QString*) {
            ++started;
            QThread::msleep(300);
            QImage image(8, 8, QImage::Format_RGB32);
            image.fill(Qt::white);
            ++finished;
            return image;
        });
        prefetcher.prefetch(QStringLiteral("one"));
        prefetcher.prefetch(QStringLiteral("two"));
        prefetcher.prefetch(QStringLiteral("three"));  // queued: the pool has two threads
        ASSERT_TRUE(waitUntil([&] { return started.load() == 2; }));
        EXPECT_EQ(finished.load(), 0);
    }
    EXPECT_EQ(finished.load(), 2);
    EXPECT_EQ(started.load(), 2);
}

TEST(PairwiseScreen, KeysGiveTheFourChoicesOncePerStimulus)
{
    tastelab::testing::TempDir dir;
    const QString left = writePng(dir, "left.png", QSize(60, 60), Qt::red);
    const QString right = writePng(dir, "right.png", QSize(60, 90), Qt::blue);
    ImagePrefetcher prefetcher;
    PairwiseScreen screen(&prefetcher);
    screen.resize(800, 500);
    QSignalSpy answered(&screen, &PairwiseScreen::answered);
    QSignalSpy painted(&screen, &PairwiseScreen::stimulusPainted);

    auto stimulus = [&](quint64 token) {
        PairStimulus s;
        s.token = token;
        s.leftPath = left;
        s.rightPath = right;
        s.leftPrompt = s.rightPrompt = QStringLiteral("a lighthouse at dusk");
        return s;
    };
    screen.showStimulus(stimulus(1));
    screen.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&screen));
    screen.activateWindow();
    screen.setFocus();
    ASSERT_TRUE(painted.count() > 0 || painted.wait(3000));
    EXPECT_EQ(painted.at(0).at(0).toULongLong(), 1u);
    EXPECT_EQ(screen.questionText(), QStringLiteral("Which image do you prefer?"));
    EXPECT_FALSE(screen.leftCanvas()->drawnPixelSize().isEmpty());
    EXPECT_FALSE(screen.rightCanvas()->drawnPixelSize().isEmpty());
    int promptLabels = 0;
    for (QLabel* label : screen.findChildren<QLabel*>()) {
        if (label->isVisible() && label->text() == QStringLiteral("a lighthouse at dusk")) ++promptLabels;
    }
    EXPECT_EQ(promptLabels, 1);  // the same prompt twice is shown once

    QTest::qWait(30);
    QTest::keyClick(&screen, Qt::Key_1);
    QTest::keyClick(&screen, Qt::Key_2);  // already answered
    ASSERT_EQ(answered.count(), 1);
    auto first = answered.at(0).at(0).value<PairAnswer>();
    EXPECT_EQ(first.token, 1u);
    EXPECT_EQ(first.choice, PairAnswerChoice::Left);
    EXPECT_GE(first.responseMs, 30);
    EXPECT_TRUE(first.shownAt.isValid());
    EXPECT_EQ(first.shownAt.timeSpec(), Qt::UTC);

    const std::pair<Qt::Key, PairAnswerChoice> keys[] = {{Qt::Key_2, PairAnswerChoice::Right},
        {Qt::Key_T, PairAnswerChoice::Tie}, {Qt::Key_C, PairAnswerChoice::CantDecide}};
    quint64 token = 2;
    for (const auto& [key, choice] : keys) {
        PairStimulus s = stimulus(token);
        s.rightPrompt = QStringLiteral("a lighthouse at dawn");
        s.question = QStringLiteral("Which is closer to the prompt?");
        screen.showStimulus(s);
        EXPECT_EQ(screen.questionText(), s.question);
        QTest::keyClick(&screen, key);
        QTest::keyClick(&screen, Qt::Key_1);  // a second key after answering does not emit again
        ASSERT_EQ(answered.count(), int(token));
        const auto answer = answered.at(int(token) - 1).at(0).value<PairAnswer>();
        EXPECT_EQ(answer.token, token);
        EXPECT_EQ(answer.choice, choice);
        ++token;
    }
    int dawnLabels = 0;
    for (QLabel* label : screen.findChildren<QLabel*>()) {
        if (label->isVisible() && label->text().startsWith(QStringLiteral("a lighthouse at"))) ++dawnLabels;
    }
    EXPECT_EQ(dawnLabels, 2);  // different prompts: one under each image
}

TEST(PairwiseScreen, BackspaceOnlyWhenAllowedAndKeysReachThroughFocusedButtons)
{
    tastelab::testing::TempDir dir;
    const QString path = writePng(dir, "p.png", QSize(40, 40), Qt::gray);
    ImagePrefetcher prefetcher;
    PairwiseScreen screen(&prefetcher);
    QSignalSpy back(&screen, &PairwiseScreen::backRequested);
    QSignalSpy answered(&screen, &PairwiseScreen::answered);
    PairStimulus s;
    s.token = 3;
    s.leftPath = s.rightPath = path;
    screen.showStimulus(s);
    screen.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&screen));
    QTest::keyClick(&screen, Qt::Key_Backspace);
    EXPECT_EQ(back.count(), 0);

    s.allowBack = true;
    s.token = 4;
    screen.showStimulus(s);
    QTest::keyClick(&screen, Qt::Key_Backspace);
    EXPECT_EQ(back.count(), 1);

    QPushButton* tie = screen.choiceButton(PairAnswerChoice::Tie);
    tie->setFocus();
    QTest::keyClick(tie, Qt::Key_C);
    ASSERT_EQ(answered.count(), 1);
    EXPECT_EQ(answered.at(0).at(0).value<PairAnswer>().choice, PairAnswerChoice::CantDecide);
}

int main(int argc, char** argv)
{
    return tastelab::testing::runGuiTests(argc, argv);
}

// Issue 24: long work tells the truth and charts can be read. The Results page shows the chosen study without a
// Refresh; the training panel's progress never goes back, names the evaluation's phases, gives the real total time
// at the end, and Cancel stops an evaluation within a second; the charts use the shared palette.
#include "app/services/chart_palette.h"
#include "app/services/demo.h"
#include "app/services/image_library.h"
#include "app/services/reward/trainer.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "storage/studies.h"
#include "tests/support/gui_fixtures.h"
#include "widgets/chart_style.h"
#include "widgets/model_page.h"
#include "widgets/study_results_page.h"
#include "widgets/training_panel.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>

#include <gtest/gtest.h>

#include <set>

using namespace tastelab;
using namespace tastelab::testing;

namespace {

// Two studies on three images: "Pilot" rated by `pilotRaters` people, "Second" by `secondRaters` others.
void buildStudies(const std::filesystem::path& root, int pilotRaters, int secondRaters)
{
    auto workspace = services::Workspace::create(root, "results");
    std::vector<std::int64_t> ids;
    std::vector<storage::Trial> trials;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(addTestImage(workspace, solidImage(i), "prompt " + std::to_string(i)));
        trials.push_back(sliderTrial(i, ids.back()));
    }
    storage::Database& db = workspace.database();
    storage::StudyStore studies(db);
    storage::AnswerStore answers(db);
    int person = 0;
    for (const auto& [name, raters] :
        {std::pair{std::string("Pilot"), pilotRaters}, {std::string("Second"), secondRaters}}) {
        const auto studyId = createStudyOf(studies, name, ids);
        for (int p = 0; p < raters; ++p) {
            const auto personId = addAssignedPerson(db, studyId, "P" + std::to_string(++person), trials);
            for (int t = 0; t < 3; ++t)
                answers.recordRating(
                    sliderAnswer(personId, studyId, t, ids[std::size_t(t)], 0.2 + 0.3 * t + 0.01 * p, 900 + 100 * t));
        }
    }
}

// Seconds in "... in 12.3 s ..." or "... in 2 min 5 s ...": the first duration after "in ".
double statedSeconds(const QString& text)
{
    const QRegularExpression pattern(QStringLiteral(R"( in (?:(\d+) min )?(\d+(?:\.\d+)?) s)"));
    const auto match = pattern.match(text);
    if (!match.hasMatch()) return -1;
    return match.captured(1).toDouble() * 60 + match.captured(2).toDouble();
}

class ChartsAndProgressTest : public FolderTest {
protected:
    void SetUp() override { QLocale::setDefault(QLocale::c()); }
};

TEST_F(ChartsAndProgressTest, ResultsPageShowsTheChosenStudyWithoutRefresh)
{
    buildStudies(dir_ / "ws", 3, 2);
    widgets::StudyResultsPage page(path("ws"));
    QSignalSpy shown(&page, &widgets::StudyResultsPage::resultsShown);
    // Nothing but opening the page: the first study is chosen and shown.
    ASSERT_TRUE(shown.count() > 0 || shown.wait(20000));
    EXPECT_EQ(shown.at(0).at(0).toString(), QString());
    EXPECT_EQ(page.currentStudy(), QStringLiteral("Pilot"));
    EXPECT_EQ(page.participantsModel()->rowCount(), 3);
    EXPECT_EQ(page.imagesModel()->rowCount(), 3);
    EXPECT_FALSE(page.summaryText().isEmpty());

    // Choosing the other study in the chooser shows it, again without a further click.
    auto* chooser = page.findChild<QComboBox*>();
    ASSERT_NE(chooser, nullptr);
    const int second = chooser->findText(QStringLiteral("Second"));
    ASSERT_GE(second, 0);
    chooser->setCurrentIndex(second);
    ASSERT_TRUE(shown.wait(20000));
    EXPECT_EQ(shown.last().at(0).toString(), QString());
    EXPECT_EQ(page.currentStudy(), QStringLiteral("Second"));
    EXPECT_EQ(page.participantsModel()->rowCount(), 2);
}

TEST_F(ChartsAndProgressTest, TrainingAndEvaluationProgressNeverGoesBackAndEndsWithTheRealTime)
{
    services::buildDemoWorkspace(dir_ / "demo", trainableDemo());
    widgets::ModelPage page(path("demo"));
    widgets::TrainingPanel* panel = page.trainingPanel();
    QSignalSpy finished(panel, &widgets::TrainingPanel::trainingFinished);
    std::vector<int> values;
    std::set<QString> phases;
    std::set<QString> sweeps;  // "Evaluation 5 of 10: held-out people, N_ref 1"
    QObject::connect(panel, &widgets::TrainingPanel::progressReported, panel, [&] {
        values.push_back(panel->progressValue());
        phases.insert(panel->statusText().section(QLatin1Char(':'), 0, 0));
        const QString text = panel->statusText();  // "… N_ref 8 (40 %)"
        if (text.contains(QStringLiteral("N_ref"))) sweeps.insert(text.left(text.lastIndexOf(QStringLiteral(" ("))));
    });
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(panel->startTraining(quickTraining(20), true));
    ASSERT_TRUE(finished.wait(300000));
    const double wall = clock.elapsed() / 1000.0;
    ASSERT_FALSE(finished.at(0).at(0).toBool()) << panel->statusText().toStdString();

    ASSERT_GE(values.size(), 10u);
    for (std::size_t i = 1; i < values.size(); ++i) EXPECT_GE(values[i], values[i - 1]) << "report " << i;
    EXPECT_EQ(panel->progressValue(), 1000);
    // The evaluation's own phases were shown, not one frozen line after the training: preparing, the personal
    // model, the population model, seen people, then one phase per N_ref of the sweep (1, 2, 4, 8, 16, 32).
    for (const QString& phase : {QStringLiteral("Training 2 of 3"), QStringLiteral("Evaluation 2 of 10"),
             QStringLiteral("Evaluation 3 of 10"), QStringLiteral("Evaluation 5 of 10")})
        EXPECT_TRUE(phases.count(phase)) << phase.toStdString();
    // Each sweep shown names its own phase and N_ref. The last sweeps take milliseconds on this small demo, and a
    // report that reaches the GUI after the task has ended gives way to the final message, so not every sweep need
    // have been on screen; the first always is.
    const int nRefs[] = {1, 2, 4, 8, 16, 32};
    std::set<QString> expected;
    for (int i = 0; i < 6; ++i)
        expected.insert(QStringLiteral("Evaluation %1 of 10: held-out people, N_ref %2").arg(5 + i).arg(nRefs[i]));
    EXPECT_TRUE(sweeps.count(QStringLiteral("Evaluation 5 of 10: held-out people, N_ref 1")));
    for (const QString& sweep : sweeps) EXPECT_TRUE(expected.count(sweep)) << sweep.toStdString();
    // The final message gives the whole time, training and evaluation together.
    const QString message = panel->statusText();
    EXPECT_TRUE(message.startsWith(QStringLiteral("Trained and evaluated in"))) << message.toStdString();
    const double stated = statedSeconds(message);
    EXPECT_GT(stated, 0.8 * wall - 0.5) << message.toStdString() << " after " << wall << " s";
    EXPECT_LT(stated, wall + 0.5) << message.toStdString() << " after " << wall << " s";
}

TEST_F(ChartsAndProgressTest, CancelStopsAnEvaluationWithinASecond)
{
    services::buildDemoWorkspace(dir_ / "demo", trainableDemo());
    widgets::TrainingPanel panel(path("demo"));
    QSignalSpy finished(&panel, &widgets::TrainingPanel::trainingFinished);
    ASSERT_TRUE(panel.startTraining(quickTraining(800), true));  // evaluation trainings far longer than a second
    // Waits until the evaluation trains its population model.
    waitUntil([&] { return panel.statusText().contains(QStringLiteral("population model")) || !finished.isEmpty(); },
        300000, 5);
    ASSERT_TRUE(finished.isEmpty()) << "ended before the evaluation: " << panel.statusText().toStdString();
    QElapsedTimer stopping;
    stopping.start();
    panel.cancel();
    ASSERT_TRUE(finished.wait(5000));
    EXPECT_LT(stopping.elapsed(), 1000);
    EXPECT_TRUE(finished.at(0).at(0).toBool());
    EXPECT_TRUE(panel.statusText().startsWith(QStringLiteral("Cancelled after"))) << panel.statusText().toStdString();
}

TEST_F(ChartsAndProgressTest, LossChartGivesEachLossItsOwnAxisInPaletteColours)
{
    services::buildDemoWorkspace(dir_ / "demo", trainableDemo());
    widgets::TrainingPanel panel(path("demo"));
    QSignalSpy finished(&panel, &widgets::TrainingPanel::trainingFinished);
    ASSERT_TRUE(panel.startTraining(quickTraining(6), false));
    ASSERT_TRUE(finished.wait(120000));
    QChart* loss = nullptr;
    for (auto* view : panel.findChildren<QChartView*>())
        if (view->chart()->title().contains(QStringLiteral("Loss"))) loss = view->chart();
    ASSERT_NE(loss, nullptr);
    const auto series = loss->series();
    ASSERT_EQ(series.size(), 2);
    std::set<QAbstractAxis*> valueAxes;
    for (auto* s : series) {
        auto* line = qobject_cast<QLineSeries*>(s);
        ASSERT_NE(line, nullptr);
        for (auto* axis : line->attachedAxes())
            if (axis->orientation() == Qt::Vertical) valueAxes.insert(axis);
        // Each axis spans its own series.
        for (auto* axis : line->attachedAxes()) {
            auto* value = qobject_cast<QValueAxis*>(axis);
            if (!value || axis->orientation() != Qt::Vertical) continue;
            for (const QPointF& p : line->points()) {
                EXPECT_GE(p.y(), value->min());
                EXPECT_LE(p.y(), value->max());
            }
        }
    }
    EXPECT_EQ(valueAxes.size(), 2u) << "training and validation loss share one scale";
    const bool dark = widgets::charts::isDark(panel.palette());
    EXPECT_EQ(qobject_cast<QLineSeries*>(series[0])->color(), widgets::charts::seriesColour(0, dark));
    EXPECT_EQ(qobject_cast<QLineSeries*>(series[1])->color(), widgets::charts::seriesColour(1, dark));
}

TEST(NiceScale, TicksAreFewRoundAndCoverTheData)
{
    const auto s = widgets::charts::niceScale(0.5137, 0.6841, 6);
    EXPECT_LE(s.low, 0.5137);
    EXPECT_GE(s.high, 0.6841);
    const double ticks = (s.high - s.low) / s.step + 1;
    EXPECT_LE(ticks, 6.0 + 1e-9);
    EXPECT_NEAR(s.step, 0.05, 1e-12);  // 1, 2 or 5 times a power of ten
    EXPECT_NEAR(s.low, 0.5, 1e-12);
    EXPECT_EQ(s.decimals, 2);
    const auto losses = widgets::charts::niceScale(0, 3.87, 5);
    EXPECT_NEAR(losses.step, 1.0, 1e-12);
    EXPECT_NEAR(losses.high, 4.0, 1e-12);
    EXPECT_EQ(losses.decimals, 0);
}

}  // namespace

int main(int argc, char** argv)
{
    return tastelab::testing::runGuiTests(argc, argv);
}

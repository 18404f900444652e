// TrainingPanel: the worker trains (and evaluates) on its own workspace connection and reports
// progress as queued calls; the panel only presents what arrives.
#include "widgets/training_panel.h"

#include "app/gui/background_task.h"
#include "app/services/reward/evaluation.h"
#include "app/services/workspace.h"
#include "widgets/chart_legend.h"
#include "widgets/chart_style.h"
#include "widgets/metric_table_model.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QPen>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

namespace tastelab::widgets {

namespace {

// What the worker hands back; written on the worker thread, read after `finished`.
struct TrainingOutcome {
    services::TrainReport training;
    std::optional<services::EvaluationReport> evaluation;
};

QChartView* makeChartView(QChart* chart, QWidget* parent)
{
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(260);  // room for both axis titles without eliding them
    return view;
}

// The evaluation trains two models and predicts every held-out person at every N_ref with every method: about seven
// trainings' worth of work (the shares in services' evaluationPhases); it shapes the bar only.
constexpr double kEvaluationShare = 7.0;

// What runs now, in words: "Training: epoch 12 of 60", "Evaluation 3 of 5: population model, epoch 4 of 60".
QString phaseText(const services::TrainingProgress& p, bool evaluating)
{
    QString what;
    if (p.phase == "preparing") {
        what = QCoreApplication::translate("tastelab::widgets::TrainingPanel", "loading the answers");
    } else if (p.phase == "training") {
        what = evaluating ? QCoreApplication::translate("tastelab::widgets::TrainingPanel", "personal model")
                          : QCoreApplication::translate("tastelab::widgets::TrainingPanel", "training");
    } else if (p.phase == "population") {
        what = QCoreApplication::translate("tastelab::widgets::TrainingPanel", "population model");
    } else if (p.phase == "seen") {
        what = QCoreApplication::translate("tastelab::widgets::TrainingPanel", "seen people on new images");
    } else if (p.phase == "sweep") {
        what = QCoreApplication::translate("tastelab::widgets::TrainingPanel", "held-out people, N_ref %1").arg(p.nRef);
    } else if (p.phase == "ablation") {
        what = QCoreApplication::translate("tastelab::widgets::TrainingPanel", "loss ablation, %1")
                   .arg(QString::fromStdString(p.ablationVariant));
    } else if (p.phase == "saving") {
        what = QCoreApplication::translate("tastelab::widgets::TrainingPanel", "saving the model");
    } else {
        what = QString::fromStdString(p.phase);
    }
    if (p.epoch > 0 && p.epochs > 0 && p.phase != "saving") {
        what = QCoreApplication::translate("tastelab::widgets::TrainingPanel", "%1, epoch %2 of %3")
                   .arg(what)
                   .arg(p.epoch)
                   .arg(p.epochs);
    }
    const int step = p.phaseIndex + 1;
    const int steps = std::max(step, p.phaseCount);
    return evaluating ? QCoreApplication::translate("tastelab::widgets::TrainingPanel", "Evaluation %1 of %2: %3")
                            .arg(step)
                            .arg(steps)
                            .arg(what)
                      : QCoreApplication::translate("tastelab::widgets::TrainingPanel", "Training %1 of %2: %3")
                            .arg(step)
                            .arg(steps)
                            .arg(what);
}

}  // namespace

TrainingPanel::TrainingPanel(const QString& workspaceFolder, QWidget* parent)
    : QWidget(parent)
    , folder_(workspaceFolder)
{
    task_ = new gui::BackgroundTask(this);

    backbone_ = new QComboBox(this);
    backbone_->addItem(tr("Look features (built in)"), QStringLiteral("look"));
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, 1000);
    epochs_->setValue(services::TrainOptions{}.epochs);
    evaluate_ = new QCheckBox(tr("Evaluate after training"), this);
    evaluate_->setChecked(true);
    start_ = new QPushButton(tr("Start"), this);
    cancel_ = new QPushButton(tr("Cancel"), this);
    connect(start_, &QPushButton::clicked, this, &TrainingPanel::startFromControls);
    connect(task_, &gui::BackgroundTask::phaseChanged, this, &TrainingPanel::showPhase);
    connect(cancel_, &QPushButton::clicked, this, &TrainingPanel::cancel);

    auto* options = new QFormLayout;
    options->addRow(tr("Backbone:"), backbone_);
    options->addRow(tr("Epochs:"), epochs_);
    options->addRow(evaluate_);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(start_);
    buttons->addWidget(cancel_);

    bar_ = new QProgressBar(this);
    bar_->setRange(0, 1000);
    bar_->setValue(0);
    status_ = new QLabel(tr("Not started."), this);
    eta_ = new QLabel(this);

    // The training loss (the weighted sum of the switched-on losses) and the validation loss (measured on other
    // people and images) are different quantities: each has its own axis, in its series' colour.
    lossChart_ = new QChart;
    charts::applyTheme(lossChart_, palette());
    lossChart_->setTitle(tr("Loss per epoch"));
    trainLoss_ = new QLineSeries;
    trainLoss_->setName(tr("Training loss (left axis)"));
    validationLoss_ = new QLineSeries;
    validationLoss_->setName(tr("Validation loss (right axis)"));
    lossChart_->addSeries(trainLoss_);
    lossChart_->addSeries(validationLoss_);
    const bool dark = charts::isDark(palette());
    charts::colourSeries(trainLoss_, 0, dark);
    charts::colourSeries(validationLoss_, 1, dark);
    epochAxis_ = new QValueAxis;
    epochAxis_->setTitleText(tr("Epoch"));
    charts::setWholeRange(epochAxis_, 1, 2);
    trainLossAxis_ = new QValueAxis;
    trainLossAxis_->setTitleText(tr("Training loss"));
    validationLossAxis_ = new QValueAxis;
    validationLossAxis_->setTitleText(tr("Validation loss"));
    lossChart_->addAxis(epochAxis_, Qt::AlignBottom);
    lossChart_->addAxis(trainLossAxis_, Qt::AlignLeft);
    lossChart_->addAxis(validationLossAxis_, Qt::AlignRight);
    for (auto [series, axis] :
        {std::pair{trainLoss_, trainLossAxis_}, std::pair{validationLoss_, validationLossAxis_}}) {
        series->attachAxis(epochAxis_);
        series->attachAxis(axis);
        axis->setLinePenColor(series->color());
        axis->setLabelsColor(series->color());
        axis->setTitleBrush(series->color());
        charts::setNiceRange(axis, 0, 1, 5);
    }

    metrics_ = new MetricTableModel(this);
    metricsView_ = new QTableView(this);
    metricsView_->setModel(metrics_);
    metricsView_->verticalHeader()->hide();
    metricsView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    metricsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    metricsView_->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* nRefChart = new QChart;
    charts::applyTheme(nRefChart, palette());
    nRefChart->setTitle(tr("Held-out people: pairwise accuracy by N_ref"));
    nRefView_ = makeChartView(nRefChart, this);
    // A dozen long method names: under the chart in as many columns as fit, never cut (the chart's own legend is).
    auto* nRefBox = new QWidget(this);
    nRefLegend_ = new ChartLegend(nRefBox);
    nRefLegend_->showSeriesOf(nRefChart);
    auto* nRefLayout = new QVBoxLayout(nRefBox);
    nRefLayout->setContentsMargins(0, 0, 0, 0);
    nRefLayout->addWidget(nRefView_, 1);
    nRefLayout->addWidget(nRefLegend_);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(makeChartView(lossChart_, this));
    charts->addWidget(nRefBox);
    charts->setSizes({800, 1200});  // the accuracy chart carries a legend of method names
    auto* results = new QSplitter(Qt::Vertical, this);
    results->addWidget(charts);
    results->addWidget(metricsView_);
    results->setSizes({1400, 600});  // the charts need the height for their axis titles and the legend

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(options);
    layout->addLayout(buttons);
    layout->addWidget(bar_);
    layout->addWidget(status_);
    layout->addWidget(eta_);
    layout->addWidget(results, 1);

    setRunning(false);
}

TrainingPanel::~TrainingPanel()
{
    // Stop the worker before the widgets its queued reports would touch go away; reports still
    // queued are dropped with this object.
    task_->cancel();
    task_->wait();
}

void TrainingPanel::startFromControls()
{
    services::TrainOptions options;
    options.backbone = backbone_->currentData().toString().toStdString();
    options.epochs = epochs_->value();
    startTraining(options, evaluate_->isChecked());
}

bool TrainingPanel::startTraining(const services::TrainOptions& base, bool evaluate)
{
    if (task_->isRunning()) return false;
    // The controls show what runs, also when a caller passes its own options.
    epochs_->setValue(base.epochs);
    evaluate_->setChecked(evaluate);
    const int backbone = backbone_->findData(QString::fromStdString(base.backbone));
    if (backbone >= 0) backbone_->setCurrentIndex(backbone);
    trainLoss_->clear();
    validationLoss_->clear();
    charts::setWholeRange(epochAxis_, 1, std::max(2, base.epochs));
    for (QValueAxis* axis : {trainLossAxis_, validationLossAxis_}) charts::setNiceRange(axis, 0, 1, 5);
    metrics_->setRows({});
    nRefView_->chart()->removeAllSeries();
    nRefLegend_->showSeriesOf(nRefView_->chart());
    status_->setText(tr("Preparing…"));
    eta_->setText(gui::BackgroundTask::formatEta(-1));
    bar_->setRange(0, 0);
    setRunning(true);

    auto outcome = std::make_shared<TrainingOutcome>();
    disconnect(task_, &gui::BackgroundTask::finished, this, nullptr);
    connect(task_, &gui::BackgroundTask::finished, this, [this, outcome](bool cancelled, const QString& error) {
        setRunning(false);
        const bool evaluationCancelled = outcome->evaluation && outcome->evaluation->training.cancelled;
        const bool stopped = cancelled || outcome->training.cancelled || evaluationCancelled;
        bar_->setRange(0, 1000);
        if (error.isEmpty() && !stopped) bar_->setValue(1000);
        eta_->clear();
        if (!outcome->training.curve.empty()) showCurve(outcome->training.curve);
        if (outcome->evaluation && !evaluationCancelled) showEvaluation(*outcome->evaluation);
        // The task's own clock: training and evaluation together, as the person waited for them.
        const QString total = gui::BackgroundTask::formatDuration(task_->elapsedSeconds());
        if (!error.isEmpty()) {
            status_->setText(tr("Failed after %1: %2").arg(total, error));
        } else if (stopped) {
            status_->setText(tr("Cancelled after %1.").arg(total));
        } else if (outcome->evaluation) {
            status_->setText(tr("Trained and evaluated in %1 (training %2, best epoch %3; evaluation %4).")
                                 .arg(total, gui::BackgroundTask::formatDuration(outcome->training.seconds))
                                 .arg(outcome->training.bestEpoch)
                                 .arg(gui::BackgroundTask::formatDuration(outcome->evaluation->seconds)));
        } else {
            status_->setText(tr("Trained in %1; best epoch %2.").arg(total).arg(outcome->training.bestEpoch));
        }
        Q_EMIT trainingFinished(stopped, error);
    });

    const std::filesystem::path root = folder_.toStdString();
    task_->start([this, root, base, evaluate, outcome](gui::BackgroundTask& task) {
        auto workspace = services::Workspace::open(root);  // this thread's own connection
        // Training and evaluation are one piece of work for the bar and the ETA: training first, then the evaluation
        // with its share.
        const double total = 1.0 + (evaluate ? kEvaluationShare : 0.0);
        const auto forward = [this, &task, total, evaluate](bool evaluating) {
            return [this, &task, total, evaluate, evaluating](const services::TrainingProgress& progress) {
                const double overall = evaluating ? (1.0 + kEvaluationShare * progress.overallFraction) / total
                                                  : progress.overallFraction / total;
                // The evaluation's ETA covers all that is left; the training's only when nothing follows it.
                const double eta =
                    evaluating || !evaluate ? progress.etaSeconds : std::numeric_limits<double>::quiet_NaN();
                task.reportPhase(phaseText(progress, evaluating), progress.phaseFraction, overall, eta);
                // The curves show the model being trained; evaluation trains its own models on the split.
                if (!evaluating && progress.phase == "training" && progress.epoch > 0) {
                    QMetaObject::invokeMethod(
                        this, [this, progress] { showEpoch(progress); }, Qt::QueuedConnection);
                }
            };
        };
        services::TrainOptions options = base;
        options.cancel = task.cancelFlag();
        options.onProgress = forward(false);
        outcome->training = services::trainRewardModel(workspace, options);
        if (!evaluate || outcome->training.cancelled || task.isCancelled()) return;

        services::EvaluationOptions evaluation;
        evaluation.train = base;
        evaluation.train.cancel = task.cancelFlag();
        evaluation.train.onProgress = forward(true);
        outcome->evaluation = services::evaluateRewardModel(workspace, evaluation);
    });
    return true;
}

void TrainingPanel::cancel()
{
    if (!task_->isRunning()) return;
    task_->cancel();
    cancel_->setEnabled(false);
    status_->setText(tr("Stopping…"));
}

int TrainingPanel::curvePoints() const
{
    return trainLoss_->count();
}

int TrainingPanel::metricRows() const
{
    return metrics_->rowCount();
}

bool TrainingPanel::isRunning() const
{
    return task_->isRunning();
}

void TrainingPanel::setRunning(bool running)
{
    start_->setEnabled(!running);
    cancel_->setEnabled(running);
    backbone_->setEnabled(!running);
    epochs_->setEnabled(!running);
    evaluate_->setEnabled(!running);
}

QString TrainingPanel::statusText() const
{
    return status_->text();
}

QString TrainingPanel::etaText() const
{
    return eta_->text();
}

int TrainingPanel::progressValue() const
{
    return bar_->value();
}

void TrainingPanel::showEpoch(const services::TrainingProgress& progress)
{
    if (task_->isCancelled()) return;  // a late report after Cancel
    addCurvePoint(progress.epoch, progress.trainLoss, progress.validationLoss);
    Q_EMIT progressReported(progress.epoch, progress.epochs);
}

void TrainingPanel::showPhase(const QString& phase, double phaseFraction, double overall, double eta)
{
    if (task_->isCancelled() || !task_->isRunning()) return;  // a late report after Cancel or the end
    bar_->setRange(0, 1000);
    bar_->setValue(int(1000 * overall));
    status_->setText(tr("%1 (%2 %)").arg(phase).arg(int(100 * phaseFraction)));
    eta_->setText(
        tr("%1 · %2 so far")
            .arg(gui::BackgroundTask::formatEta(eta), gui::BackgroundTask::formatDuration(task_->elapsedSeconds())));
    Q_EMIT progressReported(0, 0);
}

void TrainingPanel::addCurvePoint(int epoch, double trainLoss, double validationLoss)
{
    // Each axis spans its own series (from zero: a loss is never negative), in steps that read well; it changes only
    // when a loss outgrows it, so a long training does not lay the chart out again at every epoch.
    for (auto [series, axis, loss] : {std::tuple{trainLoss_, trainLossAxis_, trainLoss},
             std::tuple{validationLoss_, validationLossAxis_, validationLoss}}) {
        if (!std::isfinite(loss)) continue;
        if (series->count() == 0 || loss > axis->max()) charts::setNiceRange(axis, 0, loss * 1.05, 5);
        series->append(epoch, loss);
    }
}

void TrainingPanel::showCurve(const std::vector<services::TrainingProgress>& curve)
{
    // The report's curve is authoritative: queued reports may have been dropped after Cancel. One replace per series:
    // appending point by point redraws the chart at every point.
    QList<QPointF> train;
    QList<QPointF> validation;
    double highTrain = 0;
    double highValidation = 0;
    for (const auto& point : curve) {
        if (std::isfinite(point.trainLoss)) {
            train.append(QPointF(point.epoch, point.trainLoss));
            highTrain = std::max(highTrain, point.trainLoss);
        }
        if (std::isfinite(point.validationLoss)) {
            validation.append(QPointF(point.epoch, point.validationLoss));
            highValidation = std::max(highValidation, point.validationLoss);
        }
    }
    trainLoss_->replace(train);
    validationLoss_->replace(validation);
    charts::setNiceRange(trainLossAxis_, 0, highTrain > 0 ? highTrain * 1.05 : 1.0, 5);
    charts::setNiceRange(validationLossAxis_, 0, highValidation > 0 ? highValidation * 1.05 : 1.0, 5);
    charts::setWholeRange(epochAxis_, 1, std::max(2, curve.back().epoch));
}

void TrainingPanel::showEvaluation(const services::EvaluationReport& report)
{
    metrics_->setRows(report.rows);

    // Held-out people, all images where measured (new images otherwise); N_ref on a log-2 axis.
    QChart* chart = nRefView_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    std::string cell = "all";
    const auto hasCurve = [&report](const std::string& images) {
        return std::any_of(report.rows.begin(), report.rows.end(), [&](const services::MetricRow& row) {
            return row.people == "held-out" && row.images == images && row.nRef > 0 && std::isfinite(row.pairwise);
        });
    };
    if (!hasCurve(cell)) cell = "new";

    std::map<std::string, QLineSeries*> curves;
    std::vector<std::pair<QLineSeries*, bool>> order;  // the series and whether it is a baseline
    int minNRef = 0;
    int maxNRef = 0;
    double minAccuracy = 100;
    for (const auto& row : report.rows) {
        if (row.people != "held-out" || row.images != cell || row.nRef <= 0 || !std::isfinite(row.pairwise)
            || !services::isChartedMethod(row.method))
            continue;
        QLineSeries*& series = curves[row.method];
        if (!series) {
            series = new QLineSeries;
            series->setName(MetricTableModel::methodLabel(row.method));
            series->setPointsVisible(true);
            // The Bayes bound on the true attributes (demo workspaces) is a reference like the ceiling: dashed.
            order.emplace_back(series, row.method.rfind("Bound", 0) == 0);
        }
        series->append(row.nRef, 100.0 * row.pairwise);
        minNRef = minNRef == 0 ? row.nRef : std::min(minNRef, row.nRef);
        maxNRef = std::max(maxNRef, row.nRef);
        minAccuracy = std::min(minAccuracy, 100.0 * row.pairwise);
    }
    // The references after the methods, so that the methods' colours do not depend on whether a bound was measured.
    std::stable_partition(order.begin(), order.end(), [](const auto& entry) { return !entry.second; });
    if (minNRef == 0) {
        for (int n : report.nRefs) {
            if (n <= 0) continue;
            minNRef = minNRef == 0 ? n : std::min(minNRef, n);
            maxNRef = std::max(maxNRef, n);
        }
    }
    if (minNRef == 0) minNRef = maxNRef = 1;
    if (maxNRef == minNRef) maxNRef = minNRef * 2;
    for (const auto& row : report.rows) {
        if (row.people != "held-out" || row.images != "all" || row.nRef != 0 || !std::isfinite(row.pairwise)) continue;
        auto* line = new QLineSeries;
        line->setName(MetricTableModel::methodLabel(row.method));
        line->append(minNRef, 100.0 * row.pairwise);
        line->append(maxNRef, 100.0 * row.pairwise);
        order.emplace_back(line, true);
        minAccuracy = std::min(minAccuracy, 100.0 * row.pairwise);
    }

    auto* x = new QLogValueAxis;
    x->setBase(2);
    x->setLabelFormat(QStringLiteral("%d"));
    x->setMinorTickCount(0);
    x->setTitleText(tr("N_ref (answers known)"));
    x->setRange(minNRef, maxNRef);
    auto* y = new QValueAxis;
    y->setTitleText(tr("Pairwise accuracy (%)"));
    // From the lowest measured (50 %, chance, at the highest) to 100 %, in steps of 10.
    const double yLow = std::max(0.0, std::floor(std::min(minAccuracy, 50.0) / 10) * 10);
    y->setRange(yLow, 100);
    y->setTickCount(int(std::lround((100 - yLow) / 10)) + 1);
    y->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    const bool dark = charts::isDark(palette());
    int colour = 0;
    for (const auto& [series, baseline] : order) {
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
        if (baseline) {  // before colouring, which keeps the style
            QPen pen = series->pen();
            pen.setStyle(Qt::DashLine);
            series->setPen(pen);
        }
        charts::colourSeries(series, colour++, dark);  // after addSeries, which gives the theme's pen
    }
    nRefLegend_->showSeriesOf(chart);
}

}  // namespace tastelab::widgets

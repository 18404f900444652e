// TrainingPanel: the worker trains (and evaluates) on its own workspace connection and reports
// progress as queued calls; the panel only presents what arrives.
#include "widgets/training_panel.h"

#include "app/gui/background_task.h"
#include "app/services/reward/evaluation.h"
#include "app/services/workspace.h"
#include "widgets/metric_table_model.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
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
#include <map>
#include <memory>
#include <optional>

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
    view->setMinimumHeight(220);
    return view;
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
    bar_->setRange(0, 1);
    bar_->setValue(0);
    status_ = new QLabel(tr("Not started."), this);
    eta_ = new QLabel(this);

    lossChart_ = new QChart;
    lossChart_->setTitle(tr("Loss per epoch"));
    trainLoss_ = new QLineSeries;
    trainLoss_->setName(tr("Training loss"));
    validationLoss_ = new QLineSeries;
    validationLoss_->setName(tr("Validation loss"));
    lossChart_->addSeries(trainLoss_);
    lossChart_->addSeries(validationLoss_);
    epochAxis_ = new QValueAxis;
    epochAxis_->setTitleText(tr("Epoch"));
    epochAxis_->setLabelFormat(QStringLiteral("%d"));
    epochAxis_->setRange(1, 2);
    // Ticks on whole epochs only.
    epochAxis_->setTickType(QValueAxis::TicksDynamic);
    epochAxis_->setTickAnchor(1);
    epochAxis_->setTickInterval(1);
    lossAxis_ = new QValueAxis;
    lossAxis_->setTitleText(tr("Loss"));
    lossAxis_->setRange(0, 1);
    lossChart_->addAxis(epochAxis_, Qt::AlignBottom);
    lossChart_->addAxis(lossAxis_, Qt::AlignLeft);
    for (QLineSeries* series : {trainLoss_, validationLoss_}) {
        series->attachAxis(epochAxis_);
        series->attachAxis(lossAxis_);
    }

    metrics_ = new MetricTableModel(this);
    metricsView_ = new QTableView(this);
    metricsView_->setModel(metrics_);
    metricsView_->verticalHeader()->hide();
    metricsView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    metricsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    metricsView_->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* nRefChart = new QChart;
    nRefChart->setTitle(tr("Pairwise accuracy of held-out people against N_ref"));
    nRefChart->legend()->setAlignment(Qt::AlignRight);  // method names are long
    nRefView_ = makeChartView(nRefChart, this);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(makeChartView(lossChart_, this));
    charts->addWidget(nRefView_);
    charts->setSizes({1000, 1000});
    auto* results = new QSplitter(Qt::Vertical, this);
    results->addWidget(charts);
    results->addWidget(metricsView_);
    results->setSizes({1200, 800});

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
    maxLoss_ = 0;
    epochAxis_->setRange(1, std::max(2, base.epochs));
    epochAxis_->setTickInterval(std::max(1, (std::max(2, base.epochs) - 1 + 5) / 6));
    lossAxis_->setRange(0, 1);
    metrics_->setRows({});
    nRefView_->chart()->removeAllSeries();
    status_->setText(tr("Preparing…"));
    eta_->setText(gui::BackgroundTask::formatEta(-1));
    bar_->setRange(0, 0);
    setRunning(true);

    auto outcome = std::make_shared<TrainingOutcome>();
    task_->disconnect(this);
    connect(task_, &gui::BackgroundTask::finished, this, [this, outcome](bool cancelled, const QString& error) {
        setRunning(false);
        bar_->setRange(0, 1);
        bar_->setValue(error.isEmpty() && !cancelled ? 1 : 0);
        eta_->clear();
        if (!outcome->training.curve.empty()) showCurve(outcome->training.curve);
        if (outcome->evaluation) showEvaluation(*outcome->evaluation);
        if (!error.isEmpty()) {
            status_->setText(tr("Training failed: %1").arg(error));
        } else if (cancelled || outcome->training.cancelled) {
            status_->setText(tr("Training cancelled."));
        } else {
            status_->setText(tr("Finished in %1 s; best epoch %2.")
                                 .arg(QLocale().toString(outcome->training.seconds, 'f', 1))
                                 .arg(outcome->training.bestEpoch));
        }
        Q_EMIT trainingFinished(cancelled || outcome->training.cancelled, error);
    });

    const std::filesystem::path root = folder_.toStdString();
    task_->start([this, root, base, evaluate, outcome](gui::BackgroundTask& task) {
        auto workspace = services::Workspace::open(root);  // this thread's own connection
        const auto forward = [this](bool evaluating) {
            return [this, evaluating](const services::TrainingProgress& progress) {
                QMetaObject::invokeMethod(
                    this, [this, progress, evaluating] { showProgress(progress, evaluating); }, Qt::QueuedConnection);
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

void TrainingPanel::showProgress(const services::TrainingProgress& progress, bool evaluating)
{
    if (task_->isCancelled()) return;  // a late report after Cancel
    if (progress.epochs > 0 && progress.epoch > 0) {
        bar_->setRange(0, progress.epochs);
        bar_->setValue(progress.epoch);
    } else {
        bar_->setRange(0, 0);
    }
    eta_->setText(gui::BackgroundTask::formatEta(progress.etaSeconds));
    const QLocale locale;
    if (progress.phase == "training" && progress.epoch > 0) {
        const QString loss = std::isfinite(progress.trainLoss) ? locale.toString(progress.trainLoss, 'f', 4) : tr("—");
        status_->setText(evaluating
                ? tr("Evaluating: training epoch %1 of %2 (loss %3)").arg(progress.epoch).arg(progress.epochs).arg(loss)
                : tr("Training epoch %1 of %2 (loss %3)").arg(progress.epoch).arg(progress.epochs).arg(loss));
        // The curves show the model being trained; evaluation trains its own models on the split.
        if (!evaluating) addCurvePoint(progress.epoch, progress.trainLoss, progress.validationLoss);
    } else if (progress.phase == "saving") {
        status_->setText(tr("Saving the model…"));
    } else {
        status_->setText(evaluating ? tr("Evaluating: preparing…") : tr("Preparing…"));
    }
    Q_EMIT progressReported(progress.epoch, progress.epochs);
}

void TrainingPanel::addCurvePoint(int epoch, double trainLoss, double validationLoss)
{
    if (std::isfinite(trainLoss)) {
        trainLoss_->append(epoch, trainLoss);
        maxLoss_ = std::max(maxLoss_, trainLoss);
    }
    if (std::isfinite(validationLoss)) {
        validationLoss_->append(epoch, validationLoss);
        maxLoss_ = std::max(maxLoss_, validationLoss);
    }
    if (maxLoss_ > 0) lossAxis_->setRange(0, maxLoss_ * 1.1);
}

void TrainingPanel::showCurve(const std::vector<services::TrainingProgress>& curve)
{
    // The report's curve is authoritative: queued reports may have been dropped after Cancel.
    trainLoss_->clear();
    validationLoss_->clear();
    maxLoss_ = 0;
    for (const auto& point : curve) addCurvePoint(point.epoch, point.trainLoss, point.validationLoss);
    const int last = curve.back().epoch;
    if (last >= 2) {
        epochAxis_->setRange(1, last);
        epochAxis_->setTickInterval(std::max(1, (last - 1 + 5) / 6));
    }
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
        if (row.people != "held-out" || row.images != cell || row.nRef <= 0 || !std::isfinite(row.pairwise)) continue;
        QLineSeries*& series = curves[row.method];
        if (!series) {
            series = new QLineSeries;
            series->setName(MetricTableModel::methodLabel(row.method));
            series->setPointsVisible(true);
            order.emplace_back(series, false);
        }
        series->append(row.nRef, 100.0 * row.pairwise);
        minNRef = minNRef == 0 ? row.nRef : std::min(minNRef, row.nRef);
        maxNRef = std::max(maxNRef, row.nRef);
        minAccuracy = std::min(minAccuracy, 100.0 * row.pairwise);
    }
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
    x->setTitleText(tr("N_ref (answers representing a new person)"));
    x->setRange(minNRef, maxNRef);
    auto* y = new QValueAxis;
    y->setTitleText(tr("Pairwise accuracy (%)"));
    y->setRange(std::max(0.0, std::floor(std::min(minAccuracy, 50.0) / 10) * 10), 100);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (const auto& [series, baseline] : order) {
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
        if (baseline) {  // after addSeries, which gives the theme's pen
            QPen pen = series->pen();
            pen.setStyle(Qt::DashLine);
            series->setPen(pen);
        }
    }
}

}  // namespace tastelab::widgets

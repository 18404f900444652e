// Training and evaluating the personal reward model: options, Start/Cancel, progress through the phases of the work
// with an ETA, live loss curves, the metrics table and accuracy against the number of references (N_ref).
#pragma once

#include "app/services/reward/evaluation_report.h"
#include "app/services/reward/trainer.h"

#include <QString>
#include <QWidget>

class QCheckBox;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QValueAxis;

namespace tastelab::gui {
class BackgroundTask;
}

namespace tastelab::widgets {

class ChartLegend;
class MetricTableModel;

class TrainingPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrainingPanel(const QString& workspaceFolder, QWidget* parent = nullptr);
    ~TrainingPanel() override;

    // Trains on a worker thread with its own workspace connection, then evaluates when asked.
    // `base` supplies everything but onProgress and cancel, which the panel sets. Returns false
    // when a training is already running; the outcome arrives through trainingFinished.
    bool startTraining(const services::TrainOptions& base, bool evaluate);
    void cancel();

    int curvePoints() const;
    int metricRows() const;
    // What the progress line and the time line say now ("Evaluation 4 of 5: held-out people, N_ref 8 (40 %)").
    QString statusText() const;
    QString etaText() const;
    // 0..1000: the whole work (training and, when asked, evaluation).
    int progressValue() const;
    bool isRunning() const;
    const MetricTableModel& metrics() const { return *metrics_; }
    // The table and the N_ref chart of a finished evaluation (also a stored one, or one a test builds).
    void showEvaluation(const services::EvaluationReport& report);

Q_SIGNALS:
    // On the GUI thread, for every progress report of the worker.
    void progressReported(int epoch, int epochs);
    // error is empty on success.
    void trainingFinished(bool cancelled, const QString& error);

private:
    void startFromControls();
    void showEpoch(const services::TrainingProgress& progress);
    void showPhase(const QString& phase, double phaseFraction, double overall, double eta);
    void addCurvePoint(int epoch, double trainLoss, double validationLoss);
    void showCurve(const std::vector<services::TrainingProgress>& curve);
    void setRunning(bool running);

    QString folder_;
    gui::BackgroundTask* task_;
    QComboBox* backbone_;
    QSpinBox* epochs_;
    QCheckBox* evaluate_;
    QPushButton* start_;
    QPushButton* cancel_;
    QProgressBar* bar_;
    QLabel* status_;
    QLabel* eta_;
    QChart* lossChart_;
    QLineSeries* trainLoss_;
    QLineSeries* validationLoss_;
    QValueAxis* epochAxis_;
    QValueAxis* trainLossAxis_;
    QValueAxis* validationLossAxis_;
    MetricTableModel* metrics_;
    QTableView* metricsView_;
    QChartView* nRefView_;
    ChartLegend* nRefLegend_;  // under nRefView_: the chart's own legend cuts long method names
};

}  // namespace tastelab::widgets

// The Steer page: steers a generator's initial noise toward one person's reward model (and, to compare, the same
// prompt and seed toward a second person's), or refines the prompt by a beam search over modifier edits whose
// candidates the person accepts, rejects or rates in a strip, off the GUI thread with progress, ETA and cancel. Shows
// the baseline against the steered image (side by side or as a wipe) beside the reward curve, person A's image against
// person B's, exports a captioned comparison sheet as PNG, and lists the workspace's stored runs, each of which reopens
// from the database exactly as it was shown when it ran.
#pragma once

#include <QAbstractListModel>
#include <QImage>
#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QChart;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QListView;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace tastelab::gui {
class BackgroundTask;
}
namespace tastelab::services {
class Workspace;
struct PromptRefineOptions;
struct SteerOptions;
}  // namespace tastelab::services

namespace tastelab::widgets {

class CompareView;
class PromptStrip;

// The workspace's steering runs of both methods, newest first: method, person, prompt, seed and when.
class SteeringRunModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        RunIdRole = Qt::UserRole + 1,
        PersonRole,
        PromptRole,
        SeedRole,
        CreatedRole,
        CancelledRole,
        PromptRefinementRole  // true for a prompt refinement run, false for a noise run
    };
    struct Entry {
        qint64 runId = 0;
        QString person;
        QString prompt;
        qint64 seed = 0;
        QString createdAt;  // UTC, ISO 8601, as stored
        bool cancelled = false;
        bool promptRefinement = false;
    };

    explicit SteeringRunModel(QObject* parent = nullptr);
    // Sorts newest first.
    void setEntries(std::vector<Entry> entries);
    const std::vector<Entry>& entries() const { return entries_; }
    int rowOf(qint64 runId) const;  // -1 when absent
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    std::vector<Entry> entries_;
};

class SteeringPage : public QWidget {
    Q_OBJECT

public:
    enum class Method { Noise, Prompt };  // ReNO-style noise optimisation, or prompt refinement

    // What the Steer button runs; the form shows it.
    struct Request {
        Method method = Method::Noise;
        QString personA;
        QString personB;  // empty: steer for A only
        QString prompt;
        quint64 seed = 0;
        int iterations = 50;
        int size = 256;
        double contrast = 0.7;
        QString generator = QStringLiteral("procedural");  // or "sd-turbo" (from the generator list)
        QString device = QStringLiteral("auto");  // the compute-device setting: auto, cpu or cuda:N
        // Prompt refinement only (person B and the iterations are for noise); the defaults are PromptRefineOptions'.
        int beamWidth = 3;
        int depth = 2;
        int candidatesPerParent = 16;
    };

    // One run as shown: everything comes from the database.
    struct ShownRun {
        qint64 runId = 0;
        Method method = Method::Noise;
        QString person;
        QString prompt;
        QString bestPrompt;  // prompt refinement: the best candidate's prompt
        QString generator;
        qint64 seed = 0;
        qint64 baselineImageId = 0;
        qint64 steeredImageId = 0;
        std::vector<double> trajectory;  // noise: per iteration; prompt: the best per depth, the original first
        bool cancelled = false;
        double baselineReward() const { return trajectory.empty() ? 0.0 : trajectory.front(); }
        double bestReward() const;
    };

    // An empty hubCache uses the Hugging Face default.
    explicit SteeringPage(const QString& workspaceFolder, const QString& modelsFolder = {},
        const QString& hubCache = {}, QWidget* parent = nullptr);
    ~SteeringPage() override;  // cancels a running steer and waits for it

    // The form's own checks (whom to steer for, a prompt, two different people to compare): why the request cannot
    // run, or empty. Pure, like the two below, so that a test can check them without a page.
    static QString requestProblem(const Request& request);
    // What the request runs: noise steering for person A (the task runs it again for person B), or prompt
    // refinement; `modelFolder` is the chosen generator's folder.
    static services::SteerOptions steerOptions(const Request& request, const QString& modelFolder);
    static services::PromptRefineOptions promptRefineOptions(const Request& request, const QString& modelFolder);

    // The compute-device setting (Settings > Compute) that the next steer runs on.
    void setDevice(const QString& device) { device_ = device; }
    const QString& device() const { return device_; }

    // Fills the form; the generator must be one the page lists.
    void setRequest(const Request& request);
    Request request() const;
    // Starts what the form says; false (with the reason in statusText()) when the form is incomplete or a steer runs.
    bool startSteering();
    void cancelSteering();
    bool isSteering() const;

    // Shows a stored run with the nearest run for another person with the same prompt, seed, generator and method
    // (the one steered with it as person B), and fills the form with its settings; a prompt refinement run fills the
    // candidate strip with its candidates and their verdicts. False when there is no such run.
    bool openRun(qint64 runId);
    const ShownRun& shownA() const { return shownA_; }
    const ShownRun& shownB() const { return shownB_; }  // runId 0 when there is none

    // Writes the comparison sheet of what is shown (baseline, A's steered image, and B's when shown) as a PNG.
    bool exportSheet(const QString& path);
    QImage comparisonSheet() const;

    QString statusText() const;
    CompareView* baselineView() const { return baselineView_; }
    CompareView* personView() const { return personView_; }
    QLineSeries* rewardSeries() const { return rewardA_; }
    QLineSeries* rewardSeriesB() const { return rewardB_; }
    PromptStrip* promptStrip() const { return promptStrip_; }
    SteeringRunModel* runs() const { return runs_; }
    QListView* runsView() const { return runsView_; }
    QStringList generatorIds() const;
    gui::BackgroundTask* task() const { return task_; }

public Q_SLOTS:
    void reloadPeople();
    void reloadRuns();
    void exportSheetInteractively();

Q_SIGNALS:
    // After a steer ends and its runs are shown (error empty on success).
    void steeringFinished(bool cancelled, const QString& error);
    void runShown(qint64 runId);

private:
    struct Outcome;
    // The constructor's steps, in the order it runs them (the tab order follows the order of making).
    void nameWidgets();
    void configureFields();
    QGroupBox* buildForm();
    QGroupBox* buildRunList();
    QWidget* buildFormColumn();
    QWidget* buildChart();
    QWidget* buildViewColumn();
    void layOutColumns(QWidget* left, QWidget* right);
    void connectSignals();
    void openWorkspace();
    // The task's progress and end.
    void showProgress(qint64 done, qint64 total, double eta);
    void steeringEnded(bool cancelled, const QString& error);

    void listGenerators();
    void setBusy(bool busy);
    void showMethodRows();
    void startPromptRefinement(const Request& r);
    // Fills the strip from a stored prompt refinement run; returns the best candidate's prompt.
    QString showCandidates(qint64 runId);
    void showRuns(const ShownRun& a, const ShownRun& b);
    bool loadRun(qint64 runId, ShownRun& out);
    QImage loadImage(qint64 imageId);
    qint64 partnerOf(const ShownRun& run);
    QString personName(qint64 personId);

    QString folder_;
    QString modelsFolder_;
    QString hubCache_;
    QString device_ = QStringLiteral("auto");
    std::unique_ptr<services::Workspace> workspace_;
    std::shared_ptr<Outcome> outcome_;  // written by the task, read when it has finished
    ShownRun shownA_;
    ShownRun shownB_;

    QFormLayout* form_;
    QComboBox* method_;
    QComboBox* personA_;
    QComboBox* personB_;
    QLineEdit* prompt_;
    QSpinBox* seed_;
    QSpinBox* iterations_;
    QSpinBox* size_;
    QComboBox* generator_;
    QDoubleSpinBox* contrast_;
    QSpinBox* beamWidth_;
    QSpinBox* depth_;
    QSpinBox* candidatesPerParent_;
    QPushButton* steerButton_;
    QPushButton* cancelButton_;
    QPushButton* exportButton_;
    QCheckBox* wipeBox_;
    QProgressBar* progress_;
    QLabel* progressText_;
    QLabel* status_;
    CompareView* baselineView_;
    CompareView* personView_;
    QLabel* compareTitle_;
    QLabel* personTitle_;
    QLabel* stripTitle_;
    PromptStrip* promptStrip_;
    QChart* chart_;
    QLineSeries* rewardA_;
    QLineSeries* rewardB_;
    QValueAxis* iterationAxis_;
    QValueAxis* rewardAxis_;
    SteeringRunModel* runs_;
    QListView* runsView_;
    gui::BackgroundTask* task_;
};

}  // namespace tastelab::widgets

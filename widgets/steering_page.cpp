// The Steer page: the form, the steering task (noise or prompt refinement), the comparisons with the reward curve,
// the candidate strip, the sheet export and the runs.
#include "widgets/steering_page.h"

#include "app/gui/background_task.h"
#include "app/services/generation.h"
#include "app/services/image_library.h"
#include "app/services/model_locator.h"
#include "app/services/prompt_refinement.h"
#include "app/services/steering.h"
#include "app/services/workspace.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "util/json.h"
#include "widgets/chart_style.h"
#include "widgets/compare_view.h"
#include "widgets/prompt_strip.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListView>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace tastelab::widgets {

namespace {

constexpr int kFolderRole = Qt::UserRole + 1;
// The candidate strip's height before it holds cards (its placeholder) and at the least.
constexpr int kStripMinimumHeight = 260;

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

QString localTime(const QString& utc)
{
    QDateTime time = QDateTime::fromString(utc, Qt::ISODate);
    if (!time.isValid()) return utc;
    time.setTimeSpec(Qt::UTC);
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

// The edit as the strip shows it, translated (PromptEdit::describe is for logs and the CLI).
QString describeEdit(const services::PromptEdit& edit)
{
    switch (edit.kind) {
    case services::PromptEdit::Kind::Add:
        return SteeringPage::tr("add “%1”").arg(qs(edit.to));
    case services::PromptEdit::Kind::Remove:
        return SteeringPage::tr("remove “%1”").arg(qs(edit.from));
    case services::PromptEdit::Kind::Swap:
        return SteeringPage::tr("swap “%1” for “%2”").arg(qs(edit.from), qs(edit.to));
    }
    return {};
}

}  // namespace

// What the steering task hands back to the GUI thread.
struct SteeringPage::Outcome {
    qint64 runA = 0;
    qint64 runB = 0;
    std::atomic<int> phase{0};  // 0: person A, 1: person B
    std::atomic<double> best{0.0};
    std::atomic<int> iteration{0};
    int iterations = 0;
    bool prompt = false;  // a prompt refinement: progress counts candidates
    QString personA, personB;
};

double SteeringPage::ShownRun::bestReward() const
{
    return trajectory.empty() ? 0.0 : *std::max_element(trajectory.begin(), trajectory.end());
}

SteeringRunModel::SteeringRunModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void SteeringRunModel::setEntries(std::vector<Entry> entries)
{
    // Run ids grow with time, so the largest is the newest (two runs may share a timestamp).
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.runId > b.runId; });
    beginResetModel();
    entries_ = std::move(entries);
    endResetModel();
}

int SteeringRunModel::rowOf(qint64 runId) const
{
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].runId == runId) return static_cast<int>(i);
    }
    return -1;
}

int SteeringRunModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

QVariant SteeringRunModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Entry& e = entries_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: {
        const QString method = e.promptRefinement ? tr("Prompt") : tr("Noise");
        const QString line =
            tr("%1 · %2 · seed %3 · %4\n%5").arg(method, e.person).arg(e.seed).arg(localTime(e.createdAt), e.prompt);
        return e.cancelled ? line + QLatin1Char(' ') + tr("(cancelled)") : line;
    }
    case Qt::ToolTipRole:
        return (e.promptRefinement ? tr("Prompt refinement run %1 for %2, seed %3, started %4\n%5")
                                   : tr("Noise steering run %1 for %2, seed %3, started %4\n%5"))
            .arg(e.runId)
            .arg(e.person)
            .arg(e.seed)
            .arg(localTime(e.createdAt), e.prompt);
    case RunIdRole:
        return e.runId;
    case PersonRole:
        return e.person;
    case PromptRole:
        return e.prompt;
    case SeedRole:
        return e.seed;
    case CreatedRole:
        return e.createdAt;
    case CancelledRole:
        return e.cancelled;
    case PromptRefinementRole:
        return e.promptRefinement;
    default:
        return {};
    }
}

SteeringPage::SteeringPage(
    const QString& workspaceFolder, const QString& modelsFolder, const QString& hubCache, QWidget* parent)
    : QWidget(parent)
    , folder_(workspaceFolder)
    , modelsFolder_(modelsFolder)
    , hubCache_(hubCache.isEmpty() ? qs(services::huggingFaceHubCache().string()) : hubCache)
    , form_(new QFormLayout)
    , method_(new QComboBox(this))
    , personA_(new QComboBox(this))
    , personB_(new QComboBox(this))
    , prompt_(new QLineEdit(this))
    , seed_(new QSpinBox(this))
    , iterations_(new QSpinBox(this))
    , size_(new QSpinBox(this))
    , generator_(new QComboBox(this))
    , contrast_(new QDoubleSpinBox(this))
    , beamWidth_(new QSpinBox(this))
    , depth_(new QSpinBox(this))
    , candidatesPerParent_(new QSpinBox(this))
    , steerButton_(new QPushButton(tr("Steer"), this))
    , cancelButton_(new QPushButton(tr("Cancel"), this))
    , exportButton_(new QPushButton(tr("Export Sheet…"), this))
    , wipeBox_(new QCheckBox(tr("Wipe"), this))
    , progress_(new QProgressBar(this))
    , progressText_(new QLabel(this))
    , status_(new QLabel(this))
    , baselineView_(new CompareView(this))
    , personView_(new CompareView(this))
    , compareTitle_(new QLabel(tr("Baseline against steered"), this))
    , personTitle_(new QLabel(this))
    , stripTitle_(new QLabel(this))
    , promptStrip_(new PromptStrip(this))
    , chart_(new QChart)
    , rewardA_(new QLineSeries)
    , rewardB_(new QLineSeries)
    , iterationAxis_(new QValueAxis)
    , rewardAxis_(new QValueAxis)
    , runs_(new SteeringRunModel(this))
    , runsView_(new QListView(this))
    , task_(new gui::BackgroundTask(this))
{
    nameWidgets();
    configureFields();
    // Keep the steps in this order: the tab order follows the order in which widgets are made.
    QWidget* left = buildFormColumn();
    QWidget* right = buildViewColumn();
    layOutColumns(left, right);
    connectSignals();
    exportButton_->setEnabled(false);
    openWorkspace();
    setBusy(false);  // Steer stays disabled without a workspace
    listGenerators();
    showMethodRows();
}

// The object names the tests find the widgets by.
void SteeringPage::nameWidgets()
{
    steerButton_->setObjectName(QStringLiteral("steerButton"));
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    exportButton_->setObjectName(QStringLiteral("exportButton"));
    method_->setObjectName(QStringLiteral("methodBox"));
}

// The form's fields: ranges, defaults (prompt refinement's are PromptRefineOptions') and tool tips.
void SteeringPage::configureFields()
{
    prompt_->setPlaceholderText(tr("What to generate, e.g. a lighthouse at dusk"));
    // Room for the whole placeholder in every language; the column grows rather than cutting it.
    prompt_->setMinimumWidth(prompt_->fontMetrics().horizontalAdvance(prompt_->placeholderText()) + 24);
    personA_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    personB_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    generator_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    method_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    seed_->setRange(0, std::numeric_limits<int>::max());
    iterations_->setRange(1, 1000);
    iterations_->setValue(50);
    size_->setRange(64, services::largestSizeOfAnyGenerator());
    size_->setSingleStep(64);
    size_->setValue(256);
    size_->setSuffix(tr(" px"));
    contrast_->setRange(0.0, 2.0);
    contrast_->setSingleStep(0.1);
    contrast_->setValue(services::kDefaultSteeringContrast);
    contrast_->setToolTip(tr("How much of what everyone likes is subtracted from the person's predicted score, so the "
                             "image moves toward what sets this person apart (0: their predicted score alone)."));
    personB_->setToolTip(tr("Steer the same prompt and seed for a second person to compare the two."));
    wipeBox_->setToolTip(tr("Show the two images on top of each other with a split line to drag (or move with the "
                            "arrow keys)."));

    method_->addItem(tr("Noise (ReNO)"), QStringLiteral("noise"));
    method_->addItem(tr("Prompt refinement"), QStringLiteral("prompt"));
    method_->setToolTip(tr("Noise: optimise the generator's starting noise for the person. Prompt refinement: try "
                           "adding, removing or swapping style words, each rendered with the same seed, and keep the "
                           "candidates the person's model scores best."));
    const services::PromptRefineOptions refineDefaults;
    beamWidth_->setRange(1, 16);
    beamWidth_->setValue(refineDefaults.beamWidth);
    beamWidth_->setToolTip(tr("How many of the best prompts each round keeps and edits further."));
    depth_->setRange(0, 8);
    depth_->setValue(refineDefaults.depth);
    depth_->setToolTip(tr("How many edits a prompt may receive, one per round."));
    candidatesPerParent_->setRange(1, 64);
    candidatesPerParent_->setValue(refineDefaults.maxCandidatesPerParent);
    candidatesPerParent_->setToolTip(tr("How many edits of each kept prompt are rendered and scored per round."));
}

// The form with Steer, Cancel and the progress of the run under way.
QGroupBox* SteeringPage::buildForm()
{
    QFormLayout* form = form_;
    form->addRow(tr("Method:"), method_);
    form->addRow(tr("Person:"), personA_);
    form->addRow(tr("Compare with:"), personB_);
    form->addRow(tr("Prompt:"), prompt_);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(tr("Iterations:"), iterations_);
    form->addRow(tr("Beam width:"), beamWidth_);
    form->addRow(tr("Depth:"), depth_);
    form->addRow(tr("Candidates per prompt:"), candidatesPerParent_);
    form->addRow(tr("Size:"), size_);
    form->addRow(tr("Generator:"), generator_);
    form->addRow(tr("Contrast:"), contrast_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(steerButton_);
    buttons->addWidget(cancelButton_);
    buttons->addStretch();
    auto* formBox = new QGroupBox(tr("Steering"), this);
    auto* formLayout = new QVBoxLayout(formBox);
    formLayout->addLayout(form);
    formLayout->addLayout(buttons);
    formLayout->addWidget(progress_);
    formLayout->addWidget(progressText_);
    progressText_->setWordWrap(true);
    return formBox;
}

// The workspace's stored runs.
QGroupBox* SteeringPage::buildRunList()
{
    runsView_->setModel(runs_);
    runsView_->setSelectionMode(QAbstractItemView::SingleSelection);
    runsView_->setAccessibleName(tr("Stored steering runs"));
    auto* runsBox = new QGroupBox(tr("Runs"), this);
    auto* runsLayout = new QVBoxLayout(runsBox);
    runsLayout->addWidget(runsView_);
    return runsBox;
}

// The form over the stored runs.
QWidget* SteeringPage::buildFormColumn()
{
    QGroupBox* formBox = buildForm();
    QGroupBox* runsBox = buildRunList();
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(formBox);
    leftLayout->addWidget(runsBox, 1);
    return left;
}

// The reward per iteration (noise) or the best reward per depth (prompt refinement), of person A and B.
QWidget* SteeringPage::buildChart()
{
    chart_->setTitle(tr("Reward per iteration"));
    rewardA_->setName(tr("Person A"));
    rewardB_->setName(tr("Person B"));
    chart_->addSeries(rewardA_);
    chart_->addSeries(rewardB_);
    iterationAxis_->setTitleText(tr("Iteration"));
    iterationAxis_->setLabelFormat(QStringLiteral("%d"));
    iterationAxis_->setRange(0, 1);
    iterationAxis_->setTickType(QValueAxis::TicksDynamic);
    iterationAxis_->setTickAnchor(0);
    iterationAxis_->setTickInterval(1);
    rewardAxis_->setTitleText(tr("Reward"));
    rewardAxis_->setRange(0, 1);
    chart_->addAxis(iterationAxis_, Qt::AlignBottom);
    chart_->addAxis(rewardAxis_, Qt::AlignLeft);
    for (QLineSeries* series : {rewardA_, rewardB_}) {
        series->attachAxis(iterationAxis_);
        series->attachAxis(rewardAxis_);
    }
    charts::colourSeries(rewardA_, 0, charts::isDark(palette()));
    charts::colourSeries(rewardB_, 1, charts::isDark(palette()));
    auto* chartView = new QChartView(chart_, this);
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setMinimumSize(280, 220);
    return chartView;
}

// Baseline against steered beside the chart, person A against person B, the candidate strip and the status line.
QWidget* SteeringPage::buildViewColumn()
{
    QWidget* chartView = buildChart();
    auto* baselineRow = new QSplitter(Qt::Horizontal, this);
    baselineRow->addWidget(baselineView_);
    baselineRow->addWidget(chartView);
    baselineRow->setStretchFactor(0, 3);
    baselineRow->setStretchFactor(1, 2);
    baselineView_->setAccessibleName(tr("Baseline against steered image"));
    personView_->setAccessibleName(tr("Person A's steered image against person B's"));
    personTitle_->setWordWrap(true);

    auto* viewTools = new QHBoxLayout;
    viewTools->addWidget(compareTitle_);
    viewTools->addStretch();
    viewTools->addWidget(wipeBox_);
    viewTools->addWidget(exportButton_);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(viewTools);
    rightLayout->addWidget(baselineRow, 3);
    rightLayout->addWidget(personTitle_);
    rightLayout->addWidget(personView_, 2);
    rightLayout->addWidget(stripTitle_);
    rightLayout->addWidget(promptStrip_, 3);
    rightLayout->addWidget(status_);
    stripTitle_->setWordWrap(true);
    stripTitle_->hide();
    promptStrip_->setMinimumHeight(kStripMinimumHeight);
    promptStrip_->hide();
    status_->setWordWrap(true);
    return right;
}

void SteeringPage::layOutColumns(QWidget* left, QWidget* right)
{
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

void SteeringPage::connectSignals()
{
    connect(steerButton_, &QPushButton::clicked, this, [this] { startSteering(); });
    connect(method_, &QComboBox::currentIndexChanged, this, &SteeringPage::showMethodRows);
    // Verdicts and ratings are kept in the database before the strip shows them.
    promptStrip_->setVerdictKeeper([this](qint64 imageId, bool accepted) {
        if (!workspace_ || shownA_.method != Method::Prompt)
            throw std::runtime_error(tr("No run is shown.").toStdString());
        services::recordVerdict(*workspace_, shownA_.runId, imageId, accepted);
    });
    promptStrip_->setRatingKeeper([this](qint64 imageId, double value) -> qint64 {
        if (!workspace_ || shownA_.method != Method::Prompt)
            throw std::runtime_error(tr("No run is shown.").toStdString());
        return services::rateCandidate(*workspace_, shownA_.person.toStdString(), imageId, value);
    });
    connect(promptStrip_, &PromptStrip::promptChosen, this, [this](const QString& text) {
        if (task_->isRunning()) return;
        prompt_->setText(text);
        status_->setText(tr("The prompt field now holds the accepted candidate's prompt: steer again to refine it "
                            "further."));
    });
    connect(cancelButton_, &QPushButton::clicked, this, &SteeringPage::cancelSteering);
    connect(exportButton_, &QPushButton::clicked, this, &SteeringPage::exportSheetInteractively);
    connect(wipeBox_, &QCheckBox::toggled, this, [this](bool wipe) {
        const auto mode = wipe ? CompareView::Mode::Wipe : CompareView::Mode::SideBySide;
        baselineView_->setMode(mode);
        personView_->setMode(mode);
    });
    connect(runsView_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& index) {
        if (index.isValid()) openRun(index.data(SteeringRunModel::RunIdRole).toLongLong());
    });
    connect(task_, &gui::BackgroundTask::progressChanged, this, &SteeringPage::showProgress);
    connect(task_, &gui::BackgroundTask::finished, this, &SteeringPage::steeringEnded);
}

// The GUI thread's connection; the people and the runs come from it.
void SteeringPage::openWorkspace()
{
    try {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::open(folder_.toStdString()));
        reloadPeople();
        reloadRuns();
    } catch (const std::exception& e) {
        status_->setText(qs(e.what()));
    }
}

void SteeringPage::showProgress(qint64 done, qint64 total, double eta)
{
    progress_->setRange(0, static_cast<int>(total));
    progress_->setValue(static_cast<int>(done));
    if (task_->isCancelled()) return;  // keeps "Stopping…"
    const auto outcome = outcome_;
    if (!outcome) return;
    if (outcome->prompt) {
        progressText_->setText(tr("Refining the prompt for %1: %2 of at most %3 candidates, best reward %4")
                                   .arg(outcome->personA)
                                   .arg(done)
                                   .arg(total)
                                   .arg(QString::number(outcome->best.load(), 'f', 3))
            + QStringLiteral(" · ") + gui::BackgroundTask::formatEta(eta));
        return;
    }
    const QString person = outcome->phase.load() == 0 ? outcome->personA : outcome->personB;
    progressText_->setText(tr("Steering for %1: iteration %2 of %3, best reward %4")
                               .arg(person)
                               .arg(outcome->iteration.load())
                               .arg(outcome->iterations)
                               .arg(QString::number(outcome->best.load(), 'f', 3))
        + QStringLiteral(" · ") + gui::BackgroundTask::formatEta(eta));
}

// Shows the run that ended (the first person's), or why it failed.
void SteeringPage::steeringEnded(bool cancelled, const QString& error)
{
    const auto outcome = outcome_;
    setBusy(false);
    reloadRuns();
    if (!error.isEmpty()) {
        progressText_->clear();
        status_->setText(tr("Steering failed: %1").arg(error));
    } else {
        if (!cancelled)
            progressText_->setText(tr("Done."));
        else if (outcome && outcome->prompt)
            progressText_->setText(tr("Cancelled: the candidates scored so far were kept."));
        else
            progressText_->setText(tr("Cancelled: the best image so far was kept."));
        status_->clear();
        if (outcome && outcome->runA != 0) {
            const int row = runs_->rowOf(outcome->runA);
            if (row >= 0 && runsView_->currentIndex().row() != row) {
                runsView_->setCurrentIndex(runs_->index(row));  // opens it
            } else {
                openRun(outcome->runA);
            }
        }
    }
    Q_EMIT steeringFinished(cancelled, error);
}

SteeringPage::~SteeringPage()
{
    task_->cancel();
    task_->wait();
}

void SteeringPage::listGenerators()
{
    generator_->clear();
    for (const auto& g : services::listGenerators(modelsFolder_.toStdString(), hubCache_.toStdString())) {
        if (!g.available) continue;
        const QString folder = qs(g.folder.filename().string());
        const QString label = g.id == services::kProceduralGenerator ? tr("Procedural (built in)")
            : g.id == services::kFluxGenerator                       ? tr("FLUX.1-schnell (%1)").arg(folder)
                                                                     : tr("SD-Turbo (%1)").arg(folder);
        generator_->addItem(label, qs(g.id));
        generator_->setItemData(generator_->count() - 1, qs(g.folder.string()), kFolderRole);
        generator_->setItemData(
            generator_->count() - 1, QDir::toNativeSeparators(qs(g.folder.string())), Qt::ToolTipRole);
    }
    if (generator_->count() == 0) generator_->addItem(tr("Procedural (built in)"), qs(services::kProceduralGenerator));
}

QStringList SteeringPage::generatorIds() const
{
    QStringList ids;
    for (int i = 0; i < generator_->count(); ++i) ids << generator_->itemData(i).toString();
    return ids;
}

void SteeringPage::reloadPeople()
{
    if (!workspace_) return;
    const QString a = personA_->currentData().toString();
    const QString b = personB_->currentData().toString();
    personA_->clear();
    personB_->clear();
    personB_->addItem(tr("Nobody"), QString());
    for (const auto& person : storage::PeopleStore(workspace_->database()).list()) {
        const QString id = qs(person.pseudonym);
        const QString label = person.displayName ? tr("%1 (%2)").arg(id, qs(*person.displayName)) : id;
        personA_->addItem(label, id);
        personB_->addItem(label, id);
    }
    personA_->setCurrentIndex(std::max(0, personA_->findData(a)));
    personB_->setCurrentIndex(std::max(0, personB_->findData(b)));
}

void SteeringPage::reloadRuns()
{
    if (!workspace_) return;
    std::vector<SteeringRunModel::Entry> entries;
    storage::RunStore store(workspace_->database());
    for (const auto& person : storage::PeopleStore(workspace_->database()).list()) {
        for (const auto& run : store.steeringRunsOf(person.id)) {
            SteeringRunModel::Entry e;
            e.runId = run.id;
            e.person = qs(person.pseudonym);
            e.prompt = qs(run.prompt);
            e.seed = run.seed;
            e.createdAt = qs(run.createdAt);
            e.cancelled = run.status == storage::RunStatus::Cancelled;
            e.promptRefinement = run.method == storage::SteeringMethod::Prompt;
            entries.push_back(std::move(e));
        }
    }
    const qint64 current = runsView_->currentIndex().data(SteeringRunModel::RunIdRole).toLongLong();
    const QSignalBlocker block(runsView_->selectionModel());
    runs_->setEntries(std::move(entries));
    const int row = runs_->rowOf(current);
    if (row >= 0) runsView_->selectionModel()->setCurrentIndex(runs_->index(row), QItemSelectionModel::ClearAndSelect);
}

void SteeringPage::setRequest(const Request& request)
{
    method_->setCurrentIndex(request.method == Method::Prompt ? 1 : 0);
    personA_->setCurrentIndex(personA_->findData(request.personA));
    personB_->setCurrentIndex(std::max(0, personB_->findData(request.personB)));
    prompt_->setText(request.prompt);
    seed_->setValue(static_cast<int>(std::min<quint64>(request.seed, std::numeric_limits<int>::max())));
    iterations_->setValue(request.iterations);
    size_->setValue(request.size);
    contrast_->setValue(request.contrast);
    generator_->setCurrentIndex(std::max(0, generator_->findData(request.generator)));
    beamWidth_->setValue(request.beamWidth);
    depth_->setValue(request.depth);
    candidatesPerParent_->setValue(request.candidatesPerParent);
}

SteeringPage::Request SteeringPage::request() const
{
    Request r;
    r.method = method_->currentIndex() == 1 ? Method::Prompt : Method::Noise;
    r.personA = personA_->currentData().toString();
    r.personB = personB_->currentData().toString();
    r.prompt = prompt_->text().simplified();
    r.seed = static_cast<quint64>(seed_->value());
    r.iterations = iterations_->value();
    r.size = size_->value();
    r.contrast = contrast_->value();
    r.generator = generator_->currentData().toString();
    r.device = device_;
    r.beamWidth = beamWidth_->value();
    r.depth = depth_->value();
    r.candidatesPerParent = candidatesPerParent_->value();
    return r;
}

bool SteeringPage::isSteering() const
{
    return task_->isRunning();
}

void SteeringPage::setBusy(bool busy)
{
    steerButton_->setEnabled(!busy && workspace_);
    cancelButton_->setEnabled(busy);
    progress_->setVisible(busy);
    for (QWidget* w : std::initializer_list<QWidget*>{method_, personA_, personB_, prompt_, seed_, iterations_,
             beamWidth_, depth_, candidatesPerParent_, size_, generator_, contrast_})
        w->setEnabled(!busy);
}

void SteeringPage::showMethodRows()
{
    const bool prompt = method_->currentIndex() == 1;
    form_->setRowVisible(personB_, !prompt);
    form_->setRowVisible(iterations_, !prompt);
    form_->setRowVisible(beamWidth_, prompt);
    form_->setRowVisible(depth_, prompt);
    form_->setRowVisible(candidatesPerParent_, prompt);
}

QString SteeringPage::requestProblem(const Request& r)
{
    if (r.personA.isEmpty()) return tr("Choose whom to steer for.");
    if (r.prompt.isEmpty()) return tr("Enter a prompt.");
    if (r.method == Method::Noise && r.personB == r.personA) return tr("Choose two different people to compare.");
    return {};
}

services::SteerOptions SteeringPage::steerOptions(const Request& r, const QString& modelFolder)
{
    services::SteerOptions options;
    options.person = r.personA.toStdString();
    options.prompt = r.prompt.toStdString();
    options.seeds = {r.seed};
    options.noise.iterations = r.iterations;
    options.size = r.size;
    options.contrast = r.contrast;
    options.generator = r.generator.toStdString();
    options.modelFolder = modelFolder.toStdString();
    options.device = r.device.toStdString();
    return options;
}

services::PromptRefineOptions SteeringPage::promptRefineOptions(const Request& r, const QString& modelFolder)
{
    services::PromptRefineOptions options;
    options.person = r.personA.toStdString();
    options.prompt = r.prompt.toStdString();
    options.seed = r.seed;
    options.generator = r.generator.toStdString();
    options.modelFolder = modelFolder.toStdString();
    options.device = r.device.toStdString();
    options.size = r.size;
    options.contrast = r.contrast;
    options.beamWidth = r.beamWidth;
    options.depth = r.depth;
    options.maxCandidatesPerParent = r.candidatesPerParent;
    return options;
}

bool SteeringPage::startSteering()
{
    const Request r = request();
    QString problem;
    if (!workspace_) {
        problem = tr("No workspace is open.");
    } else if (task_->isRunning()) {
        problem = tr("A steering run is still going.");
    } else {
        problem = requestProblem(r);
    }
    if (!problem.isEmpty()) {
        status_->setText(problem);
        return false;
    }
    if (r.method == Method::Prompt) {
        startPromptRefinement(r);
        return true;
    }
    auto outcome = std::make_shared<Outcome>();
    outcome->iterations = r.iterations;
    outcome->personA = r.personA;
    outcome->personB = r.personB;
    outcome_ = outcome;

    services::SteerOptions options = steerOptions(r, generator_->currentData(kFolderRole).toString());
    const std::filesystem::path root = folder_.toStdString();
    const bool both = !r.personB.isEmpty();
    const std::string personA = r.personA.toStdString();
    const std::string personB = r.personB.toStdString();

    status_->clear();
    progressText_->setText(tr("Loading the reward model…"));
    progress_->setRange(0, 0);
    setBusy(true);
    task_->start([outcome, options, root, both, personA, personB](gui::BackgroundTask& task) mutable {
        // Its own connection: the GUI thread keeps reading through the page's.
        auto workspace = services::Workspace::open(root);
        const qint64 perPerson = options.noise.iterations + 1;  // iteration 0 scores the unsteered noise
        const qint64 total = perPerson * (both ? 2 : 1);
        options.cancel = task.cancelFlag();
        for (int phase = 0; phase < (both ? 2 : 1); ++phase) {
            if (task.isCancelled()) break;
            outcome->phase = phase;
            options.person = phase == 0 ? personA : personB;
            options.onProgress = [&task, outcome, perPerson, phase, total](int iteration, int, double best) {
                outcome->iteration = iteration;
                outcome->best = best;
                task.reportProgress(phase * perPerson + iteration + 1, total);
            };
            const services::SteerReport report = services::steerNoise(workspace, options);
            (phase == 0 ? outcome->runA : outcome->runB) = report.seeds.at(0).runId;
            if (report.cancelled) break;
        }
    });
    return true;
}

void SteeringPage::startPromptRefinement(const Request& r)
{
    auto outcome = std::make_shared<Outcome>();
    outcome->prompt = true;
    outcome->personA = r.personA;
    outcome_ = outcome;

    services::PromptRefineOptions options = promptRefineOptions(r, generator_->currentData(kFolderRole).toString());
    const std::filesystem::path root = folder_.toStdString();

    status_->clear();
    progressText_->setText(tr("Loading the reward model…"));
    progress_->setRange(0, 0);
    setBusy(true);
    task_->start([outcome, options, root](gui::BackgroundTask& task) mutable {
        auto workspace = services::Workspace::open(root);  // its own connection
        options.cancel = task.cancelFlag();
        options.onProgress = [&task, outcome](int done, int total, double best) {
            outcome->best = best;
            task.reportProgress(done, total);
        };
        outcome->runA = services::refinePrompt(workspace, options).runId;
    });
}

void SteeringPage::cancelSteering()
{
    if (!task_->isRunning()) return;
    task_->cancel();
    cancelButton_->setEnabled(false);
    progressText_->setText(tr("Stopping…"));
}

QString SteeringPage::statusText() const
{
    return status_->text();
}

QString SteeringPage::personName(qint64 personId)
{
    const auto person = storage::PeopleStore(workspace_->database()).findById(personId);
    return person ? qs(person->pseudonym) : tr("person %1").arg(personId);
}

bool SteeringPage::loadRun(qint64 runId, ShownRun& out)
{
    const auto run = storage::RunStore(workspace_->database()).steeringRun(runId);
    if (!run) return false;
    out = {};
    out.runId = run->id;
    out.method = run->method == storage::SteeringMethod::Prompt ? Method::Prompt : Method::Noise;
    out.person = personName(run->personId);
    out.prompt = qs(run->prompt);
    out.generator = qs(run->generator);
    out.seed = run->seed;
    out.baselineImageId = run->baselineImageId.value_or(0);
    out.steeredImageId = run->outputImageId.value_or(0);
    out.cancelled = run->status == storage::RunStatus::Cancelled;
    const util::JsonValue trajectory = util::parseJson(run->trajectory, "the run's trajectory");
    for (const auto& v : trajectory.asArray()) out.trajectory.push_back(v.asDouble());
    return true;
}

qint64 SteeringPage::partnerOf(const ShownRun& run)
{
    const auto own = storage::RunStore(workspace_->database()).steeringRun(run.runId);
    if (!own || own->method == storage::SteeringMethod::Prompt) return 0;  // prompt runs are for one person
    qint64 best = 0;
    for (const auto& e : runs_->entries()) {
        if (e.runId == run.runId || e.person == run.person || e.seed != run.seed || e.prompt != run.prompt) continue;
        const auto other = storage::RunStore(workspace_->database()).steeringRun(e.runId);
        if (!other || other->generator != own->generator || other->method != own->method) continue;
        // The nearest in time; on a tie the later one (person B is steered right after person A).
        const qint64 distance = std::llabs(e.runId - run.runId);
        if (best == 0 || distance < std::llabs(best - run.runId)
            || (distance == std::llabs(best - run.runId) && e.runId > best))
            best = e.runId;
    }
    return best;
}

bool SteeringPage::openRun(qint64 runId)
{
    if (!workspace_) return false;
    ShownRun a, b;
    Request form;
    try {
        if (!loadRun(runId, a)) {
            status_->setText(tr("Run %1 is not in this workspace.").arg(runId));
            return false;
        }
        if (runs_->rowOf(runId) < 0) reloadRuns();
        const qint64 partner = partnerOf(a);
        if (partner != 0) loadRun(partner, b);
        // The form shows the run's settings, ready to steer again or to change one of them.
        const auto run = storage::RunStore(workspace_->database()).steeringRun(runId);
        const util::JsonValue settings = util::parseJson(run->settings, "the run's settings");
        form = request();
        form.method = a.method;
        form.personA = a.person;
        form.personB = b.person;
        form.prompt = a.prompt;
        form.seed = static_cast<quint64>(a.seed);
        if (const auto* v = settings.find("iterations")) form.iterations = static_cast<int>(v->asInt());
        if (const auto* v = settings.find("size")) form.size = static_cast<int>(v->asInt());
        if (const auto* v = settings.find("contrast")) form.contrast = v->asDouble();
        if (const auto* v = settings.find("generator")) form.generator = qs(v->asString());
        if (const auto* v = settings.find("beamWidth")) form.beamWidth = static_cast<int>(v->asInt());
        if (const auto* v = settings.find("depth")) form.depth = static_cast<int>(v->asInt());
        if (const auto* v = settings.find("maxCandidatesPerParent"))
            form.candidatesPerParent = static_cast<int>(v->asInt());
        if (a.method == Method::Prompt) a.bestPrompt = showCandidates(runId);
    } catch (const std::exception& e) {
        status_->setText(tr("Run %1 could not be read: %2").arg(runId).arg(qs(e.what())));
        return false;
    }
    if (!task_->isRunning()) setRequest(form);
    if (a.method == Method::Noise) promptStrip_->clear();
    showRuns(a, b);
    Q_EMIT runShown(runId);
    return true;
}

QString SteeringPage::showCandidates(qint64 runId)
{
    const services::PromptRefineReport report = services::reopenPromptRefinement(*workspace_, runId);
    std::vector<PromptStrip::Candidate> candidates;
    for (const auto& c : report.evaluated) {
        PromptStrip::Candidate shown;
        shown.imageId = c.imageId;
        shown.prompt = qs(c.prompt);
        for (const auto& edit : c.edits) shown.edits << describeEdit(edit);
        shown.predicted = c.predicted;
        shown.objective = c.objective;
        shown.depth = c.depth;
        shown.preview = loadImage(c.imageId);
        shown.original = c.imageId == report.original.imageId;
        shown.best = c.imageId == report.best.imageId;
        candidates.push_back(std::move(shown));
    }
    promptStrip_->setCandidates(std::move(candidates));
    for (const auto& [imageId, accepted] : services::verdictsOf(*workspace_, runId))
        promptStrip_->setVerdict(imageId, accepted ? PromptStrip::Verdict::Accepted : PromptStrip::Verdict::Rejected);
    // The cards whole, with room for the sideways scroll bar: the comparison above gives up height (its images scale)
    // rather than the cards scrolling up and down at 1280x800. A card's rating panel, once opened, may still scroll.
    const int cardsHeight = promptStrip_->widget()->sizeHint().height()
        + promptStrip_->horizontalScrollBar()->sizeHint().height() + 2 * promptStrip_->frameWidth();
    promptStrip_->setMinimumHeight(std::max(kStripMinimumHeight, cardsHeight));
    return qs(report.best.prompt);
}

QImage SteeringPage::loadImage(qint64 imageId)
{
    const auto record = storage::ImageStore(workspace_->database()).findById(imageId);
    if (!record) return {};
    try {
        return QImage(qs(services::verifiedImageFile(*workspace_, *record).string()));
    } catch (const services::ImageFileError&) {
        return {};  // a linked file that changed on disk is never shown as this image
    }
}

void SteeringPage::showRuns(const ShownRun& a, const ShownRun& b)
{
    shownA_ = a;
    shownB_ = b;
    const auto bestIteration = [](const ShownRun& run) {
        return static_cast<int>(
            std::max_element(run.trajectory.begin(), run.trajectory.end()) - run.trajectory.begin());
    };
    const bool refinement = a.method == Method::Prompt;
    const QImage baseline = loadImage(a.baselineImageId);
    const QImage steeredA = loadImage(a.steeredImageId);
    const QString baselineCaption = refinement
        ? tr("The original prompt\nreward %1").arg(QString::number(a.baselineReward(), 'f', 3))
        : tr("Baseline, unsteered\nreward %1").arg(QString::number(a.baselineReward(), 'f', 3));
    const QString steeredCaption = refinement ? tr("Best prompt for %1: “%2”\nreward %3 (depth %4)")
                                                    .arg(a.person, a.bestPrompt)
                                                    .arg(QString::number(a.bestReward(), 'f', 3))
                                                    .arg(a.trajectory.empty() ? 0 : bestIteration(a))
                                              : tr("Steered for %1\nreward %2 (iteration %3)")
                                                    .arg(a.person)
                                                    .arg(QString::number(a.bestReward(), 'f', 3))
                                                    .arg(a.trajectory.empty() ? 0 : bestIteration(a));
    baselineView_->setImages(baseline, baselineCaption, steeredA, steeredCaption);
    chart_->setTitle(refinement ? tr("Best reward per depth") : tr("Reward per iteration"));
    iterationAxis_->setTitleText(refinement ? tr("Depth") : tr("Iteration"));
    compareTitle_->setText(
        refinement ? tr("The original prompt against the best candidate") : tr("Baseline against steered"));

    QString missing;
    if (baseline.isNull() || steeredA.isNull()) missing = tr("An image of this run is missing from the library.");
    rewardA_->clear();
    rewardB_->clear();
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    const auto fill = [&](QLineSeries* series, const ShownRun& run) {
        for (std::size_t i = 0; i < run.trajectory.size(); ++i) {
            series->append(static_cast<double>(i), run.trajectory[i]);
            low = std::min(low, run.trajectory[i]);
            high = std::max(high, run.trajectory[i]);
        }
        series->setName(run.person);
    };
    fill(rewardA_, a);
    if (b.runId != 0) fill(rewardB_, b);
    rewardB_->setVisible(b.runId != 0);
    const std::size_t points = std::max(a.trajectory.size(), b.trajectory.size());
    charts::setWholeRange(iterationAxis_, 0, std::max(1, static_cast<int>(points) - 1));
    // From a round value at or below the lowest reward (the baseline's, as a rule) to one at or above the highest.
    if (low <= high) charts::setNiceRange(rewardAxis_, low, high, 6);

    if (b.runId != 0) {
        const QImage steeredB = loadImage(b.steeredImageId);
        if (steeredB.isNull()) missing = tr("An image of this run is missing from the library.");
        personView_->setImages(steeredA, steeredCaption, steeredB,
            tr("Steered for %1\nreward %2 (iteration %3)")
                .arg(b.person)
                .arg(QString::number(b.bestReward(), 'f', 3))
                .arg(b.trajectory.empty() ? 0 : bestIteration(b)));
        personTitle_->setText(tr("The same prompt and seed steered for %1 and for %2").arg(a.person, b.person));
        personView_->show();
    } else {
        personView_->clear();
        personTitle_->setText(
            tr("Choose a person under “Compare with” to steer the same prompt and seed for them too."));
        personView_->hide();
    }
    personTitle_->setVisible(!refinement);
    stripTitle_->setText(
        tr("%n candidate(s) for %1, best first: accept, reject or rate them.", nullptr, promptStrip_->count())
            .arg(a.person));
    stripTitle_->setVisible(refinement);
    promptStrip_->setVisible(refinement);
    QString text = tr("“%1”, seed %2, %3").arg(a.prompt).arg(a.seed).arg(a.generator);
    if (a.cancelled) text += QLatin1Char(' ') + tr("(cancelled: the best image until then)");
    status_->setText(missing.isEmpty() ? text : text + QLatin1Char('\n') + missing);
    exportButton_->setEnabled(true);
}

QImage SteeringPage::comparisonSheet() const
{
    if (shownA_.runId == 0) return {};
    QList<QPair<QImage, QString>> panels;
    const auto withPrompt = [this](const QString& caption) -> QString {
        return caption + QLatin1Char('\n') + tr("“%1”, seed %2").arg(shownA_.prompt).arg(shownA_.seed);
    };
    panels.append({baselineView_->leftImage(), withPrompt(baselineView_->leftCaption())});
    panels.append({baselineView_->rightImage(), withPrompt(baselineView_->rightCaption())});
    if (shownB_.runId != 0) panels.append({personView_->rightImage(), withPrompt(personView_->rightCaption())});
    return CompareView::comparisonSheet(
        panels, tr("“%1”, seed %2, %3").arg(shownA_.prompt).arg(shownA_.seed).arg(shownA_.generator));
}

bool SteeringPage::exportSheet(const QString& path)
{
    const QImage sheet = comparisonSheet();
    if (sheet.isNull()) {
        status_->setText(tr("Steer or open a run first: there is nothing to export."));
        return false;
    }
    if (workspace_) {
        try {
            workspace_->refuseOwnPath(path.toStdString(), "the comparison sheet");
        } catch (const services::WorkspaceError& e) {
            status_->setText(QString::fromStdString(e.what()));
            return false;
        }
    }
    if (!sheet.save(path, "PNG")) {
        status_->setText(tr("Could not write %1.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    status_->setText(tr("Saved the comparison sheet as %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

void SteeringPage::exportSheetInteractively()
{
    if (shownA_.runId == 0) return;
    QString proposed;
    if (workspace_) {
        QDir().mkpath(qs(workspace_->exportsDir().string()));
        proposed = QDir(qs(workspace_->exportsDir().string()))
                       .filePath(QStringLiteral("steering-run-%1.png").arg(shownA_.runId));
    }
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Comparison Sheet"), proposed, tr("PNG images (*.png)"));
    if (!path.isEmpty()) exportSheet(path);
}

}  // namespace tastelab::widgets

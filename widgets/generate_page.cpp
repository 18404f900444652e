// The Generate page: the form, the queue run by a BackgroundTask, the gallery over the library model, and settings
// restored from PNGs and stored images.
#include "widgets/generate_page.h"

#include "app/gui/background_task.h"
#include "app/services/model_locator.h"
#include "app/services/workspace.h"
#include "storage/database.h"
#include "storage/statement.h"
#include "widgets/image_canvas.h"
#include "widgets/library_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <mutex>

namespace tastelab::widgets {

namespace {

constexpr int kProgressSteps = 1000;

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

QString nativePath(const std::filesystem::path& path)
{
    return QDir::toNativeSeparators(QString::fromStdString(path.string()));
}

QString promptExcerpt(const std::string& prompt)
{
    constexpr int kChars = 48;
    const QString text = fromStd(prompt).simplified();
    return text.size() > kChars ? text.left(kChars - 1) + QChar(0x2026) : text;
}

// A local PNG among dropped URLs.
QString droppedPng(const QMimeData* mime)
{
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(QStringLiteral(".png"), Qt::CaseInsensitive)) {
            return url.toLocalFile();
        }
    }
    return {};
}

}  // namespace

// What the worker and the GUI share for the job under way; the worker fills `result`, the GUI reads it after the
// task's finished signal.
struct GeneratePage::RunningJob {
    int jobId = 0;
    services::GenerationSettings settings;
    std::optional<services::BestOfNSettings> bestOf;
    QString person;
    std::mutex mutex;
    services::GenerationResult result;
};

// ---------------------------------------------------------------------------------------------------------------

GenerationQueueModel::GenerationQueueModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int GenerationQueueModel::add(services::GenerationSettings settings, bool next,
    std::optional<services::BestOfNSettings> bestOf, const QString& person)
{
    Job job;
    job.id = nextId_++;
    job.settings = std::move(settings);
    job.bestOf = std::move(bestOf);
    job.person = person;
    int row = int(jobs_.size());
    if (next) {
        const int pending = nextPendingRow();
        if (pending >= 0) row = pending;
    }
    beginInsertRows({}, row, row);
    jobs_.insert(jobs_.begin() + row, std::move(job));
    endInsertRows();
    return jobs_.at(std::size_t(row)).id;
}

bool GenerationQueueModel::removePending(int row)
{
    if (row < 0 || row >= rowCount() || jobs_.at(std::size_t(row)).state != State::Pending) return false;
    beginRemoveRows({}, row, row);
    jobs_.erase(jobs_.begin() + row);
    endRemoveRows();
    return true;
}

int GenerationQueueModel::removeAllPending()
{
    int removed = 0;
    for (int row = rowCount() - 1; row >= 0; --row) removed += removePending(row) ? 1 : 0;
    return removed;
}

int GenerationQueueModel::nextPendingRow() const
{
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
        if (jobs_[i].state == State::Pending) return int(i);
    }
    return -1;
}

int GenerationQueueModel::rowOfJob(int jobId) const
{
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
        if (jobs_[i].id == jobId) return int(i);
    }
    return -1;
}

void GenerationQueueModel::setState(int jobId, State state, const QString& error)
{
    const int row = rowOfJob(jobId);
    if (row < 0) return;
    jobs_[std::size_t(row)].state = state;
    jobs_[std::size_t(row)].error = error;
    Q_EMIT dataChanged(index(row), index(row));
}

void GenerationQueueModel::setImagesMade(int jobId, int images)
{
    const int row = rowOfJob(jobId);
    if (row < 0) return;
    jobs_[std::size_t(row)].imagesMade = images;
    Q_EMIT dataChanged(index(row), index(row));
}

int GenerationQueueModel::count(State state) const
{
    return int(std::count_if(jobs_.begin(), jobs_.end(), [state](const Job& job) { return job.state == state; }));
}

QString GenerationQueueModel::stateText(State state)
{
    switch (state) {
    case State::Pending:
        return tr("Pending");
    case State::Running:
        return tr("Running");
    case State::Done:
        return tr("Done");
    case State::Cancelled:
        return tr("Cancelled");
    case State::Failed:
        return tr("Failed");
    }
    return {};
}

int GenerationQueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(jobs_.size());
}

QVariant GenerationQueueModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Job& job = jobs_.at(std::size_t(index.row()));
    const services::GenerationSettings& s = job.settings;
    switch (role) {
    case Qt::DisplayRole: {
        QString progress;
        if (job.state != State::Pending) progress = tr(", %1 of %2 made").arg(job.imagesMade).arg(s.batch);
        QString text = tr("%1. %2: “%3”, %n image(s) from seed %4%5", nullptr, s.batch)
                           .arg(job.id)
                           .arg(stateText(job.state), promptExcerpt(s.prompt), QString::number(s.seed), progress);
        if (job.bestOf) text += tr(", best %1 kept for %2").arg(job.bestOf->keep).arg(job.person);
        return text;
    }
    case Qt::ToolTipRole: {
        QStringList lines{fromStd(s.prompt)};
        if (!s.negativePrompt.empty()) lines << tr("Negative prompt: %1").arg(fromStd(s.negativePrompt));
        lines << tr("Generator: %1").arg(fromStd(s.generator));
        lines << tr("Size: %1 × %1 pixels, steps: %2, guidance: %3").arg(s.size).arg(s.steps).arg(s.guidanceScale);
        if (!job.error.isEmpty()) lines << job.error;
        return lines.join(QLatin1Char('\n'));
    }
    case JobIdRole:
        return job.id;
    case StateRole:
        return QVariant::fromValue(job.state);
    case ImagesMadeRole:
        return job.imagesMade;
    default:
        return {};
    }
}

// ---------------------------------------------------------------------------------------------------------------

GeneratedImagesModel::GeneratedImagesModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0, Qt::DescendingOrder);
}

bool GeneratedImagesModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(LibraryModel::OriginRole).toString() == QStringLiteral("generated");
}

bool GeneratedImagesModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    return left.data(LibraryModel::ImageIdRole).toLongLong() < right.data(LibraryModel::ImageIdRole).toLongLong();
}

// ---------------------------------------------------------------------------------------------------------------

GeneratePage::GeneratePage(const QString& workspaceFolder, const QString& modelsFolder, const QString& hubCache,
    const QString& device, QWidget* parent)
    : QWidget(parent)
    , folder_(workspaceFolder)
    , modelsFolder_(modelsFolder)
    , hubCache_(hubCache.isEmpty() ? QString::fromStdString(services::huggingFaceHubCache().string()) : hubCache)
    , device_(device)
    , generator_(new QComboBox(this))
    , modelNote_(new QLabel(this))
    , prompt_(new QPlainTextEdit(this))
    , negativePrompt_(new QLineEdit(this))
    , seed_(new QLineEdit(this))
    , steps_(new QSpinBox(this))
    , size_(new QSpinBox(this))
    , batch_(new QSpinBox(this))
    , guidance_(new QDoubleSpinBox(this))
    , bestOf_(new QCheckBox(tr("Best of"), this))
    , bestOfCount_(new QSpinBox(this))
    , bestOfPerson_(new QComboBox(this))
    , bestOfKeep_(new QSpinBox(this))
    , bestOfResults_(new QListWidget(this))
    , addButton_(new QPushButton(tr("Add to Queue"), this))
    , generateButton_(new QPushButton(tr("Generate"), this))
    , queue_(new GenerationQueueModel(this))
    , queueView_(new QListView(this))
    , removeButton_(new QPushButton(tr("Remove"), this))
    , clearButton_(new QPushButton(tr("Clear Pending"), this))
    , progress_(new QProgressBar(this))
    , progressText_(new QLabel(this))
    , cancelButton_(new QPushButton(tr("Cancel"), this))
    , status_(new QLabel(this))
    , library_(new LibraryModel(workspaceFolder, this))
    , gallery_(new GeneratedImagesModel(this))
    , galleryView_(new QListView(this))
    , useButton_(new QPushButton(tr("Use These Settings"), this))
    , task_(new gui::BackgroundTask(this))
{
    setAcceptDrops(true);
    nameWidgets();
    // Keep the steps in this order: the tab order follows the order in which widgets are made.
    QWidget* left = buildFormColumn();
    QGroupBox* galleryBox = buildGallery();
    layOutColumns(left, galleryBox);
    connectSignals();
    openWorkspace();
    listGenerators();
    updateButtons();
}

// The object names the tests find the widgets by.
void GeneratePage::nameWidgets()
{
    generator_->setObjectName(QStringLiteral("generator"));
    modelNote_->setObjectName(QStringLiteral("modelNote"));
    prompt_->setObjectName(QStringLiteral("prompt"));
    negativePrompt_->setObjectName(QStringLiteral("negativePrompt"));
    seed_->setObjectName(QStringLiteral("seed"));
    steps_->setObjectName(QStringLiteral("steps"));
    size_->setObjectName(QStringLiteral("size"));
    batch_->setObjectName(QStringLiteral("batch"));
    guidance_->setObjectName(QStringLiteral("guidance"));
    bestOf_->setObjectName(QStringLiteral("bestOf"));
    bestOfCount_->setObjectName(QStringLiteral("bestOfCount"));
    bestOfPerson_->setObjectName(QStringLiteral("bestOfPerson"));
    bestOfKeep_->setObjectName(QStringLiteral("bestOfKeep"));
    bestOfResults_->setObjectName(QStringLiteral("bestOfResults"));
    addButton_->setObjectName(QStringLiteral("addToQueue"));
    generateButton_->setObjectName(QStringLiteral("generate"));
    queueView_->setObjectName(QStringLiteral("queue"));
    removeButton_->setObjectName(QStringLiteral("removeJob"));
    clearButton_->setObjectName(QStringLiteral("clearPending"));
    progress_->setObjectName(QStringLiteral("progress"));
    progressText_->setObjectName(QStringLiteral("progressText"));
    cancelButton_->setObjectName(QStringLiteral("cancel"));
    status_->setObjectName(QStringLiteral("status"));
    galleryView_->setObjectName(QStringLiteral("gallery"));
    useButton_->setObjectName(QStringLiteral("useSettings"));
}

// The generator, the prompts, seed, steps, size, batch and guidance.
QFormLayout* GeneratePage::buildForm()
{
    modelNote_->setWordWrap(true);
    modelNote_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    modelNote_->setFrameShape(QFrame::StyledPanel);
    modelNote_->setMargin(6);
    prompt_->setPlaceholderText(tr("Describe the image, e.g. a lighthouse on a cliff at dusk, oil painting"));
    prompt_->setTabChangesFocus(true);
    prompt_->setFixedHeight(prompt_->fontMetrics().lineSpacing() * 4 + 12);
    negativePrompt_->setPlaceholderText(tr("What the image should not show"));
    negativePrompt_->setToolTip(tr("Used by SD-Turbo when the guidance is above 1."));
    negativePrompt_->setMinimumWidth(
        negativePrompt_->fontMetrics().horizontalAdvance(negativePrompt_->placeholderText()) + 24);
    seed_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,18}")), seed_));
    seed_->setText(QStringLiteral("0"));
    randomSeed_ = new QPushButton(tr("Random"), this);
    randomSeed_->setObjectName(QStringLiteral("randomSeed"));
    randomSeed_->setToolTip(tr("A new random seed"));
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(seed_, 1);
    seedRow->addWidget(randomSeed_);
    steps_->setRange(1, services::GenerationSettings::kMaxSteps);
    steps_->setToolTip(tr("SD-Turbo makes an image in 1 to 4 steps; more steps add detail and take longer."));
    size_->setRange(64, services::largestSizeOfAnyGenerator());
    size_->setSingleStep(64);
    size_->setValue(512);
    size_->setSuffix(tr(" px"));
    batch_->setRange(1, services::GenerationSettings::kMaxBatch);
    batch_->setToolTip(tr("Image i of a batch uses the seed plus i."));
    guidance_->setRange(0, 30);
    guidance_->setSingleStep(0.5);
    guidance_->setDecimals(1);
    guidance_->setToolTip(tr("0 is how SD-Turbo is meant to run; above 1 the negative prompt steers away."));
    auto* form = new QFormLayout;
    form->addRow(tr("Generator:"), generator_);
    form->addRow(modelNote_);
    form->addRow(tr("Prompt:"), prompt_);
    form->addRow(tr("Negative prompt:"), negativePrompt_);
    form->addRow(tr("Seed:"), seedRow);
    form->addRow(tr("Steps:"), steps_);
    form->addRow(tr("Size:"), size_);
    form->addRow(tr("Batch:"), batch_);
    form->addRow(tr("Guidance:"), guidance_);
    // Best of N for a person: "Best of [N] for [person], keep [K]".
    bestOf_->setToolTip(tr("Render N candidates and keep only those the person's taste model scores highest, plus "
                           "the one it is least sure about (to learn from)"));
    bestOfCount_->setRange(2, services::GenerationSettings::kMaxBatch);
    bestOfCount_->setValue(8);
    bestOfCount_->setToolTip(tr("Candidates rendered (seed, seed + 1, …); only the kept ones enter the library"));
    bestOfKeep_->setRange(1, services::GenerationSettings::kMaxBatch - 1);
    bestOfKeep_->setValue(2);
    bestOfKeep_->setToolTip(tr("The best-predicted candidates kept, besides the exploratory one"));
    bestOfPerson_->setToolTip(tr("Whose taste ranks the candidates (people with answers)"));
    auto* bestOfRow = new QHBoxLayout;
    bestOfRow->addWidget(bestOf_);
    bestOfRow->addWidget(bestOfCount_);
    bestOfRow->addWidget(new QLabel(tr("for"), this));
    bestOfRow->addWidget(bestOfPerson_, 1);
    bestOfRow->addWidget(new QLabel(tr("keep"), this));
    bestOfRow->addWidget(bestOfKeep_);
    form->addRow(tr("For a person:"), bestOfRow);
    return form;
}

// Open PNG…, Add to Queue and Generate under the form.
QHBoxLayout* GeneratePage::buildFormButtons()
{
    addButton_->setToolTip(tr("Run these settings after the jobs already waiting"));
    generateButton_->setToolTip(tr("Run these settings next, before the jobs already waiting"));
    generateButton_->setDefault(true);
    openPng_ = new QPushButton(tr("Open PNG…"), this);
    openPng_->setObjectName(QStringLiteral("openPng"));
    openPng_->setToolTip(tr("Restore the settings stored in a PNG (you can also drop one on this page)"));
    auto* formButtons = new QHBoxLayout;
    formButtons->addWidget(openPng_);
    formButtons->addStretch();
    formButtons->addWidget(addButton_);
    formButtons->addWidget(generateButton_);
    return formButtons;
}

// The queue and the progress of the running job.
QGroupBox* GeneratePage::buildQueue()
{
    queueView_->setModel(queue_);
    queueView_->setSelectionMode(QAbstractItemView::SingleSelection);
    queueView_->setWordWrap(true);
    queueView_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    removeButton_->setToolTip(tr("Remove the selected pending job"));
    cancelButton_->setToolTip(tr("Stop the running job after the current step; the images made so far are kept"));
    progress_->setRange(0, kProgressSteps);
    progress_->setValue(0);
    auto* queueButtons = new QHBoxLayout;
    queueButtons->addWidget(removeButton_);
    queueButtons->addWidget(clearButton_);
    queueButtons->addStretch();
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(cancelButton_);
    auto* queueBox = new QGroupBox(tr("Queue"), this);
    auto* queueLayout = new QVBoxLayout(queueBox);
    queueLayout->addWidget(queueView_, 1);
    queueLayout->addLayout(queueButtons);
    queueLayout->addLayout(progressRow);
    queueLayout->addWidget(progressText_);
    return queueBox;
}

// The form over its buttons, the queue and the status line.
QWidget* GeneratePage::buildFormColumn()
{
    QFormLayout* form = buildForm();
    QHBoxLayout* formButtons = buildFormButtons();
    QGroupBox* queueBox = buildQueue();
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(form);
    leftLayout->addLayout(formButtons);
    leftLayout->addWidget(queueBox, 1);
    leftLayout->addWidget(status_);
    status_->setWordWrap(true);
    return left;
}

// The gallery: generated images, newest first.
QGroupBox* GeneratePage::buildGallery()
{
    gallery_->setSourceModel(library_);
    galleryView_->setModel(gallery_);
    galleryView_->setViewMode(QListView::IconMode);
    galleryView_->setIconSize(QSize(LibraryModel::kThumbnailSide, LibraryModel::kThumbnailSide));
    galleryView_->setGridSize(QSize(LibraryModel::kThumbnailSide + 24, LibraryModel::kThumbnailSide + 40));
    galleryView_->setResizeMode(QListView::Adjust);
    galleryView_->setMovement(QListView::Static);
    galleryView_->setUniformItemSizes(true);
    galleryView_->setWordWrap(true);
    galleryView_->setDragEnabled(false);
    useButton_->setToolTip(tr("Fill the form with the settings the selected image was made with"));
    auto* galleryBox = new QGroupBox(tr("Generated images"), this);
    auto* galleryLayout = new QVBoxLayout(galleryBox);
    // The last best-of-N job's kept images, best first, each with its predicted score; hidden until there is one.
    bestOfResults_->setViewMode(QListView::IconMode);
    bestOfResults_->setFlow(QListView::LeftToRight);
    bestOfResults_->setWrapping(false);
    bestOfResults_->setMovement(QListView::Static);
    bestOfResults_->setIconSize(QSize(LibraryModel::kThumbnailSide / 2, LibraryModel::kThumbnailSide / 2));
    bestOfResults_->setFixedHeight(LibraryModel::kThumbnailSide / 2 + 56);
    bestOfResults_->setVisible(false);
    galleryLayout->addWidget(bestOfResults_);
    galleryLayout->addWidget(galleryView_, 1);
    auto* galleryButtons = new QHBoxLayout;
    auto* galleryHint =
        new QLabel(tr("Double-click an image to see it large. Rate it in a study or in artist mode."), this);
    galleryHint->setWordWrap(true);  // long in German; unwrapped, it set the width of the whole window
    galleryButtons->addWidget(galleryHint, 1);
    galleryButtons->addWidget(useButton_);
    galleryLayout->addLayout(galleryButtons);
    return galleryBox;
}

void GeneratePage::layOutColumns(QWidget* left, QGroupBox* galleryBox)
{
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(galleryBox);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
}

void GeneratePage::connectSignals()
{
    connect(generator_, qOverload<int>(&QComboBox::currentIndexChanged), this, &GeneratePage::generatorChanged);
    connect(randomSeed_, &QPushButton::clicked, this,
        [this] { seed_->setText(QString::number(QRandomGenerator::global()->generate())); });
    connect(addButton_, &QPushButton::clicked, this, [this] { addToQueue(false); });
    connect(generateButton_, &QPushButton::clicked, this, [this] { addToQueue(true); });
    connect(removeButton_, &QPushButton::clicked, this,
        [this] { removePendingJob(queueView_->currentIndex().isValid() ? queueView_->currentIndex().row() : -1); });
    connect(clearButton_, &QPushButton::clicked, this, [this] {
        queue_->removeAllPending();
        updateButtons();
    });
    connect(cancelButton_, &QPushButton::clicked, this, &GeneratePage::cancelRunningJob);
    connect(openPng_, &QPushButton::clicked, this, &GeneratePage::openPngInteractively);
    connect(useButton_, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedImage()) restoreFromImage(id);
    });
    connect(galleryView_, &QListView::doubleClicked, this,
        [this](const QModelIndex& index) { openImage(index.data(LibraryModel::ImageIdRole).toLongLong()); });
    connect(queueView_->selectionModel(), &QItemSelectionModel::currentChanged, this, &GeneratePage::updateButtons);
    connect(galleryView_->selectionModel(), &QItemSelectionModel::currentChanged, this, &GeneratePage::updateButtons);
    connect(queue_, &QAbstractItemModel::dataChanged, this, &GeneratePage::updateButtons);
    connect(task_, &gui::BackgroundTask::finished, this, &GeneratePage::jobEnded);
    connect(bestOf_, &QCheckBox::toggled, this, &GeneratePage::updateButtons);
    connect(bestOfResults_, &QListWidget::itemDoubleClicked, this,
        [this](QListWidgetItem* item) { openImage(item->data(ImageIdRole).toLongLong()); });
}

// The GUI thread's connection, for the settings stored with generated images.
void GeneratePage::openWorkspace()
{
    try {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::open(folder_.toStdString()));
    } catch (const std::exception& e) {
        showStatus(tr("Cannot open the workspace: %1").arg(QString::fromUtf8(e.what())));
    }
    if (!library_->lastError().isEmpty()) showStatus(library_->lastError());
    reloadPeople();
}

void GeneratePage::reloadPeople()
{
    const QString previous = bestOfPerson_->currentText();
    bestOfPerson_->clear();
    if (!workspace_) return;
    try {
        // Current answers only: a person whose every rating was taken back has nothing to rank with.
        auto people = workspace_->database().prepare(
            "SELECT p.id, p.pseudonym FROM people p WHERE EXISTS (SELECT 1 FROM ratings r WHERE r.person_id = p.id "
            "AND r.retracted = 0) ORDER BY p.pseudonym");
        while (people.step()) bestOfPerson_->addItem(fromStd(people.columnText(1)), qint64(people.columnInt(0)));
    } catch (const std::exception& e) {
        showStatus(tr("Cannot read the people of the workspace: %1").arg(QString::fromUtf8(e.what())));
    }
    const int index = bestOfPerson_->findText(previous);
    if (index >= 0) bestOfPerson_->setCurrentIndex(index);
}

GeneratePage::~GeneratePage()
{
    // No job may outlive the page: stop it within a step and wait, before the members it reports to are gone.
    closing_ = true;
    task_->disconnect(this);
    task_->cancel();
    task_->wait();
}

void GeneratePage::setModelsFolder(const QString& folder)
{
    modelsFolder_ = folder;
    listGenerators();
}

void GeneratePage::listGenerators()
{
    const QString previous = generator_->currentIndex() >= 0
        ? QString::fromStdString(generators_.at(std::size_t(generator_->currentData().toInt())).folder.string())
        : QString();
    generators_ = services::listGenerators(modelsFolder_.toStdString(), hubCache_.toStdString());
    const QSignalBlocker blocker(generator_);
    generator_->clear();
    int preferred = -1;
    const services::GeneratorInfo* missing = nullptr;
    for (std::size_t i = 0; i < generators_.size(); ++i) {
        const services::GeneratorInfo& info = generators_[i];
        if (!info.available) {
            missing = &info;
            continue;
        }
        if (info.id == services::kProceduralGenerator) {
            generator_->addItem(tr("Procedural (built in)"), int(i));
        } else {
            generator_->addItem(info.id == services::kFluxGenerator
                    ? tr("FLUX.1-schnell (%1)").arg(nativePath(info.folder))
                    : tr("SD-Turbo (%1)").arg(nativePath(info.folder)),
                int(i));
            generator_->setItemData(generator_->count() - 1, nativePath(info.folder), Qt::ToolTipRole);
            // SD-Turbo is the default once there is one; the one chosen before stays chosen.
            if (preferred < 0 || nativePath(info.folder) == QDir::toNativeSeparators(previous)) {
                preferred = generator_->count() - 1;
            }
        }
    }
    generator_->setCurrentIndex(preferred >= 0 ? preferred : 0);
    if (missing) {
        const QString hub = QDir::toNativeSeparators(hubCache_);
        const QString places = modelsFolder_.isEmpty()
            ? tr("the Hugging Face cache %1 (no models folder is set in File > Settings…)").arg(hub)
            : tr("the models folder %1 and the Hugging Face cache %2")
                  .arg(QDir::toNativeSeparators(modelsFolder_), hub);
        modelNote_->setText(tr("No SD-Turbo model was found. TasteLab looked in %1. To add one, put the diffusers "
                               "folder of stabilityai/sd-turbo (in a folder whose name contains “sd-turbo”) into the "
                               "models folder chosen in File > Settings…, or download it into the Hugging Face cache, "
                               "for example with “huggingface-cli download stabilityai/sd-turbo”. Until then the "
                               "built-in procedural generator is used.")
                                .arg(places));
    }
    modelNote_->setVisible(missing != nullptr);
    generatorChanged();
}

QString GeneratePage::modelNote() const
{
    return modelNote_->isHidden() ? QString() : modelNote_->text();
}

GeneratePage::FormState GeneratePage::formStateFor(const std::string& generator)
{
    // The form follows the generator's facts (app/services/generator_catalog.h).
    FormState state;
    const services::GeneratorFacts* facts = services::findGeneratorFacts(generator);
    if (!facts) return state;
    state.stepsEnabled = facts->maxSteps > 1;
    state.guidanceEnabled = facts->usesGuidance;
    // A generator distilled for several steps (FLUX.1-schnell: 4) gets them when it is chosen.
    state.stepsWhenChosen = facts->defaultSteps > 1 ? facts->defaultSteps : 0;
    state.maxSize = facts->maxSize;
    state.sizeStep = facts->sizeStep;
    return state;
}

void GeneratePage::generatorChanged()
{
    const std::string generator = formSettings().generator;
    const FormState state = formStateFor(generator);
    steps_->setEnabled(state.stepsEnabled);
    guidance_->setEnabled(state.guidanceEnabled);
    if (state.stepsWhenChosen > 0 && lastGenerator_ != generator) steps_->setValue(state.stepsWhenChosen);
    lastGenerator_ = generator;
    size_->setMaximum(state.maxSize);
    size_->setSingleStep(state.sizeStep);
}

services::GenerationSettings GeneratePage::formSettings() const
{
    services::GenerationSettings settings;
    const int index = generator_->currentData().toInt();
    if (index >= 0 && std::size_t(index) < generators_.size()) {
        settings.generator = generators_[std::size_t(index)].id;
        settings.modelFolder = generators_[std::size_t(index)].folder;
    }
    settings.prompt = prompt_->toPlainText().trimmed().toStdString();
    settings.negativePrompt = negativePrompt_->text().trimmed().toStdString();
    settings.seed = seed_->text().toULongLong();
    const services::GeneratorFacts* facts = services::findGeneratorFacts(settings.generator);
    settings.steps = facts ? std::min(steps_->value(), facts->maxSteps) : steps_->value();
    settings.size = size_->value();
    settings.batch = bestOf_->isChecked() ? bestOfCount_->value() : batch_->value();
    settings.guidanceScale = settings.generator == services::kProceduralGenerator ? 0.0 : guidance_->value();
    settings.device = device_.toStdString();
    return settings;
}

void GeneratePage::setFormSettings(const services::GenerationSettings& settings)
{
    // The generator: the same kind, preferring the same folder.
    int match = -1;
    for (int i = 0; i < generator_->count(); ++i) {
        const auto& info = generators_.at(std::size_t(generator_->itemData(i).toInt()));
        if (info.id != settings.generator) continue;
        if (match < 0 || (!settings.modelFolder.empty() && info.folder == settings.modelFolder)) match = i;
    }
    if (match >= 0) generator_->setCurrentIndex(match);
    generatorChanged();
    prompt_->setPlainText(fromStd(settings.prompt));
    negativePrompt_->setText(fromStd(settings.negativePrompt));
    seed_->setText(QString::number(settings.seed));
    steps_->setValue(settings.steps);
    size_->setValue(settings.size);
    batch_->setValue(settings.batch);
    guidance_->setValue(settings.guidanceScale);
    if (match < 0) {
        showStatus(tr("These settings were made with %1, which is not available here; the %2 generator is selected.")
                       .arg(fromStd(settings.generator), generator_->currentText()));
    }
}

int GeneratePage::addToQueue(bool next)
{
    const services::GenerationSettings settings = formSettings();
    try {
        services::validate(settings);
    } catch (const std::invalid_argument& e) {
        showStatus(tr("Cannot queue these settings: %1").arg(QString::fromUtf8(e.what())));
        return 0;
    }
    std::optional<services::BestOfNSettings> bestOf;
    if (bestOf_->isChecked()) {
        if (bestOfPerson_->currentIndex() < 0) {
            showStatus(tr("Best of N needs a person with answers: rate some images first."));
            return 0;
        }
        if (bestOfKeep_->value() >= bestOfCount_->value()) {
            showStatus(tr("Best of %1 keeps fewer than %1 images: lower Keep or raise N.").arg(bestOfCount_->value()));
            return 0;
        }
        bestOf.emplace();
        bestOf->personId = bestOfPerson_->currentData().toLongLong();
        bestOf->keep = bestOfKeep_->value();
    }
    const int id = queue_->add(settings, next, bestOf, bestOfPerson_->currentText());
    showStatus(tr("Job %1 queued.").arg(id));
    if (!isRunning()) startNextJob();
    updateButtons();
    return id;
}

bool GeneratePage::removePendingJob(int row)
{
    const bool removed = queue_->removePending(row);
    updateButtons();
    return removed;
}

void GeneratePage::cancelRunningJob()
{
    if (!isRunning()) return;
    task_->cancel();
    progressText_->setText(tr("Stopping after the current step…"));
    cancelButton_->setEnabled(false);
}

bool GeneratePage::isRunning() const
{
    return running_ != nullptr;
}

void GeneratePage::startNextJob()
{
    if (closing_ || running_) return;
    const int row = queue_->nextPendingRow();
    if (row < 0) {
        updateButtons();
        Q_EMIT queueIdle();
        return;
    }
    auto job = std::make_shared<RunningJob>();
    job->jobId = queue_->job(row).id;
    job->settings = queue_->job(row).settings;
    job->bestOf = queue_->job(row).bestOf;
    job->person = queue_->job(row).person;
    running_ = job;
    queue_->setState(job->jobId, GenerationQueueModel::State::Running);
    progress_->setValue(0);
    if (job->bestOf) {
        progressText_->setText(tr("Reading %1's taste model…").arg(job->person));
    } else {
        progressText_->setText(job->settings.generator == services::kProceduralGenerator
                ? tr("Starting…")
                : tr("Loading SD-Turbo (the first job takes a while)…"));
    }
    updateButtons();
    const std::filesystem::path root = folder_.toStdString();
    task_->start([this, job, root](gui::BackgroundTask& task) {
        auto workspace = services::Workspace::open(root);  // this thread's own connection
        const int jobId = job->jobId;
        const auto onProgress = [this, jobId](const services::GenerationProgress& progress) {
            QMetaObject::invokeMethod(
                this, [this, jobId, progress] { jobProgress(jobId, progress); }, Qt::QueuedConnection);
        };
        // Best of N goes through the same service as `tastelab-cli generate --best-of`.
        auto result = job->bestOf
            ? services::generateBestOfN(workspace, job->settings, *job->bestOf, onProgress, task.cancelFlag())
            : services::generateImages(workspace, job->settings, onProgress, task.cancelFlag());
        std::lock_guard<std::mutex> lock(job->mutex);
        job->result = std::move(result);
    });
}

void GeneratePage::jobProgress(int jobId, const services::GenerationProgress& p)
{
    if (!running_ || running_->jobId != jobId) return;
    const double fraction = p.fraction();
    progress_->setValue(int(fraction * kProgressSteps + 0.5));
    if (p.storedImageId != 0) {
        // Best of N stores its picks after the last candidate, so p.image is a candidate's number, not a count.
        const int row = queue_->rowOfJob(jobId);
        const bool bestOf = row >= 0 && queue_->job(row).bestOf;
        queue_->setImagesMade(jobId, bestOf ? queue_->job(row).imagesMade + 1 : p.image);
        reloadGallery();
        Q_EMIT imageStored(p.storedImageId);
    }
    if (task_->isCancelled()) return;  // keeps "Stopping…"
    const double eta = fraction > 0 ? p.seconds * (1 - fraction) / fraction : -1.0;
    QString text = p.steps > 1 ? tr("Image %1 of %2, step %3 of %4").arg(p.image).arg(p.images).arg(p.step).arg(p.steps)
                               : tr("Image %1 of %2").arg(p.image).arg(p.images);
    progressText_->setText(text + QStringLiteral(" · ") + gui::BackgroundTask::formatEta(eta));
}

void GeneratePage::jobEnded(bool cancelled, const QString& error)
{
    if (!running_) return;
    const std::shared_ptr<RunningJob> job = running_;
    running_.reset();
    int made = 0;
    bool stoppedEarly = false;
    {
        std::lock_guard<std::mutex> lock(job->mutex);
        made = int(job->result.images.size());
        // A cancel that came after the last image changed nothing. Best of N says itself whether it stopped (it
        // stores fewer images than it renders).
        stoppedEarly = job->result.cancelled || (!job->bestOf && cancelled && made < job->settings.batch);
    }
    GenerationQueueModel::State state = GenerationQueueModel::State::Done;
    if (!error.isEmpty()) {
        state = GenerationQueueModel::State::Failed;
        showStatus(tr("Job %1 failed: %2").arg(job->jobId).arg(error));
        progressText_->setText(tr("Failed"));
    } else if (stoppedEarly) {
        state = GenerationQueueModel::State::Cancelled;
        showStatus(
            tr("Job %1 was cancelled after %n image(s); they are in the library.", nullptr, made).arg(job->jobId));
        progressText_->setText(tr("Cancelled"));
    } else if (job->bestOf) {
        showStatus(tr(
            "Job %1 kept %n image(s) of %2 for %3, best first; they are in the library, ready to rate.", nullptr, made)
                       .arg(job->jobId)
                       .arg(job->settings.batch)
                       .arg(job->person));
        progressText_->setText(tr("Done"));
        progress_->setValue(kProgressSteps);
        std::lock_guard<std::mutex> lock(job->mutex);
        showBestOfResults(job->person, job->result);
    } else {
        showStatus(
            tr("Job %1 made %n image(s); they are in the library, ready to rate.", nullptr, made).arg(job->jobId));
        progressText_->setText(tr("Done"));
        progress_->setValue(kProgressSteps);
    }
    queue_->setImagesMade(job->jobId, made);
    queue_->setState(job->jobId, state, error);
    reloadGallery();
    updateButtons();
    Q_EMIT jobFinished(job->jobId, state, made);
    startNextJob();
}

bool GeneratePage::restoreFromPng(const QString& file)
{
    std::optional<services::GenerationSettings> settings;
    try {
        settings = services::settingsFromPng(file.toStdString());
    } catch (const std::exception& e) {
        showStatus(
            tr("Cannot read the settings of %1: %2").arg(QDir::toNativeSeparators(file), QString::fromUtf8(e.what())));
        return false;
    }
    if (!settings) {
        showStatus(tr("%1 carries no generation settings (it was not made by TasteLab or a tool that stores them).")
                       .arg(QFileInfo(file).fileName()));
        return false;
    }
    showStatus(tr("Settings restored from %1.").arg(QFileInfo(file).fileName()));
    setFormSettings(*settings);
    return true;
}

bool GeneratePage::restoreFromImage(qint64 imageId)
{
    std::optional<services::GenerationSettings> settings;
    try {
        if (workspace_) settings = services::storedSettings(*workspace_, imageId);
    } catch (const std::exception& e) {
        showStatus(tr("Cannot read the settings of image %1: %2").arg(imageId).arg(QString::fromUtf8(e.what())));
        return false;
    }
    if (!settings) {
        showStatus(tr("Image %1 has no stored generation settings.").arg(imageId));
        return false;
    }
    showStatus(tr("Settings restored from image %1.").arg(imageId));
    setFormSettings(*settings);
    return true;
}

QDialog* GeneratePage::openImage(qint64 imageId)
{
    const int row = library_->rowOf(imageId);
    if (row < 0) return nullptr;
    const QModelIndex index = library_->index(row);
    const QString file = index.data(LibraryModel::FilePathRole).toString();
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("imageView"));
    dialog->setWindowTitle(tr("Image %1").arg(imageId));
    auto* canvas = new ImageCanvas(dialog);
    canvas->setMinimumSize(384, 384);
    QImageReader reader(file);
    const QImage image = reader.read();
    if (image.isNull()) {
        canvas->setPlaceholderText(
            tr("Cannot read '%1': %2").arg(QDir::toNativeSeparators(file), reader.errorString()));
    } else {
        canvas->setImage(image, quint64(imageId));
    }
    auto* details = new QLabel(dialog);
    details->setWordWrap(true);
    details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    std::optional<services::GenerationSettings> settings;
    try {
        if (workspace_) settings = services::storedSettings(*workspace_, imageId);
    } catch (const std::exception&) {
        settings.reset();  // the tool tip below still says what the library knows
    }
    details->setText(settings
            ? tr("%1\nSeed %2 · %3 × %3 pixels · steps: %4 · %5")
                  .arg(fromStd(settings->prompt), QString::number(settings->seed), QString::number(settings->size),
                      QString::number(settings->steps), fromStd(settings->generator))
            : index.data(Qt::ToolTipRole).toString());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QPushButton* use = buttons->addButton(tr("Use These Settings"), QDialogButtonBox::ActionRole);
    use->setObjectName(QStringLiteral("useSettings"));
    use->setEnabled(settings.has_value());
    connect(use, &QPushButton::clicked, dialog, [this, dialog, imageId] {
        if (restoreFromImage(imageId)) dialog->accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(canvas, 1);
    layout->addWidget(details);
    layout->addWidget(buttons);
    dialog->resize(640, 720);
    dialog->show();
    return dialog;
}

void GeneratePage::openPngInteractively()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Open PNG"), QString(), tr("PNG images (*.png);;All files (*)"));
    if (!file.isEmpty()) restoreFromPng(file);
}

void GeneratePage::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedPng(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void GeneratePage::dropEvent(QDropEvent* event)
{
    const QString file = droppedPng(event->mimeData());
    if (file.isEmpty()) return;
    event->acceptProposedAction();
    restoreFromPng(file);
}

void GeneratePage::showBestOfResults(const QString& person, const services::GenerationResult& result)
{
    bestOfResults_->clear();
    for (const services::GenerationOutput& image : result.images) {
        const double predicted = image.predictedScore.value_or(0.0);
        QString text = tr("%1 predicted").arg(QString::number(predicted, 'f', 2));
        if (image.exploratory) text += tr(" · explore");
        auto* item = new QListWidgetItem(text, bestOfResults_);
        QImageReader reader(QString::fromStdString(image.file.string()));
        reader.setScaledSize(bestOfResults_->iconSize());  // small kept images, read once on the GUI thread
        item->setIcon(QIcon(QPixmap::fromImage(reader.read())));
        item->setToolTip(image.exploratory
                ? tr("Kept to learn from: %1's taste model is least sure about it (%2 predicted)")
                      .arg(person, QString::number(predicted, 'f', 2))
                : tr("%1's predicted score: %2").arg(person, QString::number(predicted, 'f', 2)));
        item->setData(ImageIdRole, qint64(image.imageId));
        item->setData(PredictedRole, predicted);
        item->setData(ExploratoryRole, image.exploratory);
    }
    bestOfResults_->setVisible(bestOfResults_->count() > 0);
}

void GeneratePage::reloadGallery()
{
    // Re-reading the library resets the model; the image a person selected stays selected.
    const qint64 selected = selectedImage();
    library_->reload();
    if (selected == 0) return;
    const int row = library_->rowOf(selected);
    if (row >= 0) galleryView_->setCurrentIndex(gallery_->mapFromSource(library_->index(row)));
}

qint64 GeneratePage::selectedImage() const
{
    const QModelIndex index = galleryView_->currentIndex();
    return index.isValid() ? index.data(LibraryModel::ImageIdRole).toLongLong() : 0;
}

void GeneratePage::showStatus(const QString& text)
{
    status_->setText(text);
}

QString GeneratePage::statusText() const
{
    return status_->text();
}

QString GeneratePage::progressText() const
{
    return progressText_->text();
}

void GeneratePage::updateButtons()
{
    const QModelIndex current = queueView_->currentIndex();
    removeButton_->setEnabled(current.isValid()
        && current.data(GenerationQueueModel::StateRole).value<GenerationQueueModel::State>()
            == GenerationQueueModel::State::Pending);
    clearButton_->setEnabled(queue_->count(GenerationQueueModel::State::Pending) > 0);
    cancelButton_->setEnabled(isRunning() && !task_->isCancelled());
    useButton_->setEnabled(galleryView_->currentIndex().isValid());
    // Best of N takes its N in place of the batch.
    const bool bestOf = bestOf_->isChecked();
    batch_->setEnabled(!bestOf);
    bestOfCount_->setEnabled(bestOf);
    bestOfPerson_->setEnabled(bestOf);
    bestOfKeep_->setEnabled(bestOf);
}

}  // namespace tastelab::widgets

// Artist mode: the rating queue, the slider screen and the gallery.
#include "widgets/artist_page.h"

#include "app/gui/background_task.h"
#include "app/services/artist_session.h"
#include "app/services/image_library.h"
#include "app/services/reward/scorer.h"
#include "app/services/workspace.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/statement.h"
#include "widgets/image_canvas.h"
#include "widgets/image_prefetcher.h"
#include "widgets/rating_slider.h"
#include "widgets/screen_keys.h"
#include "widgets/slider_rating_screen.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QImageReader>
#include <QInputDialog>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cstddef>
#include <set>

namespace tastelab::widgets {

// The reward model as the prediction task uses it: its own connection and scorer, made on first use.
struct ArtistPage::Predictor {
    std::filesystem::path root;
    std::unique_ptr<services::Workspace> workspace;
    std::unique_ptr<services::RewardScorer> scorer;
    std::string scorerDevice;  // the compute-device setting the scorer was made for
    std::int64_t scorerCheckpoint = -1;  // the newest checkpoint row when the scorer was made
    std::int64_t attemptedCheckpoint = 0;  // the newest checkpoint row when the task last ran
    bool unavailable = false;
    std::string reason;
    // In: who and which image. Out: the prediction and the seconds it took.
    std::int64_t personId = 0;
    std::int64_t imageId = 0;
    double predicted = 0;
    double seconds = 0;
};

ArtistGalleryModel::ArtistGalleryModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void ArtistGalleryModel::setEntries(std::vector<Entry> entries)
{
    beginResetModel();
    entries_ = std::move(entries);
    endResetModel();
}

const ArtistGalleryModel::Entry* ArtistGalleryModel::find(qint64 imageId) const
{
    const auto it = std::find_if(
        entries_.begin(), entries_.end(), [imageId](const Entry& entry) { return entry.imageId == imageId; });
    return it == entries_.end() ? nullptr : &*it;
}

int ArtistGalleryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

QVariant ArtistGalleryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& e = entries_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QString::number(e.rating, 'f', 2);
    case Qt::DecorationRole:
        return e.icon;
    case Qt::ToolTipRole:
        return tr("Rating %1\n%2").arg(QString::number(e.rating, 'f', 3), e.prompt);
    case ImageIdRole:
        return e.imageId;
    case RatingRole:
        return e.rating;
    case PromptRole:
        return e.prompt;
    case FilePathRole:
        return e.path;
    default:
        return {};
    }
}

ArtistPage::ArtistPage(const QString& workspaceFolder, QWidget* parent)
    : QWidget(parent)
    , folder_(workspaceFolder)
    , artistBox_(new QComboBox(this))
    , generatorBox_(new QComboBox(this))
    , status_(new QLabel(this))
    , tabs_(new QTabWidget(this))
    , prefetcher_(new ImagePrefetcher(this))
    , screen_(new SliderRatingScreen(prefetcher_, tabs_))
    , gallery_(new ArtistGalleryModel(this))
    , galleryView_(new QListView(tabs_))
    , showPrediction_(new QCheckBox(tr("Show my model's prediction"), this))
    , prediction_(new QLabel(this))
    , predictTask_(new gui::BackgroundTask(this))
{
    // A list, not a text box: typing can never append to a name and create a new person by accident.
    artistBox_->setEditable(false);
    artistBox_->setMinimumWidth(180);
    artistBox_->setPlaceholderText(tr("No artists yet"));
    auto* newArtist = new QPushButton(tr("New Artist…"), this);
    newArtist->setObjectName(QStringLiteral("newArtist"));
    auto* start = new QPushButton(tr("Start Rating"), this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Artist:"), this));
    top->addWidget(artistBox_);
    top->addWidget(newArtist);
    top->addWidget(new QLabel(tr("Images from:"), this));
    top->addWidget(generatorBox_);
    top->addWidget(start);
    top->addStretch();
    top->addWidget(status_);

    galleryView_->setObjectName(QStringLiteral("artistGallery"));
    galleryView_->setModel(gallery_);
    galleryView_->setViewMode(QListView::IconMode);
    galleryView_->setIconSize(QSize(160, 160));
    galleryView_->setGridSize(QSize(184, 200));
    galleryView_->setResizeMode(QListView::Adjust);
    galleryView_->setMovement(QListView::Static);
    galleryView_->setUniformItemSizes(true);
    tabs_->addTab(screen_, tr("Rate"));
    tabs_->addTab(galleryView_, tr("Gallery"));
    galleryView_->setToolTip(tr("Double-click an image (or press Enter on it) to rate it again."));
    connect(galleryView_, &QListView::activated, this,
        [this](const QModelIndex& index) { rateAgain(index.data(ArtistGalleryModel::ImageIdRole).toLongLong()); });

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(tabs_, 1);
    showPrediction_->setChecked(true);
    showPrediction_->setToolTip(tr("Hide it to rate without being anchored by what the model expects."));
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(prediction_, 1);
    bottom->addWidget(showPrediction_);
    layout->addLayout(bottom);
    prediction_->setWordWrap(true);
    connect(showPrediction_, &QCheckBox::toggled, this, [this](bool show) {
        prediction_->setVisible(show);
        Q_EMIT showPredictionChanged(show);
        if (show) updatePrediction();
    });
    connect(predictTask_, &gui::BackgroundTask::finished, this, [this](bool, const QString& error) {
        if (!error.isEmpty()) {
            prediction_->setText(tr("The personal model could not score this image: %1").arg(error));
        } else if (predictor_->unavailable) {
            missingModelCheckpoint_ = predictor_->attemptedCheckpoint;
            prediction_->setText(tr("Train a reward model (Model > Train and Evaluate…) to see what it predicts for "
                                    "you while you rate."));
        } else {
            prediction_->setText(
                tr("Your personal model predicts %1 for this image (updated from your answers in %2 ms).")
                    .arg(QString::number(predictor_->predicted, 'f', 2))
                    .arg(qRound(predictor_->seconds * 1000.0)));
            Q_EMIT predictionUpdated(predictor_->imageId, predictor_->predicted, predictor_->seconds);
        }
        if (predictionPending_) updatePrediction();
    });

    connect(start, &QPushButton::clicked, this, [this] { startRating(artistBox_->currentText()); });
    connect(newArtist, &QPushButton::clicked, this, &ArtistPage::askForNewArtist);
    connect(screen_, &SliderRatingScreen::submitted, this, &ArtistPage::submitted);
    connect(screen_, &SliderRatingScreen::backRequested, this, &ArtistPage::takeBackLastRating);
    // Before the screen's own keys (a later filter runs first): Enter on an untouched slider says what to do instead
    // of doing nothing, and Ctrl+Z takes the last rating back rather than reaching the window's Undo.
    new ScreenKeyRouter(
        screen_,
        [](const QKeyEvent* key) {
            if (key->matches(QKeySequence::Undo)) return true;
            return (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
                && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
        },
        [this](const QKeyEvent* key) {
            if (key->type() != QEvent::KeyPress) return true;
            if (key->matches(QKeySequence::Undo)) {
                takeBackLastRating();
            } else if (!screen_->submit() && session_ && next_ < static_cast<int>(queue_.size())
                && !screen_->slider()->moved()) {
                status_->setText(
                    tr("Move the slider first (drag it, press Left or Right, or 1 to 5), then press Enter."));
            }
            return true;
        });
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
        if (tabs_->widget(index) == galleryView_) refreshGallery();
    });

    try {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::open(folder_.toStdString()));
        reloadArtists();
        std::set<std::string> generators;
        for (const auto& image : storage::ImageStore(workspace_->database()).list()) {
            if (image.generator) generators.insert(*image.generator);
        }
        generatorBox_->addItem(tr("All generators"), QString());
        for (const auto& g : generators) generatorBox_->addItem(QString::fromStdString(g), QString::fromStdString(g));
        status_->setText(tr("Choose who is rating, then Start Rating."));
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
    }
    predictor_ = std::make_shared<Predictor>();
    predictor_->root = folder_.toStdString();
}

ArtistPage::~ArtistPage() = default;  // the task's destructor cancels and waits

QString ArtistPage::predictionText() const
{
    return prediction_->text();
}

bool ArtistPage::showPrediction() const
{
    return showPrediction_->isChecked();
}

void ArtistPage::setShowPrediction(bool show)
{
    showPrediction_->setChecked(show);
}

std::int64_t ArtistPage::newestCheckpointId() const
{
    // One indexed lookup on the GUI thread's connection: cheap enough to ask before every image.
    auto statement = workspace_->database().prepare("SELECT coalesce(max(id), 0) FROM model_checkpoints");
    return statement.step() ? statement.columnInt(0) : 0;
}

void ArtistPage::updatePrediction()
{
    if (!session_ || next_ >= static_cast<int>(queue_.size()) || !showPrediction_->isChecked()) return;
    if (predictTask_->isRunning()) {
        predictionPending_ = true;  // once more when the running one is done, for the image then on screen
        return;
    }
    std::int64_t checkpoint = 0;
    try {
        checkpoint = newestCheckpointId();
    } catch (const std::exception&) {  // a busy database: the task finds out for itself
        checkpoint = predictor_->scorerCheckpoint;
    }
    // A model trained since the last try (in this window or by the CLI) is picked up here, without reopening.
    if (predictor_->unavailable) {
        if (checkpoint <= missingModelCheckpoint_) return;
        predictor_->unavailable = false;
    }
    predictionPending_ = false;
    predictor_->personId = session_->artist().id;
    predictor_->imageId = queue_[static_cast<std::size_t>(next_)].first;
    predictor_->attemptedCheckpoint = checkpoint;
    auto predictor = predictor_;
    predictTask_->start([predictor, device = device_.toStdString(), checkpoint](gui::BackgroundTask&) {
        if (!predictor->scorer || predictor->scorerDevice != device || predictor->scorerCheckpoint != checkpoint) {
            predictor->scorer.reset();
            if (!predictor->workspace) {
                predictor->workspace =
                    std::make_unique<services::Workspace>(services::Workspace::open(predictor->root));
            }
            try {
                services::ScoreOptions options;
                options.device = device;
                predictor->scorer = std::make_unique<services::RewardScorer>(*predictor->workspace, options);
                predictor->scorerDevice = device;
                predictor->scorerCheckpoint = checkpoint;
            } catch (const std::runtime_error& e) {
                // No trained model for this workspace yet. A device this machine lacks (std::invalid_argument) ends
                // the task with its message instead, which the page shows.
                predictor->unavailable = true;
                predictor->reason = e.what();
                return;
            }
        }
        QElapsedTimer clock;
        clock.start();
        predictor->scorer->refitFromAnswers(predictor->personId);
        predictor->predicted = predictor->scorer->score(predictor->personId, {predictor->imageId}).at(0);
        predictor->seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    });
}

void ArtistPage::setDevice(const QString& device)
{
    device_ = device;
    // A device that could not run before may run now; the running task, if any, keeps its own copy.
    if (!predictTask_->isRunning()) {
        predictor_->unavailable = false;
        missingModelCheckpoint_ = 0;
    }
}

void ArtistPage::askForNewArtist()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New Artist"),
        tr("Name or id of the new artist (how they appear in exports):"), QLineEdit::Normal, QString(), &ok);
    if (!ok) return;
    if (!createArtist(name)) QMessageBox::information(this, tr("New Artist"), statusText());
}

bool ArtistPage::createArtist(const QString& name)
{
    if (!workspace_) return false;
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        status_->setText(tr("Type a name or id for the new artist."));
        return false;
    }
    try {
        storage::PeopleStore people(workspace_->database());
        if (auto existing = people.findByPseudonym(trimmed.toStdString())) {
            status_->setText(existing->role == storage::PersonRole::Artist
                    ? tr("There is already an artist called '%1': choose them from the list.").arg(trimmed)
                    : tr("'%1' is already taken by someone in this workspace: choose another name.").arg(trimmed));
            return false;
        }
        storage::Person person;
        person.pseudonym = trimmed.toStdString();
        person.role = storage::PersonRole::Artist;
        people.insert(person);
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
        return false;
    }
    reloadArtists();
    artistBox_->setCurrentText(trimmed);
    status_->setText(tr("Added %1. Press Start Rating when ready.").arg(trimmed));
    return true;
}

void ArtistPage::reloadArtists()
{
    const QString current = artistBox_->currentText();
    artistBox_->clear();
    for (const auto& person : storage::PeopleStore(workspace_->database()).list()) {
        if (person.role == storage::PersonRole::Artist) artistBox_->addItem(QString::fromStdString(person.pseudonym));
    }
    if (!current.isEmpty()) artistBox_->setCurrentText(current);  // non-editable: selects only an existing entry
}

QString ArtistPage::statusText() const
{
    return status_->text();
}

bool ArtistPage::startRating(const QString& artist)
{
    const QString name = artist.trimmed();
    if (!workspace_) return false;
    if (name.isEmpty()) {
        status_->setText(tr("Choose an artist from the list, or add one with New Artist…"));
        return false;
    }
    try {
        if (!storage::PeopleStore(workspace_->database()).findByPseudonym(name.toStdString())) {
            status_->setText(tr("There is no artist called '%1': add them with New Artist… first.").arg(name));
            return false;
        }
        session_.reset();
        session_ = std::make_unique<services::ArtistSession>(*workspace_, name.toStdString(), "TasteLab GUI");
        queue_.clear();
        prompts_.clear();
        given_.clear();
        next_ = 0;
        QStringList unusable;
        // Prompts interleaved, seeded by the session: reproducible from the database, different each sitting.
        const auto images = session_->ratingQueue(
            generatorBox_->currentData().toString().toStdString(), static_cast<std::uint64_t>(session_->sessionId()));
        for (const auto& image : images) {
            try {
                queue_.emplace_back(image.id, QString::fromStdString(session_->imagePath(image)));
            } catch (const services::ImageFileError& e) {
                // A linked file replaced or removed on disk is never shown under the old image's identity.
                unusable.push_back(QString::fromStdString(e.what()));
                continue;
            }
            prompts_.push_back(QString::fromStdString(image.prompt.value_or(std::string())));
            given_.push_back(-1.0);
        }
        if (!unusable.isEmpty()) {
            status_->setText(tr("%n image(s) left out because their files changed on disk: %1", nullptr,
                static_cast<int>(unusable.size()))
                                 .arg(unusable.front()));
        }
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
        return false;
    }
    reloadArtists();
    artistBox_->setCurrentText(name);
    tabs_->setCurrentWidget(screen_);
    showNext();
    return true;
}

void ArtistPage::showNext()
{
    if (next_ >= static_cast<int>(queue_.size())) {
        status_->setText(tr("Everything is rated. Your gallery is sorted by your ratings."));
        showGallery();
        return;
    }
    const QSize target = screen_->canvas()->targetPixelSize();
    if (target.width() > 16 && target.height() > 16) prefetcher_->setTargetSize(target);
    SliderStimulus stimulus;
    stimulus.token = token_++;
    stimulus.imagePath = queue_[static_cast<std::size_t>(next_)].second;
    stimulus.prompt = prompts_[static_cast<std::size_t>(next_)];
    const double earlier = given_[static_cast<std::size_t>(next_)];
    stimulus.startPosition = earlier >= 0 ? earlier : 0.5;
    // As in studies: an untouched slider is no answer, so a stray Enter never stores "neutral".
    stimulus.requireMovement = true;
    stimulus.allowBack = next_ > 0;
    screen_->showStimulus(stimulus);
    screen_->setFocus();
    for (int i = next_ + 1; i < std::min(next_ + 4, static_cast<int>(queue_.size())); ++i) {
        prefetcher_->prefetch(queue_[static_cast<std::size_t>(i)].second);
    }
    if (earlier >= 0) {
        status_->setText(tr("Rate this image again: the new rating replaces %1, which stays in the history.")
                             .arg(QString::number(earlier, 'f', 2)));
    } else {
        status_->setText(tr("%n image(s) left to rate", nullptr, remaining()));
    }
    updatePrediction();
}

void ArtistPage::submitted(const SliderAnswer& answer)
{
    if (!session_ || next_ >= static_cast<int>(queue_.size())) return;
    const qint64 imageId = queue_[static_cast<std::size_t>(next_)].first;
    try {
        session_->rate(imageId, answer.value, answer.startPosition, answer.moved, answer.responseMs,
            answer.shownAt.isValid() ? answer.shownAt.toUTC().toString(Qt::ISODateWithMs).toStdString()
                                     : std::string());
    } catch (const std::exception& e) {
        status_->setText(tr("The rating could not be saved: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    given_[static_cast<std::size_t>(next_)] = answer.value;
    ++next_;
    Q_EMIT rated(imageId, answer.value);
    showNext();
}

bool ArtistPage::takeBackLastRating()
{
    if (!session_ || next_ <= 0) {
        status_->setText(tr("There is no rating of this sitting to take back."));
        return false;
    }
    --next_;
    tabs_->setCurrentWidget(screen_);
    showNext();
    return true;
}

bool ArtistPage::rateAgain(qint64 imageId)
{
    const ArtistGalleryModel::Entry* entry = session_ ? gallery_->find(imageId) : nullptr;
    if (!entry) {
        status_->setText(tr("Only a rated image of the gallery can be rated again."));
        return false;
    }
    // Shown next, ahead of the images still to rate; its earlier rating is where the slider starts.
    const auto at = static_cast<std::ptrdiff_t>(next_);
    queue_.insert(queue_.begin() + at, {entry->imageId, entry->path});
    prompts_.insert(prompts_.begin() + at, entry->prompt);
    given_.insert(given_.begin() + at, entry->rating);
    tabs_->setCurrentWidget(screen_);
    showNext();
    return true;
}

void ArtistPage::showGallery()
{
    refreshGallery();
    tabs_->setCurrentWidget(galleryView_);
}

void ArtistPage::refreshGallery()
{
    if (!session_) return;
    std::vector<ArtistGalleryModel::Entry> entries;
    for (const auto& rated : session_->gallery()) {
        ArtistGalleryModel::Entry e;
        e.imageId = rated.image.id;
        e.rating = rated.rating;
        e.prompt = QString::fromStdString(rated.image.prompt.value_or(std::string()));
        e.path = QString::fromStdString(rated.path);
        const auto sha = rated.image.sha256;
        const auto thumb = workspace_->thumbnailsDir() / sha.substr(0, 2) / (sha + ".jpg");
        QImageReader reader(QString::fromStdString(std::filesystem::exists(thumb) ? thumb.string() : rated.path));
        reader.setAutoTransform(true);
        const QImage image = reader.read();
        if (!image.isNull()) {
            e.icon = QIcon(QPixmap::fromImage(image.scaled(160, 160, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
        }
        entries.push_back(std::move(e));
    }
    gallery_->setEntries(std::move(entries));
}

}  // namespace tastelab::widgets

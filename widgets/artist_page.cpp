// Artist mode: the rating queue, the slider screen and the gallery.
#include "widgets/artist_page.h"

#include "app/gui/background_task.h"
#include "app/services/active_questions.h"
#include "app/services/artist_session.h"
#include "app/services/image_library.h"
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
#include <QDoubleSpinBox>
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
#include <map>
#include <set>

namespace tastelab::widgets {

// The taste model built off the GUI thread on its own connection, then handed to the session.
struct ArtistPage::TasteBuild {
    std::string root;
    std::int64_t personId = 0;
    std::unique_ptr<services::Workspace> workspace;
    std::unique_ptr<services::PersonTasteModel> model;
};

// The prediction line's own taste model of the artist (the session's one picks the questions on the GUI thread):
// its own connection, made on first use, refreshed from the stored answers before each prediction.
struct ArtistPage::Predictor {
    std::filesystem::path root;
    std::unique_ptr<services::Workspace> workspace;
    std::unique_ptr<services::PersonTasteModel> model;
    std::string modelDevice;  // the compute-device setting the model encodes missing images on
    std::int64_t rebuiltFor = 0;  // an image without a vector made the model read the library again once
    // In: who and which image. Out: the prediction, what it rests on and the seconds the update took.
    std::int64_t personId = 0;
    std::int64_t imageId = 0;
    double predicted = 0;
    std::size_t answers = 0;
    std::size_t priorPeople = 0;
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
        // The score on each thumbnail: the artist's own rating, and what their taste model predicts.
        if (e.rating >= 0 && e.predicted >= 0) {
            return tr("%1 · predicted %2").arg(QString::number(e.rating, 'f', 2), QString::number(e.predicted, 'f', 2));
        }
        if (e.rating >= 0) return QString::number(e.rating, 'f', 2);
        return e.predicted >= 0 ? tr("predicted %1").arg(QString::number(e.predicted, 'f', 2)) : tr("not rated");
    case Qt::DecorationRole:
        return e.icon;
    case Qt::ToolTipRole:
        return tr("Rating %1, predicted %2\n%3")
            .arg(e.rating >= 0 ? QString::number(e.rating, 'f', 3) : tr("none"),
                e.predicted >= 0 ? QString::number(e.predicted, 'f', 3) : tr("none"), e.prompt);
    case ImageIdRole:
        return e.imageId;
    case RatingRole:
        return e.rating >= 0 ? QVariant(e.rating) : QVariant();
    case PredictedRole:
        return e.predicted >= 0 ? QVariant(e.predicted) : QVariant();
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
    , strategyBox_(new QComboBox(this))
    , gallerySort_(new QComboBox(this))
    , galleryUnrated_(new QCheckBox(tr("Show unrated images"), this))
    , galleryMinRating_(new QDoubleSpinBox(this))
    , galleryMinPredicted_(new QDoubleSpinBox(this))
    , tasteTask_(new gui::BackgroundTask(this))
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
    top->addWidget(new QLabel(tr("Questions:"), this));
    strategyBox_->setObjectName(QStringLiteral("questionStrategy"));
    strategyBox_->addItem(tr("Most informative"), QStringLiteral("informative"));
    strategyBox_->addItem(tr("Random"), QStringLiteral("random"));
    strategyBox_->addItem(tr("Library order"), QStringLiteral("unrated"));
    strategyBox_->setToolTip(tr("Most informative asks the image whose rating is expected to teach your taste model "
                                "most (with a few random picks); the choice is stored with each rating."));
    top->addWidget(strategyBox_);
    top->addWidget(start);
    // The status wraps rather than widening the page: in German the row is otherwise wider than 1280 px.
    status_->setWordWrap(true);
    status_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    top->addWidget(status_, 1);

    galleryView_->setObjectName(QStringLiteral("artistGallery"));
    galleryView_->setModel(gallery_);
    galleryView_->setViewMode(QListView::IconMode);
    galleryView_->setIconSize(QSize(160, 160));
    galleryView_->setGridSize(QSize(184, 200));
    galleryView_->setResizeMode(QListView::Adjust);
    galleryView_->setMovement(QListView::Static);
    galleryView_->setUniformItemSizes(true);
    tabs_->addTab(screen_, tr("Rate"));
    auto* galleryPane = new QWidget(tabs_);
    auto* galleryControls = new QHBoxLayout;
    gallerySort_->setObjectName(QStringLiteral("gallerySort"));
    gallerySort_->addItem(tr("By my rating"), 0);
    gallerySort_->addItem(tr("By predicted score"), 1);
    for (QDoubleSpinBox* box : {galleryMinRating_, galleryMinPredicted_}) {
        box->setRange(0.0, 1.0);
        box->setSingleStep(0.05);
        box->setDecimals(2);
    }
    galleryControls->addWidget(new QLabel(tr("Sort:"), galleryPane));
    galleryControls->addWidget(gallerySort_);
    galleryControls->addWidget(galleryUnrated_);
    galleryControls->addWidget(new QLabel(tr("Minimum rating:"), galleryPane));
    galleryControls->addWidget(galleryMinRating_);
    galleryControls->addWidget(new QLabel(tr("Minimum predicted:"), galleryPane));
    galleryControls->addWidget(galleryMinPredicted_);
    galleryControls->addStretch();
    auto* galleryLayout = new QVBoxLayout(galleryPane);
    galleryLayout->setContentsMargins(0, 0, 0, 0);
    galleryLayout->addLayout(galleryControls);
    galleryLayout->addWidget(galleryView_, 1);
    tabs_->addTab(galleryPane, tr("Gallery"));
    connect(gallerySort_, &QComboBox::currentIndexChanged, this, &ArtistPage::refreshGallery);
    connect(galleryUnrated_, &QCheckBox::toggled, this, &ArtistPage::refreshGallery);
    connect(galleryMinRating_, &QDoubleSpinBox::valueChanged, this, &ArtistPage::refreshGallery);
    connect(galleryMinPredicted_, &QDoubleSpinBox::valueChanged, this, &ArtistPage::refreshGallery);
    connect(strategyBox_, &QComboBox::currentIndexChanged, this, &ArtistPage::applyStrategy);
    connect(tasteTask_, &gui::BackgroundTask::finished, this, [this](bool, const QString& error) {
        if (error.isEmpty() && tasteBuild_ && tasteBuild_->model && session_
            && tasteBuild_->personId == session_->artist().id) {
            try {
                session_->adoptTasteModel(std::move(tasteBuild_->model));
            } catch (const std::exception& e) {
                status_->setText(QString::fromStdString(e.what()));
            }
            pickNextByStrategy(next_ + 1);  // the image on screen stays what it is
        } else if (!error.isEmpty()) {
            status_->setText(tr("Your taste model could not be built, so images come in library order: %1").arg(error));
        }
        if (tasteBuild_) tasteBuild_->workspace.reset();
        Q_EMIT tasteModelFinished(error);
        if (predictionPending_) updatePrediction();  // it waited for the images to be encoded once
    });
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
        } else if (predictor_->answers == 0 && predictor_->priorPeople == 0) {
            prediction_->setText(tr("Rate a few images and your personal model will predict your next ratings."));
        } else if (predictor_->answers == 0) {
            prediction_->setText(
                tr("Your personal model predicts %1 for this image, from other people's ratings until you answer "
                   "(updated in %2 ms).")
                    .arg(QString::number(predictor_->predicted, 'f', 2))
                    .arg(qRound(predictor_->seconds * 1000.0)));
            Q_EMIT predictionUpdated(predictor_->imageId, predictor_->predicted, predictor_->seconds);
        } else {
            prediction_->setText(
                tr("Your personal model predicts %1 for this image (learnt from %n answer(s), updated in %2 ms).",
                    nullptr, static_cast<int>(predictor_->answers))
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
        if (tabs_->widget(index) == galleryView_->parentWidget()) refreshGallery();
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

void ArtistPage::updatePrediction()
{
    if (!session_ || next_ >= static_cast<int>(queue_.size()) || !showPrediction_->isChecked()) return;
    // One at a time; and not while the questions' model is being built, which encodes the images the prediction's
    // model would otherwise encode a second time beside it.
    if (predictTask_->isRunning() || tasteTask_->isRunning()) {
        predictionPending_ = true;  // once more when the running one is done, for the image then on screen
        return;
    }
    predictionPending_ = false;
    predictor_->personId = session_->artist().id;
    predictor_->imageId = queue_[static_cast<std::size_t>(next_)].first;
    auto predictor = predictor_;
    predictTask_->start([predictor, device = device_.toStdString()](gui::BackgroundTask&) {
        const bool unseen = predictor->model && !predictor->model->knows(predictor->imageId)
            && predictor->rebuiltFor != predictor->imageId;
        if (!predictor->model || predictor->model->personId() != predictor->personId || predictor->modelDevice != device
            || unseen) {
            predictor->model.reset();
            if (unseen) predictor->rebuiltFor = predictor->imageId;
            if (!predictor->workspace) {
                predictor->workspace =
                    std::make_unique<services::Workspace>(services::Workspace::open(predictor->root));
            }
            services::TasteModelOptions options;
            options.device = device;  // a device this machine lacks ends the task with its message
            predictor->model =
                std::make_unique<services::PersonTasteModel>(*predictor->workspace, predictor->personId, options);
            predictor->modelDevice = device;
        }
        QElapsedTimer clock;
        clock.start();
        predictor->model->refresh();
        predictor->predicted = predictor->model->predict({predictor->imageId}).at(0).score;
        predictor->seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        predictor->answers = predictor->model->answers();
        predictor->priorPeople = predictor->model->priorPeople();
    });
}

void ArtistPage::setDevice(const QString& device)
{
    device_ = device;  // the prediction's model is made again on it with the next image
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

bool ArtistPage::startRating(const QString& artist, const QList<qint64>& imageIds)
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
        chosenBy_.clear();
        next_ = 0;
        QStringList unusable;
        // Prompts interleaved, seeded by the session: reproducible from the database, different each sitting.
        std::vector<storage::ImageRecord> images;
        std::map<std::int64_t, double> earlier;  // "Rate These": the person's current ratings of the chosen images
        if (imageIds.isEmpty()) {
            images = session_->ratingQueue(generatorBox_->currentData().toString().toStdString(),
                static_cast<std::uint64_t>(session_->sessionId()));
        } else {
            for (const auto& rated : session_->gallery()) earlier[rated.image.id] = rated.rating;
            storage::ImageStore store(workspace_->database());
            for (const qint64 id : imageIds) {
                if (auto image = store.findById(id)) images.push_back(std::move(*image));
            }
        }
        for (const auto& image : images) {
            try {
                queue_.emplace_back(image.id, QString::fromStdString(session_->imagePath(image)));
            } catch (const services::ImageFileError& e) {
                // A linked file replaced or removed on disk is never shown under the old image's identity.
                unusable.push_back(QString::fromStdString(e.what()));
                continue;
            }
            prompts_.push_back(QString::fromStdString(image.prompt.value_or(std::string())));
            const auto rated = earlier.find(image.id);
            given_.push_back(rated != earlier.end() ? rated->second : -1.0);
            chosenBy_.push_back(imageIds.isEmpty() ? QStringLiteral("unrated") : QStringLiteral("chosen"));
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
    if (imageIds.isEmpty()) applyStrategy();  // "Rate These" keeps the images it was given, in their order
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
            answer.shownAt.isValid() ? answer.shownAt.toUTC().toString(Qt::ISODateWithMs).toStdString() : std::string(),
            chosenBy_[static_cast<std::size_t>(next_)].toStdString());
    } catch (const std::exception& e) {
        status_->setText(tr("The rating could not be saved: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    given_[static_cast<std::size_t>(next_)] = answer.value;
    ++next_;
    Q_EMIT rated(imageId, answer.value);
    pickNextByStrategy(next_);  // the model has learnt from this answer already (ArtistSession::rate)
    showNext();
}

bool ArtistPage::takeBackLastRating()
{
    if (!session_ || next_ <= 0) {
        status_->setText(tr("There is no rating of this sitting to take back."));
        return false;
    }
    const auto at = static_cast<std::size_t>(next_ - 1);
    std::optional<storage::SliderRating> takenBack;
    try {
        takenBack = session_->takeBack(queue_[at].first);
    } catch (const std::exception& e) {
        status_->setText(tr("The rating could not be taken back: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    --next_;
    // The slider starts at the value taken back; rating again stores a revision of the retraction.
    if (takenBack) given_[at] = takenBack->value;
    tabs_->setCurrentWidget(screen_);
    showNext();
    if (takenBack) status_->setText(tr("Rating taken back"));
    return true;
}

bool ArtistPage::rateAgain(qint64 imageId)
{
    const ArtistGalleryModel::Entry* entry = session_ ? gallery_->find(imageId) : nullptr;
    if (!entry || entry->rating < 0) {
        status_->setText(tr("Only a rated image of the gallery can be rated again."));
        return false;
    }
    // Shown next, ahead of the images still to rate; its earlier rating is where the slider starts.
    const auto at = static_cast<std::ptrdiff_t>(next_);
    queue_.insert(queue_.begin() + at, {entry->imageId, entry->path});
    prompts_.insert(prompts_.begin() + at, entry->prompt);
    given_.insert(given_.begin() + at, entry->rating);
    chosenBy_.insert(chosenBy_.begin() + at, QStringLiteral("gallery"));
    tabs_->setCurrentWidget(screen_);
    showNext();
    return true;
}

void ArtistPage::showGallery()
{
    refreshGallery();
    tabs_->setCurrentWidget(galleryView_->parentWidget());
}

void ArtistPage::refreshGallery()
{
    if (!session_) return;
    services::GalleryArrangement arrangement;
    arrangement.sort =
        gallerySort_->currentData().toInt() == 1 ? services::GallerySort::Predicted : services::GallerySort::OwnRating;
    arrangement.minRating = galleryMinRating_->value();
    arrangement.minPredicted = galleryMinPredicted_->value();
    std::vector<services::RatedImage> images;
    try {
        images = services::arrangeGallery(session_->galleryWithPredictions(galleryUnrated_->isChecked()), arrangement);
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
        return;
    }
    std::vector<ArtistGalleryModel::Entry> entries;
    for (const auto& rated : images) {
        ArtistGalleryModel::Entry e;
        e.imageId = rated.image.id;
        e.rating = rated.rated() ? rated.rating : -1.0;
        e.predicted = rated.predicted.value_or(-1.0);
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

bool ArtistPage::tasteModelReady() const
{
    return session_ && session_->hasTasteModel();
}

void ArtistPage::applyStrategy()
{
    if (!session_) return;
    const auto strategy = services::parseQuestionStrategy(strategyBox_->currentData().toString().toStdString());
    session_->setStrategy(strategy);
    if (strategy == services::QuestionStrategy::Unrated) return;
    if (session_->hasTasteModel()) {
        pickNextByStrategy(next_ + 1);
    } else {
        startTasteModel();
    }
}

void ArtistPage::startTasteModel()
{
    if (!session_ || tasteTask_->isRunning()) return;
    tasteBuild_ = std::make_shared<TasteBuild>();
    tasteBuild_->root = folder_.toStdString();
    tasteBuild_->personId = session_->artist().id;
    auto build = tasteBuild_;
    services::TasteModelOptions options;
    options.device = device_.toStdString();
    tasteTask_->start([build, options](gui::BackgroundTask&) {
        build->workspace = std::make_unique<services::Workspace>(services::Workspace::open(build->root));
        build->model = std::make_unique<services::PersonTasteModel>(*build->workspace, build->personId, options);
    });
}

void ArtistPage::pickNextByStrategy(int position)
{
    if (!session_ || !session_->hasTasteModel() || session_->strategy() == services::QuestionStrategy::Unrated) return;
    // Only images never rated in this sitting and picked by no one else (not "Rate These" or the gallery).
    std::vector<std::int64_t> candidates;
    std::map<std::int64_t, std::size_t> row;
    for (std::size_t i = static_cast<std::size_t>(std::max(position, 0)); i < queue_.size(); ++i) {
        if (given_[i] >= 0 || chosenBy_[i] == QStringLiteral("chosen") || chosenBy_[i] == QStringLiteral("gallery")) {
            continue;
        }
        candidates.push_back(queue_[i].first);
        row[queue_[i].first] = i;
    }
    if (candidates.empty()) return;
    const std::uint64_t seed =
        static_cast<std::uint64_t>(session_->sessionId()) * 1000003u + static_cast<std::uint64_t>(position);
    const auto picked = session_->tasteModel().choose(candidates, session_->strategy(), 1, seed);
    if (picked.empty()) return;
    const std::size_t from = row.at(picked.front());
    const auto at = static_cast<std::size_t>(position);
    // Moved to the front of what is left; the rest keep their order.
    std::rotate(queue_.begin() + std::ptrdiff_t(at), queue_.begin() + std::ptrdiff_t(from),
        queue_.begin() + std::ptrdiff_t(from) + 1);
    std::rotate(prompts_.begin() + std::ptrdiff_t(at), prompts_.begin() + std::ptrdiff_t(from),
        prompts_.begin() + std::ptrdiff_t(from) + 1);
    std::rotate(given_.begin() + std::ptrdiff_t(at), given_.begin() + std::ptrdiff_t(from),
        given_.begin() + std::ptrdiff_t(from) + 1);
    std::rotate(chosenBy_.begin() + std::ptrdiff_t(at), chosenBy_.begin() + std::ptrdiff_t(from),
        chosenBy_.begin() + std::ptrdiff_t(from) + 1);
    chosenBy_[at] = QString::fromUtf8(services::toString(session_->strategy()).data());
}

}  // namespace tastelab::widgets

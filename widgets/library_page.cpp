// LibraryPage: the grid (LibraryView) in the middle, the workspace's counts (WorkspacePage) on the left and the
// detail pane on the right, in one splitter. Ratings go through ArtistSession, so that the library and artist mode
// store the same rows; predicted scores come from a RewardScorer on a background task with its own connection.
#include "widgets/library_page.h"

#include "app/gui/background_task.h"
#include "app/services/artist_session.h"
#include "app/services/reward/scorer.h"
#include "app/services/workspace.h"
#include "storage/database.h"
#include "storage/statement.h"
#include "widgets/library_detail_pane.h"
#include "widgets/library_model.h"
#include "widgets/library_view.h"
#include "widgets/rating_slider.h"
#include "widgets/workspace_page.h"

#include <QDateTime>
#include <QHash>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace tastelab::widgets {

namespace {

// Images scored per step of the scoring task: a step between progress reports and checks for a cancel.
constexpr int kScoreChunk = 128;

}  // namespace

// The reward model as the scoring task uses it: its own connection and scorer, kept between runs.
struct LibraryPage::Predictor {
    std::filesystem::path root;
    std::unique_ptr<services::Workspace> workspace;
    std::unique_ptr<services::RewardScorer> scorer;
    std::string scorerDevice;
    std::int64_t scorerCheckpoint = -1;
    // In: whom and which images. Out: their scores.
    std::int64_t personId = 0;
    std::vector<std::int64_t> imageIds;
    QHash<qint64, double> scores;
};

LibraryPage::LibraryPage(const QString& workspaceFolder, QWidget* parent)
    : QWidget(parent)
    , folder_(workspaceFolder)
    , scoreTask_(new gui::BackgroundTask(this))
    , predictor_(std::make_shared<Predictor>())
{
    predictor_->root = workspaceFolder.toStdString();
    try {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::open(workspaceFolder.toStdString()));
    } catch (const std::exception&) {
        // The grid reports what went wrong (LibraryModel opens its own); rating stays off.
    }

    overview_ = new WorkspacePage(this);
    auto* overviewScroll = new QScrollArea(this);
    overviewScroll->setWidget(overview_);
    overviewScroll->setWidgetResizable(true);
    overviewScroll->setFrameShape(QFrame::NoFrame);
    overviewScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // long values wrap instead
    overviewScroll->setMinimumWidth(150);

    library_ = new LibraryView(workspaceFolder, this);
    library_->setPredictionSortEnabled(true);
    detail_ = new LibraryDetailPane(this);
    detail_->setMinimumWidth(240);

    overviewToggle_ = new QToolButton(this);
    overviewToggle_->setText(tr("Overview"));
    overviewToggle_->setToolTip(tr("Show or hide the workspace's counts"));
    overviewToggle_->setCheckable(true);
    overviewToggle_->setChecked(true);
    library_->addBarWidget(overviewToggle_);

    status_ = new QLabel(this);
    status_->setWordWrap(true);

    split_ = new QSplitter(Qt::Horizontal, this);
    split_->addWidget(overviewScroll);
    split_->addWidget(library_);
    split_->addWidget(detail_);
    split_->setStretchFactor(0, 0);
    split_->setStretchFactor(1, 3);
    split_->setStretchFactor(2, 0);  // a wider window widens the grid, not the detail pane
    split_->setCollapsible(1, false);
    split_->setSizes({220, 680, 400});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split_, 1);
    layout->addWidget(status_);

    connect(overviewToggle_, &QToolButton::toggled, this, &LibraryPage::setOverviewVisible);
    connect(
        split_, &QSplitter::splitterMoved, this, [this] { overviewToggle_->setChecked(split_->sizes().value(0) > 0); });
    connect(library_, &LibraryView::importRequested, this, &LibraryPage::importRequested);
    connect(library_, &LibraryView::personChanged, this, &LibraryPage::personChanged);
    connect(library_->listView()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &LibraryPage::selectionChanged);
    connect(library_->listView()->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &LibraryPage::selectionChanged);
    connect(library_, &LibraryView::sendToSteerRequested, this, &LibraryPage::sendSelectedToSteer);
    connect(library_, &LibraryView::rateTheseRequested, this, &LibraryPage::rateSelectedInArtistMode);
    connect(detail_, &LibraryDetailPane::rateRequested, this, &LibraryPage::rateSelected);
    connect(detail_, &LibraryDetailPane::sendToSteerRequested, this, &LibraryPage::sendSelectedToSteer);
    connect(detail_, &LibraryDetailPane::rateTheseRequested, this, &LibraryPage::rateSelectedInArtistMode);
    connect(scoreTask_, &gui::BackgroundTask::progressChanged, this, [this](qint64 done, qint64 total, double eta) {
        status_->setText(tr("Predicting %1's scores: %2 of %3. %4")
                             .arg(library_->selectedPersonName(), QLocale().toString(done), QLocale().toString(total),
                                 eta >= 0 ? gui::BackgroundTask::formatEta(eta) : QString()));
    });
    connect(scoreTask_, &gui::BackgroundTask::finished, this, &LibraryPage::scoringFinished);
    library_->listView()->installEventFilter(this);
    detail_->slider()->installEventFilter(this);
    selectionChanged();
}

LibraryPage::~LibraryPage()
{
    scoreTask_->cancel();
    scoreTask_->wait();
}

void LibraryPage::showSummary(const QString& folder, const services::WorkspaceSummary& summary)
{
    overview_->showSummary(folder, summary);
}

void LibraryPage::setOverviewVisible(bool visible)
{
    QList<int> sizes = split_->sizes();
    if (sizes.size() != 3 || (sizes[0] > 0) == visible) return;
    const int width = visible ? 230 : 0;
    sizes[1] = std::max(200, sizes[1] + sizes[0] - width);
    sizes[0] = width;
    split_->setSizes(sizes);
    const QSignalBlocker blocker(overviewToggle_);
    overviewToggle_->setChecked(visible);
}

bool LibraryPage::overviewVisible() const
{
    return split_->sizes().value(0) > 0;
}

void LibraryPage::setDevice(const QString& device)
{
    device_ = device;
}

void LibraryPage::reload()
{
    const QList<qint64> selected = library_->selectedImageIds();
    library_->reload();
    if (selected.size() == 1) selectImage(selected.first());
    selectionChanged();
    // A model trained meanwhile (Model > Train, or the CLI) gives scores now.
    updatePredictions();
}

void LibraryPage::refreshRatings()
{
    library_->reloadPeople();
    library_->model()->reloadRatings();
    library_->filterModel()->invalidate();
    selectionChanged();
}

std::int64_t LibraryPage::newestCheckpointId() const
{
    if (!workspace_) return 0;
    // One indexed lookup on the GUI thread's connection.
    auto statement = workspace_->database().prepare("SELECT coalesce(max(id), 0) FROM model_checkpoints");
    return statement.step() ? statement.columnInt(0) : 0;
}

bool LibraryPage::selectImage(qint64 imageId)
{
    const int row = library_->model()->rowOf(imageId);
    if (row < 0) return false;
    const QModelIndex index = library_->filterModel()->mapFromSource(library_->model()->index(row));
    if (!index.isValid()) return false;
    QListView* list = library_->listView();
    list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    list->scrollTo(index);
    return true;
}

QString LibraryPage::statusText() const
{
    return status_->text();
}

void LibraryPage::selectionChanged()
{
    const QList<qint64> ids = library_->selectedImageIds();
    detail_->setRater(library_->selectedPersonName());
    if (ids.size() != 1 || !workspace_) {
        detail_->showSelection(int(ids.size()));
        return;
    }
    const int row = library_->model()->rowOf(ids.first());
    const QModelIndex source = library_->model()->index(row);
    try {
        detail_->showImage(workspace_->database(), source.data(LibraryModel::FilePathRole).toString(), ids.first());
    } catch (const std::exception& e) {
        status_->setText(tr("Cannot show the image: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    const QVariant own = source.data(LibraryModel::PersonRatingRole);
    detail_->resetSlider(own.isValid() ? own.toDouble() : 0.5);
}

void LibraryPage::personChanged(qint64 personId)
{
    // Ratings from now on belong to the new person: the old person's session ends.
    session_.reset();
    scoredPerson_ = 0;
    library_->model()->setPredictedScores({});
    if (personId == 0) {
        status_->setText(tr("Choose a person in the filter bar to rate with the keys 1 to 5 and to see what their "
                            "model predicts."));
        if (scoreTask_->isRunning()) scoreTask_->cancel();
    }
    selectionChanged();
    updatePredictions();
}

bool LibraryPage::rateSelected(double value)
{
    const QString person = library_->selectedPersonName();
    const QList<qint64> ids = library_->selectedImageIds();
    if (person.isEmpty()) {
        status_->setText(tr("Choose whose rating this is in the person filter first."));
        return false;
    }
    if (ids.isEmpty() || !workspace_) {
        status_->setText(tr("Select an image to rate."));
        return false;
    }
    QListView* list = library_->listView();
    const int row = list->currentIndex().isValid() ? list->currentIndex().row() : 0;
    try {
        if (!session_ || QString::fromStdString(session_->artist().pseudonym) != person) {
            session_.reset();
            session_ = std::make_unique<services::ArtistSession>(*workspace_, person.toStdString(), "TasteLab library");
        }
        const std::string now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
        for (const qint64 id : ids) {
            const QVariant earlier =
                library_->model()->index(library_->model()->rowOf(id)).data(LibraryModel::PersonRatingRole);
            // A key press answers at once: no slider start, no response time to measure.
            session_->rate(id, value, earlier.isValid() ? earlier.toDouble() : 0.5, true, 0, now);
            Q_EMIT rated(id, value);
        }
    } catch (const std::exception& e) {
        status_->setText(tr("The rating could not be saved: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    library_->model()->reloadRatings();
    // Filters and sorts by rating see the new value; an image the filter now hides leaves its place to the next.
    library_->filterModel()->invalidate();
    if (list->selectionModel()->selectedIndexes().isEmpty() && library_->filterModel()->rowCount() > 0) {
        const QModelIndex next =
            library_->filterModel()->index(std::min(row, library_->filterModel()->rowCount() - 1), 0);
        list->selectionModel()->setCurrentIndex(next, QItemSelectionModel::ClearAndSelect);
    }
    status_->setText(
        tr("Rated %n image(s) %1 as %2.", nullptr, int(ids.size())).arg(QLocale().toString(value, 'f', 2), person));
    selectionChanged();
    return true;
}

void LibraryPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (sized_ || width() < 400) return;
    sized_ = true;
    // The grid takes what the counts and a readable detail pane leave, on any screen.
    const int overview = overviewVisible() ? 220 : 0;
    const int detail = std::clamp(width() / 4, 300, 460);
    split_->setSizes({overview, std::max(200, width() - overview - detail), detail});
}

bool LibraryPage::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
        if (watched == library_->listView() && modifiers == Qt::NoModifier && key->key() >= Qt::Key_1
            && key->key() <= Qt::Key_5) {
            rateSelected(kKeyAnchors[key->key() - Qt::Key_1]);
            return true;
        }
        if (watched == detail_->slider() && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            rateSelected(detail_->slider()->value());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LibraryPage::sendSelectedToSteer()
{
    const QList<qint64> ids = library_->selectedImageIds();
    if (ids.size() != 1) return;
    const QModelIndex index = library_->model()->index(library_->model()->rowOf(ids.first()));
    const QVariant seed = index.data(LibraryModel::SeedRole);
    Q_EMIT sendToSteerRequested(index.data(LibraryModel::PromptRole).toString(), seed.isValid() ? seed.toLongLong() : 0,
        library_->selectedPersonName());
}

void LibraryPage::rateSelectedInArtistMode()
{
    const QString person = library_->selectedPersonName();
    if (person.isEmpty()) {
        status_->setText(tr("Choose whose ratings these are in the person filter first."));
        return;
    }
    const QList<qint64> ids = library_->selectedImageIds();
    if (!ids.isEmpty()) Q_EMIT rateTheseRequested(person, ids);
}

void LibraryPage::updatePredictions()
{
    const qint64 person = library_->selectedPersonId();
    if (person == 0) return;
    if (scoreTask_->isRunning()) {
        scoreTask_->cancel();
        scorePending_ = true;  // once more when the running one has stopped
        return;
    }
    std::int64_t checkpoint = 0;
    try {
        checkpoint = newestCheckpointId();
    } catch (const std::exception&) {
        checkpoint = 0;
    }
    if (checkpoint == 0) {
        status_->setText(tr("No reward model yet: train one (Model > Train and Evaluate) to see and sort by %1's "
                            "predicted scores.")
                             .arg(library_->selectedPersonName()));
        return;
    }
    if (checkpoint == scoredCheckpoint_ && person == scoredPerson_ && library_->model()->hasPredictedScores()) return;
    scorePending_ = false;
    predictor_->personId = person;
    predictor_->imageIds.clear();
    for (const qint64 id : library_->model()->imageIds()) predictor_->imageIds.push_back(id);
    predictor_->scores.clear();
    scoredCheckpoint_ = checkpoint;
    scoredPerson_ = person;
    status_->setText(tr("Predicting %1's scores…").arg(library_->selectedPersonName()));
    auto predictor = predictor_;
    scoreTask_->start([predictor, device = device_.toStdString(), checkpoint](gui::BackgroundTask& task) {
        if (!predictor->workspace) {
            predictor->workspace = std::make_unique<services::Workspace>(services::Workspace::open(predictor->root));
        }
        if (!predictor->scorer || predictor->scorerDevice != device || predictor->scorerCheckpoint != checkpoint) {
            predictor->scorer.reset();
            services::ScoreOptions options;
            options.device = device;
            predictor->scorer = std::make_unique<services::RewardScorer>(*predictor->workspace, options);
            predictor->scorerDevice = device;
            predictor->scorerCheckpoint = checkpoint;
        }
        predictor->scorer->refresh(predictor->personId);
        const auto& ids = predictor->imageIds;
        for (std::size_t start = 0; start < ids.size() && !task.isCancelled(); start += kScoreChunk) {
            const std::vector<std::int64_t> chunk(ids.begin() + std::ptrdiff_t(start),
                ids.begin() + std::ptrdiff_t(std::min(ids.size(), start + kScoreChunk)));
            const std::vector<double> scores = predictor->scorer->score(predictor->personId, chunk);
            for (std::size_t i = 0; i < chunk.size(); ++i) predictor->scores.insert(chunk[i], scores.at(i));
            task.reportProgress(qint64(start + chunk.size()), qint64(ids.size()));
        }
    });
}

void LibraryPage::scoringFinished(bool cancelled, const QString& error)
{
    if (scorePending_) {
        scorePending_ = false;
        scoredCheckpoint_ = -1;
        updatePredictions();
        return;
    }
    if (!error.isEmpty()) {
        scoredCheckpoint_ = -1;
        status_->setText(tr("Cannot predict scores: %1").arg(error));
        Q_EMIT predictionsFinished(0, error);
        return;
    }
    if (cancelled || predictor_->personId != library_->selectedPersonId()) {
        scoredCheckpoint_ = -1;
        return;
    }
    library_->model()->setPredictedScores(predictor_->scores);
    library_->filterModel()->invalidate();
    status_->setText(tr("Predicted scores for %1 on %n image(s): the blue badge on each thumbnail; sort by them in "
                        "the sort list.",
        nullptr, int(predictor_->scores.size()))
                         .arg(library_->selectedPersonName()));
    Q_EMIT predictionsFinished(int(predictor_->scores.size()), QString());
}

}  // namespace tastelab::widgets

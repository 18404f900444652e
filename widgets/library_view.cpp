// LibraryView: the filter bar drives LibraryFilterModel; drops of local files and folders become an
// import request, while drags of our own thumbnails (image ids) are left to study editors.
#include "widgets/library_view.h"

#include "widgets/library_model.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMimeData>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

namespace tastelab::widgets {

namespace {

// The sort choices, in the order of the sort combo box.
struct SortChoice {
    LibraryFilterModel::SortKey key;
    Qt::SortOrder order;
};
constexpr SortChoice kSortChoices[] = {
    {LibraryFilterModel::SortKey::Date, Qt::DescendingOrder},
    {LibraryFilterModel::SortKey::Date, Qt::AscendingOrder},
    {LibraryFilterModel::SortKey::Prompt, Qt::AscendingOrder},
    {LibraryFilterModel::SortKey::MeanRating, Qt::DescendingOrder},
    {LibraryFilterModel::SortKey::MeanRating, Qt::AscendingOrder},
};

// Keeps the chosen entry (by its data) when the list of choices is rebuilt.
void refillCombo(QComboBox* combo, const QString& anyLabel, const QStringList& names)
{
    const QString current = combo->currentData().toString();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(anyLabel, QString());
    for (const QString& name : names) combo->addItem(name, name);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

}  // namespace

LibraryView::LibraryView(const QString& workspaceFolder, QWidget* parent)
    : QWidget(parent)
{
    model_ = new LibraryModel(workspaceFolder, this);
    filter_ = new LibraryFilterModel(this);
    filter_->setSourceModel(model_);

    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Search prompts"));
    search_->setClearButtonEnabled(true);
    generator_ = new QComboBox(this);
    study_ = new QComboBox(this);
    rating_ = new QComboBox(this);
    rating_->addItem(tr("Any rating"), int(LibraryFilterModel::RatingFilter::Any));
    rating_->addItem(tr("Unrated"), int(LibraryFilterModel::RatingFilter::Unrated));
    rating_->addItem(tr("Rated"), int(LibraryFilterModel::RatingFilter::Rated));
    rating_->addItem(tr("Mean rating at least"), int(LibraryFilterModel::RatingFilter::AtLeast));
    threshold_ = new QDoubleSpinBox(this);
    threshold_->setRange(0.0, 1.0);
    threshold_->setSingleStep(0.05);
    threshold_->setDecimals(2);
    threshold_->setValue(0.5);
    threshold_->setEnabled(false);
    threshold_->setToolTip(tr("Ratings run from 0 (strongly dislike) to 1 (strongly like)"));
    sort_ = new QComboBox(this);
    sort_->addItem(tr("Newest first"));
    sort_->addItem(tr("Oldest first"));
    sort_->addItem(tr("Prompt A–Z"));
    sort_->addItem(tr("Highest rated first"));
    sort_->addItem(tr("Lowest rated first"));

    import_ = new QToolButton(this);
    import_->setText(tr("Import…"));
    import_->setToolTip(tr("Import image files or folders; you can also drop them on the library"));
    import_->setPopupMode(QToolButton::InstantPopup);
    auto* importMenu = new QMenu(import_);
    importMenu->addAction(tr("Files…"), this, &LibraryView::chooseFiles);
    importMenu->addAction(tr("Folder…"), this, &LibraryView::chooseFolder);
    import_->setMenu(importMenu);

    list_ = new QListView(this);
    list_->setModel(filter_);
    list_->setViewMode(QListView::IconMode);
    list_->setUniformItemSizes(true);
    list_->setResizeMode(QListView::Adjust);
    list_->setMovement(QListView::Static);
    list_->setIconSize(QSize(LibraryModel::kThumbnailSide, LibraryModel::kThumbnailSide));
    list_->setGridSize(QSize(LibraryModel::kThumbnailSide + 24, LibraryModel::kThumbnailSide + 44));
    list_->setWordWrap(true);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setDragEnabled(true);
    list_->setDragDropMode(QAbstractItemView::DragOnly);
    list_->setDefaultDropAction(Qt::CopyAction);
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    setAcceptDrops(true);

    count_ = new QLabel(this);

    auto* bar = new QHBoxLayout;
    bar->addWidget(search_, 2);
    bar->addWidget(generator_, 1);
    bar->addWidget(study_, 1);
    bar->addWidget(rating_);
    bar->addWidget(threshold_);
    bar->addWidget(sort_);
    bar->addWidget(import_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(list_, 1);
    layout->addWidget(count_);

    connect(search_, &QLineEdit::textChanged, filter_, &LibraryFilterModel::setPromptFilter);
    connect(generator_, &QComboBox::currentIndexChanged, this,
        [this] { filter_->setGenerator(generator_->currentData().toString()); });
    connect(
        study_, &QComboBox::currentIndexChanged, this, [this] { filter_->setStudy(study_->currentData().toString()); });
    connect(rating_, &QComboBox::currentIndexChanged, this, &LibraryView::applyRatingFilter);
    connect(threshold_, &QDoubleSpinBox::valueChanged, this, &LibraryView::applyRatingFilter);
    connect(sort_, &QComboBox::currentIndexChanged, this, &LibraryView::applySort);
    connect(filter_, &QAbstractItemModel::rowsInserted, this, &LibraryView::updateCount);
    connect(filter_, &QAbstractItemModel::rowsRemoved, this, &LibraryView::updateCount);
    connect(filter_, &QAbstractItemModel::modelReset, this, &LibraryView::updateCount);
    connect(filter_, &QAbstractItemModel::layoutChanged, this, &LibraryView::updateCount);
    connect(list_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &LibraryView::updateCount);
    connect(list_, &QListView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT imageActivated(index.data(LibraryModel::ImageIdRole).toLongLong());
    });
    connect(list_, &QWidget::customContextMenuRequested, this, &LibraryView::showContextMenu);

    fillChoices();
    applySort();
    updateCount();
}

QList<qint64> LibraryView::selectedImageIds() const
{
    QList<qint64> ids;
    QModelIndexList rows = list_->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : rows) ids.append(index.data(LibraryModel::ImageIdRole).toLongLong());
    return ids;
}

QString LibraryView::countText() const
{
    return count_->text();
}

void LibraryView::reload()
{
    model_->reload();
    fillChoices();
    updateCount();
}

void LibraryView::fillChoices()
{
    refillCombo(generator_, tr("All generators"), model_->generators());
    refillCombo(study_, tr("All studies"), model_->studies());
    // The old choice may be gone; the filter follows whatever the combo now shows.
    filter_->setGenerator(generator_->currentData().toString());
    filter_->setStudy(study_->currentData().toString());
}

void LibraryView::applyRatingFilter()
{
    const auto filter = LibraryFilterModel::RatingFilter(rating_->currentData().toInt());
    threshold_->setEnabled(filter == LibraryFilterModel::RatingFilter::AtLeast);
    filter_->setRatingFilter(filter, threshold_->value());
}

void LibraryView::applySort()
{
    const SortChoice& choice = kSortChoices[std::clamp(sort_->currentIndex(), 0, int(std::size(kSortChoices)) - 1)];
    filter_->sortBy(choice.key, choice.order);
}

void LibraryView::updateCount()
{
    if (!model_->lastError().isEmpty()) {
        count_->setText(model_->lastError());
        return;
    }
    const QLocale locale;
    QString text = tr("%1 of %n image(s)", nullptr, model_->rowCount()).arg(locale.toString(filter_->rowCount()));
    const int selected = int(list_->selectionModel()->selectedIndexes().size());
    if (selected > 0) text += QLatin1String(" · ") + tr("%n selected", nullptr, selected);
    count_->setText(text);
}

void LibraryView::showContextMenu(const QPoint& position)
{
    const QList<qint64> ids = selectedImageIds();
    QMenu menu(this);
    QAction* open = menu.addAction(tr("Open"));
    open->setEnabled(ids.size() == 1);
    QAction* add = menu.addAction(tr("Add to study…"));
    add->setEnabled(!ids.isEmpty());
    QAction* chosen = menu.exec(list_->viewport()->mapToGlobal(position));
    if (chosen == open) Q_EMIT imageActivated(ids.first());
    if (chosen == add) Q_EMIT addToStudyRequested(ids);
}

void LibraryView::chooseFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import images"), QString(), tr("Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif);;All files (*)"));
    if (!files.isEmpty()) Q_EMIT importRequested(files);
}

void LibraryView::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Import a folder of images"));
    if (!folder.isEmpty()) Q_EMIT importRequested({folder});
}

QStringList LibraryView::droppedPaths(const QDropEvent* event) const
{
    const QMimeData* mime = event->mimeData();
    if (!mime || !mime->hasUrls() || event->source() == list_) return {};
    QStringList paths;
    const QList<QUrl> urls = mime->urls();
    for (const QUrl& url : urls) {
        if (url.isLocalFile()) paths.append(url.toLocalFile());
    }
    return paths;
}

void LibraryView::dragEnterEvent(QDragEnterEvent* event)
{
    if (droppedPaths(event).isEmpty()) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::CopyAction);
    event->accept();
}

void LibraryView::dragMoveEvent(QDragMoveEvent* event)
{
    if (droppedPaths(event).isEmpty()) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::CopyAction);
    event->accept();
}

void LibraryView::dropEvent(QDropEvent* event)
{
    const QStringList paths = droppedPaths(event);
    if (paths.isEmpty()) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::CopyAction);
    event->accept();
    Q_EMIT importRequested(paths);
}

}  // namespace tastelab::widgets

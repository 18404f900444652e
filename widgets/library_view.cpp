// LibraryView: the filter bar drives LibraryFilterModel; drops of local files and folders become an
// import request, while drags of our own thumbnails (image ids) are left to study editors. A delegate draws the
// selected person's rating and predicted score as badges on the thumbnails.
#include "widgets/library_view.h"

#include "widgets/library_model.h"

#include <QApplication>
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
#include <QMetaMethod>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyledItemDelegate>
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
    {LibraryFilterModel::SortKey::PredictedScore, Qt::DescendingOrder},
    {LibraryFilterModel::SortKey::PredictedScore, Qt::AscendingOrder},
};
constexpr int kFirstPredictedSort = 5;

// The thumbnail with two badges: the selected person's own rating (bottom left) and their predicted score (top right).
class ThumbnailDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const QVariant rating = index.data(LibraryModel::PersonRatingRole);
        const QVariant predicted = index.data(LibraryModel::PredictedScoreRole);
        if (!rating.isValid() && !predicted.isValid()) return;
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        const QRect icon = style->subElementRect(QStyle::SE_ItemViewItemDecoration, &opt, widget);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QFont font = option.font;
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * 0.9);
        painter->setFont(font);
        const QLocale locale;
        if (predicted.isValid()) {
            drawBadge(painter, icon, Qt::AlignTop | Qt::AlignRight, QColor(40, 90, 170, 225),
                QStringLiteral("≈ ") + locale.toString(predicted.toDouble(), 'f', 2));
        }
        if (rating.isValid()) {
            drawBadge(painter, icon, Qt::AlignBottom | Qt::AlignLeft, QColor(190, 120, 20, 235),
                QStringLiteral("★ ") + locale.toString(rating.toDouble(), 'f', 2));
        }
        painter->restore();
    }

private:
    static void drawBadge(
        QPainter* painter, const QRect& icon, Qt::Alignment corner, const QColor& colour, const QString& text)
    {
        const QFontMetrics metrics(painter->font());
        const QSize size(metrics.horizontalAdvance(text) + 10, metrics.height() + 4);
        QRect badge(QPoint(), size);
        badge.moveTop(corner & Qt::AlignTop ? icon.top() + 3 : icon.bottom() - size.height() - 2);
        badge.moveLeft(corner & Qt::AlignLeft ? icon.left() + 3 : icon.right() - size.width() - 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawRoundedRect(badge, 4, 4);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, text);
    }
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

// A combo box sized by its minimum contents length, at least as wide as its first entry ("All generators").
void fitFirstEntry(QComboBox* combo)
{
    const QFontMetrics fm(combo->font());
    // QComboBox counts the length in widths of 'X'; one more for rounding.
    const int chars = fm.horizontalAdvance(combo->itemText(0)) / std::max(1, fm.horizontalAdvance(QLatin1Char('X')));
    combo->setMinimumContentsLength(chars + 1);
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
    person_ = new QComboBox(this);
    person_->setToolTip(tr("Whose ratings the rating filter and sort use, whose predicted scores show, and who "
                           "rates with the keys 1 to 5"));
    rating_ = new QComboBox(this);
    rating_->addItem(tr("Any rating"), int(LibraryFilterModel::RatingFilter::Any));
    rating_->addItem(tr("Unrated"), int(LibraryFilterModel::RatingFilter::Unrated));
    rating_->addItem(tr("Rated"), int(LibraryFilterModel::RatingFilter::Rated));
    rating_->addItem(tr("Rating from"), int(LibraryFilterModel::RatingFilter::Between));
    auto makeBound = [this](double value) {
        auto* box = new QDoubleSpinBox(this);
        box->setRange(0.0, 1.0);
        box->setSingleStep(0.05);
        box->setDecimals(2);
        box->setValue(value);
        box->setToolTip(tr("Ratings run from 0 (strongly dislike) to 1 (strongly like)"));
        box->setVisible(false);
        return box;
    };
    low_ = makeBound(0.5);
    high_ = makeBound(1.0);
    high_->setPrefix(tr("to "));
    sort_ = new QComboBox(this);
    sort_->addItem(tr("Newest first"), 0);
    sort_->addItem(tr("Oldest first"), 1);
    sort_->addItem(tr("Prompt A–Z"), 2);
    sort_->addItem(tr("Highest rated first"), 3);
    sort_->addItem(tr("Lowest rated first"), 4);

    // A push button with a menu keeps room for its arrow (a tool button's arrow covers the end of its text).
    import_ = new QPushButton(tr("Import…"), this);
    import_->setToolTip(tr("Import image files or folders; you can also drop them on the library"));
    auto* importMenu = new QMenu(import_);
    importMenu->addAction(tr("Files…"), this, &LibraryView::chooseFiles);
    importMenu->addAction(tr("Folder…"), this, &LibraryView::chooseFolder);
    import_->setMenu(importMenu);

    stack_ = new QStackedWidget(this);
    list_ = new QListView(stack_);
    list_->setModel(filter_);
    list_->setItemDelegate(new ThumbnailDelegate(list_));
    // Lays out a few hundred items at a time, so that opening thousands of images does not wait for the last row.
    list_->setLayoutMode(QListView::Batched);
    list_->setBatchSize(500);
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

    // What an empty workspace shows: a large drop area that says what to do, with the same import choices.
    invitation_ = new QWidget(stack_);
    invitation_->setObjectName(QStringLiteral("libraryInvitation"));
    invitation_->setStyleSheet(QStringLiteral(
        "#libraryInvitation { border: 3px dashed palette(mid); border-radius: 16px; background: palette(base); }"));
    auto* invite = new QLabel(tr("<h2>This workspace has no images yet</h2>"
                                 "<p>Drop image files or folders here, or import them, to start the library.</p>"
                                 "<p>PNG files from Stable Diffusion tools keep their prompt, seed and settings.</p>"),
        invitation_);
    invite->setAlignment(Qt::AlignCenter);
    invite->setWordWrap(true);
    auto* importFiles = new QPushButton(tr("Import Files…"), invitation_);
    auto* importFolder = new QPushButton(tr("Import a Folder…"), invitation_);
    importFiles->setMinimumHeight(36);
    importFolder->setMinimumHeight(36);
    connect(importFiles, &QPushButton::clicked, this, &LibraryView::chooseFiles);
    connect(importFolder, &QPushButton::clicked, this, &LibraryView::chooseFolder);
    auto* inviteButtons = new QHBoxLayout;
    inviteButtons->addStretch();
    inviteButtons->addWidget(importFiles);
    inviteButtons->addWidget(importFolder);
    inviteButtons->addStretch();
    auto* inviteLayout = new QVBoxLayout(invitation_);
    inviteLayout->addStretch();
    inviteLayout->addWidget(invite);
    inviteLayout->addLayout(inviteButtons);
    inviteLayout->addStretch();
    stack_->addWidget(list_);
    stack_->addWidget(invitation_);

    count_ = new QLabel(this);

    // Two rows, so that every filter keeps the room its choice needs beside the detail pane at 1280 pixels: what to
    // look for, the order and the import on top; which images below. The filters built from the workspace's data
    // (generator, study, person) are at least as wide as their "all" entry and share what is left; a long name
    // chosen in them is shortened, as the list shows it whole. Rating and sort hold fixed choices and fit the longest.
    for (QComboBox* combo : {rating_, sort_}) combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (QComboBox* combo : {generator_, study_, person_})
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    // The placeholder, the frame and the clear button.
    search_->setMinimumWidth(search_->fontMetrics().horizontalAdvance(search_->placeholderText()) + 40);
    bar_ = new QHBoxLayout;
    bar_->addWidget(search_, 1);
    bar_->addWidget(sort_);
    bar_->addWidget(import_);
    filterRow_ = new QHBoxLayout;
    filterRow_->addWidget(generator_, 1);
    filterRow_->addWidget(study_, 1);
    filterRow_->addWidget(person_, 1);
    filterRow_->addWidget(rating_);
    filterRow_->addWidget(low_);
    filterRow_->addWidget(high_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar_);
    layout->addLayout(filterRow_);
    layout->addWidget(stack_, 1);
    layout->addWidget(count_);

    connect(search_, &QLineEdit::textChanged, filter_, &LibraryFilterModel::setPromptFilter);
    connect(generator_, &QComboBox::currentIndexChanged, this,
        [this] { filter_->setGenerator(generator_->currentData().toString()); });
    connect(
        study_, &QComboBox::currentIndexChanged, this, [this] { filter_->setStudy(study_->currentData().toString()); });
    connect(rating_, &QComboBox::currentIndexChanged, this, &LibraryView::applyRatingFilter);
    connect(low_, &QDoubleSpinBox::valueChanged, this, &LibraryView::applyRatingFilter);
    connect(high_, &QDoubleSpinBox::valueChanged, this, &LibraryView::applyRatingFilter);
    connect(person_, &QComboBox::currentIndexChanged, this, &LibraryView::applyPerson);
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
    reloadPeople();
    applySort();
    updateCount();
    for (QComboBox* combo : {generator_, study_, person_}) fitFirstEntry(combo);
}

qint64 LibraryView::selectedPersonId() const
{
    return person_->currentData().toLongLong();
}

QString LibraryView::selectedPersonName() const
{
    return selectedPersonId() != 0 ? person_->currentText() : QString();
}

void LibraryView::selectPerson(qint64 personId)
{
    person_->setCurrentIndex(std::max(0, person_->findData(personId)));
}

void LibraryView::reloadPeople()
{
    const qint64 current = selectedPersonId();
    {
        const QSignalBlocker blocker(person_);
        person_->clear();
        person_->addItem(tr("Everyone"), qint64(0));
        for (const auto& [id, name] : model_->people()) person_->addItem(name, id);
        person_->setCurrentIndex(std::max(0, person_->findData(current)));
    }
    if (selectedPersonId() != model_->person()) applyPerson();
}

void LibraryView::applyPerson()
{
    const qint64 id = selectedPersonId();
    model_->setPerson(id);
    filter_->setUsePersonRating(id != 0);
    Q_EMIT personChanged(id);
}

void LibraryView::setPredictionSortEnabled(bool enabled)
{
    if (enabled == predictionSort_) return;
    predictionSort_ = enabled;
    if (enabled) {
        sort_->addItem(tr("Highest predicted first"), kFirstPredictedSort);
        sort_->addItem(tr("Lowest predicted first"), kFirstPredictedSort + 1);
    } else {
        for (int i = sort_->count() - 1; i >= 0; --i) {
            if (sort_->itemData(i).toInt() >= kFirstPredictedSort) sort_->removeItem(i);
        }
    }
}

void LibraryView::addBarWidget(QWidget* widget)
{
    bar_->addWidget(widget);
}

bool LibraryView::showsInvitation() const
{
    return stack_->currentWidget() == invitation_;
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
    reloadPeople();
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
    const bool range = filter == LibraryFilterModel::RatingFilter::Between;
    low_->setVisible(range);
    high_->setVisible(range);
    if (range) {
        filter_->setRatingRange(low_->value(), high_->value());
    } else {
        filter_->setRatingFilter(filter);
    }
}

void LibraryView::applySort()
{
    const SortChoice& choice =
        kSortChoices[std::clamp(sort_->currentData().toInt(), 0, int(std::size(kSortChoices)) - 1)];
    filter_->sortBy(choice.key, choice.order);
}

void LibraryView::updateCount()
{
    stack_->setCurrentWidget(model_->rowCount() == 0 && model_->lastError().isEmpty() ? invitation_ : list_);
    if (!model_->lastError().isEmpty()) {
        count_->setText(model_->lastError());
        return;
    }
    const QLocale locale;
    QString text = tr("%1 of %n image(s)", nullptr, model_->rowCount()).arg(locale.toString(filter_->rowCount()));
    const int selected = int(list_->selectionModel()->selectedIndexes().size());
    if (selected > 0) text += QStringLiteral(" · ") + tr("%n selected", nullptr, selected);
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
    QAction* steer = nullptr;
    QAction* rate = nullptr;
    if (isSignalConnected(QMetaMethod::fromSignal(&LibraryView::sendToSteerRequested))) {
        steer = menu.addAction(tr("Send to Steer"));
        steer->setEnabled(ids.size() == 1);
    }
    if (isSignalConnected(QMetaMethod::fromSignal(&LibraryView::rateTheseRequested))) {
        rate = menu.addAction(tr("Rate These"));
        rate->setEnabled(!ids.isEmpty());
    }
    QAction* chosen = menu.exec(list_->viewport()->mapToGlobal(position));
    if (!chosen) return;
    if (chosen == open) Q_EMIT imageActivated(ids.first());
    if (chosen == add) Q_EMIT addToStudyRequested(ids);
    if (chosen == steer) Q_EMIT sendToSteerRequested(ids);
    if (chosen == rate) Q_EMIT rateTheseRequested(ids);
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

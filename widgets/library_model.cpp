// LibraryModel: the database is read on the GUI thread (a few queries, fast even for thousands of
// images); thumbnail files are decoded on a thread pool and handed back as QImages, because pixmaps
// may only be made on the GUI thread.
#include "widgets/library_model.h"

#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/studies.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QLocale>
#include <QMimeData>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QRunnable>

#include <algorithm>
#include <map>
#include <set>

namespace tastelab::widgets {

namespace {

constexpr int kDisplayChars = 40;

QString fromStd(const std::optional<std::string>& text)
{
    return text ? QString::fromStdString(*text) : QString();
}

// Centres the image on a square of the grid's size so that every cell lines up.
QPixmap squarePixmap(const QImage& image, const QColor& background)
{
    QPixmap square(LibraryModel::kThumbnailSide, LibraryModel::kThumbnailSide);
    square.fill(background);
    QPainter painter(&square);
    const QImage scaled = image.scaled(
        LibraryModel::kThumbnailSide, LibraryModel::kThumbnailSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    painter.drawImage((square.width() - scaled.width()) / 2, (square.height() - scaled.height()) / 2, scaled);
    return square;
}

}  // namespace

LibraryModel::LibraryModel(const QString& workspaceFolder, QObject* parent)
    : QAbstractListModel(parent)
{
    pool_.setMaxThreadCount(2);
    QPixmap blank(kThumbnailSide, kThumbnailSide);
    blank.fill(QGuiApplication::palette().color(QPalette::Midlight));
    placeholder_ = QIcon(blank);
    try {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::open(workspaceFolder.toStdString()));
    } catch (const std::exception& e) {
        error_ = tr("Cannot open the workspace '%1': %2").arg(workspaceFolder, QString::fromUtf8(e.what()));
        return;
    }
    reload();
}

LibraryModel::~LibraryModel()
{
    // No read may post back to a model that is gone.
    pool_.clear();
    pool_.waitForDone();
}

void LibraryModel::reload()
{
    if (!workspace_) return;
    beginResetModel();
    ++generation_;
    pending_.clear();
    entries_.clear();
    rowById_.clear();
    error_.clear();
    try {
        storage::Database& db = workspace_->database();
        std::map<std::int64_t, QStringList> studiesOf;
        storage::StudyStore studies(db);
        for (const storage::Study& study : studies.listStudies()) {
            const QString name = QString::fromStdString(study.name);
            for (const storage::StudyItem& item : studies.items(study.id)) {
                QStringList& names = studiesOf[item.imageId];
                if (!names.contains(name)) names.append(name);
            }
        }
        const QDir library(QString::fromStdString(workspace_->libraryDir().string()));
        const QDir thumbnails(QString::fromStdString(workspace_->thumbnailsDir().string()));
        for (const storage::ImageRecord& image : storage::ImageStore(db).list()) {
            Entry entry;
            entry.id = image.id;
            entry.prompt = fromStd(image.prompt);
            entry.generator = fromStd(image.generator);
            if (image.libraryPath) {
                entry.filePath = library.filePath(QString::fromStdString(*image.libraryPath));
            } else {
                try {
                    entry.filePath = QString::fromStdString(services::verifiedImageFile(*workspace_, image).string());
                } catch (const services::ImageFileError&) {
                    // A linked file replaced or removed on disk is never shown as this image; its thumbnail,
                    // made from the bytes that were imported, still is.
                    entry.filePath.clear();
                }
            }
            entry.fileName =
                image.originalName ? QString::fromStdString(*image.originalName) : QFileInfo(entry.filePath).fileName();
            const QString sha = QString::fromStdString(image.sha256);
            entry.thumbnailPath = thumbnails.filePath(sha.left(2) + QLatin1Char('/') + sha + QStringLiteral(".jpg"));
            if (const auto found = studiesOf.find(image.id); found != studiesOf.end()) entry.studies = found->second;
            entry.origin = QString::fromUtf8(
                storage::toString(image.origin).data(), qsizetype(storage::toString(image.origin).size()));
            entry.size = QSize(image.width, image.height);
            entry.createdAt = QString::fromStdString(image.createdAt);
            entry.seed = image.seed;
            rowById_.insert(entry.id, int(entries_.size()));
            entries_.push_back(std::move(entry));
        }
        readRatings();
    } catch (const std::exception& e) {
        entries_.clear();
        rowById_.clear();
        error_ = tr("Cannot read the images of '%1': %2")
                     .arg(QString::fromStdString(workspace_->root().string()), QString::fromUtf8(e.what()));
    }
    endResetModel();
}

void LibraryModel::readRatings()
{
    // Mean of each image's current slider answers; attention checks are not opinions.
    std::map<std::int64_t, std::pair<double, int>> sums;
    std::map<std::int64_t, double> own;
    storage::Database& db = workspace_->database();
    storage::AnswerStore answers(db);
    for (const storage::Person& person : storage::PeopleStore(db).list()) {
        for (const storage::SliderRating& rating : answers.ratingsOf(person.id)) {
            if (rating.isCatch) continue;
            auto& [sum, count] = sums[rating.imageId];
            sum += rating.value;
            ++count;
            // In answer order: the newest current answer of the person wins (a study and their own rating may both
            // stand).
            if (person.id == personId_) own[rating.imageId] = rating.value;
        }
    }
    for (Entry& entry : entries_) {
        entry.meanRating.reset();
        entry.ratingCount = 0;
        entry.personRating.reset();
        if (const auto found = sums.find(entry.id); found != sums.end()) {
            entry.meanRating = found->second.first / found->second.second;
            entry.ratingCount = found->second.second;
        }
        if (const auto found = own.find(entry.id); found != own.end()) entry.personRating = found->second;
    }
}

void LibraryModel::reloadRatings()
{
    if (!workspace_ || entries_.empty()) return;
    try {
        readRatings();
    } catch (const std::exception& e) {
        error_ = tr("Cannot read the ratings of '%1': %2")
                     .arg(QString::fromStdString(workspace_->root().string()), QString::fromUtf8(e.what()));
    }
    Q_EMIT dataChanged(index(0), index(rowCount() - 1),
        {MeanRatingRole, RatingCountRole, PersonRatingRole, Qt::ToolTipRole, Qt::DisplayRole});
}

void LibraryModel::setPerson(qint64 personId)
{
    if (personId == personId_) return;
    personId_ = personId;
    predicted_.clear();
    reloadRatings();
    if (!entries_.empty()) Q_EMIT dataChanged(index(0), index(rowCount() - 1), {PredictedScoreRole});
}

void LibraryModel::setPredictedScores(const QHash<qint64, double>& scores)
{
    predicted_ = scores;
    if (!entries_.empty()) Q_EMIT dataChanged(index(0), index(rowCount() - 1), {PredictedScoreRole, Qt::ToolTipRole});
}

QList<qint64> LibraryModel::imageIds() const
{
    QList<qint64> ids;
    ids.reserve(qsizetype(entries_.size()));
    for (const Entry& entry : entries_) ids.append(entry.id);
    return ids;
}

int LibraryModel::rowOf(qint64 imageId) const
{
    return rowById_.value(imageId, -1);
}

QStringList LibraryModel::generators() const
{
    std::set<QString> names;
    for (const Entry& entry : entries_) {
        if (!entry.generator.isEmpty()) names.insert(entry.generator);
    }
    return QStringList(names.begin(), names.end());
}

QStringList LibraryModel::studies() const
{
    std::set<QString> names;
    for (const Entry& entry : entries_) names.insert(entry.studies.begin(), entry.studies.end());
    return QStringList(names.begin(), names.end());
}

QList<QPair<qint64, QString>> LibraryModel::people() const
{
    QList<QPair<qint64, QString>> result;
    if (!workspace_) return result;
    try {
        for (const storage::Person& person : storage::PeopleStore(workspace_->database()).list()) {
            result.append({person.id, QString::fromStdString(person.pseudonym)});
        }
    } catch (const std::exception&) {  // the grid still shows; reload() reports a broken database
    }
    return result;
}

QString LibraryModel::imageIdsMimeType()
{
    return QStringLiteral("application/x-tastelab-image-ids");
}

QList<qint64> LibraryModel::imageIdsFromMimeData(const QMimeData* mime)
{
    QList<qint64> ids;
    if (!mime || !mime->hasFormat(imageIdsMimeType())) return ids;
    const QList<QByteArray> lines = mime->data(imageIdsMimeType()).split('\n');
    for (const QByteArray& line : lines) {
        bool ok = false;
        const qint64 id = line.trimmed().toLongLong(&ok);
        if (ok) ids.append(id);
    }
    return ids;
}

int LibraryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(entries_.size());
}

QString LibraryModel::displayText(const Entry& entry) const
{
    const QString text = entry.prompt.simplified().isEmpty() ? entry.fileName : entry.prompt.simplified();
    return text.size() > kDisplayChars ? QString(text.left(kDisplayChars - 1) + QChar(0x2026)) : text;
}

QString LibraryModel::toolTip(const Entry& entry) const
{
    const QLocale locale;
    QStringList lines;
    lines << (entry.prompt.isEmpty() ? entry.fileName : entry.prompt);
    if (!entry.generator.isEmpty()) lines << tr("Generator: %1").arg(entry.generator);
    lines << tr("Size: %1 × %2 pixels").arg(locale.toString(entry.size.width()), locale.toString(entry.size.height()));
    lines << (entry.meanRating ? tr("Mean rating: %1 (%n rating(s))", nullptr, entry.ratingCount)
                                     .arg(locale.toString(*entry.meanRating, 'f', 2))
                               : tr("Not rated yet"));
    if (entry.personRating) lines << tr("Their rating: %1").arg(locale.toString(*entry.personRating, 'f', 2));
    if (const auto found = predicted_.constFind(entry.id); found != predicted_.constEnd()) {
        lines << tr("Predicted for them: %1").arg(locale.toString(*found, 'f', 2));
    }
    if (!entry.studies.isEmpty()) lines << tr("In studies: %1").arg(entry.studies.join(QStringLiteral(", ")));
    if (const auto problem = thumbnailProblems_.find(entry.id); problem != thumbnailProblems_.end()) {
        lines << *problem;
    }
    return lines.join(QLatin1Char('\n'));
}

void LibraryModel::requestThumbnail(const Entry& entry) const
{
    if (pending_.contains(entry.id)) return;
    pending_.insert(entry.id);
    auto* self = const_cast<LibraryModel*>(this);
    const quint64 generation = generation_;
    const qint64 id = entry.id;
    const QString thumbnail = entry.thumbnailPath;
    const QString original = entry.filePath;
    // The newest request first: while scrolling fast, the rows now on screen are read before the ones passed.
    pool_.start(QRunnable::create([self, generation, id, thumbnail, original] {
        // Imports always write a thumbnail; the full file is the fallback for one that went missing.
        QString problem;
        QImage image;
        for (const QString& path : {thumbnail, original}) {
            QImageReader reader(path);
            reader.setAutoTransform(true);
            image = reader.read();
            if (!image.isNull()) break;
            problem = tr("Cannot read '%1': %2").arg(path, reader.errorString());
        }
        if (!image.isNull()) {
            problem.clear();
            image = image.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        }
        QMetaObject::invokeMethod(
            self, [self, id, generation, image, problem] { self->acceptThumbnail(id, generation, image, problem); },
            Qt::QueuedConnection);
    }),
        ++requestOrder_);
}

void LibraryModel::acceptThumbnail(qint64 imageId, quint64 generation, const QImage& image, const QString& problem)
{
    pending_.remove(imageId);
    if (generation != generation_) {
        // The rows were re-read meanwhile; the image is still right for this id.
        if (!rowById_.contains(imageId)) return;
    }
    if (image.isNull()) {
        thumbnailProblems_.insert(imageId, problem);
        thumbnails_.insert(imageId, new QIcon());
    } else {
        thumbnailProblems_.remove(imageId);
        thumbnails_.insert(imageId, new QIcon(squarePixmap(image, QGuiApplication::palette().color(QPalette::Base))));
    }
    const int row = rowOf(imageId);
    if (row >= 0) {
        const QModelIndex changed = index(row);
        Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole, Qt::ToolTipRole, ThumbnailReadyRole});
    }
    Q_EMIT thumbnailReady(imageId);
}

QVariant LibraryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(entries_.size())) return {};
    const Entry& entry = entries_.at(std::size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        return displayText(entry);
    case Qt::DecorationRole: {
        if (const QIcon* cached = thumbnails_.object(entry.id)) return cached->isNull() ? placeholder_ : *cached;
        requestThumbnail(entry);
        return placeholder_;
    }
    case Qt::ToolTipRole:
        return toolTip(entry);
    case ImageIdRole:
        return entry.id;
    case PromptRole:
        return entry.prompt;
    case GeneratorRole:
        return entry.generator;
    case FilePathRole:
        return entry.filePath;
    case ThumbnailPathRole:
        return entry.thumbnailPath;
    case MeanRatingRole:
        return entry.meanRating ? QVariant(*entry.meanRating) : QVariant();
    case RatingCountRole:
        return entry.ratingCount;
    case StudiesRole:
        return entry.studies;
    case OriginRole:
        return entry.origin;
    case SizeRole:
        return entry.size;
    case CreatedAtRole:
        return entry.createdAt;
    case ThumbnailReadyRole: {
        const QIcon* cached = thumbnails_.object(entry.id);
        return cached && !cached->isNull();
    }
    case PersonRatingRole:
        return entry.personRating ? QVariant(*entry.personRating) : QVariant();
    case PredictedScoreRole: {
        const auto found = predicted_.constFind(entry.id);
        return found != predicted_.constEnd() ? QVariant(*found) : QVariant();
    }
    case SeedRole:
        return entry.seed ? QVariant(*entry.seed) : QVariant();
    default:
        return {};
    }
}

Qt::ItemFlags LibraryModel::flags(const QModelIndex& index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? base | Qt::ItemIsDragEnabled : base;
}

QStringList LibraryModel::mimeTypes() const
{
    return {imageIdsMimeType()};
}

QMimeData* LibraryModel::mimeData(const QModelIndexList& indexes) const
{
    QByteArray ids;
    QSet<qint64> seen;
    for (const QModelIndex& index : indexes) {
        const qint64 id = data(index, ImageIdRole).toLongLong();
        if (!index.isValid() || seen.contains(id)) continue;
        seen.insert(id);
        ids += QByteArray::number(id) + '\n';
    }
    auto* mime = new QMimeData;
    mime->setData(imageIdsMimeType(), ids);
    return mime;
}

Qt::DropActions LibraryModel::supportedDragActions() const
{
    return Qt::CopyAction;
}

LibraryFilterModel::LibraryFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void LibraryFilterModel::setPromptFilter(const QString& text)
{
    prompt_ = text.trimmed();
    invalidateFilter();
}

void LibraryFilterModel::setGenerator(const QString& generator)
{
    generator_ = generator;
    invalidateFilter();
}

void LibraryFilterModel::setStudy(const QString& study)
{
    study_ = study;
    invalidateFilter();
}

void LibraryFilterModel::setRatingFilter(RatingFilter filter, double threshold)
{
    rating_ = filter;
    threshold_ = threshold;
    invalidateFilter();
}

void LibraryFilterModel::setRatingRange(double low, double high)
{
    rating_ = RatingFilter::Between;
    threshold_ = std::min(low, high);
    high_ = std::max(low, high);
    invalidateFilter();
}

void LibraryFilterModel::setUsePersonRating(bool use)
{
    personRating_ = use;
    invalidate();
}

void LibraryFilterModel::sortBy(SortKey key, Qt::SortOrder order)
{
    sortKey_ = key;
    invalidate();
    sort(0, order);
}

bool LibraryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!prompt_.isEmpty() && !index.data(LibraryModel::PromptRole).toString().contains(prompt_, Qt::CaseInsensitive)) {
        return false;
    }
    if (!generator_.isEmpty() && index.data(LibraryModel::GeneratorRole).toString() != generator_) return false;
    if (!study_.isEmpty() && !index.data(LibraryModel::StudiesRole).toStringList().contains(study_)) return false;
    const QVariant mean = index.data(personRating_ ? LibraryModel::PersonRatingRole : LibraryModel::MeanRatingRole);
    switch (rating_) {
    case RatingFilter::Any:
        return true;
    case RatingFilter::Unrated:
        return !mean.isValid();
    case RatingFilter::Rated:
        return mean.isValid();
    case RatingFilter::AtLeast:
        return mean.isValid() && mean.toDouble() >= threshold_;
    case RatingFilter::Between:
        // A little slack, so that a rating of exactly 0.75 stays in "0.75 to 1" whatever its last bit.
        return mean.isValid() && mean.toDouble() >= threshold_ - 1e-9 && mean.toDouble() <= high_ + 1e-9;
    }
    return true;
}

bool LibraryFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const qint64 leftId = left.data(LibraryModel::ImageIdRole).toLongLong();
    const qint64 rightId = right.data(LibraryModel::ImageIdRole).toLongLong();
    switch (sortKey_) {
    case SortKey::Date: {
        const QString a = left.data(LibraryModel::CreatedAtRole).toString();
        const QString b = right.data(LibraryModel::CreatedAtRole).toString();
        return a != b ? a < b : leftId < rightId;
    }
    case SortKey::Prompt: {
        const int order = QString::localeAwareCompare(left.data(LibraryModel::PromptRole).toString().toCaseFolded(),
            right.data(LibraryModel::PromptRole).toString().toCaseFolded());
        return order != 0 ? order < 0 : leftId < rightId;
    }
    case SortKey::MeanRating:
    case SortKey::PredictedScore: {
        // Unrated (unscored) images sort below every rated one.
        const int role = sortKey_ == SortKey::PredictedScore
            ? LibraryModel::PredictedScoreRole
            : (personRating_ ? LibraryModel::PersonRatingRole : LibraryModel::MeanRatingRole);
        const QVariant a = left.data(role);
        const QVariant b = right.data(role);
        const double x = a.isValid() ? a.toDouble() : -1.0;
        const double y = b.isValid() ? b.toDouble() : -1.0;
        return x != y ? x < y : leftId < rightId;
    }
    }
    return leftId < rightId;
}

}  // namespace tastelab::widgets

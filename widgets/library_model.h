// Every image of a workspace as a list for the designer's thumbnail grid, with a proxy that filters
// and sorts it. Thumbnails are read off the GUI thread as rows are shown, and kept.
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QIcon>
#include <QSet>
#include <QSize>
#include <QSortFilterProxyModel>
#include <QStringList>
#include <QThreadPool>

#include <memory>
#include <optional>
#include <vector>

class QImage;

namespace tastelab::services {
class Workspace;
}

namespace tastelab::widgets {

class LibraryModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        ImageIdRole = Qt::UserRole + 1,
        PromptRole,
        GeneratorRole,
        FilePathRole,
        ThumbnailPathRole,
        MeanRatingRole,  // double, or an invalid QVariant when unrated
        RatingCountRole,
        StudiesRole,  // QStringList of the studies that show the image
        OriginRole,  // "imported" or "generated"
        SizeRole,  // QSize in pixels
        CreatedAtRole,  // UTC ISO 8601 text, which sorts by time
        ThumbnailReadyRole,  // true once the decoration is the image's own thumbnail
    };
    // The side of the square thumbnails in the grid.
    static constexpr int kThumbnailSide = 128;

    explicit LibraryModel(const QString& workspaceFolder, QObject* parent = nullptr);
    ~LibraryModel() override;

    // Re-reads the database (after an import); thumbnails already read are kept.
    void reload();
    int rowOf(qint64 imageId) const;
    // Empty unless the workspace could not be opened or read.
    QString lastError() const { return error_; }
    // Distinct generator and study names, sorted, for the filter bar.
    QStringList generators() const;
    QStringList studies() const;

    // Dragged images carry their ids under this type (one decimal id a line), for a study's item list.
    static QString imageIdsMimeType();
    static QList<qint64> imageIdsFromMimeData(const QMimeData* mime);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override;

Q_SIGNALS:
    // A thumbnail was read (or could not be); the row's decoration changed.
    void thumbnailReady(qint64 imageId);

private:
    struct Entry {
        qint64 id = 0;
        QString prompt;
        QString generator;
        QString fileName;
        QString filePath;
        QString thumbnailPath;
        std::optional<double> meanRating;
        int ratingCount = 0;
        QStringList studies;
        QString origin;
        QSize size;
        QString createdAt;
    };

    QString displayText(const Entry& entry) const;
    QString toolTip(const Entry& entry) const;
    void requestThumbnail(const Entry& entry) const;
    void acceptThumbnail(qint64 imageId, quint64 generation, const QImage& image, const QString& problem);

    std::unique_ptr<services::Workspace> workspace_;
    QString error_;
    std::vector<Entry> entries_;
    QHash<qint64, int> rowById_;
    // Filled lazily from data(), which is const.
    mutable QHash<qint64, QIcon> thumbnails_;
    mutable QHash<qint64, QString> thumbnailProblems_;
    mutable QSet<qint64> pending_;
    mutable QThreadPool pool_;
    quint64 generation_ = 0;  // results of reads started before the last reload are dropped
    QIcon placeholder_;
};

// Filters by prompt text (case-insensitive substring), generator, study and rating; sorts by date,
// prompt or mean rating (unrated images count as lowest).
class LibraryFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class RatingFilter { Any, Unrated, Rated, AtLeast };
    enum class SortKey { Date, Prompt, MeanRating };

    explicit LibraryFilterModel(QObject* parent = nullptr);

    void setPromptFilter(const QString& text);
    void setGenerator(const QString& generator);  // empty: any
    void setStudy(const QString& study);  // empty: any
    void setRatingFilter(RatingFilter filter, double threshold = 0.5);
    void sortBy(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);

    QString promptFilter() const { return prompt_; }
    RatingFilter ratingFilter() const { return rating_; }
    double ratingThreshold() const { return threshold_; }
    SortKey sortKey() const { return sortKey_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString prompt_;
    QString generator_;
    QString study_;
    RatingFilter rating_ = RatingFilter::Any;
    double threshold_ = 0.5;
    SortKey sortKey_ = SortKey::Date;
};

}  // namespace tastelab::widgets

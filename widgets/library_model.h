// Every image of a workspace as a list for the library's and the designer's thumbnail grids, with a proxy that
// filters and sorts it. Thumbnails are read off the GUI thread as rows are shown, and the most recent kept.
#pragma once

#include <QAbstractListModel>
#include <QCache>
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
        PersonRatingRole,  // double: the selected person's current rating, or invalid (none, or no person)
        PredictedScoreRole,  // double: the selected person's predicted score, or invalid (no model yet)
        SeedRole,  // qint64, or invalid when unknown
    };
    // The side of the square thumbnails in the grid.
    static constexpr int kThumbnailSide = 128;
    // How many thumbnails are kept decoded (about 64 KiB each); the others are read again when shown.
    static constexpr int kThumbnailCacheSize = 1500;

    explicit LibraryModel(const QString& workspaceFolder, QObject* parent = nullptr);
    ~LibraryModel() override;

    // Re-reads the database (after an import); thumbnails already read are kept.
    void reload();
    // Re-reads only the ratings (after a rating was stored): means, counts and the selected person's.
    void reloadRatings();
    // The person whose ratings and predicted scores the rows carry; 0 for nobody. Predicted scores are cleared.
    void setPerson(qint64 personId);
    qint64 person() const { return personId_; }
    // Predicted scores of the selected person by image id (computed off the GUI thread by the page).
    void setPredictedScores(const QHash<qint64, double>& scores);
    bool hasPredictedScores() const { return !predicted_.isEmpty(); }
    // Ids of every image, in database order (what a background task scores).
    QList<qint64> imageIds() const;
    int rowOf(qint64 imageId) const;
    // Empty unless the workspace could not be opened or read.
    QString lastError() const { return error_; }
    // Distinct generator and study names, sorted, for the filter bar.
    QStringList generators() const;
    QStringList studies() const;
    // Every person of the workspace (id, pseudonym), in the order they were added.
    QList<QPair<qint64, QString>> people() const;

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
        std::optional<qint64> seed;
        std::optional<double> personRating;
    };

    QString displayText(const Entry& entry) const;
    QString toolTip(const Entry& entry) const;
    void requestThumbnail(const Entry& entry) const;
    void readRatings();
    void acceptThumbnail(qint64 imageId, quint64 generation, const QImage& image, const QString& problem);

    std::unique_ptr<services::Workspace> workspace_;
    QString error_;
    std::vector<Entry> entries_;
    QHash<qint64, int> rowById_;
    // Filled lazily from data(), which is const.
    mutable QCache<qint64, QIcon> thumbnails_{kThumbnailCacheSize};
    mutable QHash<qint64, QString> thumbnailProblems_;
    mutable QSet<qint64> pending_;
    mutable QThreadPool pool_;
    mutable int requestOrder_ = 0;  // later requests (the rows shown now) are read first
    quint64 generation_ = 0;  // results of reads started before the last reload are dropped
    qint64 personId_ = 0;
    QHash<qint64, double> predicted_;
    QIcon placeholder_;
};

// Filters by prompt text (case-insensitive substring), generator, study and rating; sorts by date, prompt, rating
// (unrated images count as lowest) or predicted score (unscored lowest). The rating is the mean of everyone's, or the
// selected person's own with setUsePersonRating(true).
class LibraryFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class RatingFilter { Any, Unrated, Rated, AtLeast, Between };
    enum class SortKey { Date, Prompt, MeanRating, PredictedScore };

    explicit LibraryFilterModel(QObject* parent = nullptr);

    void setPromptFilter(const QString& text);
    void setGenerator(const QString& generator);  // empty: any
    void setStudy(const QString& study);  // empty: any
    void setRatingFilter(RatingFilter filter, double threshold = 0.5);
    // Keeps rated images whose rating lies in [low, high] (RatingFilter::Between).
    void setRatingRange(double low, double high);
    void setUsePersonRating(bool use);
    bool usesPersonRating() const { return personRating_; }
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
    double high_ = 1.0;
    bool personRating_ = false;
    SortKey sortKey_ = SortKey::Date;
};

}  // namespace tastelab::widgets

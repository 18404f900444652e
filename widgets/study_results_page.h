// The results of a study: a chooser, the agreement summary, tables of participants and images, charts of
// response times and ratings, and exports (CSV and JSON Lines tables, a PNG report).
#pragma once

#include "app/services/study_results.h"

#include <QAbstractTableModel>
#include <QImage>
#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace tastelab::gui {
class BackgroundTask;
}

namespace tastelab::widgets {

// One row per participant: completion, mean and SD of first ratings, test-retest r, attention checks,
// exclusion and median response time.
class ParticipantResultsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Participant, Completion, Mean, Sd, TestRetest, Catch, Excluded, MedianResponse, ColumnCount };
    // The unformatted value of a cell (a double, NaN where not measured; text for names), for sorting and tests.
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit ParticipantResultsModel(QObject* parent = nullptr);

    void setResults(std::vector<services::ParticipantResult> rows, const services::ExclusionRule& rule);
    const std::vector<services::ParticipantResult>& rows() const { return rows_; }
    // "Passed 1 of 2 attention checks (50%; the study requires 75%)", translated; empty when included.
    static QString exclusionText(const services::ParticipantResult& row, const services::ExclusionRule& rule);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<services::ParticipantResult> rows_;
    services::ExclusionRule rule_;
};

// One row per image of the study: thumbnail and name, prompt, mean, SD and number of ratings, pairwise wins.
class ImageResultsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Image, Prompt, Mean, Sd, Count, PairwiseWins, ColumnCount };
    static constexpr int ValueRole = Qt::UserRole + 1;
    static constexpr int ImageIdRole = Qt::UserRole + 2;

    explicit ImageResultsModel(QObject* parent = nullptr);

    // `thumbnails` is parallel to `rows`; a null image where there is none.
    void setResults(std::vector<services::ImageResult> rows, std::vector<QImage> thumbnails);
    const std::vector<services::ImageResult>& rows() const { return rows_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<services::ImageResult> rows_;
    std::vector<QImage> thumbnails_;
};

class StudyResultsPage : public QWidget {
    Q_OBJECT

public:
    explicit StudyResultsPage(const QString& workspaceFolder, QWidget* parent = nullptr);
    ~StudyResultsPage() override;

    // Reloads the list of studies and shows the chosen one (the first when none was) unless it is shown already.
    void refresh();
    // Computes the results on a worker thread with its own workspace connection, then fills the views;
    // resultsShown reports the outcome. A request for another study while one runs stops that one and is served
    // after it; a request for the study being computed is already served.
    void showStudy(const QString& name);
    // The study whose results are shown or being computed; empty before the first.
    QString currentStudy() const { return requested_; }
    // Renders the report (summary, charts, tables) to a PNG file.
    bool saveReport(const QString& pngFile);
    // participants.csv, images.csv, answers.csv and answers.jsonl in `folder`; `error` says what failed.
    bool exportTables(const QString& folder, QString* error);

    QAbstractItemModel* participantsModel() const;
    QAbstractItemModel* imagesModel() const;
    // "Krippendorff's alpha (interval) 0.61 · ICC(2,1) 0.55 · ICC(2,k) 0.83 · ..."
    QString summaryText() const;

Q_SIGNALS:
    // error is empty on success.
    void resultsShown(const QString& error);

private:
    void chooseStudy(int index);
    void exportWithDialog();
    void saveReportWithDialog();
    void showResults(const services::StudyResults& results, std::vector<QImage> thumbnails);
    void showResponseTimes(const std::vector<double>& times);
    void showImageMeans();
    void showSelectedImage();
    void styleChart(QChart* chart) const;
    void setBusy(bool busy);

    QString folder_;
    gui::BackgroundTask* task_;
    QString pending_;  // a study asked for while another was computing
    QString requested_;  // the study shown or being computed
    bool filling_ = false;  // the chooser is being refilled: its index changes are not choices
    std::optional<services::StudyResults> results_;
    QComboBox* studies_;
    QPushButton* refresh_;
    QPushButton* exportTables_;
    QPushButton* saveReport_;
    QLabel* status_;
    QLabel* summary_;
    ParticipantResultsModel* participants_;
    ImageResultsModel* images_;
    QSortFilterProxyModel* participantsProxy_;
    QSortFilterProxyModel* imagesProxy_;
    QTableView* participantsView_;
    QTableView* imagesView_;
    QChartView* responseTimesChart_;
    QChartView* imageMeansChart_;
    QChartView* imageHistogramChart_;
};

}  // namespace tastelab::widgets

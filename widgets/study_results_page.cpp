// StudyResultsPage: the worker computes the results and loads the thumbnails on its own workspace
// connection; the page only presents what comes back. The report is painted from the same models and charts.
#include "widgets/study_results_page.h"

#include "app/gui/background_task.h"
#include "app/services/workspace.h"
#include "storage/export.h"
#include "widgets/chart_style.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <utility>

namespace tastelab::widgets {

namespace {

constexpr int kThumbnailSide = 48;
constexpr int kResponseTimeBins = 12;

QString formatNumber(double value, int decimals)
{
    return std::isfinite(value) ? QLocale().toString(value, 'f', decimals) : QString();
}

QVariant sortValue(double value)
{
    return std::isfinite(value) ? QVariant(value) : QVariant();
}

// What the worker hands back; written on the worker thread, read after `finished`.
struct Outcome {
    services::StudyResults results;
    std::vector<QImage> thumbnails;
};

QChartView* makeChartView(QChart* chart, QWidget* parent)
{
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    return view;
}

void clearChart(QChart* chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// Bars of one series on a numeric x axis, in `colour`: bar i spans [x0 + i * width, x0 + (i + 1) * width]. Drawn as a
// filled step outline so that the axis can carry a few round tick labels (a category axis labels every bar and
// elides labels that do not fit to "…" or "⋮"). `ranks`: x counts bars from 1 (whole-number ticks).
void fillBars(QChart* chart, const QString& name, const QList<qreal>& values, double x0, double width,
    const QString& xTitle, const QString& yTitle, double yMax, bool counts, const QColor& colour, bool ranks = false)
{
    clearChart(chart);
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    const double gap = width * 0.05;  // a hairline between bars
    for (int i = 0; i < values.size(); ++i) {
        const double left = x0 + i * width + gap;
        const double right = x0 + (i + 1) * width - gap;
        upper->append({{left, 0}, {left, values.at(i)}, {right, values.at(i)}, {right, 0}});
    }
    lower->append(x0, 0);
    lower->append(x0 + std::max<qsizetype>(1, values.size()) * width, 0);
    auto* series = new QAreaSeries(upper, lower);
    series->setName(name);
    series->setColor(colour);
    series->setBorderColor(colour);
    chart->addSeries(series);
    auto* x = new QValueAxis;
    x->setTitleText(xTitle);
    const double x1 = x0 + std::max<qsizetype>(1, values.size()) * width;
    if (ranks) {
        charts::setWholeRange(x, 1, std::max(2, int(values.size())));
        x->setRange(x0, x1);
    } else {
        charts::setNiceRange(x, x0, x1, 6);
    }
    auto* y = new QValueAxis;
    y->setTitleText(yTitle);
    if (counts) {
        // Whole numbers only: ticks every `step` answers, at most about five of them.
        const double step = std::max(1.0, std::ceil(yMax / 5));
        y->setRange(0, std::max(1.0, std::ceil(yMax / step) * step));
        y->setTickType(QValueAxis::TicksDynamic);
        y->setTickAnchor(0);
        y->setTickInterval(step);
        y->setLabelFormat(QStringLiteral("%d"));
    } else {
        y->setRange(0, yMax > 0 ? yMax : 1);
        y->setTickCount(6);
        y->setLabelFormat(QStringLiteral("%.1f"));
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->legend()->hide();
}

// A model's rows as a table of text, header first, at most `maxRows` rows.
int paintTable(QPainter& painter, const QAbstractItemModel& model, int left, int top, int width, int maxRows,
    const QColor& text, const QColor& grid)
{
    const QFontMetrics metrics(painter.font());
    const int rowHeight = metrics.height() + 6;
    const int columns = model.columnCount();
    const int rows = std::min(model.rowCount(), maxRows);
    std::vector<int> widths(std::size_t(columns), 0);
    for (int c = 0; c < columns; ++c) {
        widths[std::size_t(c)] = metrics.horizontalAdvance(model.headerData(c, Qt::Horizontal).toString());
        for (int r = 0; r < rows; ++r)
            widths[std::size_t(c)] =
                std::max(widths[std::size_t(c)], metrics.horizontalAdvance(model.index(r, c).data().toString()));
    }
    int total = 0;
    for (int& w : widths) total += (w += 16);
    // Shrink the widest columns (prompts, reasons) when the table is wider than the page; text is elided.
    while (total > width) {
        auto widest = std::max_element(widths.begin(), widths.end());
        const int cut = std::min(*widest / 4 + 1, total - width);
        *widest -= cut;
        total -= cut;
    }
    int y = top;
    const auto paintRow = [&](const std::function<QString(int)>& cell, bool bold) {
        QFont font = painter.font();
        font.setBold(bold);
        painter.setFont(font);
        int x = left;
        for (int c = 0; c < columns; ++c) {
            const int w = widths[std::size_t(c)];
            painter.setPen(text);
            painter.drawText(QRect(x + 4, y, w - 8, rowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                QFontMetrics(font).elidedText(cell(c), Qt::ElideRight, w - 8));
            x += w;
        }
        y += rowHeight;
        painter.setPen(grid);
        painter.drawLine(left, y, left + total, y);
        font.setBold(false);
        painter.setFont(font);
    };
    paintRow([&](int c) { return model.headerData(c, Qt::Horizontal).toString(); }, true);
    for (int r = 0; r < rows; ++r) paintRow([&](int c) { return model.index(r, c).data().toString(); }, false);
    return y;
}

}  // namespace

// ---- ParticipantResultsModel -------------------------------------------------------------------------------------

ParticipantResultsModel::ParticipantResultsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ParticipantResultsModel::setResults(
    std::vector<services::ParticipantResult> rows, const services::ExclusionRule& rule)
{
    beginResetModel();
    rows_ = std::move(rows);
    rule_ = rule;
    endResetModel();
}

QString ParticipantResultsModel::exclusionText(
    const services::ParticipantResult& row, const services::ExclusionRule& rule)
{
    if (!row.excluded) return {};
    const QLocale locale;
    const double rate = row.catchTotal > 0 ? 100.0 * row.catchPassed / row.catchTotal : 0.0;
    return tr("Passed %1 of %2 attention checks (%3%; the study requires %4%)")
        .arg(row.catchPassed)
        .arg(row.catchTotal)
        .arg(locale.toString(rate, 'f', 0), locale.toString(100.0 * rule.minCatchPassRate, 'f', 0));
}

int ParticipantResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int ParticipantResultsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ParticipantResultsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const services::ParticipantResult& row = rows_.at(std::size_t(index.row()));
    const QLocale locale;
    if (role == ValueRole) {
        switch (index.column()) {
        case Participant:
            return QString::fromStdString(row.pseudonym);
        case Completion:
            return row.plannedTrials > 0 ? QVariant(double(row.answeredTrials) / row.plannedTrials)
                                         : QVariant(double(row.answeredTrials));
        case Mean:
            return sortValue(row.meanRating);
        case Sd:
            return sortValue(row.sdRating);
        case TestRetest:
            return sortValue(row.testRetest);
        case Catch:
            return row.catchTotal > 0 ? QVariant(double(row.catchPassed) / row.catchTotal) : QVariant();
        case Excluded:
            return row.excluded;
        case MedianResponse:
            return sortValue(row.medianResponseMs);
        default:
            return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Participant:
            return QString::fromStdString(row.pseudonym);
        case Completion: {
            const QString counts = tr("%1 of %2").arg(row.answeredTrials).arg(row.plannedTrials);
            return row.completed ? tr("%1, completed").arg(counts) : counts;
        }
        case Mean:
            return formatNumber(row.meanRating, 2);
        case Sd:
            return formatNumber(row.sdRating, 2);
        case TestRetest:
            return std::isfinite(row.testRetest)
                ? tr("%1 (%n pairs)", nullptr, row.repeatPairs).arg(formatNumber(row.testRetest, 2))
                : (row.repeatPairs > 0 ? tr("— (%n pairs)", nullptr, row.repeatPairs) : tr("—"));
        case Catch:
            return row.catchTotal > 0 ? tr("%1 / %2").arg(row.catchPassed).arg(row.catchTotal) : tr("—");
        case Excluded:
            return row.excluded ? tr("Yes: %1").arg(exclusionText(row, rule_)) : tr("No");
        case MedianResponse:
            return std::isfinite(row.medianResponseMs)
                ? tr("%1 s").arg(locale.toString(row.medianResponseMs / 1000.0, 'f', 2))
                : tr("—");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() == Participant || index.column() == Excluded
            ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Excluded && row.excluded) return exclusionText(row, rule_);
    return {};
}

QVariant ParticipantResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Participant:
        return tr("Participant");
    case Completion:
        return tr("Answered");
    case Mean:
        return tr("Mean");
    case Sd:
        return tr("SD");
    case TestRetest:
        return tr("Test-retest r");
    case Catch:
        return tr("Attention checks");
    case Excluded:
        return tr("Excluded");
    case MedianResponse:
        return tr("Median time");
    default:
        return {};
    }
}

// ---- ImageResultsModel -------------------------------------------------------------------------------------------

ImageResultsModel::ImageResultsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ImageResultsModel::setResults(std::vector<services::ImageResult> rows, std::vector<QImage> thumbnails)
{
    beginResetModel();
    rows_ = std::move(rows);
    thumbnails_ = std::move(thumbnails);
    thumbnails_.resize(rows_.size());
    endResetModel();
}

int ImageResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int ImageResultsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImageResultsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const services::ImageResult& row = rows_.at(std::size_t(index.row()));
    if (role == ImageIdRole) return qint64(row.imageId);
    if (role == ValueRole) {
        switch (index.column()) {
        case Image:
            return qint64(row.imageId);
        case Prompt:
            return QString::fromStdString(row.prompt);
        case Mean:
            return sortValue(row.ratings.mean);
        case Sd:
            return sortValue(row.ratings.sd);
        case Count:
            return row.ratings.count;
        case PairwiseWins:
            return row.pairwiseShown > 0 ? QVariant(double(row.pairwiseWins) / row.pairwiseShown) : QVariant();
        default:
            return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Image:
            return tr("Image %1").arg(row.imageId);
        case Prompt:
            return QString::fromStdString(row.prompt);
        case Mean:
            return formatNumber(row.ratings.mean, 2);
        case Sd:
            return formatNumber(row.ratings.sd, 2);
        case Count:
            return row.ratings.count;
        case PairwiseWins:
            return row.pairwiseShown > 0 ? tr("%1 of %2").arg(row.pairwiseWins).arg(row.pairwiseShown) : tr("—");
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == Image) {
        const QImage& thumbnail = thumbnails_.at(std::size_t(index.row()));
        return thumbnail.isNull() ? QVariant() : QVariant(thumbnail);
    }
    if (role == Qt::ToolTipRole && index.column() == Image) return QString::fromStdString(row.path);
    if (role == Qt::TextAlignmentRole)
        return index.column() == Image || index.column() == Prompt ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ImageResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Image:
        return tr("Image");
    case Prompt:
        return tr("Prompt");
    case Mean:
        return tr("Mean");
    case Sd:
        return tr("SD");
    case Count:
        return tr("Ratings");
    case PairwiseWins:
        return tr("Pairwise wins");
    default:
        return {};
    }
}

// ---- StudyResultsPage --------------------------------------------------------------------------------------------

StudyResultsPage::StudyResultsPage(const QString& workspaceFolder, QWidget* parent)
    : QWidget(parent)
    , folder_(workspaceFolder)
{
    task_ = new gui::BackgroundTask(this);

    studies_ = new QComboBox(this);
    studies_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    refresh_ = new QPushButton(tr("Refresh"), this);
    exportTables_ = new QPushButton(tr("Export Tables…"), this);
    exportTables_->setToolTip(tr("Participants and images as CSV, and every answer as CSV and JSON Lines"));
    saveReport_ = new QPushButton(tr("Save Report…"), this);
    saveReport_->setToolTip(tr("The summary, charts and tables as one PNG picture"));
    // A study is shown as soon as it is chosen, by mouse or keyboard.
    connect(studies_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        if (!filling_) chooseStudy(index);
    });
    connect(refresh_, &QPushButton::clicked, this, [this] {
        const QString shown = requested_;
        refresh();
        // The same study again: its answers may have changed since.
        if (studies_->currentText() == shown && !task_->isRunning()) showStudy(shown);
    });
    connect(exportTables_, &QPushButton::clicked, this, &StudyResultsPage::exportWithDialog);
    connect(saveReport_, &QPushButton::clicked, this, &StudyResultsPage::saveReportWithDialog);

    status_ = new QLabel(this);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    participants_ = new ParticipantResultsModel(this);
    participantsProxy_ = new QSortFilterProxyModel(this);
    participantsProxy_->setSourceModel(participants_);
    participantsProxy_->setSortRole(ParticipantResultsModel::ValueRole);
    images_ = new ImageResultsModel(this);
    imagesProxy_ = new QSortFilterProxyModel(this);
    imagesProxy_->setSourceModel(images_);
    imagesProxy_->setSortRole(ImageResultsModel::ValueRole);

    const auto makeTable = [this](QAbstractItemModel* model) {
        auto* view = new QTableView(this);
        view->setModel(model);
        view->setSortingEnabled(true);
        view->verticalHeader()->hide();
        view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        view->horizontalHeader()->setStretchLastSection(true);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->setSelectionMode(QAbstractItemView::SingleSelection);
        view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        view->setIconSize(QSize(kThumbnailSide, kThumbnailSide));
        return view;
    };
    participantsView_ = makeTable(participantsProxy_);
    participantsView_->sortByColumn(ParticipantResultsModel::Participant, Qt::AscendingOrder);
    imagesView_ = makeTable(imagesProxy_);
    imagesView_->sortByColumn(ImageResultsModel::Mean, Qt::DescendingOrder);
    connect(imagesView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &StudyResultsPage::showSelectedImage);

    auto* rtChart = new QChart;
    rtChart->setTitle(tr("Response times"));
    responseTimesChart_ = makeChartView(rtChart, this);
    auto* meansChart = new QChart;
    meansChart->setTitle(tr("Mean rating per image"));
    imageMeansChart_ = makeChartView(meansChart, this);
    auto* histogramChart = new QChart;
    histogramChart->setTitle(tr("Ratings of the selected image"));
    imageHistogramChart_ = makeChartView(histogramChart, this);
    for (QChart* chart : {rtChart, meansChart, histogramChart}) styleChart(chart);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Study:"), this));
    top->addWidget(studies_);
    top->addWidget(refresh_);
    top->addStretch();
    top->addWidget(exportTables_);
    top->addWidget(saveReport_);

    auto* tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(participantsView_);
    tables->addWidget(imagesView_);
    tables->setSizes({1000, 1000});
    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(responseTimesChart_);
    charts->addWidget(imageMeansChart_);
    charts->addWidget(imageHistogramChart_);
    charts->setSizes({1000, 1000, 1000});
    auto* body = new QSplitter(Qt::Vertical, this);
    body->addWidget(tables);
    body->addWidget(charts);
    body->setSizes({1000, 800});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(status_);
    layout->addWidget(summary_);
    layout->addWidget(body, 1);

    setBusy(false);
    refresh();
}

StudyResultsPage::~StudyResultsPage()
{
    // Stop the worker before the views its result would fill go away.
    task_->cancel();
    task_->wait();
}

void StudyResultsPage::refresh()
{
    const QString current = studies_->currentText();
    filling_ = true;
    studies_->clear();
    try {
        auto workspace = services::Workspace::open(folder_.toStdString());
        for (const auto& study : storage::StudyStore(workspace.database()).listStudies())
            studies_->addItem(QString::fromStdString(study.name));
    } catch (const std::exception& e) {
        filling_ = false;
        status_->setText(tr("Cannot read the studies: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    if (studies_->count() == 0) {
        filling_ = false;
        status_->setText(tr("This workspace has no studies yet."));
        return;
    }
    const int index = studies_->findText(current);
    studies_->setCurrentIndex(index >= 0 ? index : 0);
    filling_ = false;
    // What is chosen is shown, without a further click.
    if (studies_->currentText() != requested_) showStudy(studies_->currentText());
}

void StudyResultsPage::chooseStudy(int index)
{
    if (index >= 0) showStudy(studies_->itemText(index));
}

void StudyResultsPage::showStudy(const QString& name)
{
    if (task_->isRunning()) {
        if (name == requested_) {
            pending_.clear();
        } else {
            pending_ = name;
            task_->cancel();  // superseded; its end starts the pending one
        }
        return;
    }
    requested_ = name;
    const int index = studies_->findText(name);
    if (index >= 0) {
        filling_ = true;  // showing it is not a new choice
        studies_->setCurrentIndex(index);
        filling_ = false;
    }
    status_->setText(tr("Computing the results of “%1”…").arg(name));
    setBusy(true);

    auto outcome = std::make_shared<Outcome>();
    task_->disconnect(this);
    connect(task_, &gui::BackgroundTask::progressChanged, this, [this, name](qint64 done, qint64 total, double eta) {
        status_->setText(tr("Computing the results of “%1”: image %2 of %3. %4")
                             .arg(name)
                             .arg(done)
                             .arg(total)
                             .arg(gui::BackgroundTask::formatEta(eta)));
    });
    connect(task_, &gui::BackgroundTask::finished, this, [this, outcome, name](bool cancelled, const QString& error) {
        setBusy(false);
        if (cancelled) {
            if (!pending_.isEmpty()) {
                const QString next = pending_;
                pending_.clear();
                showStudy(next);
            }
            return;
        }
        if (!error.isEmpty()) {
            status_->setText(tr("Cannot show the results of “%1”: %2").arg(name, error));
        } else {
            showResults(outcome->results, std::move(outcome->thumbnails));
            status_->setText(tr("Results of “%1”.").arg(name));
        }
        Q_EMIT resultsShown(error);
        if (!pending_.isEmpty()) {
            const QString next = pending_;
            pending_.clear();
            showStudy(next);
        }
    });

    const std::filesystem::path root = folder_.toStdString();
    const std::string study = name.toStdString();
    task_->start([root, study, outcome](gui::BackgroundTask& task) {
        auto workspace = services::Workspace::open(root);  // this thread's own connection
        outcome->results = services::computeStudyResults(workspace, study);
        const auto& images = outcome->results.images;
        for (std::size_t i = 0; i < images.size() && !task.isCancelled(); ++i) {
            const std::string& sha = images[i].sha256;
            const auto file = sha.size() > 2 ? workspace.thumbnailsDir() / sha.substr(0, 2) / (sha + ".jpg")
                                             : std::filesystem::path();
            QImage thumbnail(QString::fromStdString(file.string()));
            if (!thumbnail.isNull())
                thumbnail =
                    thumbnail.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            outcome->thumbnails.push_back(std::move(thumbnail));
            task.reportProgress(qint64(i + 1), qint64(images.size()));
        }
    });
}

void StudyResultsPage::showResults(const services::StudyResults& results, std::vector<QImage> thumbnails)
{
    results_ = results;
    participants_->setResults(results.participants, results.rule);
    images_->setResults(results.images, std::move(thumbnails));
    summary_->setText(summaryText());
    showResponseTimes(results.responseTimesMs);
    showImageMeans();
    if (imagesProxy_->rowCount() > 0) {
        imagesView_->setCurrentIndex(imagesProxy_->index(0, 0));
    } else {
        showSelectedImage();
    }
    setBusy(false);
}

QString StudyResultsPage::summaryText() const
{
    if (!results_) return {};
    const services::StudyResults& r = *results_;
    const QLocale locale;
    const auto value = [&locale](double v) { return std::isfinite(v) ? locale.toString(v, 'f', 2) : tr("—"); };
    const QString separator = QStringLiteral(" · ");
    QStringList parts;
    parts << tr("Krippendorff's alpha (interval) %1").arg(value(r.alphaInterval));
    if (r.icc) {
        parts << tr("ICC(2,1) %1").arg(value(r.icc->single));
        parts
            << tr("ICC(2,k) %1 (%2 images × %3 raters)").arg(value(r.icc->average)).arg(r.iccImages).arg(r.icc->raters);
    } else {
        parts << tr("ICC not defined (needs two raters who rated the same two images)");
    }
    parts << tr("%1 participants included, %2 excluded").arg(r.includedParticipants).arg(r.excludedParticipants);
    if (r.responseTimesMs.empty()) {
        parts << tr("no response times");
    } else {
        parts << tr("response time median %1 s, 90th percentile %2 s")
                     .arg(locale.toString(r.rtMedian / 1000.0, 'f', 2), locale.toString(r.rtP90 / 1000.0, 'f', 2));
    }
    const int choices = r.pairLeft + r.pairRight + r.pairTie + r.pairCantDecide;
    if (choices > 0) {
        parts << tr("pairwise: left %1, right %2, tie %3, can't decide %4")
                     .arg(r.pairLeft)
                     .arg(r.pairRight)
                     .arg(r.pairTie)
                     .arg(r.pairCantDecide);
    }
    return parts.join(separator);
}

void StudyResultsPage::showResponseTimes(const std::vector<double>& times)
{
    QChart* chart = responseTimesChart_->chart();
    // From the fastest answer up to the 99th percentile, so that one forgotten tab does not squeeze every other
    // bar into one bin; slower answers count in the last bin.
    const double low = times.empty() ? 0.0 : services::percentile(times, 0.0) / 1000.0;
    const double high = times.empty() ? 1.0 : std::max(low + 0.1, services::percentile(times, 0.99) / 1000.0);
    const double width = (high - low) / kResponseTimeBins;
    QList<qreal> counts(kResponseTimeBins, 0);
    for (const double ms : times) {
        const int bin = std::min(kResponseTimeBins - 1, int((ms / 1000.0 - low) / width));
        counts[std::max(0, bin)] += 1;
    }
    const double highest = counts.isEmpty() ? 1 : *std::max_element(counts.begin(), counts.end());
    fillBars(chart, tr("Answers"), counts, low, width, tr("Response time (s)"), tr("Answers"), highest, true,
        charts::seriesColour(0, charts::isDark(palette())));
}

void StudyResultsPage::showImageMeans()
{
    // Ranked from the best rated, as the images table is sorted by default.
    std::vector<const services::ImageResult*> ranked;
    for (const auto& row : images_->rows())
        if (std::isfinite(row.ratings.mean)) ranked.push_back(&row);
    std::sort(
        ranked.begin(), ranked.end(), [](const auto* a, const auto* b) { return a->ratings.mean > b->ratings.mean; });
    QList<qreal> means;
    for (const auto* row : ranked) means << row->ratings.mean;
    // Ranked as the images table: the table names the image at each rank.
    fillBars(imageMeansChart_->chart(), tr("Mean rating"), means, 0.5, 1.0, tr("Rank (best first)"), tr("Mean rating"),
        1.0, false, charts::seriesColour(2, charts::isDark(palette())));
}

void StudyResultsPage::showSelectedImage()
{
    QChart* chart = imageHistogramChart_->chart();
    const QModelIndex current = imagesView_->currentIndex();
    const QModelIndex source = imagesProxy_->mapToSource(current);
    if (!source.isValid() || source.row() >= int(images_->rows().size())) {
        clearChart(chart);
        chart->setTitle(tr("Ratings of the selected image"));
        return;
    }
    const services::ImageResult& image = images_->rows().at(std::size_t(source.row()));
    QList<qreal> counts;
    const int bins = int(image.ratings.histogram.size());
    int highest = 1;
    for (int b = 0; b < bins; ++b) {
        counts << image.ratings.histogram[std::size_t(b)];
        highest = std::max(highest, image.ratings.histogram[std::size_t(b)]);
    }
    chart->setTitle(tr("Ratings of image %1").arg(image.imageId));
    fillBars(chart, tr("Ratings"), counts, 0.0, 1.0 / std::max(1, bins), tr("Rating"), tr("Ratings"), highest, true,
        charts::seriesColour(1, charts::isDark(palette())));
}

void StudyResultsPage::styleChart(QChart* chart) const
{
    // Follow the palette so that the charts read in the light and the dark scheme.
    charts::applyTheme(chart, palette());
}

void StudyResultsPage::setBusy(bool busy)
{
    const bool haveResults = results_.has_value();
    exportTables_->setEnabled(!busy && haveResults);
    saveReport_->setEnabled(!busy && haveResults);
    refresh_->setEnabled(!busy);
}

bool StudyResultsPage::saveReport(const QString& pngFile)
{
    if (!results_) return false;
    try {
        services::refuseWorkspacePath(folder_.toStdString(), pngFile.toStdString(), "the report");
    } catch (const services::WorkspaceError&) {
        return false;  // the caller says the file cannot be written
    }
    const int width = 1400;
    const int margin = 24;
    const int chartHeight = 320;
    const QPalette& p = palette();
    const QColor text = p.color(QPalette::Text);
    const QColor grid = p.color(QPalette::Mid);

    // Tall enough for every row; cropped to what was painted.
    const QFontMetrics metrics(font());
    const int rowHeight = metrics.height() + 6;
    const int maxRows = 200;
    const int tableRows =
        std::min(participantsProxy_->rowCount(), maxRows) + std::min(imagesProxy_->rowCount(), maxRows);
    const int height = margin * 8 + chartHeight + rowHeight * (tableRows + 8) + 200;
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(p.color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setFont(font());

    int y = margin;
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 1.5);
    title.setBold(true);
    painter.setFont(title);
    painter.setPen(text);
    const QString heading = tr("Results of “%1”").arg(QString::fromStdString(results_->study.name));
    painter.drawText(QRect(margin, y, width - 2 * margin, QFontMetrics(title).height()), Qt::AlignLeft, heading);
    y += QFontMetrics(title).height() + margin / 2;
    painter.setFont(font());
    const QRect summaryRect =
        metrics.boundingRect(QRect(margin, y, width - 2 * margin, 1000), Qt::TextWordWrap, summaryText());
    painter.drawText(summaryRect, Qt::TextWordWrap, summaryText());
    y = summaryRect.bottom() + margin;

    const int chartWidth = (width - 2 * margin - 2 * (margin / 2)) / 3;
    int x = margin;
    for (QChartView* view : {responseTimesChart_, imageMeansChart_, imageHistogramChart_}) {
        const QSize old = view->size();
        view->resize(chartWidth, chartHeight);
        painter.drawPixmap(x, y, view->grab());
        view->resize(old);
        x += chartWidth + margin / 2;
    }
    y += chartHeight + margin;

    QFont section = font();
    section.setBold(true);
    for (const auto& [label, model] : {std::pair<QString, QAbstractItemModel*>{tr("Participants"), participantsProxy_},
             std::pair<QString, QAbstractItemModel*>{tr("Images"), imagesProxy_}}) {
        painter.setFont(section);
        painter.setPen(text);
        painter.drawText(QRect(margin, y, width - 2 * margin, rowHeight), Qt::AlignLeft | Qt::AlignVCenter, label);
        y += rowHeight;
        painter.setFont(font());
        y = paintTable(painter, *model, margin, y, width - 2 * margin, maxRows, text, grid);
        if (model->rowCount() > maxRows) {
            painter.setPen(text);
            painter.drawText(QRect(margin, y, width - 2 * margin, rowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                tr("… and %n more", nullptr, model->rowCount() - maxRows));
            y += rowHeight;
        }
        y += margin;
    }
    painter.end();
    return image.copy(0, 0, width, std::min(height, y)).save(pngFile, "PNG");
}

bool StudyResultsPage::exportTables(const QString& folder, QString* error)
{
    const auto fail = [error](const QString& message) {
        if (error) *error = message;
        return false;
    };
    if (!results_) return fail(tr("No study results are shown yet."));
    try {
        const std::filesystem::path dir = folder.toStdString();
        services::refuseWorkspacePath(folder_.toStdString(), dir, "the export folder", true);
        for (const char* name : {"participants.csv", "images.csv", "answers.csv", "answers.jsonl"})
            services::refuseWorkspacePath(folder_.toStdString(), dir / name, "the export folder");
        services::writeResultTables(*results_, dir);
        auto workspace = services::Workspace::open(folder_.toStdString());
        storage::ExportOptions options;
        options.study = results_->study.name;
        options.format = storage::ExportFormat::Csv;
        storage::exportAnswers(workspace.database(), options, dir / "answers.csv");
        options.format = storage::ExportFormat::JsonLines;
        storage::exportAnswers(workspace.database(), options, dir / "answers.jsonl");
    } catch (const std::exception& e) {
        return fail(tr("Cannot export to %1: %2").arg(QDir::toNativeSeparators(folder), QString::fromUtf8(e.what())));
    }
    return true;
}

void StudyResultsPage::exportWithDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export Tables To"), folder_);
    if (folder.isEmpty()) return;
    QString error;
    if (exportTables(folder, &error)) {
        status_->setText(tr("Wrote participants.csv, images.csv, answers.csv and answers.jsonl to %1.")
                             .arg(QDir::toNativeSeparators(folder)));
    } else {
        QMessageBox::warning(this, tr("Export Tables"), error);
    }
}

void StudyResultsPage::saveReportWithDialog()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Save Report"),
        QDir(folder_).filePath(QStringLiteral("exports/results.png")), tr("PNG images (*.png)"));
    if (file.isEmpty()) return;
    if (saveReport(file)) {
        status_->setText(tr("Saved the report to %1.").arg(QDir::toNativeSeparators(file)));
    } else {
        QMessageBox::warning(this, tr("Save Report"), tr("Cannot write %1.").arg(QDir::toNativeSeparators(file)));
    }
}

QAbstractItemModel* StudyResultsPage::participantsModel() const
{
    return participantsProxy_;
}

QAbstractItemModel* StudyResultsPage::imagesModel() const
{
    return imagesProxy_;
}

}  // namespace tastelab::widgets

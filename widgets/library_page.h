// The library: the main page of an open workspace. A thumbnail grid with filters and sorts (including the selected
// person's predicted score, computed off the GUI thread once a model exists), a detail pane, rating with the keys 1-5
// or the slider for the selected person, imports by drop, and the workspace's counts in a collapsible side panel.
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <memory>

class QLabel;
class QSplitter;
class QToolButton;

namespace tastelab::gui {
class BackgroundTask;
}
namespace tastelab::services {
class ArtistSession;
class Workspace;
struct WorkspaceSummary;
}  // namespace tastelab::services

namespace tastelab::widgets {

class LibraryDetailPane;
class LibraryView;
class WorkspacePage;

class LibraryPage : public QWidget {
    Q_OBJECT

public:
    // The five anchors the keys 1 to 5 give: strongly dislike, dislike, neutral, like, strongly like.
    static constexpr double kKeyAnchors[5] = {0.0, 0.25, 0.5, 0.75, 1.0};

    explicit LibraryPage(const QString& workspaceFolder, QWidget* parent = nullptr);
    ~LibraryPage() override;  // stops the scoring task and waits for it

    LibraryView* library() const { return library_; }
    LibraryDetailPane* detailPane() const { return detail_; }
    WorkspacePage* overview() const { return overview_; }

    // The counts of the side panel.
    void showSummary(const QString& folder, const services::WorkspaceSummary& summary);
    void setOverviewVisible(bool visible);
    bool overviewVisible() const;

    // The compute-device setting (Settings > Compute) predicted scores are computed on.
    void setDevice(const QString& device);
    // Re-reads images, people and ratings (after an import, a generation, a study), and the predictions when a newer
    // model exists.
    void reload();
    // Re-reads only the people and the ratings (after ratings on another page).
    void refreshRatings();

    // Selects one image (scrolled into view); false when the filters hide it or it does not exist.
    bool selectImage(qint64 imageId);
    // Stores `value` (0..1) as the selected person's rating of every selected image, in an artist-mode session; a
    // second rating of an image is a revision of the first. False (with statusText()) without a person or an image.
    bool rateSelected(double value);
    QString statusText() const;

    // Starts computing the selected person's predicted scores off the GUI thread, when a model exists.
    void updatePredictions();
    gui::BackgroundTask* scoringTask() const { return scoreTask_; }

Q_SIGNALS:
    void importRequested(const QStringList& paths);
    void sendToSteerRequested(const QString& prompt, qint64 seed, const QString& person);
    void rateTheseRequested(const QString& person, const QList<qint64>& imageIds);
    void rated(qint64 imageId, double value);
    // The scoring task ended: `scored` images have a predicted score (0 without a model), or `error`.
    void predictionsFinished(int scored, const QString& error);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    struct Predictor;
    void selectionChanged();
    void personChanged(qint64 personId);
    void sendSelectedToSteer();
    void rateSelectedInArtistMode();
    void scoringFinished(bool cancelled, const QString& error);
    std::int64_t newestCheckpointId() const;

    QString folder_;
    QString device_ = QStringLiteral("auto");
    std::unique_ptr<services::Workspace> workspace_;  // the GUI thread's connection: ratings and details
    std::unique_ptr<services::ArtistSession> session_;  // opened by the first rating of the selected person
    QSplitter* split_;
    WorkspacePage* overview_;
    LibraryView* library_;
    LibraryDetailPane* detail_;
    QToolButton* overviewToggle_;
    QLabel* status_;
    gui::BackgroundTask* scoreTask_;
    std::shared_ptr<Predictor> predictor_;  // used by one task at a time
    bool scorePending_ = false;  // the person changed while a task ran: score again when it ends
    std::int64_t scoredCheckpoint_ = -1;  // the checkpoint row the shown scores came from
    qint64 scoredPerson_ = 0;
    bool sized_ = false;  // the splitter's first sizes are set once the page knows its width
};

}  // namespace tastelab::widgets

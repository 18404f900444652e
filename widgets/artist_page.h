// Artist mode: one person rates their own images quickly with the study slider and keys, and sees them in a gallery
// sorted by their ratings. Each rating is stored the moment it is given.
#pragma once

#include <QAbstractListModel>
#include <QIcon>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QTabWidget;

namespace tastelab::gui {
class BackgroundTask;
}
namespace tastelab::services {
class ArtistSession;
class Workspace;
}  // namespace tastelab::services

namespace tastelab::widgets {

class ImagePrefetcher;
class SliderRatingScreen;
struct SliderAnswer;

// The artist's rated images, best first: thumbnail, rating, prompt.
class ArtistGalleryModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role { ImageIdRole = Qt::UserRole + 1, RatingRole, PromptRole, FilePathRole };
    struct Entry {
        qint64 imageId = 0;
        double rating = 0;
        QString prompt;
        QString path;
        QIcon icon;
    };

    explicit ArtistGalleryModel(QObject* parent = nullptr);
    void setEntries(std::vector<Entry> entries);
    const Entry* find(qint64 imageId) const;  // nullptr when the image is not in the gallery
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    std::vector<Entry> entries_;
};

class ArtistPage : public QWidget {
    Q_OBJECT

public:
    explicit ArtistPage(const QString& workspaceFolder, QWidget* parent = nullptr);
    ~ArtistPage() override;

    // The compute-device setting (Settings > Compute) the predicted score is computed on.
    void setDevice(const QString& device);
    const QString& device() const { return device_; }

    // Adds an artist by name (what "New artist…" asks for). False with a message in statusText() for an empty name
    // or one a person already has: a person is created on purpose only, never by a typo in the artist list.
    bool createArtist(const QString& name);
    QComboBox* artistBox() const { return artistBox_; }
    // Opens a session for an existing artist and shows their first unrated image. False with a message in
    // statusText() when that is impossible (an unknown name among them).
    bool startRating(const QString& artist);
    // Takes the last rating of this sitting back: its image is shown again, and the next answer is stored as a
    // revision of the earlier row (nothing is deleted). Backspace and Ctrl+Z. False when nothing is left to take back.
    bool takeBackLastRating();
    // Shows a rated image of the gallery again (double-click or Enter on it): the slider starts at its rating, and
    // the answer is stored as a revision of it; then rating goes on where it was. False when it is not in the gallery.
    bool rateAgain(qint64 imageId);
    int remaining() const { return static_cast<int>(queue_.size()) - next_; }
    QString statusText() const;
    SliderRatingScreen* screen() const { return screen_; }
    ArtistGalleryModel* gallery() const { return gallery_; }
    void showGallery();
    // The personal model's prediction for the image on screen, when the workspace has a trained reward model.
    QString predictionText() const;
    // Whether the prediction is shown: hidden, it cannot anchor the rating (and is not computed).
    bool showPrediction() const;
    void setShowPrediction(bool show);

Q_SIGNALS:
    void rated(qint64 imageId, double value);
    // After each answer the artist's representation is refitted to all their answers (off the GUI thread) and the
    // image on screen scored with it; `seconds` is how long that took. Not emitted without a trained model.
    void predictionUpdated(qint64 imageId, double predicted, double seconds);
    void showPredictionChanged(bool show);

private:
    void showNext();
    void askForNewArtist();
    std::int64_t newestCheckpointId() const;
    void submitted(const SliderAnswer& answer);
    void refreshGallery();
    void reloadArtists();
    void updatePrediction();
    struct Predictor;

    QString folder_;
    QString device_ = QStringLiteral("auto");
    std::unique_ptr<services::Workspace> workspace_;
    std::unique_ptr<services::ArtistSession> session_;
    std::vector<std::pair<qint64, QString>> queue_;  // image id, path
    std::vector<QString> prompts_;
    std::vector<double> given_;  // per queue entry: the rating given in this sitting, -1 while unrated
    int next_ = 0;
    quint64 token_ = 1;

    QComboBox* artistBox_;
    QComboBox* generatorBox_;
    QLabel* status_;
    QTabWidget* tabs_;
    ImagePrefetcher* prefetcher_;
    SliderRatingScreen* screen_;
    ArtistGalleryModel* gallery_;
    QListView* galleryView_;
    QCheckBox* showPrediction_;
    QLabel* prediction_;
    gui::BackgroundTask* predictTask_;
    std::shared_ptr<Predictor> predictor_;  // used by one task at a time
    bool predictionPending_ = false;
    // The newest checkpoint row when the model was last found missing: a newer one makes the predictor try again.
    std::int64_t missingModelCheckpoint_ = 0;
};

}  // namespace tastelab::widgets

// Artist mode: one person rates their own images quickly with the study slider and keys, and sees them in a gallery
// sorted by their ratings. Each rating is stored the moment it is given.
#pragma once

#include <QAbstractListModel>
#include <QIcon>
#include <QWidget>

#include <memory>
#include <vector>

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

    // Opens a session for the artist (created when new) and shows their first unrated image. False with a message
    // in statusText() when that is impossible.
    bool startRating(const QString& artist);
    int remaining() const { return static_cast<int>(queue_.size()) - next_; }
    QString statusText() const;
    SliderRatingScreen* screen() const { return screen_; }
    ArtistGalleryModel* gallery() const { return gallery_; }
    void showGallery();
    // The personal model's prediction for the image on screen, when the workspace has a trained reward model.
    QString predictionText() const;

Q_SIGNALS:
    void rated(qint64 imageId, double value);
    // After each answer the artist's representation is refitted to all their answers (off the GUI thread) and the
    // image on screen scored with it; `seconds` is how long that took. Not emitted without a trained model.
    void predictionUpdated(qint64 imageId, double predicted, double seconds);

private:
    void showNext();
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
    QLabel* prediction_;
    gui::BackgroundTask* predictTask_;
    std::shared_ptr<Predictor> predictor_;  // used by one task at a time
    bool predictionPending_ = false;
};

}  // namespace tastelab::widgets

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
class QDoubleSpinBox;
class QLabel;
class QListView;
class QTabWidget;

namespace tastelab::gui {
class BackgroundTask;
}
namespace tastelab::services {
class ArtistSession;
class PersonTasteModel;
class Workspace;
}  // namespace tastelab::services

namespace tastelab::widgets {

class ImagePrefetcher;
class SliderRatingScreen;
struct SliderAnswer;

// The artist's images as the gallery's sort and filters arrange them: thumbnail, own rating, predicted score, prompt.
class ArtistGalleryModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role { ImageIdRole = Qt::UserRole + 1, RatingRole, PromptRole, FilePathRole, PredictedRole };
    struct Entry {
        qint64 imageId = 0;
        double rating = -1;  // -1: not rated yet
        double predicted = -1;  // the taste model's score, -1 while there is none
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

    // The compute-device setting (Settings > Compute) the taste models encode images without a cached vector on.
    void setDevice(const QString& device);
    const QString& device() const { return device_; }

    // Adds an artist by name (what "New artist…" asks for). False with a message in statusText() for an empty name
    // or one a person already has: a person is created on purpose only, never by a typo in the artist list.
    bool createArtist(const QString& name);
    QComboBox* artistBox() const { return artistBox_; }
    // Opens a session for an existing artist and shows their first unrated image. False with a message in
    // statusText() when that is impossible (an unknown name among them). With `imageIds` (the library's "Rate
    // These"), exactly those images are shown, in that order; one the person rated already starts at their rating
    // and is stored as a revision.
    bool startRating(const QString& artist, const QList<qint64>& imageIds = {});
    // Takes the last rating of this sitting back (Backspace, Ctrl+Z): a retraction row revises it, so it stops
    // counting and nothing is deleted; its image is shown again with the slider at the value taken back, and rating
    // it again stores a revision of the retraction. False when nothing is left to take back.
    bool takeBackLastRating();
    // Shows a rated image of the gallery again (double-click or Enter on it): the slider starts at its rating, and
    // the answer is stored as a revision of it; then rating goes on where it was. False when it is not in the gallery.
    bool rateAgain(qint64 imageId);
    int remaining() const { return static_cast<int>(queue_.size()) - next_; }
    QString statusText() const;
    SliderRatingScreen* screen() const { return screen_; }
    ArtistGalleryModel* gallery() const { return gallery_; }
    void showGallery();
    // How the next image is chosen (Informative, Random, library order): the box's data is the strategy's name,
    // stored with each answer. Informative and Random build the artist's taste model off the GUI thread first;
    // until it is ready, images come in library order (and are stored so).
    QComboBox* strategyBox() const { return strategyBox_; }
    // True once the taste model is in use (questions picked by it, predictions in the gallery).
    bool tasteModelReady() const;
    // The gallery's arrangement: sort by own rating or by predicted score, include unrated images, minimums.
    QComboBox* gallerySortBox() const { return gallerySort_; }
    QCheckBox* galleryUnratedBox() const { return galleryUnrated_; }
    QDoubleSpinBox* galleryMinRatingBox() const { return galleryMinRating_; }
    QDoubleSpinBox* galleryMinPredictedBox() const { return galleryMinPredicted_; }
    // The artist's taste model's prediction for the image on screen (PersonTasteModel, refitted to every answer off
    // the GUI thread): shown as soon as the artist has answers or other people's answers give it a prior, with no
    // trained reward model needed.
    QString predictionText() const;
    // Whether the prediction is shown: hidden, it cannot anchor the rating (and is not computed).
    bool showPrediction() const;
    void setShowPrediction(bool show);

Q_SIGNALS:
    void rated(qint64 imageId, double value);
    // The taste model is built (or could not be: `error`), and questions follow the strategy from now on.
    void tasteModelFinished(const QString& error);
    // After each answer the artist's taste model is refitted to all their answers (off the GUI thread) and the image
    // on screen scored with it; `seconds` is how long that update took. Not emitted while the model knows nothing
    // (no answers and no one else to learn a prior from).
    void predictionUpdated(qint64 imageId, double predicted, double seconds);
    void showPredictionChanged(bool show);

private:
    void showNext();
    void askForNewArtist();
    void submitted(const SliderAnswer& answer);
    void refreshGallery();
    void reloadArtists();
    void updatePrediction();
    void applyStrategy();
    void startTasteModel();
    // Moves the image the strategy asks next to `position` of the queue (what is left to rate, or after the image on
    // screen).
    void pickNextByStrategy(int position);
    struct Predictor;
    struct TasteBuild;

    QString folder_;
    QString device_ = QStringLiteral("auto");
    std::unique_ptr<services::Workspace> workspace_;
    std::unique_ptr<services::ArtistSession> session_;
    std::vector<std::pair<qint64, QString>> queue_;  // image id, path
    std::vector<QString> prompts_;
    std::vector<double> given_;  // per queue entry: the rating given in this sitting, -1 while unrated
    std::vector<QString> chosenBy_;  // per queue entry: how it was picked (stored with the answer)
    int next_ = 0;
    quint64 token_ = 1;

    QComboBox* artistBox_;
    QComboBox* generatorBox_;
    QComboBox* strategyBox_;
    QComboBox* gallerySort_;
    QCheckBox* galleryUnrated_;
    QDoubleSpinBox* galleryMinRating_;
    QDoubleSpinBox* galleryMinPredicted_;
    gui::BackgroundTask* tasteTask_;
    std::shared_ptr<TasteBuild> tasteBuild_;
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
};

}  // namespace tastelab::widgets

// The library's detail pane: the selected image large, its prompt, seed, generator and stored parameters, every
// rating of it (who, what, when, where; replaced ones marked), and the slider that rates it for the chosen person.
#pragma once

#include <QImage>
#include <QList>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTreeWidget;

namespace tastelab::storage {
class Database;
}

namespace tastelab::widgets {

class ImageCanvas;
class RatingSlider;

class LibraryDetailPane : public QWidget {
    Q_OBJECT

public:
    // One stored rating of the image shown.
    struct RatingRow {
        qint64 id = 0;
        QString person;
        double value = 0;
        QString answeredAt;  // UTC ISO 8601
        QString where;  // study name, "artist mode", "imported", ...
        bool replaced = false;  // a later row revises it
        bool isCatch = false;
    };

    explicit LibraryDetailPane(QWidget* parent = nullptr);

    // Shows the image with this id, read from `db` (the GUI thread's connection); throws what the database throws.
    void showImage(storage::Database& db, const QString& filePath, qint64 imageId);
    // Several images selected: their count and the actions for all of them. Zero: nothing selected.
    void showSelection(int count);
    // Who rates with the slider; empty: nobody chosen, rating disabled with a hint.
    void setRater(const QString& person);
    // The slider starts at this value (the rater's current rating of the image, or the middle).
    void resetSlider(double value);

    qint64 imageId() const { return imageId_; }
    const QList<RatingRow>& ratings() const { return ratings_; }
    QTreeWidget* ratingsView() const { return ratingsView_; }
    RatingSlider* slider() const { return slider_; }
    QPushButton* rateButton() const { return rate_; }
    QString promptText() const;
    QString parametersText() const;

    // Every rating of an image, oldest first (a pure query, for tests too).
    static QList<RatingRow> ratingsOf(storage::Database& db, qint64 imageId);

Q_SIGNALS:
    void rateRequested(double value);
    void sendToSteerRequested();
    void rateTheseRequested();

private:
    void updateRateButton();

    qint64 imageId_ = 0;
    QString rater_;
    QList<RatingRow> ratings_;
    QStackedWidget* stack_;
    QLabel* nothing_;
    ImageCanvas* canvas_;
    QLabel* prompt_;
    QLabel* facts_;
    QTabWidget* tabs_;
    QTreeWidget* ratingsView_;
    QPlainTextEdit* parameters_;
    QLabel* raterLabel_;
    RatingSlider* slider_;
    QPushButton* rate_;
    QPushButton* steer_;
    QLabel* selection_;
    QPushButton* rateThese_;
    quint64 token_ = 1;
};

}  // namespace tastelab::widgets

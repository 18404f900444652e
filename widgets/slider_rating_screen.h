// SliderRatingScreen: one stimulus of a slider study: the image, its prompt, an optional instruction
// (catch items), the rating slider and Submit. It presents and reports; the study runner stores answers.
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QWidget>

class QKeyEvent;
class QLabel;
class QPushButton;

namespace tastelab::widgets {

class ImageCanvas;
class ImagePrefetcher;
class RatingSlider;

struct SliderStimulus {
    quint64 token = 0;
    QString imagePath;
    QString prompt;
    QString instruction;  // shown above the slider when not empty
    double startPosition = 0.5;  // chosen (randomized) by the caller
    QStringList anchorLabels;  // empty: the slider's defaults; otherwise exactly five
    bool requireMovement = true;  // Submit disabled until the slider moved
    bool allowBack = false;
};

struct SliderAnswer {
    quint64 token = 0;
    double value = 0;
    double startPosition = 0;
    bool moved = false;
    qint64 responseMs = 0;  // from the image's first paint to the submit; 0 when submitted before any paint
    QDateTime shownAt;  // UTC, at first paint; null when submitted before any paint
};

class SliderRatingScreen : public QWidget {
    Q_OBJECT

public:
    explicit SliderRatingScreen(ImagePrefetcher* prefetcher, QWidget* parent = nullptr);  // not owned

    // Shows the stimulus with its image from prefetcher->image(path). Throws std::invalid_argument when
    // anchorLabels is neither empty nor five labels.
    void showStimulus(const SliderStimulus& stimulus);
    bool canSubmit() const;
    // Submits the current value when canSubmit(); returns whether it did.
    bool submit();

    RatingSlider* slider() const { return slider_; }
    ImageCanvas* canvas() const { return canvas_; }
    QPushButton* submitButton() const { return submit_; }
    QPushButton* backButton() const { return back_; }

Q_SIGNALS:
    void submitted(const tastelab::widgets::SliderAnswer& answer);  // at most once per stimulus
    void backRequested();
    void stimulusPainted(quint64 token);
    // The stimulus's image could not be read; the screen shows the message instead of the image.
    void imageFailed(quint64 token, const QString& message);

private:
    // The screen's keys, whichever child has focus; returns whether the key was one of them.
    bool handleKey(const QKeyEvent* event);
    static bool isScreenKey(const QKeyEvent* event);
    void startClock();
    void updateSubmitButton();

    ImagePrefetcher* prefetcher_;
    ImageCanvas* canvas_;
    QLabel* prompt_;
    QLabel* instruction_;
    RatingSlider* slider_;
    QPushButton* back_;
    QPushButton* submit_;
    SliderStimulus stimulus_;
    bool hasStimulus_ = false;
    bool submitted_ = false;
    QElapsedTimer clock_;  // started at stimulus onset
    QDateTime shownAt_;
};

}  // namespace tastelab::widgets

Q_DECLARE_METATYPE(tastelab::widgets::SliderAnswer)

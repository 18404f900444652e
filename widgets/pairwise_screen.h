// PairwiseScreen: one pairwise trial: two images side by side (sides as the caller counterbalanced them),
// their prompts, the question and the answers Left, Right, Tie and a separate "Can't decide".
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QMetaType>
#include <QString>
#include <QWidget>

class QKeyEvent;
class QLabel;
class QPushButton;

namespace tastelab::widgets {

class ImageCanvas;
class ImagePrefetcher;

// CantDecide is not a tie: a tie says both are equally good, "can't decide" says the person has no answer.
enum class PairAnswerChoice { Left, Right, Tie, CantDecide };

struct PairStimulus {
    quint64 token = 0;
    QString leftPath, rightPath;
    QString leftPrompt, rightPrompt;  // the same prompt twice is shown once, centred
    QString question;  // empty: tr("Which image do you prefer?")
    bool allowBack = false;
};

struct PairAnswer {
    quint64 token = 0;
    PairAnswerChoice choice = PairAnswerChoice::Left;
    qint64 responseMs = 0;  // from the moment both images had been painted; 0 when answered before that
    QDateTime shownAt;  // UTC; null when answered before both images were painted
};

class PairwiseScreen : public QWidget {
    Q_OBJECT

public:
    explicit PairwiseScreen(ImagePrefetcher* prefetcher, QWidget* parent = nullptr);  // not owned

    void showStimulus(const PairStimulus& stimulus);
    // Answers the current stimulus unless it was answered already; returns whether it did.
    bool answer(PairAnswerChoice choice);

    ImageCanvas* leftCanvas() const { return left_; }
    ImageCanvas* rightCanvas() const { return right_; }
    QString questionText() const;
    QPushButton* choiceButton(PairAnswerChoice choice) const;
    QPushButton* backButton() const { return back_; }

Q_SIGNALS:
    void answered(const tastelab::widgets::PairAnswer& answer);  // at most once per stimulus
    void backRequested();
    void stimulusPainted(quint64 token);
    // One of the images could not be read; its side shows the message instead.
    void imageFailed(quint64 token, const QString& message);

private:
    bool handleKey(const QKeyEvent* event);
    static bool isScreenKey(const QKeyEvent* event);
    // Shows path on canvas; returns false (and shows why) when it cannot be read.
    bool showImage(ImageCanvas* canvas, const QString& path);
    void sidePainted(bool left);

    ImagePrefetcher* prefetcher_;
    QLabel* question_;
    ImageCanvas* left_;
    ImageCanvas* right_;
    QLabel* leftPrompt_;
    QLabel* rightPrompt_;
    QLabel* sharedPrompt_;
    QPushButton* back_;
    QPushButton* leftButton_;
    QPushButton* rightButton_;
    QPushButton* tieButton_;
    QPushButton* cantDecideButton_;
    PairStimulus stimulus_;
    bool hasStimulus_ = false;
    bool answered_ = false;
    bool leftPainted_ = false;
    bool rightPainted_ = false;
    QElapsedTimer clock_;  // started once both images are on screen
    QDateTime shownAt_;
};

}  // namespace tastelab::widgets

Q_DECLARE_METATYPE(tastelab::widgets::PairAnswer)

// PairwiseScreen: the response clock waits for both images, since the person cannot compare before the
// second one is on screen; keys work whichever child has focus, as on the slider screen.
#include "widgets/pairwise_screen.h"

#include "widgets/screen_keys.h"

#include "widgets/image_canvas.h"
#include "widgets/image_prefetcher.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tastelab::widgets {

namespace {

QLabel* makePromptLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);  // prompts are data, never markup
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    return label;
}

}  // namespace

PairwiseScreen::PairwiseScreen(ImagePrefetcher* prefetcher, QWidget* parent)
    : QWidget(parent)
    , prefetcher_(prefetcher)
{
    setFocusPolicy(Qt::StrongFocus);
    question_ = new QLabel(tr("Which image do you prefer?"), this);
    question_->setTextFormat(Qt::PlainText);
    question_->setWordWrap(true);
    question_->setAlignment(Qt::AlignCenter);
    QFont larger = question_->font();
    larger.setBold(true);
    larger.setPointSizeF(larger.pointSizeF() * 1.2);
    question_->setFont(larger);
    left_ = new ImageCanvas(this);
    right_ = new ImageCanvas(this);
    // Each image sits on its prompt.
    left_->setAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    right_->setAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    leftPrompt_ = makePromptLabel(this);
    leftPrompt_->setObjectName(QStringLiteral("leftPrompt"));
    rightPrompt_ = makePromptLabel(this);
    rightPrompt_->setObjectName(QStringLiteral("rightPrompt"));
    sharedPrompt_ = makePromptLabel(this);
    sharedPrompt_->setObjectName(QStringLiteral("sharedPrompt"));
    sharedPrompt_->hide();

    back_ = new QPushButton(tr("Back"), this);
    back_->setToolTip(tr("Back to the previous item (Backspace)"));
    back_->hide();
    leftButton_ = new QPushButton(tr("1 Left"), this);
    rightButton_ = new QPushButton(tr("2 Right"), this);
    tieButton_ = new QPushButton(tr("T Tie"), this);
    tieButton_->setToolTip(tr("Both images are equally good"));
    cantDecideButton_ = new QPushButton(tr("C Can't decide"), this);
    cantDecideButton_->setToolTip(tr("You have no answer for this pair"));

    connect(leftButton_, &QPushButton::clicked, this, [this] { answer(PairAnswerChoice::Left); });
    connect(rightButton_, &QPushButton::clicked, this, [this] { answer(PairAnswerChoice::Right); });
    connect(tieButton_, &QPushButton::clicked, this, [this] { answer(PairAnswerChoice::Tie); });
    connect(cantDecideButton_, &QPushButton::clicked, this, [this] { answer(PairAnswerChoice::CantDecide); });
    connect(back_, &QPushButton::clicked, this, [this] {
        if (hasStimulus_ && stimulus_.allowBack && !answered_) Q_EMIT backRequested();
    });
    connect(left_, &ImageCanvas::firstPainted, this, [this](quint64 token) {
        if (hasStimulus_ && token == stimulus_.token) sidePainted(true);
    });
    connect(right_, &ImageCanvas::firstPainted, this, [this](quint64 token) {
        if (hasStimulus_ && token == stimulus_.token) sidePainted(false);
    });

    auto* images = new QGridLayout;
    images->addWidget(left_, 0, 0);
    images->addWidget(right_, 0, 1);
    images->addWidget(leftPrompt_, 1, 0);
    images->addWidget(rightPrompt_, 1, 1);
    images->addWidget(sharedPrompt_, 2, 0, 1, 2);
    images->setRowStretch(0, 1);
    images->setColumnStretch(0, 1);
    images->setColumnStretch(1, 1);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(back_);
    buttons->addStretch();
    buttons->addWidget(leftButton_);
    buttons->addWidget(tieButton_);
    buttons->addWidget(rightButton_);
    buttons->addSpacing(6 * fontMetrics().averageCharWidth());  // keeps "can't decide" apart from a tie
    buttons->addWidget(cantDecideButton_);
    buttons->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(question_);
    layout->addLayout(images, 1);
    layout->addLayout(buttons);

    new ScreenKeyRouter(
        this, [](const QKeyEvent* key) { return isScreenKey(key); },
        [this](const QKeyEvent* key) { return handleKey(key); });
}

QString PairwiseScreen::questionText() const
{
    return question_->text();
}

QPushButton* PairwiseScreen::choiceButton(PairAnswerChoice choice) const
{
    switch (choice) {
    case PairAnswerChoice::Left:
        return leftButton_;
    case PairAnswerChoice::Right:
        return rightButton_;
    case PairAnswerChoice::Tie:
        return tieButton_;
    case PairAnswerChoice::CantDecide:
        return cantDecideButton_;
    }
    return nullptr;
}

void PairwiseScreen::showStimulus(const PairStimulus& stimulus)
{
    stimulus_ = stimulus;
    hasStimulus_ = true;
    answered_ = false;
    leftPainted_ = false;
    rightPainted_ = false;
    clock_.invalidate();
    shownAt_ = QDateTime();
    question_->setText(stimulus.question.isEmpty() ? tr("Which image do you prefer?") : stimulus.question);
    const bool samePrompt = stimulus.leftPrompt == stimulus.rightPrompt;
    leftPrompt_->setText(stimulus.leftPrompt);
    rightPrompt_->setText(stimulus.rightPrompt);
    sharedPrompt_->setText(stimulus.leftPrompt);
    leftPrompt_->setVisible(!samePrompt);
    rightPrompt_->setVisible(!samePrompt);
    sharedPrompt_->setVisible(samePrompt && !stimulus.leftPrompt.isEmpty());
    back_->setVisible(stimulus.allowBack);
    for (QPushButton* button : {leftButton_, rightButton_, tieButton_, cantDecideButton_}) button->setEnabled(true);
    setFocus(Qt::OtherFocusReason);

    // A side without an image shows why; its message counts as painted so the clock still starts.
    if (!showImage(left_, stimulus.leftPath)) sidePainted(true);
    if (!showImage(right_, stimulus.rightPath)) sidePainted(false);
}

bool PairwiseScreen::showImage(ImageCanvas* canvas, const QString& path)
{
    QString error;
    QImage image;
    if (prefetcher_) {
        image = prefetcher_->image(path);
        if (image.isNull()) error = prefetcher_->errorString(path);
    } else {
        image = ImagePrefetcher::readImage(path, &error);
    }
    if (!image.isNull()) {
        canvas->setPlaceholderText(QString());
        canvas->setImage(image, stimulus_.token);
        return true;
    }
    if (error.isEmpty()) error = tr("The image '%1' cannot be shown.").arg(path);
    canvas->clear();
    canvas->setPlaceholderText(error);
    Q_EMIT imageFailed(stimulus_.token, error);
    return false;
}

void PairwiseScreen::sidePainted(bool left)
{
    (left ? leftPainted_ : rightPainted_) = true;
    if (!leftPainted_ || !rightPainted_ || clock_.isValid()) return;
    clock_.start();
    shownAt_ = QDateTime::currentDateTimeUtc();
    Q_EMIT stimulusPainted(stimulus_.token);
}

bool PairwiseScreen::answer(PairAnswerChoice choice)
{
    if (!hasStimulus_ || answered_) return false;
    PairAnswer result;
    result.token = stimulus_.token;
    result.choice = choice;
    result.responseMs = clock_.isValid() ? clock_.elapsed() : 0;
    result.shownAt = shownAt_;
    // State first: a receiver may show the next stimulus before the emit returns.
    answered_ = true;
    for (QPushButton* button : {leftButton_, rightButton_, tieButton_, cantDecideButton_}) button->setEnabled(false);
    Q_EMIT answered(result);
    return true;
}

bool PairwiseScreen::isScreenKey(const QKeyEvent* event)
{
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return false;
    switch (event->key()) {
    case Qt::Key_1:
    case Qt::Key_2:
    case Qt::Key_T:
    case Qt::Key_C:
    case Qt::Key_Backspace:
        return true;
    default:
        return false;
    }
}

bool PairwiseScreen::handleKey(const QKeyEvent* event)
{
    if (!isScreenKey(event)) return false;
    if (!hasStimulus_ || answered_) return true;
    switch (event->key()) {
    case Qt::Key_1:
        answer(PairAnswerChoice::Left);
        break;
    case Qt::Key_2:
        answer(PairAnswerChoice::Right);
        break;
    case Qt::Key_T:
        answer(PairAnswerChoice::Tie);
        break;
    case Qt::Key_C:
        answer(PairAnswerChoice::CantDecide);
        break;
    case Qt::Key_Backspace:
        if (stimulus_.allowBack) Q_EMIT backRequested();
        break;
    default:
        break;
    }
    return true;
}

}  // namespace tastelab::widgets

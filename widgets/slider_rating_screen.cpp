// SliderRatingScreen: the screen's keys work whichever child has focus (an event filter on the children
// takes them before a focused button can), and the response clock starts at the image's first paint.
#include "widgets/slider_rating_screen.h"

#include "widgets/screen_keys.h"

#include "widgets/image_canvas.h"
#include "widgets/image_prefetcher.h"
#include "widgets/rating_slider.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tastelab::widgets {

SliderRatingScreen::SliderRatingScreen(ImagePrefetcher* prefetcher, QWidget* parent)
    : QWidget(parent)
    , prefetcher_(prefetcher)
{
    setFocusPolicy(Qt::StrongFocus);
    canvas_ = new ImageCanvas(this);
    canvas_->setAlignment(Qt::AlignHCenter | Qt::AlignBottom);  // the image sits on its prompt
    prompt_ = new QLabel(this);
    prompt_->setObjectName(QStringLiteral("promptLabel"));
    prompt_->setTextFormat(Qt::PlainText);  // prompts are data, never markup
    prompt_->setWordWrap(true);
    prompt_->setAlignment(Qt::AlignCenter);
    instruction_ = new QLabel(this);
    instruction_->setTextFormat(Qt::PlainText);
    instruction_->setWordWrap(true);
    instruction_->setAlignment(Qt::AlignCenter);
    QFont bold = instruction_->font();
    bold.setBold(true);
    instruction_->setFont(bold);
    instruction_->hide();
    slider_ = new RatingSlider(this);
    back_ = new QPushButton(tr("Back"), this);
    back_->setToolTip(tr("Back to the previous item (Backspace)"));
    back_->hide();
    submit_ = new QPushButton(tr("Submit"), this);
    submit_->setToolTip(tr("Submit this rating (Enter)"));
    auto* keys =
        new QLabel(tr("Left/Right arrows adjust (with Shift: finely), 1-5 jump to a label, Enter submits."), this);
    keys->setWordWrap(true);
    QPalette dim = keys->palette();
    dim.setColor(QPalette::WindowText, dim.color(QPalette::PlaceholderText));
    keys->setPalette(dim);

    connect(submit_, &QPushButton::clicked, this, &SliderRatingScreen::submit);
    connect(back_, &QPushButton::clicked, this, [this] {
        if (hasStimulus_ && stimulus_.allowBack && !submitted_) Q_EMIT backRequested();
    });
    connect(slider_, &RatingSlider::movedChanged, this, &SliderRatingScreen::updateSubmitButton);
    connect(canvas_, &ImageCanvas::firstPainted, this, [this](quint64 token) {
        if (hasStimulus_ && token == stimulus_.token && !clock_.isValid()) startClock();
    });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(back_);
    buttons->addWidget(keys, 1);
    buttons->addWidget(submit_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(canvas_, 1);
    layout->addWidget(prompt_);
    layout->addSpacing(8);
    layout->addWidget(instruction_);
    layout->addWidget(slider_);
    layout->addLayout(buttons);

    new ScreenKeyRouter(
        this, [](const QKeyEvent* key) { return isScreenKey(key); },
        [this](const QKeyEvent* key) { return handleKey(key); });
    updateSubmitButton();
}

void SliderRatingScreen::showStimulus(const SliderStimulus& stimulus)
{
    // First, so that invalid labels leave the previous stimulus untouched.
    slider_->setAnchorLabels(
        stimulus.anchorLabels.isEmpty() ? RatingSlider::defaultAnchorLabels() : stimulus.anchorLabels);
    stimulus_ = stimulus;
    hasStimulus_ = true;
    submitted_ = false;
    clock_.invalidate();
    shownAt_ = QDateTime();
    prompt_->setText(stimulus.prompt);
    prompt_->setVisible(!stimulus.prompt.isEmpty());
    instruction_->setText(stimulus.instruction);
    instruction_->setVisible(!stimulus.instruction.isEmpty());
    slider_->reset(stimulus.startPosition);
    back_->setVisible(stimulus.allowBack);
    updateSubmitButton();

    QString error;
    QImage image;
    if (prefetcher_) {
        image = prefetcher_->image(stimulus.imagePath);
        if (image.isNull()) error = prefetcher_->errorString(stimulus.imagePath);
    } else {
        image = ImagePrefetcher::readImage(stimulus.imagePath, &error);
    }
    slider_->setFocus(Qt::OtherFocusReason);
    if (!image.isNull()) {
        canvas_->setPlaceholderText(QString());
        canvas_->setImage(image, stimulus.token);
        return;
    }
    // Without an image there is no first paint: the message is the stimulus, timed from now.
    if (error.isEmpty()) error = tr("The image '%1' cannot be shown.").arg(stimulus.imagePath);
    canvas_->clear();
    canvas_->setPlaceholderText(error);
    startClock();
    Q_EMIT imageFailed(stimulus.token, error);
}

bool SliderRatingScreen::canSubmit() const
{
    return hasStimulus_ && !submitted_ && (!stimulus_.requireMovement || slider_->moved());
}

bool SliderRatingScreen::submit()
{
    if (!canSubmit()) return false;
    SliderAnswer answer;
    answer.token = stimulus_.token;
    answer.value = slider_->value();
    answer.startPosition = slider_->startPosition();
    answer.moved = slider_->moved();
    answer.responseMs = clock_.isValid() ? clock_.elapsed() : 0;
    answer.shownAt = shownAt_;
    // State first: a receiver may show the next stimulus before the emit returns.
    submitted_ = true;
    updateSubmitButton();
    Q_EMIT submitted(answer);
    return true;
}

void SliderRatingScreen::startClock()
{
    clock_.start();
    shownAt_ = QDateTime::currentDateTimeUtc();
    Q_EMIT stimulusPainted(stimulus_.token);
}

void SliderRatingScreen::updateSubmitButton()
{
    submit_->setEnabled(canSubmit());
}

bool SliderRatingScreen::isScreenKey(const QKeyEvent* event)
{
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return false;
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Home:
    case Qt::Key_End:
    case Qt::Key_1:
    case Qt::Key_2:
    case Qt::Key_3:
    case Qt::Key_4:
    case Qt::Key_5:
    case Qt::Key_Enter:
    case Qt::Key_Return:
    case Qt::Key_Backspace:
        return true;
    default:
        return false;
    }
}

bool SliderRatingScreen::handleKey(const QKeyEvent* event)
{
    if (!isScreenKey(event)) return false;
    // An answered stimulus takes no more input until the next one is shown.
    if (!hasStimulus_ || submitted_) return true;
    const double step = event->modifiers().testFlag(Qt::ShiftModifier) ? RatingSlider::kFineStep : RatingSlider::kStep;
    switch (event->key()) {
    case Qt::Key_Left:
        slider_->nudge(-step);
        break;
    case Qt::Key_Right:
        slider_->nudge(step);
        break;
    case Qt::Key_Home:
        slider_->jumpToAnchor(0);
        break;
    case Qt::Key_End:
        slider_->jumpToAnchor(RatingSlider::kAnchorCount - 1);
        break;
    case Qt::Key_Enter:
    case Qt::Key_Return:
        submit();
        break;
    case Qt::Key_Backspace:
        if (stimulus_.allowBack) Q_EMIT backRequested();
        break;
    default:
        slider_->jumpToAnchor(event->key() - Qt::Key_1);
        break;
    }
    return true;
}

}  // namespace tastelab::widgets

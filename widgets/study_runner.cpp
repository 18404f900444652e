// The participant flow of a study, page by page; answers go straight to the database through StudySession.
#include "widgets/study_runner.h"

#include "app/services/study_plan.h"
#include "app/services/study_session.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "widgets/image_canvas.h"
#include "widgets/image_prefetcher.h"
#include "widgets/kiosk_guard.h"
#include "widgets/pairwise_screen.h"
#include "widgets/slider_rating_screen.h"

#include <algorithm>

#include <QCheckBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tastelab::widgets {

namespace {

// Qt's readers first; the workspace's own decoders (stb, with size limits) for what Qt cannot read, such as WebP
// without the image-formats plugin.
QImage loadStimulus(const QString& path, QString* error)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    QImage image = reader.read();
    if (!image.isNull()) return image;
    try {
        const auto rgb = model::decodeImageFile(path.toStdString());
        QImage decoded(rgb.pixels.data(), rgb.width, rgb.height, rgb.width * 3, QImage::Format_RGB888);
        return decoded.copy();
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return {};
    }
}

QLabel* wrappedLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

QFont scaledFont(const QFont& base, double factor, bool bold = false)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

QString utcIso(const QDateTime& when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODateWithMs) : QString();
}

}  // namespace

StudyRunner::StudyRunner(const Options& options, QWidget* parent)
    : QWidget(parent)
    , options_(options)
    , pages_(new QStackedWidget(this))
{
    setFocusPolicy(Qt::StrongFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pages_);

    // Consent
    consentPage_ = new QWidget(pages_);
    {
        auto* l = new QVBoxLayout(consentPage_);
        l->setContentsMargins(48, 32, 48, 32);
        auto* title = new QLabel(tr("Consent"), consentPage_);
        title->setFont(scaledFont(font(), 1.6, true));
        consentText_ = new QTextBrowser(consentPage_);
        consentText_->setFocusPolicy(Qt::NoFocus);
        consentBox_ = new QCheckBox(tr("I have read the information above and agree to take part."), consentPage_);
        consentContinue_ = new QPushButton(tr("Continue"), consentPage_);
        consentContinue_->setEnabled(false);
        auto* decline = new QPushButton(tr("I do not agree"), consentPage_);
        auto* buttons = new QHBoxLayout;
        buttons->addWidget(decline);
        buttons->addStretch();
        buttons->addWidget(consentContinue_);
        l->addWidget(title);
        l->addWidget(consentText_, 1);
        l->addWidget(consentBox_);
        l->addWidget(new QLabel(tr("Press Space to tick the box, then Enter to continue."), consentPage_));
        l->addLayout(buttons);
        connect(consentBox_, &QCheckBox::toggled, consentContinue_, &QPushButton::setEnabled);
        connect(consentContinue_, &QPushButton::clicked, this, &StudyRunner::acceptConsent);
        connect(decline, &QPushButton::clicked, this, [this] {
            endTitle_->setText(tr("Thank you"));
            endText_->setText(tr("You chose not to take part. Nothing has been recorded."));
            codeLabel_->clear();
            pages_->setCurrentWidget(endPage_);
            setStage(Stage::Declined);
            Q_EMIT closed();
        });
        pages_->addWidget(consentPage_);
    }

    // Participant id
    participantPage_ = new QWidget(pages_);
    {
        auto* l = new QVBoxLayout(participantPage_);
        l->setContentsMargins(48, 32, 48, 32);
        l->addStretch();
        auto* title = new QLabel(tr("Your participant id"), participantPage_);
        title->setFont(scaledFont(font(), 1.6, true));
        title->setAlignment(Qt::AlignCenter);
        participantEdit_ = new QLineEdit(participantPage_);
        participantEdit_->setPlaceholderText(tr("As given to you by the experimenter"));
        // Wide enough for the placeholder in every language (it is the only hint on the page).
        participantEdit_->setMinimumWidth(
            std::max(360, participantEdit_->fontMetrics().horizontalAdvance(participantEdit_->placeholderText()) + 24));
        participantEdit_->setMaximumWidth(participantEdit_->minimumWidth());
        participantError_ = wrappedLabel(participantPage_);
        auto* start = new QPushButton(tr("Start"), participantPage_);
        l->addWidget(title);
        l->addWidget(participantEdit_, 0, Qt::AlignCenter);
        l->addWidget(participantError_);
        l->addWidget(start, 0, Qt::AlignCenter);
        l->addStretch();
        // Enter in the field reaches keyPressEvent (QLineEdit passes it on), which starts the session: connecting
        // returnPressed as well would also let the same key press begin the trials.
        connect(start, &QPushButton::clicked, this, [this] { startSession(participantEdit_->text()); });
        pages_->addWidget(participantPage_);
    }

    // Instructions
    instructionsPage_ = new QWidget(pages_);
    {
        auto* l = new QVBoxLayout(instructionsPage_);
        l->setContentsMargins(48, 32, 48, 32);
        instructionsTitle_ = new QLabel(tr("Instructions"), instructionsPage_);
        instructionsTitle_->setFont(scaledFont(font(), 1.6, true));
        instructionsText_ = new QTextBrowser(instructionsPage_);
        instructionsText_->setFocusPolicy(Qt::NoFocus);
        auto* begin = new QPushButton(tr("Begin"), instructionsPage_);
        l->addWidget(instructionsTitle_);
        l->addWidget(instructionsText_, 1);
        l->addWidget(new QLabel(tr("Press Enter to begin."), instructionsPage_));
        l->addWidget(begin, 0, Qt::AlignRight);
        connect(begin, &QPushButton::clicked, this, &StudyRunner::beginTrials);
        pages_->addWidget(instructionsPage_);
    }

    // Trials
    trialPage_ = new QWidget(pages_);
    sliderPrefetcher_ = new ImagePrefetcher(this);
    pairPrefetcher_ = new ImagePrefetcher(this);
    sliderPrefetcher_->setLoader(loadStimulus);
    pairPrefetcher_->setLoader(loadStimulus);
    {
        auto* l = new QVBoxLayout(trialPage_);
        l->setContentsMargins(12, 8, 12, 12);
        auto* top = new QHBoxLayout;
        trialStatus_ = new QLabel(trialPage_);
        progress_ = new QProgressBar(trialPage_);
        progress_->setTextVisible(true);
        progress_->setFormat(tr("%v of %m"));
        top->addWidget(trialStatus_);
        top->addWidget(progress_, 1);
        screens_ = new QStackedWidget(trialPage_);
        sliderScreen_ = new SliderRatingScreen(sliderPrefetcher_, screens_);
        pairwiseScreen_ = new PairwiseScreen(pairPrefetcher_, screens_);
        screens_->addWidget(sliderScreen_);
        screens_->addWidget(pairwiseScreen_);
        l->addLayout(top);
        l->addWidget(screens_, 1);
        connect(sliderScreen_, &SliderRatingScreen::submitted, this, &StudyRunner::sliderSubmitted);
        connect(pairwiseScreen_, &PairwiseScreen::answered, this, &StudyRunner::pairAnswered);
        connect(sliderScreen_, &SliderRatingScreen::backRequested, this, &StudyRunner::goBack);
        connect(pairwiseScreen_, &PairwiseScreen::backRequested, this, &StudyRunner::goBack);
        // An image that cannot be read (moved or damaged since import) is named where the participant and the
        // experimenter see it; the screen shows the message in place of the image.
        auto imageFailed = [this](quint64, const QString& message) {
            trialStatus_->setText(tr("This image could not be shown: %1").arg(message));
        };
        connect(sliderScreen_, &SliderRatingScreen::imageFailed, this, imageFailed);
        connect(pairwiseScreen_, &PairwiseScreen::imageFailed, this, imageFailed);
        pages_->addWidget(trialPage_);
    }

    // Practice over, breaks
    interludePage_ = new QWidget(pages_);
    {
        auto* l = new QVBoxLayout(interludePage_);
        l->setContentsMargins(48, 32, 48, 32);
        l->addStretch();
        interludeTitle_ = wrappedLabel(interludePage_);
        interludeTitle_->setFont(scaledFont(font(), 1.6, true));
        interludeText_ = wrappedLabel(interludePage_);
        auto* go = new QPushButton(tr("Continue"), interludePage_);
        interludeStop_ = new QPushButton(tr("Stop for now"), interludePage_);
        auto* buttons = new QHBoxLayout;
        buttons->addStretch();
        buttons->addWidget(interludeStop_);
        buttons->addWidget(go);
        buttons->addStretch();
        l->addWidget(interludeTitle_);
        l->addWidget(interludeText_);
        l->addLayout(buttons);
        l->addStretch();
        connect(go, &QPushButton::clicked, this, &StudyRunner::showTrial);
        connect(interludeStop_, &QPushButton::clicked, this, &StudyRunner::stopForNow);
        pages_->addWidget(interludePage_);
    }

    // Thank you / stopped / declined / failed
    endPage_ = new QWidget(pages_);
    {
        auto* l = new QVBoxLayout(endPage_);
        l->setContentsMargins(48, 32, 48, 32);
        l->addStretch();
        endTitle_ = wrappedLabel(endPage_);
        endTitle_->setFont(scaledFont(font(), 1.8, true));
        endText_ = wrappedLabel(endPage_);
        codeLabel_ = wrappedLabel(endPage_);
        codeLabel_->setFont(scaledFont(font(), 2.2, true));
        codeLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->addWidget(endTitle_);
        l->addWidget(endText_);
        l->addWidget(codeLabel_);
        l->addStretch();
        pages_->addWidget(endPage_);
    }

    try {
        workspace_ =
            std::make_unique<services::Workspace>(services::Workspace::open(options_.workspaceFolder.toStdString()));
        const auto study = storage::StudyStore(workspace_->database()).findStudyByName(options_.study.toStdString());
        if (!study) {
            fail(tr("There is no study named \"%1\" in this workspace.").arg(options_.study));
            return;
        }
        showPrompt_ = services::displaySettings(*study).showPrompt;
        const QString consent = QString::fromStdString(study->consentText);
        consentText_->setPlainText(consent.isEmpty()
                ? tr("You are invited to rate images. Your answers are stored under a pseudonymous id on this "
                     "computer and used for research only. You may stop at any time.")
                : consent);
    } catch (const std::exception& e) {
        fail(QString::fromStdString(e.what()));
        return;
    }
    pages_->setCurrentWidget(consentPage_);
    consentBox_->setFocus();
}

StudyRunner::~StudyRunner() = default;

void StudyRunner::updateLock()
{
    // In the kiosk the window stays the participant's after the last screen too, until the PIN is given (which shows
    // another page and so hides the runner).
    const bool participantStage = stage_ == Stage::Consent || stage_ == Stage::Participant
        || stage_ == Stage::Instructions || stage_ == Stage::Trial || stage_ == Stage::Interlude;
    const bool hold = isVisible() && (participantStage || options_.kiosk);
    if (hold && !lock_) {
        lock_ = std::make_unique<ParticipantLock>(this, !options_.kiosk);
        connect(lock_.get(), &ParticipantLock::leaveRequested, this, [this] {
            // Outside the kiosk the experimenter may end the sitting at any time; the answers so far are kept.
            if (lock_ && lock_->isHeld())
                QMetaObject::invokeMethod(this, &StudyRunner::stopForNow, Qt::QueuedConnection);
        });
    } else if (!hold && lock_) {
        lock_.reset();
    }
}

void StudyRunner::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    updateLock();
}

void StudyRunner::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    updateLock();
}

void StudyRunner::focusInEvent(QFocusEvent* event)
{
    QWidget::focusInEvent(event);
    // Whoever gives the runner the focus (the main window does), the consent box takes it: Space ticks it.
    if (stage_ == Stage::Consent && pages_->currentWidget() == consentPage_) consentBox_->setFocus();
}

int StudyRunner::prefetchHits() const
{
    return sliderPrefetcher_->hits();
}
int StudyRunner::prefetchMisses() const
{
    return sliderPrefetcher_->misses();
}

QString StudyRunner::pageText() const
{
    switch (stage_) {
    case Stage::Consent:
        return consentText_->toPlainText();
    case Stage::Participant:
        return participantError_->text();
    case Stage::Instructions:
        return instructionsText_->toPlainText();
    case Stage::Trial:
        return trialStatus_->text();
    case Stage::Interlude:
        return interludeTitle_->text() + QLatin1Char('\n') + interludeText_->text();
    default:
        return endTitle_->text() + QLatin1Char('\n') + endText_->text();
    }
}

void StudyRunner::setStage(Stage stage)
{
    stage_ = stage;
    updateLock();
    Q_EMIT stageChanged(stage);
}

void StudyRunner::fail(const QString& message)
{
    errorText_ = message;
    endTitle_->setText(tr("The study cannot continue"));
    endText_->setText(options_.kiosk ? tr("Please ask the experimenter for help.") : message);
    codeLabel_->clear();
    pages_->setCurrentWidget(endPage_);
    setStage(Stage::Failed);
}

void StudyRunner::acceptConsent()
{
    if (!consentBox_->isChecked()) return;
    if (!options_.participant.isEmpty()) {
        startSession(options_.participant);
        return;
    }
    pages_->setCurrentWidget(participantPage_);
    setStage(Stage::Participant);
    participantEdit_->setFocus();
}

void StudyRunner::startSession(const QString& participant)
{
    if (participant.trimmed().isEmpty()) {
        participantError_->setText(tr("Please type your participant id."));
        return;
    }
    services::SessionStart start;
    start.study = options_.study.toStdString();
    start.participant = participant.trimmed().toStdString();
    start.mode = options_.kiosk ? storage::SessionMode::Kiosk : storage::SessionMode::Study;
    start.client = options_.client.toStdString();
    try {
        session_ = std::make_unique<services::StudySession>(*workspace_, start);
    } catch (const services::StudySessionError& e) {
        const QString message = QString::fromStdString(e.what());
        // Nothing about another participant (such as their completion code) is shown to whoever typed the id.
        const QString shown = message.contains(QLatin1String("already completed"))
            ? tr("This participant id has already completed the study.")
            : (options_.kiosk ? tr("This participant id cannot start the study. Please ask the experimenter.")
                              : message);
        if (stage_ == Stage::Participant) {
            participantError_->setText(shown);
            errorText_ = message;
        } else {
            fail(shown);
            errorText_ = message;
        }
        return;
    } catch (const std::exception& e) {
        fail(QString::fromStdString(e.what()));
        return;
    }
    const auto& study = session_->study();
    QString text = QString::fromStdString(study.instructions);
    if (text.isEmpty()) text = tr("You will see a series of images. Rate how much you like each one.");
    const bool anySlider = std::any_of(session_->plan().trials.begin(), session_->plan().trials.end(),
        [](const auto& t) { return t.mode == storage::TrialMode::Slider; });
    const bool anyPair = std::any_of(session_->plan().trials.begin(), session_->plan().trials.end(),
        [](const auto& t) { return t.mode == storage::TrialMode::Pairwise; });
    const bool anyPractice =
        session_->position() == 0 && !session_->plan().trials.empty() && session_->plan().trials.front().isPractice;
    text += QStringLiteral("\n\n");
    if (anySlider) {
        text += tr("Rating: move the slider with the mouse or with Left and Right (hold Shift for small steps), or "
                   "press 1 to 5 to jump to a label. Press Enter to submit.")
            + QLatin1Char('\n');
    }
    if (anyPair) {
        text += tr("Choosing: press 1 for the left image, 2 for the right one, T if you like both equally, or C if "
                   "you cannot decide.")
            + QLatin1Char('\n');
    }
    if (study.protocol.allowRevisions)
        text += tr("Press Backspace to go back to the previous image.") + QLatin1Char('\n');
    if (anyPractice)
        text += tr("The first few images are practice: those answers are not recorded.") + QLatin1Char('\n');
    instructionsTitle_->setText(session_->isResumed() && session_->position() > 0
            ? tr("Welcome back: you continue with image %1 of %2")
                  .arg(session_->mainTrialsDone() + 1)
                  .arg(session_->mainTrialCount())
            : tr("Instructions"));
    instructionsText_->setPlainText(text);
    progress_->setRange(0, session_->mainTrialCount());
    pages_->setCurrentWidget(instructionsPage_);
    setStage(Stage::Instructions);
    setFocus();
    if (session_->finished()) {
        afterAnswer();
        return;
    }
    try {
        prefetchAhead();  // the first images decode while the instructions are read
    } catch (const std::exception&) {  // a missing image is reported when its trial is shown
    }
}

void StudyRunner::beginTrials()
{
    if (!session_) return;
    showTrial();
}

void StudyRunner::updateTargetSizes()
{
    const QSize slider = sliderScreen_->canvas()->targetPixelSize();
    if (slider.width() > 16 && slider.height() > 16) sliderPrefetcher_->setTargetSize(slider);
    const QSize pair = pairwiseScreen_->leftCanvas()->targetPixelSize();
    if (pair.width() > 16 && pair.height() > 16) pairPrefetcher_->setTargetSize(pair);
}

void StudyRunner::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (stage_ == Stage::Trial) updateTargetSizes();
}

void StudyRunner::prefetchAhead()
{
    if (!session_) return;
    const auto& trials = session_->plan().trials;
    for (int i = session_->position(); i < std::min<int>(session_->position() + 4, static_cast<int>(trials.size()));
         ++i) {
        const auto& t = trials[static_cast<std::size_t>(i)];
        if (t.mode == storage::TrialMode::Slider) {
            sliderPrefetcher_->prefetch(QString::fromStdString(session_->image(*t.imageId).path));
        } else {
            pairPrefetcher_->prefetch(QString::fromStdString(session_->image(*t.leftImageId).path));
            pairPrefetcher_->prefetch(QString::fromStdString(session_->image(*t.rightImageId).path));
        }
    }
}

void StudyRunner::showTrial()
{
    if (!session_) return;
    if (session_->finished()) {
        afterAnswer();
        return;
    }
    try {
        const auto& trial = session_->currentTrial();
        const bool back = session_->canGoBack();
        pages_->setCurrentWidget(trialPage_);
        if (stage_ != Stage::Trial) setStage(Stage::Trial);
        progress_->setValue(session_->mainTrialsDone());
        trialStatus_->setText(trial.isPractice ? tr("Practice") : QString());
        const quint64 token = nextToken_++;
        if (trial.mode == storage::TrialMode::Slider) {
            screens_->setCurrentWidget(sliderScreen_);
            updateTargetSizes();
            const auto image = session_->image(*trial.imageId);
            SliderStimulus stimulus;
            stimulus.token = token;
            stimulus.imagePath = QString::fromStdString(image.path);
            if (showPrompt_) stimulus.prompt = QString::fromStdString(image.prompt);
            stimulus.instruction = QString::fromStdString(session_->instruction().value_or(std::string()));
            stimulus.startPosition = session_->startPosition();
            const auto& anchors = session_->study().protocol.anchorLabels;
            const std::array<std::string, 5> defaults{
                "Strongly dislike", "Dislike", "Neutral", "Like", "Strongly like"};
            if (anchors != defaults) {  // the defaults are shown translated by the slider itself
                for (const auto& a : anchors) stimulus.anchorLabels << QString::fromStdString(a);
            }
            stimulus.requireMovement = session_->study().protocol.requireMovement;
            stimulus.allowBack = back;
            sliderScreen_->showStimulus(stimulus);
            sliderScreen_->setFocus();
        } else {
            screens_->setCurrentWidget(pairwiseScreen_);
            updateTargetSizes();
            const auto left = session_->image(*trial.leftImageId);
            const auto right = session_->image(*trial.rightImageId);
            PairStimulus stimulus;
            stimulus.token = token;
            stimulus.leftPath = QString::fromStdString(left.path);
            stimulus.rightPath = QString::fromStdString(right.path);
            if (showPrompt_) {
                stimulus.leftPrompt = QString::fromStdString(left.prompt);
                stimulus.rightPrompt = QString::fromStdString(right.prompt);
            }
            stimulus.allowBack = back;
            pairwiseScreen_->showStimulus(stimulus);
            pairwiseScreen_->setFocus();
        }
        Q_EMIT trialShown(session_->position());
        // The next images decode while this one is answered.
        const int position = session_->position();
        QMetaObject::invokeMethod(
            this,
            [this, position] {
                if (session_ && session_->position() == position) {
                    try {
                        prefetchAhead();
                    } catch (const std::exception&) {  // a missing image is reported when its trial is shown
                    }
                }
            },
            Qt::QueuedConnection);
    } catch (const std::exception& e) {
        fail(QString::fromStdString(e.what()));
    }
}

void StudyRunner::sliderSubmitted(const SliderAnswer& answer)
{
    if (!session_ || stage_ != Stage::Trial) return;
    services::SliderResponse response;
    response.value = answer.value;
    response.startPosition = answer.startPosition;
    response.moved = answer.moved;
    response.responseMs = answer.responseMs;
    response.shownAt = utcIso(answer.shownAt).toStdString();
    try {
        session_->answerSlider(response);
    } catch (const std::exception& e) {
        fail(tr("Your answer could not be saved: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    afterAnswer();
}

void StudyRunner::pairAnswered(const PairAnswer& answer)
{
    if (!session_ || stage_ != Stage::Trial) return;
    services::PairResponse response;
    switch (answer.choice) {
    case PairAnswerChoice::Left:
        response.choice = storage::PairChoice::Left;
        break;
    case PairAnswerChoice::Right:
        response.choice = storage::PairChoice::Right;
        break;
    case PairAnswerChoice::Tie:
        response.choice = storage::PairChoice::Tie;
        break;
    case PairAnswerChoice::CantDecide:
        response.choice = storage::PairChoice::CantDecide;
        break;
    }
    response.responseMs = answer.responseMs;
    response.shownAt = utcIso(answer.shownAt).toStdString();
    try {
        session_->answerPair(response);
    } catch (const std::exception& e) {
        fail(tr("Your answer could not be saved: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    afterAnswer();
}

void StudyRunner::goBack()
{
    if (!session_ || !session_->canGoBack()) return;
    session_->goBack();
    showTrial();
}

void StudyRunner::afterAnswer()
{
    if (session_->finished()) {
        try {
            completionCode_ = QString::fromStdString(session_->complete());
        } catch (const std::exception& e) {
            fail(QString::fromStdString(e.what()));
            return;
        }
        progress_->setValue(progress_->maximum());
        endTitle_->setText(tr("Thank you!"));
        endText_->setText(options_.kiosk ? tr("You have finished. Please tell the experimenter.")
                                         : tr("You have finished the study. Your completion code is:"));
        codeLabel_->setText(completionCode_);
        pages_->setCurrentWidget(endPage_);
        setStage(Stage::Finished);
        Q_EMIT finished(completionCode_);
        return;
    }
    if (session_->practiceJustEnded()) {
        showInterlude(tr("Practice is over"), tr("From now on your answers count. Press Enter to continue."), false);
        return;
    }
    if (session_->breakDue()) {
        showInterlude(tr("Time for a short break"),
            tr("You have rated %1 of %2 images. Press Enter when you are ready to continue, or stop here and "
               "come back later.")
                .arg(session_->mainTrialsDone())
                .arg(session_->mainTrialCount()),
            true);
        return;
    }
    showTrial();
}

void StudyRunner::showInterlude(const QString& title, const QString& text, bool offerStop)
{
    interludeTitle_->setText(title);
    interludeText_->setText(text);
    interludeStop_->setVisible(offerStop);
    progress_->setValue(session_->mainTrialsDone());
    pages_->setCurrentWidget(interludePage_);
    setStage(Stage::Interlude);
    setFocus();
}

void StudyRunner::stopForNow()
{
    endTitle_->setText(tr("See you later"));
    endText_->setText(tr("Your answers so far are saved. Next time you continue from here."));
    codeLabel_->clear();
    session_.reset();
    pages_->setCurrentWidget(endPage_);
    setStage(Stage::Stopped);
    Q_EMIT closed();
}

void StudyRunner::keyPressEvent(QKeyEvent* event)
{
    if (stage_ == Stage::Consent && event->key() == Qt::Key_Space && event->modifiers() == Qt::NoModifier) {
        consentBox_->toggle();  // the page's own words: "Press Space to tick the box"
        consentBox_->setFocus();
        return;
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter) {
        switch (stage_) {
        case Stage::Consent:
            acceptConsent();
            return;
        case Stage::Participant:
            startSession(participantEdit_->text());
            return;
        case Stage::Instructions:
            beginTrials();
            return;
        case Stage::Interlude:
            showTrial();
            return;
        default:
            break;
        }
    }
    if (stage_ == Stage::Interlude && event->key() == Qt::Key_S && interludeStop_->isVisible()) {
        stopForNow();
        return;
    }
    QWidget::keyPressEvent(event);
}

}  // namespace tastelab::widgets

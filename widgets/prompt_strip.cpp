// PromptStrip: one card per candidate in a horizontal scroll area; verdicts and ratings are kept through the page's
// keepers before a card shows them, so what the card shows is what the database holds.
#include "widgets/prompt_strip.h"

#include "widgets/rating_slider.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>

namespace tastelab::widgets {

namespace {

constexpr int kCardWidth = 230;
constexpr int kPreviewSize = 160;

QString percent(double value)
{
    return QLocale().toString(value * 100.0, 'f', 0);
}

}  // namespace

struct PromptStrip::Card {
    qint64 imageId = 0;
    QString prompt;
    Verdict verdict = Verdict::None;
    QFrame* frame = nullptr;
    QLabel* verdictLabel = nullptr;
    QPushButton* use = nullptr;
    QWidget* ratePanel = nullptr;
    RatingSlider* slider = nullptr;
    QLabel* message = nullptr;
};

PromptStrip::PromptStrip(QWidget* parent)
    : QScrollArea(parent)
    , content_(new QWidget)
    , row_(new QHBoxLayout(content_))
    , placeholder_(new QLabel(tr("Choose “Prompt refinement” as the method and steer: the candidates appear here, "
                                 "best first."),
          content_))
{
    setObjectName(QStringLiteral("promptStrip"));
    setAccessibleName(tr("Prompt candidates"));
    setWidgetResizable(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    placeholder_->setWordWrap(true);
    row_->addWidget(placeholder_);
    row_->addStretch();
    setWidget(content_);
}

PromptStrip::~PromptStrip() = default;

void PromptStrip::clear()
{
    setCandidates({});
}

void PromptStrip::setCandidates(std::vector<Candidate> candidates)
{
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        if (a.best != b.best) return a.best;
        return a.objective > b.objective;
    });
    for (const auto& card : cards_) delete card->frame;
    cards_.clear();
    candidates_ = std::move(candidates);
    placeholder_->setVisible(candidates_.empty());

    for (std::size_t i = 0; i < candidates_.size(); ++i) {
        const Candidate& c = candidates_[i];
        auto card = std::make_unique<Card>();
        card->imageId = c.imageId;
        card->prompt = c.prompt;
        card->frame = new QFrame(content_);
        card->frame->setObjectName(QStringLiteral("candidateCard"));
        card->frame->setFixedWidth(kCardWidth);
        card->frame->setProperty("imageId", c.imageId);
        auto* layout = new QVBoxLayout(card->frame);

        QStringList marks;
        if (c.best) marks << tr("Best");
        if (c.original) marks << tr("Original");
        auto* mark = new QLabel(marks.join(QStringLiteral(" · ")), card->frame);
        mark->setObjectName(QStringLiteral("markLabel"));
        QFont bold = mark->font();
        bold.setBold(true);
        mark->setFont(bold);
        mark->setVisible(!marks.isEmpty());

        auto* preview = new QLabel(card->frame);
        preview->setFixedSize(kPreviewSize, kPreviewSize);
        preview->setAlignment(Qt::AlignCenter);
        if (c.preview.isNull()) {
            preview->setText(tr("The image is missing from the library."));
            preview->setWordWrap(true);
        } else {
            preview->setPixmap(QPixmap::fromImage(
                c.preview.scaled(kPreviewSize, kPreviewSize, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
        }
        card->frame->setAccessibleName(tr("Candidate %1 of %2").arg(i + 1).arg(candidates_.size()));
        card->frame->setAccessibleDescription(c.prompt);

        auto* prompt = new QLabel(tr("“%1”").arg(c.prompt), card->frame);
        prompt->setWordWrap(true);
        prompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto* edits = new QLabel(
            c.edits.isEmpty() ? tr("The prompt as written") : c.edits.join(QStringLiteral(", ")), card->frame);
        edits->setWordWrap(true);
        QString scoreText = tr("Predicted score: %1 %").arg(percent(c.predicted));
        // With contrast the search ranks by the score less what everyone likes; show it when it differs.
        if (std::abs(c.objective - c.predicted) > 1e-9)
            scoreText += QLatin1Char('\n') + tr("Ranked by: %1 %").arg(percent(c.objective));
        auto* score = new QLabel(scoreText, card->frame);
        score->setObjectName(QStringLiteral("scoreLabel"));
        score->setToolTip(tr("The person's predicted slider rating for this image, from their reward model."));
        card->verdictLabel = new QLabel(card->frame);
        card->verdictLabel->setObjectName(QStringLiteral("verdictLabel"));

        auto* accept = new QPushButton(tr("Accept"), card->frame);
        accept->setObjectName(QStringLiteral("acceptButton"));
        auto* reject = new QPushButton(tr("Reject"), card->frame);
        reject->setObjectName(QStringLiteral("rejectButton"));
        auto* rateButton = new QPushButton(tr("Rate…"), card->frame);
        rateButton->setObjectName(QStringLiteral("rateButton"));
        rateButton->setCheckable(true);
        card->use = new QPushButton(tr("Use This Prompt"), card->frame);
        card->use->setObjectName(QStringLiteral("useButton"));
        card->use->setToolTip(tr("Put this candidate's prompt into the prompt field."));
        auto* verdictRow = new QHBoxLayout;
        verdictRow->addWidget(accept);
        verdictRow->addWidget(reject);
        auto* moreRow = new QHBoxLayout;
        moreRow->addWidget(rateButton);
        moreRow->addWidget(card->use);

        card->ratePanel = new QWidget(card->frame);
        auto* rateLayout = new QVBoxLayout(card->ratePanel);
        rateLayout->setContentsMargins(0, 0, 0, 0);
        card->slider = new RatingSlider(card->ratePanel);
        card->slider->reset(std::clamp(c.predicted, 0.0, 1.0));
        card->slider->setAccessibleName(tr("Your rating of this candidate"));
        auto* save = new QPushButton(tr("Save Rating"), card->ratePanel);
        save->setObjectName(QStringLiteral("saveButton"));
        save->setEnabled(false);  // until the person has moved the slider
        rateLayout->addWidget(card->slider);
        rateLayout->addWidget(save);
        card->ratePanel->hide();
        card->message = new QLabel(card->frame);
        card->message->setObjectName(QStringLiteral("messageLabel"));
        card->message->setWordWrap(true);
        card->message->hide();

        layout->addWidget(mark);
        layout->addWidget(preview, 0, Qt::AlignHCenter);
        layout->addWidget(prompt);
        layout->addWidget(edits);
        layout->addWidget(score);
        layout->addWidget(card->verdictLabel);
        layout->addLayout(verdictRow);
        layout->addLayout(moreRow);
        layout->addWidget(card->ratePanel);
        layout->addWidget(card->message);
        layout->addStretch();

        const qint64 id = c.imageId;
        connect(accept, &QPushButton::clicked, this, [this, id] { giveVerdict(id, true); });
        connect(reject, &QPushButton::clicked, this, [this, id] { giveVerdict(id, false); });
        connect(rateButton, &QPushButton::toggled, card->ratePanel, &QWidget::setVisible);
        connect(card->slider, &RatingSlider::movedChanged, save, &QPushButton::setEnabled);
        connect(save, &QPushButton::clicked, this, [this, id] {
            if (Card* found = find(id)) rate(id, found->slider->value());
        });
        const QString text = c.prompt;
        connect(card->use, &QPushButton::clicked, this, [this, text] { Q_EMIT promptChosen(text); });

        showVerdict(*card);
        row_->insertWidget(static_cast<int>(i), card->frame);
        cards_.push_back(std::move(card));
    }
    horizontalScrollBar()->setValue(0);
}

PromptStrip::Card* PromptStrip::find(qint64 imageId) const
{
    for (const auto& card : cards_) {
        if (card->imageId == imageId) return card.get();
    }
    return nullptr;
}

QWidget* PromptStrip::cardOf(qint64 imageId) const
{
    Card* card = find(imageId);
    return card ? card->frame : nullptr;
}

void PromptStrip::showVerdict(Card& card)
{
    QString color;
    switch (card.verdict) {
    case Verdict::Accepted:
        card.verdictLabel->setText(tr("Accepted"));
        color = QStringLiteral("#2e8b57");
        break;
    case Verdict::Rejected:
        card.verdictLabel->setText(tr("Rejected"));
        color = QStringLiteral("#c0392b");
        break;
    case Verdict::None:
        card.verdictLabel->setText(tr("No verdict yet"));
        break;
    }
    card.frame->setStyleSheet(color.isEmpty()
            ? QStringLiteral("#candidateCard { border: 1px solid palette(mid); border-radius: 4px; }")
            : QStringLiteral("#candidateCard { border: 3px solid %1; border-radius: 4px; }").arg(color));
    card.use->setVisible(card.verdict == Verdict::Accepted);
}

void PromptStrip::setVerdict(qint64 imageId, Verdict verdict)
{
    if (Card* card = find(imageId)) {
        card->verdict = verdict;
        showVerdict(*card);
    }
}

PromptStrip::Verdict PromptStrip::verdictOf(qint64 imageId) const
{
    const Card* card = find(imageId);
    return card ? card->verdict : Verdict::None;
}

bool PromptStrip::giveVerdict(qint64 imageId, bool accepted)
{
    Card* card = find(imageId);
    if (!card) return false;
    try {
        if (verdictKeeper_) verdictKeeper_(imageId, accepted);
    } catch (const std::exception& e) {
        card->message->setText(tr("The verdict was not saved: %1").arg(QString::fromStdString(e.what())));
        card->message->show();
        return false;
    }
    card->message->hide();
    card->verdict = accepted ? Verdict::Accepted : Verdict::Rejected;
    showVerdict(*card);
    Q_EMIT verdictGiven(imageId, accepted);
    return true;
}

bool PromptStrip::rate(qint64 imageId, double value)
{
    Card* card = find(imageId);
    if (!card) return false;
    qint64 answerId = 0;
    try {
        if (ratingKeeper_) answerId = ratingKeeper_(imageId, value);
    } catch (const std::exception& e) {
        card->message->setText(tr("The rating was not saved: %1").arg(QString::fromStdString(e.what())));
        card->message->show();
        return false;
    }
    card->message->setText(tr("Rated %1 %; saved with the person's ratings.").arg(percent(value)));
    card->message->show();
    Q_EMIT rated(imageId, value, answerId);
    return true;
}

}  // namespace tastelab::widgets

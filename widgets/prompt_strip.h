// PromptStrip: the candidates of a prompt refinement as a horizontal strip of cards, best first. Each card shows the
// rendered preview, the prompt with its edits, the predicted score, marks for the original and the best, and lets the
// person accept, reject or rate the candidate; an accepted candidate offers its prompt for the next run.
#pragma once

#include <QImage>
#include <QScrollArea>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

class QHBoxLayout;
class QLabel;

namespace tastelab::widgets {

class PromptStrip : public QScrollArea {
    Q_OBJECT

public:
    // One scored candidate, as the strip shows it (the page converts from the service's report).
    struct Candidate {
        qint64 imageId = 0;
        QString prompt;
        QStringList edits;  // described, from the original prompt: "add 'watercolor'"
        double predicted = 0;  // the person's predicted slider value, 0..1
        double objective = 0;  // what the search ranked by
        int depth = 0;
        QImage preview;
        bool original = false;
        bool best = false;
    };
    enum class Verdict { None, Accepted, Rejected };

    // Keep a verdict or a rating before the strip shows it; either may throw std::exception, whose message the card
    // shows instead. The rating keeper returns the stored answer's id.
    using VerdictKeeper = std::function<void(qint64 imageId, bool accepted)>;
    using RatingKeeper = std::function<qint64(qint64 imageId, double value)>;

    explicit PromptStrip(QWidget* parent = nullptr);
    ~PromptStrip() override;

    // Replaces the cards: the best first, then by the search's score, highest first. Clears the verdicts.
    void setCandidates(std::vector<Candidate> candidates);
    void clear();
    const std::vector<Candidate>& candidates() const { return candidates_; }  // in the order shown
    int count() const { return static_cast<int>(candidates_.size()); }
    // The card of a candidate (its buttons are named acceptButton, rejectButton, rateButton, useButton, saveButton).
    QWidget* cardOf(qint64 imageId) const;

    // Shows a verdict without keeping it (as when a stored run is reopened).
    void setVerdict(qint64 imageId, Verdict verdict);
    Verdict verdictOf(qint64 imageId) const;

    void setVerdictKeeper(VerdictKeeper keeper) { verdictKeeper_ = std::move(keeper); }
    void setRatingKeeper(RatingKeeper keeper) { ratingKeeper_ = std::move(keeper); }

    // The person's verdict or rating through a card: kept, then shown. False (with the reason on the card) when
    // keeping failed.
    bool giveVerdict(qint64 imageId, bool accepted);
    bool rate(qint64 imageId, double value);

Q_SIGNALS:
    void verdictGiven(qint64 imageId, bool accepted);
    void rated(qint64 imageId, double value, qint64 answerId);
    // "Use This Prompt" on an accepted candidate.
    void promptChosen(const QString& prompt);

private:
    struct Card;
    Card* find(qint64 imageId) const;
    void showVerdict(Card& card);

    std::vector<Candidate> candidates_;
    std::vector<std::unique_ptr<Card>> cards_;  // the widgets they name belong to content_
    QWidget* content_;
    QHBoxLayout* row_;
    QLabel* placeholder_;
    VerdictKeeper verdictKeeper_;
    RatingKeeper ratingKeeper_;
};

}  // namespace tastelab::widgets

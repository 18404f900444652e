// The participant's side of a study: consent, participant id, instructions, practice, the trials (slider and pairwise)
// with breaks and a progress bar, and a thank-you screen with the completion code. Every answer is stored through
// services::StudySession the moment it is given; upcoming images are decoded and scaled off the GUI thread.
#pragma once

#include <QString>
#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTextBrowser;

namespace tastelab::services {
class StudySession;
class Workspace;
}  // namespace tastelab::services

namespace tastelab::widgets {

class ImagePrefetcher;
class PairwiseScreen;
class ParticipantLock;
class SliderRatingScreen;
struct PairAnswer;
struct SliderAnswer;

class StudyRunner : public QWidget {
    Q_OBJECT

public:
    enum class Stage { Consent, Participant, Instructions, Trial, Interlude, Finished, Declined, Stopped, Failed };
    Q_ENUM(Stage)

    struct Options {
        QString workspaceFolder;
        QString study;
        QString participant;  // empty: the participant types it after the consent
        bool kiosk = false;  // errors say less, nothing of other participants is shown
        QString client;  // stored with the session
    };

    explicit StudyRunner(const Options& options, QWidget* parent = nullptr);
    ~StudyRunner() override;

    Stage stage() const { return stage_; }
    QString completionCode() const { return completionCode_; }
    QString errorText() const { return errorText_; }
    // The message of the page shown now (for tests and screenshots).
    QString pageText() const;
    SliderRatingScreen* sliderScreen() const { return sliderScreen_; }
    PairwiseScreen* pairwiseScreen() const { return pairwiseScreen_; }
    QProgressBar* progressBar() const { return progress_; }
    QCheckBox* consentBox() const { return consentBox_; }
    // Held while the participant's screens show (the window's menus and shortcuts are locked); nullptr otherwise.
    ParticipantLock* participantLock() const { return lock_.get(); }
    // Prefetch statistics of the slider screen (hits, misses), for the latency benchmark.
    int prefetchHits() const;
    int prefetchMisses() const;

Q_SIGNALS:
    void stageChanged(tastelab::widgets::StudyRunner::Stage stage);
    void trialShown(int position);
    void finished(const QString& completionCode);
    // The participant stopped for now (a later visit resumes at the last checkpoint) or declined the consent.
    void closed();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void setStage(Stage stage);
    void acceptConsent();
    void startSession(const QString& participant);
    void beginTrials();
    void showTrial();
    void prefetchAhead();
    void sliderSubmitted(const SliderAnswer& answer);
    void pairAnswered(const PairAnswer& answer);
    void goBack();
    void afterAnswer();
    void showInterlude(const QString& title, const QString& text, bool offerStop);
    void stopForNow();
    void fail(const QString& message);
    void updateTargetSizes();
    void updateLock();

    Options options_;
    std::unique_ptr<services::Workspace> workspace_;
    std::unique_ptr<services::StudySession> session_;
    std::unique_ptr<ParticipantLock> lock_;
    bool showPrompt_ = false;  // the study's display.showPrompt
    Stage stage_ = Stage::Consent;
    QString completionCode_;
    QString errorText_;
    quint64 nextToken_ = 1;

    QStackedWidget* pages_;
    QWidget* consentPage_;
    QTextBrowser* consentText_;
    QCheckBox* consentBox_;
    QPushButton* consentContinue_;
    QWidget* participantPage_;
    QLineEdit* participantEdit_;
    QLabel* participantError_;
    QWidget* instructionsPage_;
    QLabel* instructionsTitle_;
    QTextBrowser* instructionsText_;
    QWidget* trialPage_;
    QLabel* trialStatus_;
    QProgressBar* progress_;
    QStackedWidget* screens_;
    SliderRatingScreen* sliderScreen_;
    PairwiseScreen* pairwiseScreen_;
    ImagePrefetcher* sliderPrefetcher_;
    ImagePrefetcher* pairPrefetcher_;
    QWidget* interludePage_;
    QLabel* interludeTitle_;
    QLabel* interludeText_;
    QPushButton* interludeStop_;
    QWidget* endPage_;
    QLabel* endTitle_;
    QLabel* endText_;
    QLabel* codeLabel_;
};

}  // namespace tastelab::widgets

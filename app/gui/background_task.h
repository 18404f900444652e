// Long work off the GUI thread: runs a function on its own thread, reports progress with an ETA
// through queued signals, and stops when cancelled. Destroying the task cancels it and waits, so
// no work outlives its owner.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <limits>
#include <mutex>

class QThread;

namespace tastelab::gui {

class BackgroundTask : public QObject {
    Q_OBJECT

public:
    // Runs on the worker thread. Poll isCancelled() (or pass cancelFlag() down) and call
    // reportProgress() as work is done. An exception ends the task with its message as the error.
    using Work = std::function<void(BackgroundTask& task)>;

    explicit BackgroundTask(QObject* parent = nullptr);
    ~BackgroundTask() override;

    void start(Work work);
    void cancel();
    bool isCancelled() const { return cancelled_.load(); }
    const std::atomic<bool>* cancelFlag() const { return &cancelled_; }
    bool isRunning() const;
    // Blocks until the work has returned (the finished signal may still be queued).
    void wait();

    // Thread-safe; progressChanged is emitted on the task's own thread.
    void reportProgress(qint64 done, qint64 total);
    // Thread-safe: work in named phases. `phase` says what runs now (translated), `phaseFraction` how far that phase
    // is and `overallFraction` how far the whole work is (0..1; kept from going back). `etaSeconds` is the work's own
    // estimate (negative: none yet); NaN lets the task estimate from the time it has really run against the overall
    // fraction. phaseChanged is emitted on the task's own thread, at most every kPhaseIntervalMs within one phase so
    // that fast work does not flood the GUI thread with reports (and delay Cancel behind them).
    void reportPhase(const QString& phase, double phaseFraction, double overallFraction,
        double etaSeconds = std::numeric_limits<double>::quiet_NaN());

    static constexpr qint64 kPhaseIntervalMs = 50;

    // Seconds since start(); after the work returned, how long it ran.
    double elapsedSeconds() const;

    // "About 3 min left", "About 12 s left", "Less than a second left".
    static QString formatEta(double seconds);
    // "0.8 s", "42 s", "3 min 5 s", "1 h 12 min".
    static QString formatDuration(double seconds);

Q_SIGNALS:
    // etaSeconds is negative while no estimate is possible.
    void progressChanged(qint64 done, qint64 total, double etaSeconds);
    void phaseChanged(const QString& phase, double phaseFraction, double overallFraction, double etaSeconds);
    // error is empty on success.
    void finished(bool cancelled, const QString& error);

private:
    QThread* thread_ = nullptr;
    std::atomic<bool> cancelled_{false};
    QElapsedTimer clock_;
    std::atomic<qint64> ranMs_{-1};  // set when the work returns
    std::mutex phaseMutex_;
    double overall_ = 0;
    QString lastPhase_;  // what the last phaseChanged said, and when
    qint64 lastPhaseMs_ = -1;
    std::mutex errorMutex_;
    QString error_;
};

}  // namespace tastelab::gui

// Long work off the GUI thread: runs a function on its own thread, reports progress with an ETA
// through queued signals, and stops when cancelled. Destroying the task cancels it and waits, so
// no work outlives its owner.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
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

    // "About 3 min left", "About 12 s left", "Less than a second left".
    static QString formatEta(double seconds);

Q_SIGNALS:
    // etaSeconds is negative while no estimate is possible.
    void progressChanged(qint64 done, qint64 total, double etaSeconds);
    // error is empty on success.
    void finished(bool cancelled, const QString& error);

private:
    QThread* thread_ = nullptr;
    std::atomic<bool> cancelled_{false};
    QElapsedTimer clock_;
    std::mutex errorMutex_;
    QString error_;
};

}  // namespace tastelab::gui

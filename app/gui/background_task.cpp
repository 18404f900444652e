// BackgroundTask on a QThread; results and progress reach the GUI as queued signals.
#include "app/gui/background_task.h"

#include <QCoreApplication>
#include <QThread>

#include <exception>

namespace tastelab::gui {

BackgroundTask::BackgroundTask(QObject* parent)
    : QObject(parent)
{
}

BackgroundTask::~BackgroundTask()
{
    cancel();
    wait();
}

void BackgroundTask::start(Work work)
{
    if (isRunning()) return;
    cancelled_ = false;
    error_.clear();
    clock_.start();
    delete thread_;
    thread_ = QThread::create([this, work = std::move(work)] {
        try {
            work(*this);
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> lock(errorMutex_);
            error_ = QString::fromUtf8(e.what());
        } catch (...) {
            std::lock_guard<std::mutex> lock(errorMutex_);
            error_ = tr("The task failed with an unknown error.");
        }
    });
    connect(thread_, &QThread::finished, this, [this] {
        QString error;
        {
            std::lock_guard<std::mutex> lock(errorMutex_);
            error = error_;
        }
        Q_EMIT finished(cancelled_.load(), error);
    });
    thread_->start();
}

void BackgroundTask::cancel()
{
    cancelled_ = true;
}

bool BackgroundTask::isRunning() const
{
    return thread_ && thread_->isRunning();
}

void BackgroundTask::wait()
{
    if (thread_) thread_->wait();
}

void BackgroundTask::reportProgress(qint64 done, qint64 total)
{
    const double elapsed = clock_.elapsed() / 1000.0;
    const double eta = done > 0 && total >= done ? elapsed * double(total - done) / double(done) : -1.0;
    QMetaObject::invokeMethod(
        this, [this, done, total, eta] { Q_EMIT progressChanged(done, total, eta); }, Qt::QueuedConnection);
}

QString BackgroundTask::formatEta(double seconds)
{
    if (seconds < 0) return tr("Estimating time left…");
    if (seconds < 1) return tr("Less than a second left");
    if (seconds < 90) return tr("About %n s left", nullptr, int(seconds + 0.5));
    if (seconds < 5400) return tr("About %n min left", nullptr, int(seconds / 60 + 0.5));
    return tr("About %n h left", nullptr, int(seconds / 3600 + 0.5));
}

}  // namespace tastelab::gui

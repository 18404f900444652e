// BackgroundTask on a QThread; results and progress reach the GUI as queued signals.
#include "app/gui/background_task.h"

#include <QCoreApplication>
#include <QLocale>
#include <QThread>

#include <algorithm>
#include <cmath>
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
    ranMs_ = -1;
    {
        std::lock_guard<std::mutex> lock(phaseMutex_);
        overall_ = 0;
        lastPhase_.clear();
        lastPhaseMs_ = -1;
    }
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
        ranMs_ = clock_.elapsed();
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

void BackgroundTask::reportPhase(const QString& phase, double phaseFraction, double overallFraction, double etaSeconds)
{
    const double elapsed = clock_.elapsed() / 1000.0;
    double overall = 0;
    {
        std::lock_guard<std::mutex> lock(phaseMutex_);
        if (std::isfinite(overallFraction)) overall_ = std::max(overall_, std::min(1.0, overallFraction));
        overall = overall_;
        const qint64 now = clock_.elapsed();
        if (phase == lastPhase_ && overall < 1.0 && lastPhaseMs_ >= 0 && now - lastPhaseMs_ < kPhaseIntervalMs) return;
        lastPhase_ = phase;
        lastPhaseMs_ = now;
    }
    phaseFraction = std::isfinite(phaseFraction) ? std::clamp(phaseFraction, 0.0, 1.0) : 0.0;
    // Too little done for the rate to mean anything: no estimate rather than a wild one.
    double eta = etaSeconds;
    if (std::isnan(eta)) eta = overall >= 0.02 && elapsed > 0.2 ? elapsed * (1.0 - overall) / overall : -1.0;
    QMetaObject::invokeMethod(
        this, [this, phase, phaseFraction, overall, eta] { Q_EMIT phaseChanged(phase, phaseFraction, overall, eta); },
        Qt::QueuedConnection);
}

double BackgroundTask::elapsedSeconds() const
{
    const qint64 ran = ranMs_.load();
    if (ran >= 0) return ran / 1000.0;
    return clock_.isValid() ? clock_.elapsed() / 1000.0 : 0.0;
}

QString BackgroundTask::formatDuration(double seconds)
{
    const QLocale locale;
    if (seconds < 10) return tr("%1 s").arg(locale.toString(std::max(0.0, seconds), 'f', 1));
    const qint64 whole = qint64(seconds + 0.5);
    if (whole < 60) return tr("%1 s").arg(whole);
    if (whole < 3600) return tr("%1 min %2 s").arg(whole / 60).arg(whole % 60);
    return tr("%1 h %2 min").arg(whole / 3600).arg(whole % 3600 / 60);
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

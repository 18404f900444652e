// ImagePrefetcher: one map of entries under a mutex; jobs fill their entry only when it is still theirs,
// so eviction and a new target size never race with a running decode.
#include "widgets/image_prefetcher.h"

#include "widgets/image_canvas.h"

#include <QDir>
#include <QImageReader>
#include <QMutexLocker>

#include <algorithm>
#include <exception>

namespace tastelab::widgets {

ImagePrefetcher::ImagePrefetcher(QObject* parent)
    : QObject(parent)
{
    pool_.setMaxThreadCount(2);
}

ImagePrefetcher::~ImagePrefetcher()
{
    {
        QMutexLocker lock(&mutex_);
        entries_.clear();  // running jobs then find no entry and drop their result
    }
    pool_.clear();
    pool_.waitForDone();
}

QImage ImagePrefetcher::readImage(const QString& path, QString* error)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    QImage image;
    if (!reader.read(&image)) {
        if (error) *error = reader.errorString();
        return {};
    }
    return image;
}

void ImagePrefetcher::setLoader(Loader loader)
{
    QMutexLocker lock(&mutex_);
    loader_ = std::move(loader);
}

void ImagePrefetcher::setTargetSize(const QSize& devicePixels)
{
    QMutexLocker lock(&mutex_);
    if (devicePixels == target_) return;
    target_ = devicePixels;
    entries_.clear();
}

QSize ImagePrefetcher::targetSize() const
{
    QMutexLocker lock(&mutex_);
    return target_;
}

void ImagePrefetcher::setCapacity(int images)
{
    QMutexLocker lock(&mutex_);
    capacity_ = std::max(1, images);
    evictLocked(QString());
}

int ImagePrefetcher::capacity() const
{
    QMutexLocker lock(&mutex_);
    return capacity_;
}

void ImagePrefetcher::prefetch(const QString& path)
{
    QMutexLocker lock(&mutex_);
    if (auto it = entries_.find(path); it != entries_.end()) {
        it->lastUse = ++useClock_;
        return;
    }
    Entry entry;
    entry.job = nextJob_++;
    entry.lastUse = ++useClock_;
    entries_.insert(path, entry);
    evictLocked(path);
    const quint64 job = entry.job;
    Loader loader = loader_;
    const QSize target = target_;
    lock.unlock();
    pool_.start([this, path, job, loader = std::move(loader), target] { runJob(path, job, loader, target); });
}

void ImagePrefetcher::runJob(const QString& path, quint64 job, const Loader& loader, const QSize& target)
{
    QString error;
    const QImage image = loadScaled(loader, path, target, &error);
    {
        QMutexLocker lock(&mutex_);
        // Waiters re-check their entry also when this result is dropped.
        jobFinished_.wakeAll();
        const auto it = entries_.find(path);
        if (it == entries_.end() || it->job != job) return;
        it->done = true;
        it->image = image;
        if (error.isEmpty()) {
            errors_.remove(path);
        } else {
            errors_.insert(path, error);
        }
    }
    QMetaObject::invokeMethod(
        this, [this, path] { Q_EMIT ready(path); }, Qt::QueuedConnection);
}

QImage ImagePrefetcher::loadScaled(const Loader& loader, const QString& path, const QSize& target, QString* error)
{
    QString reason;
    QImage image;
    try {
        image = loader ? loader(path, &reason) : readImage(path, &reason);
    } catch (const std::exception& e) {
        image = QImage();
        reason = QString::fromUtf8(e.what());
    }
    if (image.isNull()) {
        if (reason.isEmpty()) reason = tr("no image data");
        *error = tr("Cannot read the image '%1': %2").arg(QDir::toNativeSeparators(path), reason);
        return {};
    }
    if (!target.isEmpty()) {
        const QSize fit = ImageCanvas::fitSize(image.size(), target);
        if (fit != image.size()) image = image.scaled(fit, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    // The formats QPixmap uses on the raster backends, so the GUI thread does not convert again.
    return image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
}

bool ImagePrefetcher::isReady(const QString& path) const
{
    QMutexLocker lock(&mutex_);
    const auto it = entries_.constFind(path);
    return it != entries_.constEnd() && it->done;
}

QImage ImagePrefetcher::image(const QString& path)
{
    QMutexLocker lock(&mutex_);
    if (auto it = entries_.find(path); it != entries_.end()) {
        const quint64 job = it->job;
        while (it != entries_.end() && it->job == job) {
            if (it->done) {
                ++hits_;
                it->lastUse = ++useClock_;
                return it->image;
            }
            jobFinished_.wait(&mutex_);
            it = entries_.find(path);
        }
        // The pending job was dropped (evicted or retargeted) while we waited: decode here.
    }
    ++misses_;
    const Loader loader = loader_;
    const QSize target = target_;
    lock.unlock();
    QString error;
    const QImage image = loadScaled(loader, path, target, &error);
    lock.relock();
    if (target == target_) storeLocked(path, image, error);
    return image;
}

void ImagePrefetcher::storeLocked(const QString& path, const QImage& image, const QString& error)
{
    Entry entry;
    entry.job = nextJob_++;
    entry.done = true;
    entry.image = image;
    entry.lastUse = ++useClock_;
    entries_.insert(path, entry);
    evictLocked(path);
    if (error.isEmpty()) {
        errors_.remove(path);
    } else {
        errors_.insert(path, error);
    }
}

void ImagePrefetcher::evictLocked(const QString& keep)
{
    while (entries_.size() > capacity_) {
        auto oldest = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it) {
            if (it.key() == keep) continue;
            if (oldest == entries_.end() || it->lastUse < oldest->lastUse) oldest = it;
        }
        if (oldest == entries_.end()) return;
        entries_.erase(oldest);
    }
}

QString ImagePrefetcher::errorString(const QString& path) const
{
    QMutexLocker lock(&mutex_);
    return errors_.value(path);
}

int ImagePrefetcher::hits() const
{
    QMutexLocker lock(&mutex_);
    return hits_;
}

int ImagePrefetcher::misses() const
{
    QMutexLocker lock(&mutex_);
    return misses_;
}

}  // namespace tastelab::widgets

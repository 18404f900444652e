// ImagePrefetcher: decodes and scales the upcoming stimuli off the GUI thread, so the next image is ready
// the moment an answer is given and the response clock is not skewed by decoding.
#pragma once

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QSize>
#include <QString>
#include <QThreadPool>
#include <QWaitCondition>

#include <functional>

namespace tastelab::widgets {

class ImagePrefetcher : public QObject {
    Q_OBJECT

public:
    // Decodes one file. On failure it returns a null image and sets *error to the reason; the prefetcher
    // adds the file's name. Called on worker threads, so it must not touch widgets.
    using Loader = std::function<QImage(const QString& path, QString* error)>;

    // The default loader: QImageReader with the EXIF orientation applied.
    static QImage readImage(const QString& path, QString* error);

    explicit ImagePrefetcher(QObject* parent = nullptr);
    // Cancels queued work and waits for running jobs.
    ~ImagePrefetcher() override;

    void setLoader(Loader loader);
    // Images are scaled to fit inside (aspect kept, smooth); an empty size keeps them as decoded.
    // Changing it drops the cached images, which were scaled for the old size.
    void setTargetSize(const QSize& devicePixels);
    QSize targetSize() const;
    // Least recently used images beyond this count (ready and pending together) are dropped; default 8.
    void setCapacity(int images);
    int capacity() const;

    // Queues decode and scale on the prefetcher's own pool of two threads; a path already known only
    // counts as recently used.
    void prefetch(const QString& path);
    bool isReady(const QString& path) const;
    // Ready: returns at once (a hit). Pending: waits for that job (a hit). Unknown: decodes on the calling
    // thread (a miss). A file that cannot be read gives a null QImage and errorString(path) names it.
    QImage image(const QString& path);
    QString errorString(const QString& path) const;
    int hits() const;
    int misses() const;

Q_SIGNALS:
    // The result for path is available (an image or an error); delivered on the prefetcher's thread.
    void ready(const QString& path);

private:
    struct Entry {
        quint64 job = 0;  // tells a job whether its entry is still the one it was started for
        bool done = false;
        QImage image;
        quint64 lastUse = 0;
    };

    static QImage loadScaled(const Loader& loader, const QString& path, const QSize& target, QString* error);
    void runJob(const QString& path, quint64 job, const Loader& loader, const QSize& target);
    void storeLocked(const QString& path, const QImage& image, const QString& error);
    void evictLocked(const QString& keep);

    mutable QMutex mutex_;
    QWaitCondition jobFinished_;
    QHash<QString, Entry> entries_;
    QHash<QString, QString> errors_;  // outlives eviction, so a failure can still be explained later
    Loader loader_;
    QSize target_;
    int capacity_ = 8;
    quint64 nextJob_ = 1;
    quint64 useClock_ = 0;
    int hits_ = 0;
    int misses_ = 0;
    QThreadPool pool_;
};

}  // namespace tastelab::widgets

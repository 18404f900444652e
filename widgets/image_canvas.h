// ImageCanvas: one stimulus image, as large as the widget allows, drawn pixel for pixel on HiDPI screens,
// and the moment it was first drawn (the stimulus onset a response time counts from).
#pragma once

#include <QImage>
#include <QPixmap>
#include <QString>
#include <QWidget>

namespace tastelab::widgets {

class ImageCanvas : public QWidget {
    Q_OBJECT

public:
    explicit ImageCanvas(QWidget* parent = nullptr);

    // token identifies the stimulus; firstPainted(token) follows the first paint after every call.
    void setImage(const QImage& image, quint64 token);
    void clear();
    void setPlaceholderText(const QString& text);
    // Where the image sits when its aspect leaves room; default Qt::AlignCenter.
    void setAlignment(Qt::Alignment alignment);
    Qt::Alignment alignment() const { return alignment_; }
    QString placeholderText() const { return placeholder_; }

    bool hasImage() const { return !image_.isNull(); }
    // The widget's size in device pixels: what a prefetcher should scale to.
    QSize targetPixelSize() const;
    // The largest size with the image's aspect ratio that fits inside target.
    static QSize fitSize(const QSize& image, const QSize& target);
    quint64 token() const { return token_; }
    // Pixel size of the pixmap last drawn; empty before the first draw.
    QSize drawnPixelSize() const { return drawnPixelSize_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // Emitted once per setImage(), from paintEvent, right after the image was actually drawn (stimulus onset).
    void firstPainted(quint64 token);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage image_;
    quint64 token_ = 0;
    QString placeholder_;
    Qt::Alignment alignment_ = Qt::AlignCenter;
    QPixmap scaled_;  // image_ at the last drawn size, so a repaint does not scale again
    QSize drawnPixelSize_;
    bool onsetPending_ = false;
};

}  // namespace tastelab::widgets

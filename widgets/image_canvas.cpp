// ImageCanvas: scales once per widget size (or not at all when the prefetcher already did) and draws at a
// whole device-pixel position, so the stimulus is as sharp as the screen allows.
#include "widgets/image_canvas.h"

#include <QPainter>

#include <cmath>

namespace tastelab::widgets {

ImageCanvas::ImageCanvas(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageCanvas::setImage(const QImage& image, quint64 token)
{
    image_ = image;
    token_ = token;
    scaled_ = QPixmap();
    drawnPixelSize_ = QSize();
    onsetPending_ = !image_.isNull();
    update();
}

void ImageCanvas::clear()
{
    image_ = QImage();
    scaled_ = QPixmap();
    drawnPixelSize_ = QSize();
    onsetPending_ = false;
    update();
}

void ImageCanvas::setPlaceholderText(const QString& text)
{
    placeholder_ = text;
    if (image_.isNull()) update();
}

void ImageCanvas::setAlignment(Qt::Alignment alignment)
{
    alignment_ = alignment;
    update();
}

QSize ImageCanvas::targetPixelSize() const
{
    const qreal ratio = devicePixelRatioF();
    return {int(std::lround(width() * ratio)), int(std::lround(height() * ratio))};
}

QSize ImageCanvas::fitSize(const QSize& image, const QSize& target)
{
    if (image.isEmpty() || target.isEmpty()) return {};
    return image.scaled(target, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
}

QSize ImageCanvas::sizeHint() const
{
    return {640, 480};
}

QSize ImageCanvas::minimumSizeHint() const
{
    return {160, 120};
}

void ImageCanvas::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    if (image_.isNull()) {
        if (!placeholder_.isEmpty()) {
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        }
        return;
    }
    const QSize target = targetPixelSize();
    const QSize fit = fitSize(image_.size(), target);
    if (fit.isEmpty()) return;
    const qreal ratio = devicePixelRatioF();
    if (scaled_.isNull() || scaled_.size() != fit) {
        scaled_ = image_.size() == fit
            ? QPixmap::fromImage(image_)
            : QPixmap::fromImage(image_.scaled(fit, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    }
    scaled_.setDevicePixelRatio(ratio);
    // Whole device pixels, so the pixmap is not resampled again by the painter.
    const int spareX = target.width() - fit.width();
    const int spareY = target.height() - fit.height();
    const int left = alignment_.testFlag(Qt::AlignLeft) ? 0 : alignment_.testFlag(Qt::AlignRight) ? spareX : spareX / 2;
    const int top = alignment_.testFlag(Qt::AlignTop) ? 0 : alignment_.testFlag(Qt::AlignBottom) ? spareY : spareY / 2;
    painter.drawPixmap(QPointF(left / ratio, top / ratio), scaled_);
    drawnPixelSize_ = scaled_.size();
    if (onsetPending_) {
        onsetPending_ = false;
        Q_EMIT firstPainted(token_);
    }
}

}  // namespace tastelab::widgets

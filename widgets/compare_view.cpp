// Two images side by side or as a wipe, and the comparison sheet written by the steering page's export.
#include "widgets/compare_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace tastelab::widgets {

namespace {

constexpr int kGap = 8;
constexpr int kCaptionLines = 2;

// The largest rectangle of `size`'s aspect ratio inside `bounds`, centered.
QRect fitted(const QSize& size, const QRect& bounds)
{
    if (size.isEmpty() || bounds.isEmpty()) return {};
    const QSize scaled = size.scaled(bounds.size(), Qt::KeepAspectRatio);
    return QRect(bounds.x() + (bounds.width() - scaled.width()) / 2,
        bounds.y() + (bounds.height() - scaled.height()) / 2, scaled.width(), scaled.height());
}

}  // namespace

CompareView::CompareView(QWidget* parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(240, 160);
    setAccessibleName(tr("Image comparison"));
}

void CompareView::setImages(
    const QImage& left, const QString& leftCaption, const QImage& right, const QString& rightCaption)
{
    left_ = left;
    right_ = right;
    leftCaption_ = leftCaption;
    rightCaption_ = rightCaption;
    setAccessibleDescription(tr("Left: %1. Right: %2.").arg(leftCaption, rightCaption));
    update();
}

void CompareView::clear()
{
    setImages({}, {}, {}, {});
}

void CompareView::setMode(Mode mode)
{
    if (mode_ == mode) return;
    mode_ = mode;
    update();
}

void CompareView::setWipePosition(double position)
{
    position = std::clamp(position, 0.0, 1.0);
    if (position == wipe_) return;
    wipe_ = position;
    update();
    Q_EMIT wipePositionChanged(wipe_);
}

QSize CompareView::sizeHint() const
{
    return {640, 400};
}

int CompareView::captionsHeight() const
{
    // At least kCaptionLines, more when a long caption (a prompt) wraps further at half the width.
    const int half = std::max(1, (width() - 3 * kGap) / 2);
    int height = kCaptionLines * fontMetrics().lineSpacing();
    for (const QString& text : {leftCaption_, rightCaption_}) {
        height =
            std::max(height, fontMetrics().boundingRect(QRect(0, 0, half, 100000), Qt::TextWordWrap, text).height());
    }
    return height + kGap;
}

QRect CompareView::wipeRect() const
{
    const int captions = captionsHeight();
    const QRect area = rect().adjusted(kGap, kGap, -kGap, -kGap - captions);
    return fitted(left_.isNull() ? right_.size() : left_.size(), area);
}

void CompareView::wipeTo(int x)
{
    const QRect r = wipeRect();
    if (r.width() > 0) setWipePosition(static_cast<double>(x - r.left()) / r.width());
}

void CompareView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const int captions = captionsHeight();
    if (!hasImages()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Nothing to compare yet."));
        return;
    }
    const auto caption = [&](const QRect& box, const QString& text, int align) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(box, align | Qt::AlignTop | Qt::TextWordWrap, text);
    };
    if (mode_ == Mode::SideBySide) {
        const int half = (width() - 3 * kGap) / 2;
        for (int side = 0; side < 2; ++side) {
            const QRect cell(kGap + side * (half + kGap), kGap, half, height() - 2 * kGap - captions);
            const QImage& image = side == 0 ? left_ : right_;
            const QRect target = fitted(image.size(), cell);
            painter.drawImage(target, image);
            caption(QRect(cell.left(), target.bottom() + kGap, cell.width(), captions),
                side == 0 ? leftCaption_ : rightCaption_, Qt::AlignHCenter);
        }
        return;
    }
    const QRect target = wipeRect();
    const int split = target.left() + qRound(wipe_ * target.width());
    painter.save();
    painter.setClipRect(QRect(target.left(), target.top(), split - target.left(), target.height()));
    painter.drawImage(target, left_);
    painter.setClipRect(QRect(split, target.top(), target.right() - split + 1, target.height()));
    painter.drawImage(target, right_);
    painter.restore();
    // The split line with a grip, visible on light and dark images alike.
    const QColor accent = palette().color(QPalette::Highlight);
    painter.setPen(QPen(Qt::white, 3));
    painter.drawLine(split, target.top(), split, target.bottom());
    painter.setPen(QPen(accent, 1));
    painter.drawLine(split, target.top(), split, target.bottom());
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(accent);
    painter.setPen(QPen(Qt::white, 2));
    painter.drawEllipse(QPoint(split, target.center().y()), 8, 8);
    if (hasFocus()) {
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(accent, 1, Qt::DotLine));
        painter.drawRect(target.adjusted(-2, -2, 1, 1));
    }
    const int half = target.width() / 2;
    const QRect below(target.left(), target.bottom() + kGap, half, captions);
    caption(below, leftCaption_, Qt::AlignLeft);
    caption(below.translated(target.width() - half, 0), rightCaption_, Qt::AlignRight);
}

void CompareView::mousePressEvent(QMouseEvent* event)
{
    if (mode_ == Mode::Wipe && event->button() == Qt::LeftButton) {
        wipeTo(qRound(event->position().x()));
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void CompareView::mouseMoveEvent(QMouseEvent* event)
{
    if (mode_ == Mode::Wipe && (event->buttons() & Qt::LeftButton)) {
        wipeTo(qRound(event->position().x()));
        event->accept();
        return;
    }
    QWidget::mouseMoveEvent(event);
}

void CompareView::keyPressEvent(QKeyEvent* event)
{
    if (mode_ == Mode::Wipe) {
        // Shift for fine steps.
        const double step = (event->modifiers() & Qt::ShiftModifier) ? 0.01 : 0.05;
        switch (event->key()) {
        case Qt::Key_Left:
            setWipePosition(wipe_ - step);
            return;
        case Qt::Key_Right:
            setWipePosition(wipe_ + step);
            return;
        case Qt::Key_Home:
            setWipePosition(0.0);
            return;
        case Qt::Key_End:
            setWipePosition(1.0);
            return;
        default:
            break;
        }
    }
    QWidget::keyPressEvent(event);
}

QImage CompareView::comparisonSheet(const QList<QPair<QImage, QString>>& panels, const QString& title)
{
    constexpr int kMargin = 16;
    constexpr int kMinHeight = 256;  // small renders are scaled up so captions have room
    int height = kMinHeight;
    for (const auto& panel : panels) height = std::max(height, panel.first.height());
    QList<QSize> sizes;
    int width = kMargin;
    for (const auto& panel : panels) {
        const QSize size = panel.first.isNull()
            ? QSize(height, height)
            : panel.first.size().scaled(QSize(1 << 20, height), Qt::KeepAspectRatio);
        sizes.append(size);
        width += size.width() + kMargin;
    }
    QFont titleFont;
    titleFont.setPixelSize(20);
    titleFont.setBold(true);
    QFont captionFont;
    captionFont.setPixelSize(14);
    const QFontMetrics titleMetrics(titleFont);
    const QFontMetrics captionMetrics(captionFont);
    width = std::max(width, titleMetrics.horizontalAdvance(title) + 2 * kMargin);
    int captionHeight = 0;
    for (int i = 0; i < panels.size(); ++i) {
        captionHeight = std::max(captionHeight,
            captionMetrics
                .boundingRect(
                    QRect(0, 0, sizes[i].width(), 1 << 20), Qt::AlignHCenter | Qt::TextWordWrap, panels[i].second)
                .height());
    }
    const int titleHeight = title.isEmpty() ? 0 : titleMetrics.lineSpacing() + kMargin;
    QImage sheet(width, kMargin + titleHeight + height + kMargin / 2 + captionHeight + kMargin, QImage::Format_RGB32);
    sheet.fill(Qt::white);
    QPainter painter(&sheet);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(Qt::black);
    if (!title.isEmpty()) {
        painter.setFont(titleFont);
        painter.drawText(QRect(kMargin, kMargin, width - 2 * kMargin, titleMetrics.lineSpacing()),
            Qt::AlignLeft | Qt::AlignVCenter, title);
    }
    painter.setFont(captionFont);
    int x = kMargin;
    const int top = kMargin + titleHeight;
    for (int i = 0; i < panels.size(); ++i) {
        const QRect target(x, top + (height - sizes[i].height()) / 2, sizes[i].width(), sizes[i].height());
        if (panels[i].first.isNull()) {
            painter.fillRect(target, QColor(230, 230, 230));
        } else {
            painter.drawImage(target, panels[i].first);
        }
        painter.drawText(QRect(x, top + height + kMargin / 2, sizes[i].width(), captionHeight),
            Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, panels[i].second);
        x += sizes[i].width() + kMargin;
    }
    return sheet;
}

}  // namespace tastelab::widgets

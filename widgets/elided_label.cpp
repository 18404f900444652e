// ElidedLabel: QLabel shows whatever it is given, so the shortened text is set on every resize and the minimum
// width stays small, which lets a narrow panel hold a long path without growing or clipping it.
#include "widgets/elided_label.h"

#include <QFontMetrics>

#include <algorithm>

namespace tastelab::widgets {

ElidedLabel::ElidedLabel(Qt::TextElideMode mode, QWidget* parent)
    : QLabel(parent)
    , mode_(mode)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
}

void ElidedLabel::setFullText(const QString& text)
{
    fullText_ = text;
    updateGeometry();
    elide();
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics fm(font());
    const QMargins m = contentsMargins();
    return {fm.horizontalAdvance(fullText_) + 2 * margin() + m.left() + m.right(),
        fm.height() + 2 * margin() + m.top() + m.bottom()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    // Room for a few characters either side of the "…".
    const QFontMetrics fm(font());
    const QSize full = sizeHint();
    return {std::min(full.width(), fm.averageCharWidth() * 12), full.height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::elide()
{
    const int room = contentsRect().width() - 2 * margin();
    const QString shown = QFontMetrics(font()).elidedText(fullText_, mode_, std::max(0, room));
    if (shown != text()) setText(shown);
    setToolTip(shown == fullText_ ? QString() : fullText_);
}

}  // namespace tastelab::widgets

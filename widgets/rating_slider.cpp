// RatingSlider: draws itself so the value stays a double (QSlider only knows ints) and so the unanswered
// state, the anchors and the word-wrapped labels look the same under every style and colour scheme.
#include "widgets/rating_slider.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionFocusRect>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tastelab::widgets {

namespace {

constexpr int kFocusMargin = 3;
constexpr double kTrackThickness = 4;
constexpr double kPageStep = 0.1;

// Screen readers get a slider with a numeric value; setting it counts as the person's answer.
class RatingSliderAccessible : public QAccessibleWidget, public QAccessibleValueInterface {
public:
    explicit RatingSliderAccessible(RatingSlider* slider)
        : QAccessibleWidget(slider, QAccessible::Slider)
    {
    }

    void* interface_cast(QAccessible::InterfaceType type) override
    {
        if (type == QAccessible::ValueInterface) return static_cast<QAccessibleValueInterface*>(this);
        return QAccessibleWidget::interface_cast(type);
    }

    QString text(QAccessible::Text type) const override
    {
        if (type == QAccessible::Value) return QString::number(std::lround(slider()->value() * 100));
        return QAccessibleWidget::text(type);
    }

    QVariant currentValue() const override { return slider()->value(); }
    void setCurrentValue(const QVariant& value) override { slider()->nudge(value.toDouble() - slider()->value()); }
    QVariant maximumValue() const override { return 1.0; }
    QVariant minimumValue() const override { return 0.0; }
    QVariant minimumStepSize() const override { return RatingSlider::kStep; }

private:
    RatingSlider* slider() const { return static_cast<RatingSlider*>(widget()); }
};

QAccessibleInterface* accessibleFactory(const QString&, QObject* object)
{
    if (auto* slider = qobject_cast<RatingSlider*>(object)) return new RatingSliderAccessible(slider);
    return nullptr;
}

}  // namespace

RatingSlider::RatingSlider(QWidget* parent)
    : QWidget(parent)
    , labels_(defaultAnchorLabels())
{
    static const bool factoryInstalled = [] {
        QAccessible::installFactory(accessibleFactory);
        return true;
    }();
    Q_UNUSED(factoryInstalled);

    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Rating"));
    setAccessibleDescription(tr("From \"%1\" to \"%2\"").arg(labels_.first(), labels_.last()));
}

QStringList RatingSlider::defaultAnchorLabels()
{
    return {tr("Strongly dislike"), tr("Dislike"), tr("Neutral"), tr("Like"), tr("Strongly like")};
}

void RatingSlider::setAnchorLabels(const QStringList& labels)
{
    if (labels.size() != kAnchorCount) {
        throw std::invalid_argument("RatingSlider: the anchor labels must be exactly 5, got "
            + std::to_string(labels.size()) + " (" + labels.join(QStringLiteral(", ")).toStdString() + ")");
    }
    labels_ = labels;
    setAccessibleDescription(tr("From \"%1\" to \"%2\"").arg(labels_.first(), labels_.last()));
    updateGeometry();
    update();
}

void RatingSlider::reset(double startPosition)
{
    start_ = std::clamp(startPosition, 0.0, 1.0);
    setValueInternal(start_);
    if (moved_) {
        moved_ = false;
        Q_EMIT movedChanged(false);
    }
    update();
}

void RatingSlider::nudge(double delta)
{
    setValueByPerson(value_ + delta);
}

void RatingSlider::jumpToAnchor(int index)
{
    if (index < 0 || index >= kAnchorCount) return;
    setValueByPerson(index / double(kAnchorCount - 1));
}

void RatingSlider::setValueByPerson(double value)
{
    setValueInternal(value);
    // Pressing Right at the top of the scale is still an answer: the person chose the end.
    if (!moved_) {
        moved_ = true;
        update();
        Q_EMIT movedChanged(true);
    }
}

void RatingSlider::setValueInternal(double value)
{
    value = std::clamp(value, 0.0, 1.0);
    if (value == value_) return;
    value_ = value;
    update();
    updateAccessibleValue();
    Q_EMIT valueChanged(value_);
}

void RatingSlider::updateAccessibleValue()
{
    if (!QAccessible::isActive()) return;
    QAccessibleValueChangeEvent event(this, value_);
    QAccessible::updateAccessibility(&event);
}

int RatingSlider::thumbRadius() const
{
    return std::max(8, fontMetrics().height() * 2 / 3);
}

QRectF RatingSlider::trackRect() const
{
    const double inset = kFocusMargin + thumbRadius();
    const double centreY = kFocusMargin + thumbRadius();
    return {inset, centreY - kTrackThickness / 2, std::max(1.0, width() - 2 * inset), kTrackThickness};
}

double RatingSlider::valueAt(double x) const
{
    const QRectF track = trackRect();
    return std::clamp((x - track.left()) / track.width(), 0.0, 1.0);
}

int RatingSlider::labelWidth() const
{
    int widest = 0;
    for (const QString& label : labels_) widest = std::max(widest, fontMetrics().horizontalAdvance(label));
    return widest + 2 * fontMetrics().averageCharWidth();
}

QRectF RatingSlider::labelRect(int index, int width) const
{
    const double inset = kFocusMargin + thumbRadius();
    const double spacing = std::max(1.0, width - 2 * inset) / (kAnchorCount - 1);
    // Each label may use the room up to halfway to its neighbours; the end labels reach the widget's edge
    // (see labelFlags), so long words there are not cut off.
    const double centre = inset + index * spacing;
    const double left = std::max(0.0, centre - spacing / 2 + 1);
    const double right = std::min<double>(width, centre + spacing / 2 - 1);
    const double top = kFocusMargin + 2.0 * thumbRadius() + 6;
    return {left, top, std::max(1.0, right - left), 100000.0};
}

int RatingSlider::labelFlags(int index)
{
    if (index == 0) return Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
    if (index == kAnchorCount - 1) return Qt::AlignRight | Qt::AlignTop | Qt::TextWordWrap;
    return Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap;
}

int RatingSlider::labelsHeight(int width) const
{
    int tallest = fontMetrics().height();
    for (int i = 0; i < kAnchorCount; ++i) {
        const QRect box = labelRect(i, width).toAlignedRect();
        const QRect bounds =
            fontMetrics().boundingRect(QRect(0, 0, box.width(), box.height()), labelFlags(i), labels_.at(i));
        tallest = std::max(tallest, bounds.height());
    }
    return tallest;
}

int RatingSlider::heightForWidth(int width) const
{
    return kFocusMargin + 2 * thumbRadius() + 6 + labelsHeight(width) + kFocusMargin;
}

QSize RatingSlider::sizeHint() const
{
    const int width = std::max(420, kAnchorCount * labelWidth() + 2 * (kFocusMargin + thumbRadius()));
    return {width, heightForWidth(width)};
}

QSize RatingSlider::minimumSizeHint() const
{
    // Narrow enough to wrap the labels, never so narrow that a single word of them is cut.
    int longestWord = 0;
    for (const QString& label : labels_) {
        for (const QString& word : label.split(QLatin1Char(' '), Qt::SkipEmptyParts))
            longestWord = std::max(longestWord, fontMetrics().horizontalAdvance(word));
    }
    // The end labels have half a spacing plus the inset, the others a whole spacing.
    const int inset = kFocusMargin + thumbRadius();
    const int spacing = std::max(longestWord, 2 * (longestWord - inset)) + 6;
    const int width = std::max(160, (kAnchorCount - 1) * spacing) + 2 * inset;
    return {width, heightForWidth(width)};
}

void RatingSlider::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& colours = palette();
    const QRectF track = trackRect();
    const double centreY = track.center().y();
    const int radius = thumbRadius();

    painter.setPen(Qt::NoPen);
    painter.setBrush(colours.color(QPalette::Mid));
    painter.drawRoundedRect(track, kTrackThickness / 2, kTrackThickness / 2);

    painter.setPen(QPen(colours.color(QPalette::WindowText), 1));
    for (int i = 0; i < kAnchorCount; ++i) {
        const double x = track.left() + track.width() * i / (kAnchorCount - 1);
        painter.drawLine(QPointF(x, centreY + kTrackThickness), QPointF(x, centreY + radius + 3));
    }
    for (int i = 0; i < kAnchorCount; ++i) {
        QRectF box = labelRect(i, width());
        box.setHeight(labelsHeight(width()));
        painter.drawText(box, labelFlags(i), labels_.at(i));
    }

    const QPointF thumb(track.left() + track.width() * value_, centreY);
    if (moved_) {
        painter.setPen(QPen(colours.color(QPalette::HighlightedText), 1.5));
        painter.setBrush(colours.color(QPalette::Highlight));
    } else {
        // Not yet answered: a hollow, dim ring so nobody mistakes the start position for an answer.
        painter.setPen(QPen(colours.color(QPalette::PlaceholderText), 2, Qt::DashLine));
        painter.setBrush(colours.color(QPalette::Window));
    }
    painter.drawEllipse(thumb, radius - 1.0, radius - 1.0);

    if (hasFocus()) {
        QStyleOptionFocusRect option;
        option.initFrom(this);
        option.backgroundColor = colours.color(QPalette::Window);
        style()->drawPrimitive(QStyle::PE_FrameFocusRect, &option, &painter, this);
    }
}

void RatingSlider::keyPressEvent(QKeyEvent* event)
{
    const double step = event->modifiers().testFlag(Qt::ShiftModifier) ? kFineStep : kStep;
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Down:
        nudge(-step);
        break;
    case Qt::Key_Right:
    case Qt::Key_Up:
        nudge(step);
        break;
    case Qt::Key_PageDown:
        nudge(-kPageStep);
        break;
    case Qt::Key_PageUp:
        nudge(kPageStep);
        break;
    case Qt::Key_Home:
        setValueByPerson(0);
        break;
    case Qt::Key_End:
        setValueByPerson(1);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void RatingSlider::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    setValueByPerson(valueAt(event->position().x()));
    event->accept();
}

void RatingSlider::mouseMoveEvent(QMouseEvent* event)
{
    if (!event->buttons().testFlag(Qt::LeftButton)) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    setValueByPerson(valueAt(event->position().x()));
    event->accept();
}

void RatingSlider::wheelEvent(QWheelEvent* event)
{
    const QPoint angle = event->angleDelta();
    const int eighths = angle.y() != 0 ? angle.y() : angle.x();
    if (eighths == 0) {
        event->ignore();
        return;
    }
    // 120 eighths of a degree is one notch; high-resolution wheels send fractions of it.
    const double step = event->modifiers().testFlag(Qt::ShiftModifier) ? kFineStep : kStep;
    nudge(eighths / 120.0 * step);
    event->accept();
}

void RatingSlider::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) updateGeometry();
    QWidget::changeEvent(event);
}

}  // namespace tastelab::widgets

// RatingSlider: the continuous 0..1 answer scale of a slider study, with five anchor labels at equal
// spacing, full keyboard parity and a thumb that looks unanswered until the person moves it.
#pragma once

#include <QRectF>
#include <QStringList>
#include <QWidget>

namespace tastelab::widgets {

class RatingSlider : public QWidget {
    Q_OBJECT

public:
    static constexpr double kStep = 0.01;  // Left/Right nudge
    static constexpr double kFineStep = 0.001;  // with Shift (1000 steps over the scale)
    static constexpr int kAnchorCount = 5;

    explicit RatingSlider(QWidget* parent = nullptr);

    // The translated default anchors, from "Strongly dislike" to "Strongly like".
    static QStringList defaultAnchorLabels();

    // Exactly five labels, drawn under the track at 0, .25, .5, .75 and 1; throws std::invalid_argument otherwise.
    void setAnchorLabels(const QStringList& labels);
    QStringList anchorLabels() const { return labels_; }

    // Places the thumb at startPosition (clamped to 0..1) and clears moved().
    void reset(double startPosition);
    double value() const { return value_; }
    double startPosition() const { return start_; }
    bool moved() const { return moved_; }
    void nudge(double delta);
    void jumpToAnchor(int index);

    // Where the track runs, in widget coordinates: value 0 at its left edge, 1 at its right edge.
    QRectF trackRect() const;
    double valueAt(double x) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    void valueChanged(double value);
    void movedChanged(bool moved);

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    // Every change a person makes goes through here, so moved() cannot be missed.
    void setValueByPerson(double value);
    void setValueInternal(double value);
    void updateAccessibleValue();
    int thumbRadius() const;
    int labelWidth() const;
    int labelsHeight(int width) const;
    QRectF labelRect(int index, int width) const;
    static int labelFlags(int index);

    QStringList labels_;
    double value_ = 0.5;
    double start_ = 0.5;
    bool moved_ = false;
};

}  // namespace tastelab::widgets

// Two images compared: side by side, or as a wipe whose split line the user drags with the mouse or moves with the
// arrow keys, each with a caption. Also lays out comparison sheets (a row of captioned panels) for PNG export.
#pragma once

#include <QImage>
#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

namespace tastelab::widgets {

class CompareView : public QWidget {
    Q_OBJECT

public:
    enum class Mode { SideBySide, Wipe };

    explicit CompareView(QWidget* parent = nullptr);

    void setImages(const QImage& left, const QString& leftCaption, const QImage& right, const QString& rightCaption);
    void clear();
    const QImage& leftImage() const { return left_; }
    const QImage& rightImage() const { return right_; }
    const QString& leftCaption() const { return leftCaption_; }
    const QString& rightCaption() const { return rightCaption_; }
    bool hasImages() const { return !left_.isNull() && !right_.isNull(); }

    Mode mode() const { return mode_; }
    void setMode(Mode mode);
    // 0: all of the right image shows, 1: all of the left one.
    double wipePosition() const { return wipe_; }

    // A row of panels, each image scaled to the tallest one's height (at least 256 px) with its caption (may hold
    // several lines) underneath, under a title line; black on white, whatever the color scheme, so the sheet prints.
    static QImage comparisonSheet(const QList<QPair<QImage, QString>>& panels, const QString& title);

    QSize sizeHint() const override;

public Q_SLOTS:
    void setWipePosition(double position);

Q_SIGNALS:
    void wipePositionChanged(double position);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    // Where the wipe's image lies in the widget (the left image's aspect ratio, centered above the captions).
    QRect wipeRect() const;
    // The room below the images for the captions, wrapped at half the width.
    int captionsHeight() const;
    void wipeTo(int x);

    QImage left_, right_;
    QString leftCaption_, rightCaption_;
    Mode mode_ = Mode::SideBySide;
    double wipe_ = 0.5;
};

}  // namespace tastelab::widgets

// ElidedLabel: one line of text too long to always fit (a folder path), shortened with "…" to the width it is given;
// the whole text is its tool tip while it is shortened.
#pragma once

#include <QLabel>

namespace tastelab::widgets {

class ElidedLabel : public QLabel {
    Q_OBJECT
    // The text before shortening; the layout audit reads it to accept an intentional elision.
    Q_PROPERTY(QString fullText READ fullText WRITE setFullText)

public:
    explicit ElidedLabel(Qt::TextElideMode mode = Qt::ElideMiddle, QWidget* parent = nullptr);

    QString fullText() const { return fullText_; }
    void setFullText(const QString& text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elide();

    QString fullText_;
    Qt::TextElideMode mode_;
};

}  // namespace tastelab::widgets

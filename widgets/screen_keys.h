// The keys of an answer screen work whichever of its children has the focus, and before any application shortcut:
// a router installed on the screen and on its children hands them to the screen.
#pragma once

#include <QObject>

#include <functional>

class QKeyEvent;
class QWidget;

namespace tastelab::widgets {

class ScreenKeyRouter : public QObject {
    Q_OBJECT

public:
    using KeyTest = std::function<bool(const QKeyEvent* event)>;

    // isScreenKey says whether the screen owns a key; handle acts on a key press of one. Install after the screen's
    // children exist: the router watches the screen and the children present now.
    ScreenKeyRouter(QWidget* screen, KeyTest isScreenKey, KeyTest handle);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    KeyTest isScreenKey_;
    KeyTest handle_;
};

}  // namespace tastelab::widgets

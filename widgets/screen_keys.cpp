// Key routing for the answer screens.
#include "widgets/screen_keys.h"

#include <QEvent>
#include <QKeyEvent>
#include <QWidget>

namespace tastelab::widgets {

ScreenKeyRouter::ScreenKeyRouter(QWidget* screen, KeyTest isScreenKey, KeyTest handle)
    : QObject(screen)
    , isScreenKey_(std::move(isScreenKey))
    , handle_(std::move(handle))
{
    screen->installEventFilter(this);
    for (QWidget* child : screen->findChildren<QWidget*>()) child->installEventFilter(this);
}

bool ScreenKeyRouter::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (isScreenKey_(key)) {
            // Accepting the override keeps application shortcuts from taking the key first.
            event->accept();
            if (event->type() == QEvent::KeyPress) handle_(key);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace tastelab::widgets

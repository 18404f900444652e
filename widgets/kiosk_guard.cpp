// Kiosk lock: intercepts closing, window-manager shortcuts and the escape routes of a full-screen window.
#include "widgets/kiosk_guard.h"

#include <QApplication>
#include <QCloseEvent>
#include <QCryptographicHash>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QWidget>

namespace tastelab::widgets {

namespace {

QByteArray digest(const QByteArray& salt, const QString& pin)
{
    const QByteArray input = salt + pin.toUtf8();
    return QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex();
}

}  // namespace

KioskGuard::KioskGuard(QWidget* window, QString pinHash, QObject* parent)
    : QObject(parent)
    , window_(window)
    , pinHash_(std::move(pinHash))
{
    // Application-wide, so that no child widget or dialog can take a shortcut around the lock.
    qApp->installEventFilter(this);
    lock();
}

KioskGuard::~KioskGuard()
{
    qApp->removeEventFilter(this);
}

QString KioskGuard::hashPin(const QString& pin)
{
    QByteArray salt(16, '\0');
    for (auto& byte : salt) byte = static_cast<char>(QRandomGenerator::system()->bounded(256));
    const QByteArray saltHex = salt.toHex();
    const QByteArray stored = saltHex + ':' + digest(saltHex, pin);
    return QString::fromLatin1(stored);
}

bool KioskGuard::checkPin(const QString& pin, const QString& pinHash)
{
    const auto parts = pinHash.split(QLatin1Char(':'));
    if (parts.size() != 2 || pin.isEmpty()) return false;
    return digest(parts[0].toLatin1(), pin) == parts[1].toLatin1();
}

void KioskGuard::lock()
{
    locked_ = true;
    window_->setWindowState(window_->windowState() | Qt::WindowFullScreen);
}

bool KioskGuard::unlock(const QString& pin)
{
    if (!checkPin(pin, pinHash_)) {
        ++failedAttempts_;
        return false;
    }
    locked_ = false;
    window_->setWindowState(window_->windowState() & ~Qt::WindowFullScreen);
    Q_EMIT unlocked();
    return true;
}

bool KioskGuard::askForPin()
{
    if (asking_) return false;
    asking_ = true;
    bool ok = false;
    const QString pin = QInputDialog::getText(window_, tr("Administrator"),
        tr("Enter the administrator PIN to leave the kiosk:"), QLineEdit::Password, QString(), &ok);
    asking_ = false;
    return ok && unlock(pin);
}

bool KioskGuard::eventFilter(QObject* watched, QEvent* event)
{
    if (!locked_) return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Close:
        if (watched == window_) {
            event->ignore();
            return true;
        }
        break;
    case QEvent::KeyPress:
    case QEvent::ShortcutOverride: {
        const auto* key = static_cast<QKeyEvent*>(event);
        const auto mods = key->modifiers();
        if (key->key() == Qt::Key_Q && mods == (Qt::ControlModifier | Qt::ShiftModifier)) {
            if (event->type() == QEvent::KeyPress) askForPin();
            return true;
        }
        // Swallow the usual ways out: Escape (leaves full screen in some window managers), Alt+F4, Ctrl+Q/W, F11.
        const bool escape = key->key() == Qt::Key_Escape && !asking_;
        const bool quit = (mods & Qt::ControlModifier) && (key->key() == Qt::Key_Q || key->key() == Qt::Key_W);
        const bool altF4 = (mods & Qt::AltModifier) && key->key() == Qt::Key_F4;
        if (escape || quit || altF4 || key->key() == Qt::Key_F11) return true;
        break;
    }
    case QEvent::WindowStateChange:
        if (watched == window_ && !(window_->windowState() & Qt::WindowFullScreen)) {
            window_->setWindowState(window_->windowState() | Qt::WindowFullScreen);
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace tastelab::widgets

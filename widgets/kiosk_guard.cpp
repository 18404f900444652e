// Kiosk lock: intercepts closing, window-manager shortcuts and the escape routes of a full-screen window.
#include "widgets/kiosk_guard.h"

#include <QApplication>
#include <QCloseEvent>
#include <QCryptographicHash>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenuBar>
#include <QStringList>
#include <QWidget>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace tastelab::widgets {

namespace {

const QString kScheme = QStringLiteral("pbkdf2-sha256");
constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;
// A stored hash asking for more is refused: it would hang the kiosk for minutes.
constexpr int kMaxIterations = 10000000;

QByteArray pbkdf2(const QString& pin, const QByteArray& salt, int iterations)
{
    const QByteArray password = pin.toUtf8();
    QByteArray out(kHashBytes, '\0');
    if (PKCS5_PBKDF2_HMAC(password.constData(), password.size(),
            reinterpret_cast<const unsigned char*>(salt.constData()), salt.size(), iterations, EVP_sha256(), out.size(),
            reinterpret_cast<unsigned char*>(out.data()))
        != 1) {
        throw std::runtime_error("PBKDF2 failed in OpenSSL");
    }
    return out;
}

bool sameBytes(const QByteArray& a, const QByteArray& b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), static_cast<std::size_t>(a.size())) == 0;
}

struct Pbkdf2Hash {
    int iterations = 0;
    QByteArray salt, hash;
};

// nullopt-like: iterations 0 when `text` is not "pbkdf2-sha256$N$salt$hash".
Pbkdf2Hash parsePbkdf2(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != kScheme) return {};
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < 1 || iterations > kMaxIterations) return {};
    const auto salt = QByteArray::fromBase64Encoding(parts[2].toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto hash = QByteArray::fromBase64Encoding(parts[3].toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !hash || salt.decoded.isEmpty() || hash.decoded.size() != kHashBytes) return {};
    return {iterations, salt.decoded, hash.decoded};
}

// TasteLab 0.1: "<32 hex digits of salt>:<sha256(salt hex + PIN) in hex>".
bool isLegacy(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char(':'));
    return parts.size() == 2 && !parts[0].isEmpty() && parts[1].size() == 64;
}

bool checkLegacy(const QString& pin, const QString& text)
{
    const QStringList parts = text.split(QLatin1Char(':'));
    const QByteArray salt = parts[0].toLatin1();
    const QByteArray input = salt + pin.toUtf8();
    const QByteArray digest = QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex();
    return sameBytes(digest, parts[1].toLatin1());
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
    QByteArray salt(kSaltBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), salt.size()) != 1) {
        throw std::runtime_error("OpenSSL could not produce random bytes for the PIN's salt");
    }
    const QByteArray hash = pbkdf2(pin, salt, kPbkdf2Iterations);
    return QStringLiteral("%1$%2$%3$%4")
        .arg(kScheme)
        .arg(kPbkdf2Iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.toBase64()));
}

bool KioskGuard::checkPin(const QString& pin, const QString& pinHash)
{
    if (pin.isEmpty()) return false;
    if (const Pbkdf2Hash stored = parsePbkdf2(pinHash); stored.iterations > 0) {
        return sameBytes(pbkdf2(pin, stored.salt, stored.iterations), stored.hash);
    }
    return isLegacy(pinHash) && checkLegacy(pin, pinHash);
}

bool KioskGuard::needsRehash(const QString& pinHash)
{
    const Pbkdf2Hash stored = parsePbkdf2(pinHash);
    return stored.iterations > 0 ? stored.iterations < kPbkdf2Iterations : isLegacy(pinHash);
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
    if (needsRehash(pinHash_)) {
        pinHash_ = hashPin(pin);
        Q_EMIT pinHashUpgraded(pinHash_);
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

ParticipantLock::ParticipantLock(QWidget* screens, bool offerLeave, QObject* parent)
    : QObject(parent)
    , screens_(screens)
    , offerLeave_(offerLeave)
{
    QWidget* window = screens->window();
    if (auto* bar = window->findChild<QMenuBar*>(QString(), Qt::FindDirectChildrenOnly); bar != nullptr) {
        menuBarWasEnabled_ = bar->isEnabled();
        bar->setEnabled(false);
        menuBar_ = bar;
    }
    // Application-wide: a shortcut event goes to its QAction or QShortcut, wherever that lives.
    qApp->installEventFilter(this);
}

ParticipantLock::~ParticipantLock()
{
    release();
}

void ParticipantLock::release()
{
    if (!held_) return;
    held_ = false;
    qApp->removeEventFilter(this);
    if (QMenuBar* bar = menuBar_.data(); bar != nullptr) bar->setEnabled(menuBarWasEnabled_);
}

bool ParticipantLock::belongsToScreens(const QObject* object) const
{
    // The QObject chain, not QWidget::isAncestorOf, so that a dialog the screens open (a separate window) counts too.
    for (const QObject* o = object; o != nullptr; o = o->parent()) {
        if (o == screens_) return true;
    }
    return false;
}

bool ParticipantLock::eventFilter(QObject* watched, QEvent* event)
{
    if (!held_ || !screens_) return QObject::eventFilter(watched, event);
    if (event->type() == QEvent::Shortcut && !belongsToScreens(watched)) {
        ++blocked_;
        return true;
    }
    if (offerLeave_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Q && key->modifiers() == (Qt::ControlModifier | Qt::ShiftModifier)) {
            Q_EMIT leaveRequested();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace tastelab::widgets

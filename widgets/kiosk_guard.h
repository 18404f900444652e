// Locks a window for unattended participants: full screen, no menus, and no way to close it or reach anything else
// without the admin PIN. The PIN is kept only as a slow salted hash: PBKDF2-HMAC-SHA256 (OpenSSL) with a random
// 16-byte salt and 600,000 iterations, as OWASP recommends for PBKDF2-SHA256, so that a copied settings file does not
// give the PIN away to a quick search over all short PINs.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QMenuBar;
class QWidget;

namespace tastelab::widgets {

class KioskGuard : public QObject {
    Q_OBJECT

public:
    // Locks `window` (not owned) at once. `pinHash` comes from hashPin(); an empty hash cannot be unlocked, so the
    // caller must refuse kiosk mode until an admin PIN is set.
    KioskGuard(QWidget* window, QString pinHash, QObject* parent = nullptr);
    ~KioskGuard() override;

    static constexpr int kPbkdf2Iterations = 600000;
    // "pbkdf2-sha256$600000$<salt, base64>$<32-byte hash, base64>" with a fresh random salt.
    static QString hashPin(const QString& pin);
    // Compares in constant time. Also accepts the format of TasteLab 0.1, "<salt hex>:<sha256 hex>" (one round of
    // SHA-256), so that a kiosk set up before still opens; unlock() then replaces it (needsRehash()). False for an
    // empty PIN and for a hash in neither format.
    static bool checkPin(const QString& pin, const QString& pinHash);
    // Whether `pinHash` is the old format or has fewer iterations than kPbkdf2Iterations.
    static bool needsRehash(const QString& pinHash);

    bool isLocked() const { return locked_; }
    // Unlocks when the PIN is right; returns whether it did. Wrong attempts are counted. A right PIN stored in an old
    // or weaker format is hashed again and announced with pinHashUpgraded(), for the caller to save.
    bool unlock(const QString& pin);
    void lock();
    int failedAttempts() const { return failedAttempts_; }
    // Asks for the PIN in a dialog (Ctrl+Shift+Q opens it too); returns whether it unlocked.
    bool askForPin();

    const QString& pinHash() const { return pinHash_; }

Q_SIGNALS:
    void unlocked();
    void pinHashUpgraded(const QString& pinHash);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* window_;
    QString pinHash_;
    bool locked_ = false;
    int failedAttempts_ = 0;
    bool asking_ = false;
};

// Keeps a window's menus, shortcuts and settings away from a participant while the participant's screens show, in
// kiosk mode or not: the window's menu bar is disabled and every shortcut that does not belong to `screens` (or to a
// dialog it opens) is swallowed, so that nothing an experimenter uses can open over a running trial and its clock.
// Blocking rather than pausing: a paused clock would still let a participant see the designer and other people's
// answers. Everything is restored by release() or the destructor.
class ParticipantLock : public QObject {
    Q_OBJECT

public:
    // `screens` (not owned) is the participant's widget; its window's menu bar is locked at once. With offerLeave,
    // Ctrl+Shift+Q announces leaveRequested() (outside the kiosk, where no PIN guards the way out).
    ParticipantLock(QWidget* screens, bool offerLeave, QObject* parent = nullptr);
    ~ParticipantLock() override;

    bool isHeld() const { return held_; }
    void release();
    // Shortcuts swallowed so far (the menu bar's mnemonics, Settings, the pages' keys, ...).
    int blockedShortcuts() const { return blocked_; }

Q_SIGNALS:
    void leaveRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool belongsToScreens(const QObject* object) const;

    QPointer<QWidget> screens_;
    QPointer<QMenuBar> menuBar_;
    bool menuBarWasEnabled_ = true;
    bool offerLeave_;
    bool held_ = true;
    int blocked_ = 0;
};

}  // namespace tastelab::widgets

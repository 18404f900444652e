// Locks a window for unattended participants: full screen, no menus, and no way to close it or reach anything else
// without the admin PIN. The PIN is kept only as a salted SHA-256.
#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace tastelab::widgets {

class KioskGuard : public QObject {
    Q_OBJECT

public:
    // Locks `window` (not owned) at once. `pinHash` comes from hashPin(); an empty hash cannot be unlocked, so the
    // caller must refuse kiosk mode until an admin PIN is set.
    KioskGuard(QWidget* window, QString pinHash, QObject* parent = nullptr);
    ~KioskGuard() override;

    // "salt:hex" with a random salt.
    static QString hashPin(const QString& pin);
    static bool checkPin(const QString& pin, const QString& pinHash);

    bool isLocked() const { return locked_; }
    // Unlocks when the PIN is right; returns whether it did. Wrong attempts are counted.
    bool unlock(const QString& pin);
    void lock();
    int failedAttempts() const { return failedAttempts_; }
    // Asks for the PIN in a dialog (Ctrl+Shift+Q opens it too); returns whether it unlocked.
    bool askForPin();

Q_SIGNALS:
    void unlocked();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* window_;
    QString pinHash_;
    bool locked_ = false;
    int failedAttempts_ = 0;
    bool asking_ = false;
};

}  // namespace tastelab::widgets

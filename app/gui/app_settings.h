// One typed facade over QSettings: every setting the GUI keeps has a key, a type and a default here,
// and enums are stored by name so that the file stays readable and survives reordering.
#pragma once

#include <QByteArray>
#include <QMetaEnum>
#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <type_traits>

namespace tastelab::gui {
Q_NAMESPACE

enum class ColorScheme { System, Light, Dark };
Q_ENUM_NS(ColorScheme)

template <typename T>
class SettingValue {
public:
    SettingValue(QSettings* store, QString key, T defaultValue)
        : store_(store)
        , key_(std::move(key))
        , default_(std::move(defaultValue))
    {
    }

    T get() const
    {
        const QVariant value = store_->value(key_);
        if (!value.isValid()) return default_;
        if constexpr (std::is_enum_v<T>) {
            bool ok = false;
            const int raw = QMetaEnum::fromType<T>().keyToValue(value.toString().toLatin1().constData(), &ok);
            return ok ? static_cast<T>(raw) : default_;
        } else {
            return value.canConvert<T>() ? value.template value<T>() : default_;
        }
    }

    void set(const T& value)
    {
        if constexpr (std::is_enum_v<T>) {
            store_->setValue(key_, QString::fromLatin1(QMetaEnum::fromType<T>().valueToKey(static_cast<int>(value))));
        } else {
            store_->setValue(key_, QVariant::fromValue(value));
        }
    }

    T defaultValue() const { return default_; }
    const QString& key() const { return key_; }
    operator T() const { return get(); }
    SettingValue& operator=(const T& value)
    {
        set(value);
        return *this;
    }

private:
    QSettings* store_;
    QString key_;
    T default_;
};

class AppSettings {
public:
    // The application's settings in the platform's usual place.
    static AppSettings& instance();
    // Settings kept in `store` (tests pass an INI file).
    explicit AppSettings(std::unique_ptr<QSettings> store);

    static constexpr int kMaxRecentWorkspaces = 10;

    // Appearance
    SettingValue<QString> language;  // "" follows the system locale, else a code such as "de"
    SettingValue<ColorScheme> colorScheme;
    // Compute: "auto", "cpu" or "cuda:N"
    SettingValue<QString> computeDevice;
    SettingValue<QString> modelsFolder;  // searched for pretrained models, besides the Hugging Face cache
    // Workspaces
    SettingValue<QString> workspaceFolder;  // where new workspaces are proposed
    SettingValue<QStringList> recentWorkspaces;
    SettingValue<bool> reopenLastWorkspace;
    // Studies: the kiosk's admin PIN as "salt:sha256hex" (never the PIN itself); empty until an admin sets one
    SettingValue<QString> kioskPinHash;
    // Window state
    SettingValue<QByteArray> mainWindowGeometry;
    SettingValue<QByteArray> mainWindowState;

    // Puts `folder` first in the recent list, dropping duplicates and the oldest beyond the limit.
    void addRecentWorkspace(const QString& folder);
    void removeRecentWorkspace(const QString& folder);
    void sync() { store_->sync(); }
    QSettings& store() { return *store_; }

private:
    std::unique_ptr<QSettings> store_;
};

}  // namespace tastelab::gui

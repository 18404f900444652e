// Keys and defaults of the GUI's settings.
#include "app/gui/app_settings.h"

#include <QDir>
#include <QStandardPaths>

namespace tastelab::gui {

AppSettings& AppSettings::instance()
{
    static AppSettings settings(std::make_unique<QSettings>());
    return settings;
}

AppSettings::AppSettings(std::unique_ptr<QSettings> store)
    : language(store.get(), QStringLiteral("appearance/language"), QString())
    , colorScheme(store.get(), QStringLiteral("appearance/colorScheme"), ColorScheme::System)
    , computeDevice(store.get(), QStringLiteral("compute/device"), QStringLiteral("auto"))
    , modelsFolder(store.get(), QStringLiteral("compute/modelsFolder"), QString())
    , workspaceFolder(store.get(), QStringLiteral("workspaces/folder"),
          QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
              .filePath(QStringLiteral("TasteLab")))
    , recentWorkspaces(store.get(), QStringLiteral("workspaces/recent"), QStringList())
    , reopenLastWorkspace(store.get(), QStringLiteral("workspaces/reopenLast"), true)
    , kioskPinHash(store.get(), QStringLiteral("studies/kioskPinHash"), QString())
    , mainWindowGeometry(store.get(), QStringLiteral("mainWindow/geometry"), QByteArray())
    , mainWindowState(store.get(), QStringLiteral("mainWindow/state"), QByteArray())
    , store_(std::move(store))
{
}

void AppSettings::addRecentWorkspace(const QString& folder)
{
    const QString clean = QDir::cleanPath(QDir(folder).absolutePath());
    QStringList list = recentWorkspaces;
    list.removeAll(clean);
    list.prepend(clean);
    while (list.size() > kMaxRecentWorkspaces) list.removeLast();
    recentWorkspaces = list;
}

void AppSettings::removeRecentWorkspace(const QString& folder)
{
    QStringList list = recentWorkspaces;
    list.removeAll(QDir::cleanPath(QDir(folder).absolutePath()));
    recentWorkspaces = list;
}

}  // namespace tastelab::gui

// Recent workspaces; a folder that no longer holds a workspace stays listed, greyed, until removed.
#include "widgets/recent_workspaces_model.h"

#include "app/services/workspace.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QPalette>

namespace tastelab::widgets {

RecentWorkspacesModel::RecentWorkspacesModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void RecentWorkspacesModel::setFolders(const QStringList& folders)
{
    beginResetModel();
    folders_ = folders;
    exists_.clear();
    for (const QString& folder : folders_) {
        exists_.append(services::Workspace::isWorkspace(folder.toStdString()));
    }
    endResetModel();
}

int RecentWorkspacesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(folders_.size());
}

QVariant RecentWorkspacesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= folders_.size()) return {};
    const QString& folder = folders_.at(index.row());
    const bool exists = exists_.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = QFileInfo(folder).fileName();
        const QString where = QDir::toNativeSeparators(QFileInfo(folder).path());
        return exists ? tr("%1 — in %2").arg(name, where) : tr("%1 — in %2 (missing)").arg(name, where);
    }
    case Qt::ToolTipRole:
        return exists ? QDir::toNativeSeparators(folder)
                      : tr("%1 no longer holds a workspace").arg(QDir::toNativeSeparators(folder));
    case Qt::ForegroundRole:
        return exists ? QVariant() : QVariant(QApplication::palette().color(QPalette::Disabled, QPalette::Text));
    case FolderRole:
        return folder;
    case ExistsRole:
        return exists;
    default:
        return {};
    }
}

QHash<int, QByteArray> RecentWorkspacesModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(FolderRole, "folder");
    names.insert(ExistsRole, "exists");
    return names;
}

}  // namespace tastelab::widgets

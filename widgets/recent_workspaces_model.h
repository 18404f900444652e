// The recently used workspaces as a list model: name for display, folder and existence as roles.
#pragma once

#include <QAbstractListModel>
#include <QStringList>

namespace tastelab::widgets {

class RecentWorkspacesModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        FolderRole = Qt::UserRole + 1,  // QString: absolute folder
        ExistsRole,  // bool: the folder still holds a workspace
    };

    explicit RecentWorkspacesModel(QObject* parent = nullptr);

    void setFolders(const QStringList& folders);
    QStringList folders() const { return folders_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QStringList folders_;
    QList<bool> exists_;
};

}  // namespace tastelab::widgets

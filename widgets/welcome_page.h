// Shown while no workspace is open: create one, open one, or pick a recent one.
#pragma once

#include <QWidget>

class QListView;

namespace tastelab::widgets {

class RecentWorkspacesModel;

class WelcomePage : public QWidget {
    Q_OBJECT

public:
    explicit WelcomePage(RecentWorkspacesModel* recent, QWidget* parent = nullptr);

Q_SIGNALS:
    void newWorkspaceRequested();
    void openWorkspaceRequested();
    void demoRequested();
    void recentWorkspaceActivated(const QString& folder);

private:
    QListView* recentView_;
};

}  // namespace tastelab::widgets

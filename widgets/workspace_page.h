// Overview of the open workspace: what it is and what it holds (the library page's side panel).
#pragma once

#include <QWidget>

class QLabel;

namespace tastelab::services {
struct WorkspaceSummary;
}

namespace tastelab::widgets {

class ElidedLabel;

class WorkspacePage : public QWidget {
    Q_OBJECT

public:
    explicit WorkspacePage(QWidget* parent = nullptr);

    void showSummary(const QString& folder, const services::WorkspaceSummary& summary);

private:
    QLabel* name_;
    ElidedLabel* folder_;
    QLabel* created_;
    QLabel* database_;
    QLabel* images_;
    QLabel* people_;
    QLabel* studies_;
    QLabel* ratings_;
    QLabel* comparisons_;
    QLabel* library_;
    QLabel* models_;
    QString folderPath_;
};

}  // namespace tastelab::widgets

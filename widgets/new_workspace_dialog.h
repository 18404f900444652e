// Asks for a new workspace's name and the folder it goes in.
#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace tastelab::widgets {

class NewWorkspaceDialog : public QDialog {
    Q_OBJECT

public:
    NewWorkspaceDialog(const QString& parentFolder, QWidget* parent = nullptr);

    QString workspaceName() const;
    // The folder that will be created: <location>/<name>.
    QString workspaceFolder() const;

private:
    void validate();

    QLineEdit* name_;
    QLineEdit* location_;
    QLabel* preview_;
    QDialogButtonBox* buttons_;
};

}  // namespace tastelab::widgets

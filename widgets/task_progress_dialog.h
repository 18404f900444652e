// A modal progress window for a BackgroundTask: what is happening, a bar, the time left, Cancel.
#pragma once

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;

namespace tastelab::gui {
class BackgroundTask;
}

namespace tastelab::widgets {

class TaskProgressDialog : public QDialog {
    Q_OBJECT

public:
    TaskProgressDialog(gui::BackgroundTask& task, const QString& what, QWidget* parent = nullptr);

    QString etaText() const;

protected:
    void reject() override;  // Escape and the close button cancel the task

private:
    gui::BackgroundTask& task_;
    QLabel* counts_;
    QLabel* eta_;
    QProgressBar* bar_;
    QPushButton* cancel_;
};

}  // namespace tastelab::widgets

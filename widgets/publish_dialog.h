// Study > Publish…: serves a study to participants' browsers from this computer (services::web::StudyServer on a
// background thread), makes participant links, shows the addresses and live progress per participant, and stops.
#pragma once

#include <QDialog>
#include <QString>

#include <memory>
#include <thread>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace tastelab::services::web {
class StudyServer;
}

namespace tastelab::widgets {

class PublishDialog : public QDialog {
    Q_OBJECT

public:
    // `workspaceFolder` is opened again by the server (its own connection); `study` is preselected when given.
    PublishDialog(const QString& workspaceFolder, const QString& study, QWidget* parent = nullptr);
    ~PublishDialog() override;

    bool isServing() const { return server_ != nullptr; }
    int port() const;
    QString baseUrl() const;

public Q_SLOTS:
    // Starts serving with the settings in the form; a problem (port taken, ...) is shown and nothing runs.
    bool start();
    void stop();
    void refreshProgress();

    // For tests: the form and the progress table.
    QSpinBox* portBox() const { return port_; }
    QSpinBox* newParticipantsBox() const { return newParticipants_; }
    QStandardItemModel* progressModel() const { return progress_; }
    QString shownLinks() const;

private:
    void saveLinks();
    void updateButtons();

    QString workspaceFolder_;
    QComboBox* study_ = nullptr;
    QComboBox* bind_ = nullptr;
    QSpinBox* port_ = nullptr;
    QSpinBox* newParticipants_ = nullptr;
    QCheckBox* externalIds_ = nullptr;
    QLineEdit* redirect_ = nullptr;
    QLabel* address_ = nullptr;
    QPlainTextEdit* links_ = nullptr;
    QStandardItemModel* progress_ = nullptr;
    QTableView* progressView_ = nullptr;
    QPushButton* startButton_ = nullptr;
    QPushButton* stopButton_ = nullptr;
    QPushButton* saveLinksButton_ = nullptr;
    QTimer* timer_ = nullptr;
    QString linksCsv_;
    std::unique_ptr<services::web::StudyServer> server_;
    std::thread thread_;
};

}  // namespace tastelab::widgets

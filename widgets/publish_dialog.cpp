// Publishing a study from the GUI: the same server as `tastelab-cli serve`, run on a background thread.
#include "widgets/publish_dialog.h"

#include "app/services/web/study_server.h"
#include "app/services/workspace.h"
#include "storage/studies.h"
#include "util/atomic_file.h"
#include "util/csv.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace tastelab::widgets {

PublishDialog::PublishDialog(const QString& workspaceFolder, const QString& study, QWidget* parent)
    : QDialog(parent)
    , workspaceFolder_(workspaceFolder)
{
    setWindowTitle(tr("Publish a Study"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    study_ = new QComboBox(this);
    try {
        auto workspace = services::Workspace::open(workspaceFolder.toStdString());
        for (const auto& s : storage::StudyStore(workspace.database()).listStudies())
            study_->addItem(QString::fromStdString(s.name));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot Publish"), QString::fromStdString(e.what()));
    }
    if (!study.isEmpty()) study_->setCurrentText(study);
    bind_ = new QComboBox(this);
    bind_->addItem(tr("This computer only (127.0.0.1)"), QStringLiteral("127.0.0.1"));
    bind_->addItem(tr("Every network interface (0.0.0.0)"), QStringLiteral("0.0.0.0"));
    port_ = new QSpinBox(this);
    port_->setRange(0, 65535);
    port_->setSpecialValueText(tr("Any free port"));
    port_->setValue(8080);
    newParticipants_ = new QSpinBox(this);
    newParticipants_->setRange(0, 10000);
    newParticipants_->setValue(10);
    externalIds_ = new QCheckBox(tr("Let a panel's participant id open the study (/join?pid=ID)"), this);
    redirect_ = new QLineEdit(this);
    redirect_->setPlaceholderText(tr("Optional: https://panel.example/done?code={code}"));
    form->addRow(tr("Study:"), study_);
    form->addRow(tr("Listen on:"), bind_);
    form->addRow(tr("Port:"), port_);
    form->addRow(tr("New participant links:"), newParticipants_);
    form->addRow(externalIds_);
    form->addRow(tr("Redirect at the end:"), redirect_);
    layout->addLayout(form);

    address_ = new QLabel(tr("Not serving."), this);
    address_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    address_->setWordWrap(true);
    layout->addWidget(address_);
    links_ = new QPlainTextEdit(this);
    links_->setReadOnly(true);
    links_->setPlaceholderText(tr("The new participant links appear here. Save them: only a hash of each is kept."));
    links_->setMaximumHeight(120);
    layout->addWidget(links_);

    progress_ = new QStandardItemModel(0, 5, this);
    progress_->setHorizontalHeaderLabels(
        {tr("Participant"), tr("External id"), tr("Answered"), tr("Planned"), tr("Status")});
    progressView_ = new QTableView(this);
    progressView_->setModel(progress_);
    progressView_->horizontalHeader()->setStretchLastSection(true);
    progressView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(progressView_, 1);

    auto* buttons = new QDialogButtonBox(this);
    startButton_ = buttons->addButton(tr("&Start"), QDialogButtonBox::ActionRole);
    stopButton_ = buttons->addButton(tr("S&top"), QDialogButtonBox::ActionRole);
    saveLinksButton_ = buttons->addButton(tr("Save &Links…"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);
    connect(startButton_, &QPushButton::clicked, this, &PublishDialog::start);
    connect(stopButton_, &QPushButton::clicked, this, &PublishDialog::stop);
    connect(saveLinksButton_, &QPushButton::clicked, this, &PublishDialog::saveLinks);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    timer_ = new QTimer(this);
    timer_->setInterval(2000);
    connect(timer_, &QTimer::timeout, this, &PublishDialog::refreshProgress);
    resize(720, 560);
    updateButtons();
}

PublishDialog::~PublishDialog()
{
    stop();
}

QString PublishDialog::shownLinks() const
{
    return links_->toPlainText();
}

int PublishDialog::port() const
{
    return server_ ? server_->port() : 0;
}

QString PublishDialog::baseUrl() const
{
    return server_ ? QString::fromStdString(server_->baseUrl()) : QString();
}

bool PublishDialog::start()
{
    if (server_ || study_->currentText().isEmpty()) return false;
    services::web::StudyServerOptions options;
    options.workspace = workspaceFolder_.toStdString();
    options.study = study_->currentText().toStdString();
    options.bind = bind_->currentData().toString().toStdString();
    options.port = port_->value();
    options.allowExternalId = externalIds_->isChecked();
    options.redirectUrl = redirect_->text().trimmed().toStdString();
    try {
        auto server = std::make_unique<services::web::StudyServer>(options);
        server->bind();
        const auto links = server->createParticipants(newParticipants_->value());
        linksCsv_ = QStringLiteral("pseudonym,token,url\n");
        QString shown;
        for (const auto& l : links) {
            linksCsv_ += QString::fromStdString(
                util::csvEscape(l.pseudonym) + "," + l.token + "," + util::csvEscape(l.url) + "\n");
            shown += QString::fromStdString(l.pseudonym + "  " + l.url) + QLatin1Char('\n');
        }
        links_->setPlainText(shown);
        server_ = std::move(server);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot Publish"), QString::fromStdString(e.what()));
        return false;
    }
    thread_ = std::thread([server = server_.get()] { server->run(); });
    address_->setText(
        tr("Serving at %1. Admin view: %1/admin?key=%2").arg(baseUrl(), QString::fromStdString(server_->adminToken())));
    timer_->start();
    refreshProgress();
    updateButtons();
    return true;
}

void PublishDialog::stop()
{
    if (!server_) return;
    timer_->stop();
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    address_->setText(tr("Stopped. Participants who open their link now see no page; start again to go on."));
    updateButtons();
}

void PublishDialog::refreshProgress()
{
    if (!server_) return;
    const auto rows = server_->progress();
    progress_->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        const auto& p = rows[static_cast<std::size_t>(r)];
        const QString status = p.revoked ? tr("withdrawn")
            : p.status == "completed"    ? tr("completed")
            : p.status == "open"         ? tr("in progress")
            : p.status == "abandoned"    ? tr("abandoned")
                                         : tr("not started");
        const QStringList cells = {QString::fromStdString(p.pseudonym),
            QString::fromStdString(p.externalId.value_or(std::string())), QString::number(p.answeredTrials),
            QString::number(p.plannedTrials), status};
        for (int c = 0; c < cells.size(); ++c) progress_->setItem(r, c, new QStandardItem(cells[c]));
    }
}

void PublishDialog::saveLinks()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save Participant Links"), QStringLiteral("links.csv"), tr("CSV files (*.csv)"));
    if (file.isEmpty()) return;
    try {
        util::writeFileAtomically(file.toStdString(), linksCsv_.toStdString());
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot Save the Links"), QString::fromStdString(e.what()));
    }
}

void PublishDialog::updateButtons()
{
    const bool serving = server_ != nullptr;
    startButton_->setEnabled(!serving && study_->count() > 0);
    stopButton_->setEnabled(serving);
    saveLinksButton_->setEnabled(!linksCsv_.isEmpty());
    for (QWidget* w : std::initializer_list<QWidget*>{study_, bind_, port_, newParticipants_, externalIds_, redirect_})
        w->setEnabled(!serving);
}

}  // namespace tastelab::widgets

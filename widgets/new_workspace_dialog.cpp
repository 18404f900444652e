// New workspace dialog; OK stays disabled until the target folder is usable.
#include "widgets/new_workspace_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tastelab::widgets {

NewWorkspaceDialog::NewWorkspaceDialog(const QString& parentFolder, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("New Workspace"));
    name_ = new QLineEdit(tr("My Taste"), this);
    name_->selectAll();
    location_ = new QLineEdit(QDir::toNativeSeparators(parentFolder), this);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Choose Where to Create the Workspace"), QDir::fromNativeSeparators(location_->text()));
        if (!folder.isEmpty()) location_->setText(QDir::toNativeSeparators(folder));
    });
    auto* locationRow = new QHBoxLayout;
    locationRow->addWidget(location_, 1);
    locationRow->addWidget(browse);

    preview_ = new QLabel(this);
    preview_->setWordWrap(true);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Create"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("&Location:"), locationRow);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(preview_);
    layout->addWidget(buttons_);

    connect(name_, &QLineEdit::textChanged, this, &NewWorkspaceDialog::validate);
    connect(location_, &QLineEdit::textChanged, this, &NewWorkspaceDialog::validate);
    validate();
    resize(520, sizeHint().height());
}

QString NewWorkspaceDialog::workspaceName() const
{
    return name_->text().trimmed();
}

QString NewWorkspaceDialog::workspaceFolder() const
{
    return QDir(QDir::fromNativeSeparators(location_->text().trimmed())).filePath(workspaceName());
}

void NewWorkspaceDialog::validate()
{
    QString problem;
    const QString name = workspaceName();
    if (name.isEmpty()) {
        problem = tr("Enter a name for the workspace.");
    } else if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\'))) {
        problem = tr("The name cannot contain '/' or '\\'.");
    } else if (location_->text().trimmed().isEmpty()) {
        problem = tr("Choose a location.");
    } else {
        const QFileInfo target(workspaceFolder());
        if (target.exists() && !(target.isDir() && QDir(target.filePath()).isEmpty())) {
            problem =
                tr("%1 already exists and is not an empty folder.").arg(QDir::toNativeSeparators(target.filePath()));
        }
    }
    preview_->setText(problem.isEmpty()
            ? tr("The workspace will be created in %1.").arg(QDir::toNativeSeparators(workspaceFolder()))
            : problem);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

}  // namespace tastelab::widgets

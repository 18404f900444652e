// The import dialog; Import stays disabled until the folder exists.
#include "widgets/import_images_dialog.h"

#include <QCheckBox>
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

ImportImagesDialog::ImportImagesDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Import Images"));
    folder_ = new QLineEdit(this);
    manifest_ = new QLineEdit(this);
    manifest_->setPlaceholderText(tr("Optional: CSV or JSON Lines with prompts and seeds"));
    auto* browseFolder = new QPushButton(tr("&Browse…"), this);
    auto* browseManifest = new QPushButton(tr("B&rowse…"), this);
    connect(browseFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder to Import"), folder_->text());
        if (!dir.isEmpty()) folder_->setText(QDir::toNativeSeparators(dir));
    });
    connect(browseManifest, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Manifest"), folder_->text(), tr("Manifests (*.csv *.jsonl *.ndjson);;All files (*)"));
        if (!file.isEmpty()) manifest_->setText(QDir::toNativeSeparators(file));
    });
    link_ = new QCheckBox(tr("&Reference the files where they are instead of copying them into the workspace"), this);
    problem_ = new QLabel(this);
    problem_->setWordWrap(true);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Import"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto row = [this](QLineEdit* edit, QPushButton* button) {
        auto* layout = new QHBoxLayout;
        layout->addWidget(edit, 1);
        layout->addWidget(button);
        return layout;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("&Folder:"), row(folder_, browseFolder));
    form->addRow(tr("&Manifest:"), row(manifest_, browseManifest));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(link_);
    layout->addWidget(problem_);
    layout->addWidget(buttons_);
    connect(folder_, &QLineEdit::textChanged, this, &ImportImagesDialog::validate);
    connect(manifest_, &QLineEdit::textChanged, this, &ImportImagesDialog::validate);
    validate();
    resize(600, sizeHint().height());
}

QString ImportImagesDialog::folder() const
{
    return QDir::fromNativeSeparators(folder_->text().trimmed());
}

QString ImportImagesDialog::manifest() const
{
    return QDir::fromNativeSeparators(manifest_->text().trimmed());
}

bool ImportImagesDialog::referenceInPlace() const
{
    return link_->isChecked();
}

void ImportImagesDialog::validate()
{
    QString problem;
    if (folder().isEmpty()) {
        problem = tr("Choose the folder that holds the images (PNG, JPEG, WebP).");
    } else if (!QFileInfo(folder()).isDir()) {
        problem = tr("%1 is not a folder.").arg(QDir::toNativeSeparators(folder()));
    } else if (!manifest().isEmpty() && !QFileInfo(manifest()).isFile()) {
        problem = tr("The manifest %1 does not exist.").arg(QDir::toNativeSeparators(manifest()));
    }
    problem_->setText(problem);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

}  // namespace tastelab::widgets

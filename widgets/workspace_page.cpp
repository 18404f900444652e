// The workspace overview, shown in the library's side panel: narrow, so long values wrap under their labels.
#include "widgets/workspace_page.h"

#include "app/services/workspace.h"
#include "widgets/elided_label.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace tastelab::widgets {

WorkspacePage::WorkspacePage(QWidget* parent)
    : QWidget(parent)
{
    name_ = new QLabel(this);
    QFont nameFont = name_->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.4);
    name_->setWordWrap(true);
    nameFont.setBold(true);
    name_->setFont(nameFont);

    auto makeValue = [this] {
        auto* label = new QLabel(this);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
        return label;
    };
    // A path has no room to wrap: shortened in the middle, where the folders between the root and the workspace
    // matter least, with the whole path as the tool tip.
    folder_ = new ElidedLabel(Qt::ElideMiddle, this);
    created_ = makeValue();
    database_ = makeValue();
    images_ = makeValue();
    people_ = makeValue();
    studies_ = makeValue();
    ratings_ = makeValue();
    comparisons_ = makeValue();
    library_ = makeValue();
    models_ = makeValue();

    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Folder:"), folder_);
    form->addRow(tr("Created:"), created_);
    form->addRow(tr("Database:"), database_);
    form->addRow(tr("Images:"), images_);
    form->addRow(tr("People:"), people_);
    form->addRow(tr("Studies:"), studies_);
    form->addRow(tr("Slider ratings:"), ratings_);
    form->addRow(tr("Pairwise choices:"), comparisons_);
    form->addRow(tr("Image library:"), library_);
    form->addRow(tr("Models:"), models_);

    auto* openFolder = new QPushButton(tr("Sh&ow in File Manager"), this);
    connect(openFolder, &QPushButton::clicked, this,
        [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(folderPath_)); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(name_);
    layout->addLayout(form);
    layout->addWidget(openFolder, 0, Qt::AlignLeft);
    layout->addStretch();
}

void WorkspacePage::showSummary(const QString& folder, const services::WorkspaceSummary& summary)
{
    const QLocale locale;
    folderPath_ = folder;
    name_->setText(QString::fromStdString(summary.name));
    folder_->setFullText(QDir::toNativeSeparators(folder));
    const QDateTime created = QDateTime::fromString(QString::fromStdString(summary.createdAt), Qt::ISODate);
    created_->setText(tr("%1 by %2")
                          .arg(locale.toString(created.toLocalTime(), QLocale::LongFormat),
                              QString::fromStdString(summary.createdBy)));
    database_->setText(tr("%1, schema version %2")
                           .arg(locale.formattedDataSize(qint64(summary.databaseBytes)))
                           .arg(summary.schemaVersion));
    images_->setText(locale.toString(qint64(summary.images)));
    people_->setText(locale.toString(qint64(summary.people)));
    studies_->setText(locale.toString(qint64(summary.studies)));
    ratings_->setText(locale.toString(qint64(summary.ratings)));
    comparisons_->setText(locale.toString(qint64(summary.comparisons)));
    library_->setText(tr("%n file(s)", nullptr, int(summary.libraryFiles)));
    models_->setText(tr("%n file(s)", nullptr, int(summary.modelFiles)));
}

}  // namespace tastelab::widgets

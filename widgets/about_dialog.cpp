// The About dialog.
#include "widgets/about_dialog.h"

#include "app/gui/app_icon.h"
#include "app/services/build_info.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtGlobal>

namespace tastelab::widgets {
namespace {

std::vector<services::Component> allComponents()
{
    auto list = services::components();
    list.insert(list.begin() + 1, services::Component{"Qt", qVersion()});
    return list;
}

}  // namespace

QString AboutDialog::versionsText()
{
    return QString::fromStdString(services::formatComponents(allComponents()));
}

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About TasteLab"));

    auto* icon = new QLabel(this);
    icon->setPixmap(gui::appIcon().pixmap(QSize(96, 96)));
    icon->setAlignment(Qt::AlignTop);

    auto* title = new QLabel(tr("<h2>TasteLab %1</h2>").arg(QString::fromStdString(services::tastelabVersion())), this);
    auto* description = new QLabel(
        tr("TasteLab learns one person's visual taste from their ratings and steers image generation toward it. "
           "Everything runs on this computer; ratings never leave it."),
        this);
    description->setWordWrap(true);

    QString table = QStringLiteral("<table>");
    for (const auto& component : allComponents()) {
        table += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                     .arg(QString::fromStdString(component.name).toHtmlEscaped(),
                         QString::fromStdString(component.version).toHtmlEscaped());
    }
    table += QStringLiteral("</table>");
    auto* versions = new QLabel(table, this);
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* licence = new QLabel(tr("Released under the MIT licence."), this);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("&Copy Versions"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [] { QApplication::clipboard()->setText(versionsText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(description);
    text->addWidget(versions);
    text->addWidget(licence);
    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(480);
}

}  // namespace tastelab::widgets

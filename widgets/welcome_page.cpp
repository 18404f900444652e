// The start page.
#include "widgets/welcome_page.h"

#include "app/gui/app_icon.h"
#include "widgets/recent_workspaces_model.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

namespace tastelab::widgets {

WelcomePage::WelcomePage(RecentWorkspacesModel* recent, QWidget* parent)
    : QWidget(parent)
{
    auto* logo = new QLabel(this);
    logo->setPixmap(gui::appIcon().pixmap(QSize(96, 96)));
    logo->setAlignment(Qt::AlignCenter);

    auto* title = new QLabel(tr("Welcome to TasteLab"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto* subtitle =
        new QLabel(tr("Rate images, learn one person's taste, and steer image generation toward it.\n"
                      "A workspace is one folder that holds the ratings database, the image library and the models."),
            this);
    subtitle->setAlignment(Qt::AlignCenter);
    subtitle->setWordWrap(true);

    auto* newButton = new QPushButton(tr("&New Workspace…"), this);
    auto* openButton = new QPushButton(tr("&Open Workspace…"), this);
    auto* demoButton = new QPushButton(tr("Open the &Demo"), this);
    demoButton->setToolTip(tr("A workspace of procedural images (not AI-generated) rated by simulated raters"));
    connect(demoButton, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    newButton->setDefault(true);
    connect(newButton, &QPushButton::clicked, this, &WelcomePage::newWorkspaceRequested);
    connect(openButton, &QPushButton::clicked, this, &WelcomePage::openWorkspaceRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(newButton);
    buttons->addWidget(openButton);
    buttons->addWidget(demoButton);
    buttons->addStretch();

    auto* recentLabel = new QLabel(tr("Recent workspaces"), this);
    recentView_ = new QListView(this);
    recentView_->setModel(recent);
    recentView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    recentView_->setAccessibleName(tr("Recent workspaces"));
    recentView_->setMaximumHeight(recentView_->fontMetrics().height() * 12);
    recentView_->setAlternatingRowColors(true);
    recentLabel->setBuddy(recentView_);
    connect(recentView_, &QListView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT recentWorkspaceActivated(index.data(RecentWorkspacesModel::FolderRole).toString());
    });

    auto* column = new QVBoxLayout;
    column->addStretch();
    column->addWidget(logo);
    column->addWidget(title);
    column->addWidget(subtitle);
    column->addSpacing(12);
    column->addLayout(buttons);
    column->addSpacing(24);
    column->addWidget(recentLabel);
    column->addWidget(recentView_);
    column->addStretch();

    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 3);
    outer->addStretch(1);
}

}  // namespace tastelab::widgets

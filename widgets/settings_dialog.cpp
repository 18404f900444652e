// The settings dialog edits AppSettings; the colour scheme applies at once, the language at restart.
#include "widgets/settings_dialog.h"

#include "app/gui/app_settings.h"
#include "app/gui/color_scheme.h"
#include "app/gui/language.h"
#include "app/services/build_info.h"
#include "app/services/model_locator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QStringListModel>
#include <QVBoxLayout>

namespace tastelab::widgets {

SettingsDialog::SettingsDialog(gui::AppSettings& settings, QWidget* parent)
    : QDialog(parent)
    , settings_(settings)
{
    setWindowTitle(tr("Settings"));

    // Appearance
    language_ = new QComboBox(this);
    language_->addItem(tr("System default"), QString());
    for (const gui::LanguageChoice& choice : gui::availableLanguages()) {
        language_->addItem(choice.nativeName, choice.code);
    }
    language_->setCurrentIndex(std::max(0, language_->findData(settings_.language.get())));
    restartNote_ = new QLabel(tr("The new language is used after TasteLab restarts."), this);
    restartNote_->setWordWrap(true);
    restartNote_->setVisible(false);
    connect(language_, &QComboBox::currentIndexChanged, this, [this] { restartNote_->setVisible(languageChanged()); });

    colorScheme_ = new QComboBox(this);
    colorScheme_->addItem(tr("System"), QVariant::fromValue(gui::ColorScheme::System));
    colorScheme_->addItem(tr("Light"), QVariant::fromValue(gui::ColorScheme::Light));
    colorScheme_->addItem(tr("Dark"), QVariant::fromValue(gui::ColorScheme::Dark));
    colorScheme_->setCurrentIndex(
        std::max(0, colorScheme_->findData(QVariant::fromValue(settings_.colorScheme.get()))));

    auto* appearance = new QGroupBox(tr("Appearance"), this);
    auto* appearanceForm = new QFormLayout(appearance);
    appearanceForm->addRow(tr("&Language:"), language_);
    appearanceForm->addRow(QString(), restartNote_);
    appearanceForm->addRow(tr("&Colour scheme:"), colorScheme_);

    // Compute
    device_ = new QComboBox(this);
    for (const std::string& device : services::computeDevices()) {
        const QString code = QString::fromStdString(device);
        QString label = code;
        if (code == QLatin1String("auto")) label = tr("Automatic (GPU when available)");
        if (code == QLatin1String("cpu")) label = tr("CPU");
        device_->addItem(label, code);
    }
    const int deviceIndex = device_->findData(settings_.computeDevice.get());
    if (deviceIndex < 0) {
        // A GPU chosen on another machine stays selected but is marked, rather than silently replaced.
        device_->addItem(tr("%1 (not available)").arg(settings_.computeDevice.get()), settings_.computeDevice.get());
        device_->setCurrentIndex(device_->count() - 1);
    } else {
        device_->setCurrentIndex(deviceIndex);
    }
    modelsFolder_ = new QLineEdit(QDir::toNativeSeparators(settings_.modelsFolder.get()), this);
    modelsFolder_->setPlaceholderText(tr("Optional: a folder with model folders"));
    auto* browseModels = new QPushButton(tr("Bro&wse…"), this);
    connect(browseModels, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Models Folder"), QDir::fromNativeSeparators(modelsFolder_->text()));
        if (!folder.isEmpty()) modelsFolder_->setText(QDir::toNativeSeparators(folder));
    });
    auto* modelsRow = new QHBoxLayout;
    modelsRow->addWidget(modelsFolder_, 1);
    modelsRow->addWidget(browseModels);
    modelList_ = new QStringListModel(this);
    models_ = new QListView(this);
    // The long "none yet" hint and model paths wrap instead of scrolling sideways.
    models_->setWordWrap(true);
    models_->setResizeMode(QListView::Adjust);
    models_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    models_->setModel(modelList_);
    models_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    models_->setMaximumHeight(models_->fontMetrics().height() * 7);
    connect(modelsFolder_, &QLineEdit::editingFinished, this, &SettingsDialog::refreshModels);
    auto* compute = new QGroupBox(tr("Compute"), this);
    auto* computeForm = new QFormLayout(compute);
    computeForm->addRow(tr("&Device:"), device_);
    // A row that is a layout gets no buddy from QFormLayout: without one the label would show its '&' as text.
    auto* modelsLabel = new QLabel(tr("&Models folder:"), this);
    modelsLabel->setBuddy(modelsFolder_);
    computeForm->addRow(modelsLabel, modelsRow);
    computeForm->addRow(tr("Models found:"), models_);
    refreshModels();

    // Workspaces
    workspaceFolder_ = new QLineEdit(QDir::toNativeSeparators(settings_.workspaceFolder.get()), this);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Folder for New Workspaces"), QDir::fromNativeSeparators(workspaceFolder_->text()));
        if (!folder.isEmpty()) workspaceFolder_->setText(QDir::toNativeSeparators(folder));
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(workspaceFolder_, 1);
    folderRow->addWidget(browse);
    reopenLast_ = new QCheckBox(tr("&Reopen the last workspace at start"), this);
    reopenLast_->setChecked(settings_.reopenLastWorkspace);
    auto* workspaces = new QGroupBox(tr("Workspaces"), this);
    auto* workspacesForm = new QFormLayout(workspaces);
    auto* folderLabel = new QLabel(tr("New workspaces &in:"), this);
    folderLabel->setBuddy(workspaceFolder_);
    workspacesForm->addRow(folderLabel, folderRow);
    workspacesForm->addRow(QString(), reopenLast_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(appearance);
    layout->addWidget(compute);
    layout->addWidget(workspaces);
    layout->addStretch();
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

void SettingsDialog::refreshModels()
{
    QStringList lines;
    const auto found = services::findModels(QDir::fromNativeSeparators(modelsFolder_->text().trimmed()).toStdString());
    for (const auto& model : found) {
        lines << tr("%1 (%2) in %3")
                     .arg(QString::fromStdString(model.name), QString::fromStdString(services::toString(model.kind)),
                         QDir::toNativeSeparators(QString::fromStdString(model.folder.string())));
    }
    if (lines.isEmpty()) {
        lines << tr("None yet: put Hugging Face model folders (CLIP, SigLIP) in the models folder or in %1.")
                     .arg(QDir::toNativeSeparators(QString::fromStdString(services::huggingFaceHubCache().string())));
    }
    modelList_->setStringList(lines);
}

QStringList SettingsDialog::foundModels() const
{
    return modelList_->stringList();
}

bool SettingsDialog::languageChanged() const
{
    return language_->currentData().toString() != settings_.language.get();
}

void SettingsDialog::save()
{
    settings_.language = language_->currentData().toString();
    const auto scheme = colorScheme_->currentData().value<gui::ColorScheme>();
    if (scheme != settings_.colorScheme.get()) {
        settings_.colorScheme = scheme;
        gui::applyColorScheme(scheme);
    }
    settings_.computeDevice = device_->currentData().toString();
    settings_.modelsFolder = QDir::fromNativeSeparators(modelsFolder_->text().trimmed());
    settings_.workspaceFolder = QDir::fromNativeSeparators(workspaceFolder_->text().trimmed());
    settings_.reopenLastWorkspace = reopenLast_->isChecked();
    settings_.sync();
}

}  // namespace tastelab::widgets

// Preferences: language, colour scheme, compute device and workspace defaults.
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QStringListModel;

namespace tastelab::gui {
class AppSettings;
}

namespace tastelab::widgets {

class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    explicit SettingsDialog(gui::AppSettings& settings, QWidget* parent = nullptr);

    // Writes the edited values to the settings; called on OK.
    void save();
    bool languageChanged() const;

    QComboBox* languageBox() const { return language_; }
    QComboBox* colorSchemeBox() const { return colorScheme_; }
    // The pretrained models found in the models folder and the Hugging Face cache, one line each.
    QStringList foundModels() const;

private:
    void refreshModels();

    gui::AppSettings& settings_;
    QComboBox* language_;
    QComboBox* colorScheme_;
    QComboBox* device_;
    QLineEdit* modelsFolder_;
    QListView* models_;
    QStringListModel* modelList_;
    QLineEdit* workspaceFolder_;
    QCheckBox* reopenLast_;
    QLabel* restartNote_;
};

}  // namespace tastelab::widgets

// Preferences: language, colour scheme, compute device and workspace defaults.
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

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

private:
    gui::AppSettings& settings_;
    QComboBox* language_;
    QComboBox* colorScheme_;
    QComboBox* device_;
    QLineEdit* workspaceFolder_;
    QCheckBox* reopenLast_;
    QLabel* restartNote_;
};

}  // namespace tastelab::widgets

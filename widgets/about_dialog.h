// About TasteLab: version, the libraries it runs on, licence.
#pragma once

#include <QDialog>

namespace tastelab::widgets {

class AboutDialog : public QDialog {
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The versions as plain text, as copied by "Copy Versions" (for bug reports).
    static QString versionsText();
};

}  // namespace tastelab::widgets

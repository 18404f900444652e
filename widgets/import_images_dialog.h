// Asks what to import: a folder of images, an optional manifest, copy or reference.
#pragma once

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace tastelab::widgets {

class ImportImagesDialog : public QDialog {
    Q_OBJECT

public:
    explicit ImportImagesDialog(QWidget* parent = nullptr);

    QString folder() const;
    QString manifest() const;  // empty: none
    bool referenceInPlace() const;

private:
    void validate();

    QLineEdit* folder_;
    QLineEdit* manifest_;
    QCheckBox* link_;
    QLabel* problem_;
    QDialogButtonBox* buttons_;
};

}  // namespace tastelab::widgets

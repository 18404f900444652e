// The designer's library: a thumbnail grid of every image with a filter bar, a count, an import
// button and drops of files and folders. The import itself runs in the main window.
#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListView;
class QToolButton;

namespace tastelab::widgets {

class LibraryFilterModel;
class LibraryModel;

class LibraryView : public QWidget {
    Q_OBJECT

public:
    explicit LibraryView(const QString& workspaceFolder, QWidget* parent = nullptr);

    LibraryModel* model() const { return model_; }
    LibraryFilterModel* filterModel() const { return filter_; }
    QListView* listView() const { return list_; }
    QList<qint64> selectedImageIds() const;
    // "124 of 530 images", or what went wrong reading them.
    QString countText() const;

    // Re-reads the images (after an import), keeping the filters that still apply.
    void reload();

Q_SIGNALS:
    // From drops or the Import button: files and folders to import. The main window runs the import
    // (progress, ETA, cancel) and then calls reload().
    void importRequested(const QStringList& paths);
    // Context menu "Add to study…".
    void addToStudyRequested(const QList<qint64>& imageIds);
    void imageActivated(qint64 imageId);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // Local files and folders among the dragged URLs; empty for anything else (or our own images).
    QStringList droppedPaths(const QDropEvent* event) const;
    void fillChoices();
    void applyRatingFilter();
    void applySort();
    void updateCount();
    void showContextMenu(const QPoint& position);
    void chooseFiles();
    void chooseFolder();

    LibraryModel* model_;
    LibraryFilterModel* filter_;
    QLineEdit* search_;
    QComboBox* generator_;
    QComboBox* study_;
    QComboBox* rating_;
    QDoubleSpinBox* threshold_;
    QComboBox* sort_;
    QToolButton* import_;
    QListView* list_;
    QLabel* count_;
};

}  // namespace tastelab::widgets

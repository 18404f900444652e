// A thumbnail grid of every image with a filter bar (prompt, generator, study, person, rating), a sort, a count, an
// import button and drops of files and folders; an empty workspace shows an invitation to import instead. Used by the
// library page and the study designer. The import itself runs in the main window.
#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QStackedWidget;

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
    // The person chosen in the filter bar (whose ratings filter and sort, and whose predictions show); 0 for everyone.
    qint64 selectedPersonId() const;
    QString selectedPersonName() const;
    void selectPerson(qint64 personId);
    // Adds the "predicted score" sorts (the library page computes the scores).
    void setPredictionSortEnabled(bool enabled);
    // A widget at the end of the filter bar.
    void addBarWidget(QWidget* widget);
    // The invitation shown instead of the grid while the workspace has no image.
    QWidget* emptyInvitation() const { return invitation_; }
    bool showsInvitation() const;
    // "124 of 530 images", or what went wrong reading them.
    QString countText() const;

    // Re-reads the images (after an import), keeping the filters that still apply.
    void reload();
    // Re-reads the people of the person filter, keeping the choice while the person exists.
    void reloadPeople();

Q_SIGNALS:
    // From drops or the Import button: files and folders to import. The main window runs the import
    // (progress, ETA, cancel) and then calls reload().
    void importRequested(const QStringList& paths);
    // Context menu "Add to study…".
    void addToStudyRequested(const QList<qint64>& imageIds);
    void imageActivated(qint64 imageId);
    void personChanged(qint64 personId);
    // Context menu "Send to Steer" and "Rate these"; offered only where something is connected to them.
    void sendToSteerRequested(const QList<qint64>& imageIds);
    void rateTheseRequested(const QList<qint64>& imageIds);

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
    void applyPerson();
    void showContextMenu(const QPoint& position);
    void chooseFiles();
    void chooseFolder();

    LibraryModel* model_;
    LibraryFilterModel* filter_;
    QLineEdit* search_;
    QComboBox* generator_;
    QComboBox* study_;
    QComboBox* person_;
    QComboBox* rating_;
    QDoubleSpinBox* low_;
    QDoubleSpinBox* high_;
    QComboBox* sort_;
    QPushButton* import_;
    QHBoxLayout* bar_;  // search, sort, import and the widgets added to the bar
    QHBoxLayout* filterRow_;
    QStackedWidget* stack_;
    QListView* list_;
    QWidget* invitation_;
    QLabel* count_;
    bool predictionSort_ = false;
};

}  // namespace tastelab::widgets

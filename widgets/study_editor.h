// The study editor: the workspace's studies and, for the selected one, its texts, protocol and items.
// Every change is a command on the undo stack; a study that participants already have plans for is locked.
#pragma once

#include "storage/studies.h"
#include "widgets/study_commands.h"

#include <QAbstractListModel>
#include <QAbstractTableModel>
#include <QHash>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QUndoCommand;
class QUndoStack;
class QWidget;

namespace tastelab::widgets {

// The studies of the workspace, in the order they were made.
class StudyListModel : public QAbstractListModel {
    Q_OBJECT

public:
    static constexpr int StudyIdRole = Qt::UserRole + 1;
    static constexpr int NameRole = Qt::UserRole + 2;  // the name alone (the display adds "locked")
    static constexpr int PlanCountRole = Qt::UserRole + 3;

    struct Row {
        qint64 id = 0;
        QString name;
        qint64 plans = 0;
    };

    explicit StudyListModel(QObject* parent = nullptr);

    void setRows(std::vector<Row> rows);
    const std::vector<Row>& rows() const { return rows_; }
    int rowOf(qint64 studyId) const;  // -1 when absent

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> rows_;
};

// The items of one study. Edits are not written here: they go to the edit handler, which pushes a command.
class StudyItemsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Image, Prompt, Kind, CatchRange, Instruction, ColumnCount };
    static constexpr int ItemIdRole = Qt::UserRole + 1;
    static constexpr int ImageIdRole = Qt::UserRole + 2;
    static constexpr int KindRole = Qt::UserRole + 3;  // storage::ItemKind as int
    static constexpr int CatchMinRole = Qt::UserRole + 4;  // double, invalid when not set
    static constexpr int CatchMaxRole = Qt::UserRole + 5;

    struct Row {
        storage::StudyItem item;
        QString imageName;
        QString prompt;
        QString thumbnailPath;
    };
    using EditHandler = std::function<bool(const storage::StudyItem& before, const storage::StudyItem& after)>;

    explicit StudyItemsModel(QObject* parent = nullptr);

    static QString kindLabel(storage::ItemKind kind);

    void setRows(std::vector<Row> rows);
    const storage::StudyItem& item(int row) const { return rows_.at(static_cast<std::size_t>(row)).item; }
    void setEditable(bool editable);
    void setEditHandler(EditHandler handler) { editHandler_ = std::move(handler); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString rangeText(const storage::StudyItem& item) const;
    QImage thumbnail(const Row& row) const;

    std::vector<Row> rows_;
    bool editable_ = true;
    EditHandler editHandler_;
    mutable QHash<qint64, QImage> thumbnails_;  // by image id, kept across reloads
};

class StudyEditor : public QWidget {
    Q_OBJECT

public:
    // Opens its own connection to the workspace. Throws services::WorkspaceError when the folder is not one.
    StudyEditor(const QString& workspaceFolder, QUndoStack* undoStack, QWidget* parent = nullptr);
    ~StudyEditor() override;

    // Re-reads studies and items (the stack does this after every step).
    void reload();
    QStringList studyNames() const;
    bool selectStudy(const QString& name);
    QString currentStudy() const;  // empty when none is selected
    qint64 currentStudyId() const { return currentId_; }

    // Undoable operations (also reachable through the UI). Each returns false and reports through
    // errorReported when it is refused.
    bool createStudy(const QString& name);  // defaults: slider, the five default anchors, a random seed
    bool duplicateStudy(const QString& newName);  // copies the current study, selects the copy
    bool removeStudy();  // the current one
    bool addItems(const QList<qint64>& imageIds, storage::ItemKind kind = storage::ItemKind::Regular);
    bool removeItems(const QList<qint64>& itemIds);
    bool editItem(const storage::StudyItem& item);
    bool isLocked() const;  // participants already have plans for the current study
    QAbstractItemModel* itemsModel() const;

    // Where "Add selected images" takes its image ids from (the designer wires the library selection).
    void setImageSelectionProvider(std::function<QList<qint64>()> provider);

Q_SIGNALS:
    void studiesChanged(const QStringList& names);
    void startSessionRequested(const QString& study);
    void errorReported(const QString& message);

private:
    QWidget* buildForm();
    QWidget* buildItems();
    void showStudy(qint64 studyId);
    void showForm(const storage::Study& study, qint64 plans);
    void showItems(qint64 studyId);
    void setFormEnabled(bool hasStudy, bool locked);
    bool push(QUndoCommand* command);
    void report(const QString& message);
    bool refuseWhenLocked();
    // Pushes an edit of the current study when `change` alters it. False when refused.
    bool commitField(StudyField field, const std::function<void(storage::Study&)>& change);
    void commitText(QPlainTextEdit* edit);
    bool eventFilter(QObject* watched, QEvent* event) override;
    void askNewStudy();
    void askDuplicate();
    void addSelectedImages();
    void removeSelectedItems();

    StudyContextPtr context_;
    std::filesystem::path thumbnailsDir_;
    QUndoStack* undoStack_;
    std::function<QList<qint64>()> selectionProvider_;
    qint64 currentId_ = 0;
    QStringList lastNames_;
    bool updatingForm_ = false;
    bool commandFailed_ = false;

    StudyListModel* studies_;
    QListView* studyList_;
    QPushButton* newStudy_;
    QPushButton* duplicate_;
    QPushButton* remove_;
    QWidget* lockNote_;
    QLabel* lockText_;
    QLineEdit* name_;
    QPlainTextEdit* instructions_;
    QPlainTextEdit* consent_;
    QComboBox* answerModes_;
    std::vector<QLineEdit*> anchors_;
    QSpinBox* repeats_;
    QSpinBox* catchItems_;
    QSpinBox* blockSize_;
    QSpinBox* breakEvery_;
    QSpinBox* practiceItems_;
    QCheckBox* requireMovement_;
    QCheckBox* allowRevisions_;
    QCheckBox* showPrompt_;
    QSpinBox* seed_;
    QPushButton* newSeed_;
    QDoubleSpinBox* minCatchPassRate_;
    QWidget* form_;
    StudyItemsModel* items_;
    QTableView* itemsView_;
    QComboBox* addKind_;
    QPushButton* addImages_;
    QPushButton* removeItems_;
    QLabel* itemsSummary_;
    QPushButton* startSession_;
};

}  // namespace tastelab::widgets

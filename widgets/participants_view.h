// The people of a workspace for the study designer: a table with inline editing of display names
// and demographics, bulk creation of pseudonymous participants, and the start of a session. Edits a
// person may regret go through the owner's QUndoStack.
#pragma once

#include "storage/people.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QUndoStack;

namespace tastelab::services {
class Workspace;
}

namespace tastelab::widgets {

class ParticipantsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Pseudonym, DisplayName, Role, AgeRange, Gender, ArtExperience, Studies, Answers, ColumnCount };
    static constexpr int PersonIdRole = Qt::UserRole + 1;
    static constexpr int PseudonymRole = Qt::UserRole + 2;

    // Without an undo stack, edits are written at once and cannot be undone.
    ParticipantsModel(const QString& workspaceFolder, QUndoStack* undoStack, QObject* parent = nullptr);
    ~ParticipantsModel() override;

    void reload();
    // Re-reads one person's row after an edit, keeping the selection and any open editor.
    void refreshPerson(const QString& pseudonym);
    QString workspaceFolder() const { return folder_; }
    // Empty unless the workspace could not be opened or read.
    QString lastError() const { return error_; }
    int rowOfPseudonym(const QString& pseudonym) const;
    static QString roleLabel(storage::PersonRole role);
    static QString columnLabel(int column);

    // Creates `count` people "<prefix>0001"... in one transaction and pushes the undo command.
    // Returns their pseudonyms, or an empty list after reporting what was wrong through problem().
    QStringList createParticipants(int count, const QString& prefix, storage::PersonRole role);
    // For the undo commands: says what could not be done.
    void report(const QString& message);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Pushes an undoable edit of the display name or a demographic field (empty text clears it).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    // An edit, a creation or an undo that was refused or failed, in words a person can act on.
    void problem(const QString& message);

private:
    QString cellText(const storage::Person& person, const storage::PersonActivity& activity, int column) const;

    QString folder_;
    QUndoStack* undoStack_;
    std::unique_ptr<services::Workspace> workspace_;
    QString error_;
    std::vector<storage::Person> people_;
    std::map<std::int64_t, storage::PersonActivity> activity_;
};

class ParticipantsView : public QWidget {
    Q_OBJECT

public:
    ParticipantsView(const QString& workspaceFolder, QUndoStack* undoStack, QWidget* parent = nullptr);

    QAbstractItemModel* model() const;
    QTableView* tableView() const { return table_; }
    void reload();
    // Undoable; returns the new pseudonyms (empty after a refusal, which the view shows).
    QStringList createParticipants(int count, const QString& prefix, storage::PersonRole role);
    // The studies offered for "Start session".
    void setStudies(const QStringList& names);
    // The last refusal or failure shown above the table; empty when none.
    QString message() const;

Q_SIGNALS:
    void startSessionRequested(const QString& study, const QString& participant);

private:
    void openCreateDialog();
    void startSession();
    void updateButtons();
    void showMessage(const QString& text);

    ParticipantsModel* model_;
    QPushButton* create_;
    QComboBox* study_;
    QPushButton* start_;
    QLabel* message_;
    QTableView* table_;
};

}  // namespace tastelab::widgets

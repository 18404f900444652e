// The study designer (admin mode): the image library, the studies and the participants on three tabs that share one
// undo stack, wired so that library images can be added to a study and a session started for a participant.
#pragma once

#include <QList>
#include <QWidget>

class QTabWidget;
class QUndoStack;

namespace tastelab::widgets {

class LibraryView;
class ParticipantsView;
class StudyEditor;

class DesignerPage : public QWidget {
    Q_OBJECT

public:
    DesignerPage(const QString& workspaceFolder, QUndoStack* undoStack, QWidget* parent = nullptr);

    LibraryView* library() const { return library_; }
    StudyEditor* studies() const { return studies_; }
    ParticipantsView* participants() const { return participants_; }
    QTabWidget* tabs() const { return tabs_; }
    // Re-reads everything (after an import or a finished session).
    void reload();

Q_SIGNALS:
    void importRequested(const QStringList& paths);
    // participant empty: typed by the participant.
    void startSessionRequested(const QString& study, const QString& participant);
    void errorReported(const QString& message);

private:
    void addToCurrentStudy(const QList<qint64>& imageIds);

    QTabWidget* tabs_;
    LibraryView* library_;
    StudyEditor* studies_;
    ParticipantsView* participants_;
};

}  // namespace tastelab::widgets

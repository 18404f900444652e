// One person's taste in words and bars: which visual attributes raise or lower their predicted
// score, computed from the newest checkpoint off the GUI thread.
#pragma once

#include <QString>
#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;

namespace tastelab::gui {
class BackgroundTask;
}

namespace tastelab::services {
struct TasteProfile;
}

namespace tastelab::widgets {

class TasteProfileView : public QWidget {
    Q_OBJECT

public:
    explicit TasteProfileView(const QString& workspaceFolder, QWidget* parent = nullptr);
    ~TasteProfileView() override;

    // Re-reads the workspace's people into the picker, keeping the chosen one where possible.
    void reloadPeople();
    // Computes and shows the profile of `pseudonym`; the outcome arrives through profileShown. A
    // request while one is computed runs after it.
    void showPerson(const QString& pseudonym);
    QString currentPerson() const;
    QString summaryText() const;

Q_SIGNALS:
    // effects: how many attributes the profile holds; error is empty on success.
    void profileShown(int effects, const QString& error);

private:
    // Translated names of the attributes and sources the service reports (text probes stay as written:
    // they are the phrases the text tower was asked about).
    static QString attributeLabel(const std::string& attribute);
    static QString sourceLabel(const std::string& source);
    void showProfile(const services::TasteProfile& profile);

    QString folder_;
    gui::BackgroundTask* task_;
    QComboBox* people_;
    QLabel* summary_;
    QChartView* chart_;
    QString pending_;
};

}  // namespace tastelab::widgets

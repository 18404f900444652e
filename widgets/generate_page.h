// The Generate page: a form (generator, prompt, negative prompt, seed, steps, size, batch), a queue of jobs run one
// at a time off the GUI thread with per-image progress, an ETA and a cancel that stops within a step, and a gallery of
// the workspace's generated images. Settings come back from an image of the gallery or from a PNG (opened or dropped).
#pragma once

#include "app/services/generation.h"

#include <QAbstractListModel>
#include <QSortFilterProxyModel>
#include <QString>
#include <QWidget>

#include <memory>
#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialog;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace tastelab::gui {
class BackgroundTask;
}
namespace tastelab::services {
class Workspace;
}

namespace tastelab::widgets {

class LibraryModel;

// The jobs of the page, oldest first: pending, running, then done, cancelled or failed.
class GenerationQueueModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum class State { Pending, Running, Done, Cancelled, Failed };
    Q_ENUM(State)
    enum Role { JobIdRole = Qt::UserRole + 1, StateRole, ImagesMadeRole };
    struct Job {
        int id = 0;
        services::GenerationSettings settings;
        State state = State::Pending;
        int imagesMade = 0;
        QString error;
        // Best of N for a person: settings.batch candidates are rendered and only the kept ones stored.
        std::optional<services::BestOfNSettings> bestOf;
        QString person;  // the person's pseudonym, for the messages
    };

    explicit GenerationQueueModel(QObject* parent = nullptr);

    // Appends a job, or puts it before the other pending jobs (`next`). Returns its id.
    int add(services::GenerationSettings settings, bool next,
        std::optional<services::BestOfNSettings> bestOf = std::nullopt, const QString& person = {});
    // Only a pending job can be removed.
    bool removePending(int row);
    int removeAllPending();
    // The first pending job's row, or -1.
    int nextPendingRow() const;
    int rowOfJob(int jobId) const;
    const Job& job(int row) const { return jobs_.at(std::size_t(row)); }
    void setState(int jobId, State state, const QString& error = {});
    void setImagesMade(int jobId, int images);
    int count(State state) const;

    static QString stateText(State state);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::vector<Job> jobs_;
    int nextId_ = 1;
};

// The workspace's generated images, newest first, over the library's model (which reads thumbnails off the GUI
// thread and shows ratings in its tool tips).
class GeneratedImagesModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit GeneratedImagesModel(QObject* parent = nullptr);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

class GeneratePage : public QWidget {
    Q_OBJECT

public:
    // `hubCache` empty: the Hugging Face cache this user's environment names. `device`: "auto", "cpu" or "cuda:N".
    GeneratePage(const QString& workspaceFolder, const QString& modelsFolder, const QString& hubCache = {},
        const QString& device = QStringLiteral("auto"), QWidget* parent = nullptr);
    ~GeneratePage() override;

    // What the form allows for a generator: a function of its id alone, so a test can check it without a page.
    struct FormState {
        bool stepsEnabled = true;
        bool guidanceEnabled = true;
        int stepsWhenChosen = 0;  // > 0: the steps the generator is distilled for, set once when it is chosen
        int maxSize = 1024;  // pixels a side
        int sizeStep = 8;
    };
    static FormState formStateFor(const std::string& generator);

    // Looks for the generators again (after the models folder changed in Settings).
    // The compute-device setting (Settings > Compute) that the next generation runs on.
    void setDevice(const QString& device) { device_ = device; }
    const QString& device() const { return device_; }
    void setModelsFolder(const QString& folder);
    const std::vector<services::GeneratorInfo>& generators() const { return generators_; }
    // The note on a missing SD-Turbo (where TasteLab looked and how to add one); empty when one is available.
    QString modelNote() const;

    services::GenerationSettings formSettings() const;
    // "For me": with the Best of N box ticked, a job renders N candidates (the form's seed, seed + 1, ...) and keeps
    // the K the chosen person's taste model scores highest plus the most uncertain one (generateBestOfN, as
    // `tastelab-cli generate --best-of N --keep K --person P`). The people offered are those with answers.
    QCheckBox* bestOfBox() const { return bestOf_; }
    QSpinBox* bestOfCountBox() const { return bestOfCount_; }
    QSpinBox* bestOfKeepBox() const { return bestOfKeep_; }
    QComboBox* bestOfPersonBox() const { return bestOfPerson_; }
    // The images the last best-of-N job kept, best first, each labelled with its predicted score ("explore" on the
    // exploratory one); item data: ImageIdRole, PredictedRole, ExploratoryRole.
    enum BestOfRole { ImageIdRole = Qt::UserRole + 1, PredictedRole, ExploratoryRole };
    QListWidget* bestOfResults() const { return bestOfResults_; }
    // Re-reads the people with answers into the person box (after answers were given elsewhere).
    void reloadPeople();
    void setFormSettings(const services::GenerationSettings& settings);

    // Queues the form's settings (after `next`: before the other pending jobs) and starts the queue when idle.
    // Returns the job's id, or 0 with the reason in statusText() when the settings are not valid.
    int addToQueue(bool next = false);
    bool removePendingJob(int row);
    // Stops the running job after the step under way; the images made so far stay. Pending jobs go on.
    void cancelRunningJob();
    bool isRunning() const;

    // Fill the form from a PNG's text chunks, or from the settings stored with a generated image. False, with the
    // reason in statusText(), when there are none or the file cannot be read.
    bool restoreFromPng(const QString& file);
    bool restoreFromImage(qint64 imageId);
    // The large view of a gallery image, with "Use These Settings"; shown, not modal. nullptr for an unknown id.
    QDialog* openImage(qint64 imageId);

    GenerationQueueModel* queueModel() const { return queue_; }
    GeneratedImagesModel* galleryModel() const { return gallery_; }
    QString statusText() const;
    QString progressText() const;

Q_SIGNALS:
    // Each image right after it entered the library.
    void imageStored(qint64 imageId);
    // A job ended (done, cancelled or failed).
    void jobFinished(int jobId, GenerationQueueModel::State state, int imagesMade);
    // The queue has nothing left to run.
    void queueIdle();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // The constructor's steps, in the order it runs them (the tab order follows the order of making).
    void nameWidgets();
    QFormLayout* buildForm();
    QHBoxLayout* buildFormButtons();
    QGroupBox* buildQueue();
    QWidget* buildFormColumn();
    QGroupBox* buildGallery();
    void layOutColumns(QWidget* left, QGroupBox* galleryBox);
    void connectSignals();
    void openWorkspace();

    void listGenerators();
    void generatorChanged();
    void startNextJob();
    void jobProgress(int jobId, const services::GenerationProgress& progress);
    void jobEnded(bool cancelled, const QString& error);
    void showStatus(const QString& text);
    void updateButtons();
    void openPngInteractively();
    qint64 selectedImage() const;
    void reloadGallery();
    void showBestOfResults(const QString& person, const services::GenerationResult& result);
    struct RunningJob;

    QString folder_;
    QString modelsFolder_;
    QString hubCache_;
    QString device_;  // the compute-device setting the next generation runs on
    std::unique_ptr<services::Workspace> workspace_;  // the GUI thread's connection, for stored settings
    std::vector<services::GeneratorInfo> generators_;
    std::shared_ptr<RunningJob> running_;

    QComboBox* generator_;
    QLabel* modelNote_;
    QPlainTextEdit* prompt_;
    QLineEdit* negativePrompt_;
    QLineEdit* seed_;
    QPushButton* randomSeed_ = nullptr;  // made by buildForm()
    QSpinBox* steps_;
    QSpinBox* size_;
    QSpinBox* batch_;
    QDoubleSpinBox* guidance_;
    QCheckBox* bestOf_;
    QSpinBox* bestOfCount_;
    QComboBox* bestOfPerson_;
    QSpinBox* bestOfKeep_;
    QListWidget* bestOfResults_;
    QPushButton* addButton_;
    QPushButton* generateButton_;
    QPushButton* openPng_ = nullptr;  // made by buildFormButtons()
    GenerationQueueModel* queue_;
    QListView* queueView_;
    QPushButton* removeButton_;
    QPushButton* clearButton_;
    QProgressBar* progress_;
    QLabel* progressText_;
    QPushButton* cancelButton_;
    QLabel* status_;
    LibraryModel* library_;
    GeneratedImagesModel* gallery_;
    QListView* galleryView_;
    QPushButton* useButton_;
    gui::BackgroundTask* task_;
    bool closing_ = false;
    std::string lastGenerator_;  // to set FLUX's four steps once when it is chosen
};

}  // namespace tastelab::widgets

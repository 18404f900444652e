// Progress, ETA and a cancel that stops the task; closes itself when the task ends.
#include "widgets/task_progress_dialog.h"

#include "app/gui/background_task.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace tastelab::widgets {

TaskProgressDialog::TaskProgressDialog(gui::BackgroundTask& task, const QString& what, QWidget* parent)
    : QDialog(parent)
    , task_(task)
{
    setWindowTitle(what);
    setModal(true);
    auto* title = new QLabel(what, this);
    counts_ = new QLabel(tr("Starting…"), this);
    eta_ = new QLabel(gui::BackgroundTask::formatEta(-1), this);
    bar_ = new QProgressBar(this);
    bar_->setRange(0, 0);  // busy until the first report
    cancel_ = new QPushButton(tr("Cancel"), this);
    connect(cancel_, &QPushButton::clicked, this, &TaskProgressDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(bar_);
    layout->addWidget(counts_);
    layout->addWidget(eta_);
    layout->addWidget(cancel_, 0, Qt::AlignRight);
    setMinimumWidth(420);

    connect(&task_, &gui::BackgroundTask::progressChanged, this, [this](qint64 done, qint64 total, double eta) {
        bar_->setRange(0, 1000);
        bar_->setValue(total > 0 ? int(1000 * done / total) : 0);
        const QLocale locale;
        counts_->setText(tr("%1 of %2").arg(locale.toString(done), locale.toString(total)));
        eta_->setText(gui::BackgroundTask::formatEta(eta));
    });
    // Work in phases: the bar is the whole work, the line under it the phase and how far it is.
    connect(&task_, &gui::BackgroundTask::phaseChanged, this,
        [this](const QString& phase, double phaseFraction, double overall, double eta) {
            bar_->setRange(0, 1000);
            bar_->setValue(int(1000 * overall));
            counts_->setText(tr("%1 (%2 %)").arg(phase).arg(int(100 * phaseFraction)));
            eta_->setText(tr("%1 · %2 so far")
                              .arg(gui::BackgroundTask::formatEta(eta),
                                  gui::BackgroundTask::formatDuration(task_.elapsedSeconds())));
        });
    connect(&task_, &gui::BackgroundTask::finished, this, [this] { accept(); });
}

QString TaskProgressDialog::etaText() const
{
    return eta_->text();
}

void TaskProgressDialog::reject()
{
    if (!task_.isRunning()) {
        QDialog::reject();
        return;
    }
    task_.cancel();
    cancel_->setEnabled(false);
    counts_->setText(tr("Stopping…"));
}

}  // namespace tastelab::widgets

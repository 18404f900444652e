// TasteProfileView: the profile is computed on a worker with its own workspace connection; the
// strongest effects are drawn as bars, positive and negative in their own colours.
#include "widgets/taste_profile_view.h"

#include "app/gui/background_task.h"
#include "app/services/reward/taste_profile.h"
#include "app/services/workspace.h"
#include "storage/people.h"
#include "widgets/chart_style.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFormLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <memory>

namespace tastelab::widgets {

namespace {

constexpr int kBarsShown = 16;  // the strongest effects; the rest would make the bars unreadable
constexpr int kNamedInSummary = 3;

}  // namespace

TasteProfileView::TasteProfileView(const QString& workspaceFolder, QWidget* parent)
    : QWidget(parent)
    , folder_(workspaceFolder)
{
    task_ = new gui::BackgroundTask(this);
    people_ = new QComboBox(this);
    summary_ = new QLabel(tr("Choose a person to see what raises or lowers their score."), this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* chart = new QChart;
    chart->legend()->setVisible(true);
    chart_ = new QChartView(chart, this);
    chart_->setRenderHint(QPainter::Antialiasing);

    auto* picker = new QFormLayout;
    picker->addRow(tr("Person:"), people_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(picker);
    layout->addWidget(summary_);
    layout->addWidget(chart_, 1);

    connect(
        people_, &QComboBox::activated, this, [this](int index) { showPerson(people_->itemData(index).toString()); });
    reloadPeople();
}

TasteProfileView::~TasteProfileView()
{
    task_->cancel();
    task_->wait();
}

void TasteProfileView::reloadPeople()
{
    const QString current = currentPerson();
    people_->clear();
    try {
        // A short read on the GUI thread's own connection, closed again at once.
        auto workspace = services::Workspace::open(folder_.toStdString());
        for (const auto& person : storage::PeopleStore(workspace.database()).list()) {
            const QString pseudonym = QString::fromStdString(person.pseudonym);
            const QString label = person.displayName
                ? tr("%1 (%2)").arg(pseudonym, QString::fromStdString(*person.displayName))
                : pseudonym;
            people_->addItem(label, pseudonym);
        }
    } catch (const std::exception& e) {
        summary_->setText(tr("Cannot read the people of this workspace: %1").arg(QString::fromUtf8(e.what())));
    }
    const int index = people_->findData(current);
    if (index >= 0) people_->setCurrentIndex(index);
}

QString TasteProfileView::currentPerson() const
{
    return people_->currentData().toString();
}

QString TasteProfileView::summaryText() const
{
    return summary_->text();
}

void TasteProfileView::showPerson(const QString& pseudonym)
{
    if (task_->isRunning()) {
        pending_ = pseudonym;
        return;
    }
    pending_.clear();
    const int index = people_->findData(pseudonym);
    if (index >= 0) people_->setCurrentIndex(index);
    summary_->setText(tr("Computing the taste profile of %1…").arg(pseudonym));

    auto profile = std::make_shared<services::TasteProfile>();
    task_->disconnect(this);
    connect(task_, &gui::BackgroundTask::finished, this, [this, profile](bool, const QString& error) {
        if (error.isEmpty()) {
            showProfile(*profile);
        } else {
            chart_->chart()->removeAllSeries();
            summary_->setText(tr("Cannot compute the taste profile: %1").arg(error));
        }
        Q_EMIT profileShown(error.isEmpty() ? int(profile->effects.size()) : 0, error);
        if (!pending_.isEmpty()) showPerson(pending_);
    });
    const std::filesystem::path root = folder_.toStdString();
    const std::string person = pseudonym.toStdString();
    task_->start([root, person, profile](gui::BackgroundTask&) {
        auto workspace = services::Workspace::open(root);  // this thread's own connection
        *profile = services::tasteProfile(workspace, person);
    });
}

void TasteProfileView::showProfile(const services::TasteProfile& profile)
{
    std::vector<services::TasteEffect> raising;
    std::vector<services::TasteEffect> lowering;
    for (const auto& effect : profile.effects) {
        if (!std::isfinite(effect.effect)) continue;
        if (effect.effect > 0) raising.push_back(effect);
        if (effect.effect < 0) lowering.push_back(effect);
    }
    std::sort(raising.begin(), raising.end(), [](const auto& a, const auto& b) { return a.effect > b.effect; });
    std::sort(lowering.begin(), lowering.end(), [](const auto& a, const auto& b) { return a.effect < b.effect; });

    const auto names = [](const std::vector<services::TasteEffect>& effects) {
        QStringList list;
        for (std::size_t i = 0; i < effects.size() && i < std::size_t(kNamedInSummary); ++i)
            list << attributeLabel(effects[i].attribute);
        return list.join(tr(", "));
    };
    QStringList sentences;
    if (!raising.empty()) sentences << tr("Raises the score: %1.").arg(names(raising));
    if (!lowering.empty()) sentences << tr("Lowers it: %1.").arg(names(lowering));
    if (sentences.isEmpty()) sentences << tr("Nothing measured raises or lowers this person's score.");
    summary_->setText(sentences.join(QLatin1Char(' ')));

    // The strongest effects, weakest at the bottom; a stacked series so each row has one bar.
    std::vector<services::TasteEffect> shown;
    for (const auto& effect : profile.effects)
        if (std::isfinite(effect.effect)) shown.push_back(effect);
    std::sort(shown.begin(), shown.end(),
        [](const auto& a, const auto& b) { return std::abs(a.effect) > std::abs(b.effect); });
    if (shown.size() > std::size_t(kBarsShown)) shown.resize(std::size_t(kBarsShown));
    std::sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) { return a.effect < b.effect; });

    auto* positive = new QBarSet(tr("Raises the score"));
    // Blue and vermillion from the shared palette: apart also for red-green colour blindness.
    positive->setColor(charts::seriesColour(0, charts::isDark(palette())));
    auto* negative = new QBarSet(tr("Lowers the score"));
    negative->setColor(charts::seriesColour(3, charts::isDark(palette())));
    QStringList categories;
    double extent = 0.1;
    for (const auto& effect : shown) {
        categories << attributeLabel(effect.attribute);
        *positive << std::max(0.0, effect.effect);
        *negative << std::min(0.0, effect.effect);
        extent = std::max(extent, std::abs(effect.effect));
    }
    auto* series = new QHorizontalStackedBarSeries;
    series->append(positive);
    series->append(negative);

    QChart* chart = chart_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(tr("Effects on the predicted score of %1 (%2)")
                        .arg(QString::fromStdString(profile.person), sourceLabel(profile.source)));
    chart->addSeries(series);
    auto* attributes = new QBarCategoryAxis;
    attributes->append(categories);
    auto* effects = new QValueAxis;
    effects->setTitleText(tr("Effect on the predicted score (standardised)"));
    extent = std::min(1.0, std::ceil(extent * 10) / 10);
    effects->setRange(-extent, extent);
    chart->addAxis(attributes, Qt::AlignLeft);
    chart->addAxis(effects, Qt::AlignBottom);
    series->attachAxis(attributes);
    series->attachAxis(effects);
}

QString TasteProfileView::attributeLabel(const std::string& a)
{
    // The procedural world's attributes and the look attributes.
    if (a == "warmth") return tr("warmth");
    if (a == "saturation") return tr("saturation");
    if (a == "brightness") return tr("brightness");
    if (a == "contrast") return tr("contrast");
    if (a == "detail") return tr("detail");
    if (a == "geometry") return tr("geometry");
    if (a == "centering") return tr("centering");
    if (a == "texture") return tr("texture");
    if (a == "blur") return tr("blur");
    if (a == "colourfulness") return tr("colourfulness");
    if (a == "sharpness") return tr("sharpness");
    if (a == "symmetry") return tr("symmetry");
    if (a == "tonal complexity") return tr("tonal complexity");
    if (a == "straight edges") return tr("straight edges");
    if (a == "centred composition") return tr("centred composition");
    return QString::fromStdString(a);
}

QString TasteProfileView::sourceLabel(const std::string& source)
{
    if (source == "procedural attributes") return tr("procedural attributes");
    if (source == "look attributes") return tr("look attributes");
    if (source == "text probes") return tr("text probes");
    return QString::fromStdString(source);
}

}  // namespace tastelab::widgets

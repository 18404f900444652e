// Every page of the GUI at 1280x800 and 1920x1080, light and dark, English and German, checked for cut text: each
// visible label, button, combo box, line-edit placeholder, group-box title and tab must fit its widget (measured with
// QFontMetrics against the room the widget gives its text; a word-wrapped label against its height), lie inside its
// window, show no '&' meant as a mnemonic, and the mnemonics of each menu and of each window must differ. With
// TASTELAB_SHOTS_DIR=<folder> every page is saved there as PNG (QWidget::grab).
#include "app/gui/app_settings.h"
#include "app/gui/color_scheme.h"
#include "app/gui/language.h"
#include "app/services/demo_study.h"
#include "app/services/workspace.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"
#include "widgets/artist_page.h"
#include "widgets/chart_legend.h"
#include "widgets/designer_page.h"
#include "widgets/elided_label.h"
#include "widgets/generate_page.h"
#include "widgets/library_model.h"
#include "widgets/library_page.h"
#include "widgets/library_view.h"
#include "widgets/main_window.h"
#include "widgets/model_page.h"
#include "widgets/settings_dialog.h"
#include "widgets/slider_rating_screen.h"
#include "widgets/steering_page.h"
#include "widgets/study_results_page.h"
#include "widgets/study_runner.h"
#include "widgets/training_panel.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOption>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>
#include <QTextDocument>
#include <QToolButton>

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <map>
#include <memory>

using namespace tastelab;
using tastelab::testing::TempDir;

namespace {

QString qs(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

// The text as a mnemonic-aware widget shows it: "&&" is one '&', a single '&' marks the next character.
QString withoutMnemonics(const QString& text)
{
    QString shown;
    for (int i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('&') && i + 1 < text.size())
            ++i;
        else if (text[i] == QLatin1Char('&'))
            continue;
        shown += text[i];
    }
    return shown;
}

// The mnemonic character (lower case), or a null QChar.
QChar mnemonicOf(const QString& text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&')) continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

// A single '&' that marks nothing: before a space or at the end ("Drag & drop" on a button shows "Drag _drop").
bool hasStrayAmpersand(const QString& text)
{
    for (int i = 0; i < text.size(); ++i) {
        if (text[i] != QLatin1Char('&')) continue;
        if (i + 1 < text.size() && text[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (i + 1 == text.size() || text[i + 1].isSpace()) return true;
    }
    return false;
}

int textWidth(const QFontMetrics& fm, const QString& text)
{
    int width = 0;
    for (const QString& line : text.split(QLatin1Char('\n'))) width = std::max(width, fm.horizontalAdvance(line));
    return width;
}

QString describe(const QWidget* w)
{
    const QString name = w->objectName();
    return QString::fromLatin1(w->metaObject()->className()) + (name.isEmpty() ? QString() : QLatin1Char('#') + name);
}

QString shortText(const QString& text)
{
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return flat.size() > 90 ? flat.left(87) + QStringLiteral("...") : flat;
}

// Checks the widgets of one window as shown now; failures are one line each.
class LayoutAudit {
public:
    QStringList failures;

    void auditWindow(QWidget* window, const QString& page)
    {
        page_ = page;
        std::map<QChar, QStringList> mnemonics;
        auto addMnemonic = [&](const QString& text, const QWidget* w) {
            const QChar m = mnemonicOf(text);
            if (!m.isNull())
                mnemonics[m] << describe(w) + QStringLiteral(" '") + withoutMnemonics(text) + QLatin1Char('\'');
        };
        if (auto* bar = window->findChild<QMenuBar*>(QString(), Qt::FindDirectChildrenOnly); bar && bar->isVisible()) {
            for (QAction* action : bar->actions()) {
                const QChar m = mnemonicOf(action->text());
                if (!m.isNull()) mnemonics[m] << QStringLiteral("menu '%1'").arg(withoutMnemonics(action->text()));
            }
        }
        for (QWidget* w : window->findChildren<QWidget*>()) {
            if (!w->isVisible() || w->window() != window || insideItemView(w)) continue;
            if (auto* label = qobject_cast<QLabel*>(w)) {
                checkLabel(label);
                if (label->buddy()) addMnemonic(label->text(), label);
            } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
                checkButton(button);
                addMnemonic(button->text(), button);
            } else if (auto* combo = qobject_cast<QComboBox*>(w)) {
                checkCombo(combo);
            } else if (auto* edit = qobject_cast<QLineEdit*>(w)) {
                checkPlaceholder(edit);
            } else if (auto* group = qobject_cast<QGroupBox*>(w)) {
                checkGroupBox(group);
                if (group->isCheckable()) addMnemonic(group->title(), group);
            } else if (auto* tabs = qobject_cast<QTabBar*>(w)) {
                checkTabBar(tabs);
                for (int i = 0; i < tabs->count(); ++i) addMnemonic(tabs->tabText(i), tabs);
            }
        }
        for (const auto& [key, users] : mnemonics) {
            if (users.size() > 1) {
                fail(window, users.join(QStringLiteral(", ")),
                    QStringLiteral("Alt+%1 is the mnemonic of %2 widgets").arg(key.toUpper()).arg(users.size()));
            }
        }
    }

    // The menu bar's menus and their submenus: distinct mnemonics, no stray '&'.
    void auditMenus(QMenuBar* bar, const QString& page)
    {
        page_ = page;
        checkActions(bar, bar->actions(), QStringLiteral("menu bar"));
    }

    void fail(const QWidget* w, const QString& text, const QString& problem)
    {
        failures << QStringLiteral("[%1] %2 \"%3\": %4").arg(page_, describe(w), shortText(text), problem);
    }

private:
    static bool insideItemView(const QWidget* w)
    {
        // An item view's editors and index widgets come and go with the view's own elision.
        for (const QWidget* p = w->parentWidget(); p; p = p->parentWidget()) {
            if (p->inherits("QAbstractItemView")) return true;
        }
        return false;
    }

    void checkActions(QWidget* owner, const QList<QAction*>& actions, const QString& where)
    {
        std::map<QChar, QStringList> keys;
        for (QAction* action : actions) {
            if (action->isSeparator() || !action->isVisible()) continue;
            const QString text = action->text();
            if (hasStrayAmpersand(text))
                fail(owner, text, QStringLiteral("a '&' that marks no key shows in %1").arg(where));
            const QChar m = mnemonicOf(text);
            if (!m.isNull()) keys[m] << withoutMnemonics(text);
            if (QMenu* menu = action->menu()) checkActions(menu, menu->actions(), withoutMnemonics(text));
        }
        for (const auto& [key, texts] : keys) {
            if (texts.size() > 1) {
                fail(owner, texts.join(QStringLiteral(" / ")),
                    QStringLiteral("%1 entries of %2 share the mnemonic %3").arg(texts.size()).arg(where).arg(key));
            }
        }
    }

    // The part of `w` that its window shows: cut by an ancestor's edge unless that ancestor scrolls. A scroll area
    // scrolls only along the axes whose scroll bar is not turned off: a panel that "wraps instead" of scrolling
    // sideways cuts whatever is wider than it.
    void checkInsideWindow(const QWidget* w, const QString& text)
    {
        QRect visible = w->rect();
        const QWidget* child = w;
        for (const QWidget* p = w->parentWidget(); p; child = p, p = p->parentWidget()) {
            visible.translate(child->pos());
            if (auto* area = qobject_cast<const QAbstractScrollArea*>(p->parentWidget());
                area && area->viewport() == p) {
                QRect room = p->rect();
                if (area->horizontalScrollBarPolicy() != Qt::ScrollBarAlwaysOff) {
                    room.setLeft(visible.left());
                    room.setRight(visible.right());
                }
                if (area->verticalScrollBarPolicy() != Qt::ScrollBarAlwaysOff) {
                    room.setTop(visible.top());
                    room.setBottom(visible.bottom());
                }
                visible &= room;
                break;
            }
            visible &= p->rect();
            if (p->isWindow()) break;
        }
        if (visible.width() < w->width() - 1 || visible.height() < w->height() - 1) {
            fail(w, text,
                QStringLiteral("cut by its window or a parent: %1x%2 of %3x%4 visible")
                    .arg(visible.width())
                    .arg(visible.height())
                    .arg(w->width())
                    .arg(w->height()));
        }
    }

    void checkWidth(const QWidget* w, const QString& text, int needed, int available)
    {
        if (needed > available) {
            fail(w, text, QStringLiteral("needs %1 px, has %2 px").arg(needed).arg(available));
        }
    }

    void checkLabel(QLabel* label)
    {
        const QString text = label->text();
        if (text.isEmpty()) return;
        checkInsideWindow(label, text);
        // A label shortened on purpose (ElidedLabel, a path) is measured as shown, and must offer the whole text.
        if (const QVariant full = label->property("fullText"); full.isValid() && full.toString() != text) {
            if (label->toolTip() != full.toString()) {
                fail(label, full.toString(),
                    QStringLiteral("shortened to \"%1\" without the whole text as its tool tip").arg(text));
            }
        }
        const bool rich =
            label->textFormat() == Qt::RichText || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(text));
        const QRect room =
            label->contentsRect().adjusted(label->margin(), label->margin(), -label->margin(), -label->margin());
        if (label->wordWrap()) {
            const int height = label->heightForWidth(label->width());
            if (height > label->height() + 1) {
                fail(label, text,
                    QStringLiteral("wrapped, needs %1 px of height at width %2, has %3 px")
                        .arg(height)
                        .arg(label->width())
                        .arg(label->height()));
            }
            // A single word longer than the line cannot wrap.
            if (!rich) {
                const QFontMetrics fm(label->font());
                for (const QString& word : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
                    checkWidth(label, text, fm.horizontalAdvance(word), room.width());
            }
            return;
        }
        if (rich) {
            QTextDocument doc;
            doc.setDefaultFont(label->font());
            doc.setDocumentMargin(0);
            doc.setHtml(text);
            checkWidth(label, text, int(std::ceil(doc.idealWidth())), room.width());
            return;
        }
        if (label->buddy()) {
            if (hasStrayAmpersand(text)) fail(label, text, QStringLiteral("a '&' that marks no key"));
        } else if (QRegularExpression(QStringLiteral("&(&|\\w)")).match(text).hasMatch()) {
            fail(label, text, QStringLiteral("shows '&' as text: a mnemonic on a label without a buddy"));
        }
        const QString shown = label->buddy() ? withoutMnemonics(text) : text;
        const QFontMetrics fm(label->font());
        checkWidth(label, text, textWidth(fm, shown), room.width());
        const int lines = int(shown.count(QLatin1Char('\n'))) + 1;
        const int height = fm.height() + (lines - 1) * fm.lineSpacing();
        if (height > room.height() + 1) {
            fail(label, text, QStringLiteral("needs %1 px of height, has %2 px").arg(height).arg(room.height()));
        }
    }

    void checkButton(QAbstractButton* button)
    {
        const QString text = button->text();
        if (text.isEmpty()) return;
        checkInsideWindow(button, text);
        if (hasStrayAmpersand(text)) fail(button, text, QStringLiteral("a '&' that marks no key"));
        const QFontMetrics fm(button->font());
        const int textW = textWidth(fm, withoutMnemonics(text));
        const int iconW = button->icon().isNull() ? 0 : button->iconSize().width() + 4;
        QStyleOptionButton option;
        option.initFrom(button);
        option.text = text;
        option.icon = button->icon();
        option.iconSize = button->iconSize();
        QStyle* style = button->style();
        if (auto* tool = qobject_cast<QToolButton*>(button)) {
            if (tool->toolButtonStyle() == Qt::ToolButtonIconOnly) return;
            checkWidth(button, text, tool->sizeHint().width(), tool->width());
        } else if (qobject_cast<QCheckBox*>(button)) {
            checkWidth(button, text, textW + iconW,
                style->subElementRect(QStyle::SE_CheckBoxContents, &option, button).width());
        } else if (qobject_cast<QRadioButton*>(button)) {
            checkWidth(button, text, textW + iconW,
                style->subElementRect(QStyle::SE_RadioButtonContents, &option, button).width());
        } else if (auto* push = qobject_cast<QPushButton*>(button)) {
            const int menuW = push->menu() ? style->pixelMetric(QStyle::PM_MenuButtonIndicator, &option, push) : 0;
            checkWidth(button, text, textW + iconW + menuW,
                style->subElementRect(QStyle::SE_PushButtonContents, &option, button).width());
        }
    }

    void checkCombo(QComboBox* combo)
    {
        const QString text = combo->currentText();
        if (text.isEmpty()) return;
        checkInsideWindow(combo, text);
        QStyleOptionComboBox option;
        option.initFrom(combo);
        option.editable = combo->isEditable();
        option.frame = combo->hasFrame();
        option.currentText = text;
        const QRect field =
            combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
        const QIcon icon = combo->itemIcon(combo->currentIndex());
        const int iconW = icon.isNull() ? 0 : combo->iconSize().width() + 4;
        // A line edit keeps 2 px either side of its text.
        const int margins = combo->isEditable() ? 4 : 0;
        checkWidth(combo, text, QFontMetrics(combo->font()).horizontalAdvance(text) + iconW + margins, field.width());
    }

    void checkPlaceholder(QLineEdit* edit)
    {
        const QString text = edit->placeholderText();
        if (text.isEmpty() || !edit->text().isEmpty()) return;
        if (qobject_cast<QComboBox*>(edit->parentWidget()) || edit->parentWidget()->inherits("QAbstractSpinBox"))
            return;
        checkInsideWindow(edit, text);
        QStyleOptionFrame option;
        option.initFrom(edit);
        option.rect = edit->contentsRect();
        option.lineWidth =
            edit->hasFrame() ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &option, edit) : 0;
        QRect room = edit->style()->subElementRect(QStyle::SE_LineEditContents, &option, edit);
        room = room.marginsRemoved(edit->textMargins());
        checkWidth(edit, text, QFontMetrics(edit->font()).horizontalAdvance(text), room.width() - 4);
    }

    void checkGroupBox(QGroupBox* group)
    {
        const QString title = group->title();
        if (title.isEmpty()) return;
        if (hasStrayAmpersand(title)) fail(group, title, QStringLiteral("a '&' that marks no key"));
        const QFontMetrics fm(group->font());
        int needed = fm.horizontalAdvance(withoutMnemonics(title)) + 16;
        if (group->isCheckable()) needed += group->style()->pixelMetric(QStyle::PM_IndicatorWidth) + 6;
        checkWidth(group, title, needed, group->width());
    }

    void checkTabBar(QTabBar* bar)
    {
        const QFontMetrics fm(bar->font());
        const int hspace = bar->style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, bar);
        for (int i = 0; i < bar->count(); ++i) {
            if (!bar->isTabVisible(i)) continue;
            const QString text = bar->tabText(i);
            if (hasStrayAmpersand(text)) fail(bar, text, QStringLiteral("a '&' that marks no key"));
            const QRect tab = bar->tabRect(i);
            const int iconW = bar->tabIcon(i).isNull() ? 0 : bar->iconSize().width() + 4;
            checkWidth(bar, text, fm.horizontalAdvance(withoutMnemonics(text)) + iconW + hspace, tab.width());
            if (tab.right() > bar->width() || tab.bottom() > bar->height()) {
                fail(bar, text, QStringLiteral("tab beyond the bar's edge (hidden behind the scroll buttons)"));
            }
        }
        checkInsideWindow(bar, bar->tabText(0));
    }

    QString page_;
};

struct Config {
    QString language;  // "en" or "de"
    gui::ColorScheme scheme;
    QSize size;
    QString name() const
    {
        return QStringLiteral("%1-%2-%3x%4")
            .arg(language, scheme == gui::ColorScheme::Dark ? QStringLiteral("dark") : QStringLiteral("light"))
            .arg(size.width())
            .arg(size.height());
    }
};

class LayoutAuditTest : public ::testing::Test {
protected:
    // One small demo workspace for all: a trained reward model, a study with answers, a noise steer run and a prompt
    // refinement run (so that the Steer page shows its wipe captions and candidate cards).
    static void SetUpTestSuite()
    {
        dir_ = new TempDir;
        const auto folder = dir_->path() / "demo";
        tastelab::testing::buildSmallDemo(folder, 2);
        {
            auto workspace = services::Workspace::open(folder);
            services::createDemoStudy(workspace);
        }
        std::filesystem::create_directories(dir_->path() / "models");
        widgets::SteeringPage page(qs(folder), qs(dir_->path() / "models"));
        page.resize(1280, 800);
        page.show();
        widgets::SteeringPage::Request noise;
        noise.personA = QStringLiteral("A14");
        noise.personB = QStringLiteral("A15");
        noise.prompt = QStringLiteral("a watercolor painting of a lighthouse at dusk over a stormy sea");
        noise.seed = 3;
        noise.iterations = 3;
        noise.size = 64;
        noise.device = QStringLiteral("cpu");
        noiseRun_ = runSteer(page, noise);
        widgets::SteeringPage::Request refine = noise;
        refine.method = widgets::SteeringPage::Method::Prompt;
        refine.personB.clear();
        refine.beamWidth = 2;
        refine.depth = 1;
        refine.candidatesPerParent = 3;
        promptRun_ = runSteer(page, refine);
    }
    static void TearDownTestSuite()
    {
        delete dir_;
        dir_ = nullptr;
    }

    static qint64 runSteer(widgets::SteeringPage& page, const widgets::SteeringPage::Request& request)
    {
        page.setRequest(request);
        QSignalSpy finished(&page, &widgets::SteeringPage::steeringFinished);
        if (!page.startSteering()) {
            ADD_FAILURE() << page.statusText().toStdString();
            return 0;
        }
        EXPECT_TRUE(finished.wait(180000));
        return page.shownA().runId;
    }

    void SetUp() override
    {
        settings_ = std::make_unique<gui::AppSettings>(
            std::make_unique<QSettings>(qs(dir_->path() / "settings.ini"), QSettings::IniFormat));
        settings_->modelsFolder = qs(dir_->path() / "models");
        settings_->workspaceFolder = qs(dir_->path());
        shots_ = qEnvironmentVariable("TASTELAB_SHOTS_DIR");
        if (!shots_.isEmpty()) QDir().mkpath(shots_);
    }
    void TearDown() override
    {
        gui::installTranslations(QStringLiteral("en"));
        gui::applyColorScheme(gui::ColorScheme::Light);
    }

    static void settle()
    {
        QTest::qWait(30);
        QApplication::processEvents();
    }

    // Held-out rows for the four TasteLab methods and the bound at five N_ref and the five baselines: ten series.
    static services::EvaluationReport evaluationWithEveryMethod()
    {
        services::EvaluationReport report;
        report.nRefs = {1, 2, 4, 8, 16};
        auto row = [&](const char* method, int nRef, double pairwise) {
            services::MetricRow r;
            r.people = "held-out";
            r.images = "all";
            r.method = method;
            r.nRef = nRef;
            r.pairwise = pairwise;
            report.rows.push_back(r);
        };
        // Every held-out method an evaluation measures at each N_ref; the chart draws the kept models, the baselines
        // and the references (isChartedMethod), the table all of them.
        const char* curves[] = {"TasteLab (linear taste, groups)", "TasteLab (linear taste)", "TasteLab (hierarchical)",
            "TasteLab (in-context)", "TasteLab (k-NN)", "TasteLab (mixture fit)", "TasteLab (posterior)",
            "CF MF fold-in", "CF item k-NN", "Population model", "Person mean", "Random", "Oracle (true taste)"};
        for (const char* method : curves) {
            for (const int n : report.nRefs) row(method, n, 0.55 + 0.02 * std::log2(double(n)));
        }
        row("Noise ceiling (retest)", 0, 0.8);
        // The longest name of all (demo workspaces only).
        for (const int n : report.nRefs)
            row("Bound (true attributes, N_ref answers)", n, 0.7 + 0.02 * std::log2(double(n)));
        return report;
    }

    // Audits `window` as shown now under `page`, and saves it when asked to.
    // The visible widgets whose minimum width alone comes near `width`, innermost first: where to look when a
    // page makes the window grow.
    static std::string widestChildren(QWidget* window, int width)
    {
        std::string out;
        for (QWidget* w : window->findChildren<QWidget*>()) {
            if (!w->isVisible()) continue;
            const int needed = std::max(w->minimumSizeHint().width(), w->minimumWidth());
            if (needed < width * 3 / 4) continue;
            bool innermost = true;
            for (QWidget* child : w->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
                if (child->isVisible()
                    && std::max(child->minimumSizeHint().width(), child->minimumWidth()) >= needed * 9 / 10) {
                    innermost = false;
                }
            }
            if (!innermost) continue;
            out += "\n    " + std::string(w->metaObject()->className()) + " '" + w->objectName().toStdString()
                + "' needs " + std::to_string(needed) + " px";
        }
        return out;
    }

    void audit(QWidget* window, const QString& page)
    {
        settle();
        const QString name = config_.name() + QLatin1Char('/') + page;
        audit_.auditWindow(window, name);
        // A page whose minimum size is larger than the screen grows the window past it, and on a real screen of
        // that size its right or bottom edge would be cut.
        if (window->isWindow() && window->inherits("QMainWindow")) {
            EXPECT_LE(window->width(), config_.size.width())
                << name.toStdString() << ": the window grew to " << window->width() << " px wide (minimum "
                << window->minimumSizeHint().width() << ")" << widestChildren(window, config_.size.width());
            EXPECT_LE(window->height(), config_.size.height())
                << name.toStdString() << ": the window grew to " << window->height() << " px high (minimum "
                << window->minimumSizeHint().height() << ")";
        }
        if (!shots_.isEmpty()) {
            const QString file = QStringLiteral("%1/%2-%3.png").arg(shots_, page, config_.name());
            EXPECT_TRUE(window->grab().save(file)) << file.toStdString();
        }
    }

    // Audits the page once per tab of each tab widget it shows.
    void auditWithTabs(QWidget* window, QWidget* page, const QString& name)
    {
        QList<QTabWidget*> tabWidgets;
        if (auto* self = qobject_cast<QTabWidget*>(page)) tabWidgets << self;
        for (QTabWidget* tabs : page->findChildren<QTabWidget*>()) {
            if (tabs->isVisible() && !tabWidgets.contains(tabs)) tabWidgets << tabs;
        }
        if (tabWidgets.isEmpty()) {
            audit(window, name);
            return;
        }
        QTabWidget* tabs = tabWidgets.first();  // the page's own tabs; nested ones are audited as shown
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            audit(window, QStringLiteral("%1-tab%2").arg(name).arg(i + 1));
        }
        tabs->setCurrentIndex(0);
    }

    void runConfig(const Config& config)
    {
        config_ = config;
        ASSERT_TRUE(gui::installTranslations(config.language));
        if (config.language == QLatin1String("de")) {
            ASSERT_EQ(QCoreApplication::translate("tastelab::widgets::MainWindow", "&File"), QStringLiteral("&Datei"));
        }
        gui::applyColorScheme(config.scheme);

        widgets::MainWindow window(*settings_);
        window.resize(config.size);
        window.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
        ASSERT_EQ(window.size(), config.size);
        audit(&window, QStringLiteral("welcome"));
        audit_.auditMenus(window.menuBar(), config.name() + QStringLiteral("/menus"));

        ASSERT_TRUE(window.openWorkspace(qs(dir_->path() / "demo")));
        audit(&window, QStringLiteral("workspace"));
        // The detail pane as it shows an image with its ratings, and a person's rating tools.
        widgets::LibraryPage* library = window.libraryPage();
        ASSERT_NE(library, nullptr);
        ASSERT_FALSE(library->library()->model()->people().isEmpty());
        library->library()->selectPerson(library->library()->model()->people().first().first);
        ASSERT_TRUE(library->selectImage(library->library()->model()->imageIds().first()));
        audit(&window, QStringLiteral("library-selected"));
        // The N_ref chart with every method and baseline, as an evaluation leaves it: its legend must fit too.
        widgets::ModelPage* modelPage = window.showModelPage();
        ASSERT_NE(modelPage, nullptr);
        modelPage->trainingPanel()->showEvaluation(evaluationWithEveryMethod());
        auto* legend = modelPage->findChild<widgets::ChartLegend*>();
        ASSERT_NE(legend, nullptr);
        EXPECT_EQ(legend->count(), 11);  // 8 methods and baselines, the oracle, the bound and the ceiling
        auditWithTabs(&window, modelPage, QStringLiteral("model"));
        auditWithTabs(&window, window.showGeneratePage(), QStringLiteral("generate"));
        widgets::SteeringPage* steer = window.showSteeringPage();
        ASSERT_NE(steer, nullptr);
        audit(&window, QStringLiteral("steer"));
        if (noiseRun_ && steer->openRun(noiseRun_)) audit(&window, QStringLiteral("steer-wipe"));
        if (promptRun_ && steer->openRun(promptRun_)) audit(&window, QStringLiteral("steer-prompt-cards"));
        auditWithTabs(&window, window.showArtistMode(), QStringLiteral("artist"));
        auditWithTabs(&window, window.showDesigner(), QStringLiteral("designer"));
        widgets::StudyResultsPage* results = window.showResults();
        ASSERT_NE(results, nullptr);
        QSignalSpy shown(results, &widgets::StudyResultsPage::resultsShown);
        results->showStudy(QStringLiteral("Demo study"));
        EXPECT_TRUE(shown.wait(60000));
        auditWithTabs(&window, results, QStringLiteral("results"));

        {
            widgets::SettingsDialog dialog(*settings_, &window);
            dialog.show();
            ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
            audit(&dialog, QStringLiteral("settings"));
        }

        auditStudyScreens(window);
        window.closeWorkspace();
    }

    // The participant's screens, through a whole session of the demo study typed by keyboard.
    void auditStudyScreens(widgets::MainWindow& window)
    {
        using Stage = widgets::StudyRunner::Stage;
        widgets::StudyRunner* runner = window.startStudySession(QStringLiteral("Demo study"), QString(), false);
        ASSERT_NE(runner, nullptr);
        QApplication::setActiveWindow(&window);
        ASSERT_EQ(runner->stage(), Stage::Consent) << runner->errorText().toStdString();
        audit(&window, QStringLiteral("study-consent"));
        runner->consentBox()->setChecked(true);
        QTest::keyClick(runner, Qt::Key_Return);
        ASSERT_EQ(runner->stage(), Stage::Participant);
        audit(&window, QStringLiteral("study-participant"));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("AUDIT-") + config_.name());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        ASSERT_EQ(runner->stage(), Stage::Instructions) << runner->errorText().toStdString();
        audit(&window, QStringLiteral("study-instructions"));
        QTest::keyClick(runner, Qt::Key_Return);
        bool slider = false, pair = false, practiceOver = false, rest = false;
        for (int i = 0; i < 200 && runner->stage() != Stage::Finished && runner->stage() != Stage::Failed; ++i) {
            if (runner->stage() == Stage::Interlude) {
                // The demo study has practice items: the first interlude ends the practice, the next is a break.
                if (!practiceOver) {
                    audit(&window, QStringLiteral("study-practice-over"));
                    practiceOver = true;
                } else if (!rest) {
                    audit(&window, QStringLiteral("study-break"));
                    rest = true;
                }
                QTest::keyClick(runner, Qt::Key_Return);
                continue;
            }
            QWidget* focus = QApplication::focusWidget();
            ASSERT_NE(focus, nullptr);
            if (runner->sliderScreen()->isVisible()) {
                QTest::keyClick(focus, Qt::Key_4);
                if (!slider) audit(&window, QStringLiteral("study-slider"));
                slider = true;
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
            } else {
                if (!pair) audit(&window, QStringLiteral("study-pairwise"));
                pair = true;
                QTest::keyClick(focus, Qt::Key_1);
            }
        }
        ASSERT_EQ(runner->stage(), Stage::Finished) << runner->errorText().toStdString();
        EXPECT_TRUE(slider && pair && practiceOver && rest);
        audit(&window, QStringLiteral("study-end"));
    }

    static TempDir* dir_;
    static qint64 noiseRun_;
    static qint64 promptRun_;
    std::unique_ptr<gui::AppSettings> settings_;
    QString shots_;
    Config config_;
    LayoutAudit audit_;
};

TempDir* LayoutAuditTest::dir_ = nullptr;
qint64 LayoutAuditTest::noiseRun_ = 0;
qint64 LayoutAuditTest::promptRun_ = 0;

// Every finding fails: the list of known failures this test started with is empty now.
void report(const QStringList& failures)
{
    for (const QString& line : failures) ADD_FAILURE() << line.toStdString();
}

// The audit itself: a squeezed label, a wrapped label without the height for it, a cut button, a long placeholder,
// an '&' on a label without a buddy, a stray '&' on a button and two buttons with the same mnemonic are all caught.
TEST(LayoutAuditSelfTest, CatchesCutTextAndMnemonicMistakes)
{
    QWidget window;
    window.resize(600, 300);
    auto* squeezed = new QLabel(QStringLiteral("A label far too long for the forty pixels it is given"), &window);
    squeezed->setObjectName(QStringLiteral("squeezed"));
    squeezed->setGeometry(10, 10, 40, 30);
    auto* wrapped =
        new QLabel(QString(QStringLiteral("Many words that wrap onto several lines. ")).repeated(6), &window);
    wrapped->setObjectName(QStringLiteral("wrapped"));
    wrapped->setWordWrap(true);
    wrapped->setGeometry(10, 50, 200, 20);
    auto* button = new QPushButton(QStringLiteral("A button with a long caption"), &window);
    button->setObjectName(QStringLiteral("cutButton"));
    button->setGeometry(10, 80, 60, 30);
    auto* edit = new QLineEdit(&window);
    edit->setObjectName(QStringLiteral("edit"));
    edit->setPlaceholderText(QStringLiteral("A placeholder longer than the field"));
    edit->setGeometry(10, 120, 80, 30);
    auto* ampersand = new QLabel(QStringLiteral("&Name:"), &window);
    ampersand->setObjectName(QStringLiteral("ampersand"));
    ampersand->setGeometry(10, 160, 200, 30);
    auto* stray = new QPushButton(QStringLiteral("Drag & drop"), &window);
    stray->setObjectName(QStringLiteral("stray"));
    stray->setGeometry(300, 10, 200, 30);
    auto* open = new QPushButton(QStringLiteral("&Open"), &window);
    open->setGeometry(300, 50, 200, 30);
    auto* ok = new QPushButton(QStringLiteral("&OK"), &window);
    ok->setGeometry(300, 90, 200, 30);
    auto* fine = new QLabel(QStringLiteral("Fits"), &window);
    fine->setObjectName(QStringLiteral("fine"));
    fine->setGeometry(300, 130, 200, 30);
    auto* outside = new QLabel(QStringLiteral("Half out"), &window);
    outside->setObjectName(QStringLiteral("outside"));
    outside->setGeometry(560, 200, 100, 30);
    // A path shortened on purpose passes while its tool tip holds the whole text, and fails without it.
    const QString longPath = QStringLiteral("/home/someone/Pictures/TasteLab/workspaces/portrait-study-2026");
    auto* elided = new widgets::ElidedLabel(Qt::ElideMiddle, &window);
    elided->setObjectName(QStringLiteral("elided"));
    elided->setGeometry(10, 200, 120, 30);
    elided->setFullText(longPath);
    auto* elidedNoTip = new widgets::ElidedLabel(Qt::ElideMiddle, &window);
    elidedNoTip->setObjectName(QStringLiteral("elidedNoTip"));
    elidedNoTip->setGeometry(10, 240, 120, 30);
    elidedNoTip->setFullText(longPath);
    // A scroll area whose horizontal scroll bar is off cuts what is wider than it; one that scrolls does not.
    auto makeScrolled = [&](const char* name, int y, Qt::ScrollBarPolicy policy) {
        auto* area = new QScrollArea(&window);
        area->setGeometry(300, y, 120, 50);
        area->setHorizontalScrollBarPolicy(policy);
        auto* label = new QLabel(QStringLiteral("Wider than the area"));
        label->setObjectName(QString::fromLatin1(name));
        label->resize(label->sizeHint().width() + 100, label->sizeHint().height());
        area->setWidget(label);
    };
    makeScrolled("wideNoScroll", 170, Qt::ScrollBarAlwaysOff);
    makeScrolled("wideScrolls", 230, Qt::ScrollBarAsNeeded);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    ASSERT_NE(elided->text(), longPath);
    elidedNoTip->setToolTip(QString());

    LayoutAudit audit;
    audit.auditWindow(&window, QStringLiteral("self-test"));
    const QString all = audit.failures.join(QLatin1Char('\n'));
    auto has = [&](const char* needle) { return all.contains(QString::fromLatin1(needle)); };
    EXPECT_TRUE(has("QLabel#squeezed \"A label far too long for the forty pixels it is given\": needs"))
        << all.toStdString();
    EXPECT_TRUE(has("has 40 px")) << all.toStdString();
    EXPECT_TRUE(has("QLabel#wrapped")) << all.toStdString();
    EXPECT_TRUE(has("QPushButton#cutButton")) << all.toStdString();
    EXPECT_TRUE(has("QLineEdit#edit")) << all.toStdString();
    EXPECT_TRUE(has("QLabel#ampersand \"&Name:\": shows '&' as text")) << all.toStdString();
    EXPECT_TRUE(has("QPushButton#stray \"Drag & drop\": a '&' that marks no key")) << all.toStdString();
    EXPECT_TRUE(has("Alt+O is the mnemonic of 2 widgets")) << all.toStdString();
    EXPECT_TRUE(has("QLabel#outside \"Half out\": cut by its window")) << all.toStdString();
    EXPECT_FALSE(has("QLabel#fine")) << all.toStdString();
    EXPECT_FALSE(has("ElidedLabel#elided ")) << all.toStdString();
    EXPECT_TRUE(has("ElidedLabel#elidedNoTip")) << all.toStdString();
    EXPECT_TRUE(has("without the whole text as its tool tip")) << all.toStdString();
    EXPECT_TRUE(has("QLabel#wideNoScroll \"Wider than the area\": cut by its window or a parent")) << all.toStdString();
    EXPECT_FALSE(has("QLabel#wideScrolls")) << all.toStdString();

    // Menus: two entries of one menu on the same key.
    QMenuBar bar;
    QMenu* file = bar.addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&Save"));
    file->addAction(QStringLiteral("&Settings"));
    bar.addMenu(QStringLiteral("&Edit"));
    LayoutAudit menus;
    menus.auditMenus(&bar, QStringLiteral("menus"));
    ASSERT_EQ(menus.failures.size(), 1) << menus.failures.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(menus.failures.first().contains(QStringLiteral("Save / Settings")));
}

TEST_F(LayoutAuditTest, EnglishLightAtBothSizes)
{
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        runConfig({QStringLiteral("en"), gui::ColorScheme::Light, size});
        if (HasFatalFailure()) return;
    }
    report(audit_.failures);
}

TEST_F(LayoutAuditTest, EnglishDarkAtBothSizes)
{
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        runConfig({QStringLiteral("en"), gui::ColorScheme::Dark, size});
        if (HasFatalFailure()) return;
    }
    report(audit_.failures);
}

TEST_F(LayoutAuditTest, GermanLightAtBothSizes)
{
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        runConfig({QStringLiteral("de"), gui::ColorScheme::Light, size});
        if (HasFatalFailure()) return;
    }
    report(audit_.failures);
}

TEST_F(LayoutAuditTest, GermanDarkAtBothSizes)
{
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        runConfig({QStringLiteral("de"), gui::ColorScheme::Dark, size});
        if (HasFatalFailure()) return;
    }
    report(audit_.failures);
}

}  // namespace

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}

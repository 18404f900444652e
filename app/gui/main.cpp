// tastelab: the desktop studio.
#include "app/build_config.h"
#include "app/gui/app_icon.h"
#include "app/gui/app_settings.h"
#include "app/gui/color_scheme.h"
#include "app/gui/language.h"
#include "app/services/build_info.h"
#include "app/services/workspace.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// --version must work on a machine without a display, so it is answered before QApplication exists.
bool printVersionIfAsked(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            auto list = tastelab::services::components();
            list.insert(list.begin() + 1, tastelab::services::Component{"Qt", qVersion()});
            std::fputs(tastelab::services::formatComponents(list).c_str(), stdout);
            return true;
        }
    }
    return false;
}

// Without this check Qt aborts with a core dump when there is no display to connect to.
bool haveDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    auto set = [](const char* name) {
        const char* value = std::getenv(name);
        return value && *value;
    };
    return set("DISPLAY") || set("WAYLAND_DISPLAY") || set("QT_QPA_PLATFORM");
#else
    return true;
#endif
}

bool hasHelpFlag(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv)
{
    using namespace tastelab;

    if (printVersionIfAsked(argc, argv)) return EXIT_SUCCESS;
    if (!haveDisplay()) {
        if (hasHelpFlag(argc, argv))
            qputenv("QT_QPA_PLATFORM", "offscreen");  // help needs no screen
        else {
            std::fputs("tastelab: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
                       "Use tastelab-cli on machines without a screen, or run with QT_QPA_PLATFORM=offscreen.\n",
                stderr);
            return 2;
        }
    }

    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("TasteLab"));
    QApplication::setApplicationName(QStringLiteral("TasteLab"));
    QApplication::setApplicationVersion(QStringLiteral(TASTELAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(TASTELAB_APP_ID));
    QApplication::setWindowIcon(gui::appIcon());

    gui::AppSettings& settings = gui::AppSettings::instance();

    // The language is needed before the command line help is printed.
    QString language = settings.language;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--language") == 0) language = QString::fromLocal8Bit(argv[i + 1]);
    }
    gui::installTranslations(gui::resolveLanguage(language));
    gui::applyColorScheme(settings.colorScheme);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "TasteLab learns one person's visual taste and steers image generation toward it."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("version"),
        QCoreApplication::translate("main", "Print the versions of TasteLab and its libraries.")});
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"),
        QCoreApplication::translate(
            "main", "Open the workspace in <folder>, creating it when the folder is new or empty."),
        QCoreApplication::translate("main", "folder"));
    const QCommandLineOption languageOption(QStringLiteral("language"),
        QCoreApplication::translate("main", "Show the interface in <code> (for example de), overriding the settings."),
        QCoreApplication::translate("main", "code"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save a picture of the main window to <file> once it is shown, then quit."),
        QCoreApplication::translate("main", "file"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
        QCoreApplication::translate("main",
            "Open the demo workspace (procedural images rated by simulated raters), "
            "building it first in --workspace or the default folder."));
    const QCommandLineOption studyOption(QStringLiteral("study"),
        QCoreApplication::translate("main", "Run the study <name> of the workspace for a participant."),
        QCoreApplication::translate("main", "name"));
    const QCommandLineOption participantOption(QStringLiteral("participant"),
        QCoreApplication::translate(
            "main", "With --study: the participant's id (otherwise the participant types it after the consent)."),
        QCoreApplication::translate("main", "id"));
    const QCommandLineOption kioskOption(QStringLiteral("kiosk"),
        QCoreApplication::translate("main",
            "With --study: full screen, locked until the administrator PIN is typed (Ctrl+Shift+Q). Needs a PIN set "
            "in Study > Set the Kiosk PIN."));
    parser.addOptions(
        {workspaceOption, languageOption, screenshotOption, demoOption, studyOption, participantOption, kioskOption});
    parser.process(app);

    widgets::MainWindow window(settings);
    window.show();

    bool ok = true;
    bool waitForDemo = false;
    if (parser.isSet(demoOption)) {
        const QString folder = parser.isSet(workspaceOption)
            ? parser.value(workspaceOption)
            : QDir(settings.workspaceFolder).filePath(QStringLiteral("Demo"));
        waitForDemo = !services::Workspace::isWorkspace(folder.toStdString());
        ok = window.openDemo(folder);
    } else if (parser.isSet(workspaceOption)) {
        const QString folder = parser.value(workspaceOption);
        if (QDir(folder).exists(QString::fromLatin1(services::Workspace::kDatabaseFile))) {
            ok = window.openWorkspace(folder);
        } else {
            ok = window.createWorkspace(folder, QDir(folder).dirName());
        }
    } else if (settings.reopenLastWorkspace && !settings.recentWorkspaces.get().isEmpty()) {
        const QString last = settings.recentWorkspaces.get().first();
        if (services::Workspace::isWorkspace(last.toStdString())) window.openWorkspace(last);
    }

    if (parser.isSet(studyOption)) {
        auto run = [&window, &parser, &studyOption, &participantOption, &kioskOption] {
            window.startStudySession(
                parser.value(studyOption), parser.value(participantOption), parser.isSet(kioskOption));
        };
        if (!window.hasWorkspace() && !waitForDemo) {
            std::fputs("tastelab: --study needs a workspace (--workspace FOLDER)\n", stderr);
            return 2;
        }
        if (waitForDemo) {
            QObject::connect(&window, &widgets::MainWindow::demoFinished, &window, run);
        } else {
            run();
        }
    } else if (parser.isSet(participantOption) || parser.isSet(kioskOption)) {
        std::fputs("tastelab: --participant and --kiosk go with --study NAME\n", stderr);
        return 2;
    }

    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        auto shoot = [&window, file, ok] {
            const bool saved = window.grab().save(file);
            std::fprintf(saved ? stdout : stderr, "%s %s\n", saved ? "Saved screenshot to" : "Cannot write screenshot",
                qPrintable(QDir::toNativeSeparators(file)));
            QCoreApplication::exit(saved && ok ? EXIT_SUCCESS : EXIT_FAILURE);
        };
        if (waitForDemo) {
            QObject::connect(
                &window, &widgets::MainWindow::demoFinished, &window, [shoot] { QTimer::singleShot(300, shoot); });
        } else {
            QTimer::singleShot(300, &window, shoot);
        }
    }
    return app.exec();
}

// Translation loading: TasteLab's strings from :/i18n, Qt's standard dialogs from Qt's translations.
#include "app/gui/language.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace tastelab::gui {
namespace {

const QString kResourceDir = QStringLiteral(":/i18n");

std::unique_ptr<QTranslator>& appTranslator()
{
    static std::unique_ptr<QTranslator> translator;
    return translator;
}

std::unique_ptr<QTranslator>& qtTranslator()
{
    static std::unique_ptr<QTranslator> translator;
    return translator;
}

void removeTranslator(std::unique_ptr<QTranslator>& translator)
{
    if (translator) {
        QCoreApplication::removeTranslator(translator.get());
        translator.reset();
    }
}

}  // namespace

QList<LanguageChoice> availableLanguages()
{
    QList<LanguageChoice> list{{QStringLiteral("en"), QStringLiteral("English")}};
    const QStringList files = QDir(kResourceDir).entryList({QStringLiteral("tastelab_*.qm")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const QString code = file.mid(9, file.size() - 9 - 3);  // tastelab_<code>.qm
        if (code == QLatin1String("en")) continue;
        const QLocale locale(code);
        QString name = locale.nativeLanguageName();
        if (!name.isEmpty()) name[0] = name[0].toUpper();
        list.append({code, name.isEmpty() ? code : name});
    }
    return list;
}

QString resolveLanguage(const QString& setting)
{
    const QList<LanguageChoice> languages = availableLanguages();
    auto known = [&](const QString& code) {
        for (const LanguageChoice& language : languages) {
            if (language.code == code) return true;
        }
        return false;
    };
    if (!setting.isEmpty()) return known(setting) ? setting : QStringLiteral("en");
    for (const QString& uiLanguage : QLocale::system().uiLanguages()) {
        const QString code = QLocale(uiLanguage).name().section(QLatin1Char('_'), 0, 0);
        if (known(code)) return code;
    }
    return QStringLiteral("en");
}

bool installTranslations(const QString& code)
{
    removeTranslator(appTranslator());
    removeTranslator(qtTranslator());
    QLocale::setDefault(QLocale(code));
    const bool english = code == QLatin1String("en");

    // English is the source language; its file only carries plural forms ("1 file", "2 files").
    auto app = std::make_unique<QTranslator>();
    if (!app->load(QStringLiteral("tastelab_") + code, kResourceDir)) return english;
    QCoreApplication::installTranslator(app.get());
    appTranslator() = std::move(app);
    if (english) return true;

    // Qt's own strings (standard buttons, file dialogs); absent is fine, TasteLab's still show.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        qtTranslator() = std::move(qt);
    }
    return true;
}

}  // namespace tastelab::gui

// Which translation the GUI shows: the system locale by default, or the one chosen in settings.
#pragma once

#include <QList>
#include <QString>

class QCoreApplication;

namespace tastelab::gui {

struct LanguageChoice {
    QString code;  // "en", "de", ...
    QString nativeName;  // "English", "Deutsch", ...
};

// English (the source language) and every translation compiled into the program.
QList<LanguageChoice> availableLanguages();

// The language actually used for `setting` ("" = the system's UI languages, first match wins).
QString resolveLanguage(const QString& setting);

// Installs TasteLab's and Qt's own translators for `code` (replacing earlier ones) and sets the
// default locale. Returns false when TasteLab has no translation for it (English is then shown).
bool installTranslations(const QString& code);

}  // namespace tastelab::gui

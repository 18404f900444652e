// Palettes chosen for contrast (WCAG AA for text on window and base colours in both schemes).
#include "app/gui/color_scheme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace tastelab::gui {

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xf4, 0xf4, 0xf6));
    p.setColor(QPalette::WindowText, QColor(0x1d, 0x1d, 0x22));
    p.setColor(QPalette::Base, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::AlternateBase, QColor(0xec, 0xec, 0xf0));
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xe8));
    p.setColor(QPalette::ToolTipText, QColor(0x1d, 0x1d, 0x22));
    p.setColor(QPalette::PlaceholderText, QColor(0x6e, 0x6e, 0x78));
    p.setColor(QPalette::Text, QColor(0x1d, 0x1d, 0x22));
    p.setColor(QPalette::Button, QColor(0xe9, 0xe9, 0xee));
    p.setColor(QPalette::ButtonText, QColor(0x1d, 0x1d, 0x22));
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x5b, 0x3c, 0xc4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x4a, 0x2f, 0xb0));
    p.setColor(QPalette::LinkVisited, QColor(0x7a, 0x2f, 0x90));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, QColor(0x9a, 0x9a, 0xa4));
    }
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x24, 0x24, 0x2a));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xee));
    p.setColor(QPalette::Base, QColor(0x1a, 0x1a, 0x1f));
    p.setColor(QPalette::AlternateBase, QColor(0x2c, 0x2c, 0x33));
    p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x33, 0x3b));
    p.setColor(QPalette::ToolTipText, QColor(0xe8, 0xe8, 0xee));
    p.setColor(QPalette::PlaceholderText, QColor(0x8e, 0x8e, 0x99));
    p.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xee));
    p.setColor(QPalette::Button, QColor(0x31, 0x31, 0x39));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xee));
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Highlight, QColor(0x8b, 0x6c, 0xf0));
    p.setColor(QPalette::HighlightedText, QColor(0x10, 0x10, 0x14));
    p.setColor(QPalette::Link, QColor(0xa8, 0x92, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xd0, 0x8f, 0xe8));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, QColor(0x6a, 0x6a, 0x74));
    }
    return p;
}

void applyColorScheme(ColorScheme scheme)
{
    // The platform palette, captured before we first replace it.
    static const QPalette systemPalette = QApplication::palette();
    static const bool fusionSet = [] {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        return true;
    }();
    (void)fusionSet;
    switch (scheme) {
    case ColorScheme::Light:
        QApplication::setPalette(lightPalette());
        break;
    case ColorScheme::Dark:
        QApplication::setPalette(darkPalette());
        break;
    case ColorScheme::System:
        QApplication::setPalette(systemPalette);
        break;
    }
}

bool isDarkPaletteActive()
{
    const QPalette p = QApplication::palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

}  // namespace tastelab::gui

// Light and dark palettes on the Fusion style, or the system's own colours.
#pragma once

#include "app/gui/app_settings.h"

class QPalette;

namespace tastelab::gui {

QPalette lightPalette();
QPalette darkPalette();

// Applies `scheme` to the running application. Call once after QApplication exists; later calls
// switch live. System keeps the platform palette captured at the first call.
void applyColorScheme(ColorScheme scheme);

// True when the palette in use has a dark window background.
bool isDarkPaletteActive();

}  // namespace tastelab::gui

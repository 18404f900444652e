// The application icon, rendered from its SVG at every size so that it is crisp on HiDPI screens.
#pragma once

#include <QIcon>

namespace tastelab::gui {

QIcon appIcon();

}  // namespace tastelab::gui

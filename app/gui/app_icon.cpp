// Renders :/icons/tastelab.svg with QSvgRenderer, so no SVG image plugin is needed at run time.
#include "app/gui/app_icon.h"

#include <QImage>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace tastelab::gui {

QIcon appIcon()
{
    static const QIcon icon = [] {
        QIcon result;
        QSvgRenderer renderer(QStringLiteral(":/icons/tastelab.svg"));
        if (!renderer.isValid()) return result;
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512}) {
            QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::transparent);
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            renderer.render(&painter);
            painter.end();
            result.addPixmap(QPixmap::fromImage(image));
        }
        return result;
    }();
    return icon;
}

}  // namespace tastelab::gui

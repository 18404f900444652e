// Build-time tool: renders the application's SVG icon to the PNG sizes of the hicolor theme.
// Usage: tastelab-render-icons ICON.svg OUTPUT_DIR NAME SIZE...
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    if (argc < 5) {
        std::fputs("usage: tastelab-render-icons ICON.svg OUTPUT_DIR NAME SIZE...\n", stderr);
        return 2;
    }
    QSvgRenderer renderer(QString::fromLocal8Bit(argv[1]));
    if (!renderer.isValid()) {
        std::fprintf(stderr, "tastelab-render-icons: '%s' is not a valid SVG file\n", argv[1]);
        return 1;
    }
    const QDir output(QString::fromLocal8Bit(argv[2]));
    const QString name = QString::fromLocal8Bit(argv[3]);
    for (int i = 4; i < argc; ++i) {
        const int size = QString::fromLocal8Bit(argv[i]).toInt();
        const QString dir = QStringLiteral("%1x%1/apps").arg(size);
        output.mkpath(dir);
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.render(&painter);
        painter.end();
        const QString file = output.filePath(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
        if (!image.save(file)) {
            std::fprintf(stderr, "tastelab-render-icons: cannot write '%s'\n", qPrintable(file));
            return 1;
        }
    }
    return 0;
}

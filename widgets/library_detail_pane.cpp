// LibraryDetailPane: one query for the ratings (with who and where), the image record for the facts, and the PNG's
// own text chunks (read from the header only) next to the parameters stored at import.
#include "widgets/library_detail_pane.h"

#include "storage/database.h"
#include "storage/images.h"
#include "storage/statement.h"
#include "widgets/image_canvas.h"
#include "widgets/rating_slider.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImageReader>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tastelab::widgets {

namespace {

// The largest side the pane decodes an image to: enough for a large pane on a HiDPI screen.
constexpr int kShownSide = 1024;

QString whereText(const QString& study, const QString& mode, const QString& source)
{
    if (!study.isEmpty()) return LibraryDetailPane::tr("study %1").arg(study);
    if (source == QLatin1String("import")) return LibraryDetailPane::tr("imported");
    if (source == QLatin1String("simulated") || mode == QLatin1String("simulated")) {
        return LibraryDetailPane::tr("simulated");
    }
    if (mode == QLatin1String("artist")) return LibraryDetailPane::tr("artist mode or library");
    return mode.isEmpty() ? LibraryDetailPane::tr("outside a session") : mode;
}

}  // namespace

LibraryDetailPane::LibraryDetailPane(QWidget* parent)
    : QWidget(parent)
{
    stack_ = new QStackedWidget(this);
    nothing_ = new QLabel(tr("Select an image to see it large, with its prompt, settings and ratings."), stack_);
    nothing_->setAlignment(Qt::AlignCenter);
    nothing_->setWordWrap(true);

    auto* detail = new QWidget(stack_);
    canvas_ = new ImageCanvas(detail);
    canvas_->setMinimumSize(160, 160);
    prompt_ = new QLabel(detail);
    prompt_->setWordWrap(true);
    prompt_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont promptFont = prompt_->font();
    promptFont.setBold(true);
    prompt_->setFont(promptFont);
    facts_ = new QLabel(detail);
    facts_->setWordWrap(true);
    facts_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    raterLabel_ = new QLabel(detail);
    raterLabel_->setWordWrap(true);
    slider_ = new RatingSlider(detail);
    slider_->setToolTip(tr("Drag, or press 1 to 5 on the grid for the five anchors; Enter stores the rating"));
    rate_ = new QPushButton(detail);
    rate_->setDefault(true);
    steer_ = new QPushButton(tr("Send to Steer"), detail);
    steer_->setToolTip(tr("Open the Steer page with this image's prompt and seed"));
    auto* rateRow = new QHBoxLayout;
    rateRow->addWidget(rate_);
    rateRow->addStretch();
    rateRow->addWidget(steer_);

    ratingsView_ = new QTreeWidget(detail);
    ratingsView_->setRootIsDecorated(false);
    ratingsView_->setHeaderLabels({tr("Who"), tr("Rating"), tr("When"), tr("Where")});
    ratingsView_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ratingsView_->setAlternatingRowColors(true);
    parameters_ = new QPlainTextEdit(detail);
    parameters_->setReadOnly(true);
    parameters_->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    tabs_ = new QTabWidget(detail);
    tabs_->addTab(ratingsView_, tr("Ratings"));
    tabs_->addTab(parameters_, tr("Parameters"));
    auto* lower = new QWidget(detail);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(prompt_);
    lowerLayout->addWidget(facts_);
    lowerLayout->addWidget(raterLabel_);
    lowerLayout->addWidget(slider_);
    lowerLayout->addLayout(rateRow);
    lowerLayout->addWidget(tabs_, 1);
    // The image and the text share the height as the person drags the handle between them.
    auto* split = new QSplitter(Qt::Vertical, detail);
    split->addWidget(canvas_);
    split->addWidget(lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(split);

    auto* several = new QWidget(stack_);
    selection_ = new QLabel(several);
    selection_->setAlignment(Qt::AlignCenter);
    selection_->setWordWrap(true);
    rateThese_ = new QPushButton(tr("Rate These in Artist Mode"), several);
    auto* severalLayout = new QVBoxLayout(several);
    severalLayout->addStretch();
    severalLayout->addWidget(selection_);
    severalLayout->addWidget(rateThese_, 0, Qt::AlignCenter);
    severalLayout->addStretch();

    stack_->addWidget(nothing_);
    stack_->addWidget(detail);
    stack_->addWidget(several);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(stack_);

    connect(rate_, &QPushButton::clicked, this, [this] { Q_EMIT rateRequested(slider_->value()); });
    connect(steer_, &QPushButton::clicked, this, &LibraryDetailPane::sendToSteerRequested);
    connect(rateThese_, &QPushButton::clicked, this, &LibraryDetailPane::rateTheseRequested);
    setRater(QString());
    showSelection(0);
}

QList<LibraryDetailPane::RatingRow> LibraryDetailPane::ratingsOf(storage::Database& db, qint64 imageId)
{
    QList<RatingRow> rows;
    auto statement = db.prepare(
        "SELECT r.id, p.pseudonym, r.value, r.answered_at, coalesce(st.name, ''), coalesce(s.mode, ''), r.source, "
        "EXISTS (SELECT 1 FROM ratings later WHERE later.revises_id = r.id), r.is_catch "
        "FROM ratings r JOIN people p ON p.id = r.person_id LEFT JOIN studies st ON st.id = r.study_id "
        "LEFT JOIN sessions s ON s.id = r.session_id WHERE r.image_id = ?1 ORDER BY r.answered_at, r.id");
    statement.bind(1, std::int64_t(imageId));
    while (statement.step()) {
        RatingRow row;
        row.id = statement.columnInt(0);
        row.person = QString::fromStdString(statement.columnText(1));
        row.value = statement.columnDouble(2);
        row.answeredAt = QString::fromStdString(statement.columnText(3));
        row.where = whereText(QString::fromStdString(statement.columnText(4)),
            QString::fromStdString(statement.columnText(5)), QString::fromStdString(statement.columnText(6)));
        row.replaced = statement.columnInt(7) != 0;
        row.isCatch = statement.columnInt(8) != 0;
        rows.append(row);
    }
    return rows;
}

void LibraryDetailPane::showImage(storage::Database& db, const QString& filePath, qint64 imageId)
{
    const auto image = storage::ImageStore(db).findById(imageId);
    if (!image) {
        showSelection(0);
        return;
    }
    imageId_ = imageId;
    const QLocale locale;
    auto text = [](const std::optional<std::string>& value) {
        return value ? QString::fromStdString(*value) : QString();
    };
    const QString prompt = text(image->prompt);
    prompt_->setText(prompt.isEmpty() ? tr("(no prompt)") : prompt);
    QStringList facts;
    if (image->seed) facts << tr("Seed: %1").arg(*image->seed);
    if (image->generator) facts << tr("Generator: %1").arg(text(image->generator));
    facts << tr("%1 × %2 %3, %4")
                 .arg(locale.toString(image->width), locale.toString(image->height),
                     QString::fromStdString(image->format).toUpper(), locale.formattedDataSize(image->byteSize));
    if (image->negativePrompt && !image->negativePrompt->empty()) {
        facts << tr("Negative prompt: %1").arg(text(image->negativePrompt));
    }
    const QDateTime created = QDateTime::fromString(QString::fromStdString(image->createdAt), Qt::ISODate);
    facts << tr("Added %1 (%2)")
                 .arg(locale.toString(created.toLocalTime(), QLocale::ShortFormat),
                     image->origin == storage::ImageOrigin::Generated ? tr("generated") : tr("imported"));
    if (image->originalName) facts << tr("File: %1").arg(text(image->originalName));
    facts_->setText(facts.join(QLatin1Char('\n')));

    // The PNG's own text (what SD tools write as "parameters"), read from the header without decoding the pixels.
    QImageReader reader(filePath);
    reader.setAutoTransform(true);
    QStringList parameters;
    const QJsonDocument stored = QJsonDocument::fromJson(QByteArray::fromStdString(image->parameters));
    if (!stored.isNull() && !(stored.isObject() && stored.object().isEmpty())) {
        parameters << QString::fromUtf8(stored.toJson(QJsonDocument::Indented)).trimmed();
    }
    for (const QString& key : reader.textKeys()) parameters << key + QLatin1String(": ") + reader.text(key);
    parameters_->setPlainText(parameters.isEmpty() ? tr("(none stored)") : parameters.join(QLatin1String("\n\n")));

    const QSize size = reader.size();
    if (size.isValid() && (size.width() > kShownSide || size.height() > kShownSide)) {
        reader.setScaledSize(ImageCanvas::fitSize(size, QSize(kShownSide, kShownSide)));
    }
    const QImage pixels = filePath.isEmpty() ? QImage() : reader.read();
    if (pixels.isNull()) {
        canvas_->clear();
        canvas_->setPlaceholderText(
            tr("The image file cannot be read: %1")
                .arg(filePath.isEmpty() ? tr("it is missing or changed") : reader.errorString()));
    } else {
        canvas_->setImage(pixels, token_++);
    }

    ratings_ = ratingsOf(db, imageId);
    ratingsView_->clear();
    for (const RatingRow& row : ratings_) {
        const QDateTime when = QDateTime::fromString(row.answeredAt, Qt::ISODateWithMs);
        QString where = row.where;
        if (row.replaced) where += QStringLiteral(" · ") + tr("replaced");
        if (row.isCatch) where += QStringLiteral(" · ") + tr("attention check");
        auto* item = new QTreeWidgetItem(ratingsView_,
            {row.person, locale.toString(row.value, 'f', 2), locale.toString(when.toLocalTime(), QLocale::ShortFormat),
                where});
        if (row.replaced) {
            // Kept in the history but no longer the person's answer.
            QFont font = item->font(0);
            font.setStrikeOut(true);
            item->setFont(1, font);
            for (int column = 0; column < 4; ++column)
                item->setForeground(column, palette().color(QPalette::PlaceholderText));
        }
    }
    if (ratings_.isEmpty()) new QTreeWidgetItem(ratingsView_, {tr("Not rated yet")});
    tabs_->setTabText(0, tr("Ratings (%1)").arg(ratings_.size()));
    stack_->setCurrentIndex(1);
    updateRateButton();
}

void LibraryDetailPane::showSelection(int count)
{
    imageId_ = 0;
    if (count <= 1) {
        stack_->setCurrentWidget(nothing_);
        return;
    }
    selection_->setText(tr("%n images selected.\nThe keys 1 to 5 rate all of them; Rate These opens them in artist "
                           "mode one by one.",
        nullptr, count));
    rateThese_->setEnabled(!rater_.isEmpty());
    stack_->setCurrentIndex(2);
}

void LibraryDetailPane::setRater(const QString& person)
{
    rater_ = person;
    raterLabel_->setText(person.isEmpty() ? tr("Choose a person in the filter bar to rate this image.")
                                          : tr("Rating as %1:").arg(person));
    slider_->setEnabled(!person.isEmpty());
    rateThese_->setEnabled(!person.isEmpty());
    updateRateButton();
}

void LibraryDetailPane::resetSlider(double value)
{
    slider_->reset(value);
}

void LibraryDetailPane::updateRateButton()
{
    rate_->setEnabled(!rater_.isEmpty() && imageId_ != 0);
    rate_->setText(rater_.isEmpty() ? tr("Rate") : tr("Rate as %1").arg(rater_));
}

QString LibraryDetailPane::promptText() const
{
    return prompt_->text();
}

QString LibraryDetailPane::parametersText() const
{
    return parameters_->toPlainText();
}

}  // namespace tastelab::widgets

// StudyEditor: the form only shows what the database holds; each committed control becomes a command, and the
// stack's index change re-reads the study, so undo and redo update the form the same way an edit does.
#include "widgets/study_editor.h"

#include "app/services/study_plan.h"
#include "app/services/study_results.h"
#include "app/services/workspace.h"
#include "storage/images.h"
#include "util/format_error.h"
#include "util/json.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <climits>
#include <optional>

namespace tastelab::widgets {

namespace {

constexpr double kDefaultCatchMin = 0.9;
constexpr double kDefaultCatchMax = 1.0;

const std::array<storage::ItemKind, 3> kKinds = {
    storage::ItemKind::Regular, storage::ItemKind::Catch, storage::ItemKind::Practice};

// The minimum catch pass rate from the settings JSON ({"exclusion": {"minCatchPassRate": x}}), if any.
std::optional<double> minCatchPassRate(const std::string& settings)
{
    try {
        const util::JsonValue root = util::parseJson(settings, "studies.settings");
        const util::JsonValue* exclusion = root.find("exclusion");
        const util::JsonValue* rate = exclusion ? exclusion->find("minCatchPassRate") : nullptr;
        if (rate && rate->isNumber()) return rate->asDouble();
    } catch (const util::FormatError&) {
        // Storage refuses malformed settings; an old row that has them simply shows no rule.
    }
    return std::nullopt;
}

// The settings with the exclusion rule set; other keys, inside "exclusion" too, are kept as they are.
std::string withMinCatchPassRate(const std::string& settings, double rate)
{
    util::JsonValue root = util::parseJson(settings.empty() ? std::string("{}") : settings, "studies.settings");
    util::JsonValue::Object rebuilt;
    util::JsonValue exclusion = util::JsonValue::Object{};
    for (const auto& [key, value] : root.asObject()) {
        if (key == "exclusion" && value.isObject()) {
            exclusion = value;
        } else {
            rebuilt.emplace_back(key, value);
        }
    }
    exclusion.set("minCatchPassRate", rate);
    rebuilt.emplace_back("exclusion", std::move(exclusion));
    return util::toJson(util::JsonValue(std::move(rebuilt)));
}

// Parses "0.9–1", "0.9-1" or "0.9..1" in the user's locale (or with a dot).
std::optional<std::pair<double, double>> parseRange(const QString& text)
{
    const QStringList parts =
        text.split(QRegularExpression(QStringLiteral("\\s*(–|\\.\\.|-|—)\\s*")), Qt::SkipEmptyParts);
    if (parts.size() != 2) return std::nullopt;
    const QLocale locale;
    std::array<double, 2> values{};
    for (int i = 0; i < 2; ++i) {
        bool ok = false;
        values[static_cast<std::size_t>(i)] = locale.toDouble(parts[i].trimmed(), &ok);
        if (!ok) values[static_cast<std::size_t>(i)] = parts[i].trimmed().toDouble(&ok);
        if (!ok) return std::nullopt;
    }
    return std::make_pair(values[0], values[1]);
}

void setTextIfDifferent(QLineEdit* edit, const QString& text)
{
    if (edit->text() != text) edit->setText(text);
}

void setTextIfDifferent(QPlainTextEdit* edit, const QString& text)
{
    if (edit->toPlainText() != text) edit->setPlainText(text);
}

// The kind column edits with a combo box of the three kinds.
class ItemKindDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        auto* combo = new QComboBox(parent);
        for (const storage::ItemKind kind : kKinds) {
            combo->addItem(StudyItemsModel::kindLabel(kind), static_cast<int>(kind));
        }
        return combo;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        auto* combo = static_cast<QComboBox*>(editor);
        combo->setCurrentIndex(combo->findData(index.data(StudyItemsModel::KindRole)));
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        model->setData(index, static_cast<QComboBox*>(editor)->currentData(), Qt::EditRole);
    }
};

}  // namespace

// ---- StudyListModel ----

StudyListModel::StudyListModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void StudyListModel::setRows(std::vector<Row> rows)
{
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

int StudyListModel::rowOf(qint64 studyId) const
{
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        if (rows_[i].id == studyId) return static_cast<int>(i);
    }
    return -1;
}

int StudyListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant StudyListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return row.plans > 0 ? tr("%1 (locked)").arg(row.name) : row.name;
    case Qt::ToolTipRole:
        return row.plans > 0 ? tr("%n participant plan(s) made; the protocol and items can no longer change.", nullptr,
                   static_cast<int>(row.plans))
                             : QVariant();
    case StudyIdRole:
        return row.id;
    case NameRole:
        return row.name;
    case PlanCountRole:
        return row.plans;
    default:
        return {};
    }
}

// ---- StudyItemsModel ----

StudyItemsModel::StudyItemsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QString StudyItemsModel::kindLabel(storage::ItemKind kind)
{
    switch (kind) {
    case storage::ItemKind::Regular:
        return tr("Regular");
    case storage::ItemKind::Catch:
        return tr("Catch");
    case storage::ItemKind::Practice:
        return tr("Practice");
    }
    return {};
}

void StudyItemsModel::setRows(std::vector<Row> rows)
{
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

void StudyItemsModel::setEditable(bool editable)
{
    if (editable_ == editable) return;
    editable_ = editable;
    if (!rows_.empty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int StudyItemsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int StudyItemsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString StudyItemsModel::rangeText(const storage::StudyItem& item) const
{
    if (!item.catchMin || !item.catchMax) return {};
    const QLocale locale;
    return tr("%1–%2").arg(locale.toString(*item.catchMin, 'f', 2), locale.toString(*item.catchMax, 'f', 2));
}

QImage StudyItemsModel::thumbnail(const Row& row) const
{
    const auto cached = thumbnails_.constFind(row.item.imageId);
    if (cached != thumbnails_.constEnd()) return *cached;
    QImage image(row.thumbnailPath);
    // A missing thumbnail leaves the cell without a picture; the name still says which image it is.
    if (!image.isNull()) image = image.scaled(48, 48, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    thumbnails_.insert(row.item.imageId, image);
    return image;
}

QVariant StudyItemsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    const storage::StudyItem& item = row.item;
    switch (role) {
    case ItemIdRole:
        return static_cast<qint64>(item.id);
    case ImageIdRole:
        return static_cast<qint64>(item.imageId);
    case KindRole:
        return static_cast<int>(item.kind);
    case CatchMinRole:
        return item.catchMin ? QVariant(*item.catchMin) : QVariant();
    case CatchMaxRole:
        return item.catchMax ? QVariant(*item.catchMax) : QVariant();
    default:
        break;
    }
    if (role == Qt::DecorationRole && index.column() == Image) {
        const QImage image = thumbnail(row);
        return image.isNull() ? QVariant() : QVariant(image);
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
    case Image:
        return row.imageName;
    case Prompt:
        return row.prompt;
    case Kind:
        return role == Qt::EditRole ? QVariant(static_cast<int>(item.kind)) : QVariant(kindLabel(item.kind));
    case CatchRange:
        return rangeText(item);
    case Instruction:
        return item.instruction ? QString::fromStdString(*item.instruction) : QString();
    default:
        return {};
    }
}

bool StudyItemsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.row() >= rowCount() || !editable_ || !editHandler_) return false;
    const storage::StudyItem& before = rows_[static_cast<std::size_t>(index.row())].item;
    storage::StudyItem after = before;
    if (role == CatchMinRole || role == CatchMaxRole) {
        bool ok = false;
        const double bound = value.toDouble(&ok);
        if (!ok) return false;
        (role == CatchMinRole ? after.catchMin : after.catchMax) = bound;
    } else if (role == KindRole || (role == Qt::EditRole && index.column() == Kind)) {
        bool ok = false;
        const int kind = value.toInt(&ok);
        if (!ok || kind < 0 || kind >= static_cast<int>(kKinds.size())) return false;
        after.kind = kKinds[static_cast<std::size_t>(kind)];
        if (after.kind == storage::ItemKind::Catch) {
            // A catch item cannot be stored without its passing range: start from "fully to the right".
            if (!after.catchMin || !after.catchMax) {
                after.catchMin = kDefaultCatchMin;
                after.catchMax = kDefaultCatchMax;
            }
            if (!after.instruction) after.instruction = tr("Move the slider fully to the right").toStdString();
        } else {
            after.catchMin.reset();
            after.catchMax.reset();
        }
    } else if (role == Qt::EditRole && index.column() == CatchRange) {
        const auto range = parseRange(value.toString());
        if (!range) return false;
        after.catchMin = range->first;
        after.catchMax = range->second;
    } else if (role == Qt::EditRole && index.column() == Instruction) {
        const QString text = value.toString().trimmed();
        after.instruction = text.isEmpty() ? std::nullopt : std::optional<std::string>(text.toStdString());
    } else {
        return false;
    }
    if (storage::sameContent(before, after)) return true;
    // The rows change when the pushed command has run and the editor re-reads them.
    return editHandler_(before, after);
}

Qt::ItemFlags StudyItemsModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!index.isValid() || !editable_) return flags;
    const bool isCatch = rows_[static_cast<std::size_t>(index.row())].item.kind == storage::ItemKind::Catch;
    if (index.column() == Kind || index.column() == Instruction || (index.column() == CatchRange && isCatch)) {
        flags |= Qt::ItemIsEditable;
    }
    return flags;
}

QVariant StudyItemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Image:
        return tr("Image");
    case Prompt:
        return tr("Prompt");
    case Kind:
        return tr("Kind");
    case CatchRange:
        return tr("Passing range");
    case Instruction:
        return tr("Instruction");
    default:
        return {};
    }
}

// ---- StudyEditor ----

StudyEditor::StudyEditor(const QString& workspaceFolder, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , undoStack_(undoStack)
{
    auto workspace = services::Workspace::open(workspaceFolder.toStdString());
    thumbnailsDir_ = workspace.thumbnailsDir();
    context_ = std::make_shared<StudyCommandContext>(
        storage::Database::open(workspace.databasePath(), storage::Database::OpenMode::ExistingOnly));
    context_->reportError = [this](const QString& message) { report(message); };

    studies_ = new StudyListModel(this);
    studyList_ = new QListView(this);
    studyList_->setObjectName(QStringLiteral("studyList"));
    studyList_->setModel(studies_);
    studyList_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    newStudy_ = new QPushButton(tr("New…"), this);
    duplicate_ = new QPushButton(tr("Duplicate…"), this);
    remove_ = new QPushButton(tr("Remove"), this);
    remove_->setToolTip(tr("Removes the study and its items (undoable). Refused once participants have plans."));
    connect(newStudy_, &QPushButton::clicked, this, &StudyEditor::askNewStudy);
    connect(duplicate_, &QPushButton::clicked, this, &StudyEditor::askDuplicate);
    connect(remove_, &QPushButton::clicked, this, [this] { removeStudy(); });
    connect(
        studyList_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
            if (!current.isValid() || updatingForm_) return;
            showStudy(current.data(StudyListModel::StudyIdRole).toLongLong());
        });

    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(newStudy_);
    listButtons->addWidget(duplicate_);
    listButtons->addWidget(remove_);
    auto* listPane = new QWidget(this);
    auto* listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(new QLabel(tr("Studies"), listPane));
    listLayout->addWidget(studyList_, 1);
    listLayout->addLayout(listButtons);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(buildForm());

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(listPane);
    splitter->addWidget(scroll);
    splitter->addWidget(buildItems());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    if (undoStack_ != nullptr) connect(undoStack_, &QUndoStack::indexChanged, this, &StudyEditor::reload);
    reload();
}

StudyEditor::~StudyEditor()
{
    // The commands may stay on the stack after the editor is gone; they must not report to it, and focus
    // leaving the text edits while the children are torn down must not commit into a half-destroyed editor.
    context_->reportError = nullptr;
    instructions_->removeEventFilter(this);
    consent_->removeEventFilter(this);
}

QWidget* StudyEditor::buildForm()
{
    form_ = new QWidget(this);

    lockNote_ = new QWidget(form_);
    lockNote_->setObjectName(QStringLiteral("lockNote"));
    lockNote_->setAutoFillBackground(true);
    lockNote_->setBackgroundRole(QPalette::AlternateBase);
    lockText_ = new QLabel(lockNote_);
    lockText_->setWordWrap(true);
    auto* duplicateLocked = new QPushButton(tr("Duplicate study"), lockNote_);
    connect(duplicateLocked, &QPushButton::clicked, this, &StudyEditor::askDuplicate);
    auto* noteLayout = new QHBoxLayout(lockNote_);
    noteLayout->addWidget(lockText_, 1);
    noteLayout->addWidget(duplicateLocked);

    name_ = new QLineEdit(form_);
    name_->setObjectName(QStringLiteral("name"));
    connect(name_, &QLineEdit::editingFinished, this, [this] {
        const QString name = name_->text().trimmed();
        if (updatingForm_ || currentId_ == 0 || name == currentStudy()) return;
        if (name.isEmpty()) {
            report(tr("A study needs a name."));
            reload();
            return;
        }
        if (studyNames().contains(name)) {
            report(tr("A study named “%1” already exists.").arg(name));
            reload();
            return;
        }
        commitField(StudyField::Name, [&](storage::Study& s) { s.name = name.toStdString(); });
    });

    instructions_ = new QPlainTextEdit(form_);
    instructions_->setObjectName(QStringLiteral("instructions"));
    consent_ = new QPlainTextEdit(form_);
    consent_->setObjectName(QStringLiteral("consent"));
    for (QPlainTextEdit* edit : {instructions_, consent_}) {
        edit->setTabChangesFocus(true);
        edit->setMaximumHeight(110);
        edit->installEventFilter(this);  // committed when focus leaves
    }

    answerModes_ = new QComboBox(form_);
    answerModes_->setObjectName(QStringLiteral("answerModes"));
    answerModes_->addItem(tr("Slider"), static_cast<int>(storage::AnswerModes::Slider));
    answerModes_->addItem(tr("Pairwise"), static_cast<int>(storage::AnswerModes::Pairwise));
    answerModes_->addItem(tr("Slider and pairwise"), static_cast<int>(storage::AnswerModes::SliderAndPairwise));
    connect(answerModes_, &QComboBox::currentIndexChanged, this, [this] {
        const auto modes = static_cast<storage::AnswerModes>(answerModes_->currentData().toInt());
        commitField(StudyField::AnswerModes, [&](storage::Study& s) { s.protocol.answerModes = modes; });
    });

    auto* anchorsBox = new QWidget(form_);
    auto* anchorsLayout = new QGridLayout(anchorsBox);
    anchorsLayout->setContentsMargins(0, 0, 0, 0);
    const QStringList anchorPlaces = {tr("Left end"), tr("Left"), tr("Middle"), tr("Right"), tr("Right end")};
    for (int i = 0; i < 5; ++i) {
        auto* edit = new QLineEdit(anchorsBox);
        edit->setObjectName(QStringLiteral("anchor%1").arg(i + 1));
        anchorsLayout->addWidget(new QLabel(anchorPlaces[i], anchorsBox), i, 0);
        anchorsLayout->addWidget(edit, i, 1);
        connect(edit, &QLineEdit::editingFinished, this, [this, edit, i] {
            const QString text = edit->text().trimmed();
            if (updatingForm_ || currentId_ == 0) return;
            if (text.isEmpty()) {
                report(tr("Anchor label %1 is empty; every slider position needs a label.").arg(i + 1));
                reload();
                return;
            }
            commitField(StudyField::AnchorLabels,
                [&](storage::Study& s) { s.protocol.anchorLabels[static_cast<std::size_t>(i)] = text.toStdString(); });
        });
        anchors_.push_back(edit);
    }

    const auto makeCount = [this](const char* objectName, int maximum, StudyField field,
                               int storage::StudyProtocol::*member) {
        auto* spin = new QSpinBox(form_);
        spin->setObjectName(QLatin1String(objectName));
        spin->setRange(0, maximum);
        spin->setKeyboardTracking(false);  // one command per committed value, not per digit typed
        connect(spin, &QSpinBox::valueChanged, this, [this, field, member](int value) {
            commitField(field, [&](storage::Study& s) { s.protocol.*member = value; });
        });
        return spin;
    };
    repeats_ = makeCount("repeats", 10000, StudyField::Repeats, &storage::StudyProtocol::repeats);
    repeats_->setToolTip(tr("Items shown twice, to measure test-retest reliability."));
    catchItems_ = makeCount("catchItems", 10000, StudyField::CatchItems, &storage::StudyProtocol::catchItems);
    catchItems_->setToolTip(tr("Attention checks mixed into the trials."));
    blockSize_ = makeCount("blockSize", 100000, StudyField::BlockSize, &storage::StudyProtocol::blockSize);
    blockSize_->setSpecialValueText(tr("One block"));
    blockSize_->setToolTip(tr("Trials are shuffled within blocks of this many."));
    breakEvery_ = makeCount("breakEvery", 100000, StudyField::BreakEvery, &storage::StudyProtocol::breakEvery);
    breakEvery_->setSpecialValueText(tr("No breaks"));
    practiceItems_ =
        makeCount("practiceItems", 1000, StudyField::PracticeItems, &storage::StudyProtocol::practiceItems);
    practiceItems_->setToolTip(tr("Shown first and not stored as data."));

    requireMovement_ = new QCheckBox(tr("Require slider movement before an answer counts"), form_);
    requireMovement_->setObjectName(QStringLiteral("requireMovement"));
    connect(requireMovement_, &QCheckBox::toggled, this, [this](bool on) {
        commitField(StudyField::RequireMovement, [&](storage::Study& s) { s.protocol.requireMovement = on; });
    });
    allowRevisions_ = new QCheckBox(tr("Allow participants to revise earlier answers"), form_);
    allowRevisions_->setObjectName(QStringLiteral("allowRevisions"));
    connect(allowRevisions_, &QCheckBox::toggled, this, [this](bool on) {
        commitField(StudyField::AllowRevisions, [&](storage::Study& s) { s.protocol.allowRevisions = on; });
    });

    showPrompt_ = new QCheckBox(tr("Show the image's prompt under it"), form_);
    showPrompt_->setObjectName(QStringLiteral("showPrompt"));
    showPrompt_->setToolTip(tr("Off by default: a prompt tells the participant what to look for in the image."));
    connect(showPrompt_, &QCheckBox::toggled, this, [this](bool on) {
        commitField(StudyField::ShowPrompt,
            [&](storage::Study& s) { s.protocol.settings = services::withShowPrompt(s.protocol.settings, on); });
    });

    seed_ = new QSpinBox(form_);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, INT_MAX);
    seed_->setKeyboardTracking(false);
    seed_->setToolTip(tr("Each participant's plan is shuffled from this seed, so plans can be made again."));
    connect(seed_, &QSpinBox::valueChanged, this,
        [this](int value) { commitField(StudyField::Seed, [&](storage::Study& s) { s.protocol.seed = value; }); });
    newSeed_ = new QPushButton(tr("New seed"), form_);
    connect(newSeed_, &QPushButton::clicked, this, [this] {
        const int seed = static_cast<int>(QRandomGenerator::global()->bounded(1, INT_MAX));
        commitField(StudyField::Seed, [&](storage::Study& s) { s.protocol.seed = seed; });
    });
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(seed_, 1);
    seedRow->addWidget(newSeed_);

    minCatchPassRate_ = new QDoubleSpinBox(form_);
    minCatchPassRate_->setObjectName(QStringLiteral("minCatchPassRate"));
    minCatchPassRate_->setRange(0, 100);
    minCatchPassRate_->setDecimals(0);
    minCatchPassRate_->setSuffix(tr(" %"));
    minCatchPassRate_->setSpecialValueText(tr("No exclusion"));
    minCatchPassRate_->setKeyboardTracking(false);
    minCatchPassRate_->setToolTip(
        tr("Participants who pass fewer of their catch items than this are left out of the results (0: nobody)."));
    connect(minCatchPassRate_, &QDoubleSpinBox::valueChanged, this, [this](double percent) {
        commitField(StudyField::ExclusionRule, [&](storage::Study& s) {
            s.protocol.settings = withMinCatchPassRate(s.protocol.settings, percent / 100.0);
        });
    });

    auto* texts = new QFormLayout;
    texts->addRow(tr("Name:"), name_);
    texts->addRow(tr("Instructions:"), instructions_);
    texts->addRow(tr("Consent:"), consent_);
    auto* protocol = new QGroupBox(tr("Protocol"), form_);
    auto* protocolForm = new QFormLayout(protocol);
    protocolForm->addRow(tr("Answer modes:"), answerModes_);
    protocolForm->addRow(tr("Slider anchors:"), anchorsBox);
    protocolForm->addRow(tr("Repeats:"), repeats_);
    protocolForm->addRow(tr("Catch items:"), catchItems_);
    protocolForm->addRow(tr("Block size:"), blockSize_);
    protocolForm->addRow(tr("Break every:"), breakEvery_);
    protocolForm->addRow(tr("Practice items:"), practiceItems_);
    protocolForm->addRow(requireMovement_);
    protocolForm->addRow(allowRevisions_);
    protocolForm->addRow(showPrompt_);
    protocolForm->addRow(tr("Seed:"), seedRow);
    protocolForm->addRow(tr("Minimum catch pass rate:"), minCatchPassRate_);

    auto* layout = new QVBoxLayout(form_);
    layout->addWidget(lockNote_);
    layout->addLayout(texts);
    layout->addWidget(protocol);
    layout->addStretch();
    return form_;
}

QWidget* StudyEditor::buildItems()
{
    auto* pane = new QWidget(this);
    items_ = new StudyItemsModel(this);
    items_->setEditHandler(
        [this](const storage::StudyItem&, const storage::StudyItem& after) { return editItem(after); });
    itemsView_ = new QTableView(pane);
    itemsView_->setObjectName(QStringLiteral("items"));
    itemsView_->setModel(items_);
    itemsView_->setItemDelegateForColumn(StudyItemsModel::Kind, new ItemKindDelegate(itemsView_));
    itemsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    itemsView_->setIconSize(QSize(48, 48));
    itemsView_->verticalHeader()->hide();
    itemsView_->horizontalHeader()->setStretchLastSection(true);
    for (const int column : {StudyItemsModel::Image, StudyItemsModel::Kind, StudyItemsModel::CatchRange}) {
        itemsView_->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }
    itemsView_->horizontalHeader()->resizeSection(StudyItemsModel::Prompt, 180);
    itemsView_->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);

    addKind_ = new QComboBox(pane);
    addKind_->setObjectName(QStringLiteral("addKind"));
    for (const storage::ItemKind kind : kKinds)
        addKind_->addItem(StudyItemsModel::kindLabel(kind), static_cast<int>(kind));
    addImages_ = new QPushButton(tr("Add selected images"), pane);
    addImages_->setToolTip(tr("Adds the images selected in the library as items of the chosen kind."));
    removeItems_ = new QPushButton(tr("Remove items"), pane);
    connect(addImages_, &QPushButton::clicked, this, &StudyEditor::addSelectedImages);
    connect(removeItems_, &QPushButton::clicked, this, &StudyEditor::removeSelectedItems);
    itemsSummary_ = new QLabel(pane);
    startSession_ = new QPushButton(tr("Start session…"), pane);
    connect(startSession_, &QPushButton::clicked, this, [this] {
        if (currentId_ != 0) Q_EMIT startSessionRequested(currentStudy());
    });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addImages_);
    buttons->addWidget(new QLabel(tr("as"), pane));
    buttons->addWidget(addKind_);
    buttons->addStretch();
    buttons->addWidget(removeItems_);
    auto* footer = new QHBoxLayout;
    footer->addWidget(itemsSummary_, 1);
    footer->addWidget(startSession_);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Items"), pane));
    layout->addLayout(buttons);
    layout->addWidget(itemsView_, 1);
    layout->addLayout(footer);
    return pane;
}

void StudyEditor::reload()
{
    storage::StudyStore store(context_->db);
    std::vector<StudyListModel::Row> rows;
    QStringList names;
    for (const storage::Study& study : store.listStudies()) {
        rows.push_back({study.id, QString::fromStdString(study.name), store.assignmentCount(study.id)});
        names.append(rows.back().name);
    }
    const bool wasUpdating = updatingForm_;
    updatingForm_ = true;  // the list's selection follows; it must not trigger a second showStudy
    studies_->setRows(std::move(rows));
    if (studies_->rowOf(currentId_) < 0) currentId_ = studies_->rows().empty() ? 0 : studies_->rows().front().id;
    if (currentId_ != 0) studyList_->setCurrentIndex(studies_->index(studies_->rowOf(currentId_)));
    updatingForm_ = wasUpdating;
    showStudy(currentId_);
    if (names != lastNames_) {
        lastNames_ = names;
        Q_EMIT studiesChanged(names);
    }
}

void StudyEditor::showStudy(qint64 studyId)
{
    currentId_ = studyId;
    storage::StudyStore store(context_->db);
    const std::optional<storage::Study> study = studyId != 0 ? store.findStudy(studyId) : std::nullopt;
    const qint64 plans = study ? store.assignmentCount(studyId) : 0;
    showForm(study.value_or(storage::Study{}), plans);
    setFormEnabled(study.has_value(), plans > 0);
    showItems(study ? studyId : 0);
}

void StudyEditor::showForm(const storage::Study& study, qint64 plans)
{
    const bool wasUpdating = updatingForm_;
    updatingForm_ = true;
    const storage::StudyProtocol& p = study.protocol;
    setTextIfDifferent(name_, QString::fromStdString(study.name));
    setTextIfDifferent(instructions_, QString::fromStdString(study.instructions));
    setTextIfDifferent(consent_, QString::fromStdString(study.consentText));
    answerModes_->setCurrentIndex(answerModes_->findData(static_cast<int>(p.answerModes)));
    for (std::size_t i = 0; i < anchors_.size(); ++i) {
        setTextIfDifferent(anchors_[i], QString::fromStdString(p.anchorLabels[i]));
    }
    repeats_->setValue(p.repeats);
    catchItems_->setValue(p.catchItems);
    blockSize_->setValue(p.blockSize);
    breakEvery_->setValue(p.breakEvery);
    practiceItems_->setValue(p.practiceItems);
    requireMovement_->setChecked(p.requireMovement);
    allowRevisions_->setChecked(p.allowRevisions);
    bool showPrompt = false;
    try {
        showPrompt = services::displaySettings(study).showPrompt;
    } catch (const std::exception&) {
        // Storage refuses malformed settings; an old row that has them shows the default.
    }
    showPrompt_->setChecked(showPrompt);
    seed_->setValue(static_cast<int>(std::clamp<std::int64_t>(p.seed, 0, INT_MAX)));
    // Without a rule in the settings the results apply their default, so that is what the form shows.
    minCatchPassRate_->setValue(
        minCatchPassRate(p.settings).value_or(services::ExclusionRule{}.minCatchPassRate) * 100.0);
    lockText_->setText(tr("This study is locked: %n participant plan(s) were made from it. Changing its protocol or "
                          "items now would no longer match the answers already given. You can still rename it, or "
                          "duplicate it to make an editable copy.",
        nullptr, static_cast<int>(plans)));
    lockNote_->setVisible(plans > 0);
    updatingForm_ = wasUpdating;
}

void StudyEditor::setFormEnabled(bool hasStudy, bool locked)
{
    const bool editable = hasStudy && !locked;
    name_->setEnabled(hasStudy);
    for (QWidget* w : std::initializer_list<QWidget*>{instructions_, consent_, answerModes_, repeats_, catchItems_,
             blockSize_, breakEvery_, practiceItems_, requireMovement_, allowRevisions_, showPrompt_, seed_, newSeed_,
             minCatchPassRate_, addImages_, addKind_, removeItems_}) {
        w->setEnabled(editable);
    }
    for (QLineEdit* anchor : anchors_) anchor->setEnabled(editable);
    duplicate_->setEnabled(hasStudy);
    remove_->setEnabled(editable);
    items_->setEditable(editable);
    startSession_->setEnabled(hasStudy && items_->rowCount() > 0);
}

void StudyEditor::showItems(qint64 studyId)
{
    std::vector<StudyItemsModel::Row> rows;
    int catches = 0;
    int practice = 0;
    if (studyId != 0) {
        storage::StudyStore store(context_->db);
        storage::ImageStore images(context_->db);
        for (const storage::StudyItem& item : store.items(studyId)) {
            StudyItemsModel::Row row;
            row.item = item;
            if (const auto image = images.findById(item.imageId)) {
                row.imageName = image->originalName ? QString::fromStdString(*image->originalName)
                                                    : tr("Image %1").arg(item.imageId);
                row.prompt = QString::fromStdString(image->prompt.value_or(std::string()));
                row.thumbnailPath = QString::fromStdString(
                    (thumbnailsDir_ / image->sha256.substr(0, 2) / (image->sha256 + ".jpg")).string());
            }
            catches += item.kind == storage::ItemKind::Catch ? 1 : 0;
            practice += item.kind == storage::ItemKind::Practice ? 1 : 0;
            rows.push_back(std::move(row));
        }
    }
    const int total = static_cast<int>(rows.size());
    items_->setRows(std::move(rows));
    itemsSummary_->setText(studyId == 0
            ? tr("No study selected.")
            : tr("%n item(s): %1 catch, %2 practice.", nullptr, total).arg(catches).arg(practice));
    startSession_->setEnabled(studyId != 0 && total > 0);
}

QStringList StudyEditor::studyNames() const
{
    QStringList names;
    for (const auto& row : studies_->rows()) names.append(row.name);
    return names;
}

bool StudyEditor::selectStudy(const QString& name)
{
    for (const auto& row : studies_->rows()) {
        if (row.name == name) {
            studyList_->setCurrentIndex(studies_->index(studies_->rowOf(row.id)));
            showStudy(row.id);
            return true;
        }
    }
    return false;
}

QString StudyEditor::currentStudy() const
{
    const int row = studies_->rowOf(currentId_);
    return row < 0 ? QString() : studies_->rows()[static_cast<std::size_t>(row)].name;
}

bool StudyEditor::isLocked() const
{
    return currentId_ != 0 && storage::StudyStore(context_->db).assignmentCount(currentId_) > 0;
}

QAbstractItemModel* StudyEditor::itemsModel() const
{
    return items_;
}

void StudyEditor::setImageSelectionProvider(std::function<QList<qint64>()> provider)
{
    selectionProvider_ = std::move(provider);
}

void StudyEditor::report(const QString& message)
{
    commandFailed_ = true;
    Q_EMIT errorReported(message);
}

bool StudyEditor::push(QUndoCommand* command)
{
    commandFailed_ = false;
    if (undoStack_ != nullptr) {
        undoStack_->push(command);
    } else {
        // Without a stack the edit still happens, it just cannot be undone.
        command->redo();
        delete command;
        reload();
    }
    // A failed command is dropped by the stack without an index change: show the stored state again.
    if (commandFailed_) reload();
    return !commandFailed_;
}

bool StudyEditor::refuseWhenLocked()
{
    if (currentId_ == 0) {
        report(tr("Select or create a study first."));
        return true;
    }
    if (!isLocked()) return false;
    report(tr("“%1” is locked because participants already have plans for it. Duplicate it to make an editable copy.")
               .arg(currentStudy()));
    return true;
}

bool StudyEditor::commitField(StudyField field, const std::function<void(storage::Study&)>& change)
{
    if (updatingForm_ || currentId_ == 0) return false;
    const std::optional<storage::Study> before = storage::StudyStore(context_->db).findStudy(currentId_);
    if (!before) {
        reload();
        return false;
    }
    storage::Study after = *before;
    change(after);
    if (storage::sameContent(*before, after)) return true;
    if (field != StudyField::Name && refuseWhenLocked()) {
        showStudy(currentId_);
        return false;
    }
    return push(new EditStudyCommand(context_, *before, after, field));
}

void StudyEditor::commitText(QPlainTextEdit* edit)
{
    const std::string text = edit->toPlainText().toStdString();
    if (edit == instructions_) {
        commitField(StudyField::Instructions, [&](storage::Study& s) { s.instructions = text; });
    } else {
        commitField(StudyField::ConsentText, [&](storage::Study& s) { s.consentText = text; });
    }
}

bool StudyEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::FocusOut && (watched == instructions_ || watched == consent_)) {
        commitText(static_cast<QPlainTextEdit*>(watched));
    }
    return QWidget::eventFilter(watched, event);
}

bool StudyEditor::createStudy(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        report(tr("A study needs a name."));
        return false;
    }
    if (studyNames().contains(trimmed)) {
        report(tr("A study named “%1” already exists.").arg(trimmed));
        return false;
    }
    storage::Study study;
    study.name = trimmed.toStdString();
    study.instructions = tr("Move the slider to show how much you like each image.").toStdString();
    study.protocol.answerModes = storage::AnswerModes::Slider;
    const QStringList anchors = {tr("Strongly dislike"), tr("Dislike"), tr("Neutral"), tr("Like"), tr("Strongly like")};
    for (std::size_t i = 0; i < study.protocol.anchorLabels.size(); ++i) {
        study.protocol.anchorLabels[i] = anchors[static_cast<int>(i)].toStdString();
    }
    study.protocol.seed = QRandomGenerator::global()->bounded(1, INT_MAX);
    if (!push(new CreateStudyCommand(context_, study))) return false;
    selectStudy(trimmed);
    return true;
}

bool StudyEditor::duplicateStudy(const QString& newName)
{
    const QString trimmed = newName.trimmed();
    if (currentId_ == 0) {
        report(tr("Select a study to duplicate."));
        return false;
    }
    if (trimmed.isEmpty()) {
        report(tr("A study needs a name."));
        return false;
    }
    if (studyNames().contains(trimmed)) {
        report(tr("A study named “%1” already exists.").arg(trimmed));
        return false;
    }
    if (!push(new CreateStudyCommand(context_, currentId_, trimmed))) return false;
    selectStudy(trimmed);
    return true;
}

bool StudyEditor::removeStudy()
{
    if (refuseWhenLocked()) return false;
    return push(new RemoveStudyCommand(context_, currentId_, currentStudy()));
}

bool StudyEditor::addItems(const QList<qint64>& imageIds, storage::ItemKind kind)
{
    if (refuseWhenLocked()) return false;
    if (imageIds.isEmpty()) {
        report(tr("No images to add: select images in the library first."));
        return false;
    }
    storage::StudyItem catchDefaults;
    catchDefaults.catchMin = kDefaultCatchMin;
    catchDefaults.catchMax = kDefaultCatchMax;
    catchDefaults.instruction = tr("Move the slider fully to the right").toStdString();
    return push(new AddStudyItemsCommand(
        context_, currentId_, std::vector<std::int64_t>(imageIds.begin(), imageIds.end()), kind, catchDefaults));
}

bool StudyEditor::removeItems(const QList<qint64>& itemIds)
{
    if (refuseWhenLocked()) return false;
    if (itemIds.isEmpty()) {
        report(tr("Select the items to remove first."));
        return false;
    }
    return push(new RemoveStudyItemsCommand(context_, std::vector<std::int64_t>(itemIds.begin(), itemIds.end())));
}

bool StudyEditor::editItem(const storage::StudyItem& item)
{
    if (refuseWhenLocked()) return false;
    const std::optional<storage::StudyItem> before = storage::StudyStore(context_->db).findItem(item.id);
    if (!before || before->studyId != currentId_) {
        report(tr("Item %1 is not part of “%2”.").arg(item.id).arg(currentStudy()));
        return false;
    }
    if (storage::sameContent(*before, item)) return true;
    return push(new EditStudyItemCommand(context_, *before, item));
}

void StudyEditor::askNewStudy()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New study"), tr("Name of the new study:"), QLineEdit::Normal,
        tr("Study %1").arg(studies_->rowCount() + 1), &ok);
    if (ok) createStudy(name);
}

void StudyEditor::askDuplicate()
{
    if (currentId_ == 0) return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Duplicate study"),
        tr("Name of the copy (it gets the same protocol and items, and no participants):"), QLineEdit::Normal,
        tr("%1 (copy)").arg(currentStudy()), &ok);
    if (ok) duplicateStudy(name);
}

void StudyEditor::addSelectedImages()
{
    const QList<qint64> ids = selectionProvider_ ? selectionProvider_() : QList<qint64>();
    addItems(ids, static_cast<storage::ItemKind>(addKind_->currentData().toInt()));
}

void StudyEditor::removeSelectedItems()
{
    QList<qint64> ids;
    for (const QModelIndex& index : itemsView_->selectionModel()->selectedRows()) {
        ids.append(index.data(StudyItemsModel::ItemIdRole).toLongLong());
    }
    removeItems(ids);
}

}  // namespace tastelab::widgets

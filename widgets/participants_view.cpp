// ParticipantsView: undo commands find people by pseudonym (ids change when a creation is redone)
// and open their own workspace connection, because the owner's undo stack may outlive the view.
#include "widgets/participants_view.h"

#include "app/services/workspace.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

#include <stdexcept>

namespace tastelab::widgets {

namespace {

std::optional<std::string>* fieldOf(storage::Person& person, int column)
{
    switch (column) {
    case ParticipantsModel::DisplayName:
        return &person.displayName;
    case ParticipantsModel::AgeRange:
        return &person.ageRange;
    case ParticipantsModel::Gender:
        return &person.gender;
    case ParticipantsModel::ArtExperience:
        return &person.artExperience;
    default:
        return nullptr;
    }
}

QString fromStd(const std::optional<std::string>& text)
{
    return text ? QString::fromStdString(*text) : QString();
}

// Runs `work` on a fresh connection; a failure goes to the model (when it still exists) as `failure`
// with the reason in %1. Returns whether the work was done.
template <typename Work>
bool runOnPeople(const QString& folder, ParticipantsModel* model, const QString& failure, Work&& work)
{
    try {
        auto workspace = services::Workspace::open(folder.toStdString());
        storage::PeopleStore people(workspace.database());
        work(people);
        return true;
    } catch (const std::exception& e) {
        if (model) model->report(failure.arg(QString::fromUtf8(e.what())));
        return false;
    }
}

class EditPersonCommand : public QUndoCommand {
public:
    EditPersonCommand(QString folder, ParticipantsModel* model, std::string pseudonym, int column,
        std::optional<std::string> before, std::optional<std::string> after)
        : folder_(std::move(folder))
        , model_(model)
        , pseudonym_(std::move(pseudonym))
        , column_(column)
        , before_(std::move(before))
        , after_(std::move(after))
    {
        setText(ParticipantsView::tr("Edit %1 of %2")
                    .arg(ParticipantsModel::columnLabel(column), QString::fromStdString(pseudonym_)));
    }

    void redo() override { apply(after_); }
    void undo() override { apply(before_); }

private:
    // A change that cannot be applied leaves the history: undoing or redoing it again would fail the same way.
    void apply(const std::optional<std::string>& value)
    {
        const bool done = runOnPeople(folder_, model_,
            ParticipantsView::tr("Cannot change %1 of %2: %3")
                .arg(ParticipantsModel::columnLabel(column_), QString::fromStdString(pseudonym_), QStringLiteral("%1")),
            [&](storage::PeopleStore& people) {
                auto person = people.findByPseudonym(pseudonym_);
                if (!person) throw std::runtime_error("'" + pseudonym_ + "' is no longer in the workspace");
                std::optional<std::string>* field = fieldOf(*person, column_);
                if (!field) throw std::logic_error("column " + std::to_string(column_) + " cannot be edited");
                *field = value;
                people.update(*person);
            });
        if (!done) setObsolete(true);
        if (model_) model_->refreshPerson(QString::fromStdString(pseudonym_));
    }

    QString folder_;
    QPointer<ParticipantsModel> model_;
    std::string pseudonym_;
    int column_;
    std::optional<std::string> before_;
    std::optional<std::string> after_;
};

class CreateParticipantsCommand : public QUndoCommand {
public:
    // `created` are already in the database: the first redo (from QUndoStack::push) does nothing.
    CreateParticipantsCommand(QString folder, ParticipantsModel* model, std::vector<storage::Person> created)
        : folder_(std::move(folder))
        , model_(model)
        , people_(std::move(created))
    {
        setText(ParticipantsView::tr("Create %n participant(s)", nullptr, int(people_.size())));
    }

    void redo() override
    {
        if (pushed_) {
            pushed_ = false;
            return;
        }
        const bool done = runOnPeople(folder_, model_,
            ParticipantsView::tr("Cannot create the %n participant(s) again: %1", nullptr, int(people_.size())),
            [&](storage::PeopleStore& people) { people.insertAll(people_); });
        if (!done) setObsolete(true);
        if (model_) model_->reload();
    }

    // Refused, with the reason, when any of them has answered meanwhile: answers are never deleted, so
    // the creation stays and leaves the undo history.
    void undo() override
    {
        const bool done = runOnPeople(folder_, model_,
            ParticipantsView::tr("Cannot undo the creation of %n participant(s): %1", nullptr, int(people_.size())),
            [&](storage::PeopleStore& people) {
                std::vector<std::int64_t> ids;
                for (const storage::Person& person : people_) {
                    const auto found = people.findByPseudonym(person.pseudonym);
                    if (!found) throw std::runtime_error("'" + person.pseudonym + "' is no longer in the workspace");
                    ids.push_back(found->id);
                }
                people.removeAll(ids);
            });
        if (!done) setObsolete(true);
        if (model_) model_->reload();
    }

private:
    QString folder_;
    QPointer<ParticipantsModel> model_;
    std::vector<storage::Person> people_;
    bool pushed_ = true;
};

}  // namespace

ParticipantsModel::ParticipantsModel(const QString& workspaceFolder, QUndoStack* undoStack, QObject* parent)
    : QAbstractTableModel(parent)
    , folder_(workspaceFolder)
    , undoStack_(undoStack)
{
    try {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::open(workspaceFolder.toStdString()));
    } catch (const std::exception& e) {
        error_ = tr("Cannot open the workspace '%1': %2").arg(workspaceFolder, QString::fromUtf8(e.what()));
        return;
    }
    reload();
}

ParticipantsModel::~ParticipantsModel() = default;

void ParticipantsModel::reload()
{
    if (!workspace_) return;
    beginResetModel();
    error_.clear();
    try {
        storage::PeopleStore people(workspace_->database());
        people_ = people.list();
        activity_ = people.activityByPerson();
    } catch (const std::exception& e) {
        people_.clear();
        activity_.clear();
        error_ = tr("Cannot read the people of '%1': %2").arg(folder_, QString::fromUtf8(e.what()));
    }
    endResetModel();
    if (!error_.isEmpty()) Q_EMIT problem(error_);
}

void ParticipantsModel::refreshPerson(const QString& pseudonym)
{
    const int row = rowOfPseudonym(pseudonym);
    if (!workspace_ || row < 0) {
        reload();
        return;
    }
    try {
        const auto person = storage::PeopleStore(workspace_->database()).findByPseudonym(pseudonym.toStdString());
        if (!person) {
            reload();
            return;
        }
        people_[std::size_t(row)] = *person;
    } catch (const std::exception& e) {
        report(tr("Cannot read '%1': %2").arg(pseudonym, QString::fromUtf8(e.what())));
        return;
    }
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int ParticipantsModel::rowOfPseudonym(const QString& pseudonym) const
{
    const std::string wanted = pseudonym.toStdString();
    for (std::size_t row = 0; row < people_.size(); ++row) {
        if (people_[row].pseudonym == wanted) return int(row);
    }
    return -1;
}

QString ParticipantsModel::roleLabel(storage::PersonRole role)
{
    switch (role) {
    case storage::PersonRole::Participant:
        return tr("Participant");
    case storage::PersonRole::Artist:
        return tr("Artist");
    case storage::PersonRole::Admin:
        return tr("Administrator");
    }
    return {};
}

QString ParticipantsModel::columnLabel(int column)
{
    switch (column) {
    case Pseudonym:
        return tr("Pseudonym");
    case DisplayName:
        return tr("Display name");
    case Role:
        return tr("Role");
    case AgeRange:
        return tr("Age range");
    case Gender:
        return tr("Gender");
    case ArtExperience:
        return tr("Art experience");
    case Studies:
        return tr("Studies");
    case Answers:
        return tr("Answers");
    default:
        return {};
    }
}

QStringList ParticipantsModel::createParticipants(int count, const QString& prefix, storage::PersonRole role)
{
    if (!workspace_) {
        report(error_);
        return {};
    }
    std::vector<storage::Person> created;
    try {
        storage::PeopleStore people(workspace_->database());
        for (const std::string& pseudonym : people.createParticipants(count, prefix.toStdString(), role)) {
            created.push_back(people.findByPseudonym(pseudonym).value());
        }
    } catch (const std::exception& e) {
        report(tr("Cannot create %n participant(s): %1", nullptr, count).arg(QString::fromUtf8(e.what())));
        return {};
    }
    reload();
    QStringList pseudonyms;
    for (const storage::Person& person : created) pseudonyms.append(QString::fromStdString(person.pseudonym));
    if (undoStack_) undoStack_->push(new CreateParticipantsCommand(folder_, this, std::move(created)));
    return pseudonyms;
}

void ParticipantsModel::report(const QString& message)
{
    Q_EMIT problem(message);
}

int ParticipantsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(people_.size());
}

int ParticipantsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ParticipantsModel::cellText(
    const storage::Person& person, const storage::PersonActivity& activity, int column) const
{
    switch (column) {
    case Pseudonym:
        return QString::fromStdString(person.pseudonym);
    case DisplayName:
        return fromStd(person.displayName);
    case Role:
        return roleLabel(person.role);
    case AgeRange:
        return fromStd(person.ageRange);
    case Gender:
        return fromStd(person.gender);
    case ArtExperience:
        return fromStd(person.artExperience);
    case Studies: {
        QStringList names;
        for (const std::string& name : activity.studies) names.append(QString::fromStdString(name));
        return names.join(QStringLiteral(", "));
    }
    case Answers:
        return QLocale().toString(qint64(activity.ratings + activity.comparisons));
    default:
        return {};
    }
}

QVariant ParticipantsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(people_.size())) return {};
    const storage::Person& person = people_.at(std::size_t(index.row()));
    const auto found = activity_.find(person.id);
    const storage::PersonActivity activity = found == activity_.end() ? storage::PersonActivity{} : found->second;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return cellText(person, activity, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Answers) {
            const QLocale locale;
            return tr("%1 slider ratings, %2 pairwise choices")
                .arg(locale.toString(qint64(activity.ratings)), locale.toString(qint64(activity.comparisons)));
        }
        if (index.column() == Pseudonym) return tr("Exports show only the pseudonym, never the display name");
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Answers ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case PersonIdRole:
        return qint64(person.id);
    case PseudonymRole:
        return QString::fromStdString(person.pseudonym);
    default:
        return {};
    }
}

QVariant ParticipantsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return columnLabel(section);
}

Qt::ItemFlags ParticipantsModel::flags(const QModelIndex& index) const
{
    const Qt::ItemFlags base = QAbstractTableModel::flags(index);
    const bool editable = index.column() == DisplayName || index.column() == AgeRange || index.column() == Gender
        || index.column() == ArtExperience;
    return index.isValid() && editable ? base | Qt::ItemIsEditable : base;
}

bool ParticipantsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.row() >= int(people_.size())) return false;
    storage::Person person = people_.at(std::size_t(index.row()));
    std::optional<std::string>* field = fieldOf(person, index.column());
    if (!field) return false;
    const QString text = value.toString().trimmed();
    const std::optional<std::string> after = text.isEmpty() ? std::nullopt : std::optional(text.toStdString());
    if (*field == after) return true;
    auto command = std::make_unique<EditPersonCommand>(folder_, this, person.pseudonym, index.column(), *field, after);
    if (undoStack_) {
        undoStack_->push(command.release());
    } else {
        command->redo();
    }
    return true;
}

ParticipantsView::ParticipantsView(const QString& workspaceFolder, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
{
    model_ = new ParticipantsModel(workspaceFolder, undoStack, this);

    create_ = new QPushButton(tr("Create participants…"), this);
    create_->setToolTip(tr("Create pseudonymous participants in bulk, e.g. P0001 to P0020"));
    study_ = new QComboBox(this);
    study_->setPlaceholderText(tr("Choose a study"));
    study_->setMinimumContentsLength(16);
    start_ = new QPushButton(tr("Start session"), this);
    start_->setToolTip(tr("Start the chosen study for the selected participant"));
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->setForegroundRole(QPalette::Highlight);
    message_->hide();

    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    table_->verticalHeader()->hide();
    // Empty demographic columns still need room to be typed into; the study names take the rest.
    QHeaderView* header = table_->horizontalHeader();
    header->setDefaultSectionSize(120);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ParticipantsModel::Studies, QHeaderView::Stretch);
    header->setSectionResizeMode(ParticipantsModel::Answers, QHeaderView::ResizeToContents);

    auto* bar = new QHBoxLayout;
    bar->addWidget(create_);
    bar->addStretch();
    bar->addWidget(new QLabel(tr("Study:"), this));
    bar->addWidget(study_);
    bar->addWidget(start_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(message_);
    layout->addWidget(table_, 1);

    connect(create_, &QPushButton::clicked, this, &ParticipantsView::openCreateDialog);
    connect(start_, &QPushButton::clicked, this, &ParticipantsView::startSession);
    connect(study_, &QComboBox::currentIndexChanged, this, &ParticipantsView::updateButtons);
    connect(model_, &ParticipantsModel::problem, this, &ParticipantsView::showMessage);
    connect(model_, &QAbstractItemModel::modelReset, this, &ParticipantsView::updateButtons);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ParticipantsView::updateButtons);

    if (!model_->lastError().isEmpty()) showMessage(model_->lastError());
    updateButtons();
}

QAbstractItemModel* ParticipantsView::model() const
{
    return model_;
}

void ParticipantsView::reload()
{
    model_->reload();
}

QStringList ParticipantsView::createParticipants(int count, const QString& prefix, storage::PersonRole role)
{
    showMessage({});
    return model_->createParticipants(count, prefix, role);
}

void ParticipantsView::setStudies(const QStringList& names)
{
    const QString current = study_->currentText();
    const QSignalBlocker blocker(study_);
    study_->clear();
    study_->addItems(names);
    study_->setCurrentIndex(names.size() == 1 ? 0 : int(names.indexOf(current)));
    updateButtons();
}

QString ParticipantsView::message() const
{
    return message_->text();
}

void ParticipantsView::showMessage(const QString& text)
{
    message_->setText(text);
    message_->setVisible(!text.isEmpty());
}

void ParticipantsView::updateButtons()
{
    start_->setEnabled(study_->currentIndex() >= 0 && table_->selectionModel()->hasSelection());
    create_->setEnabled(model_->lastError().isEmpty());
}

void ParticipantsView::startSession()
{
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty() || study_->currentIndex() < 0) return;
    Q_EMIT startSessionRequested(study_->currentText(), rows.first().data(ParticipantsModel::PseudonymRole).toString());
}

void ParticipantsView::openCreateDialog()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Create participants"));
    auto* count = new QSpinBox(&dialog);
    count->setRange(1, 10000);
    count->setValue(10);
    auto* prefix = new QLineEdit(QStringLiteral("P"), &dialog);
    prefix->setToolTip(tr("Pseudonyms are this prefix and a four-digit number, continuing after the highest in use"));
    auto* role = new QComboBox(&dialog);
    for (const auto r : {storage::PersonRole::Participant, storage::PersonRole::Artist, storage::PersonRole::Admin}) {
        role->addItem(ParticipantsModel::roleLabel(r), int(r));
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(prefix, &QLineEdit::textChanged, &dialog, [buttons](const QString& text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("How many:"), count);
    form->addRow(tr("Pseudonym prefix:"), prefix);
    form->addRow(tr("Role:"), role);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return;
    createParticipants(count->value(), prefix->text(), storage::PersonRole(role->currentData().toInt()));
}

}  // namespace tastelab::widgets

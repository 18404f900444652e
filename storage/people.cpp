// Reading and writing people.
#include "storage/people.h"

#include "storage/database.h"
#include "storage/rows.h"
#include "storage/storage_error.h"
#include "util/clock.h"
#include "util/text_safety.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace tastelab::storage {
namespace {

constexpr const char* kColumns = "id, pseudonym, display_name, role, age_range, gender, art_experience, created_at";

Person readPerson(const Statement& s)
{
    Person p;
    p.id = s.columnInt(0);
    p.pseudonym = s.columnText(1);
    p.displayName = s.columnOptionalText(2);
    p.role = parsePersonRole(s.columnText(3));
    p.ageRange = s.columnOptionalText(4);
    p.gender = s.columnOptionalText(5);
    p.artExperience = s.columnOptionalText(6);
    p.createdAt = s.columnText(7);
    return p;
}

// Activity of everyone, or of one person when `only` is set: a handful of grouped queries rather
// than several per person, so that a table of hundreds of people stays quick.
std::map<std::int64_t, PersonActivity> collectActivity(Database& db, std::optional<std::int64_t> only)
{
    std::map<std::int64_t, PersonActivity> out;
    const auto run = [&](const std::string& sql, const auto& take) {
        auto s = db.prepare(sql);
        if (only) s.bind(1, *only);
        while (s.step()) take(out[s.columnInt(0)], s);
    };
    const std::string where = only ? "person_id = ?1" : "1";
    run(fmt::format("SELECT a.person_id, s.name FROM assignments a JOIN studies s ON s.id = a.study_id "
                    "WHERE {} ORDER BY a.person_id, s.id",
            only ? "a.person_id = ?1" : "1"),
        [](PersonActivity& a, const Statement& s) { a.studies.push_back(s.columnText(1)); });
    for (const char* table : {"ratings", "comparisons"}) {
        const bool ratings = std::string_view(table) == "ratings";
        run(fmt::format("SELECT person_id, count(*) FROM {0} r WHERE {1} AND r.retracted = 0 AND NOT EXISTS "
                        "(SELECT 1 FROM {0} n WHERE n.revises_id = r.id) GROUP BY person_id",
                table, only ? "r.person_id = ?1" : "1"),
            [ratings](
                PersonActivity& a, const Statement& s) { (ratings ? a.ratings : a.comparisons) += s.columnInt(1); });
    }
    run(fmt::format("SELECT person_id, count(*) FROM sessions WHERE {} GROUP BY person_id", where),
        [](PersonActivity& a, const Statement& s) { a.sessions += s.columnInt(1); });
    for (const char* table : {"model_checkpoints", "steering_runs"}) {
        run(fmt::format("SELECT person_id, count(*) FROM {} WHERE person_id IS NOT NULL AND {} GROUP BY person_id",
                table, where),
            [](PersonActivity& a, const Statement& s) { a.models += s.columnInt(1); });
    }
    return out;
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many)
{
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string describe(const PersonActivity& a)
{
    std::vector<std::string> parts;
    if (a.ratings > 0) parts.push_back(plural(a.ratings, "rating", "ratings"));
    if (a.comparisons > 0) parts.push_back(plural(a.comparisons, "comparison", "comparisons"));
    if (!a.studies.empty()) {
        std::string names;
        for (const std::string& name : a.studies) names += (names.empty() ? "'" : ", '") + name + "'";
        parts.push_back(fmt::format(
            "{} ({})", plural(std::int64_t(a.studies.size()), "study assignment", "study assignments"), names));
    }
    if (a.sessions > 0) parts.push_back(plural(a.sessions, "session", "sessions"));
    if (a.models > 0) parts.push_back(plural(a.models, "model or steering run", "models or steering runs"));
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    }
    return text;
}

bool isBlank(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace

std::string_view toString(PersonRole role)
{
    switch (role) {
    case PersonRole::Participant:
        return "participant";
    case PersonRole::Artist:
        return "artist";
    case PersonRole::Admin:
        return "admin";
    }
    return "participant";
}

PersonRole parsePersonRole(std::string_view text)
{
    if (text == "participant") return PersonRole::Participant;
    if (text == "artist") return PersonRole::Artist;
    if (text == "admin") return PersonRole::Admin;
    throw StorageError(fmt::format("unknown role '{}': use participant, artist or admin", text));
}

std::optional<std::string> pseudonymProblem(std::string_view pseudonym)
{
    if (const auto problem = util::singleLineTextProblem(pseudonym, kMaxPseudonymBytes)) {
        return fmt::format("the pseudonym '{}' {}", util::printableForTerminal(pseudonym), *problem);
    }
    return std::nullopt;
}

std::int64_t PeopleStore::insert(const Person& person)
{
    if (const auto problem = pseudonymProblem(person.pseudonym)) throw StorageError(*problem);
    return db_.writeTransaction([&] {
        const std::string pseudonym = person.pseudonym.empty() ? nextPseudonym() : person.pseudonym;
        if (findByPseudonym(pseudonym)) {
            throw StorageError(fmt::format("the pseudonym '{}' is already taken", pseudonym));
        }
        db_.prepare("INSERT INTO people (pseudonym, display_name, role, age_range, gender, art_experience, "
                    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .bind(1, pseudonym)
            .bind(2, person.displayName)
            .bind(3, toString(person.role))
            .bind(4, person.ageRange)
            .bind(5, person.gender)
            .bind(6, person.artExperience)
            .bind(7, person.createdAt.empty() ? util::utcTimestamp() : person.createdAt)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<Person> PeopleStore::findById(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM people WHERE id = ?1", kColumns));
    s.bind(1, id);
    return firstRow(s, readPerson);
}

std::optional<Person> PeopleStore::findByPseudonym(std::string_view pseudonym)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM people WHERE pseudonym = ?1", kColumns));
    s.bind(1, pseudonym);
    return firstRow(s, readPerson);
}

std::vector<Person> PeopleStore::list()
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM people ORDER BY id", kColumns));
    return allRows(s, readPerson);
}

std::int64_t PeopleStore::count()
{
    auto s = db_.prepare("SELECT count(*) FROM people");
    s.step();
    return s.columnInt(0);
}

std::string PeopleStore::nextPseudonym()
{
    // Highest numeric suffix among "P<digits>" pseudonyms, plus one.
    auto s = db_.prepare("SELECT max(CAST(substr(pseudonym, 2) AS INTEGER)) FROM people "
                         "WHERE pseudonym GLOB 'P[0-9]*' AND substr(pseudonym, 2) NOT GLOB '*[^0-9]*'");
    s.step();
    const std::int64_t next = s.isNull(0) ? 1 : s.columnInt(0) + 1;
    return fmt::format("P{:04}", next);
}

void PeopleStore::update(const Person& person)
{
    db_.writeTransaction([&] {
        const auto existing = findById(person.id);
        if (!existing) throw StorageError(fmt::format("cannot update person {}: there is no such person", person.id));
        if (person.pseudonym.empty()) {
            throw StorageError(fmt::format("cannot update '{}': the pseudonym must not be empty", existing->pseudonym));
        }
        if (const auto problem = pseudonymProblem(person.pseudonym)) throw StorageError(*problem);
        if (const auto holder = findByPseudonym(person.pseudonym); holder && holder->id != person.id) {
            throw StorageError(fmt::format("the pseudonym '{}' is already taken", person.pseudonym));
        }
        db_.prepare("UPDATE people SET pseudonym = ?2, display_name = ?3, role = ?4, age_range = ?5, gender = ?6, "
                    "art_experience = ?7 WHERE id = ?1")
            .bind(1, person.id)
            .bind(2, person.pseudonym)
            .bind(3, person.displayName)
            .bind(4, toString(person.role))
            .bind(5, person.ageRange)
            .bind(6, person.gender)
            .bind(7, person.artExperience)
            .run();
    });
}

std::vector<std::string> PeopleStore::createParticipants(int count, std::string_view prefix, PersonRole role)
{
    constexpr int kMaxCount = 10000;
    if (count < 1 || count > kMaxCount) {
        throw StorageError(fmt::format("cannot create {} people: the count must lie in 1..{}", count, kMaxCount));
    }
    if (prefix.empty() || isBlank(prefix) || std::isspace(static_cast<unsigned char>(prefix.front()))
        || std::isspace(static_cast<unsigned char>(prefix.back()))) {
        throw StorageError(fmt::format(
            "the pseudonym prefix '{}' is empty or begins or ends with a space: use letters such as 'P'", prefix));
    }
    return db_.writeTransaction([&] {
        // Continue after the highest number already used with this prefix, so that the new ids are consecutive.
        std::int64_t highest = 0;
        auto s = db_.prepare("SELECT pseudonym FROM people WHERE substr(pseudonym, 1, ?2) = ?1");
        s.bind(1, prefix).bind(2, std::int64_t(prefix.size()));
        while (s.step()) {
            const std::string rest = s.columnText(0).substr(prefix.size());
            const bool numeric = !rest.empty() && rest.size() <= 12
                && std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (numeric) highest = std::max<std::int64_t>(highest, std::stoll(rest));
        }
        std::vector<std::string> pseudonyms;
        for (int i = 1; i <= count; ++i) {
            Person person;
            person.pseudonym = fmt::format("{}{:04}", prefix, highest + i);
            person.role = role;
            insert(person);
            pseudonyms.push_back(person.pseudonym);
        }
        return pseudonyms;
    });
}

std::vector<std::int64_t> PeopleStore::insertAll(const std::vector<Person>& people)
{
    return db_.writeTransaction([&] {
        std::vector<std::int64_t> ids;
        for (const Person& person : people) ids.push_back(insert(person));
        return ids;
    });
}

PersonActivity PeopleStore::activity(std::int64_t personId)
{
    auto all = collectActivity(db_, personId);
    const auto found = all.find(personId);
    return found == all.end() ? PersonActivity{} : found->second;
}

std::map<std::int64_t, PersonActivity> PeopleStore::activityByPerson()
{
    return collectActivity(db_, std::nullopt);
}

void PeopleStore::remove(std::int64_t id)
{
    db_.writeTransaction([&] {
        const auto person = findById(id);
        if (!person) throw StorageError(fmt::format("cannot delete person {}: there is no such person", id));
        const PersonActivity done = activity(id);
        if (!done.empty()) {
            throw StorageError(fmt::format(
                "cannot delete '{}': they have {}; people with data are kept", person->pseudonym, describe(done)));
        }
        db_.prepare("DELETE FROM people WHERE id = ?1").bind(1, id).run();
    });
}

void PeopleStore::removeAll(const std::vector<std::int64_t>& ids)
{
    db_.writeTransaction([&] {
        for (const std::int64_t id : ids) remove(id);
    });
}

}  // namespace tastelab::storage

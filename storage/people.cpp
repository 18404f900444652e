// Reading and writing people.
#include "storage/people.h"

#include "storage/clock.h"
#include "storage/database.h"
#include "storage/storage_error.h"

#include <fmt/format.h>

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

std::int64_t PeopleStore::insert(const Person& person)
{
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
            .bind(7, person.createdAt.empty() ? utcTimestamp() : person.createdAt)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<Person> PeopleStore::findById(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM people WHERE id = ?1", kColumns));
    s.bind(1, id);
    return s.step() ? std::optional<Person>(readPerson(s)) : std::nullopt;
}

std::optional<Person> PeopleStore::findByPseudonym(std::string_view pseudonym)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM people WHERE pseudonym = ?1", kColumns));
    s.bind(1, pseudonym);
    return s.step() ? std::optional<Person>(readPerson(s)) : std::nullopt;
}

std::vector<Person> PeopleStore::list()
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM people ORDER BY id", kColumns));
    std::vector<Person> out;
    while (s.step()) out.push_back(readPerson(s));
    return out;
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

}  // namespace tastelab::storage

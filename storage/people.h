// People who answer: known by a pseudonym (what exports show), with an optional display name,
// a role and optional demographics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tastelab::storage {

class Database;

enum class PersonRole { Participant, Artist, Admin };

struct Person {
    std::int64_t id = 0;
    std::string pseudonym;  // empty on insert: the next free "P0001"-style id is given
    std::optional<std::string> displayName;
    PersonRole role = PersonRole::Participant;
    std::optional<std::string> ageRange;  // e.g. "25-34"
    std::optional<std::string> gender;
    std::optional<std::string> artExperience;
    std::string createdAt;
};

class PeopleStore {
public:
    explicit PeopleStore(Database& db)
        : db_(db)
    {
    }

    // Returns the new id. Throws StorageError when the pseudonym is taken.
    std::int64_t insert(const Person& person);
    std::optional<Person> findById(std::int64_t id);
    std::optional<Person> findByPseudonym(std::string_view pseudonym);
    std::vector<Person> list();
    std::int64_t count();
    // The next "P0001"-style pseudonym not in use.
    std::string nextPseudonym();

private:
    Database& db_;
};

std::string_view toString(PersonRole role);
// Throws StorageError for anything but "participant", "artist" or "admin".
PersonRole parsePersonRole(std::string_view text);

}  // namespace tastelab::storage

// People who answer: known by a pseudonym (what exports show), with an optional display name,
// a role and optional demographics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
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

// What a person has done in the workspace; anything here keeps them from being deleted.
struct PersonActivity {
    std::vector<std::string> studies;  // names of the studies they are assigned to, by study id
    std::int64_t ratings = 0;  // current slider answers (rows not replaced by a revision)
    std::int64_t comparisons = 0;  // current pairwise answers
    std::int64_t sessions = 0;
    std::int64_t models = 0;  // reward-model checkpoints and steering runs made for them

    bool empty() const { return studies.empty() && ratings == 0 && comparisons == 0 && sessions == 0 && models == 0; }
};

// Pseudonyms are single-line text: valid UTF-8, no control characters, at most this many bytes.
constexpr std::size_t kMaxPseudonymBytes = 100;
// Why `pseudonym` cannot be stored ("the pseudonym 'a\x1Bb' holds a control character (\x1B) at byte 2"), with the
// pseudonym escaped for a terminal; nullopt when it can (an empty one is left to the caller).
std::optional<std::string> pseudonymProblem(std::string_view pseudonym);

class PeopleStore {
public:
    explicit PeopleStore(Database& db)
        : db_(db)
    {
    }

    // Returns the new id. Throws StorageError when the pseudonym is taken or pseudonymProblem() finds one.
    std::int64_t insert(const Person& person);
    std::optional<Person> findById(std::int64_t id);
    std::optional<Person> findByPseudonym(std::string_view pseudonym);
    std::vector<Person> list();
    std::int64_t count();
    // The next "P0001"-style pseudonym not in use.
    std::string nextPseudonym();

    // Writes every field but id and createdAt. Throws StorageError when the person is missing or
    // the new pseudonym belongs to someone else.
    void update(const Person& person);
    // `count` people named <prefix><4 digits>, numbered on from the highest number already used with
    // this prefix ("P0007", "P0008", ...), in one transaction. Returns the pseudonyms in order.
    // Throws StorageError for a count outside 1..10000 or an empty or blank prefix.
    std::vector<std::string> createParticipants(
        int count, std::string_view prefix, PersonRole role = PersonRole::Participant);
    // Inserts them all or none (one transaction); returns the new ids in order.
    std::vector<std::int64_t> insertAll(const std::vector<Person>& people);

    PersonActivity activity(std::int64_t personId);
    // Every person's activity, keyed by person id; people with none are left out.
    std::map<std::int64_t, PersonActivity> activityByPerson();
    // Deletes a person who has no activity at all. Throws StorageError naming the person and what
    // they have (answers, assignments, sessions, models) otherwise: answers are never deleted.
    void remove(std::int64_t id);
    // Deletes all of them or none (one transaction), with the same refusal as remove().
    void removeAll(const std::vector<std::int64_t>& ids);

private:
    Database& db_;
};

std::string_view toString(PersonRole role);
// Throws StorageError for anything but "participant", "artist" or "admin".
PersonRole parsePersonRole(std::string_view text);

}  // namespace tastelab::storage

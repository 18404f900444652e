// Artist mode: quick ratings of one's own images and the gallery they sort.
#include "app/services/artist_session.h"

#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/sessions.h"

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>

namespace tastelab::services {

ArtistSession::ArtistSession(Workspace& workspace, const std::string& pseudonym, const std::string& client)
    : workspace_(workspace)
{
    storage::PeopleStore people(workspace_.database());
    auto person = people.findByPseudonym(pseudonym);
    if (!person) {
        storage::Person created;
        created.pseudonym = pseudonym;
        created.role = storage::PersonRole::Artist;
        people.insert(created);
        person = people.findByPseudonym(pseudonym);
    }
    artist_ = *person;
    storage::Session session;
    session.personId = artist_.id;
    session.mode = storage::SessionMode::Artist;
    session.client = client;
    sessionId_ = storage::SessionStore(workspace_.database()).start(session);
}

ArtistSession::~ArtistSession()
{
    try {
        finish();
    } catch (...) {  // a destructor must not throw; the session simply stays open
    }
}

void ArtistSession::finish()
{
    if (finished_) return;
    finished_ = true;
    storage::SessionStore(workspace_.database()).finish(sessionId_, storage::SessionStatus::Completed);
}

std::vector<storage::ImageRecord> ArtistSession::unratedImages(const std::string& generator) const
{
    std::set<std::int64_t> rated;
    for (const auto& rating : storage::AnswerStore(workspace_.database()).ratingsOf(artist_.id)) {
        rated.insert(rating.imageId);
    }
    std::vector<storage::ImageRecord> images;
    for (auto& image : storage::ImageStore(workspace_.database()).list()) {
        if (rated.count(image.id) != 0) continue;
        if (!generator.empty() && image.generator.value_or(std::string()) != generator) continue;
        images.push_back(std::move(image));
    }
    std::reverse(images.begin(), images.end());  // list() is oldest first
    return images;
}

std::string ArtistSession::imagePath(const storage::ImageRecord& image) const
{
    return verifiedImageFile(workspace_, image).string();
}

std::vector<storage::ImageRecord> ArtistSession::ratingQueue(const std::string& generator, std::uint64_t seed) const
{
    return interleavePrompts(unratedImages(generator), seed);
}

std::vector<storage::ImageRecord> ArtistSession::interleavePrompts(
    std::vector<storage::ImageRecord> images, std::uint64_t seed)
{
    // Groups by prompt in order of first appearance, then a seeded Fisher-Yates over the groups (mt19937_64 and a
    // plain modulo: the same order on every standard library, unlike std::shuffle).
    std::vector<std::deque<storage::ImageRecord>> groups;
    std::map<std::string, std::size_t> groupOf;
    for (auto& image : images) {
        const auto [it, inserted] = groupOf.emplace(image.prompt.value_or(std::string()), groups.size());
        if (inserted) groups.emplace_back();
        groups[it->second].push_back(std::move(image));
    }
    std::mt19937_64 random(seed);
    for (std::size_t i = groups.size(); i > 1; --i) std::swap(groups[i - 1], groups[random() % i]);
    // Greedy: always the prompt with the most images left among those other than the last one served. Taking the
    // largest first never leaves a run that a different order could have avoided.
    std::vector<storage::ImageRecord> order;
    order.reserve(images.size());
    std::size_t last = groups.size();
    while (order.size() < images.size()) {
        std::size_t pick = groups.size();
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (g == last || groups[g].empty()) continue;
            if (pick == groups.size() || groups[g].size() > groups[pick].size()) pick = g;
        }
        if (pick == groups.size()) pick = last;  // only the last prompt is left
        order.push_back(std::move(groups[pick].front()));
        groups[pick].pop_front();
        last = pick;
    }
    return order;
}

std::int64_t ArtistSession::rate(std::int64_t imageId, double value, double startPosition, bool moved,
    std::int64_t responseMs, const std::string& shownAt)
{
    storage::AnswerStore answers(workspace_.database());
    storage::SliderRating rating;
    rating.personId = artist_.id;
    rating.imageId = imageId;
    rating.sessionId = sessionId_;
    rating.value = value;
    rating.startPosition = startPosition;
    rating.sliderMoved = moved;
    rating.responseMs = responseMs;
    if (!shownAt.empty()) rating.shownAt = shownAt;
    for (const auto& earlier : answers.ratingsOf(artist_.id)) {
        if (earlier.imageId == imageId && !earlier.studyId) rating.revisesId = earlier.id;
    }
    return answers.recordRating(rating);
}

std::vector<RatedImage> ArtistSession::gallery() const
{
    std::map<std::int64_t, storage::SliderRating> latest;  // the current rating per image, outside studies first
    for (const auto& rating : storage::AnswerStore(workspace_.database()).ratingsOf(artist_.id)) {
        latest[rating.imageId] = rating;
    }
    storage::ImageStore images(workspace_.database());
    std::vector<RatedImage> gallery;
    for (const auto& [imageId, rating] : latest) {
        auto image = images.findById(imageId);
        if (!image) continue;
        RatedImage rated;
        rated.path = imagePath(*image);
        rated.image = std::move(*image);
        rated.rating = rating.value;
        rated.ratingId = rating.id;
        gallery.push_back(std::move(rated));
    }
    std::stable_sort(
        gallery.begin(), gallery.end(), [](const RatedImage& a, const RatedImage& b) { return a.rating > b.rating; });
    return gallery;
}

}  // namespace tastelab::services

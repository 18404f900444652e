// Artist mode: quick ratings of one's own images and the gallery they sort.
#include "app/services/artist_session.h"

#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/sessions.h"

#include <algorithm>
#include <map>
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

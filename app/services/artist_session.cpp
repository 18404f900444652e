// Artist mode: quick ratings of one's own images and the gallery they sort.
#include "app/services/artist_session.h"

#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/sessions.h"
#include "util/format_error.h"
#include "util/json.h"

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

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

PersonTasteModel& ArtistSession::tasteModel(const TasteModelOptions& options)
{
    if (!taste_) taste_ = std::make_unique<PersonTasteModel>(workspace_, artist_.id, options);
    return *taste_;
}

void ArtistSession::adoptTasteModel(std::unique_ptr<PersonTasteModel> model)
{
    if (model && model->personId() != artist_.id) {
        throw std::invalid_argument("the taste model handed to the artist session is another person's");
    }
    taste_ = std::move(model);
    if (taste_) {
        taste_->attach(workspace_);
        lastUpdateSeconds_ = taste_->refresh();  // answers given while it was being built
    }
}

std::vector<storage::ImageRecord> ArtistSession::nextQuestions(
    const std::string& generator, int count, std::uint64_t seed)
{
    std::vector<storage::ImageRecord> queue = ratingQueue(generator, seed);
    if (strategy_ == QuestionStrategy::Unrated) {
        if (queue.size() > std::size_t(std::max(count, 0))) queue.resize(std::size_t(std::max(count, 0)));
        return queue;
    }
    std::vector<std::int64_t> ids;
    std::map<std::int64_t, std::size_t> row;
    for (std::size_t i = 0; i < queue.size(); ++i) {
        ids.push_back(queue[i].id);
        row[queue[i].id] = i;
    }
    std::vector<storage::ImageRecord> chosen;
    for (const auto id : tasteModel().choose(ids, strategy_, count, seed)) chosen.push_back(queue[row.at(id)]);
    return chosen;
}

std::int64_t ArtistSession::rate(std::int64_t imageId, double value, double startPosition, bool moved,
    std::int64_t responseMs, const std::string& shownAt, const std::string& chosenBy)
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
    rating.chosenBy = chosenBy.empty() ? std::string(toString(strategy_)) : chosenBy;
    if (keptForArtist(imageId)) rating.chosenBy = std::string(kChosenByBestOfN);
    // The head of the image's chain, a retraction included: rating a taken-back image again makes it count again.
    for (const auto& earlier : answers.ratingsOf(artist_.id, false)) {
        if (earlier.imageId == imageId && !earlier.studyId) rating.revisesId = earlier.id;
    }
    const std::int64_t id = answers.recordRating(rating);
    if (taste_) lastUpdateSeconds_ = taste_->refresh();
    return id;
}

std::optional<storage::SliderRating> ArtistSession::takeBack(std::int64_t imageId)
{
    storage::AnswerStore answers(workspace_.database());
    std::optional<storage::SliderRating> current;
    for (auto& rating : answers.ratingsOf(artist_.id)) {
        if (rating.imageId == imageId && rating.sessionId == sessionId_ && !rating.studyId) current = std::move(rating);
    }
    if (!current) return std::nullopt;
    answers.retractRating(current->id, sessionId_);
    if (taste_) lastUpdateSeconds_ = taste_->refresh();
    return current;
}

bool ArtistSession::keptForArtist(std::int64_t imageId) const
{
    const auto image = storage::ImageStore(workspace_.database()).findById(imageId);
    if (!image) return false;
    try {
        const util::JsonValue parameters = util::parseJson(image->parameters, "image parameters");
        const util::JsonValue* taste = parameters.isObject() ? parameters.find("taste") : nullptr;
        const util::JsonValue* person = taste && taste->isObject() ? taste->find("person") : nullptr;
        return person && person->isString() && person->asString() == artist_.pseudonym;
    } catch (const util::FormatError&) {
        return false;  // parameters that cannot be read carry no mark
    }
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

std::vector<RatedImage> ArtistSession::galleryWithPredictions(bool withUnrated) const
{
    std::vector<RatedImage> out = gallery();
    if (withUnrated) {
        for (auto& image : unratedImages()) {
            RatedImage unrated;
            try {
                unrated.path = imagePath(image);
            } catch (const std::exception&) {
                continue;  // a linked file changed on disk: never shown under the old identity
            }
            unrated.image = std::move(image);
            out.push_back(std::move(unrated));
        }
    }
    std::sort(out.begin(), out.end(), [](const RatedImage& a, const RatedImage& b) { return a.image.id < b.image.id; });
    if (taste_) {
        std::vector<std::int64_t> ids;
        for (const auto& image : out) ids.push_back(image.image.id);
        const auto predictions = taste_->predict(ids);
        for (std::size_t i = 0; i < out.size(); ++i) out[i].predicted = predictions[i].score;
    }
    return out;
}

std::vector<RatedImage> arrangeGallery(std::vector<RatedImage> images, const GalleryArrangement& arrangement)
{
    std::vector<RatedImage> shown;
    for (auto& image : images) {
        if (arrangement.minRating > 0 && (!image.rated() || image.rating < arrangement.minRating)) continue;
        if (arrangement.minPredicted > 0 && (!image.predicted || *image.predicted < arrangement.minPredicted)) continue;
        shown.push_back(std::move(image));
    }
    // Rated before unrated and predicted before unpredicted, each best first; ties keep the given order.
    const auto byRating = [](const RatedImage& a, const RatedImage& b) {
        if (a.rated() != b.rated()) return a.rated();
        return a.rated() && a.rating > b.rating;
    };
    const auto byPrediction = [](const RatedImage& a, const RatedImage& b) {
        if (a.predicted.has_value() != b.predicted.has_value()) return a.predicted.has_value();
        return a.predicted && *a.predicted > *b.predicted;
    };
    if (arrangement.sort == GallerySort::OwnRating) {
        std::stable_sort(shown.begin(), shown.end(), byRating);
    } else {
        std::stable_sort(shown.begin(), shown.end(), byPrediction);
    }
    return shown;
}

}  // namespace tastelab::services

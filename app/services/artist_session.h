// An artist rating their own images quickly: the images they have not rated yet, each rating stored the moment it is
// given (a second rating of the same image is a revision of the first), and a gallery in the order of their ratings.
#pragma once

#include "app/services/active_questions.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/people.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

struct RatedImage {
    storage::ImageRecord image;
    std::string path;  // absolute file
    double rating = 0;  // the artist's current rating, 0..1 (meaningless when ratingId is 0: not rated yet)
    std::int64_t ratingId = 0;
    std::optional<double> predicted;  // the artist's taste model's score, 0..1, when one was asked
    bool rated() const { return ratingId != 0; }
};

// How the artist gallery is sorted and filtered: by the artist's own rating or by the predicted score; images
// below a minimum of either are hidden (an unrated image has no rating, so any minimum rating hides it, and an
// image without a prediction is hidden by any minimum prediction).
enum class GallerySort { OwnRating, Predicted };
struct GalleryArrangement {
    GallerySort sort = GallerySort::OwnRating;
    double minRating = 0;
    double minPredicted = 0;
};
std::vector<RatedImage> arrangeGallery(std::vector<RatedImage> images, const GalleryArrangement& arrangement);

class ArtistSession {
public:
    // Opens a session for the artist with this pseudonym, creating them (role artist) when unknown.
    ArtistSession(Workspace& workspace, const std::string& pseudonym, const std::string& client);
    ~ArtistSession();
    ArtistSession(const ArtistSession&) = delete;
    ArtistSession& operator=(const ArtistSession&) = delete;

    const storage::Person& artist() const { return artist_; }
    std::int64_t sessionId() const { return sessionId_; }

    // Library images the artist has not rated, newest first; `generator` non-empty keeps only that generator's images.
    std::vector<storage::ImageRecord> unratedImages(const std::string& generator = {}) const;
    std::string imagePath(const storage::ImageRecord& image) const;
    // The unrated images in the order artist mode serves them: interleavePrompts(unratedImages(generator), seed).
    std::vector<storage::ImageRecord> ratingQueue(const std::string& generator, std::uint64_t seed) const;
    // Reorders `images` so that consecutive images differ in prompt wherever the counts allow it (a run of one prompt
    // biases ratings by contrast and fatigue). Each prompt's images keep their order; which prompt goes first among
    // equally many left follows `seed`, so the same seed gives the same order.
    static std::vector<storage::ImageRecord> interleavePrompts(
        std::vector<storage::ImageRecord> images, std::uint64_t seed);

    // How the next questions are picked (stored with each answer as chosen_by); Unrated until set.
    void setStrategy(QuestionStrategy strategy) { strategy_ = strategy; }
    QuestionStrategy strategy() const { return strategy_; }
    // The artist's taste model (active_questions.h), built on first use: that encodes the images without a cached
    // vector, which can take a while in a new library (the GUI builds it off its thread and hands it over).
    PersonTasteModel& tasteModel(const TasteModelOptions& options = {});
    bool hasTasteModel() const { return taste_ != nullptr; }
    // A model built elsewhere for this artist (another thread's connection): from now on it reads this session's.
    void adoptTasteModel(std::unique_ptr<PersonTasteModel> model);
    // The next `count` unrated images (of `generator` when not empty) by the strategy: Unrated is ratingQueue's
    // order; Random and Informative ask the taste model (building it when needed). `seed` makes picks reproducible.
    std::vector<storage::ImageRecord> nextQuestions(const std::string& generator, int count, std::uint64_t seed);

    // Stores the rating now with how its image was chosen (empty: the session's strategy); returns its row id. The
    // taste model, when there is one, is updated from it before this returns (lastUpdateSeconds()).
    std::int64_t rate(std::int64_t imageId, double value, double startPosition, bool moved, std::int64_t responseMs,
        const std::string& shownAt, const std::string& chosenBy = {});
    double lastUpdateSeconds() const { return lastUpdateSeconds_; }
    // Takes back the artist's current rating of the image given in this session: a retraction row revises it
    // (nothing is deleted) and it stops counting until the image is rated again (rate() then revises the
    // retraction). Returns the rating taken back; nullopt when this session holds no current rating of it.
    std::optional<storage::SliderRating> takeBack(std::int64_t imageId);
    // The artist's rated images, best first.
    std::vector<RatedImage> gallery() const;
    // The rated images and, with `withUnrated`, the unrated ones too, each with the taste model's prediction when the
    // session has a model (predictions need tasteModel() or adoptTasteModel() first); in library order.
    std::vector<RatedImage> galleryWithPredictions(bool withUnrated) const;
    // Ends the session (also done by the destructor).
    void finish();

private:
    // Whether best-of-N generation kept the image for this artist (its parameters' taste.person).
    bool keptForArtist(std::int64_t imageId) const;

    Workspace& workspace_;
    storage::Person artist_;
    std::int64_t sessionId_ = 0;
    bool finished_ = false;
    QuestionStrategy strategy_ = QuestionStrategy::Unrated;
    std::unique_ptr<PersonTasteModel> taste_;
    double lastUpdateSeconds_ = 0;
};

}  // namespace tastelab::services

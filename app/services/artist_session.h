// An artist rating their own images quickly: the images they have not rated yet, each rating stored the moment it is
// given (a second rating of the same image is a revision of the first), and a gallery in the order of their ratings.
#pragma once

#include "storage/images.h"
#include "storage/people.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

struct RatedImage {
    storage::ImageRecord image;
    std::string path;  // absolute file
    double rating = 0;  // the artist's current rating, 0..1
    std::int64_t ratingId = 0;
};

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

    // Stores the rating now; returns its row id.
    std::int64_t rate(std::int64_t imageId, double value, double startPosition, bool moved, std::int64_t responseMs,
        const std::string& shownAt);
    // The artist's rated images, best first.
    std::vector<RatedImage> gallery() const;
    // Ends the session (also done by the destructor).
    void finish();

private:
    Workspace& workspace_;
    storage::Person artist_;
    std::int64_t sessionId_ = 0;
    bool finished_ = false;
};

}  // namespace tastelab::services

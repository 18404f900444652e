// Checking a set of liked and disliked reference images before steering toward them, with no trained model
// (`tastelab-cli references`). No Qt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace tastelab::services {

// How consistent a person's liked and disliked images are for a backbone, with no trained model: each
// image is scored by the cosine between its vector and the rating-weighted profile of the other
// images (leave one out), and the liked images should rank above the disliked ones.
struct ReferenceCheck {
    std::string backbone;  // cache key
    std::string device;  // where the backbone ran: "cpu", "cuda:0"
    struct Item {
        std::string file;
        bool liked = false;
        double score = 0;  // leave-one-out in-context score
    };
    std::vector<Item> items;
    double pairwise = std::numeric_limits<double>::quiet_NaN();  // liked above disliked, ties half
    std::int64_t pairs = 0;
};

// Throws std::invalid_argument for fewer than two liked or two disliked files, and the decoder's
// error (naming the file) for an unreadable image.
ReferenceCheck checkReferences(const std::vector<std::filesystem::path>& liked,
    const std::vector<std::filesystem::path>& disliked, const std::string& backbone = "look",
    const std::string& device = "auto");

}  // namespace tastelab::services

// Encoding the workspace's images with a backbone and keeping the vectors in the embedding cache
// (keyed by image hash and backbone id), in batches, with progress and cancel.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::services {

class Workspace;

struct EmbeddingOptions {
    std::string backbone = "look";  // "look" (look features); more backbones as they land
    std::string device = "auto";  // "auto", "cpu" or "cuda:N"
    int batchSize = 16;
    int inputSize = 224;  // images are resized to this square before encoding
    std::function<void(std::size_t done, std::size_t total)> onProgress;
    const std::atomic<bool>* cancel = nullptr;
};

struct EmbeddingReport {
    std::string backboneKey;  // the cache key, e.g. "look-v2"
    int dimension = 0;
    std::size_t encoded = 0;
    std::size_t alreadyCached = 0;
    std::vector<std::pair<std::string, std::string>> failures;  // image file, reason
    double seconds = 0;
    std::string device;  // where the backbone ran: "cpu", "cuda:0"
    bool cancelled = false;
};

// Encodes every image of the workspace that has no cached vector for this backbone yet. Throws
// std::invalid_argument for an unknown backbone or device.
EmbeddingReport encodeWorkspaceImages(Workspace& workspace, const EmbeddingOptions& options = {});

// The backbones this build offers, as accepted by EmbeddingOptions::backbone.
std::vector<std::string> availableBackbones();

}  // namespace tastelab::services

// What the model side stores: reward-model checkpoints, the embedding cache, generations and
// steering runs. The files themselves (checkpoints, images) live in the workspace folders.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tastelab::storage {

class Database;

struct CheckpointRecord {
    std::int64_t id = 0;
    std::string path;  // relative to <workspace>/models
    std::optional<std::int64_t> personId;  // set for a person-specific fine-tune
    std::string backboneId;
    std::string backboneHash;
    int formatVersion = 1;
    std::string dataHash;
    std::string metadata = "{}";  // JSON: dimensions, losses, settings
    std::string metrics = "{}";  // JSON: validation figures
    std::optional<std::int64_t> parentId;
    std::string createdAt;
};

class CheckpointStore {
public:
    explicit CheckpointStore(Database& db)
        : db_(db)
    {
    }
    std::int64_t insert(const CheckpointRecord& checkpoint);
    std::optional<CheckpointRecord> find(std::int64_t id);
    // The newest checkpoint for a backbone (and person, when given).
    std::optional<CheckpointRecord> latest(std::string_view backboneId, std::optional<std::int64_t> personId = {});

private:
    Database& db_;
};

// Backbone vectors keyed by image content hash and backbone id.
class EmbeddingCache {
public:
    explicit EmbeddingCache(Database& db)
        : db_(db)
    {
    }
    // Replaces an existing vector for the same key.
    void put(std::string_view imageSha256, std::string_view backboneId, const std::vector<float>& vector);
    std::optional<std::vector<float>> get(std::string_view imageSha256, std::string_view backboneId);
    std::int64_t count(std::string_view backboneId);

private:
    Database& db_;
};

struct GenerationRecord {
    std::int64_t id = 0;
    std::string generator;  // "procedural", "sd-turbo", "flux-schnell"
    std::string model;  // folder or weights identity
    std::string prompt;
    std::string negativePrompt;
    std::int64_t seed = 0;
    std::string parameters = "{}";  // JSON: steps, size, guidance, ...
    std::optional<std::int64_t> imageId;
    std::optional<std::int64_t> durationMs;
    std::string createdAt;
};

enum class SteeringMethod { Noise, Prompt };
enum class RunStatus { Running, Finished, Cancelled, Failed };

struct SteeringRunRecord {
    std::int64_t id = 0;
    std::int64_t personId = 0;
    std::string generator;
    SteeringMethod method = SteeringMethod::Noise;
    std::string prompt;
    std::int64_t seed = 0;
    std::optional<std::int64_t> checkpointId;
    std::string settings = "{}";  // JSON: iterations, learning rate, ...
    std::string trajectory = "[]";  // JSON array: the reward at each iteration
    std::optional<std::int64_t> baselineImageId;
    std::optional<std::int64_t> outputImageId;
    RunStatus status = RunStatus::Running;
    std::string createdAt;
    std::optional<std::string> finishedAt;
};

class RunStore {
public:
    explicit RunStore(Database& db)
        : db_(db)
    {
    }
    std::int64_t insertGeneration(const GenerationRecord& generation);
    std::optional<GenerationRecord> generation(std::int64_t id);

    std::int64_t startSteeringRun(const SteeringRunRecord& run);
    // Records the outcome (status, trajectory, output image) of a run once it ends.
    void finishSteeringRun(
        std::int64_t id, RunStatus status, std::string_view trajectory, std::optional<std::int64_t> outputImageId);
    std::optional<SteeringRunRecord> steeringRun(std::int64_t id);
    std::vector<SteeringRunRecord> steeringRunsOf(std::int64_t personId);

private:
    Database& db_;
};

std::string_view toString(SteeringMethod method);
std::string_view toString(RunStatus status);

}  // namespace tastelab::storage

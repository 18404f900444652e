// Reading and writing checkpoints, cached embeddings, generations and steering runs.
#include "storage/model_records.h"

#include "storage/database.h"
#include "storage/rows.h"
#include "storage/storage_error.h"
#include "util/clock.h"

#include <fmt/format.h>

#include <cstring>

namespace tastelab::storage {
namespace {

constexpr const char* kCheckpointColumns = "id, path, person_id, backbone_id, backbone_hash, format_version, "
                                           "data_hash, metadata, metrics, parent_id, created_at";
constexpr const char* kRunColumns = "id, person_id, generator, method, prompt, seed, model_checkpoint_id, settings, "
                                    "trajectory, baseline_image_id, output_image_id, status, created_at, finished_at";

CheckpointRecord readCheckpoint(const Statement& s)
{
    CheckpointRecord c;
    c.id = s.columnInt(0);
    c.path = s.columnText(1);
    c.personId = s.columnOptionalInt(2);
    c.backboneId = s.columnText(3);
    c.backboneHash = s.columnText(4);
    c.formatVersion = static_cast<int>(s.columnInt(5));
    c.dataHash = s.columnText(6);
    c.metadata = s.columnText(7);
    c.metrics = s.columnText(8);
    c.parentId = s.columnOptionalInt(9);
    c.createdAt = s.columnText(10);
    return c;
}

RunStatus parseRunStatus(const std::string& text)
{
    if (text == "finished") return RunStatus::Finished;
    if (text == "cancelled") return RunStatus::Cancelled;
    if (text == "failed") return RunStatus::Failed;
    return RunStatus::Running;
}

SteeringRunRecord readRun(const Statement& s)
{
    SteeringRunRecord r;
    r.id = s.columnInt(0);
    r.personId = s.columnInt(1);
    r.generator = s.columnText(2);
    r.method = s.columnText(3) == "prompt" ? SteeringMethod::Prompt : SteeringMethod::Noise;
    r.prompt = s.columnText(4);
    r.seed = s.columnInt(5);
    r.checkpointId = s.columnOptionalInt(6);
    r.settings = s.columnText(7);
    r.trajectory = s.columnText(8);
    r.baselineImageId = s.columnOptionalInt(9);
    r.outputImageId = s.columnOptionalInt(10);
    r.status = parseRunStatus(s.columnText(11));
    r.createdAt = s.columnText(12);
    r.finishedAt = s.columnOptionalText(13);
    return r;
}

}  // namespace

std::string_view toString(SteeringMethod method)
{
    return method == SteeringMethod::Prompt ? "prompt" : "noise";
}

std::string_view toString(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return "running";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Failed:
        return "failed";
    }
    return "running";
}

std::int64_t CheckpointStore::insert(const CheckpointRecord& c)
{
    if (c.path.empty() || c.backboneId.empty()) throw StorageError("a checkpoint needs a path and a backbone id");
    return db_.writeTransaction([&] {
        db_.prepare("INSERT INTO model_checkpoints (path, person_id, backbone_id, backbone_hash, format_version, "
                    "data_hash, metadata, metrics, parent_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                    "?10)")
            .bind(1, c.path)
            .bind(2, c.personId)
            .bind(3, c.backboneId)
            .bind(4, c.backboneHash)
            .bind(5, c.formatVersion)
            .bind(6, c.dataHash)
            .bind(7, c.metadata)
            .bind(8, c.metrics)
            .bind(9, c.parentId)
            .bind(10, c.createdAt.empty() ? util::utcTimestamp() : c.createdAt)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<CheckpointRecord> CheckpointStore::find(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM model_checkpoints WHERE id = ?1", kCheckpointColumns));
    s.bind(1, id);
    return firstRow(s, readCheckpoint);
}

std::optional<CheckpointRecord> CheckpointStore::latest(
    std::string_view backboneId, std::optional<std::int64_t> personId)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM model_checkpoints WHERE backbone_id = ?1 AND "
                                     "(?2 IS NULL OR person_id = ?2) ORDER BY id DESC LIMIT 1",
        kCheckpointColumns));
    s.bind(1, backboneId).bind(2, personId);
    return firstRow(s, readCheckpoint);
}

void EmbeddingCache::put(std::string_view imageSha256, std::string_view backboneId, const std::vector<float>& vector)
{
    if (vector.empty()) throw StorageError("cannot cache an empty embedding");
    db_.writeTransaction([&] {
        db_.prepare("INSERT OR REPLACE INTO embeddings (image_sha256, backbone_id, dim, dtype, vector, created_at) "
                    "VALUES (?1, ?2, ?3, 'f32', ?4, ?5)")
            .bind(1, imageSha256)
            .bind(2, backboneId)
            .bind(3, static_cast<std::int64_t>(vector.size()))
            .bindBlob(4, vector.data(), vector.size() * sizeof(float))
            .bind(5, util::utcTimestamp())
            .run();
    });
}

std::optional<std::vector<float>> EmbeddingCache::get(std::string_view imageSha256, std::string_view backboneId)
{
    auto s = db_.prepare("SELECT dim, vector FROM embeddings WHERE image_sha256 = ?1 AND backbone_id = ?2");
    s.bind(1, imageSha256).bind(2, backboneId);
    if (!s.step()) return std::nullopt;
    const auto dim = static_cast<std::size_t>(s.columnInt(0));
    const std::vector<std::uint8_t> bytes = s.columnBlob(1);
    if (bytes.size() != dim * sizeof(float)) {
        throw StorageError(fmt::format("cached embedding of {} for backbone '{}' is damaged ({} bytes for {} values)",
            imageSha256, backboneId, bytes.size(), dim));
    }
    std::vector<float> vector(dim);
    std::memcpy(vector.data(), bytes.data(), bytes.size());
    return vector;
}

std::int64_t EmbeddingCache::count(std::string_view backboneId)
{
    auto s = db_.prepare("SELECT count(*) FROM embeddings WHERE backbone_id = ?1");
    s.bind(1, backboneId);
    s.step();
    return s.columnInt(0);
}

std::int64_t RunStore::insertGeneration(const GenerationRecord& g)
{
    return db_.writeTransaction([&] {
        db_.prepare("INSERT INTO generations (generator, model, prompt, negative_prompt, seed, parameters, image_id, "
                    "duration_ms, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
            .bind(1, g.generator)
            .bind(2, g.model)
            .bind(3, g.prompt)
            .bind(4, g.negativePrompt)
            .bind(5, g.seed)
            .bind(6, g.parameters)
            .bind(7, g.imageId)
            .bind(8, g.durationMs)
            .bind(9, g.createdAt.empty() ? util::utcTimestamp() : g.createdAt)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<GenerationRecord> RunStore::generation(std::int64_t id)
{
    auto s = db_.prepare("SELECT id, generator, model, prompt, negative_prompt, seed, parameters, image_id, "
                         "duration_ms, created_at FROM generations WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    GenerationRecord g;
    g.id = s.columnInt(0);
    g.generator = s.columnText(1);
    g.model = s.columnText(2);
    g.prompt = s.columnText(3);
    g.negativePrompt = s.columnText(4);
    g.seed = s.columnInt(5);
    g.parameters = s.columnText(6);
    g.imageId = s.columnOptionalInt(7);
    g.durationMs = s.columnOptionalInt(8);
    g.createdAt = s.columnText(9);
    return g;
}

std::int64_t RunStore::startSteeringRun(const SteeringRunRecord& r)
{
    return db_.writeTransaction([&] {
        db_.prepare("INSERT INTO steering_runs (person_id, generator, method, prompt, seed, model_checkpoint_id, "
                    "settings, trajectory, baseline_image_id, output_image_id, status, created_at) VALUES (?1, ?2, ?3, "
                    "?4, ?5, ?6, ?7, ?8, ?9, ?10, 'running', ?11)")
            .bind(1, r.personId)
            .bind(2, r.generator)
            .bind(3, toString(r.method))
            .bind(4, r.prompt)
            .bind(5, r.seed)
            .bind(6, r.checkpointId)
            .bind(7, r.settings)
            .bind(8, r.trajectory)
            .bind(9, r.baselineImageId)
            .bind(10, r.outputImageId)
            .bind(11, r.createdAt.empty() ? util::utcTimestamp() : r.createdAt)
            .run();
        return db_.lastInsertId();
    });
}

void RunStore::finishSteeringRun(
    std::int64_t id, RunStatus status, std::string_view trajectory, std::optional<std::int64_t> outputImageId)
{
    db_.writeTransaction([&] {
        db_.prepare("UPDATE steering_runs SET status = ?2, trajectory = ?3, output_image_id = ?4, finished_at = ?5 "
                    "WHERE id = ?1")
            .bind(1, id)
            .bind(2, toString(status))
            .bind(3, trajectory)
            .bind(4, outputImageId)
            .bind(5, util::utcTimestamp())
            .run();
        if (db_.changes() == 0) throw StorageError(fmt::format("no steering run {} to finish", id));
    });
}

std::optional<SteeringRunRecord> RunStore::steeringRun(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM steering_runs WHERE id = ?1", kRunColumns));
    s.bind(1, id);
    return firstRow(s, readRun);
}

std::vector<SteeringRunRecord> RunStore::steeringRunsOf(std::int64_t personId)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM steering_runs WHERE person_id = ?1 ORDER BY id", kRunColumns));
    s.bind(1, personId);
    return allRows(s, readRun);
}

}  // namespace tastelab::storage

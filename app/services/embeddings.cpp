// Batch encoding into the embedding cache. Decoding runs on the calling thread, encoding on the
// chosen device; vectors are stored per batch in one transaction.
#include "app/services/embeddings.h"

#include "app/services/backbone_factory.h"
#include "app/services/image_library.h"

#include "app/services/workspace.h"
#include "model/backbones/clip.h"
#include "model/backbones/look_features.h"
#include "model/backbones/mobilenet_backbone.h"
#include "model/backbones/siglip.h"
#include "model/io/image_io.h"
#include "model/nn/runtime.h"
#include "storage/images.h"
#include "storage/model_records.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <memory>
#include <stdexcept>

namespace fs = std::filesystem;

namespace tastelab::services {

std::unique_ptr<model::Backbone> makeBackbone(const std::string& name)
{
    if (name == "look" || name == "look-v3") return std::make_unique<model::LookFeatures>();
    // The earlier look features (the first 96 of the current ones), for reward models trained on them.
    if (name == "look-v2") return std::make_unique<model::LookFeatures>(2);
    if (name.rfind("clip:", 0) == 0)
        return std::make_unique<model::ClipModel>(model::ClipModel::fromFolder(name.substr(5)));
    if (name.rfind("siglip:", 0) == 0) {
        return std::make_unique<model::SiglipModel>(model::SiglipModel::fromFolder(name.substr(7)));
    }
    if (name.rfind("mobilenet:", 0) == 0) {
        return std::make_unique<model::MobileNetBackbone>(model::MobileNetBackbone::fromTflite(name.substr(10)));
    }
    throw std::invalid_argument(
        fmt::format("unknown backbone '{}': available are {}", name, fmt::join(availableBackbones(), ", ")));
}

at::Tensor loadImageForEncoding(const fs::path& file, int inputSize)
{
    const at::Tensor image = model::imageToTensor(model::decodeImageFile(file)).unsqueeze(0);
    return at::upsample_bilinear2d(image, {inputSize, inputSize}, false).squeeze(0);
}

std::vector<std::string> availableBackbones()
{
    return {"look", "mobilenet:FILE.tflite", "clip:FOLDER", "siglip:FOLDER"};
}

EmbeddingReport encodeWorkspaceImages(Workspace& workspace, const EmbeddingOptions& options)
{
    if (options.batchSize < 1 || options.inputSize < 16)
        throw std::invalid_argument("batch size and input size must be positive");
    const auto backbone = makeBackbone(options.backbone);
    const c10::Device device = model::resolveDevice(options.device);
    backbone->to(device, at::kFloat);
    EmbeddingReport report;
    report.device = device.str();
    report.backboneKey = backbone->cacheKey();
    report.dimension = backbone->imageDim();
    const auto started = std::chrono::steady_clock::now();

    storage::ImageStore images(workspace.database());
    storage::EmbeddingCache cache(workspace.database());
    std::vector<storage::ImageRecord> todo;
    for (auto& image : images.list()) {
        if (cache.get(image.sha256, report.backboneKey)) {
            ++report.alreadyCached;
        } else {
            todo.push_back(std::move(image));
        }
    }
    at::NoGradGuard noGrad;
    for (std::size_t start = 0; start < todo.size(); start += std::size_t(options.batchSize)) {
        if (options.cancel && options.cancel->load()) {
            report.cancelled = true;
            break;
        }
        const std::size_t end = std::min(todo.size(), start + std::size_t(options.batchSize));
        std::vector<at::Tensor> tensors;
        std::vector<const storage::ImageRecord*> batch;
        for (std::size_t i = start; i < end; ++i) {
            const storage::ImageRecord& record = todo[i];
            const fs::path file = record.libraryPath ? workspace.libraryDir() / *record.libraryPath
                                                     : fs::path(record.externalPath.value_or(""));
            try {
                tensors.push_back(loadImageForEncoding(verifiedImageFile(workspace, record), options.inputSize));
                batch.push_back(&record);
            } catch (const std::exception& e) {
                report.failures.emplace_back(file.string(), e.what());
            }
        }
        if (!batch.empty()) {
            const at::Tensor vectors =
                backbone->encodeImages(at::stack(tensors).to(device)).to(at::kCPU, at::kFloat).contiguous();
            workspace.database().writeTransaction([&] {
                for (std::size_t i = 0; i < batch.size(); ++i) {
                    const float* row = vectors[static_cast<std::int64_t>(i)].data_ptr<float>();
                    cache.put(batch[i]->sha256, report.backboneKey, std::vector<float>(row, row + vectors.size(1)));
                }
            });
            report.encoded += batch.size();
        }
        if (options.onProgress) options.onProgress(end, todo.size());
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace tastelab::services

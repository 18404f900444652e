// What the diffusers pipelines (SD-Turbo, FLUX.1-schnell) share about their folders: finding one in the Hugging Face
// cache, opening a component's weights in whatever form it ships, and a short identity of the weight files for the
// images' records.
#pragma once

#include "model/io/diffusers_weights.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tastelab::model {

// The snapshot of a hub cache repository folder ("models--ORG--NAME"): the revision refs/main names, else the newest
// snapshot; only snapshots holding a model_index.json count.
std::optional<std::filesystem::path> hubSnapshot(const std::filesystem::path& repoFolder);

// `folder` when it holds a model_index.json; else its snapshot (a repository folder); else the snapshot of the
// repository `hubName` inside it (a hub cache). Throws ModelLoadError for a missing folder, and for one that is none of
// these, saying that model_index.json is expected with `layout` beside it ("unet/, vae/, ...").
std::filesystem::path resolveDiffusersFolder(
    const std::filesystem::path& folder, const std::string& hubName, const std::string& layout);

// The safetensors weights of a component (stem "diffusion_pytorch_model" or "model"): the preferred precision's single
// file, then its sharded index, then the other precision's (the ".fp16" variant's index is named
// STEM.safetensors.index.fp16.json by diffusers and transformers). Throws ModelLoadError naming the folder and the
// files looked for.
std::filesystem::path findSafetensorsWeights(
    const std::filesystem::path& dir, const std::string& stem, bool preferFp16);
// As findSafetensorsWeights, falling back to PyTorch's .bin (zip) files, opened as a WeightSource.
WeightSource openComponentWeights(const std::filesystem::path& dir, const std::string& stem, bool preferFp16);
// The shape of tensor `name` in a safetensors file or sharded index as "[a, b]", or "unknown" (for messages about
// tensors a model has no place for).
std::string shapeInWeightsFile(const std::filesystem::path& weightsFile, const std::string& name);

// Twelve hex digits of a hash of the names and sizes of the components' weight files (.safetensors and .bin): cheap
// and stable, and different for other precisions or shardings.
std::string weightFilesIdentity(const std::filesystem::path& folder, const std::vector<std::string>& components);

}  // namespace tastelab::model

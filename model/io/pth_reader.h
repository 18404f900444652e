// Reading PyTorch checkpoints written by torch.save (the zip format of PyTorch >= 1.6) without Python: our own zip
// central-directory reader and a small pickle machine that accepts only what a state dict needs.
#pragma once

#include <ATen/core/Tensor.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

// A torch.save zip: "<archive>/data.pkl" (pickle protocol 2..5) whose tensors are rebuilt by
// torch._utils._rebuild_tensor_v2 (or _rebuild_parameter) from persistent storages "<archive>/data/<key>"
// (torch.FloatStorage, HalfStorage, BFloat16Storage, DoubleStorage, LongStorage, IntStorage, ShortStorage,
// CharStorage, ByteStorage, BoolStorage) with a storage offset, a size and a stride. Entries may be stored or
// deflated; zip64 sizes and offsets are understood.
//
// Returns the state dict flattened to "name" -> tensor (CPU, the stored dtype and strides; tensors that share a
// storage in the file share it here), in file order. Nested dicts of tensors are flattened with dots
// ({"sub": {"bias": t}} -> "sub.bias"). When the top level holds no tensors itself (a training checkpoint), the
// first of "state_dict", "model", "module", "ema" that is a dict is the state dict, without that key in the names.
// Non-tensor values (numbers, strings, None, lists, integer-keyed dicts) are skipped. Only the pickle opcodes and
// globals a state dict needs are accepted (collections.OrderedDict, the torch._utils rebuild functions, the storage
// types, torch.device, torch.Size), so a checkpoint cannot run code.
//
// Throws ModelLoadError naming the file and what is wrong: not a zip, the legacy pre-1.6 format, a truncated or
// corrupt entry (CRC), an unsupported pickle opcode or a global outside the allowed set (both named), a storage too
// small for its tensor, no tensors at all.
std::vector<std::pair<std::string, at::Tensor>> readPthStateDict(const std::filesystem::path& file);

}  // namespace tastelab::model

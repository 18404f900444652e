// Reading and writing safetensors files (single files and sharded checkpoints with an index).
// The header is read and validated completely on open; tensor data is read on demand with a seek,
// so opening a multi-gigabyte checkpoint costs only its header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/ScalarType.h>

namespace tastelab::model {

// Thrown for unreadable, malformed or inconsistent files and for missing tensors; the message names
// the file and, where one is concerned, the tensor.
class SafetensorsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class SafetensorsDtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL, F8_E4M3, F8_E5M2 };

// "F32", "BF16", ... as written in the header.
std::string_view safetensorsDtypeName(SafetensorsDtype dtype);
// Bytes per element.
std::size_t safetensorsDtypeSize(SafetensorsDtype dtype);

struct TensorInfo {
    std::string name;
    SafetensorsDtype dtype = SafetensorsDtype::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // byte offsets relative to the data section (after the header); end exclusive
    std::uint64_t end = 0;

    std::uint64_t byteSize() const { return end - begin; }
};

// The header length limit of the reference implementation.
inline constexpr std::uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;

class SafetensorsFile {
public:
    // Reads and validates the header (types, dtypes, shapes against byte sizes, offsets tiling the data
    // section exactly). The data is not read. Throws SafetensorsError naming the file.
    static SafetensorsFile open(const std::filesystem::path& file);

    const std::filesystem::path& path() const { return path_; }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }  // in header order
    const TensorInfo* find(std::string_view name) const;  // nullptr when absent
    const std::map<std::string, std::string>& metadata() const { return metadata_; }  // "__metadata__"

    // One tensor on the CPU with the matching dtype (F64 -> kDouble, ..., BOOL -> kBool). F8_E4M3 and
    // F8_E5M2 load as kByte holding the raw bits (LibTorch 1.13 has no 8-bit float type); use the
    // converting overload to get their values. Throws SafetensorsError naming the tensor and the file.
    at::Tensor load(std::string_view name) const;
    // The values converted to `dtype` (e.g. at::kFloat). F8 tensors are decoded (E4M3 "fn": no
    // infinities, 0x7F/0xFF are NaN; E5M2: IEEE-like with infinities) and then converted.
    at::Tensor load(std::string_view name, at::ScalarType dtype) const;

private:
    std::filesystem::path path_;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, std::size_t, std::less<>> byName_;
    std::map<std::string, std::string> metadata_;
    std::uint64_t dataStart_ = 0;  // 8 + header length
};

// One file, or a sharded checkpoint "<name>.safetensors.index.json" with {"weight_map": {tensor -> file}},
// file names relative to the index's folder. Each shard is opened once.
class SafetensorsCollection {
public:
    // Throws SafetensorsError for an unreadable index, a missing or invalid shard (naming it), or a tensor
    // the index assigns to a shard that does not hold it.
    static SafetensorsCollection openIndex(const std::filesystem::path& indexJson);
    static SafetensorsCollection openFile(const std::filesystem::path& file);

    const TensorInfo* find(std::string_view name) const;  // nullptr when absent
    // Errors name the tensor and the shard (or the index, for a tensor it does not list).
    at::Tensor load(std::string_view name) const;
    at::Tensor load(std::string_view name, at::ScalarType dtype) const;
    std::vector<std::string> names() const;  // in index (or header) order
    const std::filesystem::path& source() const { return source_; }  // the index or the single file
    const std::vector<SafetensorsFile>& shards() const { return shards_; }

private:
    const SafetensorsFile& shardFor(std::string_view name) const;

    std::filesystem::path source_;
    std::vector<SafetensorsFile> shards_;
    std::vector<std::string> names_;
    std::map<std::string, std::size_t, std::less<>> shardOf_;
};

// Writes F64/F32/F16/BF16/I64/I32/I16/I8/U8/BOOL tensors (any device, any strides: written contiguous,
// row-major, little-endian) in the given order, with optional metadata. The header is padded with spaces
// to a multiple of 8 bytes. Atomic: a temporary file beside the target is renamed over it. Throws
// SafetensorsError for an unsupported dtype, a duplicate or reserved name, or a failed write.
void writeSafetensors(const std::filesystem::path& file, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
    const std::map<std::string, std::string>& metadata = {});

}  // namespace tastelab::model

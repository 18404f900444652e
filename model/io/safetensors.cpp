// Safetensors: header validation with the project's JSON parser, lazy reads of regular files only
// (util::ReadOnlyFile), atomic writes through util::AtomicFile.
#include "model/io/safetensors.h"

#include "storage/storage_error.h"
#include "util/atomic_file.h"
#include "util/bounded_file.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

namespace tastelab::model {
namespace {

using util::JsonValue;

bool hostIsLittleEndian()
{
    const std::uint16_t probe = 1;
    unsigned char first = 0;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

void requireLittleEndianHost(const std::filesystem::path& file)
{
    if (!hostIsLittleEndian()) {
        throw SafetensorsError(fmt::format("cannot use safetensors file '{}': this host is big-endian and "
                                           "safetensors data is little-endian (byte swapping is not implemented)",
            file.string()));
    }
}

struct DtypeEntry {
    SafetensorsDtype dtype;
    std::string_view name;
    std::size_t size;
};

constexpr std::array<DtypeEntry, 12> kDtypes{{
    {SafetensorsDtype::F64, "F64", 8},
    {SafetensorsDtype::F32, "F32", 4},
    {SafetensorsDtype::F16, "F16", 2},
    {SafetensorsDtype::BF16, "BF16", 2},
    {SafetensorsDtype::I64, "I64", 8},
    {SafetensorsDtype::I32, "I32", 4},
    {SafetensorsDtype::I16, "I16", 2},
    {SafetensorsDtype::I8, "I8", 1},
    {SafetensorsDtype::U8, "U8", 1},
    {SafetensorsDtype::BOOL, "BOOL", 1},
    {SafetensorsDtype::F8_E4M3, "F8_E4M3", 1},
    {SafetensorsDtype::F8_E5M2, "F8_E5M2", 1},
}};

const DtypeEntry& entryOf(SafetensorsDtype dtype)
{
    for (const auto& entry : kDtypes) {
        if (entry.dtype == dtype) return entry;
    }
    throw SafetensorsError("unknown safetensors dtype value");  // unreachable for valid enum values
}

// The LibTorch type a dtype loads as (F8 types load as their raw bits).
at::ScalarType scalarTypeOf(SafetensorsDtype dtype)
{
    switch (dtype) {
    case SafetensorsDtype::F64:
        return at::kDouble;
    case SafetensorsDtype::F32:
        return at::kFloat;
    case SafetensorsDtype::F16:
        return at::kHalf;
    case SafetensorsDtype::BF16:
        return at::kBFloat16;
    case SafetensorsDtype::I64:
        return at::kLong;
    case SafetensorsDtype::I32:
        return at::kInt;
    case SafetensorsDtype::I16:
        return at::kShort;
    case SafetensorsDtype::I8:
        return at::kChar;
    case SafetensorsDtype::U8:
        return at::kByte;
    case SafetensorsDtype::BOOL:
        return at::kBool;
    case SafetensorsDtype::F8_E4M3:
        return at::kByte;
    case SafetensorsDtype::F8_E5M2:
        return at::kByte;
    }
    return at::kByte;
}

bool writableDtype(at::ScalarType type, SafetensorsDtype& out)
{
    switch (type) {
    case at::kDouble:
        out = SafetensorsDtype::F64;
        return true;
    case at::kFloat:
        out = SafetensorsDtype::F32;
        return true;
    case at::kHalf:
        out = SafetensorsDtype::F16;
        return true;
    case at::kBFloat16:
        out = SafetensorsDtype::BF16;
        return true;
    case at::kLong:
        out = SafetensorsDtype::I64;
        return true;
    case at::kInt:
        out = SafetensorsDtype::I32;
        return true;
    case at::kShort:
        out = SafetensorsDtype::I16;
        return true;
    case at::kChar:
        out = SafetensorsDtype::I8;
        return true;
    case at::kByte:
        out = SafetensorsDtype::U8;
        return true;
    case at::kBool:
        out = SafetensorsDtype::BOOL;
        return true;
    default:
        return false;
    }
}

// Decoding 8-bit floats: sign, exponent and mantissa fields with the given widths and bias.
float decodeF8E4M3(std::uint8_t bits)
{
    const bool negative = (bits & 0x80) != 0;
    const int exponent = (bits >> 3) & 0x0F;
    const int mantissa = bits & 0x07;
    float value = 0.0f;
    if (exponent == 0x0F && mantissa == 0x07) {
        value = std::numeric_limits<float>::quiet_NaN();  // the "fn" variant: no infinities, one NaN pattern
    } else if (exponent == 0) {
        value = std::ldexp(static_cast<float>(mantissa) / 8.0f, -6);  // subnormal
    } else {
        value = std::ldexp(1.0f + static_cast<float>(mantissa) / 8.0f, exponent - 7);
    }
    return negative ? -value : value;
}

float decodeF8E5M2(std::uint8_t bits)
{
    const bool negative = (bits & 0x80) != 0;
    const int exponent = (bits >> 2) & 0x1F;
    const int mantissa = bits & 0x03;
    float value = 0.0f;
    if (exponent == 0x1F) {
        value = mantissa == 0 ? std::numeric_limits<float>::infinity() : std::numeric_limits<float>::quiet_NaN();
    } else if (exponent == 0) {
        value = std::ldexp(static_cast<float>(mantissa) / 4.0f, -14);
    } else {
        value = std::ldexp(1.0f + static_cast<float>(mantissa) / 4.0f, exponent - 15);
    }
    return negative ? -value : value;
}

// Only a regular file, opened without blocking: a FIFO, a device or a folder is refused before it is opened, and a
// file swapped for one between the check and the open is refused on the open descriptor.
util::ReadOnlyFile openRegularFile(const std::filesystem::path& file, std::string_view what)
{
    try {
        return util::ReadOnlyFile::open(file, what);
    } catch (const storage::StorageError& error) {
        throw SafetensorsError(error.what());
    }
}

void readExactly(const util::ReadOnlyFile& in, std::uint64_t offset, char* target, std::uint64_t size,
    const std::filesystem::path& file, std::string_view what)
{
    try {
        in.readAt(offset, target, size);
    } catch (const storage::StorageError&) {
        throw SafetensorsError(fmt::format("cannot read {} from safetensors file '{}' ({} bytes at offset {}; was the "
                                           "file changed or truncated?)",
            what, file.string(), size, offset));
    }
}

// Product of the dimensions times the element size, or false on overflow.
bool byteSizeOf(const std::vector<std::int64_t>& shape, std::size_t elementSize, std::uint64_t& bytes)
{
    if (std::find(shape.begin(), shape.end(), std::int64_t{0}) != shape.end()) {
        bytes = 0;
        return true;
    }
    std::uint64_t total = elementSize;
    for (const std::int64_t dim : shape) {
        const auto d = static_cast<std::uint64_t>(dim);
        if (total > std::numeric_limits<std::uint64_t>::max() / d) return false;
        total *= d;
    }
    // LibTorch counts elements and bytes in int64.
    if (total > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
    bytes = total;
    return true;
}

TensorInfo parseEntry(const std::string& name, const JsonValue& value, const std::filesystem::path& file)
{
    auto fail = [&](const std::string& problem) {
        return SafetensorsError(fmt::format("safetensors file '{}': tensor '{}' {}", file.string(), name, problem));
    };
    if (!value.isObject()) {
        throw fail(fmt::format("must be an object, found {}", util::jsonTypeName(value.type())));
    }
    const JsonValue* dtype = value.find("dtype");
    const JsonValue* shape = value.find("shape");
    const JsonValue* offsets = value.find("data_offsets");
    if (!dtype) throw fail("has no 'dtype'");
    if (!shape) throw fail("has no 'shape'");
    if (!offsets) throw fail("has no 'data_offsets'");

    TensorInfo info;
    info.name = name;
    if (!dtype->isString()) {
        throw fail(fmt::format("has a 'dtype' that is {}, not a string", util::jsonTypeName(dtype->type())));
    }
    const auto known = std::find_if(
        kDtypes.begin(), kDtypes.end(), [&](const DtypeEntry& entry) { return entry.name == dtype->asString(); });
    if (known == kDtypes.end()) {
        throw fail(fmt::format("has an unknown dtype {} (known: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL, "
                               "F8_E4M3, F8_E5M2)",
            util::jsonQuote(dtype->asString())));
    }
    info.dtype = known->dtype;

    if (!shape->isArray()) {
        throw fail(fmt::format("has a 'shape' that is {}, not an array", util::jsonTypeName(shape->type())));
    }
    for (const JsonValue& dim : shape->asArray()) {
        if (!dim.isInteger()) throw fail("has a 'shape' entry that is not an integer");
        const std::int64_t d = dim.asInt();
        if (d < 0) throw fail(fmt::format("has a negative dimension {} in its shape", d));
        info.shape.push_back(d);
    }

    if (!offsets->isArray() || offsets->asArray().size() != 2) {
        throw fail("has 'data_offsets' that are not an array of two integers [begin, end]");
    }
    const auto& pair = offsets->asArray();
    if (!pair[0].isInteger() || !pair[1].isInteger() || pair[0].asInt() < 0 || pair[1].asInt() < 0) {
        throw fail("has 'data_offsets' that are not two non-negative integers (within 63 bits)");
    }
    info.begin = static_cast<std::uint64_t>(pair[0].asInt());
    info.end = static_cast<std::uint64_t>(pair[1].asInt());
    if (info.begin > info.end) {
        throw fail(fmt::format("has data_offsets [{}, {}] with begin after end", info.begin, info.end));
    }

    std::uint64_t expected = 0;
    if (!byteSizeOf(info.shape, known->size, expected)) {
        throw fail(fmt::format("has a shape [{}] too large to address", fmt::join(info.shape, ", ")));
    }
    if (expected != info.end - info.begin) {
        throw fail(fmt::format("has shape [{}] and dtype {}, which need {} bytes, but data_offsets [{}, {}] hold {}",
            fmt::join(info.shape, ", "), known->name, expected, info.begin, info.end, info.end - info.begin));
    }
    return info;
}

}  // namespace

std::string_view safetensorsDtypeName(SafetensorsDtype dtype)
{
    return entryOf(dtype).name;
}

std::size_t safetensorsDtypeSize(SafetensorsDtype dtype)
{
    return entryOf(dtype).size;
}

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& file)
{
    requireLittleEndianHost(file);
    const util::ReadOnlyFile in = openRegularFile(file, "safetensors file");
    const std::uint64_t fileSize = in.size();
    if (fileSize < 8) {
        throw SafetensorsError(fmt::format("'{}' is not a safetensors file: it is {} bytes long, shorter than the "
                                           "8-byte header length",
            file.string(), fileSize));
    }

    std::array<char, 8> lengthBytes{};
    readExactly(in, 0, lengthBytes.data(), 8, file, "the header length");
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i) {
        headerLength = (headerLength << 8) | static_cast<unsigned char>(lengthBytes[static_cast<std::size_t>(i)]);
    }
    if (headerLength > kSafetensorsMaxHeaderBytes) {
        throw SafetensorsError(fmt::format("safetensors file '{}' declares a header of {} bytes, more than the "
                                           "limit of {} bytes (not a safetensors file, or corrupt)",
            file.string(), headerLength, kSafetensorsMaxHeaderBytes));
    }
    if (headerLength > fileSize - 8) {
        throw SafetensorsError(fmt::format("safetensors file '{}' declares a header of {} bytes, past the end of the "
                                           "file ({} bytes; truncated?)",
            file.string(), headerLength, fileSize));
    }

    std::string headerText(static_cast<std::size_t>(headerLength), '\0');
    readExactly(in, 8, headerText.data(), headerLength, file, "the header");

    JsonValue root;
    try {
        root = util::parseJson(headerText, file.string() + " (header)");
    } catch (const util::FormatError& error) {
        throw SafetensorsError(
            fmt::format("safetensors file '{}' has a header that is not valid JSON: {}", file.string(), error.what()));
    }
    if (!root.isObject()) {
        throw SafetensorsError(fmt::format("safetensors file '{}' has a header that is {}, not a JSON object",
            file.string(), util::jsonTypeName(root.type())));
    }

    SafetensorsFile result;
    result.path_ = file;
    result.dataStart_ = 8 + headerLength;
    const std::uint64_t dataSize = fileSize - result.dataStart_;
    for (const auto& [name, value] : root.asObject()) {
        if (name == "__metadata__") {
            if (!value.isObject()) {
                throw SafetensorsError(fmt::format("safetensors file '{}': '__metadata__' is {}, not an object",
                    file.string(), util::jsonTypeName(value.type())));
            }
            for (const auto& [key, item] : value.asObject()) {
                if (!item.isString()) {
                    throw SafetensorsError(fmt::format(
                        "safetensors file '{}': metadata '{}' is {}, not a string (safetensors metadata maps strings "
                        "to strings)",
                        file.string(), key, util::jsonTypeName(item.type())));
                }
                result.metadata_[key] = item.asString();
            }
            continue;
        }
        TensorInfo info = parseEntry(name, value, file);
        if (info.end > dataSize) {
            throw SafetensorsError(fmt::format("safetensors file '{}': tensor '{}' ends at byte {} of the data "
                                               "section, past its end ({} bytes; truncated?)",
                file.string(), name, info.end, dataSize));
        }
        if (!result.byName_.emplace(name, result.tensors_.size()).second) {
            throw SafetensorsError(fmt::format("safetensors file '{}' names tensor '{}' twice", file.string(), name));
        }
        result.tensors_.push_back(std::move(info));
    }

    // The ranges must tile the data section exactly: sorted by begin, each starts where the previous ended.
    std::vector<const TensorInfo*> sorted;
    sorted.reserve(result.tensors_.size());
    for (const auto& info : result.tensors_) sorted.push_back(&info);
    std::stable_sort(sorted.begin(), sorted.end(), [](const TensorInfo* a, const TensorInfo* b) {
        return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
    });
    std::uint64_t position = 0;
    const TensorInfo* previous = nullptr;
    for (const TensorInfo* info : sorted) {
        if (info->begin < position) {
            throw SafetensorsError(fmt::format("safetensors file '{}': tensor '{}' (bytes {}..{}) overlaps tensor '{}' "
                                               "(bytes {}..{})",
                file.string(), info->name, info->begin, info->end, previous->name, previous->begin, previous->end));
        }
        if (info->begin > position) {
            throw SafetensorsError(
                fmt::format("safetensors file '{}': gap in the data section: bytes {}..{} belong to no tensor "
                            "(before tensor '{}')",
                    file.string(), position, info->begin, info->name));
        }
        position = info->end;
        previous = info;
    }
    if (position != dataSize) {
        throw SafetensorsError(fmt::format("safetensors file '{}': the data section is {} bytes but the tensors "
                                           "cover {} (trailing bytes belong to no tensor)",
            file.string(), dataSize, position));
    }
    return result;
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const
{
    const auto it = byName_.find(name);
    return it == byName_.end() ? nullptr : &tensors_[it->second];
}

at::Tensor SafetensorsFile::load(std::string_view name) const
{
    const TensorInfo* info = find(name);
    if (!info) {
        throw SafetensorsError(fmt::format(
            "safetensors file '{}' has no tensor '{}' ({} tensors)", path_.string(), name, tensors_.size()));
    }
    requireLittleEndianHost(path_);
    at::Tensor tensor;
    try {
        tensor = at::empty(info->shape, at::TensorOptions().dtype(scalarTypeOf(info->dtype)).device(at::kCPU));
    } catch (const c10::Error& error) {
        throw SafetensorsError(fmt::format("cannot make tensor '{}' of safetensors file '{}': {}", info->name,
            path_.string(), error.what_without_backtrace()));
    }
    const std::uint64_t size = info->byteSize();
    if (static_cast<std::uint64_t>(tensor.nbytes()) != size) {
        throw SafetensorsError(fmt::format("tensor '{}' of safetensors file '{}': {} bytes expected, LibTorch made {}",
            info->name, path_.string(), size, tensor.nbytes()));
    }
    if (size == 0) return tensor;

    // Opened again for each tensor: the file must still be a regular file holding the tensor's bytes (readAt refuses
    // a range past the size it has now).
    const util::ReadOnlyFile in = openRegularFile(path_, "safetensors file");
    auto* target = static_cast<char*>(tensor.data_ptr());
    readExactly(in, dataStart_ + info->begin, target, size, path_, fmt::format("tensor '{}'", info->name));

    if (info->dtype == SafetensorsDtype::BOOL) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(target);
        const auto bad = std::find_if(bytes, bytes + size, [](unsigned char b) { return b > 1; });
        if (bad != bytes + size) {
            throw SafetensorsError(fmt::format("safetensors file '{}': BOOL tensor '{}' holds the byte {} at element "
                                               "{} (only 0 and 1 are booleans)",
                path_.string(), info->name, static_cast<int>(*bad), bad - bytes));
        }
    }
    return tensor;
}

at::Tensor SafetensorsFile::load(std::string_view name, at::ScalarType dtype) const
{
    at::Tensor raw = load(name);
    const TensorInfo& info = tensors_[byName_.find(name)->second];  // load() has checked that it exists
    try {
        if (info.dtype == SafetensorsDtype::F8_E4M3 || info.dtype == SafetensorsDtype::F8_E5M2) {
            std::array<float, 256> table{};
            for (std::size_t i = 0; i < table.size(); ++i) {
                const auto bits = static_cast<std::uint8_t>(i);
                table[i] = info.dtype == SafetensorsDtype::F8_E4M3 ? decodeF8E4M3(bits) : decodeF8E5M2(bits);
            }
            at::Tensor decoded = at::empty(raw.sizes(), at::TensorOptions().dtype(at::kFloat));
            const auto* in = raw.data_ptr<std::uint8_t>();
            float* out = decoded.data_ptr<float>();
            const auto count = static_cast<std::size_t>(raw.numel());
            for (std::size_t i = 0; i < count; ++i) out[i] = table[in[i]];
            return decoded.to(dtype);
        }
        return raw.to(dtype);
    } catch (const c10::Error& error) {
        throw SafetensorsError(fmt::format("cannot convert tensor '{}' of safetensors file '{}' to {}: {}", info.name,
            path_.string(), c10::toString(dtype), error.what_without_backtrace()));
    }
}

// ---------------------------------------------------------------------------------------------------------------

SafetensorsCollection SafetensorsCollection::openFile(const std::filesystem::path& file)
{
    SafetensorsCollection result;
    result.source_ = file;
    result.shards_.push_back(SafetensorsFile::open(file));
    for (const auto& info : result.shards_.front().tensors()) {
        result.names_.push_back(info.name);
        result.shardOf_.emplace(info.name, 0);
    }
    return result;
}

SafetensorsCollection SafetensorsCollection::openIndex(const std::filesystem::path& indexJson)
{
    std::string text;
    {
        const util::ReadOnlyFile in = openRegularFile(indexJson, "safetensors index");
        const std::uint64_t size = in.size();
        if (size > kSafetensorsMaxHeaderBytes) {
            throw SafetensorsError(fmt::format("safetensors index '{}' is {} bytes, more than the limit of {} bytes",
                indexJson.string(), size, kSafetensorsMaxHeaderBytes));
        }
        text.resize(static_cast<std::size_t>(size));
        readExactly(in, 0, text.data(), size, indexJson, "the index");
    }
    JsonValue root;
    try {
        root = util::parseJson(text, indexJson.string());
    } catch (const util::FormatError& error) {
        throw SafetensorsError(
            fmt::format("safetensors index '{}' is not valid JSON: {}", indexJson.string(), error.what()));
    }
    const JsonValue* weightMap = root.find("weight_map");
    if (!weightMap || !weightMap->isObject()) {
        throw SafetensorsError(fmt::format(
            "safetensors index '{}' has no \"weight_map\" object (tensor name -> shard file)", indexJson.string()));
    }

    SafetensorsCollection result;
    result.source_ = indexJson;
    const std::filesystem::path folder = indexJson.parent_path();
    std::map<std::string, std::size_t> shardIndex;
    for (const auto& [name, value] : weightMap->asObject()) {
        if (!value.isString()) {
            throw SafetensorsError(fmt::format("safetensors index '{}': tensor '{}' maps to {}, not a file name",
                indexJson.string(), name, util::jsonTypeName(value.type())));
        }
        const std::filesystem::path relative(value.asString());
        const bool escapes = relative.empty() || relative.is_absolute()
            || std::any_of(relative.begin(), relative.end(), [](const auto& part) { return part == ".."; });
        if (escapes) {
            throw SafetensorsError(fmt::format("safetensors index '{}': tensor '{}' maps to shard '{}', which is not a "
                                               "file name inside the index's folder",
                indexJson.string(), name, value.asString()));
        }
        auto found = shardIndex.find(value.asString());
        if (found == shardIndex.end()) {
            const std::filesystem::path shardPath = folder / relative;
            std::error_code ec;
            if (!std::filesystem::exists(shardPath, ec)) {
                throw SafetensorsError(fmt::format("safetensors index '{}': shard '{}' (holding tensor '{}') does not "
                                                   "exist",
                    indexJson.string(), shardPath.string(), name));
            }
            result.shards_.push_back(SafetensorsFile::open(shardPath));
            found = shardIndex.emplace(value.asString(), result.shards_.size() - 1).first;
        }
        const SafetensorsFile& shard = result.shards_[found->second];
        if (!shard.find(name)) {
            throw SafetensorsError(fmt::format("safetensors index '{}' puts tensor '{}' in shard '{}', which does not "
                                               "hold it",
                indexJson.string(), name, shard.path().string()));
        }
        result.names_.push_back(name);
        result.shardOf_.emplace(name, found->second);
    }
    return result;
}

const SafetensorsFile& SafetensorsCollection::shardFor(std::string_view name) const
{
    const auto it = shardOf_.find(name);
    if (it == shardOf_.end()) {
        throw SafetensorsError(fmt::format("'{}' has no tensor '{}' ({} tensors in {} shard{})", source_.string(), name,
            names_.size(), shards_.size(), shards_.size() == 1 ? "" : "s"));
    }
    return shards_[it->second];
}

const TensorInfo* SafetensorsCollection::find(std::string_view name) const
{
    const auto it = shardOf_.find(name);
    return it == shardOf_.end() ? nullptr : shards_[it->second].find(name);
}

at::Tensor SafetensorsCollection::load(std::string_view name) const
{
    return shardFor(name).load(name);
}

at::Tensor SafetensorsCollection::load(std::string_view name, at::ScalarType dtype) const
{
    return shardFor(name).load(name, dtype);
}

std::vector<std::string> SafetensorsCollection::names() const
{
    return names_;
}

// ---------------------------------------------------------------------------------------------------------------

void writeSafetensors(const std::filesystem::path& file, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
    const std::map<std::string, std::string>& metadata)
{
    requireLittleEndianHost(file);
    std::vector<at::Tensor> contiguous;
    contiguous.reserve(tensors.size());
    std::set<std::string, std::less<>> seen;
    JsonValue header = JsonValue::Object{};
    try {
        if (!metadata.empty()) {
            JsonValue meta = JsonValue::Object{};
            for (const auto& [key, value] : metadata) meta.set(key, value);
            header.set("__metadata__", std::move(meta));
        }
        std::uint64_t offset = 0;
        for (const auto& [name, tensor] : tensors) {
            if (name == "__metadata__") {
                throw SafetensorsError(
                    fmt::format("cannot write safetensors file '{}': '__metadata__' is reserved, not a tensor name",
                        file.string()));
            }
            if (!seen.insert(name).second) {
                throw SafetensorsError(
                    fmt::format("cannot write safetensors file '{}': tensor '{}' given twice", file.string(), name));
            }
            if (!tensor.defined()) {
                throw SafetensorsError(
                    fmt::format("cannot write safetensors file '{}': tensor '{}' is undefined", file.string(), name));
            }
            SafetensorsDtype dtype{};
            if (!writableDtype(tensor.scalar_type(), dtype)) {
                throw SafetensorsError(fmt::format("cannot write safetensors file '{}': tensor '{}' has dtype {}, "
                                                   "which is not supported (F64, F32, F16, BF16, I64, I32, I16, I8, "
                                                   "U8, BOOL are)",
                    file.string(), name, c10::toString(tensor.scalar_type())));
            }
            at::Tensor data = tensor.detach().to(at::kCPU).contiguous();
            const auto bytes = static_cast<std::uint64_t>(data.nbytes());
            JsonValue::Array shape;
            for (const std::int64_t dim : data.sizes()) shape.emplace_back(dim);
            JsonValue entry = JsonValue::Object{};
            entry.set("dtype", std::string(safetensorsDtypeName(dtype)));
            entry.set("shape", std::move(shape));
            entry.set("data_offsets",
                JsonValue::Array{JsonValue(static_cast<std::int64_t>(offset)),
                    JsonValue(static_cast<std::int64_t>(offset + bytes))});
            header.set(name, std::move(entry));
            offset += bytes;
            contiguous.push_back(std::move(data));
        }
    } catch (const util::FormatError& error) {
        throw SafetensorsError(
            fmt::format("cannot write safetensors file '{}': a name or metadata value is not valid: {}", file.string(),
                error.what()));
    } catch (const c10::Error& error) {
        throw SafetensorsError(
            fmt::format("cannot write safetensors file '{}': {}", file.string(), error.what_without_backtrace()));
    }

    std::string headerText = util::toJson(header);
    headerText.append((8 - headerText.size() % 8) % 8, ' ');
    std::array<char, 8> length{};
    std::uint64_t n = headerText.size();
    for (auto& byte : length) {
        byte = static_cast<char>(n & 0xFF);
        n >>= 8;
    }
    try {
        util::AtomicFile out(file);
        out.write(length.data(), length.size());
        out.write(headerText);
        for (const auto& data : contiguous) {
            if (data.nbytes() > 0) out.write(data.data_ptr(), data.nbytes());
        }
        out.commit();
    } catch (const storage::StorageError& error) {
        throw SafetensorsError(fmt::format("cannot write safetensors file '{}': {}", file.string(), error.what()));
    }
}

}  // namespace tastelab::model

// PyTorch zip checkpoints without Python: a zip central-directory reader (stored and deflated entries, zip64) and a
// pickle machine that knows only the opcodes and globals a torch.save'd state dict uses, so a checkpoint can never
// run code here.
#include "model/io/pth_reader.h"

#include "model/io/diffusers_weights.h"
#include "storage/storage_error.h"
#include "util/bounded_file.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

namespace tastelab::model {
namespace {

// ---- Zip ---------------------------------------------------------------------------------------------------------

constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirectorySignature = 0x06054b50;
constexpr std::uint32_t kZip64EndLocatorSignature = 0x07064b50;
constexpr std::uint32_t kZip64EndSignature = 0x06064b50;
constexpr std::uint16_t kZip64ExtraId = 0x0001;

std::uint16_t readU16(const unsigned char* p)
{
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t readU32(const unsigned char* p)
{
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8)
        | (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint64_t readU64(const unsigned char* p)
{
    return static_cast<std::uint64_t>(readU32(p)) | (static_cast<std::uint64_t>(readU32(p + 4)) << 32);
}

struct ZipEntry {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t size = 0;
    std::uint64_t localHeaderOffset = 0;
};

class ZipArchive {
public:
    explicit ZipArchive(const std::filesystem::path& file)
        : file_(file)
        , in_(openRegularFile(file))
        , fileSize_(in_.size())
    {
        readCentralDirectory();
    }

    // Only a regular file, opened without blocking (a FIFO or a device is refused, naming the file).
    static util::ReadOnlyFile openRegularFile(const std::filesystem::path& file)
    {
        try {
            return util::ReadOnlyFile::open(file, "PyTorch checkpoint");
        } catch (const storage::StorageError& error) {
            throw ModelLoadError(error.what());
        }
    }

    [[noreturn]] void fail(const std::string& what) const
    {
        throw ModelLoadError(fmt::format("PyTorch checkpoint '{}': {}", file_.string(), what));
    }

    const std::vector<ZipEntry>& entries() const { return entries_; }

    const ZipEntry* find(const std::string& name) const
    {
        const auto it = byName_.find(name);
        return it == byName_.end() ? nullptr : &entries_[it->second];
    }

    // The entry's uncompressed bytes into `destination` (entry.size bytes), checked against the CRC.
    void read(const ZipEntry& entry, unsigned char* destination)
    {
        if (entry.flags & 0x1) fail(fmt::format("entry '{}' is encrypted", entry.name));
        unsigned char local[30];
        readAt(entry.localHeaderOffset, local, sizeof local, entry.name);
        if (readU32(local) != kLocalHeaderSignature) {
            fail(fmt::format(
                "entry '{}' has no local header at byte {} (corrupt zip)", entry.name, entry.localHeaderOffset));
        }
        const std::uint64_t dataStart = entry.localHeaderOffset + 30 + readU16(local + 26) + readU16(local + 28);
        if (dataStart > fileSize_ || entry.compressedSize > fileSize_ - dataStart) {
            fail(fmt::format("entry '{}' is truncated: its data ends at byte {}, the file has {} bytes", entry.name,
                dataStart + entry.compressedSize, fileSize_));
        }
        if (entry.method == 0) {
            if (entry.compressedSize != entry.size) {
                fail(fmt::format("stored entry '{}' has compressed size {} but size {}", entry.name,
                    entry.compressedSize, entry.size));
            }
            readAt(dataStart, destination, entry.size, entry.name);
        } else if (entry.method == 8) {
            inflateEntry(entry, dataStart, destination);
        } else {
            fail(fmt::format("entry '{}' uses compression method {} (only stored and deflate are supported)",
                entry.name, entry.method));
        }
        uLong crc = crc32(0L, Z_NULL, 0);
        for (std::uint64_t done = 0; done < entry.size;) {
            const auto chunk = static_cast<uInt>(std::min<std::uint64_t>(entry.size - done, 1u << 30));
            crc = crc32(crc, destination + done, chunk);
            done += chunk;
        }
        if (static_cast<std::uint32_t>(crc) != entry.crc) {
            fail(fmt::format("entry '{}' fails its CRC check (recorded {:08x}, computed {:08x}): the file is corrupt",
                entry.name, entry.crc, static_cast<std::uint32_t>(crc)));
        }
    }

    std::vector<unsigned char> read(const ZipEntry& entry)
    {
        if (entry.size > fileSize_ * 1032 + 1024) {  // deflate expands at most ~1032:1
            fail(fmt::format(
                "entry '{}' claims {} bytes, impossible for a {} byte file", entry.name, entry.size, fileSize_));
        }
        std::vector<unsigned char> bytes(entry.size);
        read(entry, bytes.data());
        return bytes;
    }

    std::uint64_t fileSize() const { return fileSize_; }

private:
    void readAt(std::uint64_t offset, unsigned char* destination, std::uint64_t count, const std::string& what)
    {
        if (offset > fileSize_ || count > fileSize_ - offset) {
            fail(fmt::format("{} is truncated: needs bytes up to {}, the file has {}",
                what.empty() ? "the zip" : "entry '" + what + "'", offset + count, fileSize_));
        }
        try {
            in_.readAt(offset, destination, count);
        } catch (const storage::StorageError& error) {
            throw ModelLoadError(error.what());
        }
    }

    void inflateEntry(const ZipEntry& entry, std::uint64_t dataStart, unsigned char* destination)
    {
        z_stream stream{};
        if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) fail("zlib could not be initialised");
        std::vector<unsigned char> input(std::min<std::uint64_t>(entry.compressedSize, 1u << 20) + 1);
        std::uint64_t consumed = 0;
        std::uint64_t produced = 0;
        int status = Z_OK;
        try {
            while (status != Z_STREAM_END) {
                if (stream.avail_in == 0 && consumed < entry.compressedSize) {
                    const auto chunk = std::min<std::uint64_t>(entry.compressedSize - consumed, input.size());
                    readAt(dataStart + consumed, input.data(), chunk, entry.name);
                    consumed += chunk;
                    stream.next_in = input.data();
                    stream.avail_in = static_cast<uInt>(chunk);
                }
                const auto room = std::min<std::uint64_t>(entry.size - produced, 1u << 30);
                stream.next_out = destination + produced;
                stream.avail_out = static_cast<uInt>(room);
                status = inflate(&stream, Z_NO_FLUSH);
                produced += room - stream.avail_out;
                if (status == Z_STREAM_END) break;
                if (status == Z_BUF_ERROR && produced == entry.size) {
                    fail(fmt::format(
                        "deflated entry '{}' holds more than its recorded {} bytes", entry.name, entry.size));
                }
                if (status == Z_BUF_ERROR && stream.avail_in == 0 && consumed == entry.compressedSize) {
                    fail(fmt::format("deflated entry '{}' is truncated", entry.name));
                }
                if (status != Z_OK && status != Z_BUF_ERROR) {
                    fail(fmt::format(
                        "deflated entry '{}' is corrupt ({})", entry.name, stream.msg ? stream.msg : "zlib error"));
                }
            }
        } catch (...) {
            inflateEnd(&stream);
            throw;
        }
        inflateEnd(&stream);
        if (produced != entry.size) {
            fail(fmt::format(
                "deflated entry '{}' holds {} bytes, its header says {}", entry.name, produced, entry.size));
        }
    }

    void readCentralDirectory()
    {
        unsigned char head[4] = {};
        if (fileSize_ >= 4) readAt(0, head, 4, {});
        if (fileSize_ >= 2 && head[0] == 0x80 && head[1] <= 5) {
            fail(
                "is in the legacy (pre-1.6) torch.save format, which is not supported: re-save it with torch.save in a "
                "current PyTorch");
        }
        if (fileSize_ >= 512) {
            unsigned char tar[6];
            readAt(257, tar, 6, {});
            if (std::memcmp(tar, "ustar", 5) == 0) {
                fail("is in the legacy tar torch.save format, which is not supported: re-save it with torch.save in a "
                     "current PyTorch");
            }
        }
        const bool startsLikeZip = fileSize_ >= 4 && readU32(head) == kLocalHeaderSignature;

        // The end-of-central-directory record: 22 bytes plus a comment of up to 65535 bytes at the end of the file.
        const std::uint64_t tailSize = std::min<std::uint64_t>(fileSize_, 22 + 65535);
        std::vector<unsigned char> tail(tailSize);
        readAt(fileSize_ - tailSize, tail.data(), tailSize, {});
        std::optional<std::uint64_t> eocd;
        for (std::uint64_t i = tailSize >= 22 ? tailSize - 22 + 1 : 0; i-- > 0;) {
            if (readU32(tail.data() + i) == kEndOfCentralDirectorySignature) {
                eocd = i;
                break;
            }
        }
        if (!eocd) {
            if (startsLikeZip) fail("is truncated: the zip's central directory (at its end) is missing");
            fail("is not a PyTorch zip checkpoint (no zip signature)");
        }
        const unsigned char* record = tail.data() + *eocd;
        const std::uint64_t eocdOffset = fileSize_ - tailSize + *eocd;
        std::uint64_t entryCount = readU16(record + 10);
        std::uint64_t directorySize = readU32(record + 12);
        std::uint64_t directoryOffset = readU32(record + 16);
        if (eocdOffset >= 20) {
            unsigned char locator[20];
            readAt(eocdOffset - 20, locator, 20, {});
            if (readU32(locator) == kZip64EndLocatorSignature) {
                unsigned char zip64[56];
                readAt(readU64(locator + 8), zip64, 56, {});
                if (readU32(zip64) != kZip64EndSignature) fail("has a broken zip64 end-of-central-directory record");
                entryCount = readU64(zip64 + 32);
                directorySize = readU64(zip64 + 40);
                directoryOffset = readU64(zip64 + 48);
            }
        }
        if (directoryOffset > fileSize_ || directorySize > fileSize_ - directoryOffset) {
            fail(fmt::format(
                "is truncated or corrupt: its central directory (bytes {}..{}) lies outside the {} byte file",
                directoryOffset, directoryOffset + directorySize, fileSize_));
        }
        std::vector<unsigned char> directory(directorySize);
        readAt(directoryOffset, directory.data(), directorySize, {});
        std::uint64_t at = 0;
        for (std::uint64_t index = 0; index < entryCount; ++index) {
            if (directorySize - at < 46 || readU32(directory.data() + at) != kCentralHeaderSignature) {
                fail(fmt::format("has a corrupt central directory at entry {}", index));
            }
            const unsigned char* header = directory.data() + at;
            ZipEntry entry;
            entry.flags = readU16(header + 8);
            entry.method = readU16(header + 10);
            entry.crc = readU32(header + 16);
            entry.compressedSize = readU32(header + 20);
            entry.size = readU32(header + 24);
            const std::uint16_t nameLength = readU16(header + 28);
            const std::uint16_t extraLength = readU16(header + 30);
            const std::uint16_t commentLength = readU16(header + 32);
            entry.localHeaderOffset = readU32(header + 42);
            if (directorySize - at < 46u + nameLength + extraLength + commentLength) {
                fail(fmt::format("has a corrupt central directory at entry {}", index));
            }
            entry.name.assign(reinterpret_cast<const char*>(header + 46), nameLength);
            // Zip64: the 32-bit fields that overflowed are 0xFFFFFFFF and their values follow in this order.
            for (std::uint32_t e = 0; e + 4 <= extraLength;) {
                const unsigned char* extra = header + 46 + nameLength + e;
                const std::uint16_t id = readU16(extra);
                const std::uint16_t size = readU16(extra + 2);
                if (e + 4u + size > extraLength) break;
                if (id == kZip64ExtraId) {
                    std::uint32_t field = 4;
                    auto next = [&](std::uint64_t& value) {
                        if (value != 0xFFFFFFFFu) return;
                        if (field + 8 > 4u + size) fail(fmt::format("entry '{}' has a short zip64 field", entry.name));
                        value = readU64(extra + field);
                        field += 8;
                    };
                    next(entry.size);
                    next(entry.compressedSize);
                    next(entry.localHeaderOffset);
                }
                e += 4u + size;
            }
            at += 46u + nameLength + extraLength + commentLength;
            byName_.emplace(entry.name, entries_.size());
            entries_.push_back(std::move(entry));
        }
    }

    std::filesystem::path file_;
    util::ReadOnlyFile in_;
    std::uint64_t fileSize_ = 0;
    std::vector<ZipEntry> entries_;
    std::map<std::string, std::size_t> byName_;
};

// ---- Pickle ------------------------------------------------------------------------------------------------------

struct PickleValue;
using Value = std::shared_ptr<PickleValue>;

enum class Kind { None, Bool, Int, Float, Text, Bytes, Tuple, List, Dict, Global, Storage, Tensor };

struct PickleValue {
    Kind kind = Kind::None;
    std::int64_t integer = 0;  // Bool, Int; Tensor: storage offset
    double real = 0;
    std::string text;  // Text, Bytes, Global ("module.name"), Storage (its key)
    std::vector<Value> items;  // Tuple, List
    std::vector<std::pair<Value, Value>> entries;  // Dict, in insertion order
    at::Tensor data;  // Storage: the flat storage
    Value storage;  // Tensor
    std::vector<std::int64_t> sizes, strides;  // Tensor

    PickleValue() = default;
    PickleValue(const PickleValue&) = delete;
    PickleValue& operator=(const PickleValue&) = delete;
    // Releases the children with a worklist instead of recursion: a few bytes of pickle (TUPLE1 repeated) nest
    // containers a million deep, which recursive destructors would overflow the stack on.
    ~PickleValue();

private:
    void moveChildrenTo(std::vector<Value>& pending)
    {
        for (Value& item : items) pending.push_back(std::move(item));
        for (auto& [key, value] : entries) {
            pending.push_back(std::move(key));
            pending.push_back(std::move(value));
        }
        if (storage) pending.push_back(std::move(storage));
        items.clear();
        entries.clear();
    }
};

PickleValue::~PickleValue()
{
    std::vector<Value> pending;
    moveChildrenTo(pending);
    while (!pending.empty()) {
        Value value = std::move(pending.back());
        pending.pop_back();
        // The last owner empties the value before it is destroyed, so its destructor finds no children.
        if (value && value.use_count() == 1) value->moveChildrenTo(pending);
    }
}

Value makeValue(Kind kind)
{
    auto value = std::make_shared<PickleValue>();
    value->kind = kind;
    return value;
}

Value makeInt(std::int64_t number)
{
    Value value = makeValue(Kind::Int);
    value->integer = number;
    return value;
}

Value makeText(std::string text, Kind kind = Kind::Text)
{
    Value value = makeValue(kind);
    value->text = std::move(text);
    return value;
}

const char* kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return "None";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return "int";
    case Kind::Float:
        return "float";
    case Kind::Text:
        return "str";
    case Kind::Bytes:
        return "bytes";
    case Kind::Tuple:
        return "tuple";
    case Kind::List:
        return "list";
    case Kind::Dict:
        return "dict";
    case Kind::Global:
        return "global";
    case Kind::Storage:
        return "storage";
    case Kind::Tensor:
        return "tensor";
    }
    return "?";
}

const char* opcodeName(unsigned char op)
{
    switch (op) {
    case '(':
        return "MARK";
    case '.':
        return "STOP";
    case '0':
        return "POP";
    case '1':
        return "POP_MARK";
    case '2':
        return "DUP";
    case 'F':
        return "FLOAT";
    case 'I':
        return "INT";
    case 'J':
        return "BININT";
    case 'K':
        return "BININT1";
    case 'L':
        return "LONG";
    case 'M':
        return "BININT2";
    case 'N':
        return "NONE";
    case 'P':
        return "PERSID";
    case 'Q':
        return "BINPERSID";
    case 'R':
        return "REDUCE";
    case 'S':
        return "STRING";
    case 'T':
        return "BINSTRING";
    case 'U':
        return "SHORT_BINSTRING";
    case 'V':
        return "UNICODE";
    case 'X':
        return "BINUNICODE";
    case 'a':
        return "APPEND";
    case 'b':
        return "BUILD";
    case 'c':
        return "GLOBAL";
    case 'd':
        return "DICT";
    case '}':
        return "EMPTY_DICT";
    case 'e':
        return "APPENDS";
    case 'g':
        return "GET";
    case 'h':
        return "BINGET";
    case 'i':
        return "INST";
    case 'j':
        return "LONG_BINGET";
    case 'l':
        return "LIST";
    case ']':
        return "EMPTY_LIST";
    case 'o':
        return "OBJ";
    case 'p':
        return "PUT";
    case 'q':
        return "BINPUT";
    case 'r':
        return "LONG_BINPUT";
    case 's':
        return "SETITEM";
    case 't':
        return "TUPLE";
    case ')':
        return "EMPTY_TUPLE";
    case 'u':
        return "SETITEMS";
    case 'G':
        return "BINFLOAT";
    case 0x80:
        return "PROTO";
    case 0x81:
        return "NEWOBJ";
    case 0x82:
        return "EXT1";
    case 0x83:
        return "EXT2";
    case 0x84:
        return "EXT4";
    case 0x85:
        return "TUPLE1";
    case 0x86:
        return "TUPLE2";
    case 0x87:
        return "TUPLE3";
    case 0x88:
        return "NEWTRUE";
    case 0x89:
        return "NEWFALSE";
    case 0x8a:
        return "LONG1";
    case 0x8b:
        return "LONG4";
    case 'B':
        return "BINBYTES";
    case 'C':
        return "SHORT_BINBYTES";
    case 0x8c:
        return "SHORT_BINUNICODE";
    case 0x8d:
        return "BINUNICODE8";
    case 0x8e:
        return "BINBYTES8";
    case 0x8f:
        return "EMPTY_SET";
    case 0x90:
        return "ADDITEMS";
    case 0x91:
        return "FROZENSET";
    case 0x92:
        return "NEWOBJ_EX";
    case 0x93:
        return "STACK_GLOBAL";
    case 0x94:
        return "MEMOIZE";
    case 0x95:
        return "FRAME";
    case 0x96:
        return "BYTEARRAY8";
    case 0x97:
        return "NEXT_BUFFER";
    case 0x98:
        return "READONLY_BUFFER";
    default:
        return "unknown";
    }
}

std::optional<at::ScalarType> storageDtype(const std::string& global)
{
    static const std::map<std::string, at::ScalarType> types{{"torch.FloatStorage", at::kFloat},
        {"torch.HalfStorage", at::kHalf}, {"torch.BFloat16Storage", at::kBFloat16},
        {"torch.DoubleStorage", at::kDouble}, {"torch.LongStorage", at::kLong}, {"torch.IntStorage", at::kInt},
        {"torch.ShortStorage", at::kShort}, {"torch.CharStorage", at::kChar}, {"torch.ByteStorage", at::kByte},
        {"torch.BoolStorage", at::kBool}};
    const auto it = types.find(global);
    if (it == types.end()) return std::nullopt;
    return it->second;
}

constexpr const char* kRebuildTensor = "torch._utils._rebuild_tensor_v2";
constexpr const char* kRebuildParameter = "torch._utils._rebuild_parameter";
constexpr const char* kRebuildParameterWithState = "torch._utils._rebuild_parameter_with_state";
constexpr const char* kOrderedDict = "collections.OrderedDict";
constexpr const char* kDevice = "torch.device";
constexpr const char* kSize = "torch.Size";

bool isAllowedGlobal(const std::string& name)
{
    return name == kRebuildTensor || name == kRebuildParameter || name == kRebuildParameterWithState
        || name == kOrderedDict || name == kDevice || name == kSize || storageDtype(name).has_value();
}

// Runs data.pkl. Storages are read from the archive when the pickle first names them.
class StateDictUnpickler {
public:
    StateDictUnpickler(ZipArchive& zip, std::string archive, std::vector<unsigned char> bytes)
        : zip_(zip)
        , archive_(std::move(archive))
        , bytes_(std::move(bytes))
    {
    }

    Value run()
    {
        while (true) {
            const std::size_t opcodeAt = pos_;
            const unsigned char op = byte();
            opcode_ = op;
            opcodeAt_ = opcodeAt;
            switch (op) {
            case 0x80: {
                const int protocol = byte();
                if (protocol < 2 || protocol > 5)
                    fail(fmt::format("uses pickle protocol {} (2 to 5 are supported)", protocol));
                break;
            }
            case 0x95:
                take(8);
                break;  // FRAME: a length hint only
            case '.': {
                Value result = pop();
                return result;
            }
            case '(':
                marks_.push_back(stack_.size());
                break;
            case '}':
                push(makeValue(Kind::Dict));
                break;
            case ']':
                push(makeValue(Kind::List));
                break;
            case ')':
                push(makeValue(Kind::Tuple));
                break;
            case 'N':
                push(makeValue(Kind::None));
                break;
            case 0x88:
            case 0x89: {
                Value value = makeValue(Kind::Bool);
                value->integer = op == 0x88;
                push(value);
                break;
            }
            case 'J': {
                const unsigned char* p = take(4);
                push(makeInt(static_cast<std::int32_t>(readU32(p))));
                break;
            }
            case 'K':
                push(makeInt(byte()));
                break;
            case 'M':
                push(makeInt(readU16(take(2))));
                break;
            case 0x8a:
                push(makeInt(longInteger(byte())));
                break;
            case 0x8b:
                push(makeInt(longInteger(readU32(take(4)))));
                break;
            case 'G': {
                const unsigned char* p = take(8);
                std::uint64_t bits = 0;
                for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];  // big-endian
                Value value = makeValue(Kind::Float);
                std::memcpy(&value->real, &bits, sizeof bits);
                push(value);
                break;
            }
            case 'X':
                push(makeText(text(readU32(take(4)))));
                break;
            case 0x8c:
                push(makeText(text(byte())));
                break;
            case 0x8d:
                push(makeText(text(readU64(take(8)))));
                break;
            case 'T': {
                const auto length = static_cast<std::int32_t>(readU32(take(4)));
                if (length < 0) fail("has a negative BINSTRING length");
                push(makeText(text(static_cast<std::uint64_t>(length))));
                break;
            }
            case 'U':
                push(makeText(text(byte())));
                break;
            case 'B':
                push(makeText(text(readU32(take(4))), Kind::Bytes));
                break;
            case 'C':
                push(makeText(text(byte()), Kind::Bytes));
                break;
            case 0x8e:
                push(makeText(text(readU64(take(8))), Kind::Bytes));
                break;
            case 'c': {
                std::string module = line();
                std::string name = line();
                pushGlobal(module + "." + name);
                break;
            }
            case 0x93: {
                Value name = pop();
                Value module = pop();
                if (module->kind != Kind::Text || name->kind != Kind::Text)
                    fail("has a STACK_GLOBAL without two strings");
                pushGlobal(module->text + "." + name->text);
                break;
            }
            case 'R': {
                Value arguments = pop();
                Value callable = pop();
                push(reduce(callable, arguments));
                break;
            }
            case 'b': {
                pop();  // OrderedDict's _metadata, a parameter's state: not part of the tensors
                const Value& target = top();
                if (target->kind != Kind::Dict && target->kind != Kind::Tensor) {
                    fail(fmt::format("uses BUILD on a {}, which a state dict never does", kindName(target->kind)));
                }
                break;
            }
            case 's': {
                Value value = pop();
                Value key = pop();
                dictionary(top())->entries.emplace_back(std::move(key), std::move(value));
                break;
            }
            case 'u': {
                std::vector<Value> items = popMark();
                if (items.size() % 2 != 0) fail("has SETITEMS with an odd number of items");
                PickleValue* dict = dictionary(top());
                for (std::size_t i = 0; i < items.size(); i += 2) dict->entries.emplace_back(items[i], items[i + 1]);
                break;
            }
            case 'a': {
                Value value = pop();
                list(top())->items.push_back(std::move(value));
                break;
            }
            case 'e': {
                std::vector<Value> items = popMark();
                PickleValue* target = list(top());
                target->items.insert(target->items.end(), items.begin(), items.end());
                break;
            }
            case 't': {
                Value tuple = makeValue(Kind::Tuple);
                tuple->items = popMark();
                push(tuple);
                break;
            }
            case 0x85:
            case 0x86:
            case 0x87: {
                const std::size_t count = op - 0x84u;
                if (stack_.size() < count + floor()) fail(fmt::format("has {} on a stack too short", opcodeName(op)));
                Value tuple = makeValue(Kind::Tuple);
                tuple->items.assign(stack_.end() - static_cast<std::ptrdiff_t>(count), stack_.end());
                stack_.resize(stack_.size() - count);
                push(tuple);
                break;
            }
            case 'q':
                memo_[byte()] = top();
                break;
            case 'r':
                memo_[readU32(take(4))] = top();
                break;
            case 0x94:
                memo_[memo_.size()] = top();
                break;
            case 'h':
                push(memo(byte()));
                break;
            case 'j':
                push(memo(readU32(take(4))));
                break;
            case 'Q': {
                Value id = pop();
                push(persistentLoad(id));
                break;
            }
            case '0':
                pop();
                break;
            case '1':
                popMark();
                break;
            case '2':
                push(top());
                break;
            default:
                fail(fmt::format("uses the pickle opcode {} (0x{:02x}) at byte {}, which a state dict reader does not "
                                 "support",
                    opcodeName(op), op, opcodeAt));
            }
        }
    }

    [[noreturn]] void fail(const std::string& what) const { zip_.fail(fmt::format("{}/data.pkl {}", archive_, what)); }

private:
    unsigned char byte() { return *take(1); }

    const unsigned char* take(std::uint64_t count)
    {
        if (count > bytes_.size() - pos_) {
            fail(fmt::format("is truncated: opcode {} at byte {} needs {} more bytes, only {} remain",
                opcodeName(opcode_), opcodeAt_, count, bytes_.size() - pos_));
        }
        const unsigned char* p = bytes_.data() + pos_;
        pos_ += count;
        return p;
    }

    std::string text(std::uint64_t length)
    {
        const unsigned char* p = take(length);
        return std::string(reinterpret_cast<const char*>(p), length);
    }

    std::string line()
    {
        const auto begin = bytes_.begin() + static_cast<std::ptrdiff_t>(pos_);
        const auto end = std::find(begin, bytes_.end(), '\n');
        if (end == bytes_.end()) fail(fmt::format("is truncated inside GLOBAL at byte {}", opcodeAt_));
        std::string result(begin, end);
        pos_ += result.size() + 1;
        return result;
    }

    std::int64_t longInteger(std::uint64_t length)
    {
        if (length > 8)
            fail(fmt::format("holds an integer of {} bytes at byte {} (at most 8 are supported)", length, opcodeAt_));
        const unsigned char* p = take(length);
        std::uint64_t bits = 0;
        for (std::uint64_t i = 0; i < length; ++i) bits |= static_cast<std::uint64_t>(p[i]) << (8 * i);
        if (length > 0 && length < 8 && (p[length - 1] & 0x80)) bits |= ~std::uint64_t{0} << (8 * length);  // sign
        std::int64_t value = 0;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    }

    std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }

    void push(Value value)
    {
        // Every push is at least one byte of pickle, but a value costs some 200 bytes: a deflated data.pkl of a few
        // kilobytes could otherwise ask for gigabytes. State dicts push some 20 values per tensor.
        if (++pushes_ > kMaxPushes) {
            fail(fmt::format(
                "pushes more than {} values (at byte {}): too many for a state dict", kMaxPushes, opcodeAt_));
        }
        stack_.push_back(std::move(value));
    }

    Value pop()
    {
        if (stack_.size() <= floor())
            fail(fmt::format("pops an empty stack at byte {} ({})", opcodeAt_, opcodeName(opcode_)));
        Value value = std::move(stack_.back());
        stack_.pop_back();
        return value;
    }

    const Value& top() const
    {
        if (stack_.size() <= floor())
            fail(fmt::format("reads an empty stack at byte {} ({})", opcodeAt_, opcodeName(opcode_)));
        return stack_.back();
    }

    std::vector<Value> popMark()
    {
        if (marks_.empty()) fail(fmt::format("has {} at byte {} without a MARK", opcodeName(opcode_), opcodeAt_));
        const std::size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<Value> items(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
        stack_.resize(mark);
        return items;
    }

    Value memo(std::uint64_t index) const
    {
        const auto it = memo_.find(index);
        if (it == memo_.end())
            fail(fmt::format("reads memo entry {} at byte {}, which was never stored", index, opcodeAt_));
        return it->second;
    }

    PickleValue* dictionary(const Value& value) const
    {
        if (value->kind != Kind::Dict)
            fail(fmt::format("sets items on a {} at byte {}", kindName(value->kind), opcodeAt_));
        return value.get();
    }

    PickleValue* list(const Value& value) const
    {
        if (value->kind != Kind::List)
            fail(fmt::format("appends to a {} at byte {}", kindName(value->kind), opcodeAt_));
        return value.get();
    }

    void pushGlobal(const std::string& name)
    {
        if (!isAllowedGlobal(name)) {
            fail(fmt::format("refers to the global '{}', which is not allowed in a state dict (only tensors, storages "
                             "and OrderedDict are)",
                name));
        }
        push(makeText(name, Kind::Global));
    }

    static std::int64_t integerOf(const Value& value, const char* what, const StateDictUnpickler& self)
    {
        if (value->kind != Kind::Int)
            self.fail(fmt::format("gives a {} as {} (an int is expected)", kindName(value->kind), what));
        return value->integer;
    }

    std::vector<std::int64_t> integers(const Value& value, const char* what) const
    {
        if (value->kind != Kind::Tuple && value->kind != Kind::List) {
            fail(fmt::format("gives a {} as {} (a tuple of ints is expected)", kindName(value->kind), what));
        }
        std::vector<std::int64_t> result;
        for (const Value& item : value->items) result.push_back(integerOf(item, what, *this));
        return result;
    }

    Value reduce(const Value& callable, const Value& arguments)
    {
        if (callable->kind != Kind::Global)
            fail(fmt::format("calls a {} at byte {}", kindName(callable->kind), opcodeAt_));
        if (arguments->kind != Kind::Tuple) fail(fmt::format("calls '{}' without an argument tuple", callable->text));
        const std::vector<Value>& args = arguments->items;
        const std::string& name = callable->text;
        if (name == kRebuildTensor) {
            if (args.size() < 4) fail(fmt::format("calls {} with {} arguments", name, args.size()));
            if (args[0]->kind != Kind::Storage)
                fail(fmt::format("calls {} on a {}, not a storage", name, kindName(args[0]->kind)));
            Value tensor = makeValue(Kind::Tensor);
            tensor->storage = args[0];
            tensor->integer = integerOf(args[1], "a storage offset", *this);
            tensor->sizes = integers(args[2], "a tensor size");
            tensor->strides = integers(args[3], "a tensor stride");
            return tensor;
        }
        if (name == kRebuildParameter || name == kRebuildParameterWithState) {
            if (args.empty() || args[0]->kind != Kind::Tensor) fail(fmt::format("calls {} without a tensor", name));
            return args[0];
        }
        if (name == kOrderedDict) {
            Value dict = makeValue(Kind::Dict);
            if (!args.empty()) {
                if (args[0]->kind != Kind::List)
                    fail("builds an OrderedDict from something other than a list of pairs");
                for (const Value& pair : args[0]->items) {
                    if (pair->kind != Kind::Tuple || pair->items.size() != 2)
                        fail("builds an OrderedDict from a non-pair");
                    dict->entries.emplace_back(pair->items[0], pair->items[1]);
                }
            }
            return dict;
        }
        if (name == kDevice) {
            std::string device;
            for (const Value& arg : args) {
                if (!device.empty()) device += ":";
                device += arg->kind == Kind::Int ? std::to_string(arg->integer) : arg->text;
            }
            return makeText(device);
        }
        if (name == kSize) {
            Value tuple = makeValue(Kind::Tuple);
            if (!args.empty()) tuple->items = args[0]->items;
            return tuple;
        }
        fail(fmt::format("calls '{}', which a state dict reader does not support", name));
    }

    // ('storage', torch.<Type>Storage, key, location, numel) -> the storage, read once per key.
    Value persistentLoad(const Value& id)
    {
        if (id->kind != Kind::Tuple || id->items.size() != 5 || id->items[0]->kind != Kind::Text
            || id->items[0]->text != "storage") {
            fail(fmt::format(
                "has a persistent id at byte {} that is not ('storage', type, key, location, numel)", opcodeAt_));
        }
        const Value& type = id->items[1];
        const Value& key = id->items[2];
        if (type->kind != Kind::Global || key->kind != Kind::Text) {
            fail(fmt::format("has a malformed storage reference at byte {}", opcodeAt_));
        }
        const std::optional<at::ScalarType> dtype = storageDtype(type->text);
        if (!dtype) fail(fmt::format("uses the storage type '{}', which is not supported", type->text));
        const std::int64_t numel = integerOf(id->items[4], "a storage size", *this);
        if (numel < 0) fail(fmt::format("gives storage '{}' a negative size", key->text));

        const auto cached = storages_.find(key->text);
        if (cached != storages_.end()) {
            const Value& storage = cached->second;
            if (storage->data.scalar_type() != *dtype || storage->data.numel() != numel) {
                fail(fmt::format("names storage '{}' twice with different types or sizes", key->text));
            }
            return storage;
        }
        const std::string entryName = archive_ + "/data/" + key->text;
        const ZipEntry* entry = zip_.find(entryName);
        if (!entry) zip_.fail(fmt::format("has no entry '{}' for a storage that data.pkl uses", entryName));
        const auto elementSize = static_cast<std::uint64_t>(c10::elementSize(*dtype));
        const std::uint64_t expected = static_cast<std::uint64_t>(numel) * elementSize;
        if (static_cast<std::uint64_t>(numel) > std::numeric_limits<std::uint64_t>::max() / elementSize
            || entry->size != expected) {
            zip_.fail(fmt::format("storage '{}' holds {} bytes, but data.pkl declares {} elements of {}", entryName,
                entry->size, numel, c10::toString(*dtype)));
        }
        if (entry->size > zip_.fileSize() * 1032 + 1024) {  // deflate expands at most ~1032:1
            zip_.fail(fmt::format(
                "entry '{}' claims {} bytes, impossible for a {} byte file", entryName, entry->size, zip_.fileSize()));
        }
        Value storage = makeText(key->text, Kind::Storage);
        storage->data = at::empty({numel}, at::TensorOptions().dtype(*dtype));
        zip_.read(*entry, static_cast<unsigned char*>(storage->data.data_ptr()));
        storages_.emplace(key->text, storage);
        return storage;
    }

    static constexpr std::uint64_t kMaxPushes = std::uint64_t{1} << 21;

    ZipArchive& zip_;
    std::string archive_;
    std::vector<unsigned char> bytes_;
    std::uint64_t pushes_ = 0;
    std::size_t pos_ = 0;
    unsigned char opcode_ = 0;
    std::size_t opcodeAt_ = 0;
    std::vector<Value> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<std::uint64_t, Value> memo_;
    std::map<std::string, Value> storages_;
};

// ---- State dict --------------------------------------------------------------------------------------------------

class Flattener {
public:
    explicit Flattener(const ZipArchive& zip)
        : zip_(zip)
    {
    }

    void add(const PickleValue& dict, const std::string& prefix)
    {
        // A pickle can put a dict inside itself (through the memo) or share one dict many times over, which would
        // recurse forever or multiply the entries; real state dicts nest a few levels and hold at most some 100,000
        // entries.
        if (!open_.insert(&dict).second) {
            zip_.fail(fmt::format("puts the dict '{}' inside itself", prefix.empty() ? "(top level)" : prefix));
        }
        if (open_.size() > kMaxDepth) {
            zip_.fail(fmt::format("nests dicts more than {} deep (at '{}')", kMaxDepth, prefix));
        }
        for (const auto& [key, value] : dict.entries) {
            if (++visited_ > kMaxEntries) {
                zip_.fail(fmt::format("holds more than {} dict entries (shared dicts counted each time)", kMaxEntries));
            }
            if (key->kind != Kind::Text) continue;  // e.g. an optimizer's integer-keyed state
            const std::string name = prefix.empty() ? key->text : prefix + "." + key->text;
            if (value->kind == Kind::Tensor) {
                if (!seen_.insert(name).second) zip_.fail(fmt::format("holds the tensor name '{}' twice", name));
                tensors_.emplace_back(name, materialize(*value, name));
            } else if (value->kind == Kind::Dict) {
                add(*value, name);
            }
        }
        open_.erase(&dict);
    }

    std::vector<std::pair<std::string, at::Tensor>> take() { return std::move(tensors_); }

private:
    at::Tensor materialize(const PickleValue& tensor, const std::string& name) const
    {
        const PickleValue& storage = *tensor.storage;
        if (tensor.sizes.size() != tensor.strides.size()) {
            zip_.fail(fmt::format(
                "tensor '{}' has {} sizes but {} strides", name, tensor.sizes.size(), tensor.strides.size()));
        }
        const std::int64_t offset = tensor.integer;
        bool empty = false;
        bool overflow = false;
        std::int64_t last = offset;  // the highest element index the tensor touches
        std::int64_t numel = 1;
        for (std::size_t d = 0; d < tensor.sizes.size(); ++d) {
            if (tensor.sizes[d] < 0 || tensor.strides[d] < 0) {
                zip_.fail(fmt::format("tensor '{}' has a negative size or stride", name));
            }
            std::int64_t extent = 0;
            overflow = overflow || __builtin_mul_overflow(tensor.sizes[d], numel, &numel);
            if (tensor.sizes[d] == 0) {
                empty = true;
            } else {
                overflow = overflow || __builtin_mul_overflow(tensor.sizes[d] - 1, tensor.strides[d], &extent)
                    || __builtin_add_overflow(last, extent, &last);
            }
        }
        if (overflow) {
            zip_.fail(fmt::format("tensor '{}' {} (offset {}, stride {}) has more elements or a larger extent than "
                                  "64-bit indices hold",
                name, shapeText(tensor.sizes), offset, shapeText(tensor.strides)));
        }
        const std::int64_t available = storage.data.numel();
        if (offset < 0 || (!empty && last >= available)) {
            zip_.fail(fmt::format("tensor '{}' {} (offset {}, stride {}) needs {} elements, but its storage 'data/{}' "
                                  "holds {}: the storage is too small",
                name, shapeText(tensor.sizes), offset, shapeText(tensor.strides), last + 1, storage.text, available));
        }
        return storage.data.as_strided(tensor.sizes, tensor.strides, offset);
    }

    static constexpr std::size_t kMaxDepth = 64;
    static constexpr std::uint64_t kMaxEntries = std::uint64_t{1} << 20;

    const ZipArchive& zip_;
    std::vector<std::pair<std::string, at::Tensor>> tensors_;
    std::set<std::string> seen_;
    std::set<const PickleValue*> open_;  // the dicts being flattened, outermost first
    std::uint64_t visited_ = 0;
};

std::string findArchiveName(const ZipArchive& zip)
{
    // torch.save names every entry "<archive>/..." with data.pkl at the top of that folder.
    const ZipEntry* best = nullptr;
    for (const ZipEntry& entry : zip.entries()) {
        const std::string& name = entry.name;
        const std::size_t slash = name.find('/');
        if (slash != std::string::npos && name.compare(slash, std::string::npos, "/data.pkl") == 0
            && (!best || name.size() < best->name.size())) {
            best = &entry;
        }
    }
    if (!best) {
        zip.fail(zip.find("constants.pkl") || zip.entries().empty()
                ? "is a zip without '<archive>/data.pkl': not a torch.save checkpoint"
                : fmt::format("is a zip without '<archive>/data.pkl' (first entry '{}'): not a torch.save checkpoint",
                    zip.entries().front().name));
    }
    return best->name.substr(0, best->name.size() - std::string("/data.pkl").size());
}

}  // namespace

std::vector<std::pair<std::string, at::Tensor>> readPthStateDict(const std::filesystem::path& file)
{
    ZipArchive zip(file);
    const std::string archive = findArchiveName(zip);
    if (const ZipEntry* order = zip.find(archive + "/byteorder")) {
        const std::vector<unsigned char> text = zip.read(*order);
        if (std::string(text.begin(), text.end()) != "little") {
            zip.fail("stores its tensors big-endian, which is not supported");
        }
    }
    const ZipEntry* pickleEntry = zip.find(archive + "/data.pkl");
    if (!pickleEntry) zip.fail("has no data.pkl");
    std::vector<unsigned char> pickle = zip.read(*pickleEntry);
    StateDictUnpickler unpickler(zip, archive, std::move(pickle));
    const Value root = unpickler.run();
    if (root->kind != Kind::Dict) {
        unpickler.fail(fmt::format("holds a {}, not a dict of tensors", kindName(root->kind)));
    }

    Flattener flattener(zip);
    const bool hasTensors = std::any_of(root->entries.begin(), root->entries.end(),
        [](const auto& entry) { return entry.second->kind == Kind::Tensor; });
    if (hasTensors) {
        flattener.add(*root, {});
    } else {
        // A training checkpoint: {"state_dict": {...}, "epoch": ...}; the first wrapper found is the weights.
        std::vector<std::string> keys;
        for (const auto& [key, value] : root->entries) {
            if (key->kind == Kind::Text) keys.push_back(key->text);
        }
        const PickleValue* wrapped = nullptr;
        for (const char* wrapper : {"state_dict", "model", "module", "ema"}) {
            for (const auto& [key, value] : root->entries) {
                if (!wrapped && key->kind == Kind::Text && key->text == wrapper && value->kind == Kind::Dict) {
                    wrapped = value.get();
                }
            }
        }
        if (!wrapped) {
            zip.fail(fmt::format("holds no tensors at its top level and none of 'state_dict', 'model', 'module', 'ema' "
                                 "(its keys: {})",
                fmt::join(keys, ", ")));
        }
        flattener.add(*wrapped, {});
    }
    std::vector<std::pair<std::string, at::Tensor>> tensors = flattener.take();
    if (tensors.empty()) zip.fail("holds no tensors");
    return tensors;
}

}  // namespace tastelab::model

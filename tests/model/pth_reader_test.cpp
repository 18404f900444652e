// readPthStateDict: checkpoints assembled byte by byte here (a zip writer and hand-written pickles in the layout
// torch.save uses) for dtypes, strides, offsets, shared storages, deflate, zip64, nesting and every error the reader
// names; and the published TAEF2 files, checked against names, shapes and values read once with PyTorch.
#include "model/io/pth_reader.h"

#include "model/io/diffusers_weights.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mdl = tastelab::model;

namespace {

using Bytes = std::string;

std::filesystem::path scratch(const std::string& name)
{
    const auto dir = std::filesystem::temp_directory_path() / ("tastelab-pth-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

std::filesystem::path writeFile(const std::string& name, const Bytes& bytes)
{
    const auto path = scratch(name);
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

std::string loadError(const std::filesystem::path& file)
{
    try {
        mdl::readPthStateDict(file);
    } catch (const mdl::ModelLoadError& error) {
        return error.what();
    }
    return "(no error)";
}

// ---- Little-endian bytes and the zip container ------------------------------------------------------------------

void put16(Bytes& out, std::uint32_t v)
{
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>((v >> 8) & 0xff);
}
void put32(Bytes& out, std::uint32_t v)
{
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}
void put64(Bytes& out, std::uint64_t v)
{
    put32(out, static_cast<std::uint32_t>(v));
    put32(out, static_cast<std::uint32_t>(v >> 32));
}

// The zip CRC-32 (reflected polynomial 0xEDB88320), written out here rather than taken from zlib.
std::uint32_t crc32Of(const Bytes& data)
{
    std::uint32_t crc = 0xffffffffu;
    for (const char c : data) {
        crc ^= static_cast<unsigned char>(c);
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

struct ZipEntryToWrite {
    std::string name;
    Bytes data;
    bool deflate = false;  // method 8 as "stored" deflate blocks (BTYPE 00): valid deflate, no compressor needed
};

// Deflate without compression: blocks of at most 65535 bytes, each a header byte, LEN and ~LEN, then the bytes.
Bytes storedDeflate(const Bytes& data)
{
    Bytes out;
    std::size_t at = 0;
    do {
        const std::size_t length = std::min<std::size_t>(data.size() - at, 65535);
        const bool last = at + length == data.size();
        out += static_cast<char>(last ? 1 : 0);
        put16(out, static_cast<std::uint32_t>(length));
        put16(out, static_cast<std::uint32_t>(~length & 0xffff));
        out += data.substr(at, length);
        at += length;
    } while (at < data.size());
    return out;
}

// A zip as torch.save writes it (local headers, data, central directory, end record); with zip64 every size and
// offset goes through zip64 extra fields and a zip64 end record, as a writer does for big files.
Bytes zipOf(const std::vector<ZipEntryToWrite>& entries, bool zip64 = false)
{
    Bytes out;
    Bytes directory;
    for (const ZipEntryToWrite& entry : entries) {
        const Bytes payload = entry.deflate ? storedDeflate(entry.data) : entry.data;
        const std::uint32_t crc = crc32Of(entry.data);
        const std::uint64_t offset = out.size();
        Bytes zip64Extra;
        if (zip64) {
            put16(zip64Extra, 0x0001);
            put16(zip64Extra, 24);
            put64(zip64Extra, entry.data.size());
            put64(zip64Extra, payload.size());
            put64(zip64Extra, offset);
        }
        put32(out, 0x04034b50);
        put16(out, zip64 ? 45 : 20);
        put16(out, 0);
        put16(out, entry.deflate ? 8 : 0);
        put32(out, 0);  // time, date
        put32(out, crc);
        put32(out, zip64 ? 0xffffffffu : static_cast<std::uint32_t>(payload.size()));
        put32(out, zip64 ? 0xffffffffu : static_cast<std::uint32_t>(entry.data.size()));
        put16(out, static_cast<std::uint32_t>(entry.name.size()));
        put16(out, 0);
        out += entry.name;
        out += payload;

        put32(directory, 0x02014b50);
        put16(directory, 45);
        put16(directory, zip64 ? 45 : 20);
        put16(directory, 0);
        put16(directory, entry.deflate ? 8 : 0);
        put32(directory, 0);
        put32(directory, crc);
        put32(directory, zip64 ? 0xffffffffu : static_cast<std::uint32_t>(payload.size()));
        put32(directory, zip64 ? 0xffffffffu : static_cast<std::uint32_t>(entry.data.size()));
        put16(directory, static_cast<std::uint32_t>(entry.name.size()));
        put16(directory, static_cast<std::uint32_t>(zip64Extra.size()));
        put16(directory, 0);  // comment
        put16(directory, 0);  // disk
        put16(directory, 0);  // internal attributes
        put32(directory, 0);  // external attributes
        put32(directory, zip64 ? 0xffffffffu : static_cast<std::uint32_t>(offset));
        directory += entry.name;
        directory += zip64Extra;
    }
    const std::uint64_t directoryOffset = out.size();
    out += directory;
    if (zip64) {
        const std::uint64_t zip64End = out.size();
        put32(out, 0x06064b50);
        put64(out, 44);
        put16(out, 45);
        put16(out, 45);
        put32(out, 0);
        put32(out, 0);
        put64(out, entries.size());
        put64(out, entries.size());
        put64(out, directory.size());
        put64(out, directoryOffset);
        put32(out, 0x07064b50);
        put32(out, 0);
        put64(out, zip64End);
        put32(out, 1);
    }
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, zip64 ? 0xffff : static_cast<std::uint32_t>(entries.size()));
    put16(out, zip64 ? 0xffff : static_cast<std::uint32_t>(entries.size()));
    put32(out, zip64 ? 0xffffffffu : static_cast<std::uint32_t>(directory.size()));
    put32(out, zip64 ? 0xffffffffu : static_cast<std::uint32_t>(directoryOffset));
    put16(out, 0);
    return out;
}

// ---- Pickles, opcode by opcode ------------------------------------------------------------------------------------

class Pickle {
public:
    explicit Pickle(int protocol = 2)
    {
        op(0x80);
        bytes_ += static_cast<char>(protocol);
    }
    Pickle& op(unsigned char code)
    {
        bytes_ += static_cast<char>(code);
        return *this;
    }
    Pickle& mark() { return op('('); }
    Pickle& text(const std::string& s)  // BINUNICODE
    {
        op('X');
        put32(bytes_, static_cast<std::uint32_t>(s.size()));
        bytes_ += s;
        return *this;
    }
    Pickle& shortText(const std::string& s)  // SHORT_BINUNICODE
    {
        op(0x8c);
        bytes_ += static_cast<char>(s.size());
        bytes_ += s;
        return *this;
    }
    Pickle& integer(std::int64_t n)  // the smallest opcode, as pickle does
    {
        if (n >= 0 && n < 256) {
            op('K');
            bytes_ += static_cast<char>(n);
        } else if (n >= 0 && n < 65536) {
            op('M');
            put16(bytes_, static_cast<std::uint32_t>(n));
        } else if (n >= INT32_MIN && n <= INT32_MAX) {
            op('J');
            put32(bytes_, static_cast<std::uint32_t>(static_cast<std::int32_t>(n)));
        } else {
            long1(n);
        }
        return *this;
    }
    Pickle& long1(std::int64_t n)  // LONG1 with all 8 bytes
    {
        op(0x8a);
        bytes_ += static_cast<char>(8);
        put64(bytes_, static_cast<std::uint64_t>(n));
        return *this;
    }
    Pickle& global(const std::string& module, const std::string& name)
    {
        op('c');
        bytes_ += module + "\n" + name + "\n";
        return *this;
    }
    Pickle& put(std::uint8_t index)
    {
        op('q');
        bytes_ += static_cast<char>(index);
        return *this;
    }
    Pickle& get(std::uint8_t index)
    {
        op('h');
        bytes_ += static_cast<char>(index);
        return *this;
    }
    Pickle& tuple(const std::vector<std::int64_t>& values)
    {
        if (values.empty()) return op(')');
        mark();
        for (const std::int64_t v : values) integer(v);
        return op('t');
    }
    // _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False, OrderedDict())
    // with the globals memoized at 200 (rebuild) and 201 (OrderedDict) the first time, as torch's pickler does.
    Pickle& tensor(const std::string& storageType, const std::string& key, std::int64_t numel, std::int64_t offset,
        const std::vector<std::int64_t>& sizes, const std::vector<std::int64_t>& strides)
    {
        if (!rebuildMemoized_) {
            global("torch._utils", "_rebuild_tensor_v2").put(200);
            rebuildMemoized_ = true;
        } else {
            get(200);
        }
        mark();
        mark().text("storage").global("torch", storageType).text(key).text("cpu").integer(numel).op('t').op('Q');
        integer(offset).tuple(sizes).tuple(strides).op(0x89);
        orderedDict();
        op('t').op('R');
        return *this;
    }
    Pickle& orderedDict()
    {
        if (!dictMemoized_) {
            global("collections", "OrderedDict").put(201);
            dictMemoized_ = true;
        } else {
            get(201);
        }
        return op(')').op('R');
    }
    Bytes finish()
    {
        op('.');
        return bytes_;
    }

private:
    Bytes bytes_;
    bool rebuildMemoized_ = false;
    bool dictMemoized_ = false;
};

template <typename T>
Bytes rawBytes(const std::vector<T>& values)
{
    Bytes out(values.size() * sizeof(T), '\0');
    std::memcpy(out.data(), values.data(), out.size());
    return out;
}

Bytes halfBits(const std::vector<std::uint16_t>& bits)
{
    Bytes out;
    for (const std::uint16_t b : bits) put16(out, b);
    return out;
}

std::vector<ZipEntryToWrite> checkpoint(
    const Bytes& pickle, std::vector<std::pair<std::string, Bytes>> storages, bool deflateStorages = false)
{
    std::vector<ZipEntryToWrite> entries{{"archive/data.pkl", pickle, false}, {"archive/byteorder", "little", false}};
    for (auto& [key, data] : storages) entries.push_back({"archive/data/" + key, std::move(data), deflateStorages});
    entries.push_back({"archive/version", "3\n", false});
    return entries;
}

// A one-tensor state dict {"w": float32 [count] with the given storage size}: the base of the error cases.
Bytes oneTensorPickle(std::int64_t storageNumel, std::int64_t count)
{
    Pickle p;
    p.orderedDict().mark().text("w").tensor("FloatStorage", "0", storageNumel, 0, {count}, {1}).op('u');
    return p.finish();
}

// ---- Reading ------------------------------------------------------------------------------------------------------

TEST(PthReader, ReadsDtypesStridesOffsetsAndSharedStorages)
{
    Pickle p;
    p.orderedDict().put(1).mark();
    // a.weight: float32 [2, 3] row-major over storage 0; a.transposed: the same storage read as [3, 2] with
    // strides [1, 3] (not contiguous).
    p.text("a.weight").tensor("FloatStorage", "0", 6, 0, {2, 3}, {3, 1});
    p.text("a.transposed").tensor("FloatStorage", "0", 6, 0, {3, 2}, {1, 3});
    // b.half: float16 [3] from element 2 of a 5-element storage.
    p.text("b.half").tensor("HalfStorage", "1", 5, 2, {3}, {1});
    // c.long: int64 [2], wrapped in _rebuild_parameter like an nn.Parameter; its stride pickled as LONG1.
    p.text("c.long");
    p.global("torch._utils", "_rebuild_parameter");
    p.mark().global("torch._utils", "_rebuild_tensor_v2");
    p.mark().mark().text("storage").global("torch", "LongStorage").text("2").text("cpu").integer(2).op('t').op('Q');
    p.integer(0).tuple({2}).mark().long1(1).op('t').op(0x89).orderedDict().op('t').op('R');
    p.op(0x89).orderedDict().op('t').op('R');
    // d.bf16: a bfloat16 scalar; e.flags: bool [2] every second element of a 4-element storage.
    p.text("d.bf16").tensor("BFloat16Storage", "3", 1, 0, {}, {});
    p.text("e.flags").tensor("BoolStorage", "4", 4, 1, {2}, {2});
    p.op('u');
    // The _metadata attribute an nn.Module state dict carries, set through BUILD.
    p.op('}').shortText("_metadata").op('}').op('s').op('b');

    const std::vector<float> floats{0.5f, -1.0f, 2.0f, 3.25f, -4.5f, 8.0f};
    const std::vector<std::int64_t> longs{-3, std::int64_t{1} << 40};
    // float16 bits: 1.0, -2.0, 0.5, 65504 (the largest), 0.333251953125; bfloat16 1.5 = 0x3fc0.
    const auto path = writeFile("dtypes.pth",
        zipOf(checkpoint(p.finish(),
            {{"0", rawBytes(floats)}, {"1", halfBits({0x3c00, 0xc000, 0x3800, 0x7bff, 0x3555})}, {"2", rawBytes(longs)},
                {"3", halfBits({0x3fc0})}, {"4", Bytes{'\0', '\1', '\0', '\1'}}})));

    const auto tensors = mdl::readPthStateDict(path);
    ASSERT_EQ(tensors.size(), 6u);
    EXPECT_EQ(tensors[0].first, "a.weight");
    EXPECT_EQ(tensors[1].first, "a.transposed");
    EXPECT_EQ(tensors[2].first, "b.half");
    EXPECT_EQ(tensors[3].first, "c.long");
    EXPECT_EQ(tensors[4].first, "d.bf16");
    EXPECT_EQ(tensors[5].first, "e.flags");

    const at::Tensor& a = tensors[0].second;
    EXPECT_EQ(a.scalar_type(), at::kFloat);
    EXPECT_EQ(a.sizes().vec(), (std::vector<std::int64_t>{2, 3}));
    for (int i = 0; i < 2; ++i) {
        for (int j = 0; j < 3; ++j) EXPECT_EQ(a[i][j].item<float>(), floats[static_cast<std::size_t>(3 * i + j)]);
    }
    const at::Tensor& t = tensors[1].second;
    EXPECT_EQ(t.strides().vec(), (std::vector<std::int64_t>{1, 3}));
    EXPECT_FALSE(t.is_contiguous());
    EXPECT_TRUE(at::equal(t, a.t()));
    EXPECT_TRUE(t.is_alias_of(a)) << "two tensors of one storage must share it";

    const at::Tensor& h = tensors[2].second;
    EXPECT_EQ(h.scalar_type(), at::kHalf);
    EXPECT_EQ(h.storage_offset(), 2);
    const at::Tensor hf = h.to(at::kFloat);
    EXPECT_EQ(hf[0].item<float>(), 0.5f);
    EXPECT_EQ(hf[1].item<float>(), 65504.0f);
    EXPECT_EQ(hf[2].item<float>(), 0.333251953125f);

    const at::Tensor& l = tensors[3].second;
    EXPECT_EQ(l.scalar_type(), at::kLong);
    EXPECT_EQ(l[0].item<std::int64_t>(), -3);
    EXPECT_EQ(l[1].item<std::int64_t>(), std::int64_t{1} << 40);

    const at::Tensor& bf = tensors[4].second;
    EXPECT_EQ(bf.scalar_type(), at::kBFloat16);
    EXPECT_EQ(bf.dim(), 0);
    EXPECT_EQ(bf.to(at::kFloat).item<float>(), 1.5f);

    const at::Tensor& flags = tensors[5].second;  // storage elements 1 and 3 of {0, 1, 0, 1}
    EXPECT_EQ(flags.scalar_type(), at::kBool);
    EXPECT_EQ(flags.storage_offset(), 1);
    EXPECT_TRUE(flags[0].item<bool>());
    EXPECT_TRUE(flags[1].item<bool>());
}

TEST(PthReader, KeepsFileOrderNotSortedOrder)
{
    Pickle p;
    p.orderedDict().mark();
    for (int i = 0; i < 3; ++i)
        p.text("t" + std::to_string(2 - i)).tensor("FloatStorage", std::to_string(i), 1, 0, {1}, {1});
    p.text("flags").tensor("BoolStorage", "3", 4, 1, {2}, {2});
    p.op('u');
    const auto path = writeFile("order.pth",
        zipOf(checkpoint(p.finish(),
            {{"0", rawBytes(std::vector<float>{0})}, {"1", rawBytes(std::vector<float>{1})},
                {"2", rawBytes(std::vector<float>{2})}, {"3", Bytes{'\0', '\1', '\0', '\0'}}})));
    const auto tensors = mdl::readPthStateDict(path);
    ASSERT_EQ(tensors.size(), 4u);
    EXPECT_EQ(tensors[0].first, "t2");
    EXPECT_EQ(tensors[1].first, "t1");
    EXPECT_EQ(tensors[2].first, "t0");
    EXPECT_EQ(tensors[2].second.item<float>(), 2.0f);
    const at::Tensor& flags = tensors[3].second;
    EXPECT_EQ(flags.scalar_type(), at::kBool);
    EXPECT_TRUE(flags[0].item<bool>());  // storage elements 1 and 3: true, false
    EXPECT_FALSE(flags[1].item<bool>());
}

TEST(PthReader, DeflatedAndZip64EntriesReadTheSame)
{
    // 70000 floats: the deflate stream spans two blocks.
    std::vector<float> values(70000);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i) * 0.25f - 7.0f;
    const Bytes pickle = oneTensorPickle(70000, 70000);
    for (const bool deflate : {false, true}) {
        for (const bool zip64 : {false, true}) {
            const auto path =
                writeFile("big.pth", zipOf(checkpoint(pickle, {{"0", rawBytes(values)}}, deflate), zip64));
            const auto tensors = mdl::readPthStateDict(path);
            ASSERT_EQ(tensors.size(), 1u) << "deflate " << deflate << " zip64 " << zip64;
            const at::Tensor& w = tensors[0].second;
            ASSERT_EQ(w.numel(), 70000);
            EXPECT_EQ(w[0].item<float>(), -7.0f);
            EXPECT_EQ(w[69999].item<float>(), 69999 * 0.25f - 7.0f);
            EXPECT_EQ(w.to(at::kDouble).sum().item<double>(), 70000.0 * 69999 / 2 * 0.25 - 7.0 * 70000);
        }
    }
}

TEST(PthReader, UnwrapsATrainingCheckpointsStateDict)
{
    // Protocol 4 as newer PyTorch can write it: FRAME, SHORT_BINUNICODE, STACK_GLOBAL, MEMOIZE, EMPTY_DICT/SETITEM,
    // and non-tensor values beside the weights.
    Pickle p(4);
    p.op(0x95);
    Bytes frameLength;
    put64(frameLength, 0);
    for (const char c : frameLength) p.op(static_cast<unsigned char>(c));
    p.op('}').op(0x94);
    p.shortText("epoch").integer(12).op('s');
    p.shortText("lr").op('G');
    for (const unsigned char c : {0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a}) p.op(c);  // 0.1 big-endian
    p.op('s');
    p.shortText("state_dict").op('}').op(0x94).mark();
    p.shortText("conv.weight").tensor("FloatStorage", "0", 2, 0, {2}, {1});
    p.shortText("sub").op('}').mark();
    p.shortText("bias").shortText("torch._utils").shortText("_rebuild_tensor_v2").op(0x93);
    p.mark().mark().text("storage").global("torch", "FloatStorage").text("1").text("cpu").integer(1).op('t').op('Q');
    p.integer(0).tuple({1}).tuple({1}).op(0x89).orderedDict().op('t').op('R');
    p.shortText("note").op('N').op('u');
    p.op('u').op('s');
    p.shortText("optimizer").op('}').op('s');
    const auto path = writeFile("nested.pth",
        zipOf(checkpoint(
            p.finish(), {{"0", rawBytes(std::vector<float>{1.5f, 2.5f})}, {"1", rawBytes(std::vector<float>{-1})}})));
    const auto tensors = mdl::readPthStateDict(path);
    ASSERT_EQ(tensors.size(), 2u);
    EXPECT_EQ(tensors[0].first, "conv.weight");
    EXPECT_EQ(tensors[1].first, "sub.bias");
    EXPECT_EQ(tensors[0].second[1].item<float>(), 2.5f);
    EXPECT_EQ(tensors[1].second[0].item<float>(), -1.0f);
}

// ---- Errors -------------------------------------------------------------------------------------------------------

TEST(PthReaderErrors, NotAZipAndTheLegacyFormat)
{
    const auto text = writeFile("notes.pth", "these are not weights, just some text long enough to look at");
    std::string error = loadError(text);
    EXPECT_NE(error.find("notes.pth"), std::string::npos) << error;
    EXPECT_NE(error.find("not a PyTorch zip checkpoint"), std::string::npos) << error;

    // torch.save(..., _use_new_zipfile_serialization=False): a bare pickle starting with the magic number.
    const Bytes legacy{'\x80', '\x02', '\x8a', '\x0a', '\x6c', '\xfc', '\x9c', '\x46', '\xf9', '\x20', '\x6a', '\xa8',
        '\x50', '\x19', '.'};
    error = loadError(writeFile("old.pth", legacy));
    EXPECT_NE(error.find("old.pth"), std::string::npos) << error;
    EXPECT_NE(error.find("legacy"), std::string::npos) << error;
    EXPECT_NE(error.find("re-save it with torch.save"), std::string::npos) << error;

    error = loadError(scratch("absent.pth"));
    EXPECT_NE(error.find("absent.pth"), std::string::npos) << error;
}

TEST(PthReaderErrors, TruncatedFilesAndEntries)
{
    const Bytes whole = zipOf(checkpoint(oneTensorPickle(4, 4), {{"0", rawBytes(std::vector<float>{1, 2, 3, 4})}}));
    ASSERT_NO_THROW(mdl::readPthStateDict(writeFile("whole.pth", whole)));
    // Cut in the middle: the central directory at the end is gone.
    std::string error = loadError(writeFile("cut.pth", whole.substr(0, whole.size() / 2)));
    EXPECT_NE(error.find("cut.pth"), std::string::npos) << error;
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;

    // A pickle that stops inside an opcode (BINUNICODE announces more bytes than follow).
    Bytes pickle = oneTensorPickle(4, 4);
    pickle = pickle.substr(0, 12);
    error = loadError(
        writeFile("short_pickle.pth", zipOf(checkpoint(pickle, {{"0", rawBytes(std::vector<float>{1, 2, 3, 4})}}))));
    EXPECT_NE(error.find("short_pickle.pth"), std::string::npos) << error;
    EXPECT_NE(error.find("data.pkl is truncated"), std::string::npos) << error;
}

TEST(PthReaderErrors, CorruptDataFailsTheCrc)
{
    Bytes zip = zipOf(checkpoint(oneTensorPickle(4, 4), {{"0", rawBytes(std::vector<float>{1, 2, 3, 4})}}));
    const std::size_t data = zip.find("archive/data/0") + std::string("archive/data/0").size();  // local header name
    zip[data + 5] = static_cast<char>(zip[data + 5] ^ 0x40);
    const std::string error = loadError(writeFile("flipped.pth", zip));
    EXPECT_NE(error.find("flipped.pth"), std::string::npos) << error;
    EXPECT_NE(error.find("archive/data/0"), std::string::npos) << error;
    EXPECT_NE(error.find("CRC"), std::string::npos) << error;
}

TEST(PthReaderErrors, UnknownGlobalsAndOpcodesAreNamed)
{
    Pickle evil;
    evil.global("os", "system").text("echo hi").op(0x85).op('R');
    std::string error = loadError(writeFile("evil.pth", zipOf(checkpoint(evil.finish(), {}))));
    EXPECT_NE(error.find("evil.pth"), std::string::npos) << error;
    EXPECT_NE(error.find("'os.system'"), std::string::npos) << error;

    Pickle object;
    object.global("collections", "OrderedDict").op(')').op(0x81);  // NEWOBJ
    error = loadError(writeFile("newobj.pth", zipOf(checkpoint(object.finish(), {}))));
    EXPECT_NE(error.find("NEWOBJ"), std::string::npos) << error;

    Pickle complex;
    complex.orderedDict().mark().text("z").tensor("ComplexFloatStorage", "0", 1, 0, {1}, {1}).op('u');
    error = loadError(writeFile("complex.pth", zipOf(checkpoint(complex.finish(), {{"0", Bytes(8, '\0')}}))));
    EXPECT_NE(error.find("torch.ComplexFloatStorage"), std::string::npos) << error;
}

TEST(PthReaderErrors, StorageTooSmallOrMissing)
{
    // The tensor reads 4 floats from a storage that declares 3 (and holds 3).
    std::string error = loadError(writeFile(
        "small.pth", zipOf(checkpoint(oneTensorPickle(3, 4), {{"0", rawBytes(std::vector<float>{1, 2, 3})}}))));
    EXPECT_NE(error.find("small.pth"), std::string::npos) << error;
    EXPECT_NE(error.find("'w'"), std::string::npos) << error;
    EXPECT_NE(error.find("[4]"), std::string::npos) << error;
    EXPECT_NE(error.find("too small"), std::string::npos) << error;

    // The storage declares 4 floats but its entry holds 3.
    error = loadError(writeFile(
        "short.pth", zipOf(checkpoint(oneTensorPickle(4, 4), {{"0", rawBytes(std::vector<float>{1, 2, 3})}}))));
    EXPECT_NE(error.find("archive/data/0"), std::string::npos) << error;
    EXPECT_NE(error.find("12 bytes"), std::string::npos) << error;

    error = loadError(writeFile("missing.pth", zipOf(checkpoint(oneTensorPickle(4, 4), {}))));
    EXPECT_NE(error.find("archive/data/0"), std::string::npos) << error;
}

// ---- The published TAEF2 files ------------------------------------------------------------------------------------

std::filesystem::path taef2(const char* side)
{
    return std::filesystem::path(TASTELAB_SHARED_DATA) / "taesd" / (std::string("taef2_") + side + ".pth");
}

TEST(PthReaderRealFiles, Taef2DecoderNamesShapesAndValues)
{
    const auto file = taef2("decoder");
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "no " << file << " (the shared TAEF2 weights)";
    const auto start = std::chrono::steady_clock::now();
    const auto tensors = mdl::readPthStateDict(file);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("taef2_decoder.pth: %zu tensors in %.1f ms\n", tensors.size(), ms);

    // Read once with torch.load: 79 fp16 tensors, in this order.
    ASSERT_EQ(tensors.size(), 79u);
    EXPECT_EQ(tensors.front().first, "1.weight");
    EXPECT_EQ(tensors[1].first, "1.bias");
    EXPECT_EQ(tensors[2].first, "3.conv.0.weight");
    EXPECT_EQ(tensors.back().first, "19.bias");
    std::map<std::string, at::Tensor> byName(tensors.begin(), tensors.end());
    for (const auto& [name, tensor] : tensors) EXPECT_EQ(tensor.scalar_type(), at::kHalf) << name;
    EXPECT_EQ(byName.at("1.weight").sizes().vec(), (std::vector<std::int64_t>{64, 32, 3, 3}));
    EXPECT_EQ(byName.at("3.pool.0.weight").sizes().vec(), (std::vector<std::int64_t>{256, 64, 1, 1}));
    EXPECT_EQ(byName.at("3.pool.1.bias").sizes().vec(), (std::vector<std::int64_t>{256}));
    EXPECT_EQ(byName.at("7.weight").sizes().vec(), (std::vector<std::int64_t>{64, 64, 3, 3}));
    EXPECT_EQ(byName.count("7.bias"), 0u);
    EXPECT_EQ(byName.at("19.weight").sizes().vec(), (std::vector<std::int64_t>{3, 64, 3, 3}));

    const at::Tensor bias = byName.at("1.bias").to(at::kFloat);
    EXPECT_EQ(bias[0].item<float>(), 0.298095703125f);
    EXPECT_EQ(bias[1].item<float>(), 0.409912109375f);
    EXPECT_EQ(bias[3].item<float>(), -0.0012836456298828125f);
    const at::Tensor last = byName.at("19.bias").to(at::kFloat);
    EXPECT_EQ(last[0].item<float>(), 0.349365234375f);
    EXPECT_EQ(last[2].item<float>(), 0.3193359375f);
    EXPECT_EQ(byName.at("3.pool.1.weight")[2].item<float>(), 0.97412109375f);
    EXPECT_EQ(byName.at("1.weight")[5][7][1][2].item<float>(), 0.0105133056640625f);
    EXPECT_NEAR(byName.at("1.weight").to(at::kDouble).sum().item<double>(), 8.68201744556427, 1e-9);
}

TEST(PthReaderRealFiles, Taef2EncoderNamesShapesAndValues)
{
    const auto file = taef2("encoder");
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "no " << file << " (the shared TAEF2 weights)";
    const auto tensors = mdl::readPthStateDict(file);
    ASSERT_EQ(tensors.size(), 79u);
    EXPECT_EQ(tensors.front().first, "0.weight");
    EXPECT_EQ(tensors.back().first, "14.bias");
    std::map<std::string, at::Tensor> byName(tensors.begin(), tensors.end());
    EXPECT_EQ(byName.at("0.weight").sizes().vec(), (std::vector<std::int64_t>{64, 3, 3, 3}));
    EXPECT_EQ(byName.at("2.weight").sizes().vec(), (std::vector<std::int64_t>{64, 64, 3, 3}));
    EXPECT_EQ(byName.at("13.pool.3.weight").sizes().vec(), (std::vector<std::int64_t>{64, 256, 1, 1}));
    EXPECT_EQ(byName.at("14.weight").sizes().vec(), (std::vector<std::int64_t>{32, 64, 3, 3}));
    EXPECT_EQ(byName.at("14.bias")[0].item<float>(), 0.0792236328125f);
    EXPECT_EQ(byName.at("14.bias")[3].item<float>(), 0.0290069580078125f);
    EXPECT_NEAR(byName.at("0.weight").to(at::kDouble).sum().item<double>(), -0.07204568386077881, 1e-9);
}

}  // namespace

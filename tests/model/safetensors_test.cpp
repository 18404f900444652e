// Safetensors reading and writing: round trips, hand-written files with known bytes, sharded indexes,
// and the refusal of each kind of malformed file with a message that names the problem and the file.
#include "model/io/safetensors.h"

#include "tests/support/test_support.h"

#include <ATen/ATen.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace tastelab::model {
namespace {

using tastelab::testing::readBytes;
using tastelab::testing::TempDir;
using tastelab::testing::writeBytes;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// 8-byte little-endian length (the header's own length unless `declared` is given), header, data.
std::vector<std::uint8_t> fileBytes(
    const std::string& header, const std::vector<std::uint8_t>& data, std::uint64_t declared = UINT64_MAX)
{
    std::uint64_t length = declared == UINT64_MAX ? header.size() : declared;
    std::vector<std::uint8_t> bytes;
    for (int i = 0; i < 8; ++i) {
        bytes.push_back(static_cast<std::uint8_t>(length & 0xFF));
        length >>= 8;
    }
    bytes.insert(bytes.end(), header.begin(), header.end());
    bytes.insert(bytes.end(), data.begin(), data.end());
    return bytes;
}

std::string openError(const std::filesystem::path& file)
{
    try {
        SafetensorsFile::open(file);
    } catch (const SafetensorsError& error) {
        return error.what();
    }
    ADD_FAILURE() << "no SafetensorsError for " << file;
    return {};
}

// Writes `header` + `data` and returns the refusal message.
std::string refusal(const TempDir& dir, const std::string& header, const std::vector<std::uint8_t>& data,
    std::uint64_t declared = UINT64_MAX)
{
    const auto file = dir / "bad.safetensors";
    writeBytes(file, fileBytes(header, data, declared));
    return openError(file);
}

TEST(SafetensorsTest, RoundTripsEveryWritableDtypeExactly)
{
    const TempDir dir;
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<std::pair<std::string, at::Tensor>> tensors{
        {"f64", at::tensor(std::vector<double>{1.5, -2.25, 1e300, -0.0, inf})},
        {"f32", (at::arange(12, at::kFloat).reshape({3, 4}) / 3.0f - 1.0f)},
        {"f16", at::tensor(std::vector<float>{1.0f, -2.0f, 0.5f, 65504.0f, 6.103515625e-05f}).to(at::kHalf)},
        {"bf16", at::tensor(std::vector<float>{1.0f, -3.0f, 0.15625f, 1e30f}).to(at::kBFloat16).reshape({2, 2})},
        {"i64", at::tensor(std::vector<std::int64_t>{INT64_MIN, -1, 0, INT64_MAX})},
        {"i32", at::tensor(std::vector<std::int32_t>{INT32_MIN, 7, INT32_MAX}).reshape({3, 1})},
        {"i16", at::tensor(std::vector<std::int16_t>{-32768, 32767})},
        {"i8", at::tensor(std::vector<std::int8_t>{-128, 127, 0})},
        {"u8", at::tensor(std::vector<std::uint8_t>{0, 255, 128})},
        {"bool", at::tensor(std::vector<std::uint8_t>{1, 0, 1, 1}).to(at::kBool).reshape({2, 2})},
        {"scalar", at::scalar_tensor(42.0, at::kFloat)},
        {"empty", at::zeros({0, 4}, at::kFloat)},
        {"transposed", at::arange(6, at::kInt).reshape({2, 3}).t()},
    };
    const auto file = dir / "all.safetensors";
    writeSafetensors(file, tensors);

    const auto st = SafetensorsFile::open(file);
    ASSERT_EQ(st.tensors().size(), tensors.size());
    std::uint64_t dataBytes = 0;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const auto& [name, expected] = tensors[i];
        SCOPED_TRACE(name);
        EXPECT_EQ(st.tensors()[i].name, name);  // header order is the order written
        const at::Tensor loaded = st.load(name);
        EXPECT_EQ(loaded.scalar_type(), expected.scalar_type());
        EXPECT_EQ(loaded.sizes(), expected.sizes());
        EXPECT_TRUE(loaded.device().is_cpu());
        EXPECT_TRUE(at::equal(loaded, expected));
        dataBytes += st.tensors()[i].byteSize();
    }
    EXPECT_EQ(st.find("f64")->dtype, SafetensorsDtype::F64);
    EXPECT_EQ(st.find("f16")->dtype, SafetensorsDtype::F16);
    EXPECT_EQ(st.find("bf16")->dtype, SafetensorsDtype::BF16);
    EXPECT_EQ(st.find("i16")->dtype, SafetensorsDtype::I16);
    EXPECT_EQ(st.find("bool")->dtype, SafetensorsDtype::BOOL);
    EXPECT_THAT(st.find("transposed")->shape, ElementsAre(3, 2));
    EXPECT_TRUE(st.find("scalar")->shape.empty());

    // The layout, decoded by hand: header length a multiple of 8, padded with spaces, then the data.
    const auto bytes = readBytes(file);
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | bytes[static_cast<std::size_t>(i)];
    EXPECT_EQ(headerLength % 8, 0u);
    EXPECT_EQ(bytes.size(), 8 + headerLength + dataBytes);
    EXPECT_EQ(bytes[8], '{');
    const std::string header(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(headerLength));
    EXPECT_EQ(header.find_first_not_of(' ', header.rfind('}') + 1), std::string::npos);
}

TEST(SafetensorsTest, ReadsAHandWrittenFile)
{
    const TempDir dir;
    const std::string header = R"({"__metadata__":{"format":"pt"},)"
                               R"("w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                               R"("i":{"dtype":"I16","shape":[2,1],"data_offsets":[8,12]},)"
                               R"("h":{"dtype":"F16","shape":[2],"data_offsets":[12,16]},)"
                               R"("b":{"dtype":"BF16","shape":[1],"data_offsets":[16,18]},)"
                               R"("z":{"dtype":"BOOL","shape":[3],"data_offsets":[18,21]}}   )";
    const std::vector<std::uint8_t> data{
        0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0,  // 1.0f, -2.5f
        0x02, 0x01, 0xFF, 0xFF,  // 258, -1
        0x00, 0x3C, 0x00, 0xC0,  // half 1.0, -2.0
        0x80, 0x3F,  // bfloat16 1.0
        0x01, 0x00, 0x01,  // true, false, true
    };
    const auto file = dir / "hand.safetensors";
    writeBytes(file, fileBytes(header, data));

    const auto st = SafetensorsFile::open(file);
    ASSERT_EQ(st.tensors().size(), 5u);
    EXPECT_EQ(st.tensors()[0].name, "w");
    EXPECT_EQ(st.tensors()[1].name, "i");
    EXPECT_EQ(st.tensors()[4].name, "z");
    EXPECT_EQ(st.find("i")->begin, 8u);
    EXPECT_EQ(st.find("i")->end, 12u);
    EXPECT_EQ(st.metadata().at("format"), "pt");

    const at::Tensor w = st.load("w");
    ASSERT_EQ(w.scalar_type(), at::kFloat);
    EXPECT_EQ(w[0].item<float>(), 1.0f);
    EXPECT_EQ(w[1].item<float>(), -2.5f);
    const at::Tensor i = st.load("i");
    ASSERT_EQ(i.scalar_type(), at::kShort);
    EXPECT_THAT(i.sizes().vec(), ElementsAre(2, 1));
    EXPECT_EQ(i[0][0].item<std::int16_t>(), 258);
    EXPECT_EQ(i[1][0].item<std::int16_t>(), -1);
    const at::Tensor h = st.load("h", at::kFloat);
    EXPECT_EQ(h[0].item<float>(), 1.0f);
    EXPECT_EQ(h[1].item<float>(), -2.0f);
    EXPECT_EQ(st.load("b").scalar_type(), at::kBFloat16);
    EXPECT_EQ(st.load("b", at::kFloat).item<float>(), 1.0f);
    const at::Tensor z = st.load("z");
    ASSERT_EQ(z.scalar_type(), at::kBool);
    EXPECT_TRUE(z[0].item<bool>());
    EXPECT_FALSE(z[1].item<bool>());
    EXPECT_TRUE(z[2].item<bool>());
    EXPECT_EQ(st.load("i", at::kDouble)[0][0].item<double>(), 258.0);
}

TEST(SafetensorsTest, DecodesEightBitFloats)
{
    const TempDir dir;
    const std::string header = R"({"e4":{"dtype":"F8_E4M3","shape":[6],"data_offsets":[0,6]},)"
                               R"("e5":{"dtype":"F8_E5M2","shape":[5],"data_offsets":[6,11]}})";
    const std::vector<std::uint8_t> data{0x38, 0xB8, 0x40, 0x7E, 0x01, 0x7F, 0x3C, 0x7B, 0x7C, 0xFC, 0x01};
    const auto file = dir / "f8.safetensors";
    writeBytes(file, fileBytes(header, data));
    const auto st = SafetensorsFile::open(file);

    const at::Tensor raw = st.load("e4");  // raw bits
    ASSERT_EQ(raw.scalar_type(), at::kByte);
    EXPECT_EQ(raw[3].item<std::uint8_t>(), 0x7E);

    const at::Tensor e4 = st.load("e4", at::kFloat);
    EXPECT_EQ(e4[0].item<float>(), 1.0f);
    EXPECT_EQ(e4[1].item<float>(), -1.0f);
    EXPECT_EQ(e4[2].item<float>(), 2.0f);
    EXPECT_EQ(e4[3].item<float>(), 448.0f);  // the largest E4M3FN value
    EXPECT_EQ(e4[4].item<float>(), 0.001953125f);  // smallest subnormal, 2^-9
    EXPECT_TRUE(std::isnan(e4[5].item<float>()));

    const at::Tensor e5 = st.load("e5", at::kFloat);
    EXPECT_EQ(e5[0].item<float>(), 1.0f);
    EXPECT_EQ(e5[1].item<float>(), 57344.0f);  // the largest E5M2 value
    EXPECT_EQ(e5[2].item<float>(), std::numeric_limits<float>::infinity());
    EXPECT_EQ(e5[3].item<float>(), -std::numeric_limits<float>::infinity());
    EXPECT_EQ(e5[4].item<float>(), 1.52587890625e-05f);  // 2^-16
}

TEST(SafetensorsTest, MetadataRoundTrips)
{
    const TempDir dir;
    const auto file = dir / "meta.safetensors";
    const std::map<std::string, std::string> metadata{{"format", "pt"}, {"note", "quotes \" and \\ and newline\n"},
        {"unicode",
            "Gr\xC3\xBC\xC3\x9F"
            "e"}};
    writeSafetensors(file, {{"x", at::ones({2}, at::kFloat)}}, metadata);
    const auto st = SafetensorsFile::open(file);
    EXPECT_EQ(st.metadata(), metadata);

    writeSafetensors(dir / "none.safetensors", {{"x", at::ones({2}, at::kFloat)}});
    EXPECT_TRUE(SafetensorsFile::open(dir / "none.safetensors").metadata().empty());
}

TEST(SafetensorsTest, FindAndNames)
{
    const TempDir dir;
    const auto file = dir / "m.safetensors";
    writeSafetensors(file, {{"b.weight", at::ones({2, 3})}, {"a.bias", at::zeros({3})}});
    const auto st = SafetensorsFile::open(file);
    EXPECT_EQ(st.path(), file);
    ASSERT_NE(st.find("a.bias"), nullptr);
    EXPECT_THAT(st.find("b.weight")->shape, ElementsAre(2, 3));
    EXPECT_EQ(st.find("c"), nullptr);

    const auto collection = SafetensorsCollection::openFile(file);
    EXPECT_THAT(collection.names(), ElementsAre("b.weight", "a.bias"));
    ASSERT_NE(collection.find("a.bias"), nullptr);
    EXPECT_EQ(collection.find("nope"), nullptr);
    EXPECT_TRUE(at::equal(collection.load("b.weight"), at::ones({2, 3})));
}

TEST(SafetensorsTest, RefusesAMissingTensorNamingItAndTheFile)
{
    const TempDir dir;
    const auto file = dir / "m.safetensors";
    writeSafetensors(file, {{"a", at::ones({1})}});
    const auto st = SafetensorsFile::open(file);
    try {
        st.load("missing.weight");
        FAIL() << "no error";
    } catch (const SafetensorsError& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("missing.weight"), HasSubstr("m.safetensors")));
    }
    const auto collection = SafetensorsCollection::openFile(file);
    EXPECT_THROW(collection.load("missing.weight"), SafetensorsError);
}

TEST(SafetensorsTest, OpensAShardedIndex)
{
    const TempDir dir;
    const at::Tensor a = at::arange(4, at::kFloat).reshape({2, 2});
    const at::Tensor b = at::tensor(std::vector<std::int64_t>{5, 6, 7});
    const at::Tensor c = at::tensor(std::vector<float>{0.5f, -1.0f, 2.0f, 8.0f}).to(at::kBFloat16);
    writeSafetensors(dir / "model-00001-of-00002.safetensors", {{"a", a}, {"b", b}});
    writeSafetensors(dir / "model-00002-of-00002.safetensors", {{"c", c}});
    const auto index = dir / "model.safetensors.index.json";
    const std::string json = R"({"metadata":{"total_size":48},"weight_map":{)"
                             R"("a":"model-00001-of-00002.safetensors",)"
                             R"("c":"model-00002-of-00002.safetensors",)"
                             R"("b":"model-00001-of-00002.safetensors"}})";
    writeBytes(index, std::vector<std::uint8_t>(json.begin(), json.end()));

    const auto collection = SafetensorsCollection::openIndex(index);
    EXPECT_EQ(collection.shards().size(), 2u);  // each shard opened once
    EXPECT_THAT(collection.names(), ElementsAre("a", "c", "b"));
    EXPECT_TRUE(at::equal(collection.load("a"), a));
    EXPECT_TRUE(at::equal(collection.load("b"), b));
    EXPECT_TRUE(at::equal(collection.load("c"), c));
    EXPECT_TRUE(at::equal(collection.load("c", at::kFloat), at::tensor(std::vector<float>{0.5f, -1.0f, 2.0f, 8.0f})));
    ASSERT_NE(collection.find("c"), nullptr);
    EXPECT_EQ(collection.find("c")->dtype, SafetensorsDtype::BF16);
    try {
        collection.load("d");
        FAIL() << "no error";
    } catch (const SafetensorsError& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("'d'"), HasSubstr("model.safetensors.index.json")));
    }
}

TEST(SafetensorsTest, RefusesAnIndexWithAMissingShard)
{
    const TempDir dir;
    writeSafetensors(dir / "model-00001-of-00002.safetensors", {{"a", at::ones({1})}});
    const auto index = dir / "model.safetensors.index.json";
    const std::string json = R"({"weight_map":{"a":"model-00001-of-00002.safetensors",)"
                             R"("b":"model-00002-of-00002.safetensors"}})";
    writeBytes(index, std::vector<std::uint8_t>(json.begin(), json.end()));
    try {
        SafetensorsCollection::openIndex(index);
        FAIL() << "no error";
    } catch (const SafetensorsError& error) {
        EXPECT_THAT(error.what(),
            AllOf(HasSubstr("model-00002-of-00002.safetensors"), HasSubstr("does not exist"), HasSubstr("'b'"),
                HasSubstr("model.safetensors.index.json")));
    }
}

TEST(SafetensorsTest, RefusesAnIndexThatPutsATensorInTheWrongShard)
{
    const TempDir dir;
    writeSafetensors(dir / "one.safetensors", {{"a", at::ones({1})}});
    writeSafetensors(dir / "two.safetensors", {{"b", at::ones({1})}});
    const auto index = dir / "model.safetensors.index.json";
    std::string json = R"({"weight_map":{"a":"one.safetensors","b":"one.safetensors"}})";
    writeBytes(index, std::vector<std::uint8_t>(json.begin(), json.end()));
    try {
        SafetensorsCollection::openIndex(index);
        FAIL() << "no error";
    } catch (const SafetensorsError& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("'b'"), HasSubstr("one.safetensors"), HasSubstr("does not hold")));
    }

    json = R"({"weight_map":{"a":"../one.safetensors"}})";
    writeBytes(index, std::vector<std::uint8_t>(json.begin(), json.end()));
    EXPECT_THROW(SafetensorsCollection::openIndex(index), SafetensorsError);
    json = R"({"weights":{}})";
    writeBytes(index, std::vector<std::uint8_t>(json.begin(), json.end()));
    EXPECT_THROW(SafetensorsCollection::openIndex(index), SafetensorsError);
}

TEST(SafetensorsTest, RefusesAFileShorterThanTheLength)
{
    const TempDir dir;
    writeBytes(dir / "short.safetensors", {1, 2, 3, 4, 5});
    EXPECT_THAT(openError(dir / "short.safetensors"),
        AllOf(HasSubstr("short.safetensors"), HasSubstr("5 bytes"), HasSubstr("shorter than")));
    EXPECT_THAT(openError(dir / "absent.safetensors"), HasSubstr("absent.safetensors"));
}

TEST(SafetensorsTest, RefusesAHeaderLengthPastTheEnd)
{
    const TempDir dir;
    EXPECT_THAT(refusal(dir, "{}", {}, 1000), AllOf(HasSubstr("bad.safetensors"), HasSubstr("past the end")));
}

TEST(SafetensorsTest, RefusesAHeaderOver100MB)
{
    const TempDir dir;
    EXPECT_THAT(refusal(dir, "{}", {0, 0, 0, 0}, 200'000'000),
        AllOf(HasSubstr("bad.safetensors"), HasSubstr("200000000"), HasSubstr("more than the limit")));
}

TEST(SafetensorsTest, RefusesInvalidJson)
{
    const TempDir dir;
    EXPECT_THAT(refusal(dir, R"({"a":)", {}), AllOf(HasSubstr("bad.safetensors"), HasSubstr("not valid JSON")));
    EXPECT_THAT(refusal(dir, "[1,2]", {}), HasSubstr("not a JSON object"));
    EXPECT_THAT(refusal(dir,
                    R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                    R"("a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                    std::vector<std::uint8_t>(8)),
        HasSubstr("duplicate"));
}

TEST(SafetensorsTest, RefusesEntriesWithMissingFieldsOrWrongTypes)
{
    const TempDir dir;
    const std::vector<std::uint8_t> four(4);
    EXPECT_THAT(refusal(dir, R"({"a":{"shape":[1],"data_offsets":[0,4]}})", four),
        AllOf(HasSubstr("'a'"), HasSubstr("no 'dtype'"), HasSubstr("bad.safetensors")));
    EXPECT_THAT(refusal(dir, R"({"a":{"dtype":"F32","data_offsets":[0,4]}})", four), HasSubstr("no 'shape'"));
    EXPECT_THAT(refusal(dir, R"({"a":{"dtype":"F32","shape":[1]}})", four), HasSubstr("no 'data_offsets'"));
    EXPECT_THAT(refusal(dir, R"({"a":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", four), HasSubstr("dtype"));
    EXPECT_THAT(
        refusal(dir, R"({"a":{"dtype":"F32","shape":"1","data_offsets":[0,4]}})", four), HasSubstr("not an array"));
    EXPECT_THAT(
        refusal(dir, R"({"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", four), HasSubstr("not an integer"));
    EXPECT_THAT(
        refusal(dir, R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4]}})", four), HasSubstr("data_offsets"));
    EXPECT_THAT(refusal(dir, R"({"a":[1]})", four), HasSubstr("must be an object"));
    EXPECT_THAT(refusal(dir, R"({"__metadata__":{"k":1}})", {}), HasSubstr("not a string"));
}

TEST(SafetensorsTest, RefusesAnUnknownDtype)
{
    const TempDir dir;
    EXPECT_THAT(
        refusal(dir, R"({"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}})", std::vector<std::uint8_t>(16)),
        AllOf(HasSubstr("unknown dtype"), HasSubstr("F128"), HasSubstr("'w'"), HasSubstr("bad.safetensors")));
}

TEST(SafetensorsTest, RefusesANegativeDimensionAndBeginAfterEnd)
{
    const TempDir dir;
    EXPECT_THAT(
        refusal(dir, R"({"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}})", {}), HasSubstr("negative dimension"));
    EXPECT_THAT(refusal(dir, R"({"w":{"dtype":"U8","shape":[4],"data_offsets":[4,0]}})", std::vector<std::uint8_t>(4)),
        HasSubstr("begin after end"));
}

TEST(SafetensorsTest, RefusesAShapeThatDisagreesWithTheSize)
{
    const TempDir dir;
    EXPECT_THAT(refusal(dir, R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::vector<std::uint8_t>(8)),
        AllOf(HasSubstr("'w'"), HasSubstr("need 12 bytes"), HasSubstr("hold 8"), HasSubstr("bad.safetensors")));
    EXPECT_THAT(refusal(dir, R"({"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}})",
                    std::vector<std::uint8_t>(8)),
        HasSubstr("too large"));
}

TEST(SafetensorsTest, RefusesOverlappingOffsets)
{
    const TempDir dir;
    EXPECT_THAT(refusal(dir,
                    R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                    R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                    std::vector<std::uint8_t>(12)),
        AllOf(HasSubstr("overlaps"), HasSubstr("'a'"), HasSubstr("'b'"), HasSubstr("bad.safetensors")));
}

TEST(SafetensorsTest, RefusesAGapBetweenOffsets)
{
    const TempDir dir;
    EXPECT_THAT(refusal(dir,
                    R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                    R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                    std::vector<std::uint8_t>(12)),
        AllOf(HasSubstr("gap"), HasSubstr("4..8"), HasSubstr("bad.safetensors")));
    EXPECT_THAT(refusal(dir, R"({"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", std::vector<std::uint8_t>(8)),
        HasSubstr("gap"));
    EXPECT_THAT(refusal(dir, R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", std::vector<std::uint8_t>(8)),
        HasSubstr("trailing"));
}

TEST(SafetensorsTest, RefusesAnEndPastTheData)
{
    const TempDir dir;
    EXPECT_THAT(refusal(dir, R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", std::vector<std::uint8_t>(4)),
        AllOf(HasSubstr("'a'"), HasSubstr("past its end"), HasSubstr("bad.safetensors")));
}

TEST(SafetensorsTest, RefusesABooleanByteOtherThanZeroOrOne)
{
    const TempDir dir;
    const auto file = dir / "bool.safetensors";
    writeBytes(file, fileBytes(R"({"z":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}})", {1, 2}));
    const auto st = SafetensorsFile::open(file);
    try {
        st.load("z");
        FAIL() << "no error";
    } catch (const SafetensorsError& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("'z'"), HasSubstr("bool.safetensors")));
    }
}

TEST(SafetensorsTest, WriterRefusesUnsupportedInput)
{
    const TempDir dir;
    const auto file = dir / "w.safetensors";
    EXPECT_THROW(writeSafetensors(file, {{"c", at::zeros({2}, at::kComplexFloat)}}), SafetensorsError);
    EXPECT_THROW(writeSafetensors(file, {{"a", at::zeros({2})}, {"a", at::zeros({2})}}), SafetensorsError);
    EXPECT_THROW(writeSafetensors(file, {{"__metadata__", at::zeros({2})}}), SafetensorsError);
    EXPECT_THROW(writeSafetensors(file, {{"u", at::Tensor()}}), SafetensorsError);
    EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(SafetensorsTest, WriterReplacesAtomically)
{
    const TempDir dir;
    const auto file = dir / "w.safetensors";
    writeSafetensors(file, {{"a", at::zeros({100})}});
    writeSafetensors(file, {{"b", at::ones({3}, at::kLong)}});
    const auto st = SafetensorsFile::open(file);
    ASSERT_EQ(st.tensors().size(), 1u);
    EXPECT_TRUE(at::equal(st.load("b"), at::ones({3}, at::kLong)));
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++entries;
    EXPECT_EQ(entries, 1);  // no temporary file left behind
}

}  // namespace
}  // namespace tastelab::model

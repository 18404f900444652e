// MobileNet v1 from TFLite files: the real ImageNet classifier names the obvious class of four photos,
// the embedding extractor gives finite, distinct, differentiable 1024-d features, and malformed files
// fail with a TfliteError that names them.
#include "model/backbones/mobilenet.h"

#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "model/io/image_io.h"
#include "model/io/tflite_model.h"
#include "tests/support/test_support.h"

namespace tastelab::model {
namespace {

using tastelab::testing::sharedData;

constexpr const char* kClassifier = "mobilenet/mobilenet_v1_0.75_192_quant.tflite";
constexpr const char* kExtractor = "mobilenet/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite";
constexpr const char* kLabels = "mobilenet/imagenet_labels.txt";

std::vector<std::string> readLabels()
{
    std::ifstream in(sharedData() / kLabels);
    std::vector<std::string> labels;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        labels.push_back(line);
    }
    return labels;
}

// The first name of a label line ("tabby, tabby cat" -> "tabby").
std::string firstName(const std::string& label)
{
    return label.substr(0, label.find(','));
}

int indexOf(const std::vector<std::string>& labels, const std::string& name)
{
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (firstName(labels[i]) == name) return static_cast<int>(i);
    }
    ADD_FAILURE() << "label '" << name << "' is not in " << kLabels;
    return -1;
}

// All indices from the label named `first` to the one named `last`, inclusive.
void addRange(
    std::set<int>& set, const std::vector<std::string>& labels, const std::string& first, const std::string& last)
{
    const int from = indexOf(labels, first);
    const int to = indexOf(labels, last);
    ASSERT_LE(from, to);
    for (int i = from; i <= to; ++i) set.insert(i);
}

at::Tensor loadImage(const std::string& relative)
{
    return imageToTensor(decodeImageFile(sharedData() / relative)).unsqueeze(0);
}

TEST(MobileNetTest, ClassifierNamesTheObviousClassOfEachPhoto)
{
    TASTELAB_REQUIRE_SHARED_DATA(kClassifier);
    TASTELAB_REQUIRE_SHARED_DATA(kLabels);
    const auto labels = readLabels();
    // TFLite's ImageNet classifiers have 1001 outputs with 0 = "background"; the label file has the
    // same layout, one line per output.
    ASSERT_EQ(labels.size(), 1001u);
    ASSERT_EQ(labels.front(), "background");

    // Acceptable classes, from the label file: ImageNet's three runs of bird classes, the five
    // domestic cats, and the flowers and plants.
    std::set<int> birds;
    addRange(birds, labels, "cock", "great grey owl");
    addRange(birds, labels, "black grouse", "black swan");
    addRange(birds, labels, "white stork", "albatross");
    std::set<int> cats;
    addRange(cats, labels, "tabby", "Egyptian cat");
    std::set<int> plants;
    for (const char* name : {"daisy", "yellow lady's slipper", "rapeseed", "pot", "cardoon", "artichoke", "corn", "ear",
             "hip", "acorn", "buckeye"}) {
        plants.insert(indexOf(labels, name));
    }

    const auto net = MobileNetV1::fromTflite(sharedData() / kClassifier);
    EXPECT_EQ(net.inputSize(), 192);
    EXPECT_DOUBLE_EQ(net.widthMultiplier(), 0.75);
    EXPECT_EQ(net.embeddingDim(), 768);
    EXPECT_EQ(net.outputDim(), 1001);
    EXPECT_TRUE(net.isClassifier());
    EXPECT_EQ(net.weightsHash().size(), 64u);

    struct Case {
        const char* image;
        const char* kind;
        const std::set<int>* accepted;
    };
    const std::vector<Case> cases{{"mobilenet/bird.bmp", "bird", &birds}, {"mobilenet/parrot.jpg", "bird", &birds},
        {"mobilenet/cat.bmp", "cat", &cats}, {"mobilenet/sunflower.bmp", "flower or plant", &plants}};
    for (const Case& c : cases) {
        TASTELAB_REQUIRE_SHARED_DATA(c.image);
        at::NoGradGuard noGrad;
        const at::Tensor logits = net.forward(loadImage(c.image));
        ASSERT_EQ(logits.sizes(), (std::vector<std::int64_t>{1, 1001}));
        const at::Tensor probabilities = at::softmax(logits, 1)[0];
        const auto top = probabilities.topk(5);
        const at::Tensor values = std::get<0>(top);
        const at::Tensor indices = std::get<1>(top);
        std::printf("%s (expect a %s):\n", c.image, c.kind);
        for (int k = 0; k < 5; ++k) {
            const auto index = indices[k].item<std::int64_t>();
            std::printf("  %d. %5.1f%%  [%lld] %s\n", k + 1, 100.0 * values[k].item<double>(),
                static_cast<long long>(index), labels[static_cast<std::size_t>(index)].c_str());
        }
        const auto top1 = static_cast<int>(indices[0].item<std::int64_t>());
        EXPECT_TRUE(c.accepted->count(top1) == 1)
            << c.image << ": top-1 is '" << labels[static_cast<std::size_t>(top1)] << "', not a " << c.kind;
    }
}

TEST(MobileNetTest, ClassifierAcceptsAnyImageSizeAndBatches)
{
    TASTELAB_REQUIRE_SHARED_DATA(kClassifier);
    const auto net = MobileNetV1::fromTflite(sharedData() / kClassifier);
    at::NoGradGuard noGrad;
    const at::Tensor images = at::rand({2, 3, 97, 131});
    const at::Tensor batch = net.forward(images);
    ASSERT_EQ(batch.sizes(), (std::vector<std::int64_t>{2, 1001}));
    const at::Tensor single = net.forward(images[1]);
    EXPECT_TRUE(at::allclose(batch[1], single[0], 1e-4, 1e-4));
    EXPECT_EQ(net.embed(images).sizes(), (std::vector<std::int64_t>{2, 768}));
}

TEST(MobileNetTest, EmbeddingExtractorGivesDistinctFiniteDifferentiableFeatures)
{
    TASTELAB_REQUIRE_SHARED_DATA(kExtractor);
    TASTELAB_REQUIRE_SHARED_DATA("mobilenet/cat.bmp");
    TASTELAB_REQUIRE_SHARED_DATA("mobilenet/sunflower.bmp");
    const auto net = MobileNetV1::fromTflite(sharedData() / kExtractor);
    EXPECT_EQ(net.inputSize(), 224);
    EXPECT_DOUBLE_EQ(net.widthMultiplier(), 1.0);
    EXPECT_FALSE(net.isClassifier());
    ASSERT_EQ(net.outputDim(), 1024);

    const at::Tensor cat = loadImage("mobilenet/cat.bmp");
    const at::Tensor flower = loadImage("mobilenet/sunflower.bmp");
    at::Tensor input = cat.clone().set_requires_grad(true);
    const at::Tensor catEmbedding = net.forward(input);
    ASSERT_EQ(catEmbedding.sizes(), (std::vector<std::int64_t>{1, 1024}));
    EXPECT_TRUE(at::isfinite(catEmbedding).all().item<bool>());
    EXPECT_TRUE(at::allclose(catEmbedding, net.embed(cat)));

    catEmbedding.sum().backward();
    ASSERT_TRUE(input.grad().defined());
    EXPECT_GT(input.grad().abs().sum().item<double>(), 0.0);
    EXPECT_TRUE(at::isfinite(input.grad()).all().item<bool>());

    at::NoGradGuard noGrad;
    const at::Tensor flowerEmbedding = net.forward(flower);
    EXPECT_TRUE(at::isfinite(flowerEmbedding).all().item<bool>());
    const double cosine = at::cosine_similarity(catEmbedding.detach(), flowerEmbedding, 1).item<double>();
    std::printf("cosine(cat, sunflower) = %.4f\n", cosine);
    EXPECT_LT(cosine, 0.99);
    EXPECT_GT((catEmbedding.detach() - flowerEmbedding).abs().max().item<double>(), 1e-3);
}

void expectTfliteErrorNaming(const std::filesystem::path& file)
{
    try {
        (void)MobileNetV1::fromTflite(file);
        ADD_FAILURE() << "no TfliteError for " << file;
    } catch (const TfliteError& error) {
        EXPECT_NE(std::string(error.what()).find(file.string()), std::string::npos) << error.what();
    }
}

TEST(MobileNetTest, MalformedFilesThrowTfliteErrorNamingTheFile)
{
    const tastelab::testing::TempDir dir;
    std::mt19937 random(7);
    std::vector<std::uint8_t> noise(4096);
    for (auto& byte : noise) byte = static_cast<std::uint8_t>(random());
    tastelab::testing::writeBytes(dir / "noise.tflite", noise);
    expectTfliteErrorNaming(dir / "noise.tflite");

    // Random bytes behind the right identifier still fail verification.
    noise[4] = 'T';
    noise[5] = 'F';
    noise[6] = 'L';
    noise[7] = '3';
    tastelab::testing::writeBytes(dir / "identified-noise.tflite", noise);
    expectTfliteErrorNaming(dir / "identified-noise.tflite");

    tastelab::testing::writeBytes(dir / "empty.tflite", {});
    expectTfliteErrorNaming(dir / "empty.tflite");
    expectTfliteErrorNaming(dir / "missing.tflite");

    if (!sharedData().empty() && std::filesystem::exists(sharedData() / kClassifier)) {
        auto bytes = tastelab::testing::readBytes(sharedData() / kClassifier);
        bytes.resize(bytes.size() / 2);
        tastelab::testing::writeBytes(dir / "truncated.tflite", bytes);
        expectTfliteErrorNaming(dir / "truncated.tflite");
    }
}

TEST(MobileNetTest, ReaderSeesTensorsOperatorsAndQuantization)
{
    TASTELAB_REQUIRE_SHARED_DATA(kClassifier);
    const auto model = TfliteModel::load(sharedData() / kClassifier);
    ASSERT_EQ(model.inputs().size(), 1u);
    const TfliteTensor& input = model.tensor(model.inputs().front());
    EXPECT_EQ(input.shape, (std::vector<std::int64_t>{1, 192, 192, 3}));
    EXPECT_EQ(input.type, TfliteType::UInt8);
    ASSERT_EQ(input.quantization.scale.size(), 1u);
    EXPECT_NEAR(input.quantization.scale.front(), 1.0 / 128.0, 1e-6);
    ASSERT_FALSE(model.operators().empty());
    const TfliteOperator& first = model.operators().front();
    EXPECT_EQ(first.op, TfliteOp::Conv2d);
    EXPECT_EQ(first.options.strideW, 2);
    EXPECT_EQ(first.options.activation, TfliteActivation::Relu6);
    EXPECT_EQ(model.operators().back().op, TfliteOp::Softmax);
    const at::Tensor weight = model.constantAsFloat(first.inputs[1]);
    EXPECT_EQ(weight.sizes(), (std::vector<std::int64_t>{24, 3, 3, 3}));
    EXPECT_TRUE(at::isfinite(weight).all().item<bool>());
    EXPECT_EQ(model.biasAsFloat(first).sizes(), (std::vector<std::int64_t>{24}));
}

}  // namespace
}  // namespace tastelab::model

// procedural-v2 against the look features: every attribute must be readable from the pixels by a ridge regression,
// R^2 >= 0.85 each on 3,000 images (issue 25; the full measurement is `procedural_bench --visibility 3000`). Here a
// smaller sample keeps the test short, so its bar carries a margin for what a small sample costs (see below).
#include "model/procedural/attribute_visibility.h"

#include <gtest/gtest.h>

#include <cstdio>

using namespace tastelab::model;

namespace {

AttributeVisibility measure(int version, int images)
{
    ProceduralConfig config;
    config.version = version;
    VisibilityOptions options;
    options.images = images;
    options.batch = 25;
    options.size = 128;
    // A stronger ridge than the full measurement's: with 400 fitting images for 133 coefficients the regression
    // would otherwise fit noise, and R^2 on the held-out third would say more about the sample than the world.
    options.ridge = 20.0;
    return measureAttributeVisibility(ProceduralGenerator(config), options);
}

}  // namespace

TEST(AttributeVisibility, ProceduralV2ShowsEveryAttribute)
{
    const AttributeVisibility v2 = measure(2, 600);
    // The margin: a regression fitted on 400 images and scored on 200 reads each attribute lower than one fitted on
    // 2,000 (fewer images per coefficient). Measured on this world, the small sample read 0.01 (brightness) to 0.11
    // (blur, whose sharpest edges need the most images to place) below the 3,000-image figure. So 0.85 on 3,000
    // images becomes 0.85 - 0.12 here: an attribute that fails here is short of the target by more than the sample
    // explains, as texture is when blur and contrast scale it down as in procedural-v1.
    constexpr double kSmallSampleCost = 0.12;
    for (int a = 0; a < kVisualAttributeCount; ++a) {
        const std::string name(visualAttributeNames()[a]);
        std::printf("%-11s v2 %.3f\n", name.c_str(), v2.r2[std::size_t(a)]);
        EXPECT_GE(v2.r2[std::size_t(a)], 0.85 - kSmallSampleCost) << name;
    }
}

TEST(AttributeVisibility, VersionsAreNamedAndVersionOneStaysTheDefault)
{
    EXPECT_EQ(ProceduralGenerator().id(), "procedural-v1");
    ProceduralConfig config;
    config.version = 2;
    EXPECT_EQ(ProceduralGenerator(config).id(), "procedural-v2");
    EXPECT_EQ(ProceduralGenerator::versionOf("procedural-v1"), 1);
    EXPECT_EQ(ProceduralGenerator::versionOf("procedural-v2"), 2);
    EXPECT_THROW(ProceduralGenerator::versionOf("procedural-v9"), std::invalid_argument);
    config.version = 3;
    EXPECT_THROW(ProceduralGenerator{config}, std::invalid_argument);
}

// The version report lists every component, with versions that match what CMake found.
#include "app/services/build_info.h"

#include <gmock/gmock.h>

using namespace tastelab::services;
using ::testing::HasSubstr;

TEST(BuildInfo, ListsEveryComponentInOrder)
{
    const auto list = components();
    std::vector<std::string> names;
    for (const auto& c : list) names.push_back(c.name);
    EXPECT_EQ(names, (std::vector<std::string>{"TasteLab", "LibTorch", "CUDA", "OpenCV", "SQLite", "fmt"}));
    for (const auto& c : list) EXPECT_FALSE(c.version.empty()) << c.name;
}

TEST(BuildInfo, VersionsMatchTheBuild)
{
    const auto list = components();
    EXPECT_THAT(list[0].version, ::testing::StartsWith(TASTELAB_EXPECTED_VERSION));
    EXPECT_EQ(list[4].version, TASTELAB_EXPECTED_SQLITE);
}

TEST(BuildInfo, FormatAlignsTheColumns)
{
    const std::string text = formatComponents({{"A", "1"}, {"Longer", "2"}});
    EXPECT_EQ(text, "A       1\nLonger  2\n");
}

TEST(BuildInfo, DevicesStartWithAutoAndCpu)
{
    const auto devices = computeDevices();
    ASSERT_GE(devices.size(), 2u);
    EXPECT_EQ(devices[0], "auto");
    EXPECT_EQ(devices[1], "cpu");
}

// What the status bar shows for a setting: the device it runs on, or why it cannot run here.
TEST(BuildInfo, AComputeSettingResolvesToTheDeviceUsedOrToTheReason)
{
    const ResolvedDevice cpu = resolveComputeDevice("cpu");
    EXPECT_TRUE(cpu.ok);
    EXPECT_EQ(cpu.text, "cpu");
    const ResolvedDevice automatic = resolveComputeDevice("auto");
    EXPECT_TRUE(automatic.ok);
    EXPECT_EQ(automatic.text.rfind(computeDevices().size() > 2 ? "cuda:0 (LibTorch" : "cpu", 0), 0u) << automatic.text;
    const ResolvedDevice absent = resolveComputeDevice("cuda:9");
    EXPECT_FALSE(absent.ok);
    EXPECT_NE(absent.text.find("device 'cuda:9' is not available"), std::string::npos) << absent.text;
    EXPECT_FALSE(resolveComputeDevice("gpu").ok);
}

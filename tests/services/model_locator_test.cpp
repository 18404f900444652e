// Model discovery in the Hugging Face cache layout and in a models folder.
#include "app/services/model_locator.h"
#include "tests/support/test_support.h"

#include <gmock/gmock.h>

using namespace tastelab::services;
using tastelab::testing::TempDir;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& file, const std::string& text)
{
    fs::create_directories(file.parent_path());
    tastelab::testing::writeBytes(file, std::vector<std::uint8_t>(text.begin(), text.end()));
}

}  // namespace

TEST(ModelLocator, FindsAndClassifiesCacheSnapshotsAndFolderModels)
{
    TempDir dir;
    const fs::path hub = dir / "hub";
    writeText(hub / "models--openai--clip-vit-base-patch32" / "snapshots" / "abc123" / "config.json",
        R"({"model_type": "clip", "projection_dim": 512})");
    writeText(hub / "models--google--siglip-base-patch16-224" / "snapshots" / "def" / "config.json",
        R"({"model_type": "siglip"})");
    writeText(hub / "models--stabilityai--sd-turbo" / "snapshots" / "r1" / "model_index.json", "{}");
    writeText(hub / "datasets--x--y" / "snapshots" / "z" / "config.json", R"({"model_type": "clip"})");
    writeText(dir / "mine" / "vision" / "my-clip" / "config.json", R"({"model_type": "clip"})");
    writeText(dir / "mine" / "broken" / "config.json", "{not json");

    const auto models = findModels(dir / "mine", hub);
    ASSERT_EQ(models.size(), 5u);
    auto byName = [&](const std::string& name) {
        for (const auto& m : models) {
            if (m.name == name) return m;
        }
        ADD_FAILURE() << name << " not found";
        return FoundModel{};
    };
    EXPECT_EQ(byName("openai/clip-vit-base-patch32").kind, ModelKind::Clip);
    EXPECT_EQ(byName("openai/clip-vit-base-patch32").folder,
        hub / "models--openai--clip-vit-base-patch32" / "snapshots" / "abc123");
    EXPECT_EQ(byName("openai/clip-vit-base-patch32").source, "huggingface cache");
    EXPECT_EQ(byName("google/siglip-base-patch16-224").kind, ModelKind::Siglip);
    EXPECT_EQ(byName("stabilityai/sd-turbo").kind, ModelKind::Diffusers);
    EXPECT_EQ(byName("my-clip").source, "models folder");
    EXPECT_EQ(byName("broken").kind, ModelKind::Unknown);
}

TEST(ModelLocator, MissingFoldersFindNothingAndTheCacheFollowsTheEnvironment)
{
    TempDir dir;
    EXPECT_TRUE(findModels(dir / "nothing", dir / "nohub").empty());
    ::setenv("HF_HUB_CACHE", (dir / "custom").c_str(), 1);
    EXPECT_EQ(huggingFaceHubCache(), dir / "custom");
    ::unsetenv("HF_HUB_CACHE");
    ::setenv("HF_HOME", (dir / "home").c_str(), 1);
    EXPECT_EQ(huggingFaceHubCache(), dir / "home" / "hub");
    ::unsetenv("HF_HOME");
}

// Procedural generator benchmark (prints its figures; not a test): milliseconds per image forward
// and per backward pass, at 256x256 by default. --sheet FILE also writes a contact sheet of sample
// prompts, to look at what the generator draws. --visibility N measures, for both worlds, how well a ridge
// regression from the look features predicts each attribute on N images (issue 25: R^2 >= 0.85 each in
// procedural-v2, measured on 3,000) and skips the timing.
// Usage: procedural_bench [--size 256] [--repeats 20] [--threads N] [--sheet FILE] [--world 1|2]
//                         [--visibility N [--only-v2]]
#include "model/backbones/look_features.h"
#include "model/io/image_io.h"
#include "model/procedural/attribute_visibility.h"
#include "model/procedural/procedural_generator.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>

using namespace tastelab::model;
using Clock = std::chrono::steady_clock;

namespace {

double milliseconds(Clock::time_point since)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv)
{
    int size = 256;
    int repeats = 20;
    int threads = 0;
    std::string sheet;
    int world = 2;
    int visibility = 0;
    bool onlyV2 = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--size"))
            size = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeats"))
            repeats = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--threads"))
            threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--sheet"))
            sheet = argv[i + 1];
        else if (!std::strcmp(argv[i], "--world"))
            world = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--visibility"))
            visibility = std::atoi(argv[i + 1]);
    }
    for (int i = 1; i < argc; ++i) onlyV2 = onlyV2 || !std::strcmp(argv[i], "--only-v2");
    if (threads > 0) at::set_num_threads(threads);
    if (visibility > 0) {
        fmt::print("Attribute visibility: ridge regression from the look features ({}) to each attribute, fitted on "
                   "two thirds of {} images at 128 px, R^2 on the other third; {} LibTorch thread(s)\n",
            LookFeatures::kImageDim, visibility, at::get_num_threads());
        std::vector<AttributeVisibility> worlds;
        for (int version : {1, 2}) {
            if (onlyV2 && version == 1) {
                worlds.push_back({});
                continue;
            }
            ProceduralConfig config;
            config.version = version;
            VisibilityOptions options;
            options.images = visibility;
            options.batch = 10;
            worlds.push_back(measureAttributeVisibility(ProceduralGenerator(config), options));
        }
        fmt::print("{:<12} {:>13} {:>13}\n", "attribute", "procedural-v1", "procedural-v2");
        for (int a = 0; a < kVisualAttributeCount; ++a) {
            fmt::print("{:<12} {:>13.3f} {:>13.3f}{}\n", visualAttributeNames()[a], worlds[0].r2[a], worlds[1].r2[a],
                worlds[1].r2[a] >= 0.85 ? "" : "  (below 0.85)");
        }
        fmt::print("{:<12} {:>13.3f} {:>13.3f}\n{:<12} {:>12.1f}s {:>12.1f}s\n", "minimum", worlds[0].minimum(),
            worlds[1].minimum(), "time", worlds[0].seconds, worlds[1].seconds);
        return 0;
    }
    ProceduralConfig config;
    config.size = size;
    config.version = world;
    const ProceduralGenerator generator(config);
    fmt::print("procedural_bench: {}, {}x{}, {} LibTorch thread(s), {} repeats\n", generator.id(), size, size,
        at::get_num_threads(), repeats);

    for (int batch : {1, 8}) {
        std::vector<std::uint64_t> seeds;
        for (int i = 0; i < batch; ++i) seeds.push_back(100 + i);
        const at::Tensor noise = generator.noiseForSeeds(seeds);
        std::vector<double> forward;
        std::vector<double> backward;
        for (int r = 0; r < repeats + 2; ++r) {
            {
                at::NoGradGuard noGrad;
                const auto start = Clock::now();
                const auto out = generator.render(noise, {"a warm intricate watercolor harbour"});
                (void)out.images.sum().item<float>();
                if (r >= 2) forward.push_back(milliseconds(start) / batch);
            }
            const at::Tensor z = noise.clone().set_requires_grad(true);
            const auto start = Clock::now();
            const auto out = generator.render(z, {"a warm intricate watercolor harbour"});
            out.images.mean().backward();
            (void)z.grad().sum().item<float>();
            if (r >= 2) backward.push_back(milliseconds(start) / batch);
        }
        fmt::print("batch {}: forward {:.1f} ms/image, forward+backward {:.1f} ms/image (median of {})\n", batch,
            median(forward), median(backward), repeats);
    }

    if (!sheet.empty()) {
        const std::vector<std::string> prompts = {"a warm golden harbour", "a cool icy harbour", "minimal zen moon",
            "intricate ornate baroque castle", "neon cyberpunk city", "pastel dreamy meadow", "geometric bauhaus tower",
            "organic flowing watercolor flower", "dark moody noir street", "bright vibrant pop fruit",
            "scattered busy collage", "centered symmetrical portrait"};
        const int columns = 4;
        const int tile = 160;
        const int rows = static_cast<int>(prompts.size()) / columns;
        RgbImage grid;
        grid.width = columns * tile;
        grid.height = rows * tile;
        grid.pixels.assign(std::size_t(grid.width) * grid.height * 3, 0);
        at::NoGradGuard noGrad;
        for (std::size_t i = 0; i < prompts.size(); ++i) {
            const auto out = generator.render(generator.noiseForSeed(7 + i), {prompts[i]}, tile);
            const RgbImage image = tensorToImage(out.images[0]);
            const int ox = static_cast<int>(i % columns) * tile;
            const int oy = static_cast<int>(i / columns) * tile;
            for (int y = 0; y < tile; ++y) {
                std::memcpy(&grid.pixels[(std::size_t(oy + y) * grid.width + ox) * 3],
                    &image.pixels[std::size_t(y) * tile * 3], std::size_t(tile) * 3);
            }
            fmt::print("sheet {:2}: {}\n", i, prompts[i]);
        }
        const auto png = encodePng(grid);
        std::ofstream(sheet, std::ios::binary).write(reinterpret_cast<const char*>(png.data()), png.size());
        fmt::print("wrote {}\n", sheet);
    }
    return 0;
}

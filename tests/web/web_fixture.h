// A workspace with a study to serve, for the web server's tests, the browser test and the load benchmark: colourful
// generated images and the demo study's protocol (consent, instructions, practice, catch items, repeats, blocks,
// breaks, slider and pairwise trials).
#pragma once

#include "app/services/demo_study.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/io/rgb_image.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace tastelab::tests {

struct WebStudyShape {
    int regular = 6;
    int catchItems = 1;
    int practice = 1;
    int repeats = 1;
    int blockSize = 4;
    int breakEvery = 5;
    bool pairwise = true;
    int imageWidth = 640;
    int imageHeight = 480;
};

inline void makeWebStudyWorkspace(const std::filesystem::path& root, const WebStudyShape& shape = {})
{
    auto workspace = services::Workspace::create(root, "web");
    const int count = shape.regular + shape.catchItems + shape.practice;
    for (int i = 0; i < count; ++i) {
        model::RgbImage image;
        image.width = shape.imageWidth;
        image.height = shape.imageHeight;
        image.pixels.resize(static_cast<std::size_t>(image.width * image.height * 3));
        for (int y = 0; y < image.height; ++y) {
            for (int x = 0; x < image.width; ++x) {
                auto* px = &image.pixels[static_cast<std::size_t>((y * image.width + x) * 3)];
                px[0] = static_cast<std::uint8_t>((x * 255 / image.width + 37 * i) % 256);
                px[1] = static_cast<std::uint8_t>((y * 255 / image.height + 91 * i) % 256);
                px[2] = static_cast<std::uint8_t>(((x + y) / 8 % 2) * 120 + 20 * i % 120);
            }
        }
        services::GeneratedImage info;
        info.generator = "test";
        info.prompt = "pattern " + std::to_string(i);
        info.seed = i;
        services::addGeneratedImage(workspace, image, info);
    }
    services::DemoStudyOptions options;
    options.name = "web";
    options.regularItems = shape.regular;
    options.catchItems = shape.catchItems;
    options.practiceItems = shape.practice;
    options.repeats = shape.repeats;
    options.blockSize = shape.blockSize;
    options.breakEvery = shape.breakEvery;
    options.pairwise = shape.pairwise;
    options.participants = 0;
    services::createDemoStudy(workspace, options);
}

}  // namespace tastelab::tests

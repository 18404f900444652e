// Feature backbone benchmark (prints its figures; not a test): images per second at batch 16 and
// 224x224 on the CPU, with and without gradients to the pixels.
// Backbones: look features, CLIP with a randomly initialised ViT-B/16, and MobileNet v1 when given.
// Usage: features_bench [--batch 16] [--size 224] [--repeats 5] [--mobilenet FILE.tflite] [--clip 1]
// (--clip 1 adds ViT-B/16: minutes per repeat on a 2-core CPU at batch 16 with gradients.)
#include "model/backbones/clip.h"
#include "model/backbones/look_features.h"
#include "model/backbones/mobilenet.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>

using namespace tastelab::model;
using Clock = std::chrono::steady_clock;

namespace {

void measure(const std::string& name, const std::function<at::Tensor(const at::Tensor&)>& encode, int batch, int size,
    int repeats)
{
    const at::Tensor images = at::rand({batch, 3, size, size});
    std::vector<double> forward, backward;
    for (int r = 0; r < repeats + 1; ++r) {
        {
            at::NoGradGuard noGrad;
            const auto start = Clock::now();
            (void)encode(images).sum().item<float>();
            if (r > 0) forward.push_back(std::chrono::duration<double>(Clock::now() - start).count());
        }
        const at::Tensor x = images.clone().set_requires_grad(true);
        const auto start = Clock::now();
        encode(x).sum().backward();
        (void)x.grad().sum().item<float>();
        if (r > 0) backward.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    std::sort(forward.begin(), forward.end());
    std::sort(backward.begin(), backward.end());
    fmt::print("{:<28} {:8.1f} images/s forward, {:8.1f} images/s forward+backward (median of {})\n", name,
        batch / forward[forward.size() / 2], batch / backward[backward.size() / 2], repeats);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv)
{
    int batch = 16, size = 224, repeats = 5;
    std::string mobilenet;
    bool withClip = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--batch"))
            batch = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--size"))
            size = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeats"))
            repeats = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--mobilenet"))
            mobilenet = argv[i + 1];
        else if (!std::strcmp(argv[i], "--clip"))
            withClip = std::strcmp(argv[i + 1], "0") != 0;
    }
    fmt::print("features_bench: batch {}, {}x{}, {} LibTorch thread(s)\n", batch, size, size, at::get_num_threads());
    const LookFeatures look;
    measure(
        "look-v3 (132-d)", [&](const at::Tensor& x) { return look.encodeImages(x); }, batch, size, repeats);
    if (withClip) {
        ClipConfig vitB16;  // ViT-B/16 shape with random weights: the speed of the real one
        vitB16.patchSize = 16;
        const ClipModel clip = ClipModel::randomForBenchmark(vitB16);
        measure(
            "clip-vit-b16 random (512-d)", [&](const at::Tensor& x) { return clip.encodeImages(x); }, batch, size,
            repeats);
    }
    if (!mobilenet.empty()) {
        const MobileNetV1 net = MobileNetV1::fromTflite(mobilenet);
        measure(
            fmt::format("mobilenet_v1 ({}-d)", net.outputDim()), [&](const at::Tensor& x) { return net.forward(x); },
            batch, size, repeats);
    }
    return 0;
}

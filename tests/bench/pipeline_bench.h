// What the text-to-image pipeline benchmarks (sd_turbo_bench, flux_bench) share: the timer, the device and size
// options, and the fallback to the tiny configuration on a machine without a GPU.
#pragma once

#include "model/nn/runtime.h"

#include <c10/core/Device.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace tastelab::bench {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct PipelineBenchOptions {
    std::string device = "auto";  // auto, cpu or cuda
    std::string dtype;  // empty: the pipeline's GPU dtype on CUDA, fp32 on the CPU
    int size = 0;  // 0: the configuration's default
    int iterations = 1;
    bool tiny = false;  // the tiny test configuration
};

// Takes argv[i] (and its value, advancing i) when it is --device, --dtype, --size, --iterations or --tiny.
inline bool parsePipelineOption(int argc, char** argv, int& i, PipelineBenchOptions& options)
{
    const std::string arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : "";
    if (arg == "--device") {
        options.device = value, ++i;
    } else if (arg == "--dtype") {
        options.dtype = value, ++i;
    } else if (arg == "--size") {
        options.size = std::atoi(value), ++i;
    } else if (arg == "--iterations") {
        options.iterations = std::max(1, std::atoi(value)), ++i;
    } else if (arg == "--tiny") {
        options.tiny = true;
    } else {
        return false;
    }
    return true;
}

// The device to time on (the CPU for --tiny when `tinyOnCpu`). Without a GPU the tiny configuration is timed on the
// CPU instead, with a note; an empty dtype becomes `gpuDtype` on CUDA and fp32 elsewhere.
inline c10::Device resolveBenchDevice(PipelineBenchOptions& options, const char* gpuDtype, bool tinyOnCpu)
{
    const c10::Device device = model::resolveDevice(options.tiny && tinyOnCpu ? "cpu" : options.device);
    if (!device.is_cuda() && !options.tiny) {
        std::printf("no GPU here: timing the tiny configuration on the CPU (pass --tiny to silence this note)\n");
        options.tiny = true;
    }
    if (options.dtype.empty()) options.dtype = device.is_cuda() ? gpuDtype : "fp32";
    return device;
}

}  // namespace tastelab::bench

// The small demo world that the reward, prompt-refinement and steering-page tests build once per suite and
// train on: 120 images of 64 px over 12 prompts, 16 simulated raters in taste groups (4 of them held out).
#pragma once

#include "app/services/demo.h"
#include "app/services/reward/trainer.h"
#include "app/services/workspace.h"

#include <filesystem>

namespace tastelab::testing {

inline services::DemoOptions smallDemoOptions()
{
    services::DemoOptions demo;
    demo.images = 120;
    demo.prompts = 12;
    demo.agents = 16;
    demo.heldOut = 4;
    demo.coreItems = 10;
    demo.ratingsPerAgent = 60;
    demo.ratingsPerNewPerson = 40;
    demo.repeatsPerAgent = 8;
    demo.comparisonsPerAgent = 10;
    demo.imageSize = 64;
    return demo;
}

// Builds the small demo in `folder` and, when `epochs` > 0, trains its reward model on the CPU.
inline void buildSmallDemo(const std::filesystem::path& folder, int epochs)
{
    services::buildDemoWorkspace(folder, smallDemoOptions());
    if (epochs <= 0) return;
    auto workspace = services::Workspace::open(folder);
    services::TrainOptions train;
    train.epochs = epochs;
    train.device = "cpu";
    services::trainRewardModel(workspace, train);
}

}  // namespace tastelab::testing

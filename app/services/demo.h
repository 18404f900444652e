// The demo workspace: procedural images over many prompts, and simulated raters (some held out as
// new people) who answer through the same storage services as people do. Built by
// `tastelab-cli demo DIR` and `tastelab --demo`. The images are procedural, not AI-generated.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tastelab::services {

struct DemoOptions {
    int images = 300;
    int prompts = 30;
    int agents = 60;
    int heldOut = 15;  // agents kept out of training, to play new people
    int groups = 4;  // taste groups
    int coreItems = 20;  // images every agent rates (to measure agreement)
    int ratingsPerAgent = 120;  // slider answers of a training agent, core items included
    // Slider answers of a held-out agent: 72 leave 40 targets after the largest N_ref (32), so that every N_ref of the
    // evaluation is measured on enough of the person's answers.
    int ratingsPerNewPerson = 72;
    int repeatsPerAgent = 15;  // images rated a second time, at the end, for test-retest
    int comparisonsPerAgent = 20;
    int imageSize = 256;
    std::uint64_t seed = 7;
    // The procedural world: 2 (procedural-v2, every attribute visible in the pixels) or 1 (the first demo world).
    int worldVersion = 2;
    std::function<void(std::size_t done, std::size_t total)> onProgress;
    const std::atomic<bool>* cancel = nullptr;
};

struct DemoAgentSummary {
    std::string pseudonym;
    int group = 0;
    bool heldOut = false;
    double reliability = 0;  // configured
    double measuredRetest = 0;  // Pearson of the logit answers to its repeated images
    std::vector<std::string> liked;
    std::vector<std::string> disliked;
};

struct DemoReport {
    std::string world;  // "procedural-v2"
    std::vector<std::string> prompts;
    int images = 0;
    int ratings = 0;
    int repeats = 0;
    int comparisons = 0;
    std::vector<DemoAgentSummary> agents;
    double withinGroupAgreement = 0;  // mean Pearson of answers to the core items
    double betweenGroupAgreement = 0;
    double renderSeconds = 0;
    double answerSeconds = 0;
    std::filesystem::path agentsFile;  // <workspace>/simulation/agents.json: the agents' true taste
    bool cancelled = false;
};

// Creates the workspace at `root` (which must be new or empty) and fills it. Throws WorkspaceError
// or std::invalid_argument for bad options.
DemoReport buildDemoWorkspace(const std::filesystem::path& root, const DemoOptions& options = {});

class Workspace;

// The version of the procedural world a demo workspace was built with (stored in it as 'demo' in workspace_info:
// "procedural-v1" or "procedural-v2"), so that whatever renders for it later draws the same world. Throws
// std::invalid_argument when the workspace is not a demo workspace or names a world this TasteLab does not know.
int demoWorldVersion(Workspace& workspace);

// The prompts the demo uses: a style word or two and a subject, deterministic for a seed.
std::vector<std::string> demoPrompts(int count, std::uint64_t seed);

}  // namespace tastelab::services

// A ready-made study for demonstrations, screenshots and tests: items from the workspace's images, practice, catch
// items, repeats, slider and pairwise trials, answered by simulated participants through the same StudySession a
// person uses. Their taste is a shared part plus a personal part plus noise, so agreement is real but not perfect;
// one participant ignores the catch instructions (the exclusion rule drops them) and one stops halfway.
#pragma once

#include <cstdint>
#include <string>

namespace tastelab::services {

class Workspace;

struct DemoStudyOptions {
    std::string name = "Demo study";
    int regularItems = 16;
    int catchItems = 2;
    int practiceItems = 2;
    int repeats = 3;
    int blockSize = 6;
    int breakEvery = 12;
    bool pairwise = true;  // slider and pairwise trials; false: slider only
    int participants = 6;  // simulated; 0 makes the study only
    std::uint64_t seed = 7;
};

struct DemoStudySummary {
    std::int64_t studyId = 0;
    int participants = 0;
    int completed = 0;
    int ratings = 0;
    int comparisons = 0;
};

// Needs regularItems + catchItems + practiceItems images in the workspace; throws std::invalid_argument otherwise,
// and StorageError when a study of that name exists.
DemoStudySummary createDemoStudy(Workspace& workspace, const DemoStudyOptions& options = {});

}  // namespace tastelab::services

// Which visual attributes raise or lower one person's predicted score (`tastelab-cli profile`, the profile view).
// No Qt.
#pragma once

#include "app/services/reward/scorer.h"

#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

// Which visual attributes raise or lower one person's predicted score: over the library's images,
// the standardised coefficients of a regression of the predicted score on the attributes: the
// procedural attributes in a demo workspace, look attributes measured on the images, or, with a
// backbone that has a text tower (CLIP, SigLIP), the similarity to text probes such as "vibrant colors".
struct TasteEffect {
    std::string attribute;
    double effect = 0;  // standard deviations of score per standard deviation of the attribute
};

struct TasteProfile {
    std::string person;
    std::string source;  // "procedural attributes" (demo), "look attributes" or "text probes" (CLIP, SigLIP)
    std::string device;  // where the backbone and the reward model ran ("cpu", "cuda:0")
    std::vector<TasteEffect> effects;  // strongest positive first
};

TasteProfile tasteProfile(Workspace& workspace, const std::string& person, const ScoreOptions& options = {});

}  // namespace tastelab::services

// The map of people: everyone's taste representation in two dimensions, with taste groups (the people map view).
// No Qt.
#pragma once

#include "app/services/reward/scorer.h"

#include <limits>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

// People as points: a 2-D projection (PCA) of their representations from their answers (the same
// encoder for everyone, seen in training or not), coloured by taste group
// (the simulation's groups in a demo workspace, k-means clusters otherwise), with the silhouette of
// those groups in the full representation space.
struct PeopleMapPoint {
    std::string person;
    double x = 0;
    double y = 0;
    int group = 0;
    bool seen = true;  // false: represented from answers, not a learned embedding
};

struct PeopleMap {
    std::vector<PeopleMapPoint> points;
    double silhouette = std::numeric_limits<double>::quiet_NaN();
    std::string groupSource;  // "simulated taste groups" or "k-means, k = 4"
    std::string device;  // where the backbone and the reward model ran ("cpu", "cuda:0")
};

PeopleMap peopleMap(Workspace& workspace, const ScoreOptions& options = {});

}  // namespace tastelab::services

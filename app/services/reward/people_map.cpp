// The map of people: each person's representation fitted to their answers, projected by PCA, grouped by the demo's
// simulated groups or by k-means.
#include "app/services/reward/people_map.h"

#include "app/services/reward/answers.h"
#include "app/services/workspace.h"
#include "model/reward/preference_metrics.h"
#include "storage/answers.h"
#include "storage/people.h"

#include <fmt/format.h>

#include <algorithm>

namespace tastelab::services {

using reward_internal::readAgents;

PeopleMap peopleMap(Workspace& workspace, const ScoreOptions& options)
{
    storage::Database& db = workspace.database();
    RewardScorer scorer(workspace, options);
    const auto agents = readAgents(workspace);
    PeopleMap map;
    map.device = scorer.device();
    std::vector<std::vector<double>> points;
    std::vector<int> groups;
    bool allAgents = !agents.empty();
    storage::AnswerStore answers(db);
    for (const auto& person : storage::PeopleStore(db).list()) {
        if (answers.ratingsOf(person.id).empty()) continue;
        points.push_back(scorer.personVectorFromAnswers(person.id));
        PeopleMapPoint point;
        point.person = person.pseudonym;
        point.seen = scorer.hasSeen(person.pseudonym);
        const auto agent = agents.find(person.pseudonym);
        if (agent == agents.end())
            allAgents = false;
        else
            point.group = agent->second.group;
        map.points.push_back(point);
    }
    if (map.points.empty()) return map;
    if (allAgents) {
        map.groupSource = "simulated taste groups";
        for (const auto& p : map.points) groups.push_back(p.group);
    } else {
        const int k = std::max(1, std::min(4, int(points.size()) / 3));
        groups = model::kmeans(points, k, 1);
        for (std::size_t i = 0; i < groups.size(); ++i) map.points[i].group = groups[i];
        map.groupSource = fmt::format("k-means, k = {}", k);
    }
    map.silhouette = model::silhouette(points, groups);
    const auto projected = model::pca2d(points);
    for (std::size_t i = 0; i < projected.size(); ++i) {
        map.points[i].x = projected[i][0];
        map.points[i].y = projected[i][1];
    }
    return map;
}

}  // namespace tastelab::services

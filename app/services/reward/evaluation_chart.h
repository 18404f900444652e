// The chart of an evaluation report: the PNG that `tastelab-cli eval` and the demo write. No Qt.
#pragma once

#include "app/services/reward/evaluation_report.h"

#include <filesystem>

namespace tastelab::services {

// Pairwise accuracy against N_ref for each method, with the baselines as lines (PNG, no Qt).
void writeEvaluationChart(const EvaluationReport& report, const std::filesystem::path& png);

}  // namespace tastelab::services

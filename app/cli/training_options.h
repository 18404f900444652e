// Options shared by `tastelab-cli train` and `tastelab-cli eval`: backbone, device, epochs, splits.
#pragma once

#include "app/services/reward/trainer.h"

namespace CLI {
class App;
}

namespace tastelab::cli {

// The help text that says who and what is held out, and how.
extern const char* const kHeldOutHelp;

void addTrainingOptions(CLI::App& cmd, services::TrainOptions& options);

// "epoch 12/60  train 0.412  validation 0.398  (61.2 % liked vs disliked)  about 8 s left"
void printTrainingProgress(const services::TrainingProgress& progress);

}  // namespace tastelab::cli

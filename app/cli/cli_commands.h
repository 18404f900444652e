// Each subcommand of tastelab-cli lives in its own command_<name>.cpp and registers itself here.
#pragma once

#include <stdexcept>
#include <string>

namespace CLI {
class App;
}

namespace tastelab::services {
struct SteeringEvalReport;
}

namespace tastelab::cli {

// Thrown by a command for a failure the user can act on; main() prints it and exits with 1.
class CommandError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

void addInitCommand(CLI::App& app);
void addInfoCommand(CLI::App& app);
void addImportCommand(CLI::App& app);
void addImportRatingsCommand(CLI::App& app);
void addExportCommand(CLI::App& app);
void addBackupCommand(CLI::App& app);
void addRestoreCommand(CLI::App& app);
void addCheckCommand(CLI::App& app);
void addDemoCommand(CLI::App& app);
void addEmbedCommand(CLI::App& app);
void addModelsCommand(CLI::App& app);
void addTrainCommand(CLI::App& app);
void addEvalCommand(CLI::App& app);
void addScoreCommand(CLI::App& app);
void addReferencesCommand(CLI::App& app);
void addProfileCommands(CLI::App& app);
void addResultsCommand(CLI::App& app);
void addSteerCommand(CLI::App& app);
void addServeCommand(CLI::App& app);
void addGenerateCommand(CLI::App& app);
void addNextCommand(CLI::App& app);
// The steering results on the demo's simulated raters, with the targets checked (steer --demo-eval, demo).
void printSteeringEvaluation(const services::SteeringEvalReport& report, int iterations);

}  // namespace tastelab::cli

// `tastelab-cli references DIR`: how well a person's liked/ and disliked/ images separate for a
// backbone, by leave-one-out in-context scoring (no trained model needed).
#include "app/cli/cli_commands.h"
#include "app/services/reward/reference_check.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace tastelab::cli {

void addReferencesCommand(CLI::App& app)
{
    struct Options {
        std::string folder;
        std::string backbone = "look";
        std::string device = "auto";
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("references",
        "Leave-one-out check of a reference set: do a person's liked images score above their disliked ones?");
    cmd->footer("FOLDER holds liked/ and disliked/ with image files. Each image is scored by the cosine between its "
                "vector and the rating-weighted profile of all the other images; the figure is the share of (liked, "
                "disliked) pairs ranked the right way.");
    cmd->add_option("FOLDER", options->folder, "Folder with liked/ and disliked/")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--backbone", options->backbone, "look, mobilenet:FILE.tflite, clip:FOLDER, siglip:FOLDER")
        ->capture_default_str();
    cmd->add_option("--device", options->device, "auto, cpu or cuda:N")->capture_default_str();
    cmd->callback([options] {
        auto list = [&](const char* sub) {
            std::vector<std::filesystem::path> files;
            const auto dir = std::filesystem::path(options->folder) / sub;
            if (!std::filesystem::is_directory(dir))
                throw CommandError(fmt::format("{} is not a folder", dir.string()));
            for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                if (entry.is_regular_file()) files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            return files;
        };
        const auto check =
            services::checkReferences(list("liked"), list("disliked"), options->backbone, options->device);
        for (const auto& item : check.items) {
            fmt::print("{:>8.4f}  {:<8}  {}\n", item.score, item.liked ? "liked" : "disliked", item.file);
        }
        fmt::print("Leave-one-out with {} on {}: liked ranked above disliked in {:.1f} % of {} pairs\n", check.backbone,
            check.device, 100 * check.pairwise, check.pairs);
    });
}

}  // namespace tastelab::cli

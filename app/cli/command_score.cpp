// `tastelab-cli score WORKSPACE --person P [FILE...] [--folder DIR] [--library] [--csv OUT]`: predicted slider values
// for one person, of image files, a whole folder or the workspace's library, ranked best first, optionally as CSV.
#include "app/cli/cli_commands.h"
#include "app/services/active_questions.h"
#include "app/services/build_info.h"
#include "app/services/image_import.h"
#include "app/services/reward/scorer.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/images.h"
#include "storage/people.h"
#include "util/atomic_file.h"
#include "util/csv.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace fs = std::filesystem;

namespace tastelab::cli {
namespace {

struct Row {
    std::string file;
    std::optional<std::int64_t> imageId;
    double score = 0;
    std::optional<double> like;  // the reward model's Q
    std::optional<double> uncertainty;  // the taste model's doubt
};

}  // namespace

void addScoreCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string person;
        std::vector<std::string> files;
        std::string folder;
        bool library = false;
        std::string csv;
        std::string model = "reward";
        int top = 0;
        services::ScoreOptions score;
        std::string checkpoint;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "score", "Predict how much a person will like images (0..1 slider scale): files, a folder or the library");
    cmd->footer("--model reward (default) uses the workspace's newest reward model for the backbone: a person the "
                "model was trained on uses their learned embedding; anyone else is represented from all their stored "
                "answers (prototype mixture fitted with the shared model frozen). --model taste uses the person's "
                "taste model of active questions (a Bayesian linear head on the cached image vectors; no training "
                "needed) and also says how unsure it is. The list is ranked best first; --csv writes it as CSV.");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--person", options->person, "Pseudonym of the person")->required();
    cmd->add_option("FILES", options->files, "Image files")->check(CLI::ExistingFile);
    cmd->add_option("--folder", options->folder, "Score every image (.png, .jpg, .jpeg, .webp) of this folder")
        ->check(CLI::ExistingDirectory);
    cmd->add_flag("--library", options->library, "Score every image of the workspace's library");
    cmd->add_option("--csv", options->csv, "Also write the ranking to this CSV file");
    cmd->add_option("--top", options->top, "Print only the best N (the CSV holds all)");
    cmd->add_option("--model", options->model, "reward or taste")
        ->capture_default_str()
        ->check(CLI::IsMember({"reward", "taste"}));
    cmd->add_option("--backbone", options->score.backbone, "Backbone of the model")->capture_default_str();
    cmd->add_option("--device", options->score.device, "auto, cpu or cuda:N")->capture_default_str();
    cmd->add_option("--checkpoint", options->checkpoint, "A checkpoint file instead of the newest (--model reward)");
    cmd->callback([options] {
        std::vector<fs::path> files(options->files.begin(), options->files.end());
        if (!options->folder.empty()) {
            std::vector<fs::path> found;
            for (const auto& entry : fs::directory_iterator(options->folder)) {
                if (entry.is_regular_file() && services::hasImageExtension(entry.path())) found.push_back(entry.path());
            }
            std::sort(found.begin(), found.end());
            if (found.empty()) throw CommandError(fmt::format("no images in '{}'", options->folder));
            files.insert(files.end(), found.begin(), found.end());
        }
        if (files.empty() && !options->library) {
            throw CLI::ValidationError("give image FILES, --folder DIR or --library");
        }
        auto workspace = services::Workspace::open(options->root);
        if (!options->csv.empty()) workspace.refuseOwnPath(options->csv, "--csv");
        const auto person = storage::PeopleStore(workspace.database()).findByPseudonym(options->person);
        if (!person) throw CommandError(fmt::format("no person '{}' in this workspace", options->person));
        std::vector<storage::ImageRecord> images;
        if (options->library) images = storage::ImageStore(workspace.database()).list();
        std::vector<std::int64_t> ids;
        for (const auto& image : images) ids.push_back(image.id);
        auto libraryName = [&](const storage::ImageRecord& image) {
            return image.libraryPath ? (workspace.libraryDir() / *image.libraryPath).string()
                                     : image.externalPath.value_or(image.originalName.value_or(""));
        };

        std::vector<Row> rows;
        std::string device = "cpu";
        if (options->model == "reward") {
            services::ScoreOptions score = options->score;
            if (!options->checkpoint.empty()) score.checkpoint = options->checkpoint;
            services::RewardScorer scorer(workspace, score);
            device = scorer.device();
            for (const auto& s : scorer.scoreFiles(person->id, files))
                rows.push_back({s.file, {}, s.score, s.like, {}});
            const auto scores = scorer.score(person->id, ids);
            for (std::size_t i = 0; i < images.size(); ++i) {
                rows.push_back({libraryName(images[i]), images[i].id, scores[i], {}, {}});
            }
        } else {
            services::TasteModelOptions taste;
            taste.backbone = options->score.backbone;
            taste.device = options->score.device;
            services::PersonTasteModel model(workspace, person->id, taste);
            device = services::resolveComputeDevice(options->score.device).text;
            std::vector<model::RgbImage> decoded;
            for (const auto& file : files) decoded.push_back(model::decodeImageFile(file));
            const auto predictions = model.predictImages(decoded);
            for (std::size_t i = 0; i < files.size(); ++i) {
                rows.push_back({files[i].string(), {}, predictions[i].score, {}, predictions[i].uncertainty});
            }
            const auto library = model.predict(ids);
            for (std::size_t i = 0; i < images.size(); ++i) {
                rows.push_back({libraryName(images[i]), images[i].id, library[i].score, {}, library[i].uncertainty});
            }
        }
        std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.score > b.score; });

        const bool taste = options->model == "taste";
        fmt::print("{:>5}  {:>6}  {:>5}  {}\n", "rank", "score", taste ? "doubt" : "like", "file");
        const std::size_t shown = options->top > 0 ? std::min(rows.size(), std::size_t(options->top)) : rows.size();
        for (std::size_t i = 0; i < shown; ++i) {
            const Row& r = rows[i];
            fmt::print("{:>5}  {:6.3f}  {:5.2f}  {}\n", i + 1, r.score,
                taste ? r.uncertainty.value_or(0.0) : r.like.value_or(0.0), util::printableForTerminal(r.file));
        }
        if (!options->csv.empty()) {
            std::string out;
            util::appendCsvRow(out, {"rank", "file", "image_id", "score", taste ? "uncertainty" : "like"});
            for (std::size_t i = 0; i < rows.size(); ++i) {
                const Row& r = rows[i];
                const auto second = taste ? r.uncertainty : r.like;
                util::appendCsvRow(out,
                    {std::to_string(i + 1), r.file, r.imageId ? std::to_string(*r.imageId) : "",
                        fmt::format("{:.6f}", r.score), second ? fmt::format("{:.6f}", *second) : std::string()});
            }
            util::writeFileAtomically(options->csv, out);
            fmt::print("Wrote {} row(s) to {}\n", rows.size(), util::printableForTerminal(options->csv));
        }
        fmt::print("Scored {} image(s) on {} ({} model, for {})\n", rows.size(), device, options->model,
            util::printableForTerminal(options->person));
    });
}

}  // namespace tastelab::cli

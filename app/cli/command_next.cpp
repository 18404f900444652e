// `tastelab-cli next WORKSPACE --person P [--count K] [--strategy informative|random|unrated]`: the unrated images
// to ask this person next, with what their taste model predicts for each and how unsure it is.
#include "app/cli/cli_commands.h"
#include "app/cli/option_checks.h"
#include "app/services/active_questions.h"
#include "app/services/artist_session.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/people.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>

namespace tastelab::cli {

void addNextCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        std::string person;
        int count = 1;
        std::string strategy = "informative";
        std::string generator;
        std::string backbone = "look";
        double exploration = 0.1;
        std::int64_t seed = -1;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("next", "The images to ask a person next (active questions)");
    cmd->footer(
        "informative: the images whose answers are expected to shrink the uncertainty of the person's predicted "
        "scores most (a Bayesian linear head on the cached image vectors, its prior from the other people's "
        "answers), with a share picked at random (--exploration); random: uniformly among the unrated images; "
        "unrated: the library's order with prompts interleaved, as artist mode served them before. Nothing is "
        "stored; answers given in artist mode record the strategy (ratings.chosen_by).");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--person", options->person, "Pseudonym of the person")->required();
    cmd->add_option("--count", options->count, "How many images")->capture_default_str()->transform(integerIn(1, 1000));
    cmd->add_option("--strategy", options->strategy, "informative, random or unrated")
        ->capture_default_str()
        ->check(CLI::IsMember({"informative", "random", "unrated"}));
    cmd->add_option("--generator", options->generator, "Only images of this stored generator id (procedural-v1, ...)");
    cmd->add_option("--backbone", options->backbone, "Whose image vectors are the features")->capture_default_str();
    cmd->add_option("--exploration", options->exploration,
           "Share of informative picks made at random (once the person has 30 answers)")
        ->capture_default_str()
        ->check(numberIn(0, 1));
    cmd->add_option("--seed", options->seed, "Seed of random picks (default: the person's number of answers)");
    cmd->callback([options] {
        auto workspace = services::Workspace::open(options->root);
        storage::Database& db = workspace.database();
        const auto person = storage::PeopleStore(db).findByPseudonym(options->person);
        if (!person) {
            throw CommandError(fmt::format("no person '{}' in this workspace", options->person));
        }
        const auto answers = storage::AnswerStore(db).ratingsOf(person->id);
        std::set<std::int64_t> rated;
        for (const auto& r : answers) rated.insert(r.imageId);
        std::vector<storage::ImageRecord> unrated;
        for (auto& image : storage::ImageStore(db).list()) {
            if (rated.count(image.id)) continue;
            if (!options->generator.empty() && image.generator.value_or(std::string()) != options->generator) continue;
            unrated.push_back(std::move(image));
        }
        std::reverse(unrated.begin(), unrated.end());  // newest first, as artist mode lists them
        const std::uint64_t seed = options->seed >= 0 ? std::uint64_t(options->seed) : std::uint64_t(answers.size());
        unrated = services::ArtistSession::interleavePrompts(std::move(unrated), seed);
        if (unrated.empty()) {
            fmt::print("{} has rated every image{}.\n", util::printableForTerminal(options->person),
                options->generator.empty() ? "" : " of " + util::printableForTerminal(options->generator));
            return;
        }
        services::TasteModelOptions modelOptions;
        modelOptions.backbone = options->backbone;
        modelOptions.exploration = options->exploration;
        const auto started = std::chrono::steady_clock::now();
        services::PersonTasteModel model(workspace, person->id, modelOptions);
        const double built = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::vector<std::int64_t> ids;
        std::map<std::int64_t, const storage::ImageRecord*> byId;
        for (const auto& image : unrated) {
            ids.push_back(image.id);
            byId[image.id] = &image;
        }
        const auto strategy = services::parseQuestionStrategy(options->strategy);
        const auto chosen = model.choose(ids, strategy, options->count, seed);
        const auto predictions = model.predict(chosen);
        fmt::print("{:>8}  {:>9}  {:>11}  {}\n", "image", "predicted", "uncertainty", "file");
        for (std::size_t i = 0; i < chosen.size(); ++i) {
            const storage::ImageRecord& image = *byId.at(chosen[i]);
            std::string file;
            try {
                file = services::verifiedImageFile(workspace, image).string();
            } catch (const std::exception& e) {
                file = fmt::format("(unusable: {})", e.what());
            }
            fmt::print("{:>8}  {:>9.3f}  {:>11.3f}  {}\n", image.id, predictions[i].score, predictions[i].uncertainty,
                util::printableForTerminal(file));
        }
        fmt::print("{} of {} unrated image(s) by strategy {}; the model holds {} answer(s) of {}, its prior {} other "
                   "people ({:.2f} s to build)\n",
            chosen.size(), unrated.size(), options->strategy, model.answers(),
            util::printableForTerminal(options->person), model.priorPeople(), built);
    });
}

}  // namespace tastelab::cli

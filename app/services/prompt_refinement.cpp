// Prompt refinement: a beam search over single-modifier prompt edits, every candidate rendered with the same seed and
// scored by the person's reward model; candidates go to the library and the search is stored as a run.
#include "app/services/prompt_refinement.h"

#include "app/services/generation.h"
#include "app/services/image_library.h"
#include "app/services/reward/scorer.h"
#include "app/services/text_to_image.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "model/nn/runtime.h"
#include "model/procedural/procedural_generator.h"
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "util/json.h"

#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>

namespace tastelab::services {

namespace {

using util::JsonValue;

// A lower-case alphanumeric word of a prompt and where it sits.
struct Word {
    std::string text;
    std::size_t begin = 0, end = 0;
};

std::vector<Word> wordsOf(const std::string& text)
{
    // The same word split as the procedural generator's parser: runs of letters and digits.
    std::vector<Word> out;
    for (std::size_t i = 0; i < text.size();) {
        if (!std::isalnum(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        Word word;
        word.begin = i;
        while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) {
            word.text += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
            ++i;
        }
        word.end = i;
        out.push_back(std::move(word));
    }
    return out;
}

// The character span [begin, end) of the first whole-word occurrence of `modifier` in `prompt`.
std::optional<std::pair<std::size_t, std::size_t>> findModifier(const std::string& prompt, const std::string& modifier)
{
    const std::vector<Word> words = wordsOf(prompt);
    const std::vector<Word> wanted = wordsOf(modifier);
    if (wanted.empty() || wanted.size() > words.size()) return std::nullopt;
    for (std::size_t i = 0; i + wanted.size() <= words.size(); ++i) {
        bool match = true;
        for (std::size_t k = 0; k < wanted.size() && match; ++k) match = words[i + k].text == wanted[k].text;
        if (match) return std::make_pair(words[i].begin, words[i + wanted.size() - 1].end);
    }
    return std::nullopt;
}

std::string trim(const std::string& text, const char* characters = " \t\r\n")
{
    const std::size_t first = text.find_first_not_of(characters);
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(characters) - first + 1);
}

// Comma-separated parts trimmed, inner runs of spaces collapsed, empty parts dropped.
std::string tidyCommas(const std::string& text)
{
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string part;
        for (char c : trim(text.substr(start, comma - start))) {
            if (std::isspace(static_cast<unsigned char>(c)) && !part.empty() && part.back() == ' ') continue;
            part += std::isspace(static_cast<unsigned char>(c)) ? ' ' : c;
        }
        if (!part.empty()) out += (out.empty() ? "" : ", ") + part;
        start = comma + 1;
    }
    return out;
}

// Prompts with the same words in any order ("a fox, dark, warm" and "a fox, warm, dark") count as one candidate.
std::string candidateKey(const std::string& prompt)
{
    std::vector<std::string> words;
    for (auto& word : wordsOf(prompt)) words.push_back(std::move(word.text));
    std::sort(words.begin(), words.end());
    std::string key;
    for (const auto& word : words) key += word + ' ';
    return key;
}

std::string_view kindName(PromptEdit::Kind kind)
{
    switch (kind) {
    case PromptEdit::Kind::Add:
        return "add";
    case PromptEdit::Kind::Remove:
        return "remove";
    case PromptEdit::Kind::Swap:
        return "swap";
    }
    return "add";
}

std::uint64_t fnv1a(const std::string& text)
{
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    return hash;
}

// At most `limit` of the edits: shuffled within each category by a generator seeded from the seed and the prompt (our
// own Fisher-Yates, so the choice is the same with every standard library), then taken round-robin over categories.
std::vector<PromptEdit> sampleEdits(
    const std::vector<PromptEdit>& edits, int limit, std::uint64_t seed, const std::string& prompt)
{
    if (static_cast<int>(edits.size()) <= limit) return edits;
    std::vector<std::vector<PromptEdit>> groups;
    for (const auto& category : promptVocabulary()) {
        std::vector<PromptEdit> group;
        for (const auto& edit : edits) {
            if (edit.category == category.name) group.push_back(edit);
        }
        if (!group.empty()) groups.push_back(std::move(group));
    }
    std::mt19937_64 random(seed ^ fnv1a(prompt));
    for (auto& group : groups) {
        for (std::size_t i = group.size(); i > 1; --i) std::swap(group[i - 1], group[random() % i]);
    }
    std::vector<PromptEdit> out;
    for (std::size_t round = 0; static_cast<int>(out.size()) < limit; ++round) {
        bool any = false;
        for (const auto& group : groups) {
            if (round < group.size() && static_cast<int>(out.size()) < limit) {
                out.push_back(group[round]);
                any = true;
            }
        }
        if (!any) break;
    }
    return out;
}

JsonValue editJson(const PromptEdit& edit)
{
    JsonValue value = JsonValue::Object{};
    value.set("kind", JsonValue(std::string(kindName(edit.kind))));
    value.set("category", JsonValue(edit.category));
    if (!edit.from.empty()) value.set("from", JsonValue(edit.from));
    if (!edit.to.empty()) value.set("to", JsonValue(edit.to));
    value.set("text", JsonValue(edit.describe()));
    return value;
}

JsonValue candidateJson(const PromptCandidate& candidate)
{
    JsonValue value = JsonValue::Object{};
    value.set("prompt", JsonValue(candidate.prompt));
    JsonValue::Array edits;
    for (const auto& edit : candidate.edits) edits.push_back(editJson(edit));
    value.set("edits", JsonValue(std::move(edits)));
    value.set("predicted", JsonValue(candidate.predicted));
    value.set("objective", JsonValue(candidate.objective));
    value.set("image_id", JsonValue(candidate.imageId));
    value.set("depth", JsonValue(std::int64_t{candidate.depth}));
    return value;
}

// Renders prompts, all with the same seed's noise, as pixels [B, 3, S, S] in 0..1.
class PromptRenderer {
public:
    explicit PromptRenderer(const PromptRefineOptions& options)
        : options_(options)
    {
        TextToImageOptions generatorOptions;
        generatorOptions.size = options.size;
        if (generatorFacts(options.generator).needsModelFolder)
            generatorOptions.device = model::resolveDevice(options.device);
        generator_ = TextToImage::open(options.generator, options.modelFolder, generatorOptions);
        noise_ = generator_->noise({options.seed}, options.size);
    }

    at::Tensor render(const std::vector<std::string>& prompts) const
    {
        at::NoGradGuard noGrad;
        const auto batch = static_cast<std::int64_t>(prompts.size());
        std::vector<std::int64_t> repeat{batch};  // the batch dimension; the others once
        repeat.resize(static_cast<std::size_t>(noise_.dim()), 1);
        TextToImage::RenderOptions renderOptions;
        renderOptions.steps = options_.steps;
        return generator_->render(noise_.repeat(repeat), prompts, renderOptions);
    }

    std::string generatorId() const { return generator_->generatorId(); }
    std::string modelId() const { return generator_->modelId(); }

private:
    const PromptRefineOptions& options_;
    std::unique_ptr<TextToImage> generator_;
    at::Tensor noise_;
};

std::string settingsJson(const PromptRefineOptions& options, const std::string& checkpoint, const std::string& device,
    const std::vector<PromptCandidate>& evaluated, const std::vector<std::vector<PromptCandidate>>& beams)
{
    JsonValue settings = JsonValue::Object{};
    settings.set("method", JsonValue(std::string("prompt")));
    settings.set("beamWidth", JsonValue(std::int64_t{options.beamWidth}));
    settings.set("depth", JsonValue(std::int64_t{options.depth}));
    settings.set("maxCandidatesPerParent", JsonValue(std::int64_t{options.maxCandidatesPerParent}));
    settings.set("size", JsonValue(std::int64_t{options.size}));
    settings.set("backbone", JsonValue(options.backbone));
    settings.set("device", JsonValue(device));
    settings.set("generator", JsonValue(options.generator));
    if (const GeneratorFacts& facts = generatorFacts(options.generator); facts.needsModelFolder) {
        settings.set("model", JsonValue(options.modelFolder.string()));
        settings.set("steps", JsonValue(std::int64_t{facts.stepsOrDefault(options.steps)}));
    }
    settings.set("contrast", JsonValue(options.contrast));
    settings.set("checkpoint", JsonValue(checkpoint));
    JsonValue::Array candidates;
    for (const auto& candidate : evaluated) candidates.push_back(candidateJson(candidate));
    settings.set("candidates", JsonValue(std::move(candidates)));
    JsonValue::Array beamImages;
    for (const auto& beam : beams) {
        JsonValue::Array ids;
        for (const auto& candidate : beam) ids.emplace_back(candidate.imageId);
        beamImages.emplace_back(std::move(ids));
    }
    settings.set("beams", JsonValue(std::move(beamImages)));
    settings.set("verdicts", JsonValue(JsonValue::Object{}));
    return util::toJson(settings);
}

storage::SteeringRunRecord promptRun(Workspace& workspace, std::int64_t runId)
{
    auto run = storage::RunStore(workspace.database()).steeringRun(runId);
    if (!run) throw std::invalid_argument(fmt::format("no steering run {}", runId));
    if (run->method != storage::SteeringMethod::Prompt)
        throw std::invalid_argument(fmt::format("steering run {} is not a prompt refinement", runId));
    return *run;
}

}  // namespace

const std::vector<VocabularyCategory>& promptVocabulary()
{
    // Multi-word modifiers read naturally to a diffusion model; their words are in the procedural lexicon where it
    // has one ("dramatic lighting": "dramatic"), so that every edit changes a procedural image as well.
    static const std::vector<VocabularyCategory> vocabulary = {
        {"art style", {"impressionist", "cubist", "art deco", "bauhaus", "baroque", "pop art", "gothic", "cyberpunk"}},
        {"color", {"warm", "cool", "golden", "crimson", "teal", "emerald", "sepia", "icy"}},
        {"detail", {"minimal", "intricate", "detailed", "ornate", "simple", "sparse"}},
        {"medium",
            {"watercolor", "oil painting", "charcoal", "ink", "pencil sketch", "digital art", "impasto", "mosaic"}},
        {"saturation", {"vibrant", "vivid", "neon", "muted", "desaturated", "monochrome", "pastel"}},
        {"lighting", {"bright", "dark", "dramatic lighting", "soft light", "backlit", "moody", "foggy", "sunset"}},
        {"composition", {"centered", "symmetrical", "asymmetrical", "scattered", "diagonal", "layered", "balanced"}},
        {"viewpoint", {"closeup", "wide angle", "panoramic", "portrait", "framed"}},
    };
    return vocabulary;
}

std::string PromptEdit::describe() const
{
    switch (kind) {
    case Kind::Add:
        return fmt::format("add '{}'", to);
    case Kind::Remove:
        return fmt::format("remove '{}'", from);
    case Kind::Swap:
        return fmt::format("swap '{}' -> '{}'", from, to);
    }
    return {};
}

std::vector<std::string> modifiersIn(const std::string& prompt)
{
    std::vector<std::string> out;
    for (const auto& category : promptVocabulary()) {
        for (const auto& modifier : category.modifiers) {
            if (findModifier(prompt, modifier)) out.push_back(modifier);
        }
    }
    return out;
}

std::vector<PromptEdit> candidateEdits(const std::string& prompt)
{
    std::vector<PromptEdit> edits;
    for (const auto& category : promptVocabulary()) {
        std::vector<std::string> present;
        for (const auto& modifier : category.modifiers) {
            if (findModifier(prompt, modifier)) present.push_back(modifier);
        }
        if (present.empty()) {
            for (const auto& modifier : category.modifiers)
                edits.push_back({PromptEdit::Kind::Add, category.name, {}, modifier});
            continue;
        }
        for (const auto& from : present) {
            edits.push_back({PromptEdit::Kind::Remove, category.name, from, {}});
            for (const auto& to : category.modifiers) {
                if (std::find(present.begin(), present.end(), to) == present.end())
                    edits.push_back({PromptEdit::Kind::Swap, category.name, from, to});
            }
        }
    }
    return edits;
}

std::string applyEdit(const std::string& prompt, const PromptEdit& edit)
{
    if (edit.kind == PromptEdit::Kind::Add) {
        if (trim(edit.to).empty()) throw std::invalid_argument("an added modifier cannot be empty");
        const std::string base = trim(prompt, " \t\r\n,");
        return base.empty() ? edit.to : base + ", " + edit.to;
    }
    const auto span = findModifier(prompt, edit.from);
    if (!span)
        throw std::invalid_argument(fmt::format("the prompt '{}' has no '{}' to {}", prompt, edit.from,
            edit.kind == PromptEdit::Kind::Remove ? "remove" : "swap"));
    const std::string before = prompt.substr(0, span->first), after = prompt.substr(span->second);
    if (edit.kind == PromptEdit::Kind::Swap) return before + edit.to + after;
    return tidyCommas(before + after);
}

PromptRefineReport refinePrompt(Workspace& workspace, const PromptRefineOptions& options)
{
    if (trim(options.prompt).empty()) throw std::invalid_argument("prompt refinement needs a prompt");
    if (const auto problem = promptProblem(options.prompt)) throw std::invalid_argument(*problem);
    if (options.seed > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw std::invalid_argument(fmt::format("seed {} is too large: seeds must stay below 2^63", options.seed));
    }
    if (options.beamWidth < 1 || options.depth < 0 || options.maxCandidatesPerParent < 1) {
        throw std::invalid_argument(fmt::format("beam width {}, depth {}, candidates per parent {}: each must be at "
                                                "least 1 (depth at least 0)",
            options.beamWidth, options.depth, options.maxCandidatesPerParent));
    }
    auto& db = workspace.database();
    const auto person = storage::PeopleStore(db).findByPseudonym(options.person);
    if (!person) throw std::invalid_argument(fmt::format("no person '{}' in this workspace", options.person));
    ScoreOptions scoreOptions;
    scoreOptions.backbone = options.backbone;
    scoreOptions.device = options.device;
    RewardScorer scorer(workspace, scoreOptions);
    scorer.refresh(person->id);
    const PromptRenderer renderer(options);

    PromptRefineReport report;
    report.person = options.person;
    report.generator = renderer.generatorId();
    report.checkpoint = scorer.checkpoint().string();
    report.device = scorer.device();
    report.seed = options.seed;
    const auto started = std::chrono::steady_clock::now();
    const int total = 1 + options.depth * options.beamWidth * options.maxCandidatesPerParent;

    // Renders, scores and stores a batch of candidates (prompt and edits filled in).
    auto evaluate = [&](std::vector<PromptCandidate>& batch) {
        std::vector<std::string> prompts;
        for (const auto& candidate : batch) prompts.push_back(candidate.prompt);
        const at::Tensor images = renderer.render(prompts);
        at::NoGradGuard noGrad;
        // Every candidate is scored as a picture for the original prompt: the reward model also reads the prompt's
        // words (a hashed bag of words), and an edit should win by the picture it makes, not by a word the model
        // happens to weigh. (On the demo the difference is below 0.01.)
        const std::vector<std::string> scoredAs(prompts.size(), options.prompt);
        const at::Tensor predicted = scorer.scorePixels(person->id, images, scoredAs).to(at::kDouble).cpu();
        const at::Tensor objective = options.contrast != 0.0
            ? scorer.scorePixels(person->id, images, scoredAs, options.contrast).to(at::kDouble).cpu()
            : predicted;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const auto row = static_cast<std::int64_t>(i);
            PromptCandidate& candidate = batch[i];
            candidate.predicted = predicted[row].item<double>();
            candidate.objective = objective[row].item<double>();
            GeneratedImage info;
            info.generator = renderer.generatorId();
            info.model = renderer.modelId();
            info.prompt = candidate.prompt;
            info.seed = static_cast<std::int64_t>(options.seed);
            info.parameters =
                fmt::format(R"({{"size": {}, "steered": true, "person": {}, "method": "prompt", "depth": {}}})",
                    options.size, util::jsonQuote(options.person), candidate.depth);
            candidate.imageId = addGeneratedImage(workspace, model::tensorToImage(images[row]), info);
            report.evaluated.push_back(candidate);
        }
    };
    auto byObjective = [](const PromptCandidate& a, const PromptCandidate& b) { return a.objective > b.objective; };

    std::vector<PromptCandidate> first{PromptCandidate{options.prompt, {}, 0, 0, 0, 0}};
    evaluate(first);
    report.original = first.front();
    std::set<std::string> seen{candidateKey(options.prompt)};
    std::vector<PromptCandidate> beam{report.original};
    int done = 1;
    if (options.onProgress) options.onProgress(done, total, report.original.objective);
    for (int depth = 1; depth <= options.depth && !report.cancelled; ++depth) {
        std::vector<PromptCandidate> pool = beam;  // parents stay in the running: the best never gets worse
        for (const PromptCandidate& parent : beam) {
            if (options.cancel && options.cancel->load()) {
                report.cancelled = true;
                break;
            }
            std::vector<PromptCandidate> children;
            for (const PromptEdit& edit : sampleEdits(
                     candidateEdits(parent.prompt), options.maxCandidatesPerParent, options.seed, parent.prompt)) {
                PromptCandidate child;
                child.prompt = applyEdit(parent.prompt, edit);
                if (!seen.insert(candidateKey(child.prompt)).second) continue;
                child.edits = parent.edits;
                child.edits.push_back(edit);
                child.depth = depth;
                children.push_back(std::move(child));
            }
            auto reportProgress = [&] {
                if (!options.onProgress) return;
                const double best = std::max_element(pool.begin(), pool.end(), [&](const auto& a, const auto& b) {
                    return byObjective(b, a);
                })->objective;
                options.onProgress(std::min(done, total), total, best);
            };
            // The procedural generator renders a parent's children in one batch; a diffusion model renders one at a
            // time, so that cancel stops within one image rather than one parent's batch.
            const int parentEnd = done + options.maxCandidatesPerParent;
            const std::size_t chunk = renderer.modelId().empty() ? std::max<std::size_t>(1, children.size()) : 1;
            for (std::size_t start = 0; start < children.size(); start += chunk) {
                if (start > 0 && options.cancel && options.cancel->load()) {
                    report.cancelled = true;
                    break;
                }
                std::vector<PromptCandidate> part(children.begin() + static_cast<std::ptrdiff_t>(start),
                    children.begin() + static_cast<std::ptrdiff_t>(std::min(children.size(), start + chunk)));
                evaluate(part);
                pool.insert(pool.end(), part.begin(), part.end());
                done += static_cast<int>(part.size());
                if (start + chunk < children.size()) reportProgress();
            }
            if (report.cancelled) break;
            done = std::max(done, parentEnd);
            reportProgress();
        }
        std::stable_sort(pool.begin(), pool.end(), byObjective);
        if (static_cast<int>(pool.size()) > options.beamWidth) pool.resize(static_cast<std::size_t>(options.beamWidth));
        beam = pool;
        report.beams.push_back(beam);
    }
    report.best = beam.front();
    // Parents whose edits were all seen already score fewer than their share: the progress still ends at the total.
    if (options.onProgress && !report.cancelled && done < total)
        options.onProgress(total, total, report.best.objective);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    storage::SteeringRunRecord run;
    run.personId = person->id;
    run.generator = report.generator;
    run.method = storage::SteeringMethod::Prompt;
    run.prompt = options.prompt;
    run.seed = static_cast<std::int64_t>(options.seed);
    if (const auto checkpoint = storage::CheckpointStore(db).latest(scorer.backboneKey()))
        run.checkpointId = checkpoint->id;
    run.settings = settingsJson(options, report.checkpoint, report.device, report.evaluated, report.beams);
    run.baselineImageId = report.original.imageId;
    storage::RunStore runs(db);
    report.runId = runs.startSteeringRun(run);
    JsonValue::Array trajectory{JsonValue(report.original.objective)};
    for (const auto& kept : report.beams) trajectory.emplace_back(kept.front().objective);
    runs.finishSteeringRun(report.runId,
        report.cancelled ? storage::RunStatus::Cancelled : storage::RunStatus::Finished,
        util::toJson(JsonValue(std::move(trajectory))), report.best.imageId);
    return report;
}

std::string promptRefineReportJson(const PromptRefineReport& report)
{
    JsonValue root = JsonValue::Object{};
    root.set("person", JsonValue(report.person));
    root.set("prompt", JsonValue(report.original.prompt));
    root.set("generator", JsonValue(report.generator));
    root.set("method", JsonValue(std::string("prompt")));
    root.set("checkpoint", JsonValue(report.checkpoint));
    root.set("device", JsonValue(report.device));
    root.set("seed", JsonValue(static_cast<std::int64_t>(report.seed)));
    root.set("run_id", JsonValue(report.runId));
    root.set("seconds", JsonValue(report.seconds));
    root.set("cancelled", JsonValue(report.cancelled));
    root.set("original", candidateJson(report.original));
    root.set("best", candidateJson(report.best));
    JsonValue::Array trajectory{JsonValue(report.original.objective)};
    for (const auto& beam : report.beams) trajectory.emplace_back(beam.front().objective);
    root.set("trajectory", JsonValue(std::move(trajectory)));
    JsonValue::Array beams;
    for (const auto& beam : report.beams) {
        JsonValue::Array kept;
        for (const auto& candidate : beam) kept.push_back(candidateJson(candidate));
        beams.emplace_back(std::move(kept));
    }
    root.set("beams", JsonValue(std::move(beams)));
    JsonValue::Array evaluated;
    for (const auto& candidate : report.evaluated) evaluated.push_back(candidateJson(candidate));
    root.set("evaluated", JsonValue(std::move(evaluated)));
    return util::toJson(root);
}

PromptRefineReport reopenPromptRefinement(Workspace& workspace, std::int64_t runId)
{
    const storage::SteeringRunRecord run = promptRun(workspace, runId);
    const std::string source = fmt::format("steering run {} settings", runId);
    const JsonValue settings = util::parseJson(run.settings, source);
    PromptRefineReport report;
    report.runId = runId;
    report.generator = run.generator;
    report.seed = static_cast<std::uint64_t>(run.seed);
    report.cancelled = run.status == storage::RunStatus::Cancelled;
    if (const auto person = storage::PeopleStore(workspace.database()).findById(run.personId))
        report.person = person->pseudonym;
    if (const JsonValue* checkpoint = settings.find("checkpoint")) report.checkpoint = checkpoint->asString();
    if (const JsonValue* device = settings.find("device")) report.device = device->asString();
    const JsonValue* candidates = settings.find("candidates");
    if (!candidates || candidates->asArray().empty())
        throw std::runtime_error(fmt::format("{} have no candidates", source));
    auto text = [](const JsonValue& object, std::string_view key) {
        const JsonValue* value = object.find(key);
        return value ? value->asString() : std::string();
    };
    for (const JsonValue& c : candidates->asArray()) {
        PromptCandidate candidate;
        candidate.prompt = c.find("prompt")->asString();
        for (const JsonValue& e : c.find("edits")->asArray()) {
            const std::string kind = text(e, "kind");
            PromptEdit edit;
            edit.kind = kind == "remove" ? PromptEdit::Kind::Remove
                : kind == "swap"         ? PromptEdit::Kind::Swap
                                         : PromptEdit::Kind::Add;
            edit.category = text(e, "category");
            edit.from = text(e, "from");
            edit.to = text(e, "to");
            candidate.edits.push_back(std::move(edit));
        }
        candidate.predicted = c.find("predicted")->asDouble();
        candidate.objective = c.find("objective")->asDouble();
        candidate.imageId = c.find("image_id")->asInt();
        candidate.depth = static_cast<int>(c.find("depth")->asInt());
        report.evaluated.push_back(std::move(candidate));
    }
    auto byImage = [&](std::int64_t imageId) {
        for (const auto& candidate : report.evaluated) {
            if (candidate.imageId == imageId) return candidate;
        }
        throw std::runtime_error(fmt::format("{} name image {}, which is not one of the candidates", source, imageId));
    };
    report.original = report.evaluated.front();
    if (const JsonValue* beams = settings.find("beams")) {
        for (const JsonValue& ids : beams->asArray()) {
            std::vector<PromptCandidate> beam;
            for (const JsonValue& id : ids.asArray()) beam.push_back(byImage(id.asInt()));
            report.beams.push_back(std::move(beam));
        }
    }
    report.best = report.beams.empty() ? report.original : report.beams.back().front();
    return report;
}

void recordVerdict(Workspace& workspace, std::int64_t runId, std::int64_t imageId, bool accepted)
{
    auto& db = workspace.database();
    db.writeTransaction([&] {
        const storage::SteeringRunRecord run = promptRun(workspace, runId);
        JsonValue settings = util::parseJson(run.settings, fmt::format("steering run {} settings", runId));
        bool candidate = false;
        if (const JsonValue* candidates = settings.find("candidates")) {
            for (const auto& c : candidates->asArray()) candidate = candidate || c.find("image_id")->asInt() == imageId;
        }
        if (!candidate)
            throw std::invalid_argument(fmt::format("image {} is not a candidate of steering run {}", imageId, runId));
        JsonValue verdicts = settings.find("verdicts") ? *settings.find("verdicts") : JsonValue(JsonValue::Object{});
        verdicts.set(std::to_string(imageId), JsonValue(std::string(accepted ? "accepted" : "rejected")));
        settings.set("verdicts", std::move(verdicts));
        // RunStore has no settings update of its own; the run row is changed in place, inside this transaction.
        db.prepare("UPDATE steering_runs SET settings = ?2 WHERE id = ?1")
            .bind(1, runId)
            .bind(2, util::toJson(settings))
            .run();
    });
}

std::vector<std::pair<std::int64_t, bool>> verdictsOf(Workspace& workspace, std::int64_t runId)
{
    const storage::SteeringRunRecord run = promptRun(workspace, runId);
    const JsonValue settings = util::parseJson(run.settings, fmt::format("steering run {} settings", runId));
    std::vector<std::pair<std::int64_t, bool>> out;
    if (const JsonValue* verdicts = settings.find("verdicts")) {
        for (const auto& [key, value] : verdicts->asObject())
            out.emplace_back(std::stoll(key), value.asString() == "accepted");
    }
    return out;
}

std::int64_t rateCandidate(Workspace& workspace, const std::string& person, std::int64_t imageId, double sliderValue)
{
    auto& db = workspace.database();
    const auto who = storage::PeopleStore(db).findByPseudonym(person);
    if (!who) throw std::invalid_argument(fmt::format("no person '{}' in this workspace", person));
    if (!storage::ImageStore(db).findById(imageId))
        throw std::invalid_argument(fmt::format("no image {} in this workspace", imageId));
    storage::AnswerStore answers(db);
    storage::SliderRating rating;
    rating.personId = who->id;
    rating.imageId = imageId;
    rating.value = sliderValue;
    rating.source = storage::AnswerSource::App;
    for (const auto& earlier : answers.ratingsOf(who->id)) {
        if (earlier.imageId == imageId && !earlier.studyId) rating.revisesId = earlier.id;
    }
    return answers.recordRating(rating);
}

}  // namespace tastelab::services

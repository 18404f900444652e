// Building a participant's seeded, block-randomized plan.
#include "app/services/study_plan.h"

#include "util/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace tastelab::services {

namespace {

using storage::ItemKind;
using storage::Trial;
using storage::TrialMode;

bool hasSlider(storage::AnswerModes modes)
{
    return modes != storage::AnswerModes::Pairwise;
}
bool hasPairwise(storage::AnswerModes modes)
{
    return modes != storage::AnswerModes::Slider;
}

Trial sliderTrial(std::int64_t imageId)
{
    Trial trial;
    trial.mode = TrialMode::Slider;
    trial.imageId = imageId;
    return trial;
}

Trial pairTrial(std::int64_t left, std::int64_t right)
{
    Trial trial;
    trial.mode = TrialMode::Pairwise;
    trial.leftImageId = left;
    trial.rightImageId = right;
    return trial;
}

// Pairs over `ids` in which every item appears about `perItem` times: disjoint pairs for 1, otherwise rings at
// offsets 1, 2, ... (each ring adds two appearances per item); no unordered pair twice.
std::vector<std::pair<std::int64_t, std::int64_t>> makePairs(std::vector<std::int64_t> ids, int perItem)
{
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    const auto n = ids.size();
    if (perItem <= 1) {
        for (std::size_t i = 0; i + 1 < n; i += 2) pairs.emplace_back(ids[i], ids[i + 1]);
        return pairs;
    }
    auto seen = [&](std::int64_t a, std::int64_t b) {
        return std::any_of(pairs.begin(), pairs.end(),
            [&](const auto& p) { return (p.first == a && p.second == b) || (p.first == b && p.second == a); });
    };
    for (int offset = 1; offset <= perItem / 2 && static_cast<std::size_t>(offset) < n; ++offset) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto a = ids[i];
            const auto b = ids[(i + offset) % n];
            if (a != b && !seen(a, b)) pairs.emplace_back(a, b);
        }
    }
    return pairs;
}

}  // namespace

PlanSettings planSettings(const storage::Study& study)
{
    PlanSettings settings;
    const auto root = util::parseJson(study.protocol.settings, fmt::format("the settings of study '{}'", study.name));
    const auto* plan = root.find("plan");
    if (plan == nullptr) return settings;
    if (const auto* pairs = plan->find("pairsPerItem")) {
        if (!pairs->isInteger() || pairs->asInt() < 1 || pairs->asInt() > 16) {
            throw std::invalid_argument(
                fmt::format("study '{}': plan.pairsPerItem must be a whole number from 1 to 16", study.name));
        }
        settings.pairsPerItem = static_cast<int>(pairs->asInt());
    }
    if (const auto* shuffle = plan->find("shuffleBlocks")) {
        if (!shuffle->isBool()) {
            throw std::invalid_argument(
                fmt::format("study '{}': plan.shuffleBlocks must be true or false", study.name));
        }
        settings.shuffleBlocks = shuffle->asBool();
    }
    return settings;
}

DisplaySettings displaySettings(const storage::Study& study)
{
    DisplaySettings settings;
    const auto root = util::parseJson(study.protocol.settings, fmt::format("the settings of study '{}'", study.name));
    const auto* display = root.find("display");
    if (display == nullptr) return settings;
    if (const auto* show = display->find("showPrompt")) {
        if (!show->isBool()) {
            throw std::invalid_argument(
                fmt::format("study '{}': display.showPrompt must be true or false", study.name));
        }
        settings.showPrompt = show->asBool();
    }
    return settings;
}

std::string withShowPrompt(const std::string& settings, bool show)
{
    util::JsonValue root = util::parseJson(settings.empty() ? std::string("{}") : settings, "studies.settings");
    if (!root.isObject()) root = util::JsonValue::Object{};
    const util::JsonValue* display = root.find("display");
    util::JsonValue updated = display && display->isObject() ? *display : util::JsonValue(util::JsonValue::Object{});
    updated.set("showPrompt", show);
    root.set("display", std::move(updated));
    return util::toJson(root);
}

std::int64_t planSeed(std::int64_t studySeed, std::int64_t personId)
{
    // splitmix64 of the pair: nearby person ids give unrelated seeds.
    std::uint64_t z =
        static_cast<std::uint64_t>(studySeed) * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(personId);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<std::int64_t>(z >> 1);  // non-negative, fits SQLite's INTEGER
}

storage::Assignment buildStudyPlan(
    const storage::Study& study, const std::vector<storage::StudyItem>& items, std::int64_t personId, std::int64_t seed)
{
    const auto& protocol = study.protocol;
    const PlanSettings settings = planSettings(study);
    std::mt19937_64 rng(static_cast<std::uint64_t>(seed));

    std::vector<std::int64_t> regular, practice, catches;
    for (const auto& item : items) {
        switch (item.kind) {
        case ItemKind::Regular:
            regular.push_back(item.imageId);
            break;
        case ItemKind::Practice:
            practice.push_back(item.imageId);
            break;
        case ItemKind::Catch:
            catches.push_back(item.imageId);
            break;
        }
    }
    if (regular.empty()) throw std::invalid_argument(fmt::format("study '{}' has no regular items", study.name));
    if (hasPairwise(protocol.answerModes) && regular.size() < 2) {
        throw std::invalid_argument(
            fmt::format("study '{}' asks for pairwise choices but has fewer than two regular items", study.name));
    }
    std::shuffle(practice.begin(), practice.end(), rng);
    if (protocol.practiceItems > 0 && practice.size() > static_cast<std::size_t>(protocol.practiceItems)) {
        practice.resize(static_cast<std::size_t>(protocol.practiceItems));
    }
    std::shuffle(catches.begin(), catches.end(), rng);
    if (protocol.catchItems > 0 && catches.size() > static_cast<std::size_t>(protocol.catchItems)) {
        catches.resize(static_cast<std::size_t>(protocol.catchItems));
    }

    // Regular trials in the designer's order: that order decides which items share a block.
    std::vector<Trial> main;
    if (hasSlider(protocol.answerModes)) {
        for (auto id : regular) main.push_back(sliderTrial(id));
    }
    if (hasPairwise(protocol.answerModes)) {
        std::vector<std::int64_t> order = regular;
        std::shuffle(order.begin(), order.end(), rng);
        auto pairs = makePairs(order, settings.pairsPerItem);
        // Counterbalancing: each pair is put in the designer's order, then exactly half of them (the odd one at
        // random) are shown the other way round, so neither side is favoured by item order.
        auto designerIndex = [&](std::int64_t id) {
            return std::find(regular.begin(), regular.end(), id) - regular.begin();
        };
        for (auto& pair : pairs) {
            if (designerIndex(pair.first) > designerIndex(pair.second)) std::swap(pair.first, pair.second);
        }
        std::vector<bool> swap(pairs.size(), false);
        for (std::size_t i = 0; i < pairs.size() / 2; ++i) swap[i] = true;
        if (pairs.size() % 2 == 1) swap.back() = std::bernoulli_distribution(0.5)(rng);
        std::shuffle(swap.begin(), swap.end(), rng);
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            main.push_back(
                swap[i] ? pairTrial(pairs[i].second, pairs[i].first) : pairTrial(pairs[i].first, pairs[i].second));
        }
    }

    const std::size_t blockSize = protocol.blockSize > 0 ? static_cast<std::size_t>(protocol.blockSize) : main.size();
    std::vector<std::vector<Trial>> blocks;
    for (std::size_t i = 0; i < main.size(); i += blockSize) {
        blocks.emplace_back(main.begin() + static_cast<std::ptrdiff_t>(i),
            main.begin() + static_cast<std::ptrdiff_t>(std::min(main.size(), i + blockSize)));
    }
    // Catch trials spread evenly over the blocks.
    for (std::size_t c = 0; c < catches.size(); ++c) {
        Trial trial = sliderTrial(catches[c]);
        trial.isCatch = true;
        blocks[c * blocks.size() / catches.size()].push_back(trial);
    }
    if (settings.shuffleBlocks) std::shuffle(blocks.begin(), blocks.end(), rng);
    std::vector<Trial> sequence;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        std::shuffle(blocks[b].begin(), blocks[b].end(), rng);
        for (auto& trial : blocks[b]) {
            trial.block = static_cast<int>(b) + 1;
            sequence.push_back(trial);
        }
    }

    // Repeats: chosen among the regular trials of the first half, each shown again ceil(N/2) trials later, so the
    // person is unlikely to remember the first answer. A repeated pair is shown with its sides swapped.
    if (protocol.repeats > 0) {
        const std::size_t n = sequence.size();
        const std::size_t half = (n + 1) / 2;
        std::vector<std::size_t> candidates;
        for (std::size_t i = 0; i < n && i < half; ++i) {
            if (!sequence[i].isCatch) candidates.push_back(i);
        }
        if (candidates.size() < static_cast<std::size_t>(protocol.repeats)) {
            throw std::invalid_argument(fmt::format(
                "study '{}' asks for {} repeats but only {} trials can be repeated far enough apart (the first half of "
                "{} trials)",
                study.name, protocol.repeats, candidates.size(), n));
        }
        std::shuffle(candidates.begin(), candidates.end(), rng);
        candidates.resize(static_cast<std::size_t>(protocol.repeats));
        std::sort(candidates.begin(), candidates.end());
        std::vector<Trial> withRepeats;
        std::size_t next = 0;  // next candidate whose copy is still to be placed
        for (std::size_t i = 0; i < n; ++i) {
            withRepeats.push_back(sequence[i]);
            while (next < candidates.size() && candidates[next] + half <= i + 1) {
                Trial copy = sequence[candidates[next]];
                copy.isRepeat = true;
                copy.block = sequence[i].block;
                if (copy.mode == TrialMode::Pairwise) std::swap(copy.leftImageId, copy.rightImageId);
                withRepeats.push_back(copy);
                ++next;
            }
        }
        sequence = std::move(withRepeats);
    }

    storage::Assignment plan;
    plan.studyId = study.id;
    plan.personId = personId;
    plan.seed = seed;
    const bool practiceSlider = hasSlider(protocol.answerModes) || practice.size() < 2;
    if (practiceSlider) {
        for (auto id : practice) {
            Trial trial = sliderTrial(id);
            trial.isPractice = true;
            plan.trials.push_back(trial);
        }
    } else {
        for (std::size_t i = 0; i + 1 < practice.size(); i += 2) {
            Trial trial = pairTrial(practice[i], practice[i + 1]);
            trial.isPractice = true;
            plan.trials.push_back(trial);
        }
    }
    for (auto& trial : sequence) plan.trials.push_back(trial);
    for (std::size_t i = 0; i < plan.trials.size(); ++i) plan.trials[i].position = static_cast<int>(i);
    return plan;
}

}  // namespace tastelab::services

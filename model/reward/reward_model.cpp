// The reward network. Tensor names are the registered module names, so a checkpoint is a straight
// name walk and a mismatch names the tensor.
#include "model/reward/reward_model.h"

#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"
#include "model/io/tensor_checks.h"
#include "model/nn/fast_linear.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/nn.h>

#include <cmath>
#include <set>

namespace tastelab::model {
namespace {

namespace nn = torch::nn;

at::Tensor linear(const nn::Linear& layer, const at::Tensor& input)
{
    return fastLinear(input, layer->weight, layer->bias);
}

struct RewardNetImpl : nn::Module {
    explicit RewardNetImpl(const RewardModelConfig& c)
        : config(c)
    {
        const int h = c.hidden;
        imageMean = register_buffer("image_mean", at::zeros({c.imageDim}));
        imageStd = register_buffer("image_std", at::ones({c.imageDim}));
        knownProfiles = register_buffer("known_profiles", at::zeros({c.personalized ? c.people : 0, c.imageDim}));
        itemImage = register_module("item_image", nn::Linear(c.imageDim, h));
        if (c.textDim > 0)
            itemPrompt = register_module("item_prompt", nn::Linear(nn::LinearOptions(c.textDim, h).bias(false)));
        itemNorm = register_module("item_norm", nn::LayerNorm(nn::LayerNormOptions({h})));
        itemOut = register_module("item_out", nn::Linear(h, h));
        population = register_parameter("population", at::randn({h}) * 0.1);
        if (c.personalized) {
            personEmbedding = register_parameter("person_embedding", at::randn({c.people, h}) * 0.1);
            tokenIn = register_module("context_token_in", nn::Linear(2 * h + 2, h));
            tokenOut = register_module("context_token_out", nn::Linear(h, h));
            poolQuery = register_parameter("context_pool_query", at::randn({h}) * 0.1);
            poolKey = register_module("context_pool_key", nn::Linear(h, h));
            summary = register_module("context_summary", nn::Linear(2 * h, h));
            summaryNorm = register_module("context_summary_norm", nn::LayerNorm(nn::LayerNormOptions({h})));
            mixtureQuery = register_module("context_mixture_query", nn::Linear(h, h));
            prototypes = register_parameter("prototypes", at::randn({c.prototypes, h}) * (1.0 / std::sqrt(double(h))));
            residual = register_module("context_residual", nn::Linear(h, h));
        }
        headHidden = register_module("head_hidden", nn::Linear(3 * h, h));
        headOut = register_module("head_out", nn::Linear(h, 3));
    }

    at::Tensor normalize(const at::Tensor& images) { return (images - imageMean) / imageStd; }

    at::Tensor items(const at::Tensor& images, const at::Tensor& prompts, const at::Tensor& rows = {})
    {
        // The standardisation folded into the first layer: W ((x - mean) / std) + b equals (W / std) x + (b - (W / std)
        // mean), with two passes fewer over the [N, imageDim] batch (the layer's weight is much smaller than it).
        const at::Tensor scaled = itemImage->weight / imageStd;
        at::Tensor x = fastLinear(images, scaled, itemImage->bias - at::matmul(scaled, imageMean));
        if (itemPrompt && prompts.defined()) x = x + linear(itemPrompt, prompts);
        x = itemNorm->forward(at::gelu(x));
        if (rows.defined()) x = x.index_select(0, rows);
        x = at::dropout(x, config.dropout, is_training());
        return linear(itemOut, x);
    }

    ContextEncoding context(const ReferenceBatch& refs)
    {
        const double scale = 1.0 / std::sqrt(double(config.hidden));
        const at::Tensor mask = refs.mask.to(at::kFloat);  // [B, N]
        const at::Tensor count = mask.sum(1, true).clamp_min(1.0);  // [B, 1]
        const at::Tensor h = refs.items.defined() ? refs.items : items(refs.images, refs.prompts);  // [B, N, H]
        const at::Tensor mean = (refs.values * mask).sum(1, true) / count;
        // Centred ratings carry the taste; the raw value carries how generous the person is.
        const at::Tensor centred = (refs.values - mean) * 2.0 * mask;  // [B, N]
        const at::Tensor raw = (refs.values - 0.5) * 2.0;
        const at::Tensor tokenInput =
            at::cat({h, h * centred.unsqueeze(-1), raw.unsqueeze(-1), centred.unsqueeze(-1)}, -1);
        const at::Tensor tokens = linear(tokenOut, at::gelu(linear(tokenIn, tokenInput)));  // [B, N, H]
        // Attention pooling with a learned query, and the plain mean, over the real references.
        at::Tensor attention = at::matmul(linear(poolKey, tokens), poolQuery) * scale;  // [B, N]
        attention = attention.masked_fill(refs.mask.logical_not(), -1e9).softmax(1);
        const at::Tensor pooled = (attention.unsqueeze(-1) * tokens).sum(1);
        const at::Tensor averaged = (tokens * mask.unsqueeze(-1)).sum(1) / count;
        ContextEncoding out;
        out.query = summaryNorm->forward(linear(summary, at::cat({pooled, averaged}, -1)));
        // Attention of the summary over the preference prototypes: a soft clustering of people.
        out.mixtureLogits = at::matmul(linear(mixtureQuery, out.query), prototypes.t()) * scale;
        out.person = fromMixture(out.mixtureLogits, out.query);
        return out;
    }

    at::Tensor fromMixture(const at::Tensor& logits, const at::Tensor& query)
    {
        return at::matmul(logits.softmax(-1), prototypes) + linear(residual, query);
    }

    PreferenceOutput head(const at::Tensor& itemVectors, const at::Tensor& person)
    {
        const at::Tensor p = person.expand_as(itemVectors);
        const at::Tensor z = at::cat({itemVectors * p, itemVectors, p}, -1);
        const at::Tensor out = linear(headOut, at::gelu(linear(headHidden, z)));
        // The bilinear term gives the person vector a direct say in the score.
        const at::Tensor affinity = (itemVectors * p).sum(-1) / std::sqrt(double(config.hidden));
        PreferenceOutput result;
        result.scoreLogit = out.select(-1, 0) + affinity;
        result.likeLogit = out.select(-1, 1) + affinity;
        result.dislikeLogit = out.select(-1, 2) - affinity;
        return result;
    }

    RewardModelConfig config;
    at::Tensor imageMean, imageStd, knownProfiles;
    nn::Linear itemImage{nullptr}, itemPrompt{nullptr}, itemOut{nullptr};
    nn::LayerNorm itemNorm{nullptr};
    at::Tensor population, personEmbedding, poolQuery, prototypes;
    nn::Linear tokenIn{nullptr}, tokenOut{nullptr}, poolKey{nullptr}, summary{nullptr}, mixtureQuery{nullptr},
        residual{nullptr};
    nn::LayerNorm summaryNorm{nullptr};
    nn::Linear headHidden{nullptr}, headOut{nullptr};
};
TORCH_MODULE(RewardNet);

void requirePersonalized(const RewardModelConfig& config, const char* what)
{
    if (!config.personalized) throw std::logic_error(fmt::format("the population model has no {}", what));
}

std::string configJson(const RewardModelConfig& c)
{
    using util::JsonValue;
    return util::toJson(JsonValue(JsonValue::Object{
        {"backbone", JsonValue(c.backbone)},
        {"image_dim", JsonValue(c.imageDim)},
        {"text_dim", JsonValue(c.textDim)},
        {"hidden", JsonValue(c.hidden)},
        {"prototypes", JsonValue(c.prototypes)},
        {"people", JsonValue(c.people)},
        {"personalized", JsonValue(c.personalized)},
        {"dropout", JsonValue(c.dropout)},
    }));
}

}  // namespace

at::Tensor PreferenceOutput::score() const
{
    return scoreLogit.sigmoid();
}

at::Tensor PreferenceOutput::like() const
{
    return (likeLogit - dislikeLogit).sigmoid();
}

struct RewardModel::Impl {
    RewardNet net{nullptr};
};

RewardModel::RewardModel(RewardModelConfig config, std::uint64_t seed)
    : impl_(std::make_unique<Impl>())
{
    if (config.imageDim <= 0 || config.textDim < 0 || config.hidden <= 0 || config.prototypes <= 0
        || config.people < 0) {
        throw std::invalid_argument(fmt::format("invalid reward model dimensions (image {}, text {}, hidden {}, "
                                                "prototypes {}, people {})",
            config.imageDim, config.textDim, config.hidden, config.prototypes, config.people));
    }
    at::manual_seed(seed);
    impl_->net = RewardNet(config);
}

RewardModel::~RewardModel() = default;
RewardModel::RewardModel(RewardModel&&) noexcept = default;
RewardModel& RewardModel::operator=(RewardModel&&) noexcept = default;

const RewardModelConfig& RewardModel::config() const
{
    return impl_->net->config;
}

c10::Device RewardModel::device() const
{
    return impl_->net->imageMean.device();
}

void RewardModel::to(c10::Device device)
{
    impl_->net->to(device);
    // Plain tensors held by the module struct follow the registered ones.
    auto& n = *impl_->net;
    n.imageMean = n.named_buffers()["image_mean"];
    n.imageStd = n.named_buffers()["image_std"];
    n.knownProfiles = n.named_buffers()["known_profiles"];
    n.population = n.named_parameters()["population"];
    if (n.config.personalized) {
        n.personEmbedding = n.named_parameters()["person_embedding"];
        n.poolQuery = n.named_parameters()["context_pool_query"];
        n.prototypes = n.named_parameters()["prototypes"];
    }
}

void RewardModel::train(bool on)
{
    impl_->net->train(on);
}

std::vector<at::Tensor> RewardModel::parameters() const
{
    return impl_->net->parameters();
}

std::vector<std::pair<std::string, at::Tensor>> RewardModel::namedTensors() const
{
    std::vector<std::pair<std::string, at::Tensor>> out;
    for (const auto& item : impl_->net->named_parameters()) out.emplace_back(item.key(), item.value());
    for (const auto& item : impl_->net->named_buffers()) out.emplace_back(item.key(), item.value());
    return out;
}

void RewardModel::loadNamedTensors(const std::vector<std::pair<std::string, at::Tensor>>& tensors)
{
    at::NoGradGuard noGrad;
    auto params = impl_->net->named_parameters();
    auto buffers = impl_->net->named_buffers();
    for (const auto& [name, value] : tensors) {
        at::Tensor* target = params.find(name);
        if (!target) target = buffers.find(name);
        if (!target) throw CheckpointError(fmt::format("unexpected tensor '{}'", name));
        if (target->sizes() != value.sizes()) {
            throw CheckpointError(fmt::format("tensor '{}' has shape [{}], expected [{}]", name,
                fmt::join(value.sizes(), ", "), fmt::join(target->sizes(), ", ")));
        }
        target->copy_(value);
    }
}

void RewardModel::setImageStatistics(const at::Tensor& mean, const at::Tensor& std)
{
    at::NoGradGuard noGrad;
    impl_->net->imageMean.copy_(mean);
    impl_->net->imageStd.copy_(std.clamp_min(1e-6));
}

at::Tensor RewardModel::normalizeImages(const at::Tensor& images) const
{
    return impl_->net->normalize(images);
}

at::Tensor RewardModel::encodeItems(const at::Tensor& images, const at::Tensor& prompts) const
{
    return impl_->net->items(images, prompts);
}

at::Tensor RewardModel::encodeItemRows(
    const at::Tensor& images, const at::Tensor& prompts, const at::Tensor& rows) const
{
    if (images.dim() != 2 || rows.dim() != 1) {
        throw std::invalid_argument("encodeItemRows takes [images, imageDim] vectors and [rows] indices");
    }
    return impl_->net->items(images, prompts, rows);
}

at::Tensor RewardModel::personEmbedding(const at::Tensor& personIndex) const
{
    requirePersonalized(config(), "person embeddings");
    return impl_->net->personEmbedding.index_select(0, personIndex);
}

at::Tensor RewardModel::populationVector() const
{
    return impl_->net->population;
}

ContextEncoding RewardModel::encodeReferences(const ReferenceBatch& references) const
{
    requirePersonalized(config(), "in-context encoder");
    return impl_->net->context(references);
}

at::Tensor RewardModel::personFromMixture(const at::Tensor& mixtureLogits, const at::Tensor& query) const
{
    requirePersonalized(config(), "prototypes");
    return impl_->net->fromMixture(mixtureLogits, query);
}

PreferenceOutput RewardModel::head(const at::Tensor& items, const at::Tensor& person) const
{
    return impl_->net->head(items, person);
}

void RewardModel::setKnownProfiles(const at::Tensor& profiles)
{
    auto& net = *impl_->net;
    if (profiles.sizes() != net.knownProfiles.sizes()) {
        throw CheckpointError(fmt::format("known profiles must be [{}]", fmt::join(net.knownProfiles.sizes(), ", ")));
    }
    at::NoGradGuard noGrad;
    net.knownProfiles.copy_(profiles);
}

bool RewardModel::hasKnownProfiles() const
{
    const at::Tensor& profiles = impl_->net->knownProfiles;
    return profiles.size(0) > 0 && profiles.abs().sum().item<double>() > 0;
}

at::Tensor RewardModel::personFromNeighbours(const at::Tensor& profile, int k, double temperature) const
{
    requirePersonalized(config(), "known people");
    if (!hasKnownProfiles()) throw std::logic_error("this reward model holds no profiles of known people");
    const auto& net = *impl_->net;
    const at::Tensor similarity = at::matmul(net.knownProfiles, profile.to(net.knownProfiles.device()));  // [P]
    const int top = std::min<int>(k, int(similarity.size(0)));
    const auto [values, indices] = similarity.topk(top);
    const at::Tensor weights = (values / temperature).softmax(0);
    return at::matmul(weights, net.personEmbedding.index_select(0, indices));
}

void RewardModel::save(const std::filesystem::path& file, const std::map<std::string, std::string>& extra,
    const std::vector<std::pair<std::string, at::Tensor>>& backboneTensors) const
{
    std::map<std::string, std::string> metadata = extra;
    for (const char* reserved : {"format", "format_version", "config"}) {
        if (metadata.count(reserved))
            throw std::invalid_argument(fmt::format("metadata key '{}' is reserved", reserved));
    }
    metadata["format"] = kFormatName;
    metadata["format_version"] = std::to_string(kFormatVersion);
    metadata["config"] = configJson(config());
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (auto& [name, tensor] : namedTensors()) tensors.emplace_back(name, tensor.detach().to(at::kCPU));
    for (const auto& [name, tensor] : backboneTensors) {
        tensors.emplace_back(kBackbonePrefix + name, tensor.detach().to(at::kCPU, at::kFloat));
    }
    writeSafetensors(file, tensors, metadata);
}

RewardModel RewardModel::load(const std::filesystem::path& file, const std::string& expectedBackbone,
    std::map<std::string, std::string>* metadata, std::vector<std::pair<std::string, at::Tensor>>* backboneTensors)
{
    const std::string where = file.string();
    std::unique_ptr<SafetensorsFile> st;
    try {
        st = std::make_unique<SafetensorsFile>(SafetensorsFile::open(file));
    } catch (const std::exception& e) {
        throw CheckpointError(fmt::format("cannot read reward model checkpoint {}: {}", where, e.what()));
    }
    const auto& meta = st->metadata();
    auto field = [&](const char* key) -> const std::string& {
        const auto it = meta.find(key);
        if (it == meta.end()) {
            throw CheckpointError(
                fmt::format("{} is not a TasteLab reward model (no '{}' in its metadata)", where, key));
        }
        return it->second;
    };
    if (field("format") != kFormatName) {
        throw CheckpointError(fmt::format("{} is not a TasteLab reward model (format '{}')", where, field("format")));
    }
    const int version = std::atoi(field("format_version").c_str());
    if (version > kFormatVersion) {
        throw CheckpointError(fmt::format("{} has reward model format {}, newer than this TasteLab reads ({}); update "
                                          "TasteLab",
            where, version, kFormatVersion));
    }
    RewardModelConfig config;
    try {
        const util::JsonValue c = util::parseJson(field("config"));
        auto get = [&](const char* key) -> const util::JsonValue& {
            const util::JsonValue* value = c.find(key);
            if (!value) throw CheckpointError(fmt::format("{} has no '{}' in its config", where, key));
            return *value;
        };
        // Each size within its range before it is narrowed to int or sizes anything.
        auto size = [&](const char* key, std::int64_t min, std::int64_t max) {
            const std::int64_t value = get(key).asInt();
            if (value < min || value > max) {
                throw CheckpointError(fmt::format("{}: the config's '{}' is {}, outside the accepted {}..{} (refused "
                                                  "before building the model)",
                    where, key, value, min, max));
            }
            return static_cast<int>(value);
        };
        config.backbone = get("backbone").asString();
        config.imageDim = size("image_dim", 1, kMaxConfigPositions);
        config.textDim = size("text_dim", 0, kMaxConfigPositions);
        config.hidden = size("hidden", 1, kMaxConfigWidth);
        config.prototypes = size("prototypes", 1, kMaxConfigPositions);
        config.people = size("people", 0, kMaxConfigVocabulary);
        config.personalized = get("personalized").asBool();
        config.dropout = get("dropout").asDouble();
        if (!(config.dropout >= 0.0 && config.dropout < 1.0)) {
            throw CheckpointError(
                fmt::format("{}: the config's 'dropout' is {}, outside [0, 1)", where, config.dropout));
        }
    } catch (const CheckpointError&) {
        throw;
    } catch (const std::exception& e) {
        throw CheckpointError(fmt::format("{} has a malformed config: {}", where, e.what()));
    }
    // The network these sizes make, held against the values the checkpoint holds before it is built: the item
    // tower's input layers, the person embeddings and known profiles, the prototypes and the h x h layers.
    {
        const double h = config.hidden;
        double parameters = (double(config.imageDim) + double(config.textDim)) * h + 4.0 * h * h;
        if (config.personalized) {
            parameters +=
                double(config.people) * (h + double(config.imageDim)) + double(config.prototypes) * h + 6.0 * h * h;
        }
        std::uint64_t values = 0;
        for (const TensorInfo& info : st->tensors()) {
            if (info.name.rfind(kBackbonePrefix, 0) == 0) continue;
            std::uint64_t count = 1;
            for (const std::int64_t dim : info.shape) count *= static_cast<std::uint64_t>(dim);
            values += count;
        }
        try {
            requireConfigFitsWeights(where + " (config metadata)",
                {{"image_dim", config.imageDim, kMaxConfigPositions}, {"text_dim", config.textDim, kMaxConfigPositions},
                    {"hidden", config.hidden, kMaxConfigWidth}, {"prototypes", config.prototypes, kMaxConfigPositions},
                    {"people", config.people, kMaxConfigVocabulary}},
                parameters, values, where);
        } catch (const ModelLoadError& e) {
            throw CheckpointError(e.what());
        }
    }
    if (!expectedBackbone.empty() && config.backbone != expectedBackbone) {
        throw CheckpointError(
            fmt::format("{} was trained on backbone '{}', not '{}'; train a model for '{}' or choose that backbone",
                where, config.backbone, expectedBackbone, expectedBackbone, config.backbone));
    }
    RewardModel model(config);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    std::set<std::string> expected;
    for (const auto& [name, tensor] : model.namedTensors()) expected.insert(name);
    const std::string prefix = kBackbonePrefix;
    for (const auto& info : st->tensors()) {
        if (info.name.rfind(prefix, 0) == 0) {
            if (backboneTensors) {
                try {
                    backboneTensors->emplace_back(info.name.substr(prefix.size()), st->load(info.name, at::kFloat));
                } catch (const std::exception& e) {
                    throw CheckpointError(fmt::format("{}: {}", where, e.what()));
                }
                if (const std::string problem = nonFiniteValues(backboneTensors->back().second); !problem.empty()) {
                    throw CheckpointError(fmt::format("{}: tensor '{}' {}; a checkpoint with NaN or infinite values is "
                                                      "refused",
                        where, info.name, problem));
                }
            }
            continue;
        }
        if (!expected.count(info.name)) {
            throw CheckpointError(fmt::format("{}: unexpected tensor '{}'", where, info.name));
        }
    }
    for (const auto& [name, tensor] : model.namedTensors()) {
        if (!st->find(name)) {
            throw CheckpointError(fmt::format(
                "{}: tensor '{}' is missing (expected shape [{}])", where, name, fmt::join(tensor.sizes(), ", ")));
        }
        try {
            tensors.emplace_back(name, st->load(name, at::kFloat));
        } catch (const std::exception& e) {
            throw CheckpointError(fmt::format("{}: {}", where, e.what()));
        }
        if (const std::string problem = nonFiniteValues(tensors.back().second); !problem.empty()) {
            throw CheckpointError(fmt::format(
                "{}: tensor '{}' {}; a checkpoint with NaN or infinite values is refused", where, name, problem));
        }
    }
    try {
        model.loadNamedTensors(tensors);
    } catch (const CheckpointError& e) {
        throw CheckpointError(fmt::format("{}: {}", where, e.what()));
    }
    model.train(false);
    if (metadata) *metadata = meta;
    return model;
}

at::Tensor ratingWeightedProfile(const at::Tensor& images, const at::Tensor& values)
{
    const at::Tensor centred = values - values.mean();
    const at::Tensor profile = at::matmul(centred, images);
    const double norm = profile.norm().item<double>();
    return norm > 1e-12 ? profile / norm : profile;
}

}  // namespace tastelab::model

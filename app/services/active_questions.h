// Active questions: a closed-form Bayesian linear head over the cached image vectors that learns one person's taste
// answer by answer, says how sure it is, and picks the question expected to teach it most. The prior comes from the
// other people of the workspace (the mean and spread of their own linear heads), so a new person's uncertainty lies
// where people differ and a few well-chosen answers place them. Best-of-N generation ranks its candidates with it.
// Torch-free header: the artist page includes it.
#pragma once

#include "model/io/rgb_image.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tastelab::services {

class Workspace;

// How artist mode picks the next image; stored with each answer (ratings.chosen_by).
enum class QuestionStrategy {
    Informative,  // the largest expected reduction of the uncertainty of the person's scores, some picks at random
    Random,  // uniformly among the unrated images
    Unrated,  // the unrated images in library order, prompts interleaved (artist mode before active questions)
};
std::string_view toString(QuestionStrategy strategy);
// "informative", "random" or "unrated"; throws std::invalid_argument naming the accepted words.
QuestionStrategy parseQuestionStrategy(std::string_view text);

// The prior over a new person's head, from the other people's own heads.
enum class TastePrior {
    Gaussian,  // one Gaussian: their heads' mean and spread
    // A mixture of Gaussians: their heads clustered into taste groups (k-means), each group its own mean and the
    // spread within groups shared; a person's answers weigh the groups by how well each explains them.
    Mixture,
};
std::string_view toString(TastePrior prior);
// "gaussian" or "mixture"; throws std::invalid_argument naming the accepted words.
TastePrior parseTastePrior(std::string_view text);
// chosen_by of an answer to an image that best-of-N generation kept for the person.
inline constexpr std::string_view kChosenByBestOfN = "best-of-n";

inline constexpr int kMaxTasteGroups = 6;

struct TastePrediction {
    double score = 0.5;  // predicted slider value, 0..1
    // Posterior standard deviation of the score's logit (the model's own doubt, not noise; with a mixture prior, the
    // mixture's: within the taste groups and between them).
    double uncertainty = 0;
};

struct TasteModelOptions {
    std::string backbone = "look";  // whose cached vectors are the features; missing ones are computed first
    std::string device = "cpu";  // where missing vectors and new renders are encoded
    double exploration = 0.1;  // share of informative picks made uniformly at random instead
    // No exploration while the person has fewer answers than this: the first questions already go where people
    // differ most, and a random one there costs the most; later, random picks guard against a wrong model.
    int explorationAfter = 30;
    int components = 64;  // principal components of the standardised vectors kept as features
    // The population prior's covariance times this: the other people's heads' spread includes their own estimation
    // noise, so it overstates how people differ. 0.7 measured best with active_bench (1.5 and 1.0 worse; subtracting
    // the estimated noise, deflatePrior, worse still).
    double priorScale = 0.7;
    // One Gaussian measured better with active_bench on the demo worlds (7, 8, 9; 15 raters each): the mixture is
    // far ahead over the first 15 answers (.836 against .808 after 5) but levels off lower (.848 against .860 after
    // 40), so it needs 44 answers for random order's accuracy at 40, one Gaussian 26.
    TastePrior prior = TastePrior::Gaussian;
    // Taste groups of the mixture prior; 0 picks 1 to kMaxTasteGroups by how well each number predicts every other
    // person's answers from the rest (leave-one-person-out marginal likelihood).
    int groups = 0;
    // The mixture's spread within the groups times this (priorScale is the Gaussian prior's): narrower, the groups'
    // means hold a person whose answers disagree with them; 1.5 measured better than 0.7 and 3 with active_bench.
    double mixtureScale = 1.5;
    // Each group's covariance as this share of the whole population's spread plus the rest of the spread within the
    // groups: some room in the directions where groups differ lets a person between groups be learnt. With any blend
    // the leave-one-out choice of the number of groups settles on one on the demo worlds (force it with `groups`).
    double mixtureBlend = 0.0;
    // Alternatives measured with active_bench and found worse on the demo worlds (kept to measure again when the
    // features change): the prior's spread as the other people's heads' spread less what their own estimation noise
    // added to it (empirical Bayes), rather than the raw spread;
    bool deflatePrior = false;
    // and informative picks that shrink the uncertainty of how the library's images are ordered (their centred
    // scores, every image with a vector), rather than the summed variance of the candidates' scores.
    bool rankingCriterion = false;
    // People whose answers must not shape the prior (the person themselves is always left out): held-out raters in
    // an evaluation.
    std::vector<std::int64_t> priorExcluded;
};

// One person's slider answers: (image id, value 0..1).
using ImageAnswers = std::vector<std::pair<std::int64_t, double>>;

class PersonTasteModel {
public:
    // Reads every image vector (encoding the missing ones), fits the prior on the other people and the person's
    // posterior on their answers. Throws std::invalid_argument for an unknown person or backbone.
    PersonTasteModel(Workspace& workspace, std::int64_t personId, TasteModelOptions options = {});
    // The same model without a workspace, from given image vectors (id, raw backbone vector) and answers: `others`
    // shape the prior (each person's first answer per image counts), and the person has no answer until setAnswers.
    // The evaluation puts its held-out people through it, with the answers its split allows. refresh() throws.
    static PersonTasteModel fromAnswers(const std::vector<std::pair<std::int64_t, std::vector<float>>>& vectors,
        const std::vector<ImageAnswers>& others, TasteModelOptions options = {});
    ~PersonTasteModel();
    PersonTasteModel(PersonTasteModel&&) noexcept;
    PersonTasteModel& operator=(PersonTasteModel&&) noexcept;

    std::int64_t personId() const;
    // Reads answers through this workspace's connection from now on (a model built on another thread).
    void attach(Workspace& workspace);
    const TasteModelOptions& options() const;
    // Re-reads the person's current ratings and recomputes the posterior; returns the seconds taken.
    double refresh();
    // Replaces the person's answers with these (first per image; images without a vector left out) and recomputes
    // the posterior.
    void setAnswers(const ImageAnswers& answers);
    // Taste groups of the prior (1 for a Gaussian prior) and the posterior weight of each, summing to 1.
    std::vector<double> groupWeights() const;
    // Ratings the posterior holds (first answer per image; catch trials and repeats left out).
    std::size_t answers() const;
    // How many other people shaped the prior (0: a vague prior, no one else had enough answers).
    std::size_t priorPeople() const;
    // Whether the image has a vector in this model (library images when it was built, unless unreadable).
    bool knows(std::int64_t imageId) const;
    // Library images by id; an image without a vector (added since, unreadable) gets the prior mean.
    std::vector<TastePrediction> predict(const std::vector<std::int64_t>& imageIds) const;
    // Rendered images that are not in the library (best-of-N candidates), encoded with the backbone.
    std::vector<TastePrediction> predictImages(const std::vector<model::RgbImage>& images);
    // Up to `count` of `candidates` to ask next. Unrated keeps the given order; Random draws from `seed`;
    // Informative picks greedily the image whose answer is expected to shrink the summed posterior variance of the
    // candidates' scores most (within each taste group, and between the groups as the answer reweighs them), each
    // pick made at random instead with probability `exploration` (from `seed`).
    std::vector<std::int64_t> choose(
        const std::vector<std::int64_t>& candidates, QuestionStrategy strategy, int count, std::uint64_t seed) const;

private:
    PersonTasteModel();
    struct State;
    std::unique_ptr<State> state_;
};

// Best-of-N: the indices of the `keep` best-predicted candidates, best first, then, with `explore`, the most
// uncertain of the others (the exploratory pick). Throws std::invalid_argument when keep < 1.
struct CandidatePick {
    std::size_t index = 0;
    TastePrediction prediction;
    bool exploratory = false;
};
std::vector<CandidatePick> pickBestOf(const std::vector<TastePrediction>& candidates, int keep, bool explore);

}  // namespace tastelab::services

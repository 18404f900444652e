// Collaborative-filtering baselines, what a recommender engineer compares a personal model against: item-based
// k-nearest-neighbour prediction and matrix factorization with fold-in of a new person from a few answers. They see
// only who rated what (no pixels), so they can predict an image only where trained people rated it. Plain C++.
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace tastelab::model {

struct KnownRating {
    int user = 0;  // 0..users-1
    int item = 0;  // 0..items-1
    double value = 0;
};

// A new person's answers: (item, value).
using FoldInAnswers = std::vector<std::pair<int, double>>;

struct ItemKnnConfig {
    int neighbours = 5;  // the most similar of the person's answered items used per prediction
    double shrinkage = 10.0;  // similarity * n / (n + shrinkage): few co-raters mean little
};

// Item-based k-NN on adjusted-cosine similarity (each trained person's values centred on their own mean).
class ItemKnn {
public:
    ItemKnn(const std::vector<KnownRating>& ratings, int users, int items, ItemKnnConfig config = {});

    bool knows(int item) const;
    // The prediction for `item` from the person's answers; nullopt when no trained person rated the item.
    std::optional<double> predict(const FoldInAnswers& answers, int item) const;
    double similarity(int a, int b) const;

private:
    int users_ = 0;
    int items_ = 0;
    ItemKnnConfig config_;
    std::vector<double> centred_;  // [items x users], 0 where not rated
    std::vector<char> rated_;  // [items x users]
    std::vector<double> itemMean_;
    std::vector<int> itemCount_;
    double globalMean_ = 0;
};

struct MatrixFactorizationConfig {
    int rank = 8;
    double lambda = 0.1;  // ridge on the factors, per answer (weighted-lambda regularisation)
    double biasLambda = 0.02;
    int iterations = 25;  // alternating least squares sweeps
    unsigned seed = 1;
};

// value ~ mean + user bias + item bias + user . item, fitted by alternating ridge regressions; a new person's bias and
// factors come from a ridge regression on their answers with the item factors held fixed (fold-in).
class MatrixFactorization {
public:
    MatrixFactorization(
        const std::vector<KnownRating>& ratings, int users, int items, MatrixFactorizationConfig config = {});

    bool knows(int item) const;
    struct Person {
        double bias = 0;
        std::vector<double> factors;
    };
    Person foldIn(const FoldInAnswers& answers) const;
    // nullopt when no trained person rated the item.
    std::optional<double> predict(const Person& person, int item) const;
    // Root mean squared error on the training ratings.
    double trainingError() const { return trainingError_; }

private:
    int rank_ = 0;
    MatrixFactorizationConfig config_;
    double mean_ = 0;
    std::vector<double> itemBias_;
    std::vector<double> itemFactors_;  // [items x rank]
    std::vector<int> itemCount_;
    double trainingError_ = 0;
};

// Solves (A + lambda_i on the diagonal) x = b for a symmetric positive definite A ([n x n], row major) by Cholesky.
std::vector<double> solveRidge(std::vector<double> a, std::vector<double> b, const std::vector<double>& diagonal);

}  // namespace tastelab::model

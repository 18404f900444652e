// Shared by the golden parity tests: where the goldens are, how a golden file is read, and how a tensor is compared
// with the reference so that a mismatch names the module, the tensor and the largest difference.
#pragma once

#include "model/io/safetensors.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace tastelab::parity {

namespace fs = std::filesystem;

// issue 22's fp32 rule: the largest absolute difference at most 1e-4 of the golden's largest magnitude.
inline constexpr double kRelativeTolerance = 1e-4;

// The committed goldens, or TASTELAB_PARITY_DIR when set (goldens regenerated with another seed).
inline fs::path parityDir()
{
    const char* overridden = std::getenv("TASTELAB_PARITY_DIR");
    return overridden && *overridden ? fs::path(overridden) : fs::path(TASTELAB_PARITY_GOLDENS);
}

// Compares in double. `what` names the module and the tensor; the message gives the largest difference, where it
// is and both values there.
inline void expectMatches(const std::string& what, const at::Tensor& ours, const at::Tensor& golden, double tolerance)
{
    ASSERT_EQ(ours.sizes(), golden.sizes()) << what << ": shape differs from the reference";
    const at::Tensor difference = (ours.detach().to(at::kDouble) - golden.detach().to(at::kDouble)).abs();
    const double largest = difference.numel() == 0 ? 0.0 : difference.max().item<double>();
    const auto where = difference.numel() == 0 ? 0 : difference.flatten().argmax().item<std::int64_t>();
    EXPECT_LE(largest, tolerance) << what << ": largest difference from the reference " << largest << " (tolerance "
                                  << tolerance << ") at element " << where << ": ours "
                                  << ours.detach().to(at::kDouble).flatten()[where].item<double>() << ", reference "
                                  << golden.detach().to(at::kDouble).flatten()[where].item<double>();
}

// The fp32 rule: tolerance relative to the golden's largest magnitude.
inline void expectRelative(
    const std::string& what, const at::Tensor& ours, const at::Tensor& golden, double relative = kRelativeTolerance)
{
    const double scale = std::max(1.0e-12, golden.detach().to(at::kDouble).abs().max().item<double>());
    expectMatches(what, ours, golden, relative * scale);
}

// One golden folder: the reference's model folder (config.json + safetensors as a user's folder holds them) and
// golden.safetensors with the inputs and outputs the reference computed.
class GoldenFolder {
public:
    explicit GoldenFolder(const std::string& name)
        : folder_(parityDir() / name)
        , file_(model::SafetensorsFile::open(folder_ / "golden.safetensors"))
    {
    }
    const fs::path& folder() const { return folder_; }
    fs::path operator/(const std::string& relative) const { return folder_ / relative; }
    at::Tensor tensor(const std::string& key, at::ScalarType dtype = at::kFloat) const
    {
        return file_.load(key, dtype);
    }
    bool has(const std::string& key) const { return file_.find(key) != nullptr; }

private:
    fs::path folder_;
    model::SafetensorsFile file_;
};

}  // namespace tastelab::parity

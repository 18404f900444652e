// PyTorch zip checkpoints: readPthStateDict, then every tensor of a reasonable size summed (which reads each element
// of its view, so a view past its storage shows). ModelLoadError is the documented refusal.
#include "model/io/diffusers_weights.h"
#include "model/io/pth_reader.h"
#include "tests/fuzz/fuzz_target.h"

#include <ATen/ATen.h>

namespace tastelab::fuzz {

int fuzzPth(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path file = writeScratchFile("fuzz.pth", data, size);
    try {
        const auto tensors = model::readPthStateDict(file);
        if (tensors.empty()) throw PropertyViolation("an accepted checkpoint holds no tensors");
        for (const auto& [name, tensor] : tensors) {
            if (tensor.numel() <= (std::int64_t{1} << 22)) (void)tensor.to(at::kDouble).sum().item<double>();
        }
        return kAccepted;
    } catch (const model::ModelLoadError& error) {
        return refuse(error);
    }
}

}  // namespace tastelab::fuzz

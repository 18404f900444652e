#include "app/services/out_of_memory.h"

#include <c10/util/Exception.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <new>
#include <string_view>

namespace tastelab::services {

namespace {

std::string message(const MemoryAdvice& advice)
{
    std::string text = fmt::format("out of memory on {} while {}", advice.device, advice.work);
    if (!advice.remedies.empty()) text += fmt::format("; try {}", fmt::join(advice.remedies, ", or "));
    return text + " (nothing stored was lost; the run is recorded as failed)";
}

bool mentions(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

}  // namespace

OutOfMemory::OutOfMemory(const MemoryAdvice& advice)
    : std::runtime_error(message(advice))
    , advice_(advice)
{
}

bool isOutOfMemory(const std::exception& error)
{
    if (dynamic_cast<const std::bad_alloc*>(&error)) return true;
    if (dynamic_cast<const c10::OutOfMemoryError*>(&error)) return true;
    if (const auto* c10Error = dynamic_cast<const c10::Error*>(&error)) {
        // What LibTorch's allocators say when they give up (CUDA before OutOfMemoryError existed, and the CPU).
        const std::string_view text = c10Error->msg();
        return mentions(text, "out of memory") || mentions(text, "not enough memory")
            || mentions(text, "can't allocate memory");
    }
    return false;
}

}  // namespace tastelab::services

// Running out of memory, GPU or host, told as what to change (issue 23): the services catch it around the work that
// allocates (a render, a steering loop), record the run as failed, and throw OutOfMemory naming the device, the work
// and the settings that would help. No Qt.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::services {

// What ran out of memory and what would help, in the words of the CLI's options; the GUI shows the same message.
struct MemoryAdvice {
    std::string device;  // "cuda:0", "cpu"
    std::string work;  // "steering SD-Turbo at 512x512 with 2 seeds"
    std::vector<std::string> remedies;  // "--checkpointing", "a smaller --size (512 now)", ...
};

class OutOfMemory : public std::runtime_error {
public:
    explicit OutOfMemory(const MemoryAdvice& advice);
    const MemoryAdvice& advice() const { return advice_; }

private:
    MemoryAdvice advice_;
};

// True for LibTorch's c10::OutOfMemoryError (CUDA), a c10::Error whose message says the allocator could not
// allocate (the CPU allocator's "not enough memory" / "can't allocate memory"), and std::bad_alloc.
bool isOutOfMemory(const std::exception& error);

}  // namespace tastelab::services

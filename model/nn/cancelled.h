// The one exception that means "the caller asked to stop", thrown where a long computation sees its cancel flag.
// Callers catch it by type to report `cancelled` as a value; any other exception stays a failure, even after Cancel.
#pragma once

#include <stdexcept>
#include <string>

namespace tastelab::model {

// A std::runtime_error so that code that only knows "it stopped" still sees it; code that reports cancelling catches
// Cancelled first.
class Cancelled : public std::runtime_error {
public:
    Cancelled()
        : std::runtime_error("cancelled")
    {
    }
    explicit Cancelled(const std::string& what)
        : std::runtime_error(what)
    {
    }
};

}  // namespace tastelab::model

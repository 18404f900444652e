// The one exception type storage/ throws: its message names the problem and the file.
#pragma once

#include <stdexcept>
#include <string>

namespace tastelab::storage {

class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace tastelab::storage

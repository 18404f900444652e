// The one exception type util/ throws: a file or a text that cannot be read or written as asked. The
// message names the problem and the file. storage/ throws the same type under its own name
// (storage::StorageError), so one catch handles both.
#pragma once

#include <stdexcept>
#include <string>

namespace tastelab::util {

class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace tastelab::util

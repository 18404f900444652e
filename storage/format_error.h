// The error that the text-format readers (CSV, JSON) throw: the message starts with "<source>:<line>:"
// so that a person can open the file at the place that needs fixing.
#pragma once

#include "storage/storage_error.h"

namespace tastelab::storage {

class FormatError : public StorageError {
public:
    using StorageError::StorageError;
};

}  // namespace tastelab::storage

// The error that the text-format readers (CSV, JSON) throw: the message starts with "<source>:<line>:"
// so that a person can open the file at the place that needs fixing.
#pragma once

#include "util/error.h"

namespace tastelab::util {

class FormatError : public DataError {
public:
    using DataError::DataError;
};

}  // namespace tastelab::util

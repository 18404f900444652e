// The one exception type storage/ throws: its message names the problem and the file. It is util's
// DataError under storage's name, so a failure in a file helper (util/) and one in the database are
// caught alike.
#pragma once

#include "util/error.h"

namespace tastelab::storage {

using StorageError = util::DataError;

}  // namespace tastelab::storage

// Writing the small text files of test fixtures.
#include "tests/support/text_file.h"

#include "util/atomic_file.h"

namespace tastelab::testing {

void writeTextFile(const std::filesystem::path& file, const std::string& text)
{
    std::filesystem::create_directories(file.parent_path());
    util::writeFileAtomically(file, text);
}

}  // namespace tastelab::testing

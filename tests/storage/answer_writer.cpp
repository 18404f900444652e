// Test helper process: records slider ratings in a loop and prints each id once it is committed.
// Usage: storage_answer_writer DATABASE PERSON_ID IMAGE_ID COUNT   (COUNT 0: until killed)
#include "storage/answers.h"
#include "storage/database.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

int main(int argc, char** argv)
{
    using namespace tastelab::storage;
    if (argc != 5) {
        std::fprintf(stderr, "usage: storage_answer_writer DATABASE PERSON_ID IMAGE_ID COUNT\n");
        return 2;
    }
    try {
        auto db = Database::open(argv[1], Database::OpenMode::ExistingOnly);
        AnswerStore answers(db);
        const long long count = std::atoll(argv[4]);
        SliderRating rating;
        rating.personId = std::atoll(argv[2]);
        rating.imageId = std::atoll(argv[3]);
        for (long long i = 0; count == 0 || i < count; ++i) {
            rating.value = static_cast<double>(i % 1000) / 999.0;
            rating.responseMs = i;
            const std::int64_t id = answers.recordRating(rating);
            // Acknowledge only after recordRating returned: the answer is committed.
            std::printf("%lld\n", static_cast<long long>(id));
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storage_answer_writer: %s\n", e.what());
        return 1;
    }
    return 0;
}

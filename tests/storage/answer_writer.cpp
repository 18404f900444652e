// Test helper process for the durability tests.
//   storage_answer_writer DATABASE PERSON_ID IMAGE_ID COUNT [--reopen-every N] [--pause-ms N] [--hold]
//     records slider ratings in a loop and prints each id once it is committed (COUNT 0: until killed).
//     --reopen-every N: every N answers, open and close a second connection to the same database, as the
//     GUI does with one connection per worker thread. --hold: after COUNT answers, print "done" and wait
//     to be killed, with the connections still open (as a GUI left open). --pause-ms N: wait between
//     answers, as a person does.
//   storage_answer_writer --open-close DATABASE TIMES
//     opens the database, reads the number of ratings, closes it again, TIMES times (as `tastelab-cli
//     info` run again and again beside the GUI).
#include "storage/answers.h"
#include "storage/database.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>

namespace {

using namespace tastelab::storage;

int openClose(const char* file, long long times)
{
    for (long long i = 0; i < times; ++i) {
        auto db = Database::open(file, Database::OpenMode::ExistingOnly);
        auto count = db.prepare("SELECT count(*) FROM ratings");
        count.step();
        std::printf("%lld\n", static_cast<long long>(count.columnInt(0)));
        std::fflush(stdout);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    try {
        if (argc == 4 && std::strcmp(argv[1], "--open-close") == 0) return openClose(argv[2], std::atoll(argv[3]));
        if (argc < 5) {
            std::fprintf(stderr,
                "usage: storage_answer_writer DATABASE PERSON_ID IMAGE_ID COUNT [--reopen-every N] [--pause-ms N] "
                "[--hold]\n"
                "       storage_answer_writer --open-close DATABASE TIMES\n");
            return 2;
        }
        long long reopenEvery = 0;
        long long pauseMs = 0;
        bool hold = false;
        for (int i = 5; i < argc; ++i) {
            if (std::strcmp(argv[i], "--reopen-every") == 0 && i + 1 < argc) {
                reopenEvery = std::atoll(argv[++i]);
            } else if (std::strcmp(argv[i], "--pause-ms") == 0 && i + 1 < argc) {
                pauseMs = std::atoll(argv[++i]);
            } else if (std::strcmp(argv[i], "--hold") == 0) {
                hold = true;
            } else {
                std::fprintf(stderr, "storage_answer_writer: unknown argument '%s'\n", argv[i]);
                return 2;
            }
        }
        auto db = Database::open(argv[1], Database::OpenMode::ExistingOnly);
        AnswerStore answers(db);
        const long long count = std::atoll(argv[4]);
        SliderRating rating;
        rating.personId = std::atoll(argv[2]);
        rating.imageId = std::atoll(argv[3]);
        std::optional<Database> second;
        for (long long i = 0; count == 0 || i < count; ++i) {
            rating.value = static_cast<double>(i % 1000) / 999.0;
            rating.responseMs = i;
            const std::int64_t id = answers.recordRating(rating);
            // Acknowledge only after recordRating returned: the answer is committed.
            std::printf("%lld\n", static_cast<long long>(id));
            std::fflush(stdout);
            if (reopenEvery > 0 && (i + 1) % reopenEvery == 0) {
                second.reset();
                second.emplace(Database::open(argv[1], Database::OpenMode::ExistingOnly));
            }
            if (pauseMs > 0) usleep(static_cast<useconds_t>(pauseMs * 1000));
        }
        if (hold) {
            std::printf("done\n");
            std::fflush(stdout);
            for (;;) pause();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storage_answer_writer: %s\n", e.what());
        return 1;
    }
    return 0;
}

// Load and fault benchmark of a served study (prints its figures; exits 1 when an acknowledged answer is missing or an
// answer is stored twice). N simulated participants answer at once over loopback against `tastelab-cli serve` run as
// a child process; with --kill-after S the server is killed with SIGKILL after S seconds and started again on the same
// port, and the participants go on as the page does (same idempotency key until acknowledged, then resume).
//
//   serve_bench --cli PATH [--participants 200] [--seconds 20] [--think-ms 1000] [--kill-after S] [--dir FOLDER]
#include "storage/database.h"
#include "storage/statement.h"
#include "tests/support/child_process.h"
#include "tests/web/web_fixture.h"
#include "util/json.h"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

namespace fs = std::filesystem;
using namespace tastelab;
using util::JsonValue;
using Clock = std::chrono::steady_clock;

namespace {

struct Acked {
    std::int64_t person = 0;  // index of the participant
    std::string key;
};

struct Shared {
    std::mutex mutex;
    std::vector<double> latenciesMs;
    std::vector<Acked> acked;
    std::atomic<long> answers{0};
    std::atomic<long> retries{0};
    std::atomic<long> serverErrors{0};  // 5xx or 429
    std::atomic<long> networkErrors{0};  // no connection or no answer
    std::atomic<long> conflicts{0};
    std::atomic<int> finished{0};
    std::atomic<bool> restarted{false};
    std::atomic<int> resumed{0};  // participants with an acknowledged answer after the restart
};

std::string newKey(std::mt19937_64& rng)
{
    return fmt::format("{:016x}{:016x}", rng(), rng());
}

// One participant: the page's loop without the page.
void participant(int index, const std::string& token, int port, Clock::time_point until, int thinkMs, Shared& shared)
{
    std::mt19937_64 rng(static_cast<std::uint64_t>(index) * 7919 + 1);
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(2, 0);
    client.set_keep_alive(true);  // as a browser does, with Nagle off as browsers have it
    client.set_tcp_nodelay(true);
    client.set_read_timeout(10, 0);
    const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
    auto post = [&](const std::string& path, const std::string& body) -> httplib::Result {
        for (;;) {
            auto r = client.Post(path.c_str(), auth, body, "application/json");
            if (r && r->status < 500 && r->status != 429) return r;
            if (r) {
                shared.serverErrors++;
            } else {
                shared.networkErrors++;
            }
            if (Clock::now() > until + std::chrono::seconds(30)) return r;  // give up well after the end
            shared.retries++;
            std::this_thread::sleep_for(std::chrono::milliseconds(100 + static_cast<int>(rng() % 200)));
        }
    };
    auto r = post("/api/start", "{}");
    if (!r || r->status != 200) return;
    JsonValue state = *util::parseJson(r->body).find("state");
    std::uniform_int_distribution<int> think(thinkMs / 2, thinkMs * 3 / 2);
    bool answeredAfterRestart = false;
    while (Clock::now() < until && state.find("phase")->asString() == "trial") {
        const auto& trial = *state.find("trial");
        for (const char* k : {"image", "left", "right"}) {
            if (const auto* id = trial.find(k)) {
                for (int tries = 0; tries < 100; ++tries) {
                    auto img = client.Get(fmt::format("/api/image/{}?w=512", id->asInt()).c_str(), auth);
                    if (img && img->status == 200) break;
                    if (img && img->status == 404) break;  // a restart moved the visit back: the answer will say so
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                }
            }
        }
        if (thinkMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(think(rng)));
        JsonValue a = JsonValue::Object{};
        const std::string key = newKey(rng);
        a.set("key", key);
        a.set("position", trial.find("position")->asInt());
        a.set("mode", trial.find("mode")->asString());
        a.set("clientMs", std::int64_t{thinkMs});
        if (trial.find("mode")->asString() == "slider") {
            a.set("image", trial.find("image")->asInt());
            a.set("value", static_cast<double>(rng() % 1001) / 1000.0);
            a.set("moved", true);
        } else {
            a.set("left", trial.find("left")->asInt());
            a.set("right", trial.find("right")->asInt());
            a.set("choice", (rng() & 1) ? "left" : "right");
        }
        const auto t0 = Clock::now();
        auto ack = post("/api/answer", util::toJson(a));
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (!ack) return;
        const auto body = util::parseJson(ack->body);
        if (ack->status == 200) {
            shared.answers++;
            if (shared.restarted) answeredAfterRestart = true;
            std::lock_guard lock(shared.mutex);
            shared.latenciesMs.push_back(ms);
            // Practice answers are acknowledged but not stored (id 0), as on the desktop.
            if (body.find("id")->asInt() != 0) shared.acked.push_back({index, key});
        } else {
            shared.conflicts++;  // after a restart: the visit resumed at its checkpoint; take the state given
        }
        if (const auto* next = body.find("state")) {
            state = *next;
        } else {
            auto s = client.Get("/api/state", auth);
            if (!s || s->status != 200) return;
            state = *util::parseJson(s->body).find("state");
        }
    }
    if (state.find("phase")->asString() == "done") shared.finished++;
    if (answeredAfterRestart) shared.resumed++;
}

testing::ChildProcess startServer(
    const std::string& cli, const fs::path& ws, int port, const std::vector<std::string>& extra)
{
    std::vector<std::string> args = {
        "serve", ws.string(), "--study", "web", "--port", std::to_string(port), "--rate", "1000", "--burst", "1000"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto child = testing::spawnWithOutputPipe(cli, args);
    if (child.pid < 0) throw std::runtime_error("cannot start " + cli);
    return child;
}

int readPort(const testing::ChildProcess& child)
{
    while (const auto line = testing::readLine(child.out)) {
        if (line->rfind("Listening on port ", 0) == 0) return std::stoi(line->substr(18));
    }
    throw std::runtime_error("the server ended before it listened");
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv)
{
    std::string cli;
    int participants = 200;
    double seconds = 20;
    int thinkMs = 1000;
    double killAfter = -1;
    fs::path dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--cli")
            cli = argv[i + 1];
        else if (a == "--participants")
            participants = std::stoi(argv[i + 1]);
        else if (a == "--seconds")
            seconds = std::stod(argv[i + 1]);
        else if (a == "--think-ms")
            thinkMs = std::stoi(argv[i + 1]);
        else if (a == "--kill-after")
            killAfter = std::stod(argv[i + 1]);
        else if (a == "--dir")
            dir = argv[i + 1];
        else {
            fmt::print(stderr, "serve_bench: unknown option {}\n", a);
            return 2;
        }
    }
    if (cli.empty()) {
        fmt::print(stderr,
            "usage: serve_bench --cli PATH [--participants N] [--seconds S] [--think-ms MS] "
            "[--kill-after S] [--dir FOLDER]\n");
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    const bool ownDir = dir.empty();
    if (ownDir) dir = fs::temp_directory_path() / fmt::format("tastelab-serve-bench-{}", getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path ws = dir / "ws";
    tests::WebStudyShape shape;
    shape.regular = 40;
    shape.blockSize = 10;
    shape.breakEvery = 0;
    tests::makeWebStudyWorkspace(ws, shape);

    auto server = startServer(
        cli, ws, 0, {"--participants", std::to_string(participants), "--links-csv", (dir / "links.csv").string()});
    const int port = readPort(server);
    std::vector<std::string> tokens;
    {
        std::ifstream csv(dir / "links.csv");
        std::string line;
        std::getline(csv, line);
        while (std::getline(csv, line)) tokens.push_back(line.substr(line.find(',') + 1, 48));
    }
    fmt::print("serve_bench: {} participants, {:.0f} s, think time {}..{} ms, port {}{}\n", tokens.size(), seconds,
        thinkMs / 2, thinkMs * 3 / 2, port,
        killAfter >= 0 ? fmt::format(", SIGKILL after {:.1f} s and restart", killAfter) : "");
    std::fflush(stdout);

    Shared shared;
    const auto start = Clock::now();
    const auto until = start + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        threads.emplace_back(participant, static_cast<int>(i), tokens[i], port, until, thinkMs, std::ref(shared));
    }
    if (killAfter >= 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(killAfter * 1000)));
        const long before = shared.answers.load();
        kill(server.pid, SIGKILL);
        waitpid(server.pid, nullptr, 0);
        close(server.out);
        fmt::print("serve_bench: killed the server (SIGKILL) after {} acknowledged answers\n", before);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        server = startServer(cli, ws, port, {});
        readPort(server);
        shared.restarted = true;
        fmt::print("serve_bench: restarted on port {}\n", port);
    }
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    kill(server.pid, SIGTERM);
    waitpid(server.pid, nullptr, 0);
    close(server.out);

    // Every acknowledged answer is in the database, once; no trial has two current answers.
    auto db = storage::Database::open(ws / "tastelab.sqlite", storage::Database::OpenMode::ExistingOnly);
    long lost = 0;
    auto find = db.prepare("SELECT (SELECT count(*) FROM ratings WHERE client_key = ?1) + "
                           "(SELECT count(*) FROM comparisons WHERE client_key = ?1)");
    long stored = 0;
    for (const auto& a : shared.acked) {
        find.reset();
        find.bind(1, a.key);
        find.step();
        const auto n = find.columnInt(0);
        if (n == 0) ++lost;
        stored += n;
    }
    auto dup = db.prepare(R"sql(
        SELECT (SELECT count(*) FROM (SELECT person_id, trial_position FROM ratings r WHERE NOT EXISTS
                  (SELECT 1 FROM ratings n WHERE n.revises_id = r.id) GROUP BY person_id, trial_position
                  HAVING count(*) > 1))
             + (SELECT count(*) FROM (SELECT person_id, trial_position FROM comparisons c WHERE NOT EXISTS
                  (SELECT 1 FROM comparisons n WHERE n.revises_id = c.id) GROUP BY person_id, trial_position
                  HAVING count(*) > 1)))sql");
    dup.step();
    const long duplicated =
        static_cast<long>(dup.columnInt(0)) + (stored - static_cast<long>(shared.acked.size()) + lost);
    const int checkStatus =
        std::system(fmt::format("'{}' check '{}' > '{}' 2>&1", cli, ws.string(), (dir / "check.log").string()).c_str());

    fmt::print("answers acknowledged   {} in {:.1f} s = {:.1f} answers/s\n", shared.answers.load(), elapsed,
        static_cast<double>(shared.answers.load()) / elapsed);
    fmt::print("ack latency            p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms\n",
        percentile(shared.latenciesMs, 0.5), percentile(shared.latenciesMs, 0.99), percentile(shared.latenciesMs, 1.0));
    fmt::print("retries                {} ({} without an HTTP answer, {} 5xx/429); refused after a resume: {}\n",
        shared.retries.load(), shared.networkErrors.load(), shared.serverErrors.load(), shared.conflicts.load());
    fmt::print("participants finished  {} of {}\n", shared.finished.load(), tokens.size());
    if (killAfter >= 0) {
        fmt::print(
            "resumed after restart  {} of {} participants answered again\n", shared.resumed.load(), tokens.size());
    }
    fmt::print("lost                   {}\n", lost);
    fmt::print("duplicated             {}\n", duplicated);
    fmt::print("tastelab-cli check     {}\n",
        checkStatus == 0 ? "clean" : "FAILED (see " + (dir / "check.log").string() + ")");
    if (ownDir && lost == 0 && duplicated == 0 && checkStatus == 0) fs::remove_all(dir);
    return lost == 0 && duplicated == 0 && checkStatus == 0 ? 0 : 1;
}

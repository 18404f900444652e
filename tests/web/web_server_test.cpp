// The served study over real HTTP on loopback (cpp-httplib's client): the protocol end to end, nothing lost or doubled,
// and hostile requests refused with a clear 4xx that changes nothing.
#include "app/services/study_session.h"
#include "app/services/web/participant_tokens.h"
#include "app/services/web/study_server.h"
#include "model/io/image_io.h"
#include "storage/database.h"
#include "storage/participant_links.h"
#include "storage/statement.h"
#include "tests/support/test_support.h"
#include "tests/web/web_fixture.h"
#include "util/json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace tastelab {
namespace {

using util::JsonValue;

class WebServerTest : public ::testing::Test {
protected:
    void SetUp() override { tests::makeWebStudyWorkspace(dir_ / "ws"); }

    void TearDown() override { stopServer(); }

    void startServer(services::web::StudyServerOptions options = {})
    {
        options.workspace = dir_ / "ws";
        options.study = "web";
        options.port = 0;
        if (options.requestsPerSecond == services::web::StudyServerOptions{}.requestsPerSecond) {
            options.requestsPerSecond = 100000;
            options.burst = 100000;
        }
        server_ = std::make_unique<services::web::StudyServer>(options);
        port_ = server_->bind();
        thread_ = std::thread([this] { server_->run(); });
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
        for (int i = 0; i < 200 && !client_->Get("/ping"); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    void stopServer()
    {
        if (!server_) return;
        server_->stop();
        thread_.join();
        server_.reset();
    }

    httplib::Headers auth(const std::string& token) const { return {{"Authorization", "Bearer " + token}}; }

    httplib::Result post(const std::string& token, const std::string& path, const std::string& body = "{}")
    {
        return client_->Post(path.c_str(), auth(token), body, "application/json");
    }

    JsonValue json(const httplib::Result& r)
    {
        EXPECT_TRUE(r) << "no HTTP answer";
        return util::parseJson(r->body, "response");
    }

    // The answer to the current trial of `state`, as the page builds it.
    static JsonValue answerFor(const JsonValue& state, const std::string& key, double value = 0.8)
    {
        const auto& trial = *state.find("trial");
        JsonValue a = JsonValue::Object{};
        a.set("key", key);
        a.set("position", trial.find("position")->asInt());
        a.set("mode", trial.find("mode")->asString());
        a.set("clientMs", std::int64_t{1234});
        if (trial.find("mode")->asString() == "slider") {
            a.set("image", trial.find("image")->asInt());
            a.set("value", value);
            a.set("moved", true);
        } else {
            a.set("left", trial.find("left")->asInt());
            a.set("right", trial.find("right")->asInt());
            a.set("choice", "right");
        }
        return a;
    }

    std::int64_t count(const std::string& sql)
    {
        auto db = storage::Database::open(dir_ / "ws" / "tastelab.sqlite", storage::Database::OpenMode::ExistingOnly);
        auto s = db.prepare(sql);
        return s.step() ? s.columnInt(0) : -1;
    }

    // Everything a refused request must leave as it was.
    std::string snapshot()
    {
        return std::to_string(count("SELECT count(*) FROM ratings")) + "/"
            + std::to_string(count("SELECT count(*) FROM comparisons")) + "/"
            + std::to_string(count("SELECT count(*) FROM session_checkpoints")) + "/"
            + std::to_string(count("SELECT count(*) FROM people")) + "/"
            + std::to_string(count("SELECT count(*) FROM participant_links")) + "/"
            + std::to_string(count("SELECT count(*) FROM sessions"));
    }

    // Starts a visit and answers `n` trials; returns the state after the last answer.
    JsonValue answerSome(const std::string& token, int n, const std::string& keyPrefix)
    {
        auto state = *json(post(token, "/api/start")).find("state");
        for (int i = 0; i < n; ++i) {
            fetchImages(token, state);
            const auto r = post(token, "/api/answer", util::toJson(answerFor(state, keyPrefix + std::to_string(i))));
            EXPECT_EQ(r->status, 200) << r->body;
            state = *json(r).find("state");
        }
        return state;
    }

    void fetchImages(const std::string& token, const JsonValue& state)
    {
        const auto& trial = *state.find("trial");
        for (const char* k : {"image", "left", "right"}) {
            if (const auto* id = trial.find(k)) {
                const auto r =
                    client_->Get(("/api/image/" + std::to_string(id->asInt()) + "?w=300").c_str(), auth(token));
                EXPECT_EQ(r->status, 200) << r->body;
            }
        }
    }

    tastelab::testing::TempDir dir_;
    std::unique_ptr<services::web::StudyServer> server_;
    std::thread thread_;
    int port_ = 0;
    std::unique_ptr<httplib::Client> client_;
};

TEST(ParticipantTokens, AreLongRandomAndHashedWithSha256)
{
    const auto a = services::web::newToken();
    const auto b = services::web::newToken();
    EXPECT_EQ(a.size(), 48u) << "192 bits as hex";
    EXPECT_NE(a, b);
    EXPECT_TRUE(services::web::looksLikeToken(a));
    EXPECT_FALSE(services::web::looksLikeToken(a.substr(1)));
    // FIPS 180-4 test vector.
    EXPECT_EQ(services::web::tokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(WebServerTest, CompletesTheStudyOverHttpWithEveryAnswerStoredOnce)
{
    startServer();
    const auto links = server_->createParticipants(2);
    ASSERT_EQ(links.size(), 2u);
    const auto& token = links[0].token;
    EXPECT_EQ(
        count("SELECT count(*) FROM participant_links WHERE token_hash = '" + services::web::tokenHash(token) + "'"), 1)
        << "only the hash is stored";

    const auto page = client_->Get(("/s/" + token).c_str());
    ASSERT_EQ(page->status, 200);
    EXPECT_THAT(page->body, ::testing::HasSubstr("/static/study.js"));
    EXPECT_EQ(client_->Get("/static/study.js")->status, 200);

    auto start = json(post(token, "/api/start"));
    EXPECT_EQ(start.find("study")->find("anchors")->asArray().size(), 5u);
    auto state = *start.find("state");
    const auto total = state.find("total")->asInt();
    int sliders = 0, pairs = 0, practice = 0;
    std::string code;
    for (int i = 0; i < total; ++i) {
        ASSERT_EQ(state.find("phase")->asString(), "trial");
        const auto& trial = *state.find("trial");
        if (trial.find("practice")->asBool()) ++practice;
        (trial.find("mode")->asString() == "slider" ? sliders : pairs)++;
        fetchImages(token, state);
        const auto body = util::toJson(answerFor(state, "k" + std::to_string(i)));
        auto r = post(token, "/api/answer", body);
        ASSERT_EQ(r->status, 200) << r->body;
        EXPECT_FALSE(json(r).find("duplicate")->asBool());
        // The acknowledgement was lost: the page sends the same answer again. Acknowledged, not stored twice.
        const auto again = post(token, "/api/answer", body);
        ASSERT_EQ(again->status, 200) << again->body;
        EXPECT_TRUE(json(again).find("duplicate")->asBool());
        state = *json(r).find("state");
    }
    ASSERT_EQ(state.find("phase")->asString(), "done");
    code = state.find("code")->asString();
    EXPECT_GT(sliders, 0);
    EXPECT_GT(pairs, 0);
    EXPECT_GT(practice, 0);

    const auto stored = count("SELECT count(*) FROM ratings") + count("SELECT count(*) FROM comparisons");
    EXPECT_EQ(stored, total - practice) << "practice is not stored; every other trial exactly once";
    EXPECT_EQ(count("SELECT count(*) FROM ratings WHERE client_key IS NULL OR client_response_ms != 1234 "
                    "OR shown_at IS NULL OR response_ms IS NULL"),
        0);
    EXPECT_EQ(count("SELECT count(*) FROM comparisons WHERE client_key IS NULL OR client_response_ms != 1234"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE status = 'completed'"), 1);
    EXPECT_EQ(code, services::completionCodeFor("web", links[0].pseudonym, count("SELECT seed FROM assignments")));

    // Coming back after the end shows the code again and accepts nothing.
    const auto back = json(post(token, "/api/start"));
    EXPECT_EQ(back.find("state")->find("code")->asString(), code);
    const auto before = snapshot();
    EXPECT_EQ(
        post(token, "/api/answer", R"({"key":"late","position":0,"mode":"slider","image":1,"value":0.5,"moved":true})")
            ->status,
        409);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(WebServerTest, ResumesAtTheLastCheckpointAndRevisesWhatFollowed)
{
    startServer();
    const auto token = server_->createParticipants(1)[0].token;
    // Practice (1) + a block of 4: the checkpoint after the block is at position 5; two more answers follow.
    auto state = answerSome(token, 7, "a");
    EXPECT_EQ(state.find("position")->asInt(), 7);
    const auto rows = count("SELECT count(*) FROM ratings") + count("SELECT count(*) FROM comparisons");

    // A reload: a new visit resumes at the latest checkpoint, as on the desktop.
    auto resumed = *json(post(token, "/api/start")).find("state");
    EXPECT_TRUE(resumed.find("resumed")->asBool());
    const auto at = resumed.find("position")->asInt();
    EXPECT_GT(at, 0);
    EXPECT_LT(at, 7);
    EXPECT_EQ(at, count("SELECT next_position FROM session_checkpoints ORDER BY id DESC LIMIT 1"));
    fetchImages(token, resumed);
    const auto r = post(token, "/api/answer", util::toJson(answerFor(resumed, "b0", 0.1)));
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(count("SELECT count(*) FROM ratings") + count("SELECT count(*) FROM comparisons"), rows + 1);
    EXPECT_EQ(count("SELECT count(*) FROM ratings WHERE revises_id IS NOT NULL")
            + count("SELECT count(*) FROM comparisons WHERE revises_id IS NOT NULL"),
        1)
        << "the trial answered again is a revision";
}

TEST_F(WebServerTest, SurvivesARestartWithoutLosingOrDoublingAnswers)
{
    startServer();
    const auto token = server_->createParticipants(1)[0].token;
    auto state = answerSome(token, 3, "x");
    const auto body = util::toJson(answerFor(state, "pending"));
    ASSERT_EQ(post(token, "/api/answer", body)->status, 200);
    const auto rows = count("SELECT count(*) FROM ratings") + count("SELECT count(*) FROM comparisons");
    stopServer();
    startServer();
    // The page never saw the acknowledgement: it sends the answer again after the restart.
    const auto again = post(token, "/api/answer", body);
    ASSERT_EQ(again->status, 200) << again->body;
    EXPECT_TRUE(json(again).find("duplicate")->asBool());
    EXPECT_EQ(count("SELECT count(*) FROM ratings") + count("SELECT count(*) FROM comparisons"), rows);
}

TEST_F(WebServerTest, RefusesHostileRequestsAndChangesNothing)
{
    services::web::StudyServerOptions options;
    options.maxBodyBytes = 4096;
    startServer(options);
    const auto links = server_->createParticipants(2);
    const auto& alice = links[0].token;
    const auto& bob = links[1].token;
    auto aliceState = answerSome(alice, 2, "a");
    auto bobState = answerSome(bob, 3, "b");
    const auto before = snapshot();

    // No token, a malformed one, a well-formed unknown one.
    EXPECT_EQ(client_->Post("/api/answer", "{}", "application/json")->status, 401);
    EXPECT_EQ(post("nope", "/api/answer")->status, 401);
    EXPECT_EQ(post(services::web::newToken(), "/api/start")->status, 403);
    EXPECT_EQ(client_->Get(("/s/" + services::web::newToken()).c_str())->status, 404);

    // Bad JSON, the wrong shape, values out of range.
    for (const char* body : {"{", "[1,2]", "{\"key\":\"k\"}", "\"text\"", "{\"key\":\"k\",\"key\":\"j\"}"}) {
        const auto r = post(alice, "/api/answer", body);
        EXPECT_EQ(r->status, 400) << body << " -> " << r->body;
        EXPECT_THAT(r->body, ::testing::HasSubstr("error"));
    }
    auto bad = answerFor(aliceState, "v1");
    if (aliceState.find("trial")->find("mode")->asString() == "slider") {
        bad.set("value", 1.5);
    } else {
        bad.set("choice", "both");
    }
    EXPECT_EQ(post(alice, "/api/answer", util::toJson(bad))->status, 400);
    auto badKey = answerFor(aliceState, "has space");
    EXPECT_EQ(post(alice, "/api/answer", util::toJson(badKey))->status, 400);

    // A body over the limit.
    EXPECT_EQ(post(alice, "/api/answer", std::string(64 * 1024, ' '))->status, 413);

    // Another participant's trial: Bob's current trial sent with Alice's token.
    auto foreign = answerFor(bobState, "f1");
    foreign.set("position", aliceState.find("position")->asInt());
    EXPECT_EQ(post(alice, "/api/answer", util::toJson(foreign))->status, 409);
    // ... and Bob's images are not Alice's.
    const auto& bobTrial = *bobState.find("trial");
    const auto bobImage = bobTrial.find("image") ? bobTrial.find("image")->asInt() : bobTrial.find("left")->asInt();
    const auto& aliceTrial = *aliceState.find("trial");
    const bool aliceSeesIt = (aliceTrial.find("image") && aliceTrial.find("image")->asInt() == bobImage)
        || (aliceTrial.find("left") && aliceTrial.find("left")->asInt() == bobImage)
        || (aliceTrial.find("right") && aliceTrial.find("right")->asInt() == bobImage);
    if (!aliceSeesIt) {
        EXPECT_EQ(client_->Get(("/api/image/" + std::to_string(bobImage)).c_str(), auth(alice))->status, 404);
    }
    EXPECT_EQ(client_->Get("/api/image/999999", auth(alice))->status, 404);

    // A replayed answer: an earlier trial with a new key, and an old key for another trial.
    auto replay = answerFor(aliceState, "r1");
    replay.set("position", aliceState.find("position")->asInt() - 1);
    EXPECT_EQ(post(alice, "/api/answer", util::toJson(replay))->status, 409);
    auto reused = answerFor(aliceState, "a0");
    EXPECT_EQ(post(alice, "/api/answer", util::toJson(reused))->status, 409) << "key a0 belongs to trial 0";

    // The slider must have moved.
    if (aliceState.find("trial")->find("mode")->asString() == "slider") {
        auto still = answerFor(aliceState, "m1");
        still.set("moved", false);
        EXPECT_EQ(post(alice, "/api/answer", util::toJson(still))->status, 422);
    }

    // Paths outside the page: traversal, encoded traversal, listings, the workspace's own files.
    for (const char* path : {"/static/../tastelab.sqlite", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/", "/s/",
             "/../../etc/passwd", "/library/", "/tastelab.sqlite", "/api/image/..%2f..%2ftastelab.sqlite", "/"}) {
        const auto r = client_->Get(path, auth(alice));
        ASSERT_TRUE(r) << path;
        EXPECT_GE(r->status, 400) << path;
        EXPECT_LT(r->status, 500) << path;
        EXPECT_THAT(r->body, ::testing::Not(::testing::HasSubstr("SQLite"))) << path;
    }
    // External ids are off unless the study allows them.
    EXPECT_EQ(client_->Get("/join?pid=PANEL123")->status, 403);

    EXPECT_EQ(snapshot(), before);
    // And the participant goes on as if nothing happened.
    fetchImages(alice, aliceState);
    EXPECT_EQ(post(alice, "/api/answer", util::toJson(answerFor(aliceState, "a2")))->status, 200);
}

TEST_F(WebServerTest, LimitsTheRateOfRequests)
{
    services::web::StudyServerOptions options;
    options.requestsPerSecond = 2;
    options.burst = 5;
    startServer(options);
    const auto token = server_->createParticipants(1)[0].token;
    int limited = 0;
    for (int i = 0; i < 20; ++i)
        if (client_->Get("/api/state", auth(token))->status == 429) ++limited;
    EXPECT_GE(limited, 10);
    // Guessing tokens is limited per address.
    int guesses = 0;
    for (int i = 0; i < 20; ++i)
        if (client_->Get("/admin/api/progress", {{"X-Forwarded-For", "1.2.3.4"}})->status == 429) ++guesses;
    EXPECT_GE(guesses, 10);
}

TEST_F(WebServerTest, AdminViewIsLocalOrNeedsItsToken)
{
    startServer();
    server_->createParticipants(3);
    const auto local = client_->Get("/admin/api/progress");
    ASSERT_EQ(local->status, 200);
    EXPECT_EQ(json(local).find("participants")->asArray().size(), 3u);
    // Through a reverse proxy the request comes from loopback too, but it is not local.
    const httplib::Headers proxied = {{"X-Forwarded-For", "203.0.113.9"}};
    EXPECT_EQ(client_->Get("/admin/api/progress", proxied)->status, 403);
    EXPECT_EQ(client_->Get("/admin?key=wrong", proxied)->status, 403);
    EXPECT_EQ(client_->Get(("/admin/api/progress?key=" + server_->adminToken()).c_str(), proxied)->status, 200);
}

TEST_F(WebServerTest, AdminResultsAreTheStudysResultsForTheAdminOnly)
{
    startServer();
    const auto links = server_->createParticipants(2);
    answerSome(links[0].token, 6, "res");
    const auto r = client_->Get("/admin/api/results");
    ASSERT_EQ(r->status, 200) << r->body;
    const auto results = json(r);
    EXPECT_EQ(results.find("study")->find("name")->asString(), "web");
    ASSERT_NE(results.find("summary"), nullptr);
    bool found = false;
    for (const auto& p : results.find("participants")->asArray()) {
        if (p.find("pseudonym")->asString() != links[0].pseudonym) continue;
        found = true;
        EXPECT_GT(p.find("answeredTrials")->asInt(), 0);
    }
    EXPECT_TRUE(found) << "the participant who answered is missing from the results";
    EXPECT_EQ(client_->Get("/admin/api/results", {{"X-Forwarded-For", "203.0.113.9"}})->status, 403);
    // Through a proxy, a participant's token is not the admin's.
    auto proxiedWithToken = auth(links[0].token);
    proxiedWithToken.emplace("X-Forwarded-For", "203.0.113.9");
    EXPECT_EQ(client_->Get("/admin/api/results", proxiedWithToken)->status, 403);
}

TEST_F(WebServerTest, SendsImagesAtDisplaySizeOnlyForTheCurrentTrial)
{
    startServer();
    const auto token = server_->createParticipants(1)[0].token;
    auto state = *json(post(token, "/api/start")).find("state");
    const auto& trial = *state.find("trial");
    const auto id = trial.find("image") ? trial.find("image")->asInt() : trial.find("left")->asInt();
    const auto r = client_->Get(("/api/image/" + std::to_string(id) + "?w=250").c_str(), auth(token));
    ASSERT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "image/jpeg");
    const std::vector<std::uint8_t> bytes(r->body.begin(), r->body.end());
    const auto header = model::readImageHeader(bytes, "served image");
    EXPECT_EQ(header.format, "jpeg");
    EXPECT_EQ(header.width, 256) << "250 px asked, snapped to 256; the file is 640 wide";
    EXPECT_EQ(header.height, 192);
}

TEST_F(WebServerTest, PanelIdsCreateAParticipantOnceAndRotateTheirToken)
{
    services::web::StudyServerOptions options;
    options.allowExternalId = true;
    startServer(options);
    const auto first = client_->Get("/join?pid=PANEL-123");
    ASSERT_EQ(first->status, 303);
    const auto location = first->get_header_value("Location");
    ASSERT_EQ(location.substr(0, 3), "/s/");
    const auto token = location.substr(3);
    answerSome(token, 1, "p");
    EXPECT_EQ(client_->Get("/join?pid=bad%20id")->status, 400);
    const auto second = client_->Get("/join?pid=PANEL-123");
    ASSERT_EQ(second->status, 303);
    const auto token2 = second->get_header_value("Location").substr(3);
    EXPECT_NE(token, token2);
    EXPECT_EQ(post(token, "/api/state")->status, 404) << "POST on a GET route";
    EXPECT_EQ(client_->Get("/api/state", auth(token))->status, 403) << "the old link ended";
    EXPECT_EQ(client_->Get("/api/state", auth(token2))->status, 200);
    EXPECT_EQ(count("SELECT count(*) FROM participant_links WHERE external_id = 'PANEL-123'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM ratings") + count("SELECT count(*) FROM comparisons"), 0)
        << "one practice answer: nothing stored";
}

}  // namespace
}  // namespace tastelab

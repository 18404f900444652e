// The HTTP side of a served study (cpp-httplib): routes, authentication by token, limits, and the answer protocol on
// top of StudySession. One mutex guards the workspace connection and the participants' sessions: SQLite writes one
// transaction at a time anyway, and an answer's commit must finish before its acknowledgement.
#include "app/services/web/study_server.h"

#include "app/build_config.h"
#include "app/services/study_results.h"
#include "app/services/study_session.h"
#include "app/services/web/participant_tokens.h"
#include "app/services/web/web_assets.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "storage/people.h"
#include "storage/sessions.h"
#include "storage/storage_error.h"
#include "storage/studies.h"
#include "util/clock.h"
#include "util/json.h"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>

namespace tastelab::services::web {
namespace {

using util::JsonValue;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kImageCacheBytes = 128u << 20;

// A token bucket per key (participant token, or address for requests without one).
class RateLimiter {
public:
    RateLimiter(double perSecond, double burst)
        : perSecond_(perSecond)
        , burst_(burst)
    {
    }

    bool allow(const std::string& key)
    {
        const auto now = Clock::now();
        std::lock_guard lock(mutex_);
        if (buckets_.size() > 100000) buckets_.clear();  // a flood of addresses must not grow memory without bound
        auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
        auto& b = it->second;
        if (!fresh) {
            const double elapsed = std::chrono::duration<double>(now - b.last).count();
            b.tokens = std::min(burst_, b.tokens + elapsed * perSecond_);
            b.last = now;
        }
        if (b.tokens < 1.0) return false;
        b.tokens -= 1.0;
        return true;
    }

private:
    struct Bucket {
        double tokens;
        Clock::time_point last;
    };
    double perSecond_;
    double burst_;
    std::mutex mutex_;
    std::map<std::string, Bucket> buckets_;
};

void sendJson(httplib::Response& res, int status, const JsonValue& body)
{
    res.status = status;
    res.set_content(util::toJson(body), "application/json; charset=utf-8");
}

void sendError(httplib::Response& res, int status, const std::string& message)
{
    JsonValue body = JsonValue::Object{};
    body.set("error", message);
    sendJson(res, status, body);
}

std::string_view assetBody(std::string_view name)
{
    for (const auto& asset : webAssets())
        if (asset.name == name) return asset.body;
    throw std::logic_error(fmt::format("the web asset '{}' is not embedded", name));
}

std::string contentTypeOf(std::string_view name)
{
    if (name.size() > 5 && name.substr(name.size() - 5) == ".html") return "text/html; charset=utf-8";
    if (name.size() > 4 && name.substr(name.size() - 4) == ".css") return "text/css; charset=utf-8";
    return "text/javascript; charset=utf-8";
}

// The bearer token of a request, when the header holds something shaped like one.
std::optional<std::string> bearerToken(const httplib::Request& req)
{
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
    std::string token = header.substr(kPrefix.size());
    if (!looksLikeToken(token)) return std::nullopt;
    return token;
}

bool isLoopback(const httplib::Request& req)
{
    // Behind a reverse proxy every request comes from loopback: a forwarded request is never treated as local.
    if (req.has_header("X-Forwarded-For") || req.has_header("Forwarded") || req.has_header("X-Real-IP")) return false;
    return req.remote_addr == "127.0.0.1" || req.remote_addr == "::1" || req.remote_addr == "::ffff:127.0.0.1";
}

bool validKey(const std::string& key)
{
    return !key.empty() && key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool validExternalId(const std::string& id)
{
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
            || c == '.' || c == '@';
    });
}

// Field readers that name the field in their 400 message.
class BadRequest : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

const JsonValue& field(const JsonValue& body, const char* name)
{
    const JsonValue* v = body.find(name);
    if (!v) throw BadRequest(fmt::format("the answer lacks the field '{}'", name));
    return *v;
}

std::int64_t intField(const JsonValue& body, const char* name, std::int64_t lo, std::int64_t hi)
{
    const auto& v = field(body, name);
    if (!v.isInteger()) throw BadRequest(fmt::format("'{}' must be an integer", name));
    const auto n = v.asInt();
    if (n < lo || n > hi) throw BadRequest(fmt::format("'{}' must lie in {}..{}, got {}", name, lo, hi, n));
    return n;
}

double unitField(const JsonValue& body, const char* name)
{
    const auto& v = field(body, name);
    if (!v.isNumber()) throw BadRequest(fmt::format("'{}' must be a number", name));
    const double x = v.asDouble();
    if (!std::isfinite(x) || x < 0.0 || x > 1.0) throw BadRequest(fmt::format("'{}' must lie in 0..1", name));
    return x;
}

const std::string& stringField(const JsonValue& body, const char* name)
{
    const auto& v = field(body, name);
    if (!v.isString()) throw BadRequest(fmt::format("'{}' must be a string", name));
    return v.asString();
}

std::string modeName(storage::TrialMode mode)
{
    return mode == storage::TrialMode::Slider ? "slider" : "pairwise";
}

}  // namespace

class StudyServer::Impl {
public:
    explicit Impl(StudyServerOptions options)
        : options_(std::move(options))
        , workspace_(openWorkspace(options_.workspace))
        , limiter_(options_.requestsPerSecond, options_.burst)
    {
        auto study = storage::StudyStore(workspace_.database()).findStudyByName(options_.study);
        if (!study) {
            throw StudyServerError(fmt::format(
                "there is no study named '{}' in the workspace {}", options_.study, options_.workspace.string()));
        }
        study_ = *study;
        if (options_.adminToken.empty()) options_.adminToken = newToken();
        if (options_.maxBodyBytes < 256) throw StudyServerError("the request size limit must be at least 256 bytes");
        routes();
    }

    static Workspace openWorkspace(const std::filesystem::path& root)
    {
        try {
            return Workspace::open(root);
        } catch (const std::exception& e) {
            throw StudyServerError(e.what());
        }
    }

    int bind()
    {
        if (options_.port < 0 || options_.port > 65535) {
            throw StudyServerError(fmt::format("--port must lie in 0..65535, got {}", options_.port));
        }
        if (options_.port == 0) {
            port_ = server_.bind_to_any_port(options_.bind);
            if (port_ < 0) throw StudyServerError(fmt::format("cannot listen on {}", options_.bind));
        } else {
            if (!server_.bind_to_port(options_.bind, options_.port)) {
                throw StudyServerError(
                    fmt::format("cannot listen on {}:{} (is the port taken, or the address not this machine's?)",
                        options_.bind, options_.port));
            }
            port_ = options_.port;
        }
        return port_;
    }

    void run() { server_.listen_after_bind(); }
    void stop() { server_.stop(); }
    int port() const { return port_; }

    std::string baseUrl() const
    {
        if (!options_.publicUrl.empty()) {
            std::string url = options_.publicUrl;
            while (!url.empty() && url.back() == '/') url.pop_back();
            return url;
        }
        const bool v6 = options_.bind.find(':') != std::string::npos;
        const std::string host = options_.bind == "0.0.0.0" ? "127.0.0.1" : options_.bind;
        // Before bind() (links made without serving) the port asked for is the one the links name.
        return fmt::format("http://{}:{}", v6 ? "[" + host + "]" : host, port_ >= 0 ? port_ : options_.port);
    }

    const std::string& adminToken() const { return options_.adminToken; }
    std::int64_t studyId() const { return study_.id; }

    std::vector<CreatedLink> createParticipants(int count)
    {
        if (count < 0 || count > 100000) throw StudyServerError("--participants must lie in 0..100000");
        std::lock_guard lock(mutex_);
        std::vector<CreatedLink> out;
        storage::PeopleStore people(workspace_.database());
        storage::ParticipantLinkStore links(workspace_.database());
        for (int i = 0; i < count; ++i) {
            storage::Person person;
            person.role = storage::PersonRole::Participant;
            const auto personId = people.insert(person);
            const std::string token = newToken();
            storage::ParticipantLink link;
            link.studyId = study_.id;
            link.personId = personId;
            link.tokenHash = tokenHash(token);
            links.create(link);
            out.push_back({people.findById(personId)->pseudonym, token, baseUrl() + "/s/" + token});
        }
        return out;
    }

    std::vector<storage::LinkProgress> progress()
    {
        std::lock_guard lock(mutex_);
        return storage::ParticipantLinkStore(workspace_.database()).progress(study_.id);
    }

private:
    // One participant's visit: the session (null once the study is completed) and what the protocol needs beside.
    struct Visit {
        std::unique_ptr<StudySession> session;
        std::string completionCode;  // set when completed
        std::map<std::string, int> practiceKeys;  // practice answers are not stored: key -> trial position
        int shownPosition = -1;  // the trial whose image was sent last, and when
        Clock::time_point shownSteady;
        std::string shownUtc;
    };

    struct Participant {
        std::int64_t personId = 0;
        std::string pseudonym;
    };

    // Needs mutex_. The participant of a token, when it names a live link of this study.
    std::optional<Participant> participantOf(const std::string& token)
    {
        const auto link = storage::ParticipantLinkStore(workspace_.database()).findByTokenHash(tokenHash(token));
        if (!link || link->studyId != study_.id) return std::nullopt;
        const auto person = storage::PeopleStore(workspace_.database()).findById(link->personId);
        if (!person) return std::nullopt;
        return Participant{person->id, person->pseudonym};
    }

    // Needs mutex_. A new visit: the session resumes at the participant's latest checkpoint, as on the desktop.
    Visit& startVisit(const Participant& p, const std::string& userAgent)
    {
        Visit visit;
        SessionStart start;
        start.study = study_.name;
        start.participant = p.pseudonym;
        start.createParticipant = false;
        start.client = fmt::format("TasteLab {} web; {}", TASTELAB_VERSION, userAgent.substr(0, 160));
        storage::StudyStore studies(workspace_.database());
        const auto plan = studies.findAssignment(study_.id, p.personId);
        const auto last =
            plan ? storage::SessionStore(workspace_.database()).latestForAssignment(plan->id) : std::nullopt;
        if (plan && last && last->status == storage::SessionStatus::Completed) {
            visit.completionCode = completionCodeFor(study_.name, p.pseudonym, plan->seed);
        } else {
            try {
                visit.session = std::make_unique<StudySession>(workspace_, start);
            } catch (const StudySessionError& e) {
                throw StudyServerError(e.what());
            }
        }
        auto& slot = visits_[p.personId];
        slot = std::move(visit);
        return slot;
    }

    Visit& visitOf(const Participant& p, const std::string& userAgent)
    {
        const auto it = visits_.find(p.personId);
        if (it != visits_.end()) return it->second;
        return startVisit(p, userAgent);
    }

    std::string redirectFor(const std::string& code) const
    {
        std::string url = options_.redirectUrl;
        for (auto at = url.find("{code}"); at != std::string::npos; at = url.find("{code}", at + code.size()))
            url.replace(at, 6, code);
        return url;
    }

    JsonValue studyJson() const
    {
        JsonValue s = JsonValue::Object{};
        s.set("name", study_.name);
        s.set("consent", study_.consentText);
        s.set("instructions", study_.instructions);
        JsonValue anchors = JsonValue::Array{};
        for (const auto& a : study_.protocol.anchorLabels) anchors.push(a);
        s.set("anchors", anchors);
        s.set("requireMovement", study_.protocol.requireMovement);
        s.set("allowRevisions", study_.protocol.allowRevisions);
        s.set("breakEvery", study_.protocol.breakEvery);
        return s;
    }

    // Needs mutex_.
    JsonValue stateJson(const Visit& visit) const
    {
        JsonValue out = JsonValue::Object{};
        if (!visit.session) {
            out.set("phase", "done");
            out.set("code", visit.completionCode);
            out.set("redirect", redirectFor(visit.completionCode));
            return out;
        }
        const auto& s = *visit.session;
        out.set("position", s.position());
        out.set("total", s.trialCount());
        out.set("mainDone", s.mainTrialsDone());
        out.set("mainTotal", s.mainTrialCount());
        out.set("resumed", s.isResumed());
        out.set("resumedAt", s.resumedAt());
        out.set("breakDue", s.breakDue());
        out.set("practiceEnded", s.practiceJustEnded());
        out.set("canGoBack", s.canGoBack());
        if (s.finished()) {
            out.set("phase", "done");
            out.set("code", visit.completionCode);
            out.set("redirect", redirectFor(visit.completionCode));
            return out;
        }
        out.set("phase", "trial");
        const auto& t = s.currentTrial();
        JsonValue trial = JsonValue::Object{};
        trial.set("position", t.position);
        trial.set("mode", modeName(t.mode));
        trial.set("practice", t.isPractice);
        if (t.mode == storage::TrialMode::Slider) {
            trial.set("image", *t.imageId);
            trial.set("start", s.startPosition());
            if (const auto text = s.instruction()) trial.set("instruction", *text);
        } else {
            trial.set("left", *t.leftImageId);
            trial.set("right", *t.rightImageId);
        }
        out.set("trial", trial);
        return out;
    }

    bool allowedAdmin(const httplib::Request& req) const
    {
        if (isLoopback(req)) return true;
        const std::string header = req.get_header_value("Authorization");
        if (header.size() > 7 && sameSecret(header.substr(7), options_.adminToken)) return true;
        return req.has_param("key") && sameSecret(req.get_param_value("key"), options_.adminToken);
    }

    void routes()
    {
        server_.new_task_queue = [n = std::max(4, options_.threads)] {
            return new httplib::ThreadPool(static_cast<std::size_t>(n));
        };
        server_.set_payload_max_length(options_.maxBodyBytes);
        // A response is written as headers, then body: without TCP_NODELAY the body waits for the delayed ACK of the
        // headers (about 40 ms on Linux) on every kept-alive connection.
        server_.set_tcp_nodelay(true);
        server_.set_keep_alive_max_count(200);
        server_.set_keep_alive_timeout(2);  // an idle browser connection must not hold a worker for long
        server_.set_read_timeout(10, 0);
        server_.set_write_timeout(10, 0);

        server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            // Rate limit by participant token when there is one, else by address (which covers token guessing).
            std::string key = "addr:" + req.remote_addr;
            if (const auto token = bearerToken(req)) {
                key = *token;
            } else if (req.path.size() == 3 + 48 && req.path.compare(0, 3, "/s/") == 0) {
                key = req.path.substr(3);
            }
            if (!limiter_.allow(key)) {
                res.set_header("Retry-After", "1");
                sendError(res, 429, "too many requests: slow down and try again in a second");
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        server_.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
            res.set_header("Cache-Control", "no-store");
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_header("Referrer-Policy", "no-referrer");  // the link's token must not leak to other sites
            res.set_header("X-Frame-Options", "DENY");
            res.set_header("Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
                "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        });
        server_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return;
            if (res.status == 404) {
                sendError(res, 404, "not found");
            } else if (res.status == 413) {
                sendError(res, 413, "the request is too large");
            } else if (res.status == 414) {
                sendError(res, 414, "the address is too long");
            } else {
                sendError(res, res.status, "the request was refused");
            }
        });
        server_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
            std::string what = "internal error";
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            sendError(res, 500, "the server failed: " + what);
        });

        for (const char* name : {"study.js", "study.css", "admin.js"}) {
            server_.Get(std::string("/static/") + name, [name](const httplib::Request&, httplib::Response& res) {
                res.set_content(std::string(assetBody(name)), contentTypeOf(name));
            });
        }
        server_.Get(R"(/s/([0-9a-f]{48}))", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            if (!participantOf(req.matches[1])) {
                res.status = 404;
                res.set_content("<!doctype html><title>Link not valid</title><p>This study link is not valid or was "
                                "withdrawn. Please check the address or ask the lab for a new link.</p>",
                    "text/html; charset=utf-8");
                return;
            }
            res.set_content(std::string(assetBody("study.html")), "text/html; charset=utf-8");
        });
        server_.Get("/join", [this](const httplib::Request& req, httplib::Response& res) { join(req, res); });
        server_.Post("/api/start", [this](const httplib::Request& req, httplib::Response& res) {
            api(req, res, [&](const Participant& p) {
                auto& visit = startVisit(p, req.get_header_value("User-Agent"));
                JsonValue out = JsonValue::Object{};
                out.set("study", studyJson());
                out.set("state", stateJson(visit));
                sendJson(res, 200, out);
            });
        });
        server_.Get("/api/state", [this](const httplib::Request& req, httplib::Response& res) {
            api(req, res, [&](const Participant& p) {
                JsonValue out = JsonValue::Object{};
                out.set("state", stateJson(visitOf(p, req.get_header_value("User-Agent"))));
                sendJson(res, 200, out);
            });
        });
        server_.Post("/api/answer", [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
        server_.Post("/api/back", [this](const httplib::Request& req, httplib::Response& res) {
            api(req, res, [&](const Participant& p) {
                auto& visit = visitOf(p, req.get_header_value("User-Agent"));
                if (!visit.session || !visit.session->canGoBack()) {
                    sendError(res, 409, "going back is not possible here");
                    return;
                }
                visit.session->goBack();
                JsonValue out = JsonValue::Object{};
                out.set("state", stateJson(visit));
                sendJson(res, 200, out);
            });
        });
        server_.Get(R"(/api/image/(\d{1,18}))",
            [this](const httplib::Request& req, httplib::Response& res) { image(req, res); });
        server_.Get("/admin", [this](const httplib::Request& req, httplib::Response& res) {
            if (!allowedAdmin(req)) {
                sendError(res, 403, "the admin view opens from this machine only, or with ?key=ADMIN_TOKEN");
                return;
            }
            res.set_content(std::string(assetBody("admin.html")), "text/html; charset=utf-8");
        });
        server_.Get("/admin/api/progress", [this](const httplib::Request& req, httplib::Response& res) {
            if (!allowedAdmin(req)) {
                sendError(res, 403, "the admin view opens from this machine only, or with the admin token");
                return;
            }
            adminProgress(res);
        });
        server_.Get("/admin/api/results", [this](const httplib::Request& req, httplib::Response& res) {
            if (!allowedAdmin(req)) {
                sendError(res, 403, "the admin view opens from this machine only, or with the admin token");
                return;
            }
            adminResults(res);
        });
    }

    // Authenticates a participant request and runs `work` under the lock; errors become clear 4xx/5xx answers.
    template <typename Work>
    void api(const httplib::Request& req, httplib::Response& res, Work&& work)
    {
        const auto token = bearerToken(req);
        if (!token) {
            sendError(res, 401, "this request needs the participant's link token (Authorization: Bearer TOKEN)");
            return;
        }
        std::lock_guard lock(mutex_);
        const auto p = participantOf(*token);
        if (!p) {
            sendError(res, 403, "this link is not valid for this study, or it was withdrawn");
            return;
        }
        try {
            work(*p);
        } catch (const BadRequest& e) {
            sendError(res, 400, e.what());
        } catch (const util::FormatError& e) {
            sendError(res, 400, fmt::format("the request body is not valid JSON: {}", e.what()));
        } catch (const StudyServerError& e) {
            sendError(res, 409, e.what());
        }
    }

    void answer(const httplib::Request& req, httplib::Response& res)
    {
        api(req, res, [&](const Participant& p) {
            const JsonValue body = util::parseJson(req.body, "answer");
            if (!body.isObject()) throw BadRequest("the answer must be a JSON object");
            const std::string& key = stringField(body, "key");
            if (!validKey(key)) throw BadRequest("'key' must be 1 to 64 letters, digits, '-' or '_'");
            const int position = static_cast<int>(intField(body, "position", 0, 1000000));
            const std::string& kind = stringField(body, "mode");
            std::optional<std::int64_t> clientMs;
            if (body.find("clientMs")) clientMs = intField(body, "clientMs", 0, 24LL * 3600 * 1000);

            auto& visit = visitOf(p, req.get_header_value("User-Agent"));
            JsonValue out = JsonValue::Object{};
            // The same answer sent again (a lost acknowledgement, a reload): acknowledged again, stored once.
            if (const auto stored = storage::findClientAnswer(workspace_.database(), p.personId, key)) {
                if (stored->trialPosition != position) {
                    sendError(res, 409,
                        fmt::format(
                            "the answer key was already used for trial {}", stored->trialPosition.value_or(-1)));
                    return;
                }
                out.set("duplicate", true);
                out.set("id", stored->id);
                out.set("state", stateJson(visit));
                sendJson(res, 200, out);
                return;
            }
            if (const auto practiced = visit.practiceKeys.find(key); practiced != visit.practiceKeys.end()) {
                if (practiced->second != position) {
                    sendError(res, 409, fmt::format("the answer key was already used for trial {}", practiced->second));
                    return;
                }
                out.set("duplicate", true);
                out.set("id", 0);
                out.set("state", stateJson(visit));
                sendJson(res, 200, out);
                return;
            }
            if (!visit.session || visit.session->finished()) {
                sendError(res, 409, "every trial of this study is already answered");
                return;
            }
            auto& session = *visit.session;
            if (position != session.position()) {
                out.set("error", fmt::format("trial {} is not the current trial ({})", position, session.position()));
                out.set("state", stateJson(visit));
                sendJson(res, 409, out);
                return;
            }
            const auto& trial = session.currentTrial();
            if (kind != modeName(trial.mode)) {
                sendError(
                    res, 409, fmt::format("trial {} is a {} trial, not {}", position, modeName(trial.mode), kind));
                return;
            }
            // The images named must be those of the trial: an answer meant for another plan changes nothing.
            const bool sameImages = trial.mode == storage::TrialMode::Slider
                ? intField(body, "image", 0, INT64_MAX) == *trial.imageId
                : intField(body, "left", 0, INT64_MAX) == *trial.leftImageId
                    && intField(body, "right", 0, INT64_MAX) == *trial.rightImageId;
            if (!sameImages) {
                sendError(res, 409, fmt::format("the images named do not belong to trial {}", position));
                return;
            }
            const bool shown = visit.shownPosition == position;
            const auto serverMs = shown
                ? std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - visit.shownSteady).count()
                : clientMs.value_or(0);
            const std::string shownAt = shown ? visit.shownUtc : std::string();
            std::int64_t id = 0;
            if (trial.mode == storage::TrialMode::Slider) {
                const double value = unitField(body, "value");
                const auto& moved = field(body, "moved");
                if (!moved.isBool()) throw BadRequest("'moved' must be true or false");
                if (study_.protocol.requireMovement && !moved.asBool()) {
                    sendError(res, 422, "this study needs the slider to be moved before an answer counts");
                    return;
                }
                SliderResponse r;
                r.value = value;
                r.startPosition = session.startPosition();
                r.moved = moved.asBool();
                r.responseMs = serverMs;
                r.shownAt = shownAt;
                id = session.answerSlider(r, BrowserAnswer{key, clientMs});
            } else {
                PairResponse r;
                try {
                    r.choice = storage::parsePairChoice(stringField(body, "choice"));
                } catch (const storage::StorageError& e) {
                    throw BadRequest(e.what());
                }
                r.responseMs = serverMs;
                r.shownAt = shownAt;
                id = session.answerPair(r, BrowserAnswer{key, clientMs});
            }
            if (trial.isPractice) visit.practiceKeys.emplace(key, position);
            if (session.finished()) visit.completionCode = session.complete();
            out.set("duplicate", false);
            out.set("id", id);
            out.set("state", stateJson(visit));
            sendJson(res, 200, out);
        });
    }

    void image(const httplib::Request& req, httplib::Response& res)
    {
        std::int64_t imageId = 0;
        try {
            imageId = std::stoll(req.matches[1]);
        } catch (const std::exception&) {
            sendError(res, 404, "not found");
            return;
        }
        int side = options_.displaySize;
        if (req.has_param("w")) {
            try {
                side = std::stoi(req.get_param_value("w"));
            } catch (const std::exception&) {
                sendError(res, 400, "'w' must be a width in pixels");
                return;
            }
        }
        // Sizes snap to steps of 128 pixels so that the cache stays small.
        side = std::clamp((side + 127) / 128 * 128, 128, std::max(128, options_.displaySize));
        std::string path;
        bool allowed = false;
        api(req, res, [&](const Participant& p) {
            auto& visit = visitOf(p, req.get_header_value("User-Agent"));
            // Only the current trial's images: the next image exists for the browser only after the answer committed.
            if (!visit.session || visit.session->finished()) return;
            const auto& t = visit.session->currentTrial();
            if (t.imageId != imageId && t.leftImageId != imageId && t.rightImageId != imageId) return;
            try {
                path = visit.session->image(imageId).path;
            } catch (const StudySessionError& e) {
                throw StudyServerError(e.what());
            }
            allowed = true;
            if (visit.shownPosition != t.position) {
                visit.shownPosition = t.position;
                visit.shownSteady = Clock::now();
                visit.shownUtc = util::utcTimestamp();
            }
        });
        if (!res.body.empty()) return;  // refused by api()
        if (!allowed) {
            sendError(res, 404, "not an image of your current trial");
            return;
        }
        try {
            const auto jpeg = encoded(imageId, path, side);
            res.set_content(jpeg->data(), jpeg->size(), "image/jpeg");
        } catch (const std::exception& e) {
            sendError(res, 500, fmt::format("image {} cannot be sent: {}", imageId, e.what()));
        }
    }

    std::shared_ptr<const std::string> encoded(std::int64_t imageId, const std::string& path, int side)
    {
        const auto key = std::make_pair(imageId, side);
        {
            std::lock_guard lock(cacheMutex_);
            if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
        }
        auto image = model::decodeImageFile(path);
        if (std::max(image.width, image.height) > side) image = model::resizeToFit(image, side);
        const auto bytes = model::encodeJpeg(image, 88);
        auto jpeg = std::make_shared<const std::string>(bytes.begin(), bytes.end());
        std::lock_guard lock(cacheMutex_);
        if (cacheBytes_ + jpeg->size() > kImageCacheBytes) {
            cache_.clear();
            cacheBytes_ = 0;
        }
        if (cache_.emplace(key, jpeg).second) cacheBytes_ += jpeg->size();
        return jpeg;
    }

    void join(const httplib::Request& req, httplib::Response& res)
    {
        if (!options_.allowExternalId) {
            sendError(res, 403, "this study is open through personal links only");
            return;
        }
        std::string id = req.has_param("pid") ? req.get_param_value("pid") : req.get_param_value("PROLIFIC_PID");
        if (!validExternalId(id)) {
            sendError(res, 400, "'pid' must be 1 to 128 letters, digits, '.', '-', '_' or '@'");
            return;
        }
        std::lock_guard lock(mutex_);
        storage::ParticipantLinkStore links(workspace_.database());
        const std::string token = newToken();
        if (const auto existing = links.findByExternalId(study_.id, id)) {
            // Only the hash of the first token is known: a returning participant gets a new one (the old one ends).
            links.replaceToken(existing->id, tokenHash(token));
        } else {
            storage::PeopleStore people(workspace_.database());
            storage::Person person;
            person.role = storage::PersonRole::Participant;
            storage::ParticipantLink link;
            link.studyId = study_.id;
            link.personId = people.insert(person);
            link.tokenHash = tokenHash(token);
            link.externalId = id;
            links.create(link);
        }
        res.status = 303;
        res.set_header("Location", "/s/" + token);
    }

    void adminProgress(httplib::Response& res)
    {
        std::lock_guard lock(mutex_);
        JsonValue out = JsonValue::Object{};
        out.set("study", study_.name);
        JsonValue rows = JsonValue::Array{};
        for (const auto& p : storage::ParticipantLinkStore(workspace_.database()).progress(study_.id)) {
            JsonValue row = JsonValue::Object{};
            row.set("pseudonym", p.pseudonym);
            row.set("externalId", p.externalId ? JsonValue(*p.externalId) : JsonValue());
            row.set("planned", p.plannedTrials);
            row.set("answered", p.answeredTrials);
            row.set("checkpoint", p.checkpoint);
            row.set("status", p.status);
            row.set("lastAnswerAt", p.lastAnswerAt ? JsonValue(*p.lastAnswerAt) : JsonValue());
            row.set("revoked", p.revoked);
            rows.push(row);
        }
        out.set("participants", rows);
        const auto counts = storage::AnswerStore(workspace_.database()).counts();
        out.set("ratings", counts.ratings);
        out.set("comparisons", counts.comparisons);
        sendJson(res, 200, out);
    }

    // The study's results as `tastelab-cli results --json` writes them. They are computed on a connection of their
    // own, outside the lock: WAL lets them read while participants' answers are committed, so a long computation
    // never delays an acknowledgement.
    void adminResults(httplib::Response& res)
    {
        try {
            Workspace reader = openWorkspace(options_.workspace);
            res.set_content(studyResultsJson(computeStudyResults(reader, study_.name)), "application/json");
            res.status = 200;
        } catch (const std::exception& e) {
            sendError(res, 500, std::string("cannot compute the study's results: ") + e.what());
        }
    }

    StudyServerOptions options_;
    Workspace workspace_;
    storage::Study study_;
    RateLimiter limiter_;
    httplib::Server server_;
    int port_ = -1;
    std::mutex mutex_;  // workspace_ and visits_
    std::map<std::int64_t, Visit> visits_;  // by person id
    std::mutex cacheMutex_;
    std::map<std::pair<std::int64_t, int>, std::shared_ptr<const std::string>> cache_;
    std::size_t cacheBytes_ = 0;
};

StudyServer::StudyServer(StudyServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options)))
{
}

StudyServer::~StudyServer() = default;

int StudyServer::bind()
{
    return impl_->bind();
}
void StudyServer::run()
{
    impl_->run();
}
void StudyServer::stop()
{
    impl_->stop();
}
int StudyServer::port() const
{
    return impl_->port();
}
std::string StudyServer::baseUrl() const
{
    return impl_->baseUrl();
}
const std::string& StudyServer::adminToken() const
{
    return impl_->adminToken();
}
std::int64_t StudyServer::studyId() const
{
    return impl_->studyId();
}
std::vector<CreatedLink> StudyServer::createParticipants(int count)
{
    return impl_->createParticipants(count);
}
std::vector<storage::LinkProgress> StudyServer::progress()
{
    return impl_->progress();
}

}  // namespace tastelab::services::web

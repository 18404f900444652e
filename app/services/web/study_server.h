// One study served over HTTP to participants' browsers. Each participant opens a link carrying an unguessable token
// and goes through the same seeded plan and StudySession as the desktop runner. Every answer is committed (WAL,
// synchronous=FULL) before it is acknowledged and before the next image can be fetched; an answer sent again with its
// idempotency key is acknowledged again and stored once. Qt-free: tastelab-cli serve and the GUI both run it.
#pragma once

#include "storage/participant_links.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::services::web {

class StudyServerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct StudyServerOptions {
    std::filesystem::path workspace;
    std::string study;  // by name
    std::string bind = "127.0.0.1";  // localhost unless asked: put a TLS reverse proxy in front for the internet
    int port = 8080;  // 0: any free port (see StudyServer::port())
    // Base of the links printed for participants, e.g. "https://lab.example.org"; default http://BIND:PORT.
    std::string publicUrl;
    bool allowExternalId = false;  // /join?pid=ID creates a participant on the first visit
    std::string redirectUrl;  // where the page goes after the completion code; "{code}" is replaced by the code
    std::string adminToken;  // empty: a fresh random one
    std::size_t maxBodyBytes = 16 * 1024;
    double requestsPerSecond = 20;  // per participant token, and per address for requests without a valid token
    double burst = 60;
    // Connections served at once: a kept-alive browser connection holds a worker until it idles out (2 s).
    int threads = 256;
    int displaySize = 1024;  // the largest side of an image sent to a browser, in pixels
};

struct CreatedLink {
    std::string pseudonym;
    std::string token;  // shown once: the database keeps only its hash
    std::string url;
};

class StudyServer {
public:
    // Opens the workspace and finds the study; throws StudyServerError naming what is wrong.
    explicit StudyServer(StudyServerOptions options);
    ~StudyServer();
    StudyServer(const StudyServer&) = delete;
    StudyServer& operator=(const StudyServer&) = delete;

    // Binds the address; throws StudyServerError when it cannot (port taken, bad address). Returns the port.
    int bind();
    // Serves until stop(); call bind() first. Blocks, so run it on its own thread.
    void run();
    // Stops serving; run() returns. Safe from any thread and more than once.
    void stop();

    int port() const;
    std::string baseUrl() const;
    const std::string& adminToken() const;
    std::int64_t studyId() const;

    // New participants (pseudonyms P0001...) each with a link to the study.
    std::vector<CreatedLink> createParticipants(int count);
    std::vector<storage::LinkProgress> progress();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tastelab::services::web

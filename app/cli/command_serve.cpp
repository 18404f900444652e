// `tastelab-cli serve WORKSPACE --study NAME`: serves a study to participants' browsers until Ctrl+C (SIGINT) or
// SIGTERM. Makes participant links in bulk (--participants N, printed or written to --links-csv) and, with
// --allow-external-id, lets a panel's participant id open the study (/join?pid=ID).
#include "app/cli/cli_commands.h"
#include "app/services/web/study_server.h"
#include "app/services/workspace.h"
#include "util/atomic_file.h"
#include "util/csv.h"
#include "util/text_safety.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <pthread.h>
#include <thread>

namespace tastelab::cli {

void addServeCommand(CLI::App& app)
{
    struct Options {
        std::string root;
        services::web::StudyServerOptions server;
        int participants = 0;
        std::string linksCsv;
        bool linksOnly = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("serve", "Serve a study to participants' browsers over HTTP");
    cmd->footer(
        "Each participant opens a link with a random token (192 bits; only its SHA-256 is stored, so the links are "
        "shown once: keep the CSV). Answers are committed before they are acknowledged; the page sends an "
        "unacknowledged answer again and it is stored once. The admin view (/admin) opens from this machine, or "
        "elsewhere with ?key=ADMIN_TOKEN. The default address is localhost: for the internet, put a reverse proxy "
        "with TLS in front (see README).");
    cmd->add_option("WORKSPACE", options->root, "Workspace folder")->required();
    cmd->add_option("--study", options->server.study, "Name of the study")->required();
    cmd->add_option("--port", options->server.port, "TCP port (0: any free one)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    cmd->add_option("--bind", options->server.bind, "Address to listen on (0.0.0.0: every interface)")
        ->capture_default_str();
    cmd->add_option("--participants", options->participants, "Make this many new participants with links")
        ->check(CLI::Range(0, 100000));
    cmd->add_option("--links-csv", options->linksCsv, "Write the new links (pseudonym,token,url) to this CSV file");
    cmd->add_flag("--links-only", options->linksOnly, "Make the links and exit without serving");
    cmd->add_flag("--allow-external-id", options->server.allowExternalId,
        "Let /join?pid=ID (e.g. a Prolific id) create a participant on the first visit");
    cmd->add_option("--redirect", options->server.redirectUrl,
        "After the completion code, send the browser here ('{code}' becomes the code)");
    cmd->add_option("--public-url", options->server.publicUrl,
        "Base of the printed links, e.g. https://lab.example.org behind a reverse proxy");
    cmd->add_option("--admin-token", options->server.adminToken, "Admin token (default: a fresh random one)");
    cmd->add_option("--rate", options->server.requestsPerSecond, "Requests per second allowed per participant")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 100000.0));
    cmd->add_option("--burst", options->server.burst, "Requests allowed at once per participant")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 1000000.0));
    cmd->add_option("--threads", options->server.threads, "Connections served at once")
        ->capture_default_str()
        ->check(CLI::Range(4, 1024));
    cmd->callback([options] {
        options->server.workspace = options->root;
        if (!options->linksCsv.empty()) {
            services::Workspace::open(options->root).refuseOwnPath(options->linksCsv, "--links-csv");
            if (options->participants == 0) throw CommandError("--links-csv needs --participants N");
        }
        // Block the stop signals before any thread starts, so that only the waiting thread below receives them.
        sigset_t stopSignals;
        sigemptyset(&stopSignals);
        sigaddset(&stopSignals, SIGINT);
        sigaddset(&stopSignals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

        services::web::StudyServer server(options->server);
        if (!options->linksOnly) server.bind();
        if (options->participants > 0) {
            const auto links = server.createParticipants(options->participants);
            if (!options->linksCsv.empty()) {
                std::string csv = "pseudonym,token,url\n";
                for (const auto& l : links)
                    csv += fmt::format("{},{},{}\n", util::csvEscape(l.pseudonym), l.token, util::csvEscape(l.url));
                util::writeFileAtomically(options->linksCsv, csv);
                fmt::print("Wrote {} participant link(s) to {}\n", links.size(),
                    util::printableForTerminal(options->linksCsv));
            } else {
                for (const auto& l : links) fmt::print("{}  {}\n", util::printableForTerminal(l.pseudonym), l.url);
            }
        }
        if (options->linksOnly) return;
        fmt::print("Serving study '{}' at {}\n", util::printableForTerminal(options->server.study), server.baseUrl());
        fmt::print("Admin view: {}/admin?key={}\n", server.baseUrl(), server.adminToken());
        if (options->server.allowExternalId) fmt::print("Panel link: {}/join?pid=PARTICIPANT_ID\n", server.baseUrl());
        fmt::print("Listening on port {}; stop with Ctrl+C\n", server.port());
        std::fflush(stdout);

        std::thread waiter([&server, stopSignals] {
            int received = 0;
            sigwait(&stopSignals, &received);
            server.stop();
        });
        server.run();
        // run() can also end on its own (a listen error): wake the waiter so that it can be joined.
        pthread_kill(waiter.native_handle(), SIGTERM);
        waiter.join();
        fmt::print("Stopped serving.\n");
    });
}

}  // namespace tastelab::cli

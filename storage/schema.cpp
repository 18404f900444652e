// Schema history. Never edit a released step: add a new one at the end and raise kSchemaVersion.
#include "storage/schema.h"

#include "storage/database.h"
#include "storage/storage_error.h"

#include <fmt/format.h>

#include <array>

namespace tastelab::storage {
namespace {

struct Migration {
    int version;
    const char* summary;
    const char* sql;
};

// Version 1: the workspace itself. `workspace_info` holds the workspace's own facts as key/value
// pairs (name, created_at, created_by).
//
// Version 2: the rating data. Conventions: times are UTC ISO 8601 text with milliseconds
// ("2026-11-23T18:43:44.123Z"); flags are INTEGER 0/1; free-form settings are JSON object text;
// answers are never updated: a revision is a new row whose `revises_id` names the row it replaces.
//
// Version 3: linked images (imported by reference) keep the modification time at which their bytes were
// last seen to match the stored hash, so that a file replaced on disk is found on every use.
//
// Version 4: taking an answer back, and answers given outside the desktop runner. A retraction is a revision
// row with `retracted` = 1 (it repeats the answer it takes back, so nothing is deleted and the history reads in
// order); an answer whose latest revision is a retraction no longer counts. `chosen_by` records how the image was
// picked (an artist's question strategy, best-of-N, a study plan), so that active questioning can be measured against
// random order. Browser answers carry the page's idempotency key (a resend after a dropped connection or a
// reload finds the stored row instead of adding one) and the response time the browser measured from the
// first paint of the decoded image, beside the server's timestamps. `participant_links` holds the links of
// studies served over HTTP: only a SHA-256 of each token is stored, so a copied database opens no study.
const std::array<Migration, 4> kMigrations = {{
    {1, "workspace information",
        R"sql(
        CREATE TABLE workspace_info (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );
        )sql"},
    {2, "images, people, studies, sessions, answers, models and runs",
        R"sql(
        -- Every image the workspace knows, identified by the SHA-256 of its file bytes.
        CREATE TABLE images (
            id              INTEGER PRIMARY KEY,
            sha256          TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
            library_path    TEXT,             -- relative to <workspace>/library when copied in
            external_path   TEXT,             -- absolute path when only referenced
            original_name   TEXT,             -- file name as imported (UTF-8)
            width           INTEGER NOT NULL CHECK (width > 0),
            height          INTEGER NOT NULL CHECK (height > 0),
            format          TEXT NOT NULL,    -- png, jpeg, webp, ...
            byte_size       INTEGER NOT NULL CHECK (byte_size > 0),
            prompt          TEXT,
            negative_prompt TEXT,
            generator       TEXT,
            seed            INTEGER,
            parameters      TEXT NOT NULL DEFAULT '{}',
            origin          TEXT NOT NULL CHECK (origin IN ('imported', 'generated')),
            created_at      TEXT NOT NULL,
            CHECK (library_path IS NOT NULL OR external_path IS NOT NULL)
        );
        CREATE INDEX images_original_name ON images (original_name);

        -- People are known by a pseudonym; the display name never appears in exports.
        CREATE TABLE people (
            id             INTEGER PRIMARY KEY,
            pseudonym      TEXT NOT NULL UNIQUE CHECK (length(pseudonym) > 0),
            display_name   TEXT,
            role           TEXT NOT NULL CHECK (role IN ('participant', 'artist', 'admin')),
            age_range      TEXT,
            gender         TEXT,
            art_experience TEXT,
            created_at     TEXT NOT NULL
        );

        CREATE TABLE studies (
            id               INTEGER PRIMARY KEY,
            name             TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
            instructions     TEXT NOT NULL DEFAULT '',
            consent_text     TEXT NOT NULL DEFAULT '',
            answer_modes     TEXT NOT NULL DEFAULT 'slider'
                             CHECK (answer_modes IN ('slider', 'pairwise', 'slider,pairwise')),
            anchor_labels    TEXT NOT NULL,    -- JSON array of the five slider anchor labels
            repeats          INTEGER NOT NULL DEFAULT 0 CHECK (repeats >= 0),
            catch_items      INTEGER NOT NULL DEFAULT 0 CHECK (catch_items >= 0),
            block_size       INTEGER NOT NULL DEFAULT 0 CHECK (block_size >= 0),
            break_every      INTEGER NOT NULL DEFAULT 0 CHECK (break_every >= 0),
            practice_items   INTEGER NOT NULL DEFAULT 0 CHECK (practice_items >= 0),
            require_movement INTEGER NOT NULL DEFAULT 1 CHECK (require_movement IN (0, 1)),
            allow_revisions  INTEGER NOT NULL DEFAULT 0 CHECK (allow_revisions IN (0, 1)),
            seed             INTEGER NOT NULL,
            settings         TEXT NOT NULL DEFAULT '{}',
            created_at       TEXT NOT NULL
        );

        -- The study's stimuli. A catch item carries the answer range that passes the attention check.
        CREATE TABLE study_items (
            id          INTEGER PRIMARY KEY,
            study_id    INTEGER NOT NULL REFERENCES studies (id),
            image_id    INTEGER NOT NULL REFERENCES images (id),
            kind        TEXT NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular', 'catch', 'practice')),
            catch_min   REAL CHECK (catch_min BETWEEN 0 AND 1),
            catch_max   REAL CHECK (catch_max BETWEEN 0 AND 1),
            instruction TEXT,
            UNIQUE (study_id, image_id, kind)
        );

        -- One participant's seeded plan for one study.
        CREATE TABLE assignments (
            id         INTEGER PRIMARY KEY,
            study_id   INTEGER NOT NULL REFERENCES studies (id),
            person_id  INTEGER NOT NULL REFERENCES people (id),
            seed       INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (study_id, person_id)
        );
        CREATE TABLE assignment_trials (
            assignment_id  INTEGER NOT NULL REFERENCES assignments (id),
            position       INTEGER NOT NULL CHECK (position >= 0),
            block          INTEGER NOT NULL DEFAULT 0,
            mode           TEXT NOT NULL CHECK (mode IN ('slider', 'pairwise')),
            image_id       INTEGER REFERENCES images (id),
            left_image_id  INTEGER REFERENCES images (id),
            right_image_id INTEGER REFERENCES images (id),
            is_repeat      INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat IN (0, 1)),
            is_catch       INTEGER NOT NULL DEFAULT 0 CHECK (is_catch IN (0, 1)),
            is_practice    INTEGER NOT NULL DEFAULT 0 CHECK (is_practice IN (0, 1)),
            PRIMARY KEY (assignment_id, position),
            CHECK ((mode = 'slider' AND image_id IS NOT NULL)
                OR (mode = 'pairwise' AND left_image_id IS NOT NULL AND right_image_id IS NOT NULL))
        );

        CREATE TABLE sessions (
            id            INTEGER PRIMARY KEY,
            person_id     INTEGER NOT NULL REFERENCES people (id),
            study_id      INTEGER REFERENCES studies (id),
            assignment_id INTEGER REFERENCES assignments (id),
            mode          TEXT NOT NULL DEFAULT 'study' CHECK (mode IN ('study', 'artist', 'kiosk', 'simulated')),
            client        TEXT NOT NULL DEFAULT '',
            started_at    TEXT NOT NULL,
            ended_at      TEXT,
            status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'abandoned'))
        );
        -- A resume point: the participant may continue from `next_position`.
        CREATE TABLE session_checkpoints (
            id            INTEGER PRIMARY KEY,
            session_id    INTEGER NOT NULL REFERENCES sessions (id),
            next_position INTEGER NOT NULL CHECK (next_position >= 0),
            created_at    TEXT NOT NULL
        );

        -- Slider answers on the 0..1 scale. Imported legacy answers keep their original value and scale.
        CREATE TABLE ratings (
            id             INTEGER PRIMARY KEY,
            person_id      INTEGER NOT NULL REFERENCES people (id),
            image_id       INTEGER NOT NULL REFERENCES images (id),
            session_id     INTEGER REFERENCES sessions (id),
            study_id       INTEGER REFERENCES studies (id),
            trial_position INTEGER,
            value          REAL NOT NULL CHECK (value BETWEEN 0 AND 1),
            start_position REAL CHECK (start_position BETWEEN 0 AND 1),
            slider_moved   INTEGER CHECK (slider_moved IN (0, 1)),
            response_ms    INTEGER CHECK (response_ms >= 0),
            shown_at       TEXT,
            answered_at    TEXT NOT NULL,
            is_repeat      INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat IN (0, 1)),
            is_catch       INTEGER NOT NULL DEFAULT 0 CHECK (is_catch IN (0, 1)),
            revises_id     INTEGER REFERENCES ratings (id),
            source         TEXT NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import', 'simulated')),
            original_value REAL,
            scale_min      REAL,
            scale_max      REAL
        );
        CREATE INDEX ratings_person ON ratings (person_id);
        CREATE INDEX ratings_image ON ratings (image_id);
        CREATE INDEX ratings_study ON ratings (study_id);
        CREATE INDEX ratings_revises ON ratings (revises_id) WHERE revises_id IS NOT NULL;

        -- Pairwise answers, with the images as they were shown on the left and the right.
        CREATE TABLE comparisons (
            id             INTEGER PRIMARY KEY,
            person_id      INTEGER NOT NULL REFERENCES people (id),
            left_image_id  INTEGER NOT NULL REFERENCES images (id),
            right_image_id INTEGER NOT NULL REFERENCES images (id),
            choice         TEXT NOT NULL CHECK (choice IN ('left', 'right', 'tie', 'cant_decide')),
            session_id     INTEGER REFERENCES sessions (id),
            study_id       INTEGER REFERENCES studies (id),
            trial_position INTEGER,
            response_ms    INTEGER CHECK (response_ms >= 0),
            shown_at       TEXT,
            answered_at    TEXT NOT NULL,
            is_repeat      INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat IN (0, 1)),
            is_catch       INTEGER NOT NULL DEFAULT 0 CHECK (is_catch IN (0, 1)),
            revises_id     INTEGER REFERENCES comparisons (id),
            source         TEXT NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import', 'simulated')),
            CHECK (left_image_id <> right_image_id)
        );
        CREATE INDEX comparisons_person ON comparisons (person_id);
        CREATE INDEX comparisons_study ON comparisons (study_id);
        CREATE INDEX comparisons_revises ON comparisons (revises_id) WHERE revises_id IS NOT NULL;

        -- Reward-model checkpoints: the file lives under <workspace>/models.
        CREATE TABLE model_checkpoints (
            id             INTEGER PRIMARY KEY,
            path           TEXT NOT NULL,
            person_id      INTEGER REFERENCES people (id),
            backbone_id    TEXT NOT NULL,
            backbone_hash  TEXT NOT NULL DEFAULT '',
            format_version INTEGER NOT NULL,
            data_hash      TEXT NOT NULL DEFAULT '',
            metadata       TEXT NOT NULL DEFAULT '{}',   -- dimensions, losses, settings
            metrics        TEXT NOT NULL DEFAULT '{}',
            parent_id      INTEGER REFERENCES model_checkpoints (id),
            created_at     TEXT NOT NULL
        );

        -- Backbone vectors, keyed by image content and backbone (id includes the weights' hash).
        CREATE TABLE embeddings (
            image_sha256 TEXT NOT NULL,
            backbone_id  TEXT NOT NULL,
            dim          INTEGER NOT NULL CHECK (dim > 0),
            dtype        TEXT NOT NULL DEFAULT 'f32',
            vector       BLOB NOT NULL,
            created_at   TEXT NOT NULL,
            PRIMARY KEY (image_sha256, backbone_id)
        ) WITHOUT ROWID;

        CREATE TABLE generations (
            id              INTEGER PRIMARY KEY,
            generator       TEXT NOT NULL,
            model           TEXT NOT NULL DEFAULT '',
            prompt          TEXT NOT NULL,
            negative_prompt TEXT NOT NULL DEFAULT '',
            seed            INTEGER NOT NULL,
            parameters      TEXT NOT NULL DEFAULT '{}',
            image_id        INTEGER REFERENCES images (id),
            duration_ms     INTEGER,
            created_at      TEXT NOT NULL
        );

        CREATE TABLE steering_runs (
            id                  INTEGER PRIMARY KEY,
            person_id           INTEGER NOT NULL REFERENCES people (id),
            generator           TEXT NOT NULL,
            method              TEXT NOT NULL CHECK (method IN ('noise', 'prompt')),
            prompt              TEXT NOT NULL,
            seed                INTEGER NOT NULL,
            model_checkpoint_id INTEGER REFERENCES model_checkpoints (id),
            settings            TEXT NOT NULL DEFAULT '{}',
            trajectory          TEXT NOT NULL DEFAULT '[]',   -- JSON array: reward per iteration
            baseline_image_id   INTEGER REFERENCES images (id),
            output_image_id     INTEGER REFERENCES images (id),
            status              TEXT NOT NULL DEFAULT 'running'
                                CHECK (status IN ('running', 'finished', 'cancelled', 'failed')),
            created_at          TEXT NOT NULL,
            finished_at         TEXT
        );
        )sql"},
    {3, "the modification time of linked images",
        R"sql(
        ALTER TABLE images ADD COLUMN external_mtime_ns INTEGER;
        )sql"},
    {4, "answers from active questions and from browsers",
        R"sql(
        ALTER TABLE ratings ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1));
        ALTER TABLE ratings ADD COLUMN chosen_by TEXT;
        ALTER TABLE ratings ADD COLUMN client_key TEXT CHECK (length(client_key) BETWEEN 1 AND 64);
        ALTER TABLE ratings ADD COLUMN client_response_ms INTEGER CHECK (client_response_ms >= 0);
        ALTER TABLE comparisons ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1));
        ALTER TABLE comparisons ADD COLUMN chosen_by TEXT;
        ALTER TABLE comparisons ADD COLUMN client_key TEXT CHECK (length(client_key) BETWEEN 1 AND 64);
        ALTER TABLE comparisons ADD COLUMN client_response_ms INTEGER CHECK (client_response_ms >= 0);
        CREATE UNIQUE INDEX ratings_client_key ON ratings (person_id, client_key) WHERE client_key IS NOT NULL;
        CREATE UNIQUE INDEX comparisons_client_key ON comparisons (person_id, client_key)
            WHERE client_key IS NOT NULL;

        CREATE TABLE participant_links (
            id          INTEGER PRIMARY KEY,
            study_id    INTEGER NOT NULL REFERENCES studies (id),
            person_id   INTEGER NOT NULL REFERENCES people (id),
            token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),  -- SHA-256, lowercase hex
            external_id TEXT CHECK (length(external_id) BETWEEN 1 AND 128),   -- e.g. a panel's participant id
            created_at  TEXT NOT NULL,
            revoked_at  TEXT,
            UNIQUE (study_id, person_id)
        );
        CREATE UNIQUE INDEX participant_links_external ON participant_links (study_id, external_id)
            WHERE external_id IS NOT NULL;
        )sql"},
}};

static_assert(kMigrations.size() == kSchemaVersion, "every schema version needs exactly one migration");

}  // namespace

void migrate(Database& db)
{
    if (db.schemaVersion() >= kSchemaVersion) return;  // the common case takes no write lock
    for (const Migration& step : kMigrations) {
        // Re-read inside the write lock: another process may have migrated meanwhile.
        db.writeTransaction([&] {
            if (db.schemaVersion() >= step.version) return;
            try {
                db.exec(step.sql);
                db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
                db.exec(fmt::format("PRAGMA user_version = {}", step.version));
            } catch (const StorageError& e) {
                throw StorageError(fmt::format("cannot upgrade '{}' to schema version {} ({}): {}", db.path().string(),
                    step.version, step.summary, e.what()));
            }
        });
    }
}

}  // namespace tastelab::storage

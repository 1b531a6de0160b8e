-- Idempotency keys of imports (issue 23): a client that sends an import
-- again with the same Idempotency-Key, because the answer was lost (a
-- crash, a dropped connection, a double click), gets the first answer
-- instead of a second checklist or a second batch of users. A key is the
-- user's, per route (method and path), for a day.
--
-- status is NULL while the first request runs; boot says which process ran
-- it, so that a request left unfinished by a crash is told apart from one
-- still running. Only successful answers are kept: a refused import may be
-- corrected and sent again with the same key.
CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL REFERENCES users(id),
    route        TEXT NOT NULL,       -- "POST /api/v1/checklists/import"
    key          TEXT NOT NULL,
    status       INTEGER,             -- the answer's HTTP status; NULL while running
    content_type TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    body         BLOB NOT NULL DEFAULT x'',
    boot         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, route, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);

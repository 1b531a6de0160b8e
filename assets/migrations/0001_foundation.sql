-- The owning organisation, its units, people, sessions and the audit trail.
-- Times are RFC 3339 UTC text; dates are yyyy-mm-dd text.

CREATE TABLE owners (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,              -- e.g. UBND huyện Đức Trọng
    parent_name TEXT NOT NULL DEFAULT '',   -- e.g. UBND tỉnh Lâm Đồng
    place       TEXT NOT NULL DEFAULT '',   -- the place in a document's date line
    created_at  TEXT NOT NULL
);

CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    owner_id     INTEGER NOT NULL REFERENCES owners(id),
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    search_key   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    cluster      TEXT NOT NULL DEFAULT '',
    retired_at   TEXT,
    successor_id INTEGER REFERENCES units(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX units_owner ON units(owner_id, code);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name         TEXT NOT NULL,
    search_key           TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('admin', 'office', 'auditor', 'auditee')),
    unit_id              INTEGER REFERENCES units(id),
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    active               INTEGER NOT NULL DEFAULT 1,
    lang                 TEXT NOT NULL DEFAULT '',
    password_changed_at  TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK (role IN ('admin', 'office') OR unit_id IS NOT NULL)
);
CREATE INDEX users_unit ON users(unit_id);

-- A browser session; the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- An API bearer token, stored as its SHA-256.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- The audit trail: append-only, written in the transaction of the change.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER REFERENCES users(id),
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    summary   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_entity ON events(entity, entity_id);
CREATE INDEX events_at ON events(at);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- The inbox: notices for one user, with a catalogue key and its arguments.
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    msg_key    TEXT NOT NULL,
    args       TEXT NOT NULL DEFAULT '{}',
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notices_user ON notices(user_id, created_at);

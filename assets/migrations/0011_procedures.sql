-- Procedure catalogues, portal/one-stop/process lists and dossier figures (issue 13).
-- Dates are yyyy-mm-dd text; times RFC 3339 UTC text.

-- One import of the catalogue of procedures in force: a dated snapshot, so
-- that the catalogue keeps its history. The latest import is the catalogue
-- in force.
CREATE TABLE procedure_catalogues (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by INTEGER REFERENCES users(id)
);

-- A version of a procedure, identified by its code and the day it took
-- effect. A later catalogue that carries a new effective date adds a
-- version; one that repeats the date corrects the version's texts.
CREATE TABLE procedure_versions (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    field          TEXT NOT NULL DEFAULT '',
    level          TEXT NOT NULL DEFAULT '',
    legal_basis    TEXT NOT NULL DEFAULT '',
    effective_date TEXT NOT NULL,
    first_seen     INTEGER NOT NULL REFERENCES procedure_catalogues(id),
    UNIQUE (code, effective_date)
);

-- Which versions each catalogue import holds.
CREATE TABLE procedure_catalogue_entries (
    catalogue_id INTEGER NOT NULL REFERENCES procedure_catalogues(id),
    version_id   INTEGER NOT NULL REFERENCES procedure_versions(id),
    PRIMARY KEY (catalogue_id, version_id)
) WITHOUT ROWID;

-- What a unit lists: on the public-service portal ('portal'), on the
-- electronic one-stop system ('onestop'), or as ISO processes
-- ('processes'). An import replaces the unit's whole list of a kind, and
-- the list is always read whole, so it is kept as one document: body holds
-- one line per row, its fields separated by tabs (the file's line, code,
-- name, process_code, version, effective_date), code empty for a row
-- matched by name. Reading a province's 1.2 million rows this way takes a
-- fraction of a second, where a row per listing took many seconds. A list
-- never imported has no row here: it is unknown, not empty, and shows no
-- gaps.
CREATE TABLE procedure_lists (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    kind        TEXT NOT NULL CHECK (kind IN ('portal', 'onestop', 'processes')),
    file_name   TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    body        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by INTEGER REFERENCES users(id),
    UNIQUE (unit_id, kind)
);

-- Dossier figures of a unit for a period (yyyy, yyyy-Qn or yyyy-mm):
-- received; resolved on time and late; received on paper, and of those
-- recorded on the electronic one-stop system.
CREATE TABLE dossier_figures (
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    period     TEXT NOT NULL,
    received   INTEGER NOT NULL CHECK (received >= 0),
    on_time    INTEGER NOT NULL CHECK (on_time >= 0),
    late       INTEGER NOT NULL CHECK (late >= 0),
    paper      INTEGER NOT NULL CHECK (paper >= 0),
    electronic INTEGER NOT NULL CHECK (electronic >= 0),
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    PRIMARY KEY (unit_id, period)
) WITHOUT ROWID;

-- The target below which on-time and parity rates are flagged, in percent.
CREATE TABLE procedure_settings (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    target REAL NOT NULL CHECK (target > 0 AND target <= 100)
);
INSERT INTO procedure_settings (id, target) VALUES (1, 98);

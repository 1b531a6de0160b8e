-- Programmes, rounds, audits with their teams; the auditor register and
-- declared conflicts of interest.

CREATE TABLE auditor_certificates (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    course         TEXT NOT NULL,
    certificate_no TEXT NOT NULL,
    issued_on      TEXT NOT NULL,      -- yyyy-mm-dd
    expires_on     TEXT NOT NULL,      -- yyyy-mm-dd, the last valid day
    created_at     TEXT NOT NULL,
    UNIQUE (user_id, certificate_no),
    CHECK (expires_on >= issued_on)
);
CREATE INDEX auditor_certificates_user ON auditor_certificates(user_id, expires_on);

-- A declared conflict of interest: a person, or a whole unit, must not audit
-- a unit.
CREATE TABLE conflicts (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER REFERENCES users(id),
    auditor_unit_id INTEGER REFERENCES units(id),
    auditee_unit_id INTEGER NOT NULL REFERENCES units(id),
    reason          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    CHECK ((user_id IS NULL) <> (auditor_unit_id IS NULL))
);

CREATE TABLE programmes (
    id                   INTEGER PRIMARY KEY,
    owner_id             INTEGER NOT NULL REFERENCES owners(id),
    year                 INTEGER NOT NULL,
    name                 TEXT NOT NULL,
    objectives           TEXT NOT NULL DEFAULT '',
    checklist_version_id INTEGER NOT NULL REFERENCES checklist_versions(id),
    status               TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'approved', 'active', 'completed')),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE programme_units (
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (programme_id, unit_id)
);

-- The rounds a programme plans, with their date windows; a round gets its
-- pairs when previewed and its audits when confirmed.
CREATE TABLE rounds (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    n            INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'preview', 'confirmed')),
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    per_unit     INTEGER NOT NULL DEFAULT 1,
    seed         INTEGER NOT NULL DEFAULT 0,
    clusters     TEXT NOT NULL DEFAULT 'any',
    stats        TEXT NOT NULL DEFAULT '{}',
    confirmed_at TEXT,
    UNIQUE (programme_id, n),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE round_pairs (
    round_id        INTEGER NOT NULL REFERENCES rounds(id),
    auditor_unit_id INTEGER NOT NULL REFERENCES units(id),
    auditee_unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (round_id, auditor_unit_id, auditee_unit_id),
    CHECK (auditor_unit_id <> auditee_unit_id)
);

CREATE TABLE audits (
    id                   INTEGER PRIMARY KEY,
    round_id             INTEGER NOT NULL REFERENCES rounds(id),
    auditor_unit_id      INTEGER NOT NULL REFERENCES units(id),
    auditee_unit_id      INTEGER NOT NULL REFERENCES units(id),
    checklist_version_id INTEGER NOT NULL REFERENCES checklist_versions(id),
    status               TEXT NOT NULL DEFAULT 'planned'
                         CHECK (status IN ('planned', 'in_progress', 'submitted', 'issued', 'cancelled')),
    planned_date         TEXT NOT NULL,
    place                TEXT NOT NULL DEFAULT '',
    objectives           TEXT NOT NULL DEFAULT '',
    scope                TEXT NOT NULL DEFAULT '',
    guide                TEXT NOT NULL DEFAULT '',   -- the auditee's guide (người hướng dẫn)
    cancel_reason        TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    UNIQUE (round_id, auditor_unit_id, auditee_unit_id),
    CHECK (auditor_unit_id <> auditee_unit_id)
);
CREATE INDEX audits_auditee ON audits(auditee_unit_id, status);
CREATE INDEX audits_auditor ON audits(auditor_unit_id, status);

CREATE TABLE audit_team (
    audit_id INTEGER NOT NULL REFERENCES audits(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    role     TEXT NOT NULL CHECK (role IN ('lead', 'auditor', 'expert', 'observer')),
    PRIMARY KEY (audit_id, user_id)
);
CREATE UNIQUE INDEX audit_team_one_lead ON audit_team(audit_id) WHERE role = 'lead';
CREATE INDEX audit_team_user ON audit_team(user_id);

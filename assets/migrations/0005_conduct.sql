-- Conducting an audit: the answers to the pinned checklist's items, the
-- evidence attached to them, the opening and closing meetings, and the
-- findings that submission turns the answers into (the first part of the
-- nonconformity register).

-- When the team submitted the audit (NULL before).
ALTER TABLE audits ADD COLUMN submitted_at TEXT;

-- The opening meeting (ISO 19011: who took part, the auditee's guide is
-- audits.guide) and the closing meeting recorded at submission: the
-- auditee's representative and whether they agreed with the findings.
-- version guards the opening meeting against two team members editing it
-- at once.
CREATE TABLE audit_meetings (
    audit_id               INTEGER PRIMARY KEY REFERENCES audits(id),
    opening_date           TEXT NOT NULL DEFAULT '',   -- yyyy-mm-dd
    participants           TEXT NOT NULL DEFAULT '',
    version                INTEGER NOT NULL DEFAULT 1,
    closing_representative TEXT NOT NULL DEFAULT '',
    closing_agreed         INTEGER,                    -- NULL: no closing meeting recorded
    closing_disagreement   TEXT NOT NULL DEFAULT '',
    updated_by             INTEGER REFERENCES users(id),
    updated_at             TEXT NOT NULL
);

-- One answer per item of the audit's pinned checklist version, keyed by the
-- item's code. result '' is an answer being written (a note typed before
-- the result is chosen); submission needs a result for every item. version
-- counts the saves: a save carries the version it is based on, and a stale
-- one is refused (409) rather than overwriting a team mate's answer.
CREATE TABLE answers (
    audit_id   INTEGER NOT NULL REFERENCES audits(id),
    item_code  TEXT NOT NULL,
    result     TEXT NOT NULL DEFAULT ''
               CHECK (result IN ('', 'conform', 'minor', 'major', 'observation', 'improvement', 'na')),
    note       TEXT NOT NULL DEFAULT '',
    value      REAL,                               -- measure items: the recorded figure
    reason     TEXT NOT NULL DEFAULT '',           -- why the result departs from the target's suggestion
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (audit_id, item_code)
);

-- Evidence attached to an item: photos re-encoded without metadata, PNG
-- images, PDF documents. The bytes live in attachment_blobs, in the
-- database, so that the one-file backup holds them; lists read only this
-- table.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    audit_id     INTEGER NOT NULL REFERENCES audits(id),
    item_code    TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size         INTEGER NOT NULL,
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX attachments_item ON attachments(audit_id, item_code, id);

CREATE TABLE attachment_blobs (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id),
    data          BLOB NOT NULL
);

-- What submission makes of the answers: each minor or major answer a
-- nonconformity, each observation or improvement a finding without
-- corrective action. The register (CONTRACT.md) lists the minor and major
-- ones; status follows the nonconformity workflow, plan_due and repeat_of
-- are filled by the corrective-action feature.
CREATE TABLE findings (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits(id),
    item_code  TEXT NOT NULL,
    clause     TEXT NOT NULL,
    grade      TEXT NOT NULL CHECK (grade IN ('minor', 'major', 'observation', 'improvement')),
    statement  TEXT NOT NULL,
    evidence   TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'cause_analysed', 'plan_submitted', 'plan_accepted', 'implemented', 'verified', 'closed', 'reopened')),
    plan_due   TEXT,                                   -- yyyy-mm-dd
    repeat_of  INTEGER REFERENCES findings(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (audit_id, item_code)
);
CREATE INDEX findings_grade ON findings(grade, status);

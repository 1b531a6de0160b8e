-- Nonconformity workflow and corrective actions (issue 10, ISO 9001 §10.2):
-- the audited unit's analysis on the finding itself, its actions, every
-- step of the workflow with who, when and a note, the evidence of
-- implementation and of effectiveness, extensions of the plan's due date,
-- the reminders already sent, and the settings and calendar that due dates
-- are computed with.

-- The audited unit's answer to a nonconformity: the root cause (with the
-- why-why chain that led to it, one "why" per line), the immediate
-- correction and what it found of similar cases elsewhere in the unit.
-- plan_due (0005) is set at submission; status_at is when the current
-- status was entered, verified_at when the fix was last verified (the
-- effectiveness period runs from it), closed_at when it was last closed
-- (repeat detection looks back from it).
ALTER TABLE findings ADD COLUMN root_cause    TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN why_chain     TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN correction    TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN similar_cases TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN status_at     TEXT;
ALTER TABLE findings ADD COLUMN verified_at   TEXT;
ALTER TABLE findings ADD COLUMN closed_at     TEXT;
CREATE INDEX findings_repeat ON findings(item_code, status);

-- Corrective actions: what will be done, by whom of the audited unit, by
-- when (yyyy-mm-dd, never in the past when set). done_at is set when the
-- unit reports it done, with done_note saying what was done.
CREATE TABLE nc_actions (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings(id),
    description TEXT NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES users(id),
    due_date    TEXT NOT NULL,
    done_at     TEXT,
    done_note   TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX nc_actions_finding ON nc_actions(finding_id, id);
CREATE INDEX nc_actions_due ON nc_actions(due_date) WHERE done_at IS NULL;

-- Every workflow step: from which state to which, who, when and why. The
-- nonconformity's history is this table, oldest first.
CREATE TABLE nc_transitions (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings(id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER REFERENCES users(id),
    at          TEXT NOT NULL
);
CREATE INDEX nc_transitions_finding ON nc_transitions(finding_id, id);

-- Evidence of a nonconformity's fix: 'implementation' (the audited unit
-- shows the actions done) or 'effectiveness' (the auditing lead's proof,
-- after the effectiveness period, that the problem has not come back).
-- Photos re-encoded without metadata, PNG images and PDF documents, the
-- bytes in nc_evidence_blobs like attachments.
CREATE TABLE nc_evidence (
    id           INTEGER PRIMARY KEY,
    finding_id   INTEGER NOT NULL REFERENCES findings(id),
    kind         TEXT NOT NULL CHECK (kind IN ('implementation', 'effectiveness')),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX nc_evidence_finding ON nc_evidence(finding_id, kind, id);

CREATE TABLE nc_evidence_blobs (
    evidence_id INTEGER PRIMARY KEY REFERENCES nc_evidence(id),
    data        BLOB NOT NULL
);

-- The office's extensions of a plan's due date, with the reason.
CREATE TABLE nc_extensions (
    id         INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES findings(id),
    from_due   TEXT NOT NULL,
    to_due     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    actor_id   INTEGER REFERENCES users(id),
    at         TEXT NOT NULL
);
CREATE INDEX nc_extensions_finding ON nc_extensions(finding_id, id);

-- What the reminder job has already sent, so that it sends each notice
-- once however often it runs: kind 'reminder' or 'overdue', action_id 0
-- for the plan itself, due the date it was about (a new due date after an
-- extension earns a new reminder).
CREATE TABLE nc_reminders (
    finding_id INTEGER NOT NULL REFERENCES findings(id),
    action_id  INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'overdue')),
    due        TEXT NOT NULL,
    sent_at    TEXT NOT NULL,
    mailed     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (finding_id, action_id, kind, due)
);

-- Where the reminders of a unit are e-mailed when an SMTP server is
-- configured: the unit's ISO contact, set by the admin with the settings.
CREATE TABLE nc_mailboxes (
    unit_id INTEGER PRIMARY KEY REFERENCES units(id),
    email   TEXT NOT NULL
);

-- Settings the admin edits, one value per key as text. Keys in use:
-- nc_plan_days (working days to submit a plan, 15), nc_reminder_days
-- (working days before a due date to remind, 3), nc_effectiveness_days
-- (calendar days after verification before closing, 30), nc_repeat_days
-- (how long after closing a finding on the same item is a repeat, 365).
-- A missing key takes its default.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL
);

-- The working-day calendar's exceptions (Asia/Ho_Chi_Minh dates): public
-- holidays that fall on working days, and make-up working days that the
-- government sets on a weekend. Vietnamese public holidays 2025-2027 are
-- loaded by default (2027 from the lunar calendar, before the government's
-- yearly notice: the admin corrects it then).
CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,   -- yyyy-mm-dd
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL DEFAULT ''
);

INSERT INTO calendar_days (day, kind, name) VALUES
    ('2025-01-01', 'holiday', 'Tết Dương lịch'),
    ('2025-01-27', 'holiday', 'Tết Nguyên đán'),
    ('2025-01-28', 'holiday', 'Tết Nguyên đán'),
    ('2025-01-29', 'holiday', 'Tết Nguyên đán'),
    ('2025-01-30', 'holiday', 'Tết Nguyên đán'),
    ('2025-01-31', 'holiday', 'Tết Nguyên đán'),
    ('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương'),
    ('2025-04-26', 'workday', 'Làm bù cho ngày 02/5'),
    ('2025-04-30', 'holiday', 'Ngày Giải phóng miền Nam'),
    ('2025-05-01', 'holiday', 'Ngày Quốc tế Lao động'),
    ('2025-05-02', 'holiday', 'Nghỉ bù Lễ 30/4 - 1/5'),
    ('2025-09-01', 'holiday', 'Quốc khánh'),
    ('2025-09-02', 'holiday', 'Quốc khánh'),
    ('2026-01-01', 'holiday', 'Tết Dương lịch'),
    ('2026-02-16', 'holiday', 'Tết Nguyên đán'),
    ('2026-02-17', 'holiday', 'Tết Nguyên đán'),
    ('2026-02-18', 'holiday', 'Tết Nguyên đán'),
    ('2026-02-19', 'holiday', 'Tết Nguyên đán'),
    ('2026-02-20', 'holiday', 'Tết Nguyên đán'),
    ('2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương'),
    ('2026-04-30', 'holiday', 'Ngày Giải phóng miền Nam'),
    ('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động'),
    ('2026-09-01', 'holiday', 'Quốc khánh'),
    ('2026-09-02', 'holiday', 'Quốc khánh'),
    ('2027-01-01', 'holiday', 'Tết Dương lịch'),
    ('2027-02-05', 'holiday', 'Tết Nguyên đán'),
    ('2027-02-08', 'holiday', 'Tết Nguyên đán'),
    ('2027-02-09', 'holiday', 'Tết Nguyên đán'),
    ('2027-02-10', 'holiday', 'Tết Nguyên đán'),
    ('2027-02-11', 'holiday', 'Tết Nguyên đán'),
    ('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương'),
    ('2027-04-30', 'holiday', 'Ngày Giải phóng miền Nam'),
    ('2027-05-03', 'holiday', 'Nghỉ bù Ngày Quốc tế Lao động'),
    ('2027-09-02', 'holiday', 'Quốc khánh'),
    ('2027-09-03', 'holiday', 'Quốc khánh');

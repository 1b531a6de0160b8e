-- Issued reports, numbering and verification (issue 11).
--
-- Issuing an audit stores the rendered PDF as it was given out, with its
-- SHA-256 and a short verification code anyone may check at /verify/{code}.
-- A correction is a new revision with a new number; earlier revisions stay.
-- Numbers ("12/BC-ĐGNB") run per owning organisation and year and are never
-- reused: rows are never updated or deleted, so MAX(seq) + 1 never repeats.
CREATE TABLE issued_reports (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits(id),
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    owner_id   INTEGER NOT NULL REFERENCES owners(id),
    year       INTEGER NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    number     TEXT NOT NULL,                 -- "12/BC-ĐGNB"
    code       TEXT NOT NULL UNIQUE,          -- the verification code
    sha256     TEXT NOT NULL,                 -- lowercase hex of the PDF
    size       INTEGER NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',      -- why a revision replaced the one before
    issued_by  INTEGER REFERENCES users(id),
    issued_at  TEXT NOT NULL,
    UNIQUE (audit_id, revision),
    UNIQUE (owner_id, year, seq)
);
CREATE INDEX issued_reports_audit ON issued_reports(audit_id, revision);

-- The PDF bytes, apart so that lists read only the table above.
CREATE TABLE issued_report_blobs (
    report_id INTEGER PRIMARY KEY REFERENCES issued_reports(id),
    data      BLOB NOT NULL
);

CREATE TRIGGER issued_reports_no_update BEFORE UPDATE ON issued_reports
BEGIN SELECT RAISE(ABORT, 'an issued report never changes'); END;
CREATE TRIGGER issued_reports_no_delete BEFORE DELETE ON issued_reports
BEGIN SELECT RAISE(ABORT, 'an issued report is never deleted'); END;
CREATE TRIGGER issued_report_blobs_no_update BEFORE UPDATE ON issued_report_blobs
BEGIN SELECT RAISE(ABORT, 'an issued report never changes'); END;
CREATE TRIGGER issued_report_blobs_no_delete BEFORE DELETE ON issued_report_blobs
BEGIN SELECT RAISE(ABORT, 'an issued report is never deleted'); END;

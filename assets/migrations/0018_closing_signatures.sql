-- Signatures drawn on the tablet at the closing meeting (issue 22): the
-- audited unit's representative and the team lead each sign the minutes
-- with a finger, and the minutes print the drawing above the signer's
-- name. Stored with the closing meeting, at most one per signer, as the
-- server re-encoded it: a grey PNG of bounded size (audit/conduct).
CREATE TABLE closing_signatures (
    audit_id   INTEGER NOT NULL REFERENCES audits(id),
    signer     TEXT NOT NULL CHECK (signer IN ('representative', 'lead')),
    png        BLOB NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (audit_id, signer)
);

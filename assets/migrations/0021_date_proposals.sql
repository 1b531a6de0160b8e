-- Another date for an audit, proposed by the audited unit (issue 24): an
-- auditee of the audited unit proposes a day with a reason while the audit
-- is planned; the office accepts it (the audit moves to that day) or
-- declines it with an answer the proposer reads. One proposal per audit
-- waits at a time.
CREATE TABLE date_proposals (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits(id),
    proposed_by INTEGER NOT NULL REFERENCES users(id),
    day         TEXT NOT NULL,                 -- yyyy-mm-dd, the day proposed
    from_day    TEXT NOT NULL,                 -- the audit's planned day when proposed
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    answer      TEXT NOT NULL DEFAULT '',      -- the office's reason for declining
    answered_by INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL,
    answered_at TEXT
);
CREATE UNIQUE INDEX date_proposals_one_pending ON date_proposals(audit_id) WHERE status = 'pending';
CREATE INDEX date_proposals_audit ON date_proposals(audit_id, id);

-- Working through a dropped connection (issue 9): the tablet's offline
-- queue may send an upload again when the reply to the first send was lost.
-- Each upload carries the client's operation id; the id of what it created
-- is kept here, apart from the attachment, so that a replay is recognised
-- even after the attachment was deleted (a replay must never bring back a
-- file a team member removed).
CREATE TABLE upload_ops (
    audit_id      INTEGER NOT NULL REFERENCES audits(id),
    op_id         TEXT NOT NULL,
    attachment_id INTEGER NOT NULL,      -- no foreign key: the attachment may be deleted since
    created_at    TEXT NOT NULL,
    PRIMARY KEY (audit_id, op_id)
);

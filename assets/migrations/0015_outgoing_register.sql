-- The organiser's outgoing register (sổ đăng ký văn bản đi, Decree 30/2020,
-- issue 21): a document becomes official when the văn thư enters it with the
-- number of the body's register and the day it was signed. Until then the
-- plan and the decisions print as drafts, and printing never takes a number.
--
-- A body numbers its documents in one register per year, so a number is
-- unique per organiser and year (number_key is the number compared in
-- capitals without spaces). A registration never changes: a wrong one is a
-- new document in the văn thư's practice too.
CREATE TABLE outgoing_documents (
    id            INTEGER PRIMARY KEY,
    owner_id      INTEGER NOT NULL REFERENCES owners(id),
    kind          TEXT NOT NULL CHECK (kind IN ('plan', 'decision', 'report')),
    subject_id    INTEGER NOT NULL,   -- the round, the audit, the issued report
    number        TEXT NOT NULL,      -- "125/QĐ-UBND", as written
    number_key    TEXT NOT NULL,
    year          INTEGER NOT NULL,   -- of signed_on
    signed_on     TEXT NOT NULL,      -- yyyy-mm-dd
    registered_by INTEGER REFERENCES users(id),
    registered_at TEXT NOT NULL,
    UNIQUE (kind, subject_id),
    UNIQUE (owner_id, year, number_key)
);

CREATE TRIGGER outgoing_documents_no_update BEFORE UPDATE ON outgoing_documents
BEGIN SELECT RAISE(ABORT, 'a registered document never changes'); END;
CREATE TRIGGER outgoing_documents_no_delete BEFORE DELETE ON outgoing_documents
BEGIN SELECT RAISE(ABORT, 'a registered document is never deleted'); END;

-- Plans and decisions numbered on their first print before this register
-- existed keep the number they were printed with, and the day of that
-- print as their signing day, so that a reprint is the document sent.
INSERT INTO outgoing_documents (owner_id, kind, subject_id, number, number_key, year, signed_on, registered_by, registered_at)
SELECT owner_id, kind, subject_id, number, upper(replace(number, ' ', '')), year,
       date(created_at, '+7 hours'), created_by, created_at
FROM form_numbers WHERE kind IN ('plan', 'decision');

-- Numbers of the printed documents of a round (issue 11): the round plan,
-- the decision forming each audit team, the closing-meeting minutes and the
-- corrective-action requests.
--
-- A document takes its number the first time it is printed and keeps it on
-- every reprint (one row per kind and subject). Numbers run per owning
-- organisation, kind and year and are never reused: rows are never updated
-- or deleted, so MAX(seq) + 1 never repeats.
CREATE TABLE form_numbers (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER NOT NULL REFERENCES owners(id),
    kind       TEXT NOT NULL CHECK (kind IN ('plan', 'decision', 'minutes', 'carequest')),
    subject_id INTEGER NOT NULL,          -- the round, audit, audit or finding numbered
    year       INTEGER NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    number     TEXT NOT NULL,             -- "3/BB-ĐGNB"
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (kind, subject_id),
    UNIQUE (owner_id, kind, year, seq)
);

CREATE TRIGGER form_numbers_no_update BEFORE UPDATE ON form_numbers
BEGIN SELECT RAISE(ABORT, 'a document number never changes'); END;
CREATE TRIGGER form_numbers_no_delete BEFORE DELETE ON form_numbers
BEGIN SELECT RAISE(ABORT, 'a document number is never deleted'); END;

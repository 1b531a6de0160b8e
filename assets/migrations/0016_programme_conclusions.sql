-- The office's conclusions and recommendations on a programme (issue 21),
-- printed in the programme summary. One text per programme; a programme
-- without a row prints a draft computed from its figures.
CREATE TABLE programme_conclusions (
    programme_id INTEGER PRIMARY KEY REFERENCES programmes(id) ON DELETE CASCADE,
    body         TEXT NOT NULL,
    updated_by   INTEGER REFERENCES users(id),
    updated_at   TEXT NOT NULL
);

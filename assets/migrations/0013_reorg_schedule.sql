-- Scheduled reorganisation (issue 14): a change table whose effective date is
-- after today is checked whole when it is uploaded, then kept here until its
-- day (Vietnam time), when the server applies it once as it would an
-- immediate table (unit_change_batches, 0010) or marks it failed with the
-- reasons it no longer applies.

-- One scheduled change table. status: 'scheduled' (waiting for its day),
-- 'applied' (batch_id is the batch it became), 'cancelled' (by the office
-- before its day), 'failed' (no longer valid on its day; reason holds the
-- problems as JSON, [{"field":…,"key":…,"args":{…}}]).
CREATE TABLE unit_change_schedules (
    id           INTEGER PRIMARY KEY,
    filename     TEXT NOT NULL DEFAULT '',
    effective_on TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'applied', 'cancelled', 'failed')),
    reason       TEXT NOT NULL DEFAULT '',
    batch_id     INTEGER REFERENCES unit_change_batches(id),
    created_by   INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    closed_by    INTEGER REFERENCES users(id),
    closed_at    TEXT,
    CHECK ((status = 'applied') = (batch_id IS NOT NULL))
);
CREATE INDEX unit_change_schedules_due ON unit_change_schedules(status, effective_on);

-- The lines of a scheduled table as checked on upload: what the page shows
-- (kind, names) and the cells as written (new_code, written_name), which are
-- checked again on the effective date. Codes are kept as text: a line may
-- name a unit that the table itself creates.
CREATE TABLE unit_change_schedule_lines (
    schedule_id INTEGER NOT NULL REFERENCES unit_change_schedules(id),
    line        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('merge', 'rename', 'keep', 'retire')),
    old_code    TEXT NOT NULL,
    old_name    TEXT NOT NULL,
    new_code    TEXT NOT NULL DEFAULT '',
    new_name    TEXT NOT NULL DEFAULT '',
    written_name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (schedule_id, line)
);

-- Reorganisation of units (issue 14): merges, renames and retirements with an
-- effective date, applied from a change table as one batch. The units
-- themselves keep their rows: a merged or retired unit gets retired_at and,
-- when it has one, successor_id (0001), so that its audits and
-- nonconformities stay where they were recorded.

-- One uploaded change table, applied all or nothing.
CREATE TABLE unit_change_batches (
    id         INTEGER PRIMARY KEY,
    filename   TEXT NOT NULL DEFAULT '',
    rows       INTEGER NOT NULL,
    applied_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);

-- One line of a change table. kind: 'merge' (unit_id retired into
-- successor_id), 'rename' (unit_id, still live, took new_name), 'keep' (unit_id
-- continues unchanged, typically the unit that others merge into), 'retire'
-- (unit_id retired without a successor). effective_on is yyyy-mm-dd; a later
-- table may not change a unit with an earlier date than this.
CREATE TABLE unit_changes (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL REFERENCES unit_change_batches(id),
    line         INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('merge', 'rename', 'keep', 'retire')),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    successor_id INTEGER REFERENCES units(id),
    old_name     TEXT NOT NULL,
    new_name     TEXT NOT NULL DEFAULT '',
    effective_on TEXT NOT NULL,
    CHECK ((kind = 'merge') = (successor_id IS NOT NULL))
);
CREATE INDEX unit_changes_unit ON unit_changes(unit_id, effective_on);
CREATE INDEX unit_changes_successor ON unit_changes(successor_id, effective_on);
CREATE INDEX units_successor ON units(successor_id);

-- unit_successions maps every unit to the unit that stands for it now: a
-- live unit to itself, a merged unit to the end of its chain of successors
-- (live, or retired without a successor). Queries that must see a merged
-- unit's records as its successor's (the nonconformity register, the
-- dashboard's sums) join through it:
--   JOIN unit_successions us ON us.unit_id = a.auditee_unit_id
--   ... WHERE us.current_id = ?
-- The depth bound only guards against a corrupt cycle; the change table's
-- validation never writes one.
CREATE VIEW unit_successions (unit_id, current_id) AS
WITH RECURSIVE chain (unit_id, current_id, depth) AS (
    SELECT id, id, 0 FROM units WHERE successor_id IS NULL
    UNION ALL
    SELECT u.id, c.current_id, c.depth + 1 FROM units u JOIN chain c ON u.successor_id = c.unit_id
    WHERE c.depth < 100
)
SELECT unit_id, current_id FROM chain;

-- Checklists: the ISO 9001:2015 clauses, checklists, their versions and items.
-- A published version is immutable (the triggers below), so an audit that
-- pins checklist_versions(id) never sees its questions change.

-- The clauses of data/clauses.csv, plus VN for Vietnamese legal
-- requirements outside the standard; position keeps the standard's order.
CREATE TABLE clauses (
    code     TEXT PRIMARY KEY,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE checklists (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    -- builtin_key names a checklist the binary ships ('iso9001-tthc'), so
    -- that seeding finds it again; NULL for imported ones.
    builtin_key TEXT UNIQUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE checklist_versions (
    id           INTEGER PRIMARY KEY,
    checklist_id INTEGER NOT NULL REFERENCES checklists(id),
    number       INTEGER NOT NULL CHECK (number >= 1),
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT,
    UNIQUE (checklist_id, number),
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);
-- At most one draft per checklist: editing always continues the same draft.
CREATE UNIQUE INDEX checklist_versions_one_draft ON checklist_versions(checklist_id) WHERE status = 'draft';

CREATE TABLE checklist_items (
    id          INTEGER PRIMARY KEY,
    version_id  INTEGER NOT NULL REFERENCES checklist_versions(id),
    position    INTEGER NOT NULL,
    code        TEXT NOT NULL,                        -- C01, T05: what audits call item_id
    clause      TEXT NOT NULL,                        -- "9.1.1/6.2": every clause cited
    clause_code TEXT NOT NULL REFERENCES clauses(code), -- the first, which groups the item
    kind        TEXT NOT NULL CHECK (kind IN ('check', 'measure')),
    text_vi     TEXT NOT NULL CHECK (text_vi <> ''),
    text_en     TEXT NOT NULL DEFAULT '',
    guidance_vi TEXT NOT NULL DEFAULT '',
    guidance_en TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '',
    target      TEXT NOT NULL DEFAULT '',             -- see checklist.ParseTarget
    failure     INTEGER NOT NULL DEFAULT 0,           -- aimed at a known failure (T01…)
    search_key  TEXT NOT NULL,
    CHECK (kind = 'measure' OR (unit = '' AND target = ''))
);
CREATE UNIQUE INDEX checklist_items_code ON checklist_items(version_id, code COLLATE NOCASE);
CREATE INDEX checklist_items_order ON checklist_items(version_id, position);

-- A clause the version marks not applicable, with the reason (administrative
-- agencies usually exclude 8.3).
CREATE TABLE checklist_exclusions (
    version_id INTEGER NOT NULL REFERENCES checklist_versions(id),
    clause     TEXT NOT NULL REFERENCES clauses(code),
    reason     TEXT NOT NULL CHECK (reason <> ''),
    PRIMARY KEY (version_id, clause)
);

-- Immutability of published versions.
CREATE TRIGGER checklist_versions_published_update BEFORE UPDATE ON checklist_versions
WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'checklist version is published and immutable'); END;

CREATE TRIGGER checklist_versions_published_delete BEFORE DELETE ON checklist_versions
WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'checklist version is published and immutable'); END;

-- A version is born a draft: publishing is an update, which the checks above see.
CREATE TRIGGER checklist_versions_born_draft BEFORE INSERT ON checklist_versions
WHEN NEW.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'checklist version must be created as a draft'); END;

CREATE TRIGGER checklist_items_published_insert BEFORE INSERT ON checklist_items
WHEN (SELECT status FROM checklist_versions WHERE id = NEW.version_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'checklist version is published and immutable'); END;

CREATE TRIGGER checklist_items_published_update BEFORE UPDATE ON checklist_items
WHEN (SELECT status FROM checklist_versions WHERE id = OLD.version_id) = 'published'
  OR (SELECT status FROM checklist_versions WHERE id = NEW.version_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'checklist version is published and immutable'); END;

CREATE TRIGGER checklist_items_published_delete BEFORE DELETE ON checklist_items
WHEN (SELECT status FROM checklist_versions WHERE id = OLD.version_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'checklist version is published and immutable'); END;

CREATE TRIGGER checklist_exclusions_published_insert BEFORE INSERT ON checklist_exclusions
WHEN (SELECT status FROM checklist_versions WHERE id = NEW.version_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'checklist version is published and immutable'); END;

CREATE TRIGGER checklist_exclusions_published_update BEFORE UPDATE ON checklist_exclusions
WHEN (SELECT status FROM checklist_versions WHERE id = OLD.version_id) = 'published'
  OR (SELECT status FROM checklist_versions WHERE id = NEW.version_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'checklist version is published and immutable'); END;

CREATE TRIGGER checklist_exclusions_published_delete BEFORE DELETE ON checklist_exclusions
WHEN (SELECT status FROM checklist_versions WHERE id = OLD.version_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'checklist version is published and immutable'); END;

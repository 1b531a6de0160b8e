-- Version 2 of the built-in checklist (issue 24): every item may cite the
-- legal texts it rests on, in Vietnamese and in English, shown with its
-- guidance. Published versions stay as they were: adding a column is not an
-- update, so the immutability triggers of 0002 are not involved, and the
-- items of version 1 simply cite nothing.
ALTER TABLE checklist_items ADD COLUMN legal_refs_vi TEXT NOT NULL DEFAULT '';
ALTER TABLE checklist_items ADD COLUMN legal_refs_en TEXT NOT NULL DEFAULT '';

-- builtin_edition is the last edition of a built-in checklist the binary
-- stored (assets/data/default_checklist*.csv), so that seeding stores each
-- later edition once, as the next version, and never again. Every database
-- seeded before this migration holds edition 1.
ALTER TABLE checklists ADD COLUMN builtin_edition INTEGER NOT NULL DEFAULT 0;
UPDATE checklists SET builtin_edition = 1 WHERE builtin_key IS NOT NULL;

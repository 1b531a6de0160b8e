-- The organiser's profile (issue 20): what its documents print beyond its
-- name, parent body and place (0001). symbol is its abbreviation in document
-- numbers ("…/QĐ-SNV"); signers, legal_bases and forms are JSON kept whole
-- and checked by internal/org (Profile.Validate): who signs each kind of
-- document, the standing "Căn cứ" of decisions, the forms' control codes.
ALTER TABLE owners ADD COLUMN symbol TEXT NOT NULL DEFAULT '';
ALTER TABLE owners ADD COLUMN signers TEXT NOT NULL DEFAULT '[]';
ALTER TABLE owners ADD COLUMN legal_bases TEXT NOT NULL DEFAULT '[]';
ALTER TABLE owners ADD COLUMN forms TEXT NOT NULL DEFAULT '[]';
ALTER TABLE owners ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';

-- A programme keeps the organiser as it was when the programme was created,
-- so that renaming the organiser after a merger does not rewrite last
-- year's letterheads. Programmes made before this migration take the
-- organiser as it stands now.
ALTER TABLE programmes ADD COLUMN organiser TEXT NOT NULL DEFAULT '';
UPDATE programmes SET organiser = (
    SELECT json_object('name', o.name, 'parent', o.parent_name, 'place', o.place, 'symbol', o.symbol,
        'signers', json(o.signers), 'legal_bases', json(o.legal_bases), 'forms', json(o.forms))
    FROM owners o WHERE o.id = programmes.owner_id);

-- Units as the bodies they are: the place name a unit dates its own
-- documents with ("Tà Hine, ngày …") and its chairman, who signs them.
ALTER TABLE units ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN chairman TEXT NOT NULL DEFAULT '';

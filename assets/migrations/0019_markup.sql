-- Marked-up photos (issue 22): an auditor may draw an arrow, a circle or a
-- short label on a photo before it is saved. The marked-up image is the
-- item's evidence (shown, printed); the photo it was drawn on is kept
-- beside it, as an attachment of its own whose original_of names the
-- mark-up, so that what was photographed can always be seen as it was.
-- Lists leave such originals out; deleting the mark-up deletes its original.
ALTER TABLE attachments ADD COLUMN original_of INTEGER REFERENCES attachments(id);
CREATE UNIQUE INDEX attachments_original ON attachments(original_of) WHERE original_of IS NOT NULL;

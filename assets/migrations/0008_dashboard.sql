-- Dashboard and management review (issue 12). The dashboard reads a
-- submitted audit's figures from its findings (one per answer that is not
-- conform or not applicable, with the grade as finally edited) and from its
-- "not applicable" answers, which this partial index finds without
-- scanning every answer.
CREATE INDEX answers_na ON answers(audit_id, item_code) WHERE result = 'na';

-- The root cause's category (issue 25): the audited unit sorts its cause
-- analysis into one of the five usual groups (5M), so that the office can
-- see which nonconformities training should remove. Required from now on
-- for the step to cause_analysed; nonconformities already past that step
-- keep NULL, which reads "not categorised".
ALTER TABLE findings ADD COLUMN cause_category TEXT
    CHECK (cause_category IS NULL OR cause_category IN ('people', 'method', 'documents', 'equipment', 'workload'));

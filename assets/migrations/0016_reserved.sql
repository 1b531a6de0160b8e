-- Placeholder: number 0016 belongs to another branch of issue 23 (migrations
-- must be numbered without gaps). Whoever merges drops this file in favour
-- of the real 0016; it creates nothing.
SELECT 1;

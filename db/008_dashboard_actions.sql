-- 008 (dashboard actions): the dashboard counts every kind of action
-- in a column of its own, countersigns too (issue 14). A countersign is
-- found by when it was given, not when the decision was made (an
-- override may wait days for its second supervisor): a partial index
-- over the countersigned decisions only.
CREATE INDEX decisions_countersigned ON decisions(countersigned_at, countersigned_by)
    WHERE countersigned_by IS NOT NULL;

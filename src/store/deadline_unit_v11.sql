-- Schema 11 (issue 14, the tree at 1M): each deadline row carries its
-- case's committee, so the alert pane scoped to a committee reads the
-- first rows of one index in order instead of sorting every deadline of
-- the committee (1M cases: ~8,000 a committee, 42 ms a scope change).
-- The case's row stays the source: a case moving to another committee
-- takes its deadlines along (trigger below), and `verify` checks both
-- agree.
ALTER TABLE deadlines ADD COLUMN committee TEXT NOT NULL DEFAULT '';
-- A row whose case is missing (a broken foreign key, which `verify`
-- reports) gets '' rather than failing the upgrade.
UPDATE deadlines SET committee = coalesce((SELECT c.committee FROM cases c WHERE c.id = deadlines.case_id), '');
CREATE INDEX deadlines_committee ON deadlines(committee, due, case_id, kind);
CREATE TRIGGER cases_deadlines_committee AFTER UPDATE OF committee ON cases
WHEN old.committee IS NOT new.committee BEGIN
    UPDATE deadlines SET committee = new.committee WHERE case_id = new.id;
END;

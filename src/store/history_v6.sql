-- Schema 6 (with the rules review), issue 11 ("Time and history right to the Notice").
-- An appeal's kind: reconsideration (复议) / reexamination (复查); NULL on older rows.
ALTER TABLE appeals ADD COLUMN kind TEXT;
-- Amendments: the old and new value of each corrected field, and the
-- audit entry of the amend action that made the correction.
CREATE TABLE amendments (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL, target TEXT NOT NULL, record_id INTEGER, field TEXT NOT NULL,
    old_value TEXT NOT NULL, new_value TEXT NOT NULL, note TEXT NOT NULL,
    audit_seq INTEGER REFERENCES audit(seq)
);
CREATE INDEX amendments_case ON amendments(case_id);

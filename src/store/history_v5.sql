-- Schema 5, issue 11 ("Time and history right to the Notice").
-- An appeal's kind: reconsideration (复议) / reexamination (复查); NULL on older rows.
ALTER TABLE appeals ADD COLUMN kind TEXT;

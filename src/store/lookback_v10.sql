-- Schema 9 (issue 11 item 8): look-back campaigns (回头看) as records, each
-- review in a campaign with the kind reviewed, who decided, and each
-- criterion met or not.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    name TEXT NOT NULL,
    doc_no TEXT NOT NULL,
    -- kind codes in scope, comma-separated (regained_removal,self_lapse,...)
    scope TEXT NOT NULL,
    -- 1: made by this upgrade from the old policy date (2026-09-01)
    migrated INTEGER NOT NULL DEFAULT 0 CHECK (migrated IN (0, 1))
);
-- the campaign's id (checked by the rules: a review names a campaign on record)
ALTER TABLE reviews ADD COLUMN campaign_id INTEGER;
ALTER TABLE reviews ADD COLUMN kind TEXT;
ALTER TABLE reviews ADD COLUMN who TEXT NOT NULL DEFAULT '';
CREATE INDEX reviews_campaign ON reviews(campaign_id, case_id);
CREATE TABLE review_criteria (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    criterion TEXT NOT NULL,
    met INTEGER NOT NULL CHECK (met IN (0, 1)),
    UNIQUE (review_id, criterion)
);
CREATE INDEX review_criteria_case ON review_criteria(case_id);
-- Reviews recorded before campaigns existed belong to one campaign made
-- from the date the old policy file built in, covering every kind the old
-- rule reviewed; a file without reviews gets no campaign.
INSERT INTO campaigns (id, date, name, doc_no, scope, migrated)
SELECT 1, '2026-09-01', '', '',
       'regained_removal,self_lapse,persuade_withdraw,withdrawal,correction,suspension,probation_cancel', 1
WHERE EXISTS (SELECT 1 FROM reviews);
UPDATE reviews SET campaign_id = 1;
-- The look-back deadlines now come from campaigns: recompute every case's once.
INSERT INTO meta (key, value) VALUES ('deadlines_stale', '9')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

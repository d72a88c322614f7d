-- Schema 7: the counters' triggers of schema 5 again: each decrement is
-- three primary-key lookups (a row-value IN over a subquery scanned the
-- whole counter table for every deadline removed), and a case leaves
-- lost_days only if it was counted there (a lost case).
DROP TRIGGER IF EXISTS cases_org_counts_ins;
DROP TRIGGER IF EXISTS cases_org_counts_del;
DROP TRIGGER IF EXISTS cases_org_counts_upd;
DROP TRIGGER IF EXISTS cases_focus_counts_ins;
DROP TRIGGER IF EXISTS cases_focus_counts_del;
DROP TRIGGER IF EXISTS cases_focus_counts_upd;
DROP TRIGGER IF EXISTS cases_next_due_days_ins;
DROP TRIGGER IF EXISTS cases_next_due_days_del;
DROP TRIGGER IF EXISTS cases_next_due_days_upd;
DROP TRIGGER IF EXISTS cases_next_due_months_ins;
DROP TRIGGER IF EXISTS cases_next_due_months_del;
DROP TRIGGER IF EXISTS cases_next_due_months_upd;
DROP TRIGGER IF EXISTS cases_lost_days_ins;
DROP TRIGGER IF EXISTS cases_lost_days_del;
DROP TRIGGER IF EXISTS cases_lost_days_upd;
DROP TRIGGER IF EXISTS cases_month_counts_ins;
DROP TRIGGER IF EXISTS cases_month_counts_del;
DROP TRIGGER IF EXISTS cases_month_counts_upd;
DROP TRIGGER IF EXISTS deadlines_deadline_days_ins;
DROP TRIGGER IF EXISTS deadlines_deadline_days_del;
DROP TRIGGER IF EXISTS deadlines_deadline_days_upd;
DROP TRIGGER IF EXISTS milestones_month_counts_ins;
DROP TRIGGER IF EXISTS milestones_month_counts_del;
DROP TRIGGER IF EXISTS milestones_month_counts_upd_old;
DROP TRIGGER IF EXISTS milestones_month_counts_upd_new;
DROP TRIGGER IF EXISTS suspensions_month_counts_ins;
DROP TRIGGER IF EXISTS suspensions_month_counts_del;
DROP TRIGGER IF EXISTS suspensions_month_counts_upd;
DROP TRIGGER IF EXISTS cases_children_move;
CREATE TRIGGER cases_org_counts_ins AFTER INSERT ON cases BEGIN
    INSERT INTO org_counts (committee, branch, status, gone, n)
        SELECT * FROM (VALUES (new.committee, new.branch, new.status, NOT new.branch_exists, 1), (new.committee, '', new.status, NOT new.branch_exists, 1), ('', '', new.status, NOT new.branch_exists, 1))
        WHERE 1 ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_org_counts_del AFTER DELETE ON cases BEGIN
    UPDATE org_counts SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND status = old.status AND gone = NOT old.branch_exists;
    UPDATE org_counts SET n = n - 1 WHERE committee = old.committee AND branch = '' AND status = old.status AND gone = NOT old.branch_exists;
    UPDATE org_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND status = old.status AND gone = NOT old.branch_exists;
END;
CREATE TRIGGER cases_org_counts_upd AFTER UPDATE OF status, branch_exists, committee, branch ON cases
WHEN old.status IS NOT new.status OR old.branch_exists IS NOT new.branch_exists OR old.committee IS NOT new.committee OR old.branch IS NOT new.branch BEGIN
    UPDATE org_counts SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND status = old.status AND gone = NOT old.branch_exists;
    UPDATE org_counts SET n = n - 1 WHERE committee = old.committee AND branch = '' AND status = old.status AND gone = NOT old.branch_exists;
    UPDATE org_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND status = old.status AND gone = NOT old.branch_exists;
    INSERT INTO org_counts (committee, branch, status, gone, n)
        SELECT * FROM (VALUES (new.committee, new.branch, new.status, NOT new.branch_exists, 1), (new.committee, '', new.status, NOT new.branch_exists, 1), ('', '', new.status, NOT new.branch_exists, 1))
        WHERE 1 ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_focus_counts_ins AFTER INSERT ON cases BEGIN
    INSERT INTO focus_counts (committee, branch, focus_area, n)
        SELECT * FROM (VALUES (new.committee, new.branch, new.focus_area, 1), (new.committee, '', new.focus_area, 1), ('', '', new.focus_area, 1))
        WHERE 1 ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_focus_counts_del AFTER DELETE ON cases BEGIN
    UPDATE focus_counts SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND focus_area = old.focus_area;
    UPDATE focus_counts SET n = n - 1 WHERE committee = old.committee AND branch = '' AND focus_area = old.focus_area;
    UPDATE focus_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND focus_area = old.focus_area;
END;
CREATE TRIGGER cases_focus_counts_upd AFTER UPDATE OF focus_area, committee, branch ON cases
WHEN old.focus_area IS NOT new.focus_area OR old.committee IS NOT new.committee OR old.branch IS NOT new.branch BEGIN
    UPDATE focus_counts SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND focus_area = old.focus_area;
    UPDATE focus_counts SET n = n - 1 WHERE committee = old.committee AND branch = '' AND focus_area = old.focus_area;
    UPDATE focus_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND focus_area = old.focus_area;
    INSERT INTO focus_counts (committee, branch, focus_area, n)
        SELECT * FROM (VALUES (new.committee, new.branch, new.focus_area, 1), (new.committee, '', new.focus_area, 1), ('', '', new.focus_area, 1))
        WHERE 1 ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_next_due_days_ins AFTER INSERT ON cases BEGIN
    INSERT INTO next_due_days (committee, branch, day, n)
        SELECT * FROM (VALUES (new.committee, new.branch, new.next_due, 1), (new.committee, '', new.next_due, 1), ('', '', new.next_due, 1))
        WHERE new.next_due IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_next_due_days_del AFTER DELETE ON cases BEGIN
    UPDATE next_due_days SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND day = old.next_due AND old.next_due IS NOT NULL;
    UPDATE next_due_days SET n = n - 1 WHERE committee = old.committee AND branch = '' AND day = old.next_due AND old.next_due IS NOT NULL;
    UPDATE next_due_days SET n = n - 1 WHERE committee = '' AND branch = '' AND day = old.next_due AND old.next_due IS NOT NULL;
END;
CREATE TRIGGER cases_next_due_days_upd AFTER UPDATE OF next_due, committee, branch ON cases
WHEN old.next_due IS NOT new.next_due OR old.committee IS NOT new.committee OR old.branch IS NOT new.branch BEGIN
    UPDATE next_due_days SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND day = old.next_due AND old.next_due IS NOT NULL;
    UPDATE next_due_days SET n = n - 1 WHERE committee = old.committee AND branch = '' AND day = old.next_due AND old.next_due IS NOT NULL;
    UPDATE next_due_days SET n = n - 1 WHERE committee = '' AND branch = '' AND day = old.next_due AND old.next_due IS NOT NULL;
    INSERT INTO next_due_days (committee, branch, day, n)
        SELECT * FROM (VALUES (new.committee, new.branch, new.next_due, 1), (new.committee, '', new.next_due, 1), ('', '', new.next_due, 1))
        WHERE new.next_due IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_next_due_months_ins AFTER INSERT ON cases BEGIN
    INSERT INTO next_due_months (committee, branch, month, n)
        SELECT * FROM (VALUES (new.committee, new.branch, substr(new.next_due, 1, 7), 1), (new.committee, '', substr(new.next_due, 1, 7), 1), ('', '', substr(new.next_due, 1, 7), 1))
        WHERE new.next_due IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_next_due_months_del AFTER DELETE ON cases BEGIN
    UPDATE next_due_months SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND month = substr(old.next_due, 1, 7) AND old.next_due IS NOT NULL;
    UPDATE next_due_months SET n = n - 1 WHERE committee = old.committee AND branch = '' AND month = substr(old.next_due, 1, 7) AND old.next_due IS NOT NULL;
    UPDATE next_due_months SET n = n - 1 WHERE committee = '' AND branch = '' AND month = substr(old.next_due, 1, 7) AND old.next_due IS NOT NULL;
END;
CREATE TRIGGER cases_next_due_months_upd AFTER UPDATE OF next_due, committee, branch ON cases
WHEN old.next_due IS NOT new.next_due OR old.committee IS NOT new.committee OR old.branch IS NOT new.branch BEGIN
    UPDATE next_due_months SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND month = substr(old.next_due, 1, 7) AND old.next_due IS NOT NULL;
    UPDATE next_due_months SET n = n - 1 WHERE committee = old.committee AND branch = '' AND month = substr(old.next_due, 1, 7) AND old.next_due IS NOT NULL;
    UPDATE next_due_months SET n = n - 1 WHERE committee = '' AND branch = '' AND month = substr(old.next_due, 1, 7) AND old.next_due IS NOT NULL;
    INSERT INTO next_due_months (committee, branch, month, n)
        SELECT * FROM (VALUES (new.committee, new.branch, substr(new.next_due, 1, 7), 1), (new.committee, '', substr(new.next_due, 1, 7), 1), ('', '', substr(new.next_due, 1, 7), 1))
        WHERE new.next_due IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_lost_days_ins AFTER INSERT ON cases BEGIN
    INSERT INTO lost_days (committee, branch, day, n)
        SELECT * FROM (VALUES (new.committee, new.branch, new.last_contact, 1), (new.committee, '', new.last_contact, 1), ('', '', new.last_contact, 1))
        WHERE new.status = 'lost' ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_lost_days_del AFTER DELETE ON cases BEGIN
    UPDATE lost_days SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND day = old.last_contact AND old.status = 'lost';
    UPDATE lost_days SET n = n - 1 WHERE committee = old.committee AND branch = '' AND day = old.last_contact AND old.status = 'lost';
    UPDATE lost_days SET n = n - 1 WHERE committee = '' AND branch = '' AND day = old.last_contact AND old.status = 'lost';
END;
CREATE TRIGGER cases_lost_days_upd AFTER UPDATE OF status, last_contact, committee, branch ON cases
WHEN old.status IS NOT new.status OR old.last_contact IS NOT new.last_contact OR old.committee IS NOT new.committee OR old.branch IS NOT new.branch BEGIN
    UPDATE lost_days SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND day = old.last_contact AND old.status = 'lost';
    UPDATE lost_days SET n = n - 1 WHERE committee = old.committee AND branch = '' AND day = old.last_contact AND old.status = 'lost';
    UPDATE lost_days SET n = n - 1 WHERE committee = '' AND branch = '' AND day = old.last_contact AND old.status = 'lost';
    INSERT INTO lost_days (committee, branch, day, n)
        SELECT * FROM (VALUES (new.committee, new.branch, new.last_contact, 1), (new.committee, '', new.last_contact, 1), ('', '', new.last_contact, 1))
        WHERE new.status = 'lost' ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_month_counts_ins AFTER INSERT ON cases BEGIN
    INSERT INTO month_counts (committee, branch, month, kind, n)
        SELECT * FROM (VALUES (new.committee, new.branch, substr(new.last_contact, 1, 7), 'lost', 1), (new.committee, '', substr(new.last_contact, 1, 7), 'lost', 1), ('', '', substr(new.last_contact, 1, 7), 'lost', 1))
        WHERE 1 ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER cases_month_counts_del AFTER DELETE ON cases BEGIN
    UPDATE month_counts SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND month = substr(old.last_contact, 1, 7) AND kind = 'lost';
    UPDATE month_counts SET n = n - 1 WHERE committee = old.committee AND branch = '' AND month = substr(old.last_contact, 1, 7) AND kind = 'lost';
    UPDATE month_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND month = substr(old.last_contact, 1, 7) AND kind = 'lost';
END;
CREATE TRIGGER cases_month_counts_upd AFTER UPDATE OF last_contact, committee, branch ON cases
WHEN old.last_contact IS NOT new.last_contact OR old.committee IS NOT new.committee OR old.branch IS NOT new.branch BEGIN
    UPDATE month_counts SET n = n - 1 WHERE committee = old.committee AND branch = old.branch AND month = substr(old.last_contact, 1, 7) AND kind = 'lost';
    UPDATE month_counts SET n = n - 1 WHERE committee = old.committee AND branch = '' AND month = substr(old.last_contact, 1, 7) AND kind = 'lost';
    UPDATE month_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND month = substr(old.last_contact, 1, 7) AND kind = 'lost';
    INSERT INTO month_counts (committee, branch, month, kind, n)
        SELECT * FROM (VALUES (new.committee, new.branch, substr(new.last_contact, 1, 7), 'lost', 1), (new.committee, '', substr(new.last_contact, 1, 7), 'lost', 1), ('', '', substr(new.last_contact, 1, 7), 'lost', 1))
        WHERE 1 ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER deadlines_deadline_days_ins AFTER INSERT ON deadlines BEGIN
    INSERT INTO deadline_days (committee, branch, day, n) SELECT c.committee, c.branch, new.due, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT c.committee, '', new.due, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT '', '', new.due, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER deadlines_deadline_days_del AFTER DELETE ON deadlines BEGIN
    UPDATE deadline_days SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = (SELECT branch FROM cases WHERE id = old.case_id) AND day = old.due;
    UPDATE deadline_days SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = '' AND day = old.due;
    UPDATE deadline_days SET n = n - 1 WHERE committee = '' AND branch = '' AND day = old.due;
END;
CREATE TRIGGER deadlines_deadline_days_upd AFTER UPDATE OF due ON deadlines
WHEN old.due IS NOT new.due BEGIN
    UPDATE deadline_days SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = (SELECT branch FROM cases WHERE id = old.case_id) AND day = old.due;
    UPDATE deadline_days SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = '' AND day = old.due;
    UPDATE deadline_days SET n = n - 1 WHERE committee = '' AND branch = '' AND day = old.due;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT c.committee, c.branch, new.due, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT c.committee, '', new.due, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT '', '', new.due, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER milestones_month_counts_ins AFTER INSERT ON milestones
WHEN new.kind IN ('contact_regained', 'disposed') BEGIN
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT c.committee, c.branch, substr(new.date, 1, 7), CASE new.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT c.committee, '', substr(new.date, 1, 7), CASE new.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT '', '', substr(new.date, 1, 7), CASE new.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER milestones_month_counts_del AFTER DELETE ON milestones
WHEN old.kind IN ('contact_regained', 'disposed') BEGIN
    UPDATE month_counts SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = (SELECT branch FROM cases WHERE id = old.case_id) AND month = substr(old.date, 1, 7) AND kind = CASE old.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END;
    UPDATE month_counts SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = '' AND month = substr(old.date, 1, 7) AND kind = CASE old.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END;
    UPDATE month_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND month = substr(old.date, 1, 7) AND kind = CASE old.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END;
END;
CREATE TRIGGER milestones_month_counts_upd_old AFTER UPDATE OF date, kind ON milestones
WHEN (old.date IS NOT new.date OR old.kind IS NOT new.kind) AND old.kind IN ('contact_regained', 'disposed') BEGIN
    UPDATE month_counts SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = (SELECT branch FROM cases WHERE id = old.case_id) AND month = substr(old.date, 1, 7) AND kind = CASE old.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END;
    UPDATE month_counts SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = '' AND month = substr(old.date, 1, 7) AND kind = CASE old.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END;
    UPDATE month_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND month = substr(old.date, 1, 7) AND kind = CASE old.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END;
END;
CREATE TRIGGER milestones_month_counts_upd_new AFTER UPDATE OF date, kind ON milestones
WHEN (old.date IS NOT new.date OR old.kind IS NOT new.kind) AND new.kind IN ('contact_regained', 'disposed') BEGIN
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT c.committee, c.branch, substr(new.date, 1, 7), CASE new.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT c.committee, '', substr(new.date, 1, 7), CASE new.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT '', '', substr(new.date, 1, 7), CASE new.kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END, 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER suspensions_month_counts_ins AFTER INSERT ON suspensions BEGIN
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT c.committee, c.branch, substr(new.date, 1, 7), 'suspended', 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT c.committee, '', substr(new.date, 1, 7), 'suspended', 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT '', '', substr(new.date, 1, 7), 'suspended', 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER suspensions_month_counts_del AFTER DELETE ON suspensions BEGIN
    UPDATE month_counts SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = (SELECT branch FROM cases WHERE id = old.case_id) AND month = substr(old.date, 1, 7) AND kind = 'suspended';
    UPDATE month_counts SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = '' AND month = substr(old.date, 1, 7) AND kind = 'suspended';
    UPDATE month_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND month = substr(old.date, 1, 7) AND kind = 'suspended';
END;
CREATE TRIGGER suspensions_month_counts_upd AFTER UPDATE OF date ON suspensions
WHEN old.date IS NOT new.date BEGIN
    UPDATE month_counts SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = (SELECT branch FROM cases WHERE id = old.case_id) AND month = substr(old.date, 1, 7) AND kind = 'suspended';
    UPDATE month_counts SET n = n - 1 WHERE committee = (SELECT committee FROM cases WHERE id = old.case_id) AND branch = '' AND month = substr(old.date, 1, 7) AND kind = 'suspended';
    UPDATE month_counts SET n = n - 1 WHERE committee = '' AND branch = '' AND month = substr(old.date, 1, 7) AND kind = 'suspended';
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT c.committee, c.branch, substr(new.date, 1, 7), 'suspended', 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT c.committee, '', substr(new.date, 1, 7), 'suspended', 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT '', '', substr(new.date, 1, 7), 'suspended', 1 FROM cases c WHERE c.id = new.case_id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER cases_children_move AFTER UPDATE OF committee, branch ON cases
WHEN old.committee IS NOT new.committee OR old.branch IS NOT new.branch BEGIN
    INSERT INTO deadline_days (committee, branch, day, n) SELECT old.committee, old.branch, due AS day, -count(*) FROM deadlines WHERE case_id = new.id AND 1 GROUP BY day
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT old.committee, '', due AS day, -count(*) FROM deadlines WHERE case_id = new.id AND 1 GROUP BY day
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT '', '', due AS day, -count(*) FROM deadlines WHERE case_id = new.id AND 1 GROUP BY day
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT new.committee, new.branch, due AS day, count(*) FROM deadlines WHERE case_id = new.id AND 1 GROUP BY day
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT new.committee, '', due AS day, count(*) FROM deadlines WHERE case_id = new.id AND 1 GROUP BY day
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO deadline_days (committee, branch, day, n) SELECT '', '', due AS day, count(*) FROM deadlines WHERE case_id = new.id AND 1 GROUP BY day
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT old.committee, old.branch, substr(date, 1, 7) AS month, CASE kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END AS kind, -count(*) FROM milestones WHERE case_id = new.id AND kind IN ('contact_regained', 'disposed') GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT old.committee, '', substr(date, 1, 7) AS month, CASE kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END AS kind, -count(*) FROM milestones WHERE case_id = new.id AND kind IN ('contact_regained', 'disposed') GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT '', '', substr(date, 1, 7) AS month, CASE kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END AS kind, -count(*) FROM milestones WHERE case_id = new.id AND kind IN ('contact_regained', 'disposed') GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT new.committee, new.branch, substr(date, 1, 7) AS month, CASE kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END AS kind, count(*) FROM milestones WHERE case_id = new.id AND kind IN ('contact_regained', 'disposed') GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT new.committee, '', substr(date, 1, 7) AS month, CASE kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END AS kind, count(*) FROM milestones WHERE case_id = new.id AND kind IN ('contact_regained', 'disposed') GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT '', '', substr(date, 1, 7) AS month, CASE kind WHEN 'contact_regained' THEN 'regained' ELSE 'disposed' END AS kind, count(*) FROM milestones WHERE case_id = new.id AND kind IN ('contact_regained', 'disposed') GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT old.committee, old.branch, substr(date, 1, 7) AS month, 'suspended' AS kind, -count(*) FROM suspensions WHERE case_id = new.id AND 1 GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT old.committee, '', substr(date, 1, 7) AS month, 'suspended' AS kind, -count(*) FROM suspensions WHERE case_id = new.id AND 1 GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT '', '', substr(date, 1, 7) AS month, 'suspended' AS kind, -count(*) FROM suspensions WHERE case_id = new.id AND 1 GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT new.committee, new.branch, substr(date, 1, 7) AS month, 'suspended' AS kind, count(*) FROM suspensions WHERE case_id = new.id AND 1 GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT new.committee, '', substr(date, 1, 7) AS month, 'suspended' AS kind, count(*) FROM suspensions WHERE case_id = new.id AND 1 GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO month_counts (committee, branch, month, kind, n) SELECT '', '', substr(date, 1, 7) AS month, 'suspended' AS kind, count(*) FROM suspensions WHERE case_id = new.id AND 1 GROUP BY month, kind
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- lost_days counted again (schema 5 took a case out of it when it moved
-- or changed, lost or not).
DELETE FROM lost_days;
INSERT INTO lost_days (committee, branch, day, n) SELECT committee, branch, cases.last_contact, count(*) FROM cases WHERE cases.status = 'lost' GROUP BY 1, 2, 3
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
INSERT INTO lost_days (committee, branch, day, n) SELECT committee, '', cases.last_contact, count(*) FROM cases WHERE cases.status = 'lost' GROUP BY 1, 2, 3
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
INSERT INTO lost_days (committee, branch, day, n) SELECT '', '', cases.last_contact, count(*) FROM cases WHERE cases.status = 'lost' GROUP BY 1, 2, 3
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
-- The roster's next deadline no longer takes the "becomes a lost-contact
-- member" row (deadline::next_for_roster): recompute every case's once.
INSERT INTO meta (key, value) VALUES ('deadlines_stale', '7')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

//! Schema 6 post-step (issue 11, "dates are history"): before schema 6,
//! regaining contact overwrote `cases.last_contact` with the regained date.
//! The original is in the case's `create_case` audit entry
//! (`$.member.last_contact`); this step puts it back and logs one audit entry
//! per case restored (before/after name both dates, so the case's version
//! moves on with its history). A case created by a bulk import has no entry
//! of its own (one `import` entry per file, no per-case values): its date
//! cannot be recovered and stays as found; such cases are listed under the
//! meta key `schema6_last_contact_unrecovered` (JSON array of case ids).

use super::audit;
use super::{NewAudit, Result};
use rusqlite::Connection;

/// The user the migration's audit entries name.
pub const MIGRATION_USER: &str = "shilian schema 6";

/// Meta key listing the regained cases whose original date could not be found.
pub const UNRECOVERED_KEY: &str = "schema6_last_contact_unrecovered";

/// Cases that regained contact: (id, stored last contact, original from the
/// create_case entry if there is one, that entry's seq).
type Row = (i64, String, Option<String>, Option<i64>);

pub fn recover_last_contact(conn: &Connection) -> Result<()> {
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT c.id, c.last_contact,
               (SELECT json_extract(a.action, '$.member.last_contact') FROM audit a
                 WHERE a.case_id = c.id AND json_valid(a.action)
                   AND json_extract(a.action, '$.action') = 'create_case'
                 ORDER BY a.seq LIMIT 1),
               (SELECT a.seq FROM audit a
                 WHERE a.case_id = c.id AND json_valid(a.action)
                   AND json_extract(a.action, '$.action') = 'create_case'
                 ORDER BY a.seq LIMIT 1)
             FROM cases c
             WHERE EXISTS (SELECT 1 FROM milestones m
                           WHERE m.case_id = c.id AND m.kind = 'contact_regained')
             ORDER BY c.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut unrecovered = vec![];
    for (id, stored, original, seq) in rows {
        let (Some(original), Some(seq)) = (original, seq) else {
            unrecovered.push(id);
            continue;
        };
        if original == stored || chrono::NaiveDate::parse_from_str(&original, "%Y-%m-%d").is_err() {
            continue;
        }
        conn.prepare_cached(
            "UPDATE cases SET last_contact = ?1, version = version + 1, updated_at = ?2
             WHERE id = ?3",
        )?
        .execute(rusqlite::params![original, audit::now_utc(), id])?;
        let action = serde_json::json!({
            "action": "migrate_last_contact",
            "case": id,
            "from": stored,
            "to": original,
            "source_seq": seq,
        });
        audit::append(
            conn,
            &NewAudit {
                user: MIGRATION_USER.to_string(),
                case: Some(id),
                action: action.to_string(),
                before: serde_json::json!({"last_contact": stored}).to_string(),
                after: serde_json::json!({"last_contact": original}).to_string(),
            },
            None,
            None,
        )?;
    }
    if !unrecovered.is_empty() {
        conn.prepare_cached(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute(rusqlite::params![
            UNRECOVERED_KEY,
            serde_json::to_string(&unrecovered).unwrap_or_default()
        ])?;
    }
    Ok(())
}

//! Upgrading a file written by the previous release (schema 11) in place:
//! `fixtures/schema11-demo.db` is a 60-case demo database made by the
//! schema-11 binary (commit 3f2bf09, `demo --cases 60 --today 2026-11-28`,
//! then journal_mode=delete and VACUUM so it is one file). Schema 12 adds the
//! tail gram of every ASCII run: after the upgrade every 3 digits of every
//! ID number find exactly the cases a scan finds, and the chain the old
//! receipt proves is unchanged.

use crate::support::cli::fixture_copy;
use crate::support::store::roster_ids;
use rusqlite::Connection;
use shilian::store::schema::SUPPORTED;
use shilian::store::{RosterQuery, Store};

/// The receipt `verify` printed on the fixture when it was made.
const RECEIPT: &str = "745-8013f2126876a84e";

#[test]
fn a_schema_11_file_upgrades_and_finds_every_three_digits_exactly() {
    let db = fixture_copy("schema11-demo.db");
    let raw = Connection::open(&db.path).expect("raw");
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 11, "the fixture is a schema-11 file");
    let ids: Vec<(i64, String)> = raw
        .prepare("SELECT id, lower(id_number) FROM cases ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(ids.len(), 60);
    drop(raw);

    let out = db.ok(&["verify"]);
    assert!(out.stdout.contains("检查通过"), "{}", out.stdout);
    let proof = db.ok(&["verify", "--receipt", RECEIPT]);
    assert!(proof.stdout.contains("检查通过"), "{}", proof.stdout);

    let store = Store::open(&db.path).expect("open upgraded");
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    // Every 3 characters of every ID number; names and branches of the demo
    // are Chinese, so the ID numbers alone decide.
    let mut terms: Vec<String> = ids
        .iter()
        .flat_map(|(_, n)| {
            let cs: Vec<char> = n.chars().collect();
            cs.windows(3)
                .map(|w| w.iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    terms.sort();
    terms.dedup();
    assert!(terms.len() > 300, "{}", terms.len());
    for t in &terms {
        let want: Vec<i64> = ids
            .iter()
            .filter(|(_, n)| n.contains(t.as_str()))
            .map(|(id, _)| *id)
            .collect();
        let q = RosterQuery {
            text: t.clone(),
            limit: 100,
            ..Default::default()
        };
        assert_eq!(roster_ids(&store, &q), want, "{t}");
        let n = store.roster_count(&q).expect("count");
        assert_eq!(n, want.len() as u64, "{t}");
    }
}

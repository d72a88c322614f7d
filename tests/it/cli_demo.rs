//! The demo database: built through the rules, every status present,
//! deadlines in every urgency bucket, refuses to overwrite without --force.
use crate::support::cli::*;
use std::collections::BTreeSet;

#[test]
fn demo_has_every_status_and_refuses_to_overwrite() {
    let db = Db::new();
    db.ok(&["demo", "--cases", "120"]);
    let rows = db.ok(&["case", "list", "--json", "--limit", "1000"]).json();
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 120);
    let statuses: BTreeSet<&str> = rows.iter().filter_map(|r| r["status"].as_str()).collect();
    for s in shilian::domain::model::Status::ALL {
        assert!(statuses.contains(s.code()), "no case is {s}: {statuses:?}");
    }
    let names: BTreeSet<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert!(names.len() > 100, "names vary");
    for r in rows {
        let id = r["id_number"].as_str().expect("id");
        assert!(shilian::domain::idcard::parse(id).is_ok(), "{id}");
    }

    let alerts = db.ok(&["alerts", "--json"]).json();
    let urgencies: BTreeSet<&str> = alerts
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["urgency"].as_str())
        .collect();
    assert_eq!(
        urgencies.len(),
        4,
        "overdue, week, month and later: {urgencies:?}"
    );
    db.ok(&["verify"]);

    let out = db.run(&["demo", "--cases", "5"], None);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    db.ok(&["demo", "--cases", "20", "--force"]);
    let rows = db.ok(&["case", "list", "--json", "--limit", "1000"]).json();
    assert_eq!(rows.as_array().map(|a| a.len()), Some(20));
}

#[test]
fn demo_covers_every_track_and_is_deterministic() {
    let a = Db::new();
    let b = Db::new();
    a.ok(&["demo", "--cases", "40"]);
    b.ok(&["demo", "--cases", "40"]);
    let mut tracks = BTreeSet::new();
    for id in 1..=40 {
        let sa = a.ok(&["case", "show", &id.to_string(), "--json"]).json();
        let sb = b.ok(&["case", "show", &id.to_string(), "--json"]).json();
        assert_eq!(sa["case"]["member"], sb["case"]["member"], "case {id}");
        assert_eq!(sa["case"]["status"], sb["case"]["status"], "case {id}");
        for t in sa["case"]["tracks"].as_array().expect("tracks") {
            tracks.insert(t["kind"].as_str().expect("kind").to_string());
        }
    }
    for k in shilian::domain::model::TrackKind::ALL {
        assert!(tracks.contains(k.code()), "no {k} track: {tracks:?}");
    }
}

/// Issue 11 "Done when": the demo holds watch cases (失联未满6个月), a lapse
/// of a probationary member settled abroad, an appeal answered 撤销 (the
/// case handled again), a member suspended abroad back in organizational
/// life, and an amended entry (the original value kept beside it).
#[test]
fn demo_holds_the_issue_11_facts() {
    let db = Db::new();
    db.ok(&["demo", "--cases", "40"]);
    // Watch cases: listed under their own status, last contact within 6 months.
    let watch = db
        .ok(&[
            "case", "list", "--status", "watch", "--json", "--limit", "1000",
        ])
        .json();
    let watch = watch.as_array().expect("rows");
    assert!(!watch.is_empty(), "no watch case");
    for r in watch {
        let last = r["last_contact"].as_str().expect("date");
        assert!(last > "2026-05-28", "{r}");
        assert_eq!(r["status"], "lost", "{r}");
    }
    let cases: Vec<serde_json::Value> = (1..=40)
        .map(|id| db.ok(&["case", "show", &id.to_string(), "--json"]).json()["case"].clone())
        .collect();
    let any = |what: &str, f: &dyn Fn(&serde_json::Value) -> bool| {
        assert!(cases.iter().any(f), "no {what} in the demo");
    };
    any("lapse abroad", &|c| {
        c["status"] == "probation_lapsed"
            && c["member"]["abroad"] == "settled"
            && c["member"]["membership"] == "probationary"
    });
    any("appeal answered 撤销", &|c| {
        let revoked = c["appeals"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["result"] == "revoked"));
        let removal = c["tracks"].as_array().is_some_and(|t| {
            t.iter()
                .any(|x| x["kind"] == "removal" && x["completed"] == true)
        });
        revoked && removal && c["status"] == "regained"
    });
    any("abroad member back in organizational life", &|c| {
        let abroad = c["suspensions"]
            .as_array()
            .is_some_and(|s| s.iter().any(|x| x["abroad"] == true));
        let back = c["tracks"].as_array().is_some_and(|t| {
            t.iter()
                .any(|x| x["kind"] == "resume_life" && x["completed"] == true)
        });
        abroad && back && c["status"] == "normal"
    });
    any("amended entry", &|c| {
        c["amendments"].as_array().is_some_and(|a| {
            a.iter().any(|x| {
                x["field"] == "last_contact"
                    && x["old"] != x["new"]
                    && c["member"]["last_contact"] == x["new"]
            })
        })
    });
}

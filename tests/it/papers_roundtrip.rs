//! The register's Excel and CSV forms carry every column the import reads:
//! exporting a database and importing the file into a fresh one gives the
//! same people with the same fields and statuses.
use crate::support::papers::*;
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;

/// id number → (member, status) of every case.
fn members(db: &Db) -> BTreeMap<String, (Value, Value)> {
    let list = db.ok(&["case", "list", "--json", "--limit", "1000"]).json();
    let mut out = BTreeMap::new();
    for r in list.as_array().expect("rows") {
        let id = r["id"].to_string();
        let c = db.ok(&["case", "show", &id, "--json"]).json();
        let m = c["case"]["member"].clone();
        let key = m["id_number"].as_str().expect("id number").to_string();
        out.insert(key, (m, c["case"]["status"].clone()));
    }
    out
}

fn round_trip(format: &str) {
    let a = Db::new();
    a.ok(&["demo", "--cases", "40"]);
    let file = a.dir.path().join(format!("名册.{format}"));
    a.ok(&[
        "export",
        "roster",
        "--all",
        "--format",
        format,
        "--out",
        file.to_str().expect("utf8"),
    ]);
    let b = Db::new();
    b.ok(&["init"]);
    let preview = b.ok(&["import", file.to_str().expect("utf8"), "--dry-run"]);
    assert!(preview.stdout.contains("预览无误"), "{}", preview.stdout);
    b.ok(&["import", file.to_str().expect("utf8")]);
    let (want, got) = (members(&a), members(&b));
    assert_eq!(want.len(), 40);
    assert_eq!(want, got, "{format}: the same people with the same fields");
}

#[test]
fn register_xlsx_imports_into_a_fresh_database_as_the_same_people() {
    round_trip("xlsx");
}

#[test]
fn register_csv_imports_into_a_fresh_database_as_the_same_people() {
    round_trip("csv");
}

#[test]
fn register_xlsx_has_date_cells_numbers_an_autofilter_and_wrapped_names() {
    let db = fixture();
    let out = db.dir.path().join("r.xlsx");
    db.ok(&[
        "export",
        "roster",
        "--all",
        "--format",
        "xlsx",
        "--out",
        out.to_str().expect("utf8"),
    ]);
    let mut wb: Xlsx<_> = open_workbook(&out).expect("open");
    let range = wb.worksheet_range_at(0).expect("sheet").expect("range");
    let rows: Vec<&[Data]> = range.rows().collect();
    let head: Vec<String> = rows[2].iter().map(|c| c.to_string()).collect();
    let at = |h: &str| head.iter().position(|x| x == h).expect(h);
    let first = rows[3];
    assert!(
        matches!(first[0], Data::Float(_) | Data::Int(_)),
        "序号 a number"
    );
    for h in ["出生日期", "入党日期", "最后联系日期"] {
        assert!(
            matches!(first[at(h)], Data::DateTime(_)),
            "{h}: {:?}",
            first[at(h)]
        );
    }
    assert!(
        matches!(first[at("公民身份号码")], Data::String(_)),
        "ID number as text"
    );
    let last = rows.last().expect("total");
    assert!(
        matches!(last[at("入党日期")], Data::Float(_)),
        "count a number"
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).expect("file")).expect("zip");
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .expect("sheet1")
        .read_to_string(&mut sheet)
        .expect("read");
    assert!(
        sheet.contains("<autoFilter ref=\"A3:"),
        "autofilter on the header row"
    );
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .expect("styles")
        .read_to_string(&mut styles)
        .expect("read");
    assert!(styles.contains("wrapText=\"1\""), "branch names wrap");
    assert!(styles.contains("yyyy-mm-dd"), "date format");
}

#[test]
fn csv_register_starts_with_a_bom_and_the_import_headers() {
    let db = fixture();
    let out = db.dir.path().join("r.csv");
    db.ok(&[
        "export",
        "roster",
        "--format",
        "csv",
        "--out",
        out.to_str().expect("utf8"),
    ]);
    let bytes = std::fs::read(&out).expect("read");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(bytes).expect("utf8");
    let header = text.lines().nth(1).expect("header");
    for h in [
        "姓名",
        "性别",
        "公民身份号码",
        "入党日期",
        "基层党委",
        "党支部",
        "最后联系日期",
    ] {
        assert!(header.split(',').any(|x| x == h), "{h} in {header}");
    }
    assert!(
        !text.contains("street_community") && !text.contains(",lost,"),
        "labels, not codes"
    );
}

#[test]
fn csv_of_one_case_reads_as_its_dossier_in_chinese_with_a_bom() {
    let db = Db::new();
    db.ok(&["demo", "--cases", "40"]);
    let list = db.ok(&["case", "list", "--json", "--limit", "1000"]).json();
    // A case with searches and a procedure: its CSV has the most sections.
    let id = list
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["status"] == "suspended")
        .map(|r| r["id"].to_string())
        .expect("a suspended case in the demo");
    let out = db.ok(&["export", "case", &id, "--format", "csv", "--out", "-"]);
    assert!(
        out.stdout.starts_with("\u{feff}# 内部资料 注意保密\n"),
        "{}",
        out.stdout
    );
    let mut lines = out.stdout.lines().skip(1);
    assert_eq!(lines.next(), Some("部分,项目,内容"));
    let json = db.ok(&["case", "show", &id, "--json"]).json();
    let name = json["case"]["member"]["name"].as_str().expect("name");
    assert!(
        out.stdout.contains(&format!("一、基本情况,姓名,{name}")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("一、基本情况,状态,停止党籍"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("二、查找记录,序号,日期,查找途径"),
        "{}",
        out.stdout
    );
    // The codes the JSON carries never show in the CSV.
    for code in [
        ",suspended",
        ",family",
        ",not_found",
        "case.member",
        "field,value",
    ] {
        assert!(!out.stdout.contains(code), "{code} in {}", out.stdout);
    }
    // JSON keeps the codes for programs.
    let j = db
        .ok(&["export", "case", &id, "--format", "json", "--out", "-"])
        .json();
    assert_eq!(j["case"]["status"], "suspended");
}

//! Building messy rosters for the import tests: workbooks with
//! rust_xlsxwriter, cells of every kind, and the header a department uses.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

/// One cell to write.
#[derive(Clone, Debug)]
pub enum V {
    S(String),
    N(f64),
    /// A real Excel date cell (serial number with a date format).
    D(u16, u8, u8),
    /// A formula (its cached value is not written).
    F(String),
    E,
}

pub fn s(x: &str) -> V {
    V::S(x.to_string())
}

/// The header row of the department roster, with the spellings offices use.
pub const HEADERS: &[&str] = &[
    "序号",
    "姓\u{3000}名",
    "性别",
    "身份证号",
    "人员类别",
    "所在党支部",
    "所属党委",
    "入党时间",
    "失去联系日期",
    "最后参加组织生活时间",
    "最后交纳党费时间",
    "失联原因",
    "联系电话",
    "工作单位",
    "现居住地",
    "出国（境）情况",
    "重点领域",
    "备注",
];

/// Column index of a header in [`HEADERS`].
pub fn col(h: &str) -> usize {
    HEADERS.iter().position(|x| *x == h).expect("known header")
}

/// A data row: name, ID, and the dates (joined, contact lost) as cells.
pub fn member(n: u32, name: &str, id: &str, joined: V, lost: V) -> Vec<V> {
    let mut r = vec![V::E; HEADERS.len()];
    r[0] = V::N(f64::from(n));
    r[1] = s(name);
    r[2] = s("男");
    r[3] = s(id);
    r[4] = s("正式党员");
    r[5] = s("东湖社区（一）党支部");
    r[6] = s("某街道党工委");
    r[col("入党时间")] = joined;
    r[col("失去联系日期")] = lost;
    r[col("失联原因")] = s("外出务工经商");
    r[col("联系电话")] = s("13800000000");
    r[col("现居住地")] = s("东湖路1号");
    r[col("出国（境）情况")] = s("未出国(境)");
    r[col("重点领域")] = s("街道社区");
    r
}

pub fn put(ws: &mut Worksheet, row: u32, cells: &[V]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, v) in cells.iter().enumerate() {
        let c = c as u16;
        match v {
            V::S(x) => {
                ws.write_string(row, c, x).expect("write");
            }
            V::N(x) => {
                ws.write_number(row, c, *x).expect("write");
            }
            V::D(y, m, d) => {
                let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                ws.write_datetime_with_format(row, c, &dt, &date)
                    .expect("write");
            }
            V::F(f) => {
                ws.write_formula(row, c, f.as_str()).expect("write");
            }
            V::E => {}
        }
    }
}

/// A sheet with a merged title row, a note row, the header, then `rows`.
pub fn roster_sheet(wb: &mut Workbook, name: &str, rows: &[Vec<V>]) -> u32 {
    let ws = wb.add_worksheet();
    ws.set_name(name).expect("name");
    ws.merge_range(
        0,
        0,
        0,
        8,
        "某某党委与党组织失去联系党员名册",
        &Format::new(),
    )
    .expect("merge");
    ws.write_string(1, 0, "填报单位：某街道党工委　　填报日期：2026年11月")
        .expect("write");
    let header: Vec<V> = HEADERS.iter().map(|h| s(h)).collect();
    put(ws, 2, &header);
    for (i, r) in rows.iter().enumerate() {
        put(ws, 3 + i as u32, r);
    }
    3
}

pub fn save(wb: &mut Workbook, path: &std::path::Path) {
    wb.save(path).expect("save workbook");
}

/// A minimal OLE compound file holding an `EncryptedPackage` stream: what
/// Excel writes for a password-protected workbook (the encryption itself
/// does not matter; readers stop at the stream's presence).
pub fn encrypted_workbook() -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut f = vec![0u8; 512 * 3];
    let put16 =
        |f: &mut Vec<u8>, at: usize, v: u16| f[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |f: &mut Vec<u8>, at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    put16(&mut f, 24, 0x3E); // minor version
    put16(&mut f, 26, 3); // major version: 512-byte sectors
    put16(&mut f, 28, 0xFFFE); // byte order
    put16(&mut f, 30, 9); // sector shift
    put16(&mut f, 32, 6); // mini sector shift
    put32(&mut f, 44, 1); // FAT sectors
    put32(&mut f, 48, 1); // first directory sector
    put32(&mut f, 56, 4096); // mini stream cutoff
    put32(&mut f, 60, END); // no mini FAT
    put32(&mut f, 68, END); // no DIFAT sectors
    put32(&mut f, 76, 0); // the FAT is sector 0
    for i in 1..109 {
        put32(&mut f, 76 + 4 * i, FREE);
    }
    let fat = 512;
    put32(&mut f, fat, 0xFFFF_FFFD); // sector 0: FAT
    put32(&mut f, fat + 4, END); // sector 1: directory, one sector
    for i in 2..128 {
        put32(&mut f, fat + 4 * i, FREE);
    }
    let dir = 1024;
    for (n, (name, kind)) in [("Root Entry", 5u8), ("EncryptedPackage", 2u8)]
        .iter()
        .enumerate()
    {
        let at = dir + 128 * n;
        let utf16: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in utf16.iter().enumerate() {
            put16(&mut f, at + 2 * i, *u);
        }
        put16(&mut f, at + 64, (utf16.len() as u16 + 1) * 2);
        f[at + 66] = *kind;
        put32(&mut f, at + 68, FREE); // left sibling
        put32(&mut f, at + 72, FREE); // right sibling
        put32(&mut f, at + 76, if n == 0 { 1 } else { FREE }); // child
        put32(&mut f, at + 116, END); // start sector
    }
    f
}

//! Signed bundles and handover files (issue 16): `keygen --sign` makes the
//! unit's signing key (0600, never through a symlink); a signed bundle
//! loads and shows its signer's fingerprint, and pins the key on first
//! use; a bundle of a pinned unit signed by another key, or not signed, a
//! flipped byte in the signature, a signature over other content, a signed
//! file encrypted anew to another recipient: refused naming the unit and
//! the reason, nothing written. The same for a handover file.

use crate::support::bundle::{keygen, ok, p, refused};
use crate::support::reliability::{BIN, fingerprint, text};
use shilian::bundle::payload::Header;
use shilian::bundle::seal::{self, Lock, Unlock};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// `keygen --sign --out DIR/NAME`: (secret, public file, fingerprint).
fn sign_keygen(dir: &Path, name: &str) -> (PathBuf, PathBuf, String) {
    let secret = dir.join(name);
    let out = std::process::Command::new(BIN)
        .args(["--lang", "en", "keygen", "--sign", "--out", p(&secret)])
        .output()
        .expect("keygen");
    assert!(out.status.success(), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    let fp = err
        .split("fingerprint ")
        .nth(1)
        .and_then(|s| s.get(..19))
        .expect("fingerprint")
        .to_string();
    (secret, dir.join(format!("{name}.pub")), fp)
}

fn export(db: &Path, public: &Path, out: &Path, unit: &str, sign: Option<&Path>) -> String {
    let mut args = vec![
        "bundle",
        "export",
        "--to",
        p(public),
        "--out",
        p(out),
        "--unit",
        unit,
    ];
    if let Some(k) = sign {
        args.extend(["--sign-key", p(k)]);
    }
    ok(db, &args)
}

/// Everything an import may change: the cases and audit log, the slices
/// with their signers, the pinned keys.
fn state(db: &Path) -> ((i64, String), String, String) {
    (
        fingerprint(db),
        ok(db, &["bundle", "list", "--json"]),
        ok(db, &["bundle", "trust", "list", "--json"]),
    )
}

fn refused_unchanged(db: &Path, args: &[&str], reasons: &[&str]) {
    let before = state(db);
    let err = refused(db, args);
    for r in reasons {
        assert!(err.contains(r), "{r}: {err}");
    }
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(state(db), before, "{reasons:?}");
}

struct Setup {
    dir: tempfile::TempDir,
    key: PathBuf,
    public: PathBuf,
    a: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, public) = keygen(dir.path(), "dept.key");
    let a = dir.path().join("a.db");
    ok(&a, &["demo", "--cases", "30"]);
    Setup {
        dir,
        key,
        public,
        a,
    }
}

#[test]
fn keygen_sign_writes_a_private_signing_key_and_never_through_a_symlink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let secret = d.join("unit.sign");
    let out = std::process::Command::new(BIN)
        .args(["--lang", "en", "keygen", "--sign", "--out", p(&secret)])
        .output()
        .expect("keygen");
    assert!(out.status.success(), "{}", text(&out));
    let public = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(public.starts_with("shiliansign1"), "{public}");
    let mode = std::fs::metadata(&secret)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "the signing key is private");
    let body = std::fs::read_to_string(&secret).expect("secret");
    assert!(body.contains("SHILIAN-SIGN-SECRET-1"), "{body}");
    assert!(body.contains(&public), "public key named in a comment");
    let pub_file = std::fs::read_to_string(d.join("unit.sign.pub")).expect("pub");
    assert_eq!(pub_file.trim(), public);

    // Not over an existing key, not through a planted symlink.
    let again = std::process::Command::new(BIN)
        .args(["--lang", "en", "keygen", "--sign", "--out", p(&secret)])
        .output()
        .expect("keygen");
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert_eq!(std::fs::read_to_string(&secret).expect("same"), body);
    let target = d.join("elsewhere");
    let link = d.join("planted.sign");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let out = std::process::Command::new(BIN)
        .args(["--lang", "en", "keygen", "--sign", "--out", p(&link)])
        .output()
        .expect("keygen");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already exists"),
        "{}",
        text(&out)
    );
    assert!(!target.exists(), "nothing written through the symlink");
    assert!(!d.join("planted.sign.pub").exists());
    // A symlink at the public key's name: refused too, no secret left.
    let link2 = d.join("second.sign");
    std::os::unix::fs::symlink(&target, d.join("second.sign.pub")).expect("symlink");
    let out = std::process::Command::new(BIN)
        .args(["--lang", "en", "keygen", "--sign", "--out", p(&link2)])
        .output()
        .expect("keygen");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(!target.exists() && !link2.exists());

    // `--out -`: the secret's text on stdout, no file.
    let out = std::process::Command::new(BIN)
        .args(["--lang", "en", "keygen", "--sign", "--out", "-"])
        .output()
        .expect("keygen");
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("SHILIAN-SIGN-SECRET-1"));

    // A signing key others can read is refused at export.
    let db = d.join("a.db");
    ok(&db, &["demo", "--cases", "10"]);
    let (_, dept_pub) = keygen(d, "dept.key");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let bundle = d.join("a.bundle");
    let err = refused(
        &db,
        &[
            "bundle",
            "export",
            "--to",
            p(&dept_pub),
            "--out",
            p(&bundle),
            "--unit",
            "A",
            "--sign-key",
            p(&secret),
        ],
    );
    assert!(err.contains("chmod 600"), "{err}");
    assert!(!bundle.exists());
}

#[test]
fn a_signed_bundle_loads_with_its_signer_and_pins_the_units_key() {
    let s = setup();
    let d = s.dir.path();
    let (sk, _, fp) = sign_keygen(d, "a.sign");
    let b1 = d.join("a1.bundle");
    export(&s.a, &s.public, &b1, "Unit A", Some(&sk));
    let dept = d.join("dept.db");
    let out = ok(
        &dept,
        &["bundle", "import", p(&b1), "--identity", p(&s.key)],
    );
    assert!(
        out.contains(&fp) && out.contains("first signed file"),
        "{out}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(&dept, &["bundle", "list", "--json"])).expect("json");
    assert_eq!(list[0]["signer"]["fingerprint"], fp.as_str());
    assert_eq!(list[0]["signer"]["trust"], "first_use");
    let pins = ok(&dept, &["bundle", "trust", "list"]);
    assert!(pins.contains("Unit A") && pins.contains(&fp), "{pins}");
    let audit = ok(&dept, &["audit", "--json"]);
    assert!(audit.contains("signer_trust"), "{audit}");

    // The next bundle of the unit, signed by the same key: the pinned key.
    let b2 = d.join("a2.bundle");
    export(&s.a, &s.public, &b2, "Unit A", Some(&sk));
    let out = ok(
        &dept,
        &["bundle", "import", p(&b2), "--identity", p(&s.key)],
    );
    assert!(out.contains(&fp) && out.contains("pinned key"), "{out}");
    // The default language is Chinese.
    let zh = std::process::Command::new(BIN)
        .args(["--db", p(&dept), "bundle", "list"])
        .env_remove("SHILIAN_LANG")
        .output()
        .expect("list");
    let list = String::from_utf8_lossy(&zh.stdout);
    assert!(list.contains(&fp) && list.contains("签名"), "{}", text(&zh));
    ok(&dept, &["verify"]);

    // A unit with only a passphrase, no key pinned: loads, marked unsigned.
    let b = d.join("b.db");
    ok(&b, &["demo", "--cases", "20", "--seed", "7"]);
    let pass = d.join("pass.txt");
    std::fs::write(&pass, "correct horse\n").expect("write");
    let pb = d.join("b.bundle");
    let out = crate::support::reliability::run(
        &b,
        &[
            "bundle",
            "export",
            "--passphrase-file",
            p(&pass),
            "--out",
            p(&pb),
            "--unit",
            "Unit B",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("not signed"), "{}", text(&out));
    let out = ok(
        &dept,
        &["bundle", "import", p(&pb), "--passphrase-file", p(&pass)],
    );
    assert!(out.contains("Unit B") && out.contains("unsigned"), "{out}");
}

#[test]
fn a_pinned_unit_s_bundle_signed_by_another_key_or_unsigned_is_refused() {
    let s = setup();
    let d = s.dir.path();
    let (ak, apub, afp) = sign_keygen(d, "a.sign");
    let (xk, _, xfp) = sign_keygen(d, "x.sign");
    let dept = d.join("dept.db");
    let out = ok(&dept, &["bundle", "trust", "add", "Unit A", p(&apub)]);
    assert!(out.contains(&afp), "{out}");

    let forged = d.join("forged.bundle");
    export(&s.a, &s.public, &forged, "Unit A", Some(&xk));
    let key = ["--identity", p(&s.key)];
    refused_unchanged(
        &dept,
        &["bundle", "import", p(&forged), key[0], key[1]],
        &["Unit A", &xfp, &afp, "not made with that unit's key"],
    );
    let unsigned = d.join("unsigned.bundle");
    export(&s.a, &s.public, &unsigned, "Unit A", None);
    refused_unchanged(
        &dept,
        &["bundle", "import", p(&unsigned), key[0], key[1]],
        &["Unit A", "is not signed", &afp],
    );
    // Another key pinned over it only with --replace.
    let x_pub = d.join("x.sign.pub");
    refused_unchanged(
        &dept,
        &["bundle", "trust", "add", "Unit A", p(&x_pub)],
        &["--replace"],
    );

    let good = d.join("good.bundle");
    export(&s.a, &s.public, &good, "Unit A", Some(&ak));
    let out = ok(&dept, &["bundle", "import", p(&good), key[0], key[1]]);
    assert!(out.contains("pinned key") && out.contains(&afp), "{out}");
    ok(&dept, &["verify"]);
}

/// Decrypt `file` with the department's key, change its plain text with
/// `edit`, and encrypt it again to `to` as anyone holding a public key can.
fn reseal(
    file: &Path,
    key: &Path,
    to: &Path,
    out: &Path,
    edit: impl FnOnce(&mut Header, &mut Vec<u8>),
) {
    let id = seal::identity(key).expect("identity");
    let mut plain = Vec::new();
    seal::decrypt(
        &Unlock::Key(Box::new(id)),
        &mut std::fs::File::open(file).expect("open"),
        &mut plain,
    )
    .expect("decrypt");
    let nl = plain.iter().position(|b| *b == b'\n').expect("header line");
    let mut header: Header = serde_json::from_slice(&plain[..nl]).expect("header");
    let mut body = plain[nl + 1..].to_vec();
    edit(&mut header, &mut body);
    let mut again = serde_json::to_vec(&header).expect("json");
    again.push(b'\n');
    again.extend_from_slice(&body);
    let lock = Lock::Key(Box::new(seal::recipient(p(to)).expect("recipient")));
    let mut sealed = Vec::new();
    seal::encrypt(&lock, &mut &again[..], &mut sealed).expect("encrypt");
    std::fs::write(out, sealed).expect("write");
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

#[test]
fn a_flipped_signature_byte_other_content_or_another_recipient_is_refused() {
    let s = setup();
    let d = s.dir.path();
    let (ak, _, _) = sign_keygen(d, "a.sign");
    let signed = d.join("signed.bundle");
    export(&s.a, &s.public, &signed, "Unit A", Some(&ak));
    let dept = d.join("dept.db");
    // The department's file exists and knows nothing yet.
    ok(&dept, &["init"]);
    let key = ["--identity", p(&s.key)];

    let flipped = d.join("flipped.bundle");
    reseal(&signed, &s.key, &s.public, &flipped, |h, _| {
        let sig = h.signature.as_mut().expect("signed");
        let c = if sig.starts_with('0') { "1" } else { "0" };
        sig.replace_range(0..1, c);
    });
    refused_unchanged(
        &dept,
        &["bundle", "import", p(&flipped), key[0], key[1]],
        &["Unit A", "does not match its content"],
    );

    // The rows changed and the digest made anew: the signature is over
    // other content.
    let other = d.join("other.bundle");
    reseal(&signed, &s.key, &s.public, &other, |h, body| {
        let mut v: serde_json::Value = serde_json::from_slice(body).expect("body");
        v["exported_at"] = "2099-01-01T00:00:00.000Z".into();
        *body = serde_json::to_vec(&v).expect("json");
        h.digest = sha256_hex(body);
    });
    refused_unchanged(
        &dept,
        &["bundle", "import", p(&other), key[0], key[1]],
        &["Unit A", "does not match its content"],
    );

    // Signed for this department, encrypted anew to another one.
    let (k2, pub2) = keygen(d, "dept2.key");
    let moved = d.join("moved.bundle");
    reseal(&signed, &s.key, &pub2, &moved, |_, _| {});
    let dept2 = d.join("dept2.db");
    ok(&dept2, &["init"]);
    refused_unchanged(
        &dept2,
        &["bundle", "import", p(&moved), "--identity", p(&k2)],
        &["Unit A", "signed for the recipient", "encrypted it anew"],
    );

    // Only half of the signature fields.
    let half = d.join("half.bundle");
    reseal(&signed, &s.key, &s.public, &half, |h, _| h.recipient = None);
    refused_unchanged(
        &dept,
        &["bundle", "import", p(&half), key[0], key[1]],
        &["Unit A", "not of its form"],
    );

    // The untouched file still loads.
    let out = ok(&dept, &["bundle", "import", p(&signed), key[0], key[1]]);
    assert!(out.contains("first signed file"), "{out}");
}

fn handover(a: &Path, id: i64, to: &Path, out: &Path, sign: Option<&Path>) {
    let id = id.to_string();
    let mut args = vec![
        "handover",
        "export",
        &id,
        "--to",
        p(to),
        "--dest",
        "B committee",
        "--out",
        p(out),
        "--unit",
        "A committee",
    ];
    if let Some(k) = sign {
        args.extend(["--sign-key", p(k)]);
    }
    ok(a, &args);
}

#[test]
fn a_handover_signed_by_another_key_or_unsigned_for_a_pinned_sender_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b) = (d.join("a.db"), d.join("b.db"));
    ok(&a, &["demo", "--cases", "30"]);
    ok(&b, &["demo", "--cases", "20", "--seed", "7"]);
    let (bkey, bpub) = keygen(d, "b.key");
    let (ak, apub, afp) = sign_keygen(d, "a.sign");
    let (xk, _, xfp) = sign_keygen(d, "x.sign");
    ok(&b, &["bundle", "trust", "add", "A committee", p(&apub)]);
    let id = ["--identity", p(&bkey)];

    let forged = d.join("forged.handover");
    handover(&a, 1, &bpub, &forged, Some(&xk));
    refused_unchanged(
        &b,
        &["handover", "import", p(&forged), id[0], id[1]],
        &["A committee", &xfp, &afp],
    );
    let unsigned = d.join("unsigned.handover");
    handover(&a, 2, &bpub, &unsigned, None);
    refused_unchanged(
        &b,
        &["handover", "import", p(&unsigned), id[0], id[1]],
        &["A committee", "is not signed"],
    );
    let flipped = d.join("flipped.handover");
    let good = d.join("good.handover");
    handover(&a, 3, &bpub, &good, Some(&ak));
    reseal(&good, &bkey, &bpub, &flipped, |h, _| {
        let sig = h.signature.as_mut().expect("signed");
        let c = if sig.ends_with('0') { "1" } else { "0" };
        let n = sig.len();
        sig.replace_range(n - 1..n, c);
    });
    refused_unchanged(
        &b,
        &["handover", "import", p(&flipped), id[0], id[1]],
        &["A committee", "does not match its content"],
    );

    let out = ok(&b, &["handover", "import", p(&good), id[0], id[1]]);
    assert!(out.contains(&afp) && out.contains("pinned key"), "{out}");
    let audit = ok(&b, &["audit", "--json"]);
    assert!(audit.contains("signer_trust"), "{audit}");
    ok(&b, &["verify"]);
}
